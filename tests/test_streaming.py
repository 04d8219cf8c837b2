"""Budget rows are made when read, and every big output streams: memory does not grow
with the number of output rows. Measured with tracemalloc on small plans, never timed."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from itertools import islice
from pathlib import Path
from typing import Any

import pytest

from mlhire_calc.datafiles.load import load_catalog
from mlhire_calc.domain.choices import GroupBy
from mlhire_calc.engine.budget import budget
from mlhire_calc.engine.plans import Hire
from mlhire_calc.output.formats import emit, render
from mlhire_calc.output.formats.json import json_ready
from mlhire_calc.output.layout import Lazy
from mlhire_calc.output.views.budget import budget_report

from .conftest import FIXTURE_DATA, traced_peak

CATALOG = load_catalog(FIXTURE_DATA)
START = date(2027, 1, 1)
ROLES = ["data-scientist", "ml-engineer"]
PATHS = ("embedded", "latam-direct", "in-house-fte")
FLAT = ("embedded",)  # no yearly increase: its amounts stop changing, so bounded caches fill


def _hires(count: int, paths: tuple[str, ...] = PATHS, *, headcounts: int = 3) -> list[Hire]:
    """`count` plan rows drawn from a few distinct schedules (plans repeat them).

    With many `headcounts`, running totals rarely repeat, as in a real plan: the
    renderer stops caching their texts, and what it holds stays flat.
    """
    return [
        Hire(
            ROLES[index % 2],
            paths[index % len(paths)],
            START + timedelta(days=30 * (index % 4)),
            1 + index % headcounts,
            label=f"hire {index}",
            row=index + 1,
        )
        for index in range(count)
    ]


def test_rows_are_made_one_at_a_time() -> None:
    result = budget(CATALOG, _hires(300), start=START, months=Decimal(12), by=GroupBy.row)
    assert not isinstance(result.rows, list) and not isinstance(result.totals, list)
    assert len(result.rows) == 300 * 12  # type: ignore[arg-type]
    first = next(iter(result.rows))
    assert (first.month, first.label) == (START, "hire 0")
    assert list(islice(result.rows, 3)) == list(islice(result.rows, 3))  # each read makes them anew
    assert sum(row.total for row in result.rows) == result.total


def test_reading_the_rows_holds_no_more_for_ten_times_the_months() -> None:
    """Reading every row of 500 plan rows: 12 months or 120, the same memory."""
    hires = _hires(500, FLAT)
    peaks = []
    for months in (12, 120):
        result = budget(CATALOG, hires, start=START, months=Decimal(months), by=GroupBy.row)
        peaks.append(traced_peak(lambda result=result: sum(1 for _ in result.rows)))
    assert peaks[1] < 1.5 * peaks[0] + 20_000, peaks


@pytest.mark.parametrize("by", [GroupBy.month, GroupBy.path])
def test_budget_holds_no_more_for_ten_times_the_hires(by: GroupBy) -> None:
    """budget() itself: 2,000 or 20,000 hires from the same schedules, by month or path."""
    peaks = []
    for count in (2_000, 20_000):
        hires = _hires(count)
        peaks.append(
            traced_peak(lambda hires=hires: budget(CATALOG, hires, start=START, months=Decimal(36), by=by))
        )
    assert peaks[1] < 1.5 * peaks[0] + 50_000, peaks


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json", "markdown"])
def test_outputs_stream_to_the_file(fmt: str, tmp_path: Path) -> None:
    """The whole output is many times what the writer ever holds, and more rows add nothing."""
    hires = _hires(100, FLAT, headcounts=100)
    peaks, sizes = [], []
    for months in (6, 120):
        result = budget(CATALOG, hires, start=START, months=Decimal(months), by=GroupBy.row)
        report = budget_report(result, CATALOG, totals_in_flat=True)
        target = tmp_path / f"budget-{months}.{fmt}"
        peaks.append(traced_peak(lambda report=report, target=target: emit(report, fmt, target)))
        sizes.append(target.stat().st_size)
    assert sizes[1] > 15 * sizes[0]
    assert peaks[1] < 1.5 * peaks[0] + 50_000, (peaks, sizes)
    assert peaks[1] < sizes[1] / 2, (peaks, sizes)  # buffers and bounded caches, not the rows


def test_streamed_files_equal_the_rendered_text(tmp_path: Path) -> None:
    result = budget(CATALOG, _hires(7), start=START, months=Decimal(3), by=GroupBy.row)
    report = budget_report(result, CATALOG, totals_in_flat=True)
    for fmt, suffix in (("csv", "csv"), ("tsv", "tsv"), ("json", "json"), ("markdown", "md")):
        target = tmp_path / f"out.{suffix}"
        emit(report, fmt, target)
        assert target.read_text(encoding="utf-8") == render(report, fmt)
    rows = list(csv.DictReader(io.StringIO(render(report, "csv"))))
    assert len(rows) == 7 * 3 + 7 + 1  # monthly rows, one total per group, the grand total


def _lazy(items: list[Any]) -> Lazy[Any]:
    def make() -> Iterator[Any]:
        yield from items

    return Lazy(make)


DOCUMENTS = {
    "flat": {"a": 1, "b": "x", "c": None},
    "lazy rows": {"rows": _lazy([{"a": Decimal("1.50"), "d": date(2027, 1, 1)}, {"a": Decimal("2")}])},
    "empty lazy": {"rows": _lazy([]), "empty": {}, "list": []},
    "nested": {"totals": {"groups": _lazy([{"x": [1, 2, {"y": "é \u202e"}]}]), "total": Decimal("3.00")}},
    "lazy in a list": {"tables": [{"rows": _lazy([1, 2])}, {"rows": []}]},
    "lazy of lazies": {"rows": _lazy([_lazy([1]), _lazy([])])},
}


@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_streamed_json_is_byte_for_byte_json_dumps(name: str) -> None:
    from mlhire_calc.output.layout import Report, Table

    document = DOCUMENTS[name]
    report = Report(document, lambda _: [], lambda _: Table("", [], []))
    from mlhire_calc.output.escape import json_text

    # as json.dumps writes it whole, with bidi, zero-width and C1 characters as \u escapes
    expected = json_text(json.dumps(json_ready(document), indent=2, ensure_ascii=False)) + "\n"
    assert render(report, "json") == expected
    assert json.loads(expected) == json.loads(json.dumps(json_ready(document)))
