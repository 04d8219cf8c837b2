"""The view of `mlhire sensitivity`: one document; the tornado tables and CSV rows derived from it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from mlhire_calc.domain.catalog import Catalog, TimeRange
from mlhire_calc.engine.rank import PROBABILITY_PLACES
from mlhire_calc.engine.sensitivity import Row, Sensitivity
from mlhire_calc.output.layout import CellKind, Column, Document, Exact, Report, Table

from .common import data_note, envelope

SCHEMA = "mlhire.sensitivity/1"
MONTHS_PLACES = 2


def sensitivity_report(result: Sensitivity, catalog: Catalog) -> Report:
    return Report(
        sensitivity_document(result, catalog),
        sensitivity_tables,
        sensitivity_flat,
        to_headline=lambda document: [document["headline"]],
        to_notes=sensitivity_notes,
    )


def _figure_value(row: Row, value: Decimal | float) -> Decimal | float | Exact:
    """A measure's value as the document holds it: money in cents, months at 2 places, P at 6."""
    if row.unit == "money":
        assert isinstance(value, Decimal)
        return value.quantize(Decimal("0.01"))
    if row.unit == "probability":
        return Exact(value, PROBABILITY_PLACES)
    return round(float(value), MONTHS_PLACES)


def _row_json(row: Row) -> dict[str, Any]:
    figure = row.figure
    value = figure.value
    return {
        "figure": figure.name,
        "measure": row.measure,
        "unit": row.unit,
        "base": _figure_value(row, row.base),
        "at_low": _figure_value(row, row.at_low),
        "at_high": _figure_value(row, row.at_high),
        "swing": _figure_value(row, row.swing),
        "flips": row.flips,
        "decision_at_low": row.decision_at_low,
        "decision_at_high": row.decision_at_high,
        "range": {
            "low": value.low,
            "median": value.median,
            "high": value.high,
            "unit": value.unit if isinstance(value, TimeRange) else None,
        },
        "estimate": bool(getattr(value, "estimate", False)),
        "source": getattr(value, "source", None),
    }


def sensitivity_document(result: Sensitivity, catalog: Catalog) -> Document:
    question = result.question
    base = result.base
    return envelope(
        SCHEMA,
        catalog,
        [*sensitivity_assumptions(result), *catalog.overrides],
        role={"id": result.role.id, "title": result.role.title},
        start=question.start,
        months=question.months,
        headcount=question.headcount,
        baseline=question.baseline_id,
        deadline=question.deadline,
        work=None if question.work is None else {"amount": question.work.amount, "unit": question.work.unit},
        confidence=question.confidence,
        decision=result.decision,
        decided_by="cheapest path that makes the deadline" if question.deadline else "cheapest path",
        headline=headline(result),
        paths=[
            {
                "id": path_id,
                "total": base.totals[path_id],
                "makes_deadline": base.makes.get(path_id) if question.deadline else None,
                question.schedule_measure: (
                    None
                    if question.deadline is None
                    else Exact(base.schedule[path_id], PROBABILITY_PLACES)
                    if question.work is not None
                    else round(base.schedule[path_id], MONTHS_PLACES)
                ),
            }
            for path_id in question.evaluated
        ],
        rows=[_row_json(row) for row in result.rows],
        schedule=[_row_json(row) for row in result.schedule],
        figures_examined=len(result.examined),
        unmoved=[figure.name for figure in result.unmoved],
    )


def sensitivity_assumptions(result: Sensitivity) -> list[str]:
    question = result.question
    lines = [
        "Each uncertain figure of the data (a range whose low and high differ) is made a point at its "
        "low, then at its high, every other figure at its mid (a time keeps its distribution); the "
        "engine answers the question again each time. A time made a point moves the dates the cost "
        "model reads (its median), and with a deadline the completion time.",
        f"Measures: each path's total (mid) for {question.months:f} months of shipped work "
        f"(as `mlhire compare`, headcount {question.headcount}); the saving of the chosen path against "
        f"{question.baseline_id}; rows are ranked by swing, |at high - at low|, largest first.",
    ]
    if question.deadline is not None:
        pct = f"{question.confidence:.0%}"
        measure = (
            f"its probability of being done (first PR + {question.work}) by {question.deadline.isoformat()}"
            if question.work is not None
            else f"its months of work by {question.deadline.isoformat()} at {pct} (as `mlhire rank`)"
        )
        lines.append(f"Schedule: for each path, {measure}; ranked by swing in their own table.")
        lines.append(
            f"Decision: the cheapest path (total, mid) that makes {question.deadline.isoformat()} at {pct} "
            "(rank's on-track verdict). A swing flips it when the decision at the figure's low or high "
            "is another path (or none)."
        )
    else:
        lines.append(
            "Decision: the cheapest path (total, mid). A swing flips it when the decision at the figure's "
            "low or high is another path."
        )
    return lines


def headline(result: Sensitivity) -> str:
    question = result.question
    if result.decision is None:
        opening = f"No path makes {question.deadline.isoformat() if question.deadline else 'the date'}."
    else:
        how = f" that makes {question.deadline.isoformat()}" if question.deadline else ""
        total = result.base.totals[result.decision]
        opening = f"The cheapest path{how} is {result.decision} ({total:,.2f}, mid)."
    flipping = sorted({row.figure.name for row in [*result.rows, *result.schedule] if row.flips})
    if flipping:
        shown = ", ".join(flipping[:5]) + (f" and {len(flipping) - 5} more" if len(flipping) > 5 else "")
        opening += f" Swings that change it: {shown}."
    else:
        opening += " No single figure's swing from its low to its high changes it."
    if result.rows:
        top = result.rows[0]
        opening += (
            f" Largest swing: {top.figure.name} moves {top.measure} by {top.swing:,.2f} "
            f"({top.at_low:,.2f} at its low, {top.at_high:,.2f} at its high)."
        )
    return opening


def _cells(document: Document, key: str) -> list[dict[str, Any]]:
    rows = []
    for position, row in enumerate(document[key], start=1):
        values = {
            name: Decimal(repr(row[name].value)) if isinstance(row[name], Exact) else row[name]
            for name in ("base", "at_low", "at_high", "swing")
        }
        decision = row["decision_at_low"], row["decision_at_high"]
        rows.append(
            {
                "rank": position,
                "figure": row["figure"],
                "measure": row["measure"],
                "unit": row["unit"],
                **values,
                "flips": row["flips"],
                "decision_at_low": decision[0],
                "decision_at_high": decision[1],
                "flip": _flip(document["decision"], *decision),
            }
        )
    return rows


def _flip(chosen: str | None, at_low: str | None, at_high: str | None) -> str:
    """What the decision becomes: `embedded at high`, `none at low` ('' when it holds)."""
    changes = [
        f"{then or 'none'} at {side}" for side, then in (("low", at_low), ("high", at_high)) if then != chosen
    ]
    return ", ".join(changes)


def _kind(document: Document, key: str) -> CellKind:
    if key == "rows":
        return "money"
    return "percent" if document["work"] is not None else "number"


def sensitivity_tables(document: Document) -> list[Table]:
    title = (
        f"{document['role']['title']}: what moves the cost of {document['months']:f} months of work, "
        f"from {document['start'].isoformat()}, in {document['currency']}"
    )
    tables = []
    for key, heading in (("rows", title), ("schedule", "What moves the schedule")):
        if key == "schedule" and document["deadline"] is None:
            continue
        kind = _kind(document, key)
        rows = _cells(document, key)
        columns = [
            Column("rank", "#", "int"),
            Column("figure", "Figure"),
            Column("measure", "Measure"),
            Column("at_low", "At low", kind),
            Column("at_high", "At high", kind),
            Column("swing", "Swing", kind),
        ]
        if any(row["flips"] for row in rows):
            columns.append(Column("flip", "Flips to"))
        tables.append(Table(heading, columns, rows))
    return tables


def sensitivity_flat(document: Document) -> Table:
    columns = [
        Column("rank", "Rank", "int"),
        Column("figure", "Figure"),
        Column("measure", "Measure"),
        Column("unit", "Unit"),
        Column("base", "Base", "number"),
        Column("at_low", "At low", "number"),
        Column("at_high", "At high", "number"),
        Column("swing", "Swing", "number"),
        Column("flips", "Flips", "bool"),
        Column("decision_at_low", "Decision at low"),
        Column("decision_at_high", "Decision at high"),
        Column("currency", "Currency"),
    ]
    rows = [*_cells(document, "rows"), *_cells(document, "schedule")]
    return Table("sensitivity", columns, rows, fixed={"currency": document["currency"]})


def sensitivity_notes(document: Document) -> list[str]:
    unmoved = document["unmoved"]
    lines = [*document["assumptions"]]
    lines.append(
        f"{document['figures_examined']} uncertain figures examined"
        + (f"; these move no measure: {', '.join(unmoved)}." if unmoved else ".")
    )
    return [*lines, data_note(document)]
