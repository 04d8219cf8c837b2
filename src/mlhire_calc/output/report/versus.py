"""The report's question under a second data set: `mlhire report --vs-dataset market`.

The same question (role, paths, months, start, deadline, work, overrides) is asked of
the other shipped data set with the commands' own code (`compare` and `rank`, kept as
their JSON documents), so every figure of the side-by-side section equals `mlhire
compare --dataset NAME -f json` and `mlhire rank --dataset NAME -f json`. The figures
that differ most between the two sets come from the figure comparison `mlhire diff`
makes (`figure_changes`). Needs no optional dependency.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path
from typing import Any

from mlhire_calc.datafiles.datasets import FigureChange, data_from_directory, figure_changes, number
from mlhire_calc.datafiles.load import shipped_datasets
from mlhire_calc.domain.catalog import Catalog
from mlhire_calc.domain.timeline import UNIT_DAYS
from mlhire_calc.output.layout import Exact
from mlhire_calc.output.views.rank import rank_report

from .question import Question, compare_document, ranking

TOP_FIGURES = 5  # the figures that differ most, shown on the page


@dataclass(frozen=True)
class Choice:
    """What the headline picks under one data set."""

    pick: str | None  # the cheapest path on time at the confidence level (None: none is)
    cheapest: str  # the cheapest path overall (total, mid)


@dataclass
class Versus:
    """The report's question under the other data set, beside the report's own."""

    name: str  # the other data set, as --vs-dataset names it
    this_name: str  # the report's own data set: `seed`, or its folder's name
    compare: dict[str, Any]  # `mlhire compare --dataset NAME -f json`
    rank: dict[str, Any]  # `mlhire rank --dataset NAME -f json` (without a budget)
    changes: list[dict[str, Any]]  # the figures that differ most: key, old, new, percent, source
    headline: str  # whether the choice is the same under both data sets, in a sentence
    this: Choice
    other: Choice
    rows: list[dict[str, Any]] = field(default_factory=list)  # per path: the changes, other - this


def _whole_change(this: Any, other: Any) -> str:
    """`other - this` to the whole unit, signed: `-12,345`, `+0`."""
    change = Decimal(str(_value(other))) - Decimal(str(_value(this)))
    return f"{change.quantize(Decimal(1), rounding=ROUND_HALF_EVEN):+,}"


def changes_by_path(documents: Mapping[str, Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Each path's change from the report's data set to the other: total and cost per month of
    work (mid, whole units), the date at the confidence level (days) and P(on time) (points)."""
    other = {p["id"]: p for p in documents["vs_compare"]["paths"]}
    outlooks = {o["id"]: o for o in documents["rank"]["paths"]}
    other_outlooks = {o["id"]: o for o in documents["vs_rank"]["paths"]}
    rows = []
    for cost in documents["compare"]["paths"]:
        path_id = cost["id"]
        that, outlook, other_outlook = other[path_id], outlooks[path_id], other_outlooks[path_id]
        per_month, other_per_month = cost["cost_per_work_month"], that["cost_per_work_month"]
        days = (other_outlook["done_at_confidence"] - outlook["done_at_confidence"]).days
        points = (_value(other_outlook["probability"]) - _value(outlook["probability"])) * 100
        rows.append(
            {
                "id": path_id,
                "total": _whole_change(cost["total"]["mid"], that["total"]["mid"]),
                "per_month": None
                if per_month is None or other_per_month is None
                else _whole_change(per_month["mid"], other_per_month["mid"]),
                "days": f"{days:+,} days",
                "points": f"{points:+.1f} pts",
            }
        )
    return rows


def _value(value: Any) -> Any:
    return value.rounded if isinstance(value, Exact) else value


def choice(compare: Mapping[str, Any], rank: Mapping[str, Any]) -> Choice:
    """The headline's choice: the cheapest path on track (mid; ties by id), and the cheapest overall."""
    on_track = {o["id"] for o in rank["paths"] if o["verdict"] == "on_track"}
    by_cost = sorted(compare["paths"], key=lambda p: (p["total"]["mid"], p["id"]))
    pick = next((p["id"] for p in by_cost if p["id"] in on_track), None)
    return Choice(pick, by_cost[0]["id"])


def _relevant(key: str, role_id: str, path_ids: Sequence[str]) -> bool:
    """A figure of the role or of a path asked about (not the role's market notes), or one
    every path reads (countries, currency)."""
    if key.startswith("roles["):
        return key.startswith(f"roles[{role_id}].") and ".market." not in key
    if key.startswith("paths["):
        return any(key.startswith(f"paths[{path_id}].") for path_id in path_ids)
    return not key.startswith("sources")


def _shown(value: Decimal, unit: str | None) -> str:
    """A figure as the page shows it: its number, and its unit when it is a time."""
    text = f"{value.normalize():,f}"
    return text if unit is None else f"{text} {unit.replace('_', ' ')}"


def largest_changes(
    changes: Sequence[FigureChange], role_id: str, path_ids: Sequence[str], top: int = TOP_FIGURES
) -> list[dict[str, Any]]:
    """The numeric figures of the question that moved most, by the size of the move against the
    old figure; a time whose unit changed with it (4.5 months to 63 days) is compared in days."""
    units = {c.key.rsplit(".", 1)[0]: (c.old, c.new) for c in changes if c.key.endswith(".unit")}
    moved = []
    for change in changes:
        old, new = number(change.old), number(change.new)
        if change.kind != "changed" or old is None or new is None or not old:
            continue
        if not _relevant(change.key, role_id, path_ids):
            continue
        old_unit, new_unit = units.get(change.key.rsplit(".", 1)[0], (None, None))
        if old_unit in UNIT_DAYS and new_unit in UNIT_DAYS:
            before = old * Decimal(str(UNIT_DAYS[old_unit]))
            size = (new * Decimal(str(UNIT_DAYS[new_unit])) - before) / before
        else:
            old_unit = new_unit = None
            size = (new - old) / old
        moved.append((abs(size), change.key, change, _shown(old, old_unit), _shown(new, new_unit), size))
    moved.sort(key=lambda entry: (-entry[0], entry[1]))
    return [
        {
            "key": key,
            "old": old,
            "new": new,
            "percent": size * 100,
            "old_source": change.old_provenance.source,
            "new_source": change.new_provenance.source,
        }
        for _, key, change, old, new, size in moved[:top]
    ]


def set_name(catalog: Catalog) -> str:
    """A data set as the page names it: a shipped set by its name (`seed`), else its folder's."""
    folder = Path(os.path.abspath(catalog.directory))
    for name, shipped in shipped_datasets().items():
        if Path(os.path.abspath(shipped)) == folder:
            return name
    return folder.name or "this data"


def _whole(value: Any, currency: str) -> str:
    amount = Decimal(str(_value(value))).quantize(Decimal(1), rounding=ROUND_HALF_EVEN)
    return f"{currency} {amount:,}"


def _headline(
    this_name: str, versus: str, currencies: tuple[str, str], documents: Mapping[str, Mapping[str, Any]]
) -> tuple[str, Choice, Choice]:
    """Whether the headline's choice holds under the other data set, and if not what changes."""
    this = choice(documents["compare"], documents["rank"])
    other = choice(documents["vs_compare"], documents["vs_rank"])
    totals = {
        side: {p["id"]: p["total"]["mid"] for p in documents[key]["paths"]}
        for side, key in (("this", "compare"), ("other", "vs_compare"))
    }
    pct = f"{documents['rank']['confidence']:.0%}"
    deadline = documents["rank"]["deadline"].isoformat()
    on_time = f"on time ({documents['rank']['done']}) by {deadline} at {pct}"

    def cost(side: str, path_id: str) -> str:
        currency = currencies[0] if side == "this" else currencies[1]
        return _whole(totals[side][path_id], currency)

    def both(path_id: str) -> str:
        return f"{cost('this', path_id)} under {this_name}, {cost('other', path_id)} under {versus}"

    moves = {
        path_id: Decimal(str(totals["other"][path_id])) - Decimal(str(total))
        for path_id, total in totals["this"].items()
        if path_id in totals["other"]
    }
    mover = max(sorted(moves), key=lambda path_id: abs(moves[path_id]), default=None)
    largest = (
        "" if mover is None or not moves[mover] else f" The largest move is {mover}'s total: {both(mover)}."
    )
    if this == other:
        if this.pick is None:
            said = f"no path is {on_time} under either"
        else:
            said = f"{this.pick} is the cheapest path {on_time} under both ({both(this.pick)})"
        if this.cheapest != this.pick:
            said += f"; the cheapest overall is {this.cheapest} under both ({both(this.cheapest)})"
        return f"Under {versus} data the choice is the same: {said}.{largest}", this, other
    changed = []
    if this.pick != other.pick:
        if other.pick is None:
            assert this.pick is not None
            changed.append(
                f"no path is {on_time} (under {this_name}: {this.pick}, {cost('this', this.pick)})"
            )
        elif this.pick is None:
            changed.append(
                f"{other.pick} is {on_time} for {cost('other', other.pick)} (under {this_name}: no path)"
            )
        else:
            changed.append(
                f"the cheapest path {on_time} is {other.pick} at {cost('other', other.pick)}, not "
                f"{this.pick} ({both(this.pick)})"
            )
    if this.cheapest != other.cheapest:
        changed.append(
            f"the cheapest overall is {other.cheapest} at {cost('other', other.cheapest)}, not "
            f"{this.cheapest} ({both(this.cheapest)})"
        )
    return f"Under {versus} data the choice changes: {'; '.join(changed)}.{largest}", this, other


def versus(
    catalog: Catalog,
    other: Catalog,
    question: Question,
    path_ids: Sequence[str],
    documents: Mapping[str, Mapping[str, Any]],
) -> Versus:
    """The question asked of `other` (the data set `question.vs_dataset` names), beside the
    report's `documents` (its compare and rank)."""
    assert question.vs_dataset is not None
    vs_compare = compare_document(other, question, path_ids)
    vs_rank = rank_report(ranking(other, question, path_ids), other).document
    assert isinstance(vs_rank, dict)
    base, new = data_from_directory(catalog.directory), data_from_directory(other.directory)
    changes = largest_changes(figure_changes(base, new), question.role_id, path_ids)
    this_name = set_name(catalog)
    both = {**documents, "vs_compare": vs_compare, "vs_rank": vs_rank}
    line, this, that = _headline(this_name, question.vs_dataset, (catalog.currency, other.currency), both)
    rows = changes_by_path(both)
    return Versus(question.vs_dataset, this_name, vs_compare, vs_rank, changes, line, this, that, rows)
