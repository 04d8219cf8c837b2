"""Each view builds one document; its CSV rows and table rows are derived from it.

Every figure (amount, probability, date, count) of the flat CSV and of every table
row must be found in the JSON document, and the totals must be the document's own.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from mlhire_calc.datafiles.load import load_catalog
from mlhire_calc.domain.timeline import Duration
from mlhire_calc.engine.budget import budget
from mlhire_calc.engine.cost import compare
from mlhire_calc.engine.plans import Hire, read_plan
from mlhire_calc.engine.rank import rank
from mlhire_calc.output.formats import render
from mlhire_calc.output.layout import Report, Table
from mlhire_calc.output.views.budget import budget_report
from mlhire_calc.output.views.compare import compare_report
from mlhire_calc.output.views.rank import rank_report

from .conftest import FIXTURE_DATA
from .test_golden import EXAMPLES

CATALOG = load_catalog(FIXTURE_DATA)
START = date(2026, 12, 1)
CENT = Decimal("0.01")
BASELINE_ROW = "Total (baseline for savings)"  # a baseline that is not compared: its total


def _figures(value: Any) -> Iterator[Any]:
    """Every leaf of a parsed JSON document."""
    if isinstance(value, dict):
        for entry in value.values():
            yield from _figures(entry)
    elif isinstance(value, list):
        for entry in value:
            yield from _figures(entry)
    else:
        yield value


class Figures:
    """The numbers and dates of a JSON document, to look cells up in."""

    def __init__(self, document: dict[str, Any]) -> None:
        leaves = list(_figures(document))
        self.numbers = {v for v in leaves if isinstance(v, Decimal)}
        self.texts = {v for v in leaves if isinstance(v, str)}

    def has_amount(self, value: Decimal) -> bool:
        return value.quantize(CENT) in {n.quantize(CENT) for n in self.numbers}

    def has_rate(self, fraction: Decimal, slack: Decimal = Decimal(0)) -> bool:
        """A probability (document: 6 places) or a share (document: percent, 2 places);
        `slack`: how far the cell itself was rounded."""
        return any(
            abs(fraction - n) <= Decimal("5e-7") + slack or abs(fraction - n / 100) <= Decimal("5e-5") + slack
            for n in self.numbers
        )

    def check(self, table: Table, row: dict[str, Any], skip: tuple[str, ...] = ()) -> None:
        for column in table.columns:
            value = table.value(row, column.key)
            if value is None or column.key in skip:
                continue
            if column.kind in ("money", "number", "int"):
                assert self.has_amount(Decimal(value)), (table.title, column.key, value)
            elif column.kind == "percent":
                assert self.has_rate(Decimal(value)), (table.title, column.key, value)
            elif column.kind == "date":
                assert value.isoformat() in self.texts, (table.title, column.key, value)


def _document(report: Report) -> dict[str, Any]:
    return dict(json.loads(render(report, "json"), parse_float=Decimal, parse_int=Decimal))


def _csv(report: Report) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(render(report, "csv"))))


def _check_csv(report: Report, figures: Figures, skip: tuple[str, ...] = ()) -> list[dict[str, str]]:
    rows = _csv(report)
    flat = report.flat
    for row in rows:
        for column in flat.columns:
            text = row[column.key]
            if not text or column.key in skip:
                continue
            if column.kind in ("money", "number", "int"):
                assert figures.has_amount(Decimal(text)), (column.key, row)
            elif column.kind == "percent":
                assert figures.has_rate(Decimal(text), slack=Decimal("5e-5")), (column.key, row)
            elif column.kind == "date":
                assert text in figures.texts, (column.key, row)
    return rows


COMPARES: dict[str, dict[str, Any]] = {
    "default": {},
    "all, calendar, 36 months, 3 hires": {
        "path_ids": ["all"],
        "months": Decimal(36),
        "headcount": 3,
        "basis": "calendar",
    },
    "baseline not compared": {"path_ids": ["embedded", "freelance"], "months": Decimal("7.5")},
}


@pytest.mark.parametrize("case", list(COMPARES))
def test_compare_csv_and_tables_derive_from_the_document(case: str) -> None:
    report = compare_report(compare(CATALOG, start=START, **COMPARES[case]), CATALOG)
    document = _document(report)
    figures = Figures(document)
    rows = _csv(report)
    _check_csv(report, figures)
    for path in document["paths"]:
        mine = [r for r in rows if r["path"] == path["id"]]
        for key in ("recurring", "one_time", "expected", "total"):
            row = next(r for r in mine if r["row"] == key)
            assert {p: Decimal(row[p]) for p in ("low", "mid", "high")} == path[key]
        items = {r["item"]: r for r in mine if r["row"] == "item"}
        assert list(items) == [item["id"] for item in path["items"]]
        for item in path["items"]:
            assert {p: Decimal(items[item["id"]][p]) for p in ("low", "mid", "high")} == item["amount"]
    summary, times, *item_tables = report.tables
    assert len(item_tables) == len(document["paths"]) == len(list(times.rows))
    for table in report.tables:
        for row in table.rows:
            figures.check(table, dict(row))
    for row, path in zip(summary.rows, document["paths"], strict=True):
        assert row["total_mid"] == path["total"]["mid"]
    if document["baseline"] not in [p["id"] for p in document["paths"]]:
        (row,) = (r for r in rows if r["name"] == BASELINE_ROW)
        assert row["path"] == document["baseline"]
        assert {p: Decimal(row[p]) for p in ("low", "mid", "high")} == document["baseline_total"]
    else:
        baseline = next(p for p in document["paths"] if p["id"] == document["baseline"])
        assert document["baseline_total"] == baseline["total"]


RANKS: dict[str, dict[str, Any]] = {
    "work by deadline": {"deadline": date(2027, 9, 30), "headcount": 3, "need": 2},
    "work": {"deadline": date(2027, 9, 30), "work": Duration(3, "months")},
    "delay cost": {
        "deadline": date(2027, 6, 30),
        "headcount": 2,
        "delay_cost_per_month": Decimal(20000),
        "confidence": 0.8,
    },
}


@pytest.mark.parametrize("case", list(RANKS))
def test_rank_csv_and_table_derive_from_the_document(case: str) -> None:
    report = rank_report(rank(CATALOG, start=START, **RANKS[case]), CATALOG)
    document = _document(report)
    figures = Figures(document)
    rows = _check_csv(report, figures, skip=("rank",))
    (table,) = report.tables
    for row in table.rows:
        figures.check(table, dict(row), skip=("rank",))
    assert [r["path_id"] for r in rows] == [p["id"] for p in document["paths"]]
    for position, (row, path) in enumerate(zip(rows, document["paths"], strict=True), start=1):
        assert int(row["rank"]) == position
        assert Decimal(row["spend_mid"]) == path["cost_to_deadline"]["mid"]
        assert Decimal(row["work_cost_mid"]) == path["cost_of_work"]["mid"]
        assert Decimal(row["probability"]) == round(path["probability"], 4)
        assert row["verdict"] == path["verdict"]
    assert report.headline == [document["headline"]]


def _one_hire() -> list[Hire]:
    return [Hire("ml-engineer", path, START, 2) for path in ("embedded", "in-house-fte")]


BUDGETS: dict[str, tuple[Callable[[], list[Hire]], str]] = {
    "one hire, by path": (_one_hire, "path"),
    "plan, by month": (lambda: read_plan(EXAMPLES / "hiring-plan.csv", CATALOG), "month"),
    "plan, by row": (lambda: read_plan(EXAMPLES / "hiring-plan.yaml", CATALOG), "row"),
}


@pytest.mark.parametrize("case", list(BUDGETS))
@pytest.mark.parametrize("totals", [False, True])
def test_budget_csv_and_table_derive_from_the_document(case: str, totals: bool) -> None:
    hires, by = BUDGETS[case]
    result = budget(CATALOG, hires(), start=date(2027, 1, 1), months=Decimal(18), by=by)  # type: ignore[arg-type]
    report = budget_report(result, CATALOG, totals_in_flat=totals)
    document = _document(report)
    figures = Figures(document)
    rows = _check_csv(report, figures)
    (table,) = report.tables
    for row in table.rows:
        figures.check(table, dict(row))
    monthly = [r for r in rows if r["month"] != "total"]
    assert len(monthly) == len(document["rows"])
    for row, entry in zip(monthly, document["rows"], strict=True):
        assert (row["month"], row["path"], row["role"]) == (entry["month"], entry["path"], entry["role"])
        assert Decimal(row["total"]) == entry["total"]
        assert Decimal(row["cumulative"]) == entry["cumulative"]
    groups = document["totals"]["groups"]
    assert sum(Decimal(r["total"]) for r in monthly) == document["totals"]["total"]
    total_rows = [r for r in rows if r["month"] == "total"]
    if totals:
        assert [Decimal(r["total"]) for r in total_rows[: len(groups)]] == [g["total"] for g in groups]
        if len(groups) > 1:
            assert Decimal(total_rows[-1]["total"]) == document["totals"]["total"]
    else:
        assert total_rows == []


def test_budget_rows_are_made_when_read() -> None:
    """The document holds budget rows lazily: CSV streams them; each read makes them anew."""
    result = budget(CATALOG, _one_hire(), start=date(2027, 1, 1), months=Decimal(6))
    rows = budget_report(result, CATALOG).document["rows"]
    assert not isinstance(rows, list)
    assert list(rows) == list(rows) != []
