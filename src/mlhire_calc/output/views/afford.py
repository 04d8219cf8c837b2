"""The view of `mlhire afford`: one document; the table and CSV rows derived from it."""

from __future__ import annotations

from typing import Any

from mlhire_calc.domain.catalog import Catalog
from mlhire_calc.engine.afford import Affordability, PathAfford
from mlhire_calc.output.layout import Column, Document, Report, Table

from .common import data_note, envelope

SCHEMA = "mlhire.afford/1"


def afford_report(result: Affordability, catalog: Catalog) -> Report:
    return Report(
        afford_document(result, catalog),
        afford_tables,
        afford_flat,
        to_headline=lambda document: [document["headline"]],
        to_notes=afford_notes,
    )


def _path_json(item: PathAfford) -> dict[str, Any]:
    return {
        "id": item.path.id,
        "name": item.path.name,
        "hires": item.hires,
        "cost": item.cost,
        "work_by_deadline": {
            "at_confidence": item.work_by_deadline.at_confidence,
            "median": item.work_by_deadline.median,
        },
        "per_hire": item.per_hire,
        "first_pr_at_confidence": item.first_pr_at_confidence,
    }


def afford_document(result: Affordability, catalog: Catalog) -> Document:
    return envelope(
        SCHEMA,
        catalog,
        [*afford_assumptions(result), *catalog.overrides],
        role={"id": result.role.id, "title": result.role.title},
        start=result.start,
        deadline=result.deadline,
        confidence=result.confidence,
        band=result.point,
        question=result.question,
        budget=result.budget,
        work=None if result.work is None else {"amount": result.work.amount, "unit": result.work.unit},
        headline=headline(result),
        paths=[_path_json(item) for item in result.paths],
    )


def afford_assumptions(result: Affordability) -> list[str]:
    pct = f"{result.confidence:.0%}"
    when = result.deadline.isoformat()
    lines = [
        f"Every hire is decided on {result.start.isoformat()}. Cost: what N hires spend from the start to "
        f"{when} (rank's spend to deadline, calendar basis, the {result.point} of every range): the same for "
        "each hire of a path, so N hires cost N times one. A path whose hire starts after the deadline "
        "spends and delivers nothing by it.",
        f"Work by deadline: months of shipped work the N hires deliver by {when} with probability at "
        f"least {pct} (rank's figure: N times the months from the day the last of them has a first PR; "
        "a lower bound of the team's total), and at the median.",
    ]
    if result.budget is not None:
        lines.append(
            f"Hires: the most whose cost to {when} is at most {result.budget:,.2f}, checked against the "
            "engine's figure for that number and one more."
        )
    else:
        lines.append(
            f"Hires: the fewest whose work by {when} at {pct} is at least {result.work} of shipped work; "
            "the cost is the budget they need. None: no number of hires does (the first PR comes after "
            "the deadline)."
        )
    return lines


def headline(result: Affordability) -> str:
    when = result.deadline.isoformat()
    pct = f"{result.confidence:.0%}"
    if result.budget is not None:
        best = max(result.paths, key=lambda item: (item.work_by_deadline.at_confidence, -(item.cost or 0)))
        return (
            f"{result.budget:,.2f} to {when} buys, at {pct}: "
            + ", ".join(
                f"{item.path.id} {item.hires} hire{'' if item.hires == 1 else 's'}" for item in result.paths
            )
            + f". Most work by {when}: {best.path.id}, {best.work_by_deadline.at_confidence:.2f} months."
        )
    able = [item for item in result.paths if item.cost is not None]
    if not able:
        return f"No path delivers {result.work} of work by {when} at {pct}."
    cheapest = min(able, key=lambda item: item.cost or 0)
    return (
        f"{result.work} of work by {when} at {pct}: cheapest on {cheapest.path.id}, "
        f"{cheapest.hires} hires for {cheapest.cost:,.2f}."
    )


def _rows(document: Document) -> list[dict[str, Any]]:
    return [
        {
            "path": path["id"],
            "hires": path["hires"],
            "cost": path["cost"],
            "work_at_confidence": path["work_by_deadline"]["at_confidence"],
            "work_median": path["work_by_deadline"]["median"],
            "per_hire": path["per_hire"],
            "first_pr_at_confidence": path["first_pr_at_confidence"],
        }
        for path in document["paths"]
    ]


def _columns(document: Document) -> list[Column]:
    pct = f"{document['confidence']:.0%}"
    cost = "Cost to deadline" if document["question"] == "budget" else "Budget needed"
    return [
        Column("hires", "Hires", "int"),
        Column("cost", f"{cost} ({document['band']})", "money"),
        Column("work_at_confidence", f"Work at {pct} (months)", "number"),
        Column("work_median", "Work, median (months)", "number"),
        Column("per_hire", "Per hire", "money"),
        Column("first_pr_at_confidence", f"First PR at {pct}", "date"),
    ]


def afford_tables(document: Document) -> list[Table]:
    deadline = document["deadline"].isoformat()
    if document["question"] == "budget":
        question = f"hires within {document['budget']:,.2f} to {deadline}"
    else:
        work = document["work"]
        question = f"the budget for {work['amount']:g} {work['unit'].replace('_', ' ')} of work by {deadline}"
    title = (
        f"{document['role']['title']}: {question}, from {document['start'].isoformat()}, "
        f"in {document['currency']}"
    )
    return [Table(title, [Column("path", "Path"), *_columns(document)], _rows(document))]


def afford_flat(document: Document) -> Table:
    columns = [Column("path", "Path id"), *_columns(document), Column("currency", "Currency")]
    return Table("afford", columns, _rows(document), fixed={"currency": document["currency"]})


def afford_notes(document: Document) -> list[str]:
    return [*document["assumptions"], data_note(document)]
