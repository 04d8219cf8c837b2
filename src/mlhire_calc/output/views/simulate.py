"""The view of `mlhire simulate`: one document; the outlook and frontier tables derived from it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from mlhire_calc.domain.catalog import Catalog
from mlhire_calc.engine.rank import PROBABILITY_PLACES, sampled_probability, shown_probability
from mlhire_calc.engine.simulate import PathSimulation, Simulation
from mlhire_calc.output.layout import Column, Document, Exact, Report, Table, percent_cell

from .common import band_json, data_note, envelope

SCHEMA = "mlhire.simulate/1"
SAMPLED_PLACES = 4  # a sampled probability: its sampling error is far above 1e-4


def simulate_report(result: Simulation, catalog: Catalog) -> Report:
    return Report(
        simulate_document(result, catalog),
        simulate_tables,
        simulate_flat,
        to_headline=lambda document: [document["headline"]],
        to_notes=simulate_notes,
    )


def _sampled(value: float | None) -> Exact | None:
    """A sampled probability: never 0 or 1 (`sampled_probability`)."""
    return None if value is None else Exact(sampled_probability(value, SAMPLED_PLACES), SAMPLED_PLACES)


def _path_json(item: PathSimulation) -> dict[str, Any]:
    return {
        "id": item.path.id,
        "name": item.path.name,
        "p_on_time": _sampled(item.p_on_time),
        "probability": None
        if item.probability is None
        else Exact(shown_probability(item.probability), PROBABILITY_PLACES),
        "p_under_budget": _sampled(item.p_under_budget),
        "p_joint": _sampled(item.p_joint),
        "cost_at_confidence": item.cost_at_confidence,
        "date_at_confidence": item.date_at_confidence,
        "cost_of_work": band_json(item.cost_of_work),
        "cost": {"mean": item.cost_mean, "p10": item.cost_p10, "p50": item.cost_p50, "p90": item.cost_p90},
        "done": {"p10": item.done_p10, "p50": item.done_p50, "p90": item.done_p90},
        "correlation": round(item.correlation, SAMPLED_PLACES),
        "additive_error": round(item.additive_error, SAMPLED_PLACES),
        "figures": item.figures,
        "frontier": [{"date": point.day, "budget": point.budget} for point in item.frontier],
    }


def simulate_document(result: Simulation, catalog: Catalog) -> Document:
    return envelope(
        SCHEMA,
        catalog,
        [*simulate_assumptions(result), *catalog.overrides],
        role={"id": result.role.id, "title": result.role.title},
        start=result.start,
        deadline=result.deadline,
        work=None if result.work is None else {"amount": result.work.amount, "unit": result.work.unit},
        headcount=result.headcount,
        need=result.need,
        budget=result.budget,
        confidence=result.confidence,
        samples=result.samples,
        seed=result.seed,
        headline=headline(result),
        paths=[_path_json(item) for item in result.paths],
    )


def simulate_assumptions(result: Simulation) -> list[str]:
    pct = f"{result.confidence:.0%}"
    done = "first PR" + (f" + {result.work}" if result.work else "")
    team = "" if result.headcount == 1 else f" ({result.need} of {result.headcount} hires)"
    return [
        f"{result.samples:,} samples, seed {result.seed}: the same seed gives the same output. Each path and "
        "each figure draws from a stream of its own (the seed and its name).",
        f"Time: done = {done}{team}, drawn by inverse transform of rank's completion distribution (its "
        "CDF tabulated at 2,048 days and at the deadline); `probability` is rank's exact P(on time), "
        "`p_on_time` the sampled one.",
        f"Cost: the cost of the work as rank computes it (paid from the start until done = {done}; "
        "without --work, the cost to the first PR: ramp and one-time costs). Each uncertain "
        "amount, rate or fraction is drawn independently from a PERT distribution on its low, mid and "
        "high (Beta, shape 4); its effect on the total is the engine's, at its low and high with the "
        "others at mid, interpolated linearly; effects add (`additive_error`: how far that moves the "
        "engine's own low and high totals, as a share of mid).",
        "Coupling: the start is drawn at the same quantile as the first PR; the paid ramp between them "
        "moves the cost at the recurring monthly rate (mid). Expected replacements stay at their "
        "expectation.",
        f"At {pct}: the cost and the date that {pct} of the samples are within, each on its own. "
        f"Frontier: (deadline, budget) pairs that {pct} of the samples meet together (the joint cost "
        "and schedule confidence level), from the earliest deadline that can be met to the latest sample.",
    ]


def _pct(value: float | None) -> str:
    """A sampled probability in words, as its table cell shows it (never 0% or 100%)."""
    if value is None:
        return "-"
    return percent_cell(Decimal(repr(sampled_probability(value, SAMPLED_PLACES))), human=True)


def headline(result: Simulation) -> str:
    pct = f"{result.confidence:.0%}"
    if result.deadline is not None and result.budget is not None:
        odds = ", ".join(f"{item.path.id} {_pct(item.p_joint)}" for item in result.paths)
        return (
            f"P(done by {result.deadline.isoformat()} and within {result.budget:,.2f}): {odds}. "
            f"{result.samples:,} samples, seed {result.seed}."
        )
    outlook = ", ".join(
        f"{item.path.id} by {item.date_at_confidence.isoformat()} for {item.cost_at_confidence:,.2f}"
        for item in result.paths
    )
    done = "first PR" + (f" + {result.work}" if result.work else "")
    samples = f"{result.samples:,} samples, seed {result.seed}"
    return f"Done = {done}. At {pct}, each on its own: {outlook}. {samples}."


def _rows(document: Document) -> list[dict[str, Any]]:
    rows = []
    for path in document["paths"]:
        rows.append(
            {
                "path": path["id"],
                **{
                    key: None if path[key] is None else Decimal(repr(path[key].value))
                    for key in ("p_on_time", "probability", "p_under_budget", "p_joint")
                },
                "date_at_confidence": path["date_at_confidence"],
                "cost_at_confidence": path["cost_at_confidence"],
                "cost_p10": path["cost"]["p10"],
                "cost_p50": path["cost"]["p50"],
                "cost_p90": path["cost"]["p90"],
                "done_p50": path["done"]["p50"],
                "correlation": path["correlation"],
            }
        )
    return rows


def simulate_tables(document: Document) -> list[Table]:
    pct = f"{document['confidence']:.0%}"
    deadline, budget = document["deadline"], document["budget"]
    question = []
    if deadline is not None:
        question.append(f"by {deadline.isoformat()}")
    if budget is not None:
        question.append(f"within {budget:,.2f}")
    work = document["work"]
    done = "first PR" + ("" if work is None else f" + {work['amount']:g} {work['unit'].replace('_', ' ')}")
    title = (
        f"{document['role']['title']}: cost and time to {done}"
        + (f", {' and '.join(question)}" if question else "")
        + f", from {document['start'].isoformat()}, in {document['currency']}"
    )
    columns = [Column("path", "Path")]
    if deadline is not None:
        columns.append(Column("p_on_time", "P(on time)", "percent"))
    if budget is not None:
        columns.append(Column("p_under_budget", "P(within budget)", "percent"))
    if deadline is not None and budget is not None:
        columns.append(Column("p_joint", "P(both)", "percent"))
    columns += [
        Column("date_at_confidence", f"Done at {pct}", "date"),
        Column("cost_at_confidence", f"Cost at {pct}", "money"),
        Column("cost_p10", "Cost P10", "money"),
        Column("cost_p90", "Cost P90", "money"),
    ]
    frontier = [
        {"path": path["id"], "date": point["date"], "budget": point["budget"]}
        for path in document["paths"]
        for point in path["frontier"]
    ]
    separators = {
        index for index in range(1, len(frontier)) if frontier[index]["path"] != frontier[index - 1]["path"]
    }
    return [
        Table(title, columns, _rows(document)),
        Table(
            f"Frontier at {pct}, joint",
            [Column("path", "Path"), Column("date", "Deadline", "date"), Column("budget", "Budget", "money")],
            frontier,
            separators=separators,
        ),
    ]


def simulate_flat(document: Document) -> Table:
    columns = [
        Column("path", "Path id"),
        Column("p_on_time", "P(on time), sampled", "percent"),
        Column("probability", "P(on time), exact", "percent"),
        Column("p_under_budget", "P(within budget)", "percent"),
        Column("p_joint", "P(both)", "percent"),
        Column("date_at_confidence", "Done at confidence", "date"),
        Column("cost_at_confidence", "Cost at confidence", "money"),
        Column("cost_p10", "Cost P10", "money"),
        Column("cost_p50", "Cost P50", "money"),
        Column("cost_p90", "Cost P90", "money"),
        Column("done_p50", "Done P50", "date"),
        Column("correlation", "Correlation", "number"),
        Column("currency", "Currency"),
    ]
    return Table("simulate", columns, _rows(document), fixed={"currency": document["currency"]})


def simulate_notes(document: Document) -> list[str]:
    return [*document["assumptions"], data_note(document)]
