"""Which sourcing paths can still make a deadline, how likely, and until when.

Completion time = time to first PR (a distribution, see `timeline`) + the fixed work
that must follow it. Probabilities, quantiles and expected lateness are computed in
closed form, so the same input always gives the same answer. Done "by" the deadline
means on or before that day.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Literal

from .catalog import Catalog, Role, SourcingPath
from .cost import PathCost, window_cost
from .errors import UsageError
from .limits import check_headcount
from .money import Band, to_cents
from .timeline import DAYS_PER_MONTH, Duration, TimeDist, expected_excess

Verdict = Literal["on_track", "at_risk", "misses"]


@dataclass(frozen=True)
class PathOutlook:
    path: SourcingPath
    completion: TimeDist  # days from the start to first PR + work
    probability: float
    verdict: Verdict
    p10_done: date
    p50_done: date
    p90_done: date
    done_at_confidence: date
    slack_days: int
    decide_by: date | None
    cost: PathCost  # spend from the start to the deadline
    expected_late_days: float
    expected_delay_cost: Decimal | None

    @property
    def cost_to_deadline(self) -> Band:
        return self.cost.total

    @property
    def total_with_delay(self) -> Band:
        extra = self.expected_delay_cost or Decimal(0)
        return self.cost.total + Band.point(extra)


@dataclass(frozen=True)
class Ranking:
    role: Role
    start: date
    deadline: date
    confidence: float
    work: Duration | None
    headcount: int
    delay_cost_per_month: Decimal | None
    paths: list[PathOutlook]
    currency: str

    @property
    def headline(self) -> str:
        pct = f"{self.confidence:.0%}"
        when = self.deadline.isoformat()
        failing = [p for p in self.paths if p.verdict != "on_track"]
        if not failing:
            last = min(self.paths, key=lambda p: p.decide_by or date.max)
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


def _iso(day: date | None) -> str:
    return day.isoformat() if day else "never"


def _join(words: Sequence[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def completion_dist(path: SourcingPath, work: Duration | None, role_id: str = "ml-engineer") -> TimeDist:
    """Days from the decision until the first PR plus `work`, for `role_id`."""
    _, time_to_first_pr = path.times(role_id)
    return time_to_first_pr.dist().shifted(work.days if work else 0.0)


def probability_by(
    path: SourcingPath,
    start: date,
    deadline: date,
    work: Duration | None = None,
    role_id: str = "ml-engineer",
) -> float:
    """P(first PR plus the work is done on or before `deadline`)."""
    return completion_dist(path, work, role_id).cdf(float((deadline - start).days))


def _done(start: date, days: float) -> date:
    return start + timedelta(days=math.ceil(days - 1e-9))


def outlook(
    path: SourcingPath,
    role: Role,
    catalog: Catalog,
    *,
    start: date,
    deadline: date,
    confidence: float,
    work: Duration | None,
    headcount: int,
    delay_cost_per_month: Decimal | None,
) -> PathOutlook:
    completion = completion_dist(path, work, role.id)
    horizon = float((deadline - start).days)
    probability = completion.cdf(horizon)
    needed = math.ceil(completion.quantile(confidence) - 1e-9)  # whole days at the confidence level
    at_confidence = start + timedelta(days=needed)
    p50 = _done(start, completion.quantile(0.5))
    if at_confidence <= deadline:
        verdict: Verdict = "on_track"
    elif p50 <= deadline:
        verdict = "at_risk"
    else:
        verdict = "misses"
    try:
        decide_by: date | None = deadline - timedelta(days=needed)
    except OverflowError:
        decide_by = None
    cost = window_cost(
        path, role, catalog, start=start, window_end=deadline + timedelta(days=1), headcount=headcount
    )
    late_days = expected_excess(completion, horizon)
    delay_cost = None
    if delay_cost_per_month is not None:
        delay_cost = to_cents(delay_cost_per_month * Decimal(repr(late_days)) / Decimal(repr(DAYS_PER_MONTH)))
    return PathOutlook(
        path=path,
        completion=completion,
        probability=probability,
        verdict=verdict,
        p10_done=_done(start, completion.quantile(0.1)),
        p50_done=p50,
        p90_done=_done(start, completion.quantile(0.9)),
        done_at_confidence=at_confidence,
        slack_days=(deadline - at_confidence).days,
        decide_by=decide_by,
        cost=cost,
        expected_late_days=late_days,
        expected_delay_cost=delay_cost,
    )


def rank(
    catalog: Catalog,
    *,
    start: date,
    deadline: date,
    role_id: str = "ml-engineer",
    path_ids: Sequence[str] = ("all",),
    confidence: float = 0.9,
    work: Duration | None = None,
    headcount: int = 1,
    delay_cost_per_month: Decimal | None = None,
) -> Ranking:
    """Each path's chance to be done by the deadline, ranked (most likely, then cheapest)."""
    if not 0 < confidence < 1 or math.isnan(confidence):
        raise UsageError(f"{confidence} must be strictly between 0 and 1", subject="confidence")
    if deadline < start:
        raise UsageError(
            f"{deadline.isoformat()} is before the start {start.isoformat()}", subject="deadline"
        )
    check_headcount(headcount)
    role = catalog.role(role_id)
    outlooks = [
        outlook(
            path,
            role,
            catalog,
            start=start,
            deadline=deadline,
            confidence=confidence,
            work=work,
            headcount=headcount,
            delay_cost_per_month=delay_cost_per_month,
        )
        for path in catalog.select_paths(path_ids)
    ]
    outlooks.sort(key=lambda o: (-o.probability, o.total_with_delay.mid, o.path.id))
    return Ranking(
        role, start, deadline, confidence, work, headcount, delay_cost_per_month, outlooks, catalog.currency
    )
