"""`mlhire diff`: what a change to the data files (or to a hiring plan) does to the answers.

Two data sets (a directory, or the same files at a git revision) are compared figure
by figure, then through the answers: each role and path's yearly cost, its savings
against the baseline, the ranking and verdicts of the reference deadline questions,
and a plan's budget. The computing is the core's own (`compare`, `rank`, `budget`).
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from mlhire_calc.datafiles.datasets import DataSet, FigureChange, figure_changes, renamed
from mlhire_calc.domain.catalog import Catalog
from mlhire_calc.domain.choices import DateOrder, GroupBy
from mlhire_calc.domain.errors import MlhireError
from mlhire_calc.domain.money import POINTS, ZERO, Band
from mlhire_calc.domain.timeline import parse_deadline, parse_duration

from .budget import budget
from .cost import DEFAULT_BASELINE, compare
from .plans import Hire, read_plan
from .rank import deadline_problem, rank

YEAR = Decimal(12)


# ---------------------------------------------------------------- effects on the answers


@dataclass(frozen=True)
class CostEffect:
    """A role and path's cost of a year of shipped work, before and after."""

    role: str
    path: str
    before: Band | None  # None: the role or path is new
    after: Band | None  # None: the role or path is gone
    savings_before: Band | None  # against the baseline path
    savings_after: Band | None

    @property
    def change(self) -> Band | None:
        return None if self.before is None or self.after is None else self.after - self.before

    def percent(self) -> dict[str, Decimal | None] | None:
        change = self.change
        if change is None or self.before is None:
            return None
        return {
            point: (change.pick(point) * 100 / self.before.pick(point)) if self.before.pick(point) else None
            for point in POINTS
        }

    @property
    def changed(self) -> bool:
        return self.before != self.after or self.savings_before != self.savings_after


def _union(first: Iterable[str], second: Iterable[str]) -> list[str]:
    return list(dict.fromkeys([*first, *second]))


def _yearly(catalog: Catalog, role_id: str, start: date) -> dict[str, tuple[Band, Band | None]]:
    """Each path's yearly total for a role, and its savings against the baseline."""
    if role_id not in catalog.roles:
        return {}
    result = compare(catalog, role_id=role_id, path_ids=list(catalog.paths), months=YEAR, start=start)
    out: dict[str, tuple[Band, Band | None]] = {}
    for cost in result.paths:
        savings = result.savings(cost)
        out[cost.path.id] = (cost.total, None if savings is None else savings[0])
    return out


def cost_effects(base: Catalog, new: Catalog, start: date) -> list[CostEffect]:
    effects = []
    for role_id in _union(new.roles, base.roles):
        before, after = _yearly(base, role_id, start), _yearly(new, role_id, start)
        for path_id in _union(after, before):
            old, now = before.get(path_id), after.get(path_id)
            effects.append(
                CostEffect(
                    role_id,
                    path_id,
                    old[0] if old else None,
                    now[0] if now else None,
                    old[1] if old else None,
                    now[1] if now else None,
                )
            )
    return effects


@dataclass(frozen=True)
class Question:
    """A reference deadline question (the README's examples)."""

    title: str
    role: str
    deadline: str
    work: str
    confidence: float = 0.9


REFERENCE_QUESTIONS = (
    Question("ML engineer: first PR + 3 months of work by 2027-Q3", "ml-engineer", "2027-Q3", "3m"),
    Question("ML engineer: first PR + 6 weeks of work by 2027-06-30", "ml-engineer", "2027-06-30", "6w"),
)
VERDICT_WORDS = {"on_track": "on track", "at_risk": "at risk", "misses": "misses"}
_NOW = {"on_track": "is now on track", "at_risk": "is now at risk", "misses": "now misses"}


@dataclass(frozen=True)
class Standing:
    """A path's rank and verdict on a reference question."""

    path: str
    rank: int
    probability: float
    verdict: str  # on_track | at_risk | misses


@dataclass(frozen=True)
class QuestionEffect:
    """A reference question's ranking before and after a change."""

    question: Question
    deadline: date
    before: tuple[Standing, ...]
    after: tuple[Standing, ...]

    def flips(self) -> list[str]:
        """Each rank or verdict that moved, in words."""
        before = {standing.path: standing for standing in self.before}
        after = {standing.path: standing for standing in self.after}
        words = []
        for path, now in after.items():
            old = before.get(path)
            if old is None:
                words.append(f"{path} is new: #{now.rank}, {VERDICT_WORDS[now.verdict]}")
                continue
            if old.verdict != now.verdict:
                words.append(f"{path} {_NOW[now.verdict]} (was {VERDICT_WORDS[old.verdict]})")
            if old.rank != now.rank:
                words.append(f"{path} moves from #{old.rank} to #{now.rank}")
        words += [f"{path} is gone (was #{old.rank})" for path, old in before.items() if path not in after]
        return words

    @property
    def changed(self) -> bool:
        return self.before != self.after


def _standings(catalog: Catalog, question: Question, deadline: date, start: date) -> tuple[Standing, ...]:
    if question.role not in catalog.roles:
        return ()
    work = parse_duration(question.work, subject="work")
    result = rank(
        catalog,
        start=start,
        deadline=deadline,
        role_id=question.role,
        confidence=question.confidence,
        work=work,
    )
    return tuple(
        Standing(o.path.id, position, o.probability, o.verdict)
        for position, o in enumerate(result.paths, start=1)
    )


def question_effects(base: Catalog, new: Catalog, start: date) -> tuple[list[QuestionEffect], list[str]]:
    """The reference questions before and after; and those skipped (deadline already past)."""
    effects, skipped = [], []
    for question in REFERENCE_QUESTIONS:
        deadline = parse_deadline(question.deadline, start=start)
        problem = deadline_problem(start, deadline)
        if problem is not None:
            skipped.append(f"{question.title}: the deadline {problem}")
            continue
        effects.append(
            QuestionEffect(
                question,
                deadline,
                _standings(base, question, deadline, start),
                _standings(new, question, deadline, start),
            )
        )
    return effects, skipped


# ---------------------------------------------------------------- plans


@dataclass(frozen=True)
class PlanEffect:
    """A hiring plan's budget (mid) before and after, in total and month by month."""

    plan: str
    base_plan: str
    start: date
    months: int
    before: Decimal
    after: Decimal
    by_month: tuple[tuple[date, Decimal, Decimal], ...]

    @property
    def change(self) -> Decimal:
        return self.after - self.before

    @property
    def percent(self) -> Decimal | None:
        return self.change * 100 / self.before if self.before else None


def _window(hires: Iterable[Hire]) -> tuple[date, int]:
    """From the month of the first decision to a year after the last one."""
    starts = [hire.start for hire in hires]
    first, last = min(starts), max(starts)
    return first.replace(day=1), (last.year - first.year) * 12 + last.month - first.month + 12


def _base_hires(
    base: DataSet, plan: Path, base_plan: Path | None, order: DateOrder | None
) -> tuple[list[Hire], str]:
    if base_plan is not None:
        return read_plan(base_plan, base.catalog, date_order=order), str(base_plan)
    if base.revision is None:
        return read_plan(plan, base.catalog, date_order=order), str(plan)
    raw = base.revision.read(plan)
    if raw is None:  # a new plan: the same plan on the old data
        return read_plan(plan, base.catalog, date_order=order), str(plan)
    name = base.revision.name(plan)
    with tempfile.TemporaryDirectory(prefix="mlhire-base-") as temporary:
        copy = Path(temporary).resolve() / plan.name
        copy.write_bytes(raw)
        try:
            return read_plan(copy, base.catalog, date_order=order), name
        except MlhireError as exc:
            raise renamed(exc, {str(copy): name}) from None


def plan_effect(
    base: DataSet,
    new: DataSet,
    plan: Path,
    base_plan: Path | None = None,
    *,
    date_order: DateOrder | None = None,
) -> PlanEffect:
    after_hires = read_plan(plan, new.catalog, date_order=date_order)
    before_hires, base_name = _base_hires(base, plan, base_plan, date_order)
    start, months = _window([*before_hires, *after_hires])
    before = budget(base.catalog, before_hires, start=start, months=Decimal(months), by=GroupBy.month)
    after = budget(new.catalog, after_hires, start=start, months=Decimal(months), by=GroupBy.month)
    by_month = tuple(
        (old.month, old.total, now.total) for old, now in zip(before.rows, after.rows, strict=True)
    )
    return PlanEffect(str(plan), base_name, start, months, before.total, after.total, by_month)


# ---------------------------------------------------------------- the diff


@dataclass(frozen=True)
class Diff:
    """What changed between two data sets, and what it does to the answers."""

    base: DataSet
    new: DataSet
    start: date
    changes: list[FigureChange]
    effects: list[CostEffect]
    questions: list[QuestionEffect]
    skipped: list[str]
    plan: PlanEffect | None
    baseline: str = DEFAULT_BASELINE

    @property
    def changed(self) -> bool:
        return bool(self.changes) or (self.plan is not None and self.plan.change != ZERO)

    def largest_change(self) -> Decimal:
        """The largest move of any yearly cost, saving or plan total (for --quiet-below)."""
        moves = [ZERO]
        for effect in self.effects:
            for old, new in ((effect.before, effect.after), (effect.savings_before, effect.savings_after)):
                if old is None or new is None:
                    moves.append(max(abs(v) for v in (old or new or Band.zero()).as_dict().values()))
                else:
                    moves += [abs(v) for v in (new - old).as_dict().values()]
        if self.plan is not None:
            moves.append(abs(self.plan.change))
        return max(moves)


def diff(
    base: DataSet,
    new: DataSet,
    *,
    start: date,
    plan: Path | None = None,
    base_plan: Path | None = None,
    date_order: DateOrder | None = None,
) -> Diff:
    """Compare two data sets (and a plan, its numeric dates read in `date_order`) through
    the figures and the answers."""
    questions, skipped = question_effects(base.catalog, new.catalog, start)
    return Diff(
        base,
        new,
        start,
        figure_changes(base, new),
        cost_effects(base.catalog, new.catalog, start),
        questions,
        skipped,
        None if plan is None else plan_effect(base, new, plan, base_plan, date_order=date_order),
    )
