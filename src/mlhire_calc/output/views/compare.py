"""The view of `mlhire compare`: one document, and the tables and CSV rows derived from it."""

from __future__ import annotations

from decimal import Decimal
from functools import partial
from typing import Any

from mlhire_calc.domain.catalog import Catalog
from mlhire_calc.domain.money import as_decimal
from mlhire_calc.engine.cost import BreakEven, Comparison, PathCost
from mlhire_calc.output.layout import Column, Document, Exact, Report, SumOf, Table

from .common import (
    Footnotes,
    band_json,
    data_note,
    envelope,
    hiring_json,
    marked,
    path_label,
    time_json,
    time_text,
)
from .countries import employment_assumptions

SCHEMA = "mlhire.compare/1"


def compare_report(result: Comparison, catalog: Catalog) -> Report:
    return Report(compare_document(result, catalog), compare_tables, compare_flat, to_notes=compare_notes)


def compare_document(result: Comparison, catalog: Catalog) -> Document:
    notes = Footnotes()
    paths = []
    for cost in result.paths:
        path = cost.path
        time_to_start, time_to_first_pr = path.times(result.role.id)
        notes.add(f"{path.id} time to start", time_to_start)
        notes.add(f"{path.id} time to first PR", time_to_first_pr)
        for item in cost.items:
            notes.add_plain(f"{path.id} {item.name}", {"estimate": item.estimate, "note": item.note})
        paths.append(_path_json(result, cost))
    return envelope(
        SCHEMA,
        catalog,
        [*compare_assumptions(result, catalog), *employment_assumptions(catalog)],
        role={"id": result.role.id, "title": result.role.title},
        basis=result.basis,
        months=result.months,
        headcount=result.headcount,
        start=result.start,
        baseline=result.baseline.path.id if result.baseline else None,
        # the baseline's total, also when it is not one of `paths`: every saving is against it
        baseline_total=band_json(result.baseline.total) if result.baseline else None,
        baseline_estimate=result.baseline.estimate if result.baseline else None,
        paths=paths,
        footnotes=notes.lines,
    )


def _break_even_json(found: BreakEven | None) -> dict[str, Any] | None:
    if found is None:
        return None
    if found.month is None:
        text = f"never within {found.horizon_months} months"
    else:
        side = "cheaper" if found.cheaper_after else "dearer"
        text = f"month {found.month} ({found.on:%Y-%m}): {side} than {found.against} from then on"
    return {
        "against": found.against,
        "month": found.month,
        "on": found.on,
        "cheaper_after": found.cheaper_after,
        "horizon_months": found.horizon_months,
        "text": text,
    }


def _path_json(result: Comparison, cost: PathCost) -> dict[str, Any]:
    path = cost.path
    savings = result.savings(cost)
    time_to_start, time_to_first_pr = path.times(result.role.id)
    per_work_month = cost.cost_per_work_month
    lifecycle = path.lifecycle
    return {
        "id": path.id,
        "name": path.name,
        "time_to_start": time_json(time_to_start),
        "time_to_first_pr": time_json(time_to_first_pr),
        "starts_on": cost.starts_on,
        "first_pr_on": cost.first_pr_on,
        "done_on": cost.done_on,
        "ramp_months": Exact(as_decimal(cost.ramp_months), 2),
        **hiring_json(path),
        "paid_months": round(as_decimal(cost.paid_months), 2),
        "work_months": round(as_decimal(cost.work_months), 2),
        "expected_replacements": {
            k: Exact(v, 3) for k, v in cost.expected_replacements.as_decimals().items()
        },
        "expected_vacancy_months": {
            k: Exact(v, 2) for k, v in cost.expected_vacancy_months.as_decimals().items()
        },
        "annual_increase": None
        if lifecycle is None or lifecycle.annual_increase is None
        else lifecycle.annual_increase.band().as_dict(),
        "attrition": None
        if lifecycle is None or lifecycle.attrition is None
        else lifecycle.attrition.band().as_dict(),
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
        "expected": band_json(cost.expected),
        "total": band_json(cost.total),
        "cost_per_work_month": None if per_work_month is None else band_json(per_work_month),
        "break_even": _break_even_json(cost.break_even),
        "estimate": cost.estimate,
        "savings": None
        if savings is None
        else {
            "against": result.baseline.path.id if result.baseline else None,
            "amount": band_json(savings[0]),
            "percent": {k: None if v is None else Exact(v * 100, 2) for k, v in savings[1].items()},
        },
    }


SUBTOTALS = (
    ("recurring", "Recurring subtotal"),
    ("one_time", "One-time subtotal"),
    ("expected", "Expected subtotal"),
    ("total", "Total"),
)


def compare_tables(document: Document) -> list[Table]:
    """The summary of every path, then each path's line items with subtotals."""
    is_work = document["basis"] == "work"
    months = f"{document['months'].normalize():f}"
    scope = f"{months} months of shipped work" if is_work else f"{months} calendar months"
    title = (
        f"{document['role']['title']}: {scope}, headcount {document['headcount']}, "
        f"decided {document['start'].isoformat()}, in {document['currency']}"
    )
    summary_columns = [
        Column("path", "Path"),
        Column("total_low", "Total low", "money"),
        Column("total_mid", "Total mid", "money"),
        Column("total_high", "Total high", "money"),
        Column("per_work_month_mid", "Per work month (mid)", "money"),
        Column("savings_mid", "Saves (mid)", "money"),
        Column("savings_pct_mid", "%", "percent"),
    ]
    time_columns = [
        Column("path", "Path"),
        Column("starts_on", "Starts", "date"),
        Column("first_pr_on", "First PR", "date"),
        Column(
            "done_on" if is_work else "work_months",
            "Done by" if is_work else "Work months",
            "date" if is_work else "number",
        ),
        Column("ramp_months", "Paid ramp (months)", "number"),
        Column(
            "break_even", f"Break-even vs {document['baseline']}" if document["baseline"] else "Break-even"
        ),
    ]
    summary_rows = []
    item_tables = []
    for path in document["paths"]:
        savings = path["savings"]
        summary_rows.append(
            {
                "path": marked(path_label(path), path["estimate"] or path["time_to_first_pr"]["estimate"]),
                "starts_on": path["starts_on"],
                "first_pr_on": path["first_pr_on"],
                "ramp_months": path["ramp_months"].value,
                "total_low": path["total"]["low"],
                "total_mid": path["total"]["mid"],
                "total_high": path["total"]["high"],
                "done_on": path["done_on"],
                "work_months": path["work_months"],
                "savings_mid": None if savings is None else savings["amount"]["mid"],
                "savings_pct_mid": _savings_fraction(savings),
                "per_work_month_mid": None
                if path["cost_per_work_month"] is None
                else path["cost_per_work_month"]["mid"],
                "break_even": "" if path["break_even"] is None else _break_even_cell(path["break_even"]),
            }
        )
        rows: list[dict[str, Any]] = [
            {
                "item": marked(item["name"], item["estimate"]),
                "kind": item["kind"].replace("_", "-"),
                "detail": item["detail"],
                **item["amount"],
            }
            for item in path["items"]
        ]
        subtotal_start = len(rows)
        rows += [{"item": label, **path[key]} for key, label in SUBTOTALS]
        start, first_pr = path["time_to_start"], path["time_to_first_pr"]
        item_tables.append(
            Table(
                title=f"{path['name']} ({path['id']}): "
                f"starts {path['starts_on'].isoformat()} ({marked(time_text(start), start['estimate'])}), "
                f"first PR {path['first_pr_on'].isoformat()} "
                f"({marked(time_text(first_pr), first_pr['estimate'])})",
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
    times = Table(
        title="When each path starts, ships and is done (median dates)",
        columns=time_columns,
        rows=summary_rows,
    )
    return [Table(title=title, columns=summary_columns, rows=summary_rows), times, *item_tables]


def _break_even_cell(found: dict[str, Any]) -> str:
    if found["month"] is None:
        return f"none in {found['horizon_months']} mo"
    return f"month {found['month']}"


def _savings_fraction(savings: dict[str, Any] | None) -> Decimal | None:
    """The mid savings as a fraction for the "%" column; None (shown `-`) when undefined."""
    mid = None if savings is None else savings["percent"]["mid"]
    return None if mid is None else Decimal(mid.value).scaleb(-2)


def compare_flat(document: Document) -> Table:
    """One row per line item, subtotal and total of each path (`row` says which)."""
    rows: list[dict[str, Any]] = []
    for path in document["paths"]:
        for item in path["items"]:
            rows.append(
                {
                    "path": path_label(path),
                    "row": "item",
                    "item": item["id"],
                    "name": item["name"],
                    "kind": item["kind"],
                    "estimate": item["estimate"],
                    "source": item["source"],
                    **item["amount"],
                }
            )
        for key, label in SUBTOTALS:
            kind = key if key != "total" else ""
            rows.append(_total_row(path_label(path), key, label, kind, path["estimate"], path[key]))
    baseline = document["baseline"]
    if baseline is not None and baseline not in {path["id"] for path in document["paths"]}:
        name = "Total (baseline for savings)"
        rows.append(
            _total_row(baseline, "total", name, "", document["baseline_estimate"], document["baseline_total"])
        )
    return Table(
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
        rows=rows,
        fixed={"currency": document["currency"]},
        sums=partial(_path_sums, {path_label(path) for path in document["paths"]}),
    )


def _path_sums(shown: set[str], row: dict[str, Any]) -> SumOf | None:
    """A path's subtotal adds up its items of that kind, its total all its items; never across paths."""
    if row["row"] == "item" or row["path"] not in shown:  # the outside baseline's items are not here
        return None
    where = {"path": row["path"], "row": "item"}
    if row["row"] != "total":
        where["kind"] = row["row"]
    return SumOf(("low", "mid", "high"), where)


def _total_row(
    path_id: str, row: str, label: str, kind: str, estimate: bool, amount: dict[str, Any]
) -> dict[str, Any]:
    return {
        "path": path_id,
        "row": row,
        "item": row,
        "name": label,
        "kind": kind,
        "estimate": estimate,
        "source": "",
        **amount,
    }


def compare_notes(document: Document) -> list[str]:
    return [*document["assumptions"], *document["footnotes"], data_note(document)]


def compare_assumptions(result: Comparison, catalog: Catalog) -> list[str]:
    """What the comparison assumes, in words, for this question."""
    role, basis, months, headcount, start = (
        result.role,
        result.basis,
        result.months,
        result.headcount,
        result.start,
    )
    overrides = catalog.overrides
    baseline_id = result.baseline.path.id if result.baseline else None
    n = f"{months.normalize():f}"
    if basis == "work":
        scope = f"{n} months of shipped work per hire, paid from each path's start until the work is done"
    else:
        scope = (
            f"what is spent within {n} calendar months from {start.isoformat()}, prorated by calendar days"
        )
    lines = [
        f"Role: {role.title} ({role.id}); headcount {headcount}; {scope}.",
        "Costs accrue from each path's start (engagement or hire date); "
        "shipped work counts from its first PR; the months between are paid ramp.",
        "One-time costs fall on the start date, once per hire.",
        "Recurring costs grow by each path's yearly increase on each anniversary of the start.",
        "Where you bear replacement, expected replacements (yearly attrition x paid months / 12) "
        "add their hiring costs and paid ramp as expected lines, and their empty months delay the work.",
        "Dates use the median of each time range; low / mid / high vary the amounts and rates "
        "(mid is the median where the data gives one, else the midpoint).",
        "Each line item is rounded to the cent; subtotals and totals are sums of the rounded items.",
    ]
    lines += overrides
    lines.append("Start and First PR are median dates; see `mlhire paths` for the full ranges.")
    if baseline_id:
        lines.append(
            f"Savings are measured against {baseline_id}, point by point "
            "(low vs low, mid vs mid, high vs high); break-even compares cumulative spend (mid) "
            "month by month from the start."
        )
    return lines
