"""The view of `mlhire budget --band all`: low, mid and high side by side.

Three budgets of the same hires and window, one per point of every range, merged row
by row into one document (`mlhire.budget/1` with `"band": "all"`): each amount is
`{low, mid, high}`, as in compare. The flat table has a column per amount and point
(`total_low`, `total_mid`, `total_high`), so a spreadsheet holds the three side by side.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from functools import partial
from itertools import chain
from typing import Any

from mlhire_calc.domain.catalog import Catalog
from mlhire_calc.domain.choices import Point
from mlhire_calc.engine.budget import Budget
from mlhire_calc.output.layout import Column, Counted, Document, Lazy, Report, Table

from .budget import (
    SUMMED,
    _total_rows,
    budget_document,
    budget_flat,
    budget_notes,
    budget_sums,
    budget_tables,
)

AMOUNTS = ("recurring", "one_time", "expected", "total", "cumulative")
POINTS = tuple(point.value for point in Point)  # low, mid, high
HEADERS = {"recurring": "Recurring", "one_time": "One-time", "expected": "Expected", "total": "Total"}


def bands_report(results: Sequence[Budget], catalog: Catalog, *, totals_in_flat: bool = False) -> Report:
    """`results`: the budgets at low, mid and high, in that order."""
    return Report(
        bands_document(results, catalog),
        partial(bands_tables, groups=results[0].groups),
        partial(bands_flat, totals=totals_in_flat),
        to_notes=budget_notes,
        to_sheet=partial(bands_flat, totals=True),
    )


def _merged(rows: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """One row of the three budgets: its names from the first, each amount as {low, mid, high}."""
    merged = dict(rows[0])
    for key in AMOUNTS:
        if key in merged:
            merged[key] = {point: row[key] for point, row in zip(POINTS, rows, strict=True)}
    return merged


def bands_document(results: Sequence[Budget], catalog: Catalog) -> Document:
    documents = [budget_document(result, catalog) for result in results]
    low = documents[0]

    def rows() -> Iterator[dict[str, Any]]:
        for three in zip(*(document["rows"] for document in documents), strict=True):
            yield _merged(three)

    def groups() -> Iterator[dict[str, Any]]:
        for three in zip(*(d["totals"]["groups"] for d in documents), strict=True):
            yield _merged(three)

    totals: dict[str, Any] = {"groups": Counted(groups, results[0].groups)}
    if not low["alternatives"]:
        totals.update({k: v for k, v in _merged([d["totals"] for d in documents]).items() if k != "groups"})
    band_line = f"band: {Point.low}."
    assumptions = [
        line.replace(band_line, "band: low, mid and high side by side.") for line in low["assumptions"]
    ]
    return {**low, "assumptions": assumptions, "band": "all", "rows": Lazy(rows), "totals": totals}


def _flat_row(row: Mapping[str, Any]) -> dict[str, Any]:
    """{total: {low, mid, high}} as total_low, total_mid, total_high."""
    flat = {key: value for key, value in row.items() if key not in AMOUNTS}
    for key in AMOUNTS:
        value = row.get(key)
        for point in POINTS:
            flat[f"{key}_{point}"] = None if value is None else value[point]
    return flat


def _money_columns(keys: Sequence[str]) -> list[Column]:
    return [
        Column(f"{key}_{point}", f"{HEADERS.get(key, 'Cum.')} {point}", "money")
        for key in keys
        for point in POINTS
    ]


def _short_columns() -> list[Column]:
    """Totals as Low, Mid, High and the running totals as Cum. low ...: fits 100 columns."""
    return [
        *(Column(f"total_{point}", point.capitalize(), "money") for point in POINTS),
        *(Column(f"cumulative_{point}", f"Cum. {point}", "money") for point in POINTS),
    ]


def bands_tables(document: Document, *, groups: int) -> list[Table]:
    shape = {**document, "rows": [], "band": "low, mid and high"}
    (table,) = budget_tables(shape, groups=groups, months=0)  # title, group columns
    shown = [column for column in table.columns if column.kind != "money"]
    rows = [_flat_row(row) for row in document["rows"]]
    total_rows = [_flat_row(row) for row in _total_rows(document)]
    return [
        Table(
            table.title,
            [*shown, *_short_columns()],
            rows + total_rows,
            emphasis=set(range(len(rows), len(rows) + len(total_rows))),
            separators={len(rows)},
        )
    ]


def bands_flat(document: Document, *, totals: bool = False) -> Table:
    """Every monthly row with each amount at low, mid and high; with `totals`, the total rows after."""
    plain = budget_flat(document)  # its names, fixed cells and total rows' keys
    names = [column for column in plain.columns if column.kind != "money"]

    def rows() -> Iterator[dict[str, Any]]:
        made = chain(document["rows"], _total_rows(document)) if totals else document["rows"]
        return (_flat_row(row) for row in made)

    keys = [column.key for column in names if column.key in ("path", "role", "label")]
    summed = tuple(f"{key}_{point}" for key in SUMMED for point in POINTS)
    return Table(
        "budget",
        [*names, *_money_columns(AMOUNTS)],
        Lazy(rows),
        fixed=plain.fixed,
        sums=partial(budget_sums, keys=keys, summed=summed),
    )
