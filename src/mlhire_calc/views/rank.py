"""The view of `mlhire rank`: headline, timeline chart and table."""

from __future__ import annotations

from decimal import Decimal

from mlhire_calc.catalog import Catalog
from mlhire_calc.rank import Ranking
from mlhire_calc.render import Bar, Column, Report, Table, Timeline

from .common import Footnotes, band_json, data_note, envelope, marked, time_json


def rank_report(result: Ranking, catalog: Catalog) -> Report:
    notes = Footnotes()
    pct = f"{result.confidence:.0%}"
    work = f" + {result.work}" if result.work else ""
    title = (
        f"{result.role.title}: first PR{work} by {result.deadline.isoformat()}, "
        f"from {result.start.isoformat()}, {pct} confidence"
    )
    with_delay = result.delay_cost_per_month is not None
    outlook_columns = [
        Column("probability", "P(on time)", "percent"),
        Column("verdict", "Verdict"),
        Column("p50_done", "P50 done", "date"),
        Column("p90_done", "P90 done", "date"),
    ]
    flat_columns = [
        Column("rank", "Rank", "int"),
        Column("path_id", "Path id"),
        *outlook_columns,
        Column("slack_days", "Slack (days)", "int"),
        Column("decide_by", "Decide by", "date"),
        Column("estimate", "Estimate", "bool"),
        Column("currency", "Currency"),
        Column("cost_low", "Cost low", "money"),
        Column("cost_mid", "Cost mid", "money"),
        Column("cost_high", "Cost high", "money"),
    ]
    columns = [
        Column("rank", "#", "int"),
        Column("path", "Path"),
        *outlook_columns,
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
    assumptions += catalog.overrides
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
        {
            **row,
            "path_id": o.path.id,
            "verdict": o.verdict,
            "estimate": o.path.time_to_first_pr.estimate or o.cost.estimate,
            "currency": result.currency,
        }
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
