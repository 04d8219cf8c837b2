"""What a budget buys by a deadline on each path, or what a body of work by it costs.

Both questions ask `rank` about a team of N hires decided on the start date:

- with a budget: the most hires whose spend to the deadline (rank's
  `spend_to_deadline`, at the chosen point of every range) fits in it, and the work
  they deliver by the deadline at the confidence (rank's `work_by_deadline`);
- with work (months of shipped work wanted by the deadline): the fewest hires that
  deliver it at the confidence, and their spend to the deadline: the budget needed.

Spend to the deadline is the same for every hire of a path, so N hires cost N times
one; the count is found by that division and then checked against the engine's own
figure for N and N + 1 (a path whose hire starts after the deadline spends and delivers
nothing by it: 0 hires). Work by the deadline grows more slowly than N (the team waits
for its last first PR), so the fewest hires are searched for, from the division up.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from mlhire_calc.domain.catalog import Catalog, Role, SourcingPath
from mlhire_calc.domain.choices import Point
from mlhire_calc.domain.errors import UsageError
from mlhire_calc.domain.limits import MAX_HEADCOUNT
from mlhire_calc.domain.timeline import Duration

from .rank import PathOutlook, WorkByDeadline, rank, work_months

NO_WORK = WorkByDeadline(0.0, 0.0)


@dataclass(frozen=True)
class PathAfford:
    """One path: how many hires, what they cost to the deadline, what they deliver by it."""

    path: SourcingPath
    per_hire: Decimal  # spend to the deadline of one hire
    hires: int | None  # None: no number of hires delivers the work
    cost: Decimal | None  # spend to the deadline of `hires`: within the budget, or the budget needed
    work_by_deadline: WorkByDeadline
    first_pr_at_confidence: date  # one hire's


@dataclass(frozen=True)
class Affordability:
    """Every path's answer to one budget (or one body of work) and deadline."""

    role: Role
    start: date
    deadline: date
    confidence: float
    point: Point
    budget: Decimal | None
    work: Duration | None  # months of shipped work wanted by the deadline (the work question)
    currency: str
    paths: list[PathAfford]

    @property
    def question(self) -> str:
        return "budget" if self.budget is not None else "work"


class _Team:
    """Rank's outlook for N hires of one path, asked once per N."""

    def __init__(
        self, catalog: Catalog, path: SourcingPath, role: Role, start: date, deadline: date, confidence: float
    ) -> None:
        self.catalog, self.path, self.role = catalog, path, role
        self.start, self.deadline, self.confidence = start, deadline, confidence
        self.seen: dict[int, PathOutlook] = {}

    def of(self, hires: int) -> PathOutlook:
        if hires not in self.seen:
            ranking = rank(
                self.catalog,
                start=self.start,
                deadline=self.deadline,
                role_id=self.role.id,
                path_ids=(self.path.id,),
                confidence=self.confidence,
                headcount=hires,
            )
            self.seen[hires] = ranking.paths[0]
        return self.seen[hires]

    def spend(self, hires: int, point: Point) -> Decimal:
        return Decimal(0) if hires == 0 else self.of(hires).cost_to_deadline.pick(point)

    def work(self, hires: int) -> WorkByDeadline:
        return NO_WORK if hires == 0 else self.of(hires).work_by_deadline


def _within(team: _Team, budget: Decimal, point: Point) -> int:
    """The most hires whose spend to the deadline is at most `budget`."""
    one = team.spend(1, point)
    if one <= 0:  # a hire starts after the deadline: nothing is spent, or delivered, by it
        return 0
    hires = min(MAX_HEADCOUNT, int(budget // one))
    while hires > 0 and team.spend(hires, point) > budget:  # the engine's figure, not the division
        hires -= 1
    while hires < MAX_HEADCOUNT and team.spend(hires + 1, point) <= budget:
        hires += 1
    return hires


def _enough(team: _Team, wanted: float) -> int | None:
    """The fewest hires whose work by the deadline at the confidence is at least `wanted` months."""
    one = team.work(1).at_confidence
    if one <= 0:
        return None
    low = max(1, math.ceil(wanted / one))  # N hires deliver at most N times one hire's work
    if team.work(low).at_confidence >= wanted:
        return low
    high = low
    while team.work(high).at_confidence < wanted:
        if high >= MAX_HEADCOUNT:
            return None
        low, high = high, min(MAX_HEADCOUNT, high * 2)
    while high - low > 1:  # the work is below `wanted` at low and reaches it at high
        middle = (low + high) // 2
        if team.work(middle).at_confidence >= wanted:
            high = middle
        else:
            low = middle
    return high


def afford(
    catalog: Catalog,
    *,
    start: date,
    deadline: date,
    role_id: str = "ml-engineer",
    path_ids: Sequence[str] = ("all",),
    budget: Decimal | None = None,
    work: Duration | None = None,
    confidence: float = 0.9,
    point: Point = Point.mid,
) -> Affordability:
    """Hires within `budget` by `deadline` on each path, or the budget `work` needs by it."""
    if (budget is None) == (work is None):
        raise UsageError("give a budget or the work wanted by the deadline, not both or neither")
    if not 0 < confidence < 1 or math.isnan(confidence):
        raise UsageError(f"{confidence} must be strictly between 0 and 1", subject="confidence")
    if deadline < start:
        raise UsageError(
            f"{deadline.isoformat()} is before the start {start.isoformat()}", subject="deadline"
        )
    role = catalog.role(role_id)
    wanted = float(work_months(work))
    results = []
    for path in catalog.select_paths(path_ids):
        team = _Team(catalog, path, role, start, deadline, confidence)
        hires = _within(team, budget, point) if budget is not None else _enough(team, wanted)
        results.append(
            PathAfford(
                path=path,
                per_hire=team.spend(1, point),
                hires=hires,
                cost=None if hires is None else team.spend(hires, point),
                work_by_deadline=NO_WORK if hires is None else team.work(hires),
                first_pr_at_confidence=team.of(1).done_at_confidence,
            )
        )
    return Affordability(role, start, deadline, confidence, point, budget, work, catalog.currency, results)
