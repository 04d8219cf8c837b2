"""The view of `mlhire compare`."""

from __future__ import annotations

from typing import Any

from mlhire_calc.catalog import Catalog
from mlhire_calc.cost import Comparison, PathCost
from mlhire_calc.money import Band
from mlhire_calc.render import Column, Report, Table

from .common import Footnotes, band_json, data_note, envelope, marked, time_json


def _savings_cells(result: Comparison, cost: PathCost) -> dict[str, Any]:
    savings = result.savings(cost)
    if savings is None:
        return {"savings_mid": None, "savings_pct_mid": None}
    amount, share = savings
    return {"savings_mid": amount.mid, "savings_pct_mid": share.mid}


def _flat(
    path_id: str, row: str, item: str, name: str, kind: str, estimate: bool, source: str, amount: Band
) -> dict[str, Any]:
    """One row of the spreadsheet view: an item, a subtotal or a total of a path."""
    return {
        "path": path_id,
        "row": row,
        "item": item,
        "name": name,
        "kind": kind,
        "estimate": estimate,
        "source": source,
        "low": amount.low,
        "mid": amount.mid,
        "high": amount.high,
    }


def compare_report(result: Comparison, catalog: Catalog) -> Report:
    notes = Footnotes()
    is_work = result.basis == "work"
    months = f"{result.months.normalize():f}"
    scope = f"{months} months of shipped work" if is_work else f"{months} calendar months"
    title = f"{result.role.title}: {scope}, headcount {result.headcount}, decided {result.start.isoformat()}"

    summary_columns = [
        Column("path", "Path"),
        Column("first_pr_on", "First PR", "date"),
        Column("total_low", "Total low", "money"),
        Column("total_mid", "Total mid", "money"),
        Column("total_high", "Total high", "money"),
        Column("savings_mid", "Saves (mid)", "money"),
        Column("savings_pct_mid", "%", "percent"),
        Column(
            "done_on" if is_work else "work_months",
            "Done by" if is_work else "Work months",
            "date" if is_work else "number",
        ),
    ]
    summary_rows = []
    item_tables = []
    flat_rows: list[dict[str, Any]] = []
    json_paths = []
    for cost in result.paths:
        path = cost.path
        notes.add(f"{path.id} time to start", path.time_to_start)
        notes.add(f"{path.id} time to first PR", path.time_to_first_pr)
        summary_rows.append(
            {
                "path": marked(path.id, cost.estimate or path.time_to_first_pr.estimate),
                "starts_on": cost.starts_on,
                "first_pr_on": cost.first_pr_on,
                "total_low": cost.total.low,
                "total_mid": cost.total.mid,
                "total_high": cost.total.high,
                "done_on": cost.done_on,
                "work_months": cost.work_months,
                **_savings_cells(result, cost),
            }
        )
        rows: list[dict[str, Any]] = []
        for item in cost.items:
            figure = next(i for i in path.items if i.id == item.id)
            if item.estimate:
                notes.add(f"{path.id} {item.name}", figure)
            rows.append(
                {
                    "item": marked(item.name, item.estimate),
                    "kind": item.kind.replace("_", "-"),
                    "detail": item.detail,
                    "low": item.amount.low,
                    "mid": item.amount.mid,
                    "high": item.amount.high,
                }
            )
            flat_rows.append(
                _flat(path.id, "item", item.id, item.name, item.kind, item.estimate, item.source, item.amount)
            )
        subtotal_start = len(rows)
        for key, label, band in (
            ("recurring", "Recurring subtotal", cost.recurring),
            ("one_time", "One-time subtotal", cost.one_time),
            ("total", "Total", cost.total),
        ):
            rows.append({"item": label, "low": band.low, "mid": band.mid, "high": band.high})
            kind = key if key != "total" else ""
            flat_rows.append(_flat(path.id, key, key, label, kind, cost.estimate, "", band))
        item_tables.append(
            Table(
                title=f"{path.name} ({path.id}): "
                f"starts {cost.starts_on.isoformat()} "
                f"({marked(path.time_to_start.describe(), path.time_to_start.estimate)}), "
                f"first PR {cost.first_pr_on.isoformat()} "
                f"({marked(path.time_to_first_pr.describe(), path.time_to_first_pr.estimate)})",
                columns=[
                    Column("item", "Line item"),
                    Column("kind", "Kind"),
                    Column("detail", "How"),
                    Column("low", "Low", "money"),
                    Column("mid", "Mid", "money"),
                    Column("high", "High", "money"),
                ],
                rows=rows,
                emphasis={len(rows) - 1},
                separators={subtotal_start},
            )
        )
        savings = result.savings(cost)
        json_paths.append(
            {
                "id": path.id,
                "name": path.name,
                "time_to_start": time_json(path.time_to_start),
                "time_to_first_pr": time_json(path.time_to_first_pr),
                "starts_on": cost.starts_on,
                "first_pr_on": cost.first_pr_on,
                "done_on": cost.done_on,
                "paid_months": round(cost.paid_months, 2),
                "work_months": round(cost.work_months, 2),
                "absorbs": {"vetting": path.absorbs.vetting, "replacement": path.absorbs.replacement},
                "permanent_seat": path.permanent_seat,
                "items": [
                    {
                        "id": item.id,
                        "name": item.name,
                        "kind": item.kind,
                        "amount": band_json(item.amount),
                        "estimate": item.estimate,
                        "source": item.source,
                        "as_of": item.as_of,
                        "detail": item.detail,
                        "note": item.note,
                    }
                    for item in cost.items
                ],
                "recurring": band_json(cost.recurring),
                "one_time": band_json(cost.one_time),
                "total": band_json(cost.total),
                "estimate": cost.estimate,
                "savings": None
                if savings is None
                else {
                    "against": result.baseline.path.id if result.baseline else None,
                    "amount": band_json(savings[0]),
                    "percent": {k: round(v * 100, 2) for k, v in savings[1].as_dict().items()},
                },
            }
        )
    if result.baseline and result.baseline not in result.paths:
        base = result.baseline
        name = "Total (baseline for savings)"
        flat_rows.append(_flat(base.path.id, "total", "total", name, "", base.estimate, "", base.total))
    for row in flat_rows:
        row["currency"] = result.currency
    summary = Table(title=title, columns=summary_columns, rows=summary_rows)
    flat = Table(
        title="compare",
        columns=[
            Column("path", "Path"),
            Column("row", "Row"),
            Column("item", "Item"),
            Column("name", "Name"),
            Column("kind", "Kind"),
            Column("estimate", "Estimate", "bool"),
            Column("source", "Source"),
            Column("currency", "Currency"),
            Column("low", "Low", "money"),
            Column("mid", "Mid", "money"),
            Column("high", "High", "money"),
        ],
        rows=flat_rows,
    )
    document = envelope(
        "mlhire.compare/1",
        catalog,
        result.assumptions,
        role={"id": result.role.id, "title": result.role.title},
        basis=result.basis,
        months=result.months,
        headcount=result.headcount,
        start=result.start,
        baseline=result.baseline.path.id if result.baseline else None,
        paths=json_paths,
    )
    all_notes = [*result.assumptions, *notes.lines, data_note(catalog)]
    document["footnotes"] = notes.lines
    return Report(document, [summary, *item_tables], flat, notes=all_notes)
