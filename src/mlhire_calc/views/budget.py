"""The view of `mlhire budget`: monthly rows, group totals, spreadsheet-ready."""

from __future__ import annotations

from datetime import date
from typing import Any

from mlhire_calc.budget import ALL, Budget, BudgetRow
from mlhire_calc.catalog import Catalog
from mlhire_calc.render import Column, Report, Table

from .common import DAGGER, data_note, envelope


def budget_report(result: Budget, catalog: Catalog, *, totals_in_flat: bool = False) -> Report:
    by = result.by
    group_columns = {
        "path": [Column("path", "Path"), Column("role", "Role")],
        "role": [Column("role", "Role"), Column("path", "Path")],
        "row": [Column("label", "Plan row"), Column("path", "Path"), Column("role", "Role")],
        "month": [],
    }[by]
    money_columns = [
        Column("recurring", "Recurring", "money"),
        Column("one_time", "One-time", "money"),
        Column("total", "Total", "money"),
        Column("cumulative", "Cumulative", "money"),
    ]

    month_text: dict[date, str] = {}

    def row_dict(row: BudgetRow) -> dict[str, Any]:
        month = month_text.get(row.month)
        if month is None:
            month = month_text[row.month] = row.month.strftime("%Y-%m")
        return {
            "month": month,
            "path": row.path,
            "role": row.role,
            "label": row.label,
            "band": result.band,
            "estimate": row.estimate,
            "currency": result.currency,
            "recurring": row.recurring,
            "one_time": row.one_time,
            "total": row.total,
            "cumulative": row.cumulative,
        }

    rows = [row_dict(row) for row in result.rows]
    total_rows = [
        {
            "month": "total",
            "path": t.path,
            "role": t.role,
            "label": t.label,
            "band": result.band,
            "estimate": t.estimate,
            "currency": result.currency,
            "recurring": t.recurring,
            "one_time": t.one_time,
            "total": t.total,
            "cumulative": None,
        }
        for t in result.totals
    ]
    grand: dict[str, Any] = {
        "month": "total",
        "path": ALL if len(result.totals) > 1 else result.totals[0].path,
        "role": ALL if len(result.totals) > 1 else result.totals[0].role,
        "label": "",
        "band": result.band,
        "estimate": any(t.estimate for t in result.totals),
        "currency": result.currency,
        "recurring": result.recurring,
        "one_time": result.one_time,
        "total": result.total,
        "cumulative": None,
    }
    if len(result.totals) > 1 and not result.alternatives:  # alternatives are never added up
        total_rows.append(grand)
    columns = [Column("month", "Month"), *group_columns, *money_columns]
    scope = f"{result.plan_rows} plan rows, {result.hires} hires" if result.plan else f"{result.hires} hires"
    if result.alternatives:
        each = result.hires // max(result.plan_rows, 1)
        scope = f"{len(result.paths_used)} alternative paths, {each} hire{'' if each == 1 else 's'} each"
    title = (
        f"Budget {result.window_start.isoformat()} to {result.window_end.isoformat()} "
        f"({scope}, {result.band} band, by {by})"
    )
    table = Table(
        title, columns, rows + total_rows, emphasis=set(range(len(rows), len(rows) + len(total_rows)))
    )
    table.separators = {len(rows)}
    flat_columns = [Column("month", "Month"), Column("path", "Path"), Column("role", "Role")]
    if by == "row":
        flat_columns.append(Column("label", "Label"))
    flat_columns += [
        Column("band", "Band"),
        Column("estimate", "Estimate", "bool"),
        Column("currency", "Currency"),
        *money_columns,
    ]
    flat = Table("budget", flat_columns, rows + (total_rows if totals_in_flat else []))
    assumptions = list(result.assumptions)
    estimated = [p for p in result.paths_used if any(i.estimate for i in catalog.paths[p].items)]

    def document() -> dict[str, Any]:
        return envelope(
            "mlhire.budget/1",
            catalog,
            assumptions,
            window={"start": result.window_start, "end": result.window_end, "months": result.months},
            band=result.band,
            by=by,
            plan=result.plan,
            hires=result.hires,
            rows=[{k: v for k, v in row.items() if k not in ("currency", "band")} for row in rows],
            alternatives=result.alternatives,
            totals={
                "groups": [
                    {k: v for k, v in t.items() if k not in ("currency", "band", "month", "cumulative")}
                    for t in total_rows[: len(result.totals)]
                ],
                **(
                    {}
                    if result.alternatives
                    else {"recurring": result.recurring, "one_time": result.one_time, "total": result.total}
                ),
            },
            estimates_in=estimated,
        )

    notes = [*assumptions, data_note(catalog)]
    if estimated:
        notes.insert(
            len(assumptions), f"{DAGGER} Estimated figures (see `mlhire paths`) feed: {', '.join(estimated)}."
        )
    return Report(document, [table], flat, notes=notes)
