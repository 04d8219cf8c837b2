"""The view of `mlhire budget`: one document of monthly rows and group totals.

The document's rows and group totals are `Lazy`: a plan of a million hires makes tens
of millions of rows and a million groups, so they are made as they are written (every
format but the terminal table streams them) and never all held.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date
from functools import partial
from itertools import chain
from typing import Any

from mlhire_calc.domain.catalog import Catalog
from mlhire_calc.engine.budget import ALL, Budget
from mlhire_calc.output.layout import Column, Counted, Document, Lazy, Report, SumOf, Table

from .common import DAGGER, data_note, envelope
from .countries import employment_assumptions

SCHEMA = "mlhire.budget/1"
MONEY_COLUMNS = [
    Column("recurring", "Recurring", "money"),
    Column("one_time", "One-time", "money"),
    Column("expected", "Expected", "money"),
    Column("total", "Total", "money"),
    Column("cumulative", "Cumulative", "money"),
]


def budget_report(result: Budget, catalog: Catalog, *, totals_in_flat: bool = False) -> Report:
    return Report(
        budget_document(result, catalog),
        # the counts place the emphasis on the total rows without reading the rows
        partial(budget_tables, groups=result.groups, months=result.calendar_months),
        partial(budget_flat, totals=totals_in_flat),
        to_notes=budget_notes,
        to_sheet=partial(budget_flat, totals=True),  # a workbook always has its totals, as formulas
    )


def budget_document(result: Budget, catalog: Catalog) -> Document:
    def rows() -> Iterator[dict[str, Any]]:
        month_text: dict[date, str] = {}
        for row in result.rows:
            month = month_text.get(row.month)
            if month is None:
                month = month_text[row.month] = row.month.strftime("%Y-%m")
            yield {
                "month": month,
                "path": row.path,
                "role": row.role,
                "label": row.label,
                "estimate": row.estimate,
                "recurring": row.recurring,
                "one_time": row.one_time,
                "expected": row.expected,
                "total": row.total,
                "cumulative": row.cumulative,
            }

    def groups() -> Iterator[dict[str, Any]]:
        for t in result.totals:
            yield {
                "path": t.path,
                "role": t.role,
                "label": t.label,
                "estimate": t.estimate,
                "recurring": t.recurring,
                "one_time": t.one_time,
                "expected": t.expected,
                "total": t.total,
            }

    return envelope(
        SCHEMA,
        catalog,
        budget_assumptions(result, catalog),
        window={"start": result.window_start, "end": result.window_end, "months": result.months},
        band=result.band,
        by=result.by,
        plan=result.plan,
        plan_rows=result.plan_rows if result.plan else None,
        hires=result.hires,
        alternatives=result.alternatives,
        rows=Lazy(rows),
        totals={
            "groups": Counted(groups, result.groups),
            **(
                {}  # alternatives for one hire are never added up
                if result.alternatives
                else {
                    "recurring": result.recurring,
                    "one_time": result.one_time,
                    "expected": result.expected,
                    "total": result.total,
                }
            ),
        },
        estimates_in=[p for p in result.paths_used if any(i.estimate for i in catalog.paths[p].items)],
    )


def _total_rows(document: Document) -> Iterator[dict[str, Any]]:
    """Each group's total over the window, then the grand total when there are groups."""
    totals = document["totals"]
    count = 0
    estimate = False
    for group in totals["groups"]:
        count += 1
        estimate = estimate or group["estimate"]
        yield {"month": "total", **group, "cumulative": None}
    if count > 1 and not document["alternatives"]:
        yield {
            "month": "total",
            "path": ALL,
            "role": ALL,
            "label": "",
            "estimate": estimate,
            "recurring": totals["recurring"],
            "one_time": totals["one_time"],
            "expected": totals["expected"],
            "total": totals["total"],
            "cumulative": None,
        }


def budget_tables(document: Document, *, groups: int, months: int) -> list[Table]:
    """One table: the monthly rows (`months` x `groups` of them, streamed), then the total rows."""
    by = document["by"]
    group_columns = {
        "path": [Column("path", "Path"), Column("role", "Role")],
        "role": [Column("role", "Role"), Column("path", "Path")],
        "row": [Column("label", "Plan row"), Column("path", "Path"), Column("role", "Role")],
        "month": [],
    }[by]
    hires = document["hires"]
    scope = f"{document['plan_rows']} plan rows, {hires} hires" if document["plan"] else f"{hires} hires"
    if document["alternatives"]:
        each = hires // max(groups, 1)  # one plan row (so one group) per alternative path
        scope = f"{groups} alternative paths, {each} hire{'' if each == 1 else 's'} each"
    window = document["window"]
    title = (
        f"Budget {window['start'].isoformat()} to {window['end'].isoformat()} "
        f"({scope}, {document['band']} band, by {by}, in {document['currency']})"
    )
    rows = months * groups
    total_rows = groups + (1 if groups > 1 and not document["alternatives"] else 0)
    table = Table(
        title,
        [Column("month", "Month"), *group_columns, *MONEY_COLUMNS],
        Lazy(lambda: chain(document["rows"], _total_rows(document))),
        emphasis=set(range(rows, rows + total_rows)),
        separators={rows},
    )
    return [table]


def budget_flat(document: Document, *, totals: bool = False) -> Table:
    """Every monthly row (streamed), and with `totals` the total rows after them."""
    columns = [Column("month", "Month", "month"), Column("path", "Path"), Column("role", "Role")]
    if document["by"] == "row":
        columns.append(Column("label", "Label"))
    columns += [
        Column("band", "Band"),
        Column("estimate", "Estimate", "bool"),
        Column("currency", "Currency"),
        *MONEY_COLUMNS,
    ]
    rows = document["rows"]
    if totals:
        rows = Lazy(lambda: chain(document["rows"], _total_rows(document)))
    keys = [column.key for column in columns if column.key in ("path", "role", "label")]
    return Table(
        "budget",
        columns,
        rows,
        fixed={"band": document["band"], "currency": document["currency"]},
        sums=partial(budget_sums, keys=keys),
    )


SUMMED = ("recurring", "one_time", "expected", "total")


def budget_sums(row: Mapping[str, Any], *, keys: list[str], summed: tuple[str, ...] = SUMMED) -> SumOf | None:
    """A total row adds up its group's monthly rows (matched on `keys`); the grand total, all of them."""
    if row["month"] != "total":
        return None
    if row["path"] == ALL and row["role"] == ALL:
        return SumOf(summed)
    return SumOf(summed, {key: row[key] for key in keys})


def budget_notes(document: Document) -> list[str]:
    assumptions = document["assumptions"]
    estimated = document["estimates_in"]
    notes = [*assumptions, data_note(document)]
    if estimated:
        notes.insert(
            len(assumptions), f"{DAGGER} Estimated figures (see `mlhire paths`) feed: {', '.join(estimated)}."
        )
    return notes


def budget_assumptions(result: Budget, catalog: Catalog) -> list[str]:
    """What the budget assumes, in words, for this window and plan."""
    n = f"{result.months.normalize():f}"
    window = f"{result.window_start.isoformat()} to {result.window_end.isoformat()}"
    lines = [
        f"Window: {window} (exclusive), {n} months; band: {result.band}.",
        "Each hire's start = its decision date + the path's median time to start; recurring costs "
        "accrue from then, prorated by calendar days (days in the window / days in the month), "
        "and grow by the path's yearly increase on each anniversary of the start.",
        "One-time costs fall in the month of the start, once per hire, if the start is in the window.",
        "Where you bear replacement, expected replacement costs (yearly attrition / 12 x hiring costs "
        "and paid ramp) accrue each month.",
        "Each item is rounded to the cent per month and hire; sums are exact.",
        *catalog.overrides,
    ]
    if "joins" in result.plan_features:
        lines.insert(2, "A plan row that gives `joins` starts on that day instead.")
    if "ends" in result.plan_features:
        lines.append(
            "A plan row with end, months or until stops accruing recurring costs after its last day "
            "(inclusive; until: the day before the named row's engineer joins), prorated by calendar days."
        )
    if "monthly" in result.plan_features:
        lines.append(
            "A plan row's `monthly` replaces the sum of its path's recurring items "
            "(per month, per hour and percent of those)."
        )
    if result.alternatives:
        lines.append("The paths are alternatives for the same hire, side by side: they are not added up.")
    return [*lines, *employment_assumptions(catalog)]
