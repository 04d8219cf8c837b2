"""The view of `mlhire rank`: one document; headline, timeline chart and table derived from it."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from decimal import Decimal
from functools import partial
from typing import Any

from mlhire_calc.domain.catalog import Catalog
from mlhire_calc.engine.curves import done_by_curve
from mlhire_calc.engine.rank import (
    PROBABILITY_PLACES,
    PathOutlook,
    Ranking,
    order_key,
    sampled_probability,
    shown_probability,
)
from mlhire_calc.output.layout import (
    Bar,
    Column,
    Document,
    Exact,
    Lazy,
    Report,
    Table,
    Timeline,
    percent_cell,
)

from .common import Footnotes, band_json, data_note, envelope, marked, time_json
from .countries import employment_assumptions

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


def _cdf(item: PathOutlook, result: Ranking) -> Iterator[list[Any]]:
    """P(done) by day, weekly from the start and on the deadline, as [day, probability]."""
    due = result.deadline
    for point in done_by_curve(item.completion, result.start, through=due, extra_days=[due]):
        yield [point.day, Exact(point.probability, PROBABILITY_PLACES)]


def rank_document(result: Ranking, catalog: Catalog) -> Document:
    notes = Footnotes()
    paths = []
    for item in result.paths:
        path = item.path
        time_to_first_pr = path.times(result.role.id)[1]
        notes.add(f"{path.id} time to first PR", time_to_first_pr)
        for line in [*item.cost_of_work.items, *item.spend_to_deadline.items]:
            if line.estimate:
                notes.add_plain(f"{path.id} {line.name}", {"estimate": line.estimate, "note": line.note})
        expected_total = item.expected_total
        paths.append(
            {
                "id": path.id,
                "name": path.name,
                "probability": Exact(shown_probability(item.probability), PROBABILITY_PLACES),
                "verdict": item.verdict,
                "p10_done": item.p10_done,
                "p50_done": item.p50_done,
                "p90_done": item.p90_done,
                "done_at_confidence": item.done_at_confidence,
                "decide_by": item.decide_by,
                "slack_days": item.slack_days,
                "time_to_first_pr": time_json(time_to_first_pr),
                "work_by_deadline": {
                    "at_confidence": item.work_by_deadline.at_confidence,
                    "median": item.work_by_deadline.median,
                },
                "cost_of_work": band_json(item.cost_of_work.total),
                "cost_to_deadline": band_json(item.cost_to_deadline),
                "expected_late_days": round(item.expected_late_days, 2),
                "expected_delay_cost": item.expected_delay_cost,
                "expected_total": None if expected_total is None else band_json(expected_total),
                "estimate": time_to_first_pr.estimate
                or item.cost_of_work.estimate
                or item.spend_to_deadline.estimate,
                "cdf": Lazy(partial(_cdf, item, result)),  # JSON only: made when written
            }
        )
        if result.budget is not None:  # only with --budget: without one the document is as it was
            paths[-1]["p_joint"] = Exact(sampled_probability(item.p_joint or 0.0), PROBABILITY_PLACES)
    budget = {} if result.budget is None else {"budget": result.budget}
    return envelope(
        SCHEMA,
        catalog,
        [*rank_assumptions(result), *catalog.overrides, *employment_assumptions(catalog)],
        role={"id": result.role.id, "title": result.role.title},
        start=result.start,
        deadline=result.deadline,
        confidence=result.confidence,
        work=None if result.work is None else {"amount": result.work.amount, "unit": result.work.unit},
        headcount=result.headcount,
        need=result.needed,
        done=done_means(result),
        delay_cost_per_month=result.delay_cost_per_month,
        **budget,
        ranked_by=result.ranked_by,
        headline=headline(result),
        paths=paths,
        footnotes=notes.lines,
    )


def rank_assumptions(result: Ranking) -> list[str]:
    """What each figure means and exactly what the ranking uses, for this question."""
    pct = f"{result.confidence:.0%}"
    when = result.deadline.isoformat()
    n, k = result.headcount, result.needed
    work = f" + {result.work}" if result.work else ""
    lines = [
        "Time to first PR is a distribution: uniform on [low, high], or half the probability uniform "
        "on each side of the median; probabilities are exact (closed form), not sampled.",
    ]
    if n > 1:
        rule = (
            f"{'both' if n == 2 else f'all {n}'} are (P = F^{n})"
            if k == n
            else f"at least {k} of {n} are (P = P(Binomial({n}, F) >= {k}))"
        )
        lines.append(
            f"Headcount {n}: each hire's time is independent, with the path's distribution (F: one hire's "
            f"probability of being done); the path is done when {rule}. Quantiles, decide-by and expected "
            "lateness are exact (the one-hire level is found by bisection on the exact CDF), not sampled."
        )
    lines.append(f"Done = {done_means(result)}; on time = on or before {when}.")
    team = "" if n == 1 else f" (with {n} hires: {k} x the months from the day the {_nth(k)} first PR lands)"
    lines.append(
        f"Work by deadline: months of shipped work from the first PR to {when}{team}, delivered with "
        f"probability at least {pct} (at {pct}) and at the median; months are average months of "
        "30.4375 days; replacements within the window are not subtracted."
        + (" With several hires this is a lower bound of the team's total." if n > 1 else "")
    )
    lines += [
        "on_track: done by the deadline at the chosen confidence; at_risk: the median is on time, "
        "the confidence level is not; misses: the median is late.",
        "Decide by: the latest start that still meets the deadline at the chosen confidence; "
        "slack: days to spare at that confidence (negative: late). "
        "Expected days late: E[max(0, done - deadline)].",
        f"Cost of the work: first PR{work} for each of the {n} hire(s), paid from each path's start "
        "until done (ramp, one-time costs, yearly increases and expected replacements, as `compare`): "
        "the same work for every path.",
        "Spend to deadline: what is spent from the start to the deadline (calendar basis, median dates).",
        f"Headcount {n}; role {result.role.id}.",
    ]
    if result.budget is not None:
        lines.append(
            f"Budget {result.budget:,.2f} for the cost of the work. p_joint: P(done by {when} and the cost "
            "of the work within the budget), from `mlhire simulate` on the same question (20,000 samples, "
            "seed 1; within sampling error of about 0.01). Ranked by p_joint, highest first; ties as "
            "without a budget."
        )
    if result.ranked_without_budget == "expected_total":
        lines.append(
            f"Expected delay cost: {result.delay_cost_per_month:,.2f} a month late x expected months late. "
            + ("Without a budget, ranked" if result.budget is not None else "Ranked")
            + " by expected total (mid) = cost of the work (mid) + expected delay cost, lowest first; "
            + (
                "ties as without a delay cost (P(on time), then expected days late)."
                if result.work
                else "ties by work by deadline."
            )
        )
    elif result.ranked_without_budget == "probability":
        lines.append(
            ("Without a budget, ranked" if result.budget is not None else "Ranked")
            + " by P(on time) (at 6 decimals), highest first; equally likely paths (such as paths "
            "that all miss) by expected days late, fewest first; then by cost of the work (mid)."
        )
    else:
        lines.append(
            f"Ranked by work by deadline at {pct}, most first; then at the median; then by P(first PR on "
            "time), expected days late and spend to deadline (mid)."
        )
    return lines


def _nth(k: int) -> str:
    suffix = "th" if 10 <= k % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(k % 10, "th")
    return f"{k}{suffix} hire's"


WORK_MODE_COLUMNS = [
    Column("probability", "P(on time)", "percent"),
    Column("verdict", "Verdict"),
    Column("p50_done", "P50 done", "date"),
    Column("p90_done", "P90 done", "date"),
]
JOINT_COLUMN = Column("p_joint", "P(on time, in budget)", "percent")
DELAY_COLUMNS = [
    Column("expected_delay_cost", "Expected delay cost", "money"),
    Column("expected_total_mid", "Expected total (mid)", "money"),
]


def _confidence(document: Document) -> str:
    return f"{document['confidence']:.0%}"


def _rows(document: Document) -> list[dict[str, Any]]:
    """The cells of each path shared by the table and the flat table."""
    rows = []
    for position, path in enumerate(document["paths"], start=1):
        work_cost = path["cost_of_work"]
        spend = path["cost_to_deadline"]
        expected_total = path["expected_total"]
        rows.append(
            {
                "rank": position,
                "path": marked(path["id"], path["estimate"]),
                "path_id": path["id"],
                "probability": Decimal(repr(path["probability"].value)),
                "verdict": path["verdict"],
                "p50_done": path["p50_done"],
                "p90_done": path["p90_done"],
                "done_at_confidence": path["done_at_confidence"],
                "slack_days": path["slack_days"],
                "decide_by": path["decide_by"],
                "work_at_confidence": path["work_by_deadline"]["at_confidence"],
                "work_median": path["work_by_deadline"]["median"],
                "expected_late_days": path["expected_late_days"],
                "estimate": path["estimate"],
                "work_cost_low": work_cost["low"],
                "work_cost_mid": work_cost["mid"],
                "work_cost_high": work_cost["high"],
                "spend_low": spend["low"],
                "spend_mid": spend["mid"],
                "spend_high": spend["high"],
                "expected_delay_cost": path["expected_delay_cost"],
                "expected_total_mid": None if expected_total is None else expected_total["mid"],
                "p_joint": Decimal(repr(path["p_joint"].value)) if "p_joint" in path else None,
            }
        )
    return rows


def _work_columns(document: Document, *, flat: bool) -> list[Column]:
    """Work by the deadline: the answer without --work."""
    pct = _confidence(document)
    if flat:
        return [
            Column("work_at_confidence", f"Work by deadline at {pct} (months)", "number"),
            Column("work_median", "Work by deadline, median (months)", "number"),
            Column("done_at_confidence", f"First PR at {pct}", "date"),
        ]
    return [
        Column("work_at_confidence", f"Work at {pct} (months)", "number"),
        Column("work_median", "Work, median (months)", "number"),
        Column("done_at_confidence", f"First PR at {pct}", "date"),
        Column("spend_mid", "Spend to deadline (mid)", "money"),
    ]


def rank_tables(document: Document) -> list[Table]:
    pct = _confidence(document)
    deadline = document["deadline"].isoformat()
    asks_work = document["work"] is not None
    if asks_work:
        question = f"done = {document['done']} by {deadline}"
    else:
        question = f"months of work delivered by {deadline}"
        if document["headcount"] > 1:
            question += f" (done = {document['done']})"
    title = (
        f"{document['role']['title']}: {question}, from {document['start'].isoformat()}, "
        f"{pct} confidence, in {document['currency']}"
    )
    columns = [Column("rank", "#", "int"), Column("path", "Path")]
    if asks_work:
        columns += [
            *WORK_MODE_COLUMNS,
            Column("slack_days", f"Slack at {pct}", "int"),
            Column("decide_by", "Decide by", "date"),
            Column("expected_late_days", "Exp. days late", "number"),
            Column("work_cost_mid", "Cost of work (mid)", "money"),
        ]
    else:
        columns += _work_columns(document, flat=False)
    if document["delay_cost_per_month"] is not None:
        if not asks_work:  # the expected total is of the same work for every path: the first PR
            columns.append(Column("work_cost_mid", "Cost to first PR (mid)", "money"))
        columns += DELAY_COLUMNS
    if "budget" in document:
        columns.insert(2, JOINT_COLUMN)
    rows = [{**row, "verdict": row["verdict"].replace("_", " ")} for row in _rows(document)]
    return [Table(title, columns, rows)]


def rank_flat(document: Document) -> Table:
    columns = [
        Column("rank", "Rank", "int"),
        Column("path_id", "Path id"),
        *_work_columns(document, flat=True),
        *WORK_MODE_COLUMNS,
        Column("slack_days", "Slack (days)", "int"),
        Column("decide_by", "Decide by", "date"),
        Column("expected_late_days", "Expected late (days)", "number"),
        Column("estimate", "Estimate", "bool"),
        Column("currency", "Currency"),
        Column("work_cost_low", "Cost of work low", "money"),
        Column("work_cost_mid", "Cost of work mid", "money"),
        Column("work_cost_high", "Cost of work high", "money"),
        Column("spend_low", "Spend to deadline low", "money"),
        Column("spend_mid", "Spend to deadline mid", "money"),
        Column("spend_high", "Spend to deadline high", "money"),
    ]
    if document["delay_cost_per_month"] is not None:
        columns += DELAY_COLUMNS
    if "budget" in document:
        columns.append(Column("p_joint", "P(on time and within budget)", "percent"))
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


# ---------------------------------------------------------------- the ranking in words


def team(result: Ranking) -> str:
    """Which hires must be done: `all 3 hires`, `both hires`, `2 of 3 hires` ('' for one)."""
    if result.headcount == 1:
        return ""
    if result.needed < result.headcount:
        return f"{result.needed} of {result.headcount} hires"
    return "both hires" if result.headcount == 2 else f"all {result.headcount} hires"


def done_means(result: Ranking) -> str:
    """What "done" is, in words: `first PR + 3 months`, `all 3 hires at first PR + 6 weeks`."""
    done = "first PR" + (f" + {result.work}" if result.work else "")
    return f"{team(result)} at {done}" if team(result) else done


def headline(result: Ranking) -> str:
    if result.work is None:
        return _work_headline(result) + _joint_headline(result)
    return f"Done = {done_means(result)}. {_deadline_headline(result)}" + _joint_headline(result)


def _joint_headline(result: Ranking) -> str:
    """With a budget: the path most likely to be on time and within it (the ranking's first)."""
    if result.budget is None:
        return ""
    best = result.paths[0]
    return (
        f" Within {result.budget:,.2f} for the cost of the work, {best.path.id} is the most likely to be "
        f"done ({done_means(result)}) by {result.deadline.isoformat()} and within budget: p_joint "
        f"{percent_cell(Decimal(repr(sampled_probability(best.p_joint or 0.0))), human=True)}."
    )


def _work_headline(result: Ranking) -> str:
    pct = f"{result.confidence:.0%}"
    crew = "" if result.headcount == 1 else f"a team of {result.needed} via "
    # most work first, whatever the ranking (with a delay cost it is by expected total)
    first, *rest = sorted(result.paths, key=lambda o: order_key("work_by_deadline", o))
    words = f"{crew}{first.path.id} delivers {_months(first)} months of work"
    if rest:
        words += "; " + ", ".join(f"{o.path.id} {_months(o)}" for o in rest)
    line = f"By {result.deadline.isoformat()}, at {pct}, {words}."
    if result.ranked_by == "expected_total":
        line += f" Lowest expected total (cost to the first PR + expected delay): {result.paths[0].path.id}."
    return line


def _deadline_headline(result: Ranking) -> str:
    pct = f"{result.confidence:.0%}"
    when = result.deadline.isoformat()
    failing = [p for p in result.paths if p.verdict != "on_track"]
    if not failing:
        last = min(result.paths, key=lambda p: p.decide_by or date.max)
        return (
            f"Every path makes {when} at {pct}; the first to stop making it is "
            f"{last.path.name}, if you decide after {_iso(last.decide_by)}."
        )
    failing.sort(key=lambda p: p.decide_by or date.min)
    names = _join([p.path.name for p in failing])
    if len(failing) == 1:
        reason = f"it had to start by {_iso(failing[0].decide_by)}"
    else:
        reason = "they had to start by " + _join([_iso(p.decide_by) for p in failing]) + " respectively"
    return f"{names} cannot make {when} at {pct}: {reason}."


def _months(item: PathOutlook) -> str:
    return f"{item.work_by_deadline.at_confidence:.1f}"


def _iso(day: date | None) -> str:
    return day.isoformat() if day else "never"


def _join(words: Sequence[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
