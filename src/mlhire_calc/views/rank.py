"""The view of `mlhire rank`: one document; headline, timeline chart and table derived from it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from mlhire_calc.catalog import Catalog
from mlhire_calc.rank import Ranking
from mlhire_calc.render import Bar, Column, Document, Exact, Report, Table, Timeline
from mlhire_calc.timeline import Duration

from .common import Footnotes, band_json, data_note, envelope, marked, time_json

SCHEMA = "mlhire.rank/1"


def rank_report(result: Ranking, catalog: Catalog) -> Report:
    return Report(
        rank_document(result, catalog),
        rank_tables,
        rank_flat,
        to_headline=lambda document: [document["headline"]],
        to_notes=rank_notes,
        to_chart=rank_chart,
    )


def rank_document(result: Ranking, catalog: Catalog) -> Document:
    notes = Footnotes()
    work = f" + {result.work}" if result.work else ""
    with_delay = result.delay_cost_per_month is not None
    paths = []
    for item in result.paths:
        path = item.path
        time_to_first_pr = path.times(result.role.id)[1]
        notes.add(f"{path.id} time to first PR", time_to_first_pr)
        for line in item.cost.items:
            if line.estimate:
                notes.add_plain(f"{path.id} {line.name}", {"estimate": line.estimate, "note": line.note})
        paths.append(
            {
                "id": path.id,
                "name": path.name,
                "probability": Exact(item.probability, 6),
                "verdict": item.verdict,
                "p10_done": item.p10_done,
                "p50_done": item.p50_done,
                "p90_done": item.p90_done,
                "done_at_confidence": item.done_at_confidence,
                "decide_by": item.decide_by,
                "slack_days": item.slack_days,
                "time_to_first_pr": time_json(time_to_first_pr),
                "cost_to_deadline": band_json(item.cost_to_deadline),
                "expected_late_days": round(item.expected_late_days, 2),
                "expected_delay_cost": item.expected_delay_cost,
                "total_with_delay": band_json(item.total_with_delay) if with_delay else None,
                "estimate": time_to_first_pr.estimate or item.cost.estimate,
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
    return envelope(
        SCHEMA,
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
        paths=paths,
        footnotes=notes.lines,
    )


OUTLOOK_COLUMNS = [
    Column("probability", "P(on time)", "percent"),
    Column("verdict", "Verdict"),
    Column("p50_done", "P50 done", "date"),
    Column("p90_done", "P90 done", "date"),
]
DELAY_COLUMNS = [
    Column("expected_delay_cost", "Expected delay cost", "money"),
    Column("total_mid", "Cost + delay (mid)", "money"),
]


def _confidence(document: Document) -> str:
    return f"{document['confidence']:.0%}"


def _rows(document: Document) -> list[dict[str, Any]]:
    """The cells of each path shared by the table and the flat table."""
    rows = []
    for position, path in enumerate(document["paths"], start=1):
        cost = path["cost_to_deadline"]
        with_delay = path["total_with_delay"]
        rows.append(
            {
                "rank": position,
                "path": marked(path["id"], path["estimate"]),
                "path_id": path["id"],
                "probability": Decimal(repr(path["probability"].value)),
                "verdict": path["verdict"],
                "p50_done": path["p50_done"],
                "p90_done": path["p90_done"],
                "slack_days": path["slack_days"],
                "decide_by": path["decide_by"],
                "estimate": path["estimate"],
                "cost_low": cost["low"],
                "cost_mid": cost["mid"],
                "cost_high": cost["high"],
                "expected_delay_cost": path["expected_delay_cost"],
                "total_mid": None if with_delay is None else with_delay["mid"],
            }
        )
    return rows


def rank_tables(document: Document) -> list[Table]:
    pct = _confidence(document)
    work = document["work"]
    work_text = "" if work is None else f" + {Duration(work['amount'], work['unit'])}"
    title = (
        f"{document['role']['title']}: first PR{work_text} by {document['deadline'].isoformat()}, "
        f"from {document['start'].isoformat()}, {pct} confidence, in {document['currency']}"
    )
    columns = [
        Column("rank", "#", "int"),
        Column("path", "Path"),
        *OUTLOOK_COLUMNS,
        Column("slack_days", f"Slack at {pct}", "int"),
        Column("decide_by", "Decide by", "date"),
        Column("cost_mid", "Cost (mid)", "money"),
    ]
    if document["delay_cost_per_month"] is not None:
        columns += DELAY_COLUMNS
    rows = [{**row, "verdict": row["verdict"].replace("_", " ")} for row in _rows(document)]
    return [Table(title, columns, rows)]


def rank_flat(document: Document) -> Table:
    columns = [
        Column("rank", "Rank", "int"),
        Column("path_id", "Path id"),
        *OUTLOOK_COLUMNS,
        Column("slack_days", "Slack (days)", "int"),
        Column("decide_by", "Decide by", "date"),
        Column("estimate", "Estimate", "bool"),
        Column("currency", "Currency"),
        Column("cost_low", "Cost low", "money"),
        Column("cost_mid", "Cost mid", "money"),
        Column("cost_high", "Cost high", "money"),
    ]
    if document["delay_cost_per_month"] is not None:
        columns += DELAY_COLUMNS
    return Table("rank", columns, _rows(document), fixed={"currency": document["currency"]})


def rank_chart(document: Document) -> Timeline:
    return Timeline(
        start=document["start"],
        marker=document["deadline"],
        bars=[
            Bar(p["id"], p["p10_done"], p["p50_done"], p["p90_done"], p["verdict"]) for p in document["paths"]
        ],
        legend="= P10 to P90 done, o P50, | deadline",
    )


def rank_notes(document: Document) -> list[str]:
    return [*document["assumptions"], *document["footnotes"], data_note(document)]
