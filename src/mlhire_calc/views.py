"""Views: turn core results into Reports (JSON document + tables + notes)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from . import __version__
from .budget import ALL, Budget, BudgetRow
from .cost import Comparison, PathCost
from .data import Catalog
from .models import Range, Sourced, TimeRange
from .money import Band
from .rank import Ranking
from .render import Bar, Column, Report, Table, Timeline

DAGGER = "†"


def band_json(band: Band) -> dict[str, Decimal]:
    return band.cents().as_dict()


def data_json(catalog: Catalog) -> dict[str, Any]:
    return {
        "directory": str(catalog.directory),
        "as_of": catalog.as_of,
        "fingerprint": f"sha256:{catalog.fingerprint}",
    }


def envelope(schema: str, catalog: Catalog, assumptions: list[str], **body: Any) -> dict[str, Any]:
    return {
        "schema": schema,
        "mlhire_version": __version__,
        "currency": catalog.currency,
        "assumptions": assumptions,
        "data": data_json(catalog),
        **body,
    }


def data_note(catalog: Catalog) -> str:
    return (
        f"Data: {catalog.directory} (as of {catalog.as_of.isoformat()}, sha256 {catalog.fingerprint[:12]})."
    )


def time_json(time: TimeRange) -> dict[str, Any]:
    return {
        "low": time.low,
        "median": time.median,
        "high": time.high,
        "unit": time.unit,
        "estimate": time.estimate,
        "source": time.source,
        "as_of": time.as_of,
    }


def marked(text: str, estimate: bool) -> str:
    return f"{text} {DAGGER}" if estimate else text


class Footnotes:
    """Collects the notes behind estimates so each is printed once."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, label: str, figure: Sourced) -> None:
        if figure.estimate:
            line = f"{DAGGER} {label}: estimate. {figure.note or ''}".rstrip()
            if line not in self.lines:
                self.lines.append(line)


# ---------------------------------------------------------------- compare


def _savings_cells(result: Comparison, cost: PathCost) -> dict[str, Any]:
    savings = result.savings(cost)
    if savings is None:
        return {"savings_mid": None, "savings_pct_mid": None}
    amount, share = savings
    return {"savings_mid": amount.mid, "savings_pct_mid": share.mid}


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
                {
                    "path": path.id,
                    "row": "item",
                    "item": item.id,
                    "name": item.name,
                    "kind": item.kind,
                    "estimate": item.estimate,
                    "source": item.source,
                    "currency": result.currency,
                    "low": item.amount.low,
                    "mid": item.amount.mid,
                    "high": item.amount.high,
                }
            )
        subtotal_start = len(rows)
        for key, label, band in (
            ("recurring", "Recurring subtotal", cost.recurring),
            ("one_time", "One-time subtotal", cost.one_time),
            ("total", "Total", cost.total),
        ):
            rows.append({"item": label, "low": band.low, "mid": band.mid, "high": band.high})
            flat_rows.append(
                {
                    "path": path.id,
                    "row": key,
                    "item": key,
                    "name": label,
                    "kind": key if key != "total" else "",
                    "estimate": cost.estimate,
                    "source": "",
                    "currency": result.currency,
                    "low": band.low,
                    "mid": band.mid,
                    "high": band.high,
                }
            )
        item_tables.append(
            Table(
                title=f"{path.name} ({path.id}): starts {cost.starts_on.isoformat()}, "
                f"first PR {cost.first_pr_on.isoformat()}",
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
        flat_rows.append(
            {
                "path": base.path.id,
                "row": "total",
                "item": "total",
                "name": "Total (baseline for savings)",
                "kind": "",
                "estimate": base.estimate,
                "source": "",
                "currency": result.currency,
                "low": base.total.low,
                "mid": base.total.mid,
                "high": base.total.high,
            }
        )
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


# ---------------------------------------------------------------- roles and paths


def _range_text(figure: Range) -> str:
    low, high = f"{figure.low:,.0f}", f"{figure.high:,.0f}"
    return low if low == high else f"{low} - {high}"


def roles_report(catalog: Catalog) -> Report:
    notes = Footnotes()
    rows = []
    for role in catalog.roles.values():
        band = role.loaded_monthly
        notes.add(f"{role.id} loaded_monthly", band)
        rows.append(
            {
                "id": role.id,
                "title": role.title,
                "ships": role.ships,
                "tools": ", ".join(role.tools),
                "currency": catalog.currency,
                "loaded_monthly_low": band.low,
                "loaded_monthly_high": band.high,
                "source": marked(band.source, band.estimate),
                "as_of": band.as_of,
            }
        )
    market_rows = []
    for role in catalog.roles.values():
        if role.market is None:
            continue
        for name in type(role.market).model_fields:
            figure = getattr(role.market, name)
            if figure is None:
                continue
            notes.add(f"{role.id} {name}", figure)
            value = f"{figure.value:,}" if hasattr(figure, "value") else _range_text(figure)
            if isinstance(figure, TimeRange):
                value = figure.describe()
            market_rows.append(
                {
                    "role": role.id,
                    "figure": name.replace("_", " "),
                    "value": value,
                    "source": marked(figure.source, figure.estimate),
                    "as_of": figure.as_of,
                    "note": figure.note or "",
                }
            )
    columns = [
        Column("id", "Role"),
        Column("title", "Title"),
        Column("ships", "Ships"),
        Column("tools", "Tools"),
        Column("loaded_monthly_low", "Loaded/month low", "money"),
        Column("loaded_monthly_high", "Loaded/month high", "money"),
        Column("source", "Source"),
        Column("as_of", "As of", "date"),
    ]
    table = Table("Roles (loaded monthly cost, all-in)", columns, rows)
    tables = [table]
    if market_rows:
        tables.append(
            Table(
                "Market facts",
                [
                    Column("role", "Role"),
                    Column("figure", "Figure"),
                    Column("value", "Value"),
                    Column("source", "Source"),
                    Column("as_of", "As of", "date"),
                ],
                market_rows,
            )
        )
    flat = Table("roles", [*columns[:4], Column("currency", "Currency"), *columns[4:]], rows)
    document = envelope(
        "mlhire.roles/1",
        catalog,
        [],
        roles=[role.model_dump(by_alias=True) for role in catalog.roles.values()],
        sources={k: v.model_dump(by_alias=True) for k, v in catalog.roles_file.sources.items()},
    )
    sources = [f"Source {k}: {v.title} ({v.kind})." for k, v in catalog.roles_file.sources.items()]
    return Report(document, tables, flat, notes=[*notes.lines, *sources, data_note(catalog)])


def paths_report(catalog: Catalog) -> Report:
    notes = Footnotes()
    rows = []
    item_rows = []
    for path in catalog.paths.values():
        notes.add(f"{path.id} time to start", path.time_to_start)
        notes.add(f"{path.id} time to first PR", path.time_to_first_pr)
        notes.add(f"{path.id} who absorbs vetting and replacement", path.absorbs)
        rows.append(
            {
                "id": path.id,
                "name": path.name,
                "time_to_start": marked(path.time_to_start.describe(), path.time_to_start.estimate),
                "time_to_first_pr": marked(path.time_to_first_pr.describe(), path.time_to_first_pr.estimate),
                "vetting_by": path.absorbs.vetting,
                "replacement_by": path.absorbs.replacement,
                "permanent_seat": path.permanent_seat,
                "source": path.time_to_first_pr.source,
                "as_of": path.time_to_first_pr.as_of,
            }
        )
        for item in path.items:
            notes.add(f"{path.id} {item.name}", item)
            if item.per == "percent":
                assert item.rate is not None
                rate = item.rate
                amount = (
                    f"{rate * 100:g}%"
                    if not isinstance(rate, Range)
                    else f"{rate.low * 100:g}%-{rate.high * 100:g}%"
                )
                amount += f" of {item.of} ({'monthly' if item.basis == 'monthly' else 'first year'})"
            elif isinstance(item.amount, Range):
                amount = _range_text(item.amount)
            elif isinstance(item.amount, Decimal):
                amount = f"{item.amount:,}"
            else:
                amount = "role's loaded monthly band"
            item_rows.append(
                {
                    "path": path.id,
                    "item": marked(item.name, item.estimate),
                    "per": item.per,
                    "kind": item.kind.replace("_", "-"),
                    "amount": amount,
                    "source": item.source,
                    "as_of": item.as_of,
                }
            )
        for note in path.notes:
            line = f"{path.id}: {note}"
            if line not in notes.lines:
                notes.lines.append(line)
    columns = [
        Column("id", "Path"),
        Column("name", "Name"),
        Column("time_to_start", "Time to start"),
        Column("time_to_first_pr", "Time to first PR"),
        Column("vetting_by", "Vetting by"),
        Column("replacement_by", "Replacement by"),
        Column("permanent_seat", "Permanent seat", "bool"),
        Column("source", "Source"),
        Column("as_of", "As of", "date"),
    ]
    item_table = Table(
        "Cost line items",
        [
            Column("path", "Path"),
            Column("item", "Item"),
            Column("per", "Per"),
            Column("kind", "Kind"),
            Column("amount", "Amount"),
            Column("source", "Source"),
            Column("as_of", "As of", "date"),
        ],
        item_rows,
    )
    document = envelope(
        "mlhire.paths/1",
        catalog,
        [],
        paths=[path.model_dump(by_alias=True) for path in catalog.paths.values()],
        sources={k: v.model_dump(by_alias=True) for k, v in catalog.paths_file.sources.items()},
    )
    sources = [f"Source {k}: {v.title} ({v.kind})." for k, v in catalog.paths_file.sources.items()]
    table = Table("Sourcing paths (times from the day you decide)", columns, rows)
    return Report(document, [table, item_table], table, notes=[*notes.lines, *sources, data_note(catalog)])


# ---------------------------------------------------------------- rank


def rank_report(result: Ranking, catalog: Catalog) -> Report:
    notes = Footnotes()
    pct = f"{result.confidence:.0%}"
    work = f" + {result.work}" if result.work else ""
    title = (
        f"{result.role.title}: first PR{work} by {result.deadline.isoformat()}, "
        f"from {result.start.isoformat()}, {pct} confidence"
    )
    with_delay = result.delay_cost_per_month is not None
    flat_columns = [
        Column("rank", "Rank", "int"),
        Column("path_id", "Path id"),
        Column("probability", "P(on time)", "percent"),
        Column("verdict", "Verdict"),
        Column("p50_done", "P50 done", "date"),
        Column("p90_done", "P90 done", "date"),
        Column("slack_days", "Slack (days)", "int"),
        Column("decide_by", "Decide by", "date"),
        Column("currency", "Currency"),
        Column("cost_low", "Cost low", "money"),
        Column("cost_mid", "Cost mid", "money"),
        Column("cost_high", "Cost high", "money"),
    ]
    columns = [
        Column("rank", "#", "int"),
        Column("path", "Path"),
        Column("probability", "P(on time)", "percent"),
        Column("verdict", "Verdict"),
        Column("p50_done", "P50 done", "date"),
        Column("p90_done", "P90 done", "date"),
        Column("slack_days", f"Slack at {pct}", "int"),
        Column("decide_by", "Decide by", "date"),
        Column("cost_mid", "Cost (mid)", "money"),
    ]
    if with_delay:
        extra = [
            Column("expected_delay_cost", "Expected delay cost", "money"),
            Column("total_mid", "Cost + delay (mid)", "money"),
        ]
        columns += extra
        flat_columns += extra
    rows = []
    json_paths = []
    for position, item in enumerate(result.paths, start=1):
        path = item.path
        notes.add(f"{path.id} time to first PR", path.time_to_first_pr)
        for line in item.cost.items:
            if line.estimate:
                notes.add(f"{path.id} {line.name}", next(i for i in path.items if i.id == line.id))
        cost = item.cost_to_deadline
        rows.append(
            {
                "rank": position,
                "path": marked(path.id, path.time_to_first_pr.estimate or item.cost.estimate),
                "probability": Decimal(repr(item.probability)),
                "verdict": item.verdict.replace("_", " "),
                "p50_done": item.p50_done,
                "p90_done": item.p90_done,
                "slack_days": item.slack_days,
                "decide_by": item.decide_by,
                "cost_low": cost.low,
                "cost_mid": cost.mid,
                "cost_high": cost.high,
                "expected_delay_cost": item.expected_delay_cost,
                "total_mid": item.total_with_delay.mid,
            }
        )
        json_paths.append(
            {
                "id": path.id,
                "name": path.name,
                "probability": round(item.probability, 6),
                "verdict": item.verdict,
                "p10_done": item.p10_done,
                "p50_done": item.p50_done,
                "p90_done": item.p90_done,
                "done_at_confidence": item.done_at_confidence,
                "decide_by": item.decide_by,
                "slack_days": item.slack_days,
                "time_to_first_pr": time_json(path.time_to_first_pr),
                "cost_to_deadline": band_json(cost),
                "expected_late_days": round(item.expected_late_days, 2),
                "expected_delay_cost": item.expected_delay_cost,
                "total_with_delay": band_json(item.total_with_delay) if with_delay else None,
                "estimate": path.time_to_first_pr.estimate or item.cost.estimate,
            }
        )
    assumptions = [
        "Time to first PR is a distribution: uniform on [low, high], or half the probability uniform "
        "on each side of the median; probabilities are exact (closed form), not sampled.",
        f"Done = first PR{work}; on time = on or before {result.deadline.isoformat()}.",
        "on_track: done by the deadline at the chosen confidence; at_risk: the median is on time, "
        "the confidence level is not; misses: the median is late.",
        "Decide by: the latest start that still meets the deadline at the chosen confidence; "
        "slack: days to spare at that confidence (negative: late).",
        "Cost to deadline: what is spent from the start to the deadline (calendar basis, median dates).",
        f"Headcount {result.headcount}; role {result.role.id}.",
    ]
    if with_delay:
        assumptions.append(
            f"Expected delay cost: {result.delay_cost_per_month:,.2f} a month late x expected months "
            "late; ranked by probability, then by cost plus expected delay cost."
        )
    else:
        assumptions.append("Ranked by probability, then by cost to the deadline (mid).")
    chart = Timeline(
        start=result.start,
        marker=result.deadline,
        bars=[Bar(o.path.id, o.p10_done, o.p50_done, o.p90_done, o.verdict) for o in result.paths],
        legend="= P10 to P90 done, o P50, | deadline",
    )
    document = envelope(
        "mlhire.rank/1",
        catalog,
        assumptions,
        role={"id": result.role.id, "title": result.role.title},
        start=result.start,
        deadline=result.deadline,
        confidence=result.confidence,
        work=None if result.work is None else {"amount": result.work.amount, "unit": result.work.unit},
        headcount=result.headcount,
        delay_cost_per_month=result.delay_cost_per_month,
        headline=result.headline,
        paths=json_paths,
        footnotes=notes.lines,
    )
    table = Table(title, columns, rows)
    flat_rows = [
        {**row, "path_id": o.path.id, "verdict": o.verdict, "currency": result.currency}
        for row, o in zip(rows, result.paths, strict=True)
    ]
    flat = Table("rank", flat_columns, flat_rows)
    return Report(
        document,
        [table],
        flat,
        headline=[result.headline],
        notes=[*assumptions, *notes.lines, data_note(catalog)],
        chart=chart,
    )


# ---------------------------------------------------------------- budget


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
        "currency": result.currency,
        "recurring": result.recurring,
        "one_time": result.one_time,
        "total": result.total,
        "cumulative": None,
    }
    if len(result.totals) > 1:
        total_rows.append(grand)
    columns = [Column("month", "Month"), *group_columns, *money_columns]
    scope = f"{result.plan_rows} plan rows, {result.hires} hires" if result.plan else f"{result.hires} hires"
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
    flat_columns += [Column("currency", "Currency"), *money_columns]
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
            rows=[{k: v for k, v in row.items() if k != "currency"} for row in rows],
            totals={
                "groups": [
                    {k: v for k, v in t.items() if k not in ("currency", "month", "cumulative")}
                    for t in total_rows[: len(result.totals)]
                ],
                "recurring": result.recurring,
                "one_time": result.one_time,
                "total": result.total,
            },
            estimates_in=estimated,
        )

    notes = [*assumptions, data_note(catalog)]
    if estimated:
        notes.insert(
            len(assumptions), f"{DAGGER} Estimated figures (see `mlhire paths`) feed: {', '.join(estimated)}."
        )
    return Report(document, [table], flat, notes=notes)
