"""Which uncertain figures move the answer most, and which of them flip the decision.

One at a time, every uncertain figure of the question (`figures.figures`) is made a
point at its low and then at its high, every other figure staying at its mid (a time
keeps its whole distribution); the engine answers the question again each time, with
`cost.compare` for the cost and `rank.rank` for the schedule, so the swings are the
model's own. Measured:

- each path's total (mid) for the months of work, and the saving of the chosen path
  against the baseline;
- with a deadline, each path's work by it at the confidence (rank's
  `work_by_deadline.at_confidence`), or with `work` its probability of being done.

The decision is the cheapest path (lowest total, mid); with a deadline, the cheapest
path that makes the date at the confidence (rank's verdict `on_track`). A swing flips
it when the decision at the figure's low or high is another path.

Only what a figure can move is recomputed: a path's own figure moves that path alone,
and the schedule is asked again only when a path's completion time changed.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Literal

from mlhire_calc.domain.catalog import Catalog, Role
from mlhire_calc.domain.choices import Basis
from mlhire_calc.domain.errors import UsageError
from mlhire_calc.domain.limits import check_headcount, check_months
from mlhire_calc.domain.timeline import Duration

from .cost import DEFAULT_BASELINE, compare
from .figures import Figure, figures, moves_only_its_path, pinned
from .rank import completion_dist, rank

Unit = Literal["money", "months", "probability"]
Side = Literal["low", "high"]


@dataclass(frozen=True)
class Question:
    """What is asked: the role, the paths, the months of work, and optionally a deadline."""

    role_id: str
    path_ids: tuple[str, ...]  # the paths compared, in order
    months: Decimal
    start: date
    headcount: int = 1
    baseline_id: str | None = DEFAULT_BASELINE
    deadline: date | None = None
    work: Duration | None = None
    confidence: float = 0.9

    @property
    def schedule_unit(self) -> Unit:
        return "probability" if self.work is not None else "months"

    @property
    def schedule_measure(self) -> str:
        return "probability" if self.work is not None else "work_by_deadline"

    @property
    def evaluated(self) -> tuple[str, ...]:
        """The paths computed: those compared and the baseline."""
        extra = () if self.baseline_id is None or self.baseline_id in self.path_ids else (self.baseline_id,)
        return (*self.path_ids, *extra)


@dataclass(frozen=True)
class Answer:
    """The question's figures for one state of the data."""

    totals: dict[str, Decimal]  # path id -> total (mid) of the months of work
    schedule: dict[str, float]  # path id -> work by the deadline at the confidence, or P(on time)
    makes: dict[str, bool]  # path id -> makes the deadline at the confidence

    def merged(self, other: Answer) -> Answer:
        return Answer(
            {**self.totals, **other.totals},
            {**self.schedule, **other.schedule},
            {**self.makes, **other.makes},
        )


@dataclass(frozen=True)
class Row:
    """How far one figure, from its low to its high, moves one measure."""

    figure: Figure
    measure: str  # `PATH.total`, `PATH.saving`, `PATH.work_by_deadline`, `PATH.probability`
    unit: Unit
    base: Decimal | float  # every figure at mid
    at_low: Decimal | float
    at_high: Decimal | float
    decision_at_low: str | None
    decision_at_high: str | None
    flips: bool

    @property
    def swing(self) -> Decimal | float:
        """|at high - at low|, in the measure's unit."""
        if isinstance(self.at_low, Decimal) and isinstance(self.at_high, Decimal):
            return abs(self.at_high - self.at_low)
        return abs(float(self.at_high) - float(self.at_low))


@dataclass(frozen=True)
class Sensitivity:
    """Every figure's swing of every measure it moves, largest first."""

    question: Question
    role: Role
    currency: str
    base: Answer
    decision: str | None  # the cheapest path (that makes the deadline), every figure at mid
    rows: list[Row]  # money: totals and the saving
    schedule: list[Row]  # with a deadline: work by it, or P(on time)
    examined: list[Figure]  # every uncertain figure the question reads
    unmoved: list[Figure]  # those that move no measure

    @property
    def saving_path(self) -> str | None:
        """The path whose saving against the baseline is measured: the decision, unless it is the baseline."""
        if self.decision is None or self.decision == self.question.baseline_id:
            return None
        return self.decision


def decision(question: Question, answer: Answer) -> str | None:
    """The cheapest compared path (total, mid); with a deadline, of those that make it."""
    eligible = [
        path_id
        for path_id in question.path_ids
        if question.deadline is None or answer.makes.get(path_id, False)
    ]
    if not eligible:
        return None
    return min(eligible, key=lambda path_id: (answer.totals[path_id], question.path_ids.index(path_id)))


def answer(catalog: Catalog, question: Question, path_ids: Sequence[str], *, schedule: bool = True) -> Answer:
    """The question's measures for `path_ids`, computed by the engine on `catalog`."""
    costs = compare(
        catalog,
        role_id=question.role_id,
        path_ids=tuple(path_ids),
        months=question.months,
        headcount=question.headcount,
        basis=Basis.work,
        start=question.start,
        baseline_id=None,
    )
    totals = {cost.path.id: cost.total.mid for cost in costs.paths}
    if question.deadline is None or not schedule:
        return Answer(totals, {}, {})
    ranking = rank(
        catalog,
        start=question.start,
        deadline=question.deadline,
        role_id=question.role_id,
        path_ids=tuple(path_ids),
        confidence=question.confidence,
        work=question.work,
        headcount=question.headcount,
    )
    measure: dict[str, float] = {}
    makes: dict[str, bool] = {}
    for item in ranking.paths:
        value = item.probability if question.work is not None else item.work_by_deadline.at_confidence
        measure[item.path.id] = value
        makes[item.path.id] = item.verdict == "on_track"
    return Answer(totals, measure, makes)


def _timing_changed(
    base: Catalog, changed: Catalog, question: Question, path_ids: Sequence[str]
) -> list[str]:
    """The paths whose completion time differs between the two catalogs."""

    def completion(catalog: Catalog, path_id: str) -> object:
        path = catalog.path(path_id)
        return completion_dist(path, question.work, question.role_id, headcount=question.headcount)

    return [p for p in path_ids if completion(base, p) != completion(changed, p)]


def _swung(catalog: Catalog, question: Question, base: Answer, figure: Figure, at: Decimal) -> Answer:
    """The answer with `figure` a point at `at`, recomputing only what it can move."""
    affected = (
        [figure.owner] if moves_only_its_path(figure) and figure.owner in question.evaluated else []
    ) or list(question.evaluated)
    changed = pinned(catalog, figure, at)
    result = base.merged(answer(changed, question, affected, schedule=False))
    if question.deadline is not None:
        timed = _timing_changed(catalog, changed, question, affected)
        if timed:
            schedule = answer(changed, question, timed)
            result = result.merged(Answer({}, schedule.schedule, schedule.makes))
    return result


def _measures(question: Question, saving_path: str | None) -> list[tuple[str, Unit]]:
    money: list[tuple[str, Unit]] = [(f"{path_id}.total", "money") for path_id in question.evaluated]
    if saving_path is not None:
        money.append((f"{saving_path}.saving", "money"))
    return money


def _value(question: Question, answer: Answer, measure: str) -> Decimal | float:
    path_id, _, what = measure.rpartition(".")
    if what == "total":
        return answer.totals[path_id]
    if what == "saving":
        assert question.baseline_id is not None
        return answer.totals[question.baseline_id] - answer.totals[path_id]
    return answer.schedule[path_id]


def sensitivity(catalog: Catalog, question: Question) -> Sensitivity:
    """Swing each uncertain figure from its low to its high and rank what it moves."""
    check_months(question.months)
    check_headcount(question.headcount)
    if not 0 < question.confidence < 1 or math.isnan(question.confidence):
        raise UsageError(f"{question.confidence} must be strictly between 0 and 1", subject="confidence")
    if question.deadline is not None and question.deadline < question.start:
        raise UsageError(
            f"{question.deadline.isoformat()} is before the start {question.start.isoformat()}",
            subject="deadline",
        )
    if question.baseline_id is not None:
        catalog.path(question.baseline_id)  # InputError for an unknown path
    role = catalog.role(question.role_id)
    ids = tuple(path.id for path in catalog.select_paths(question.path_ids))
    question = replace(question, path_ids=ids)
    base = answer(catalog, question, question.evaluated)
    chosen = decision(question, base)
    saving_path = None if chosen == question.baseline_id else chosen
    measures = _measures(question, saving_path)
    timed = [(f"{p}.{question.schedule_measure}", question.schedule_unit) for p in question.evaluated]
    examined = figures(catalog, question.role_id, question.evaluated)
    rows: list[Row] = []
    schedule: list[Row] = []
    unmoved: list[Figure] = []
    for figure in examined:
        low = _swung(catalog, question, base, figure, figure.band.low)
        high = _swung(catalog, question, base, figure, figure.band.high)
        at_low, at_high = decision(question, low), decision(question, high)
        flips = at_low != chosen or at_high != chosen
        moved = False
        for target, measures_of in ((rows, measures), (schedule, timed if question.deadline else [])):
            for measure, unit in measures_of:
                mid, at_low_value, at_high_value = (_value(question, s, measure) for s in (base, low, high))
                if at_low_value == mid and at_high_value == mid:
                    continue
                moved = True
                target.append(
                    Row(figure, measure, unit, mid, at_low_value, at_high_value, at_low, at_high, flips)
                )
        if not moved and not flips:
            unmoved.append(figure)
    return Sensitivity(
        question,
        role,
        catalog.currency,
        base,
        chosen,
        _ordered(rows),
        _ordered(schedule),
        examined,
        unmoved,
    )


def _ordered(rows: list[Row]) -> list[Row]:
    """Largest swing first; equal swings by figure, a path's total before the saving it
    mirrors, then by measure, so the order is stable."""
    return sorted(
        rows, key=lambda row: (-row.swing, row.figure.name, row.measure.endswith(".saving"), row.measure)
    )
