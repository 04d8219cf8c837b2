"""Which sourcing paths make a deadline, how likely, until when, and how much work they deliver.

Completion time = time to first PR (a distribution, see `timeline`) + the fixed work
that must follow it. With N hires (`headcount`), each hire's time is independent with
the path's distribution and the path is done when `need` of them are (all, by default;
see `team`). Probabilities, quantiles and expected lateness are exact (closed form or
bisection on the exact CDF), so the same input always gives the same answer. Done
"by" the deadline means on or before that day.

Two questions:
- with `work`: P(done by the deadline), verdict, dates, decide-by; ranked by that
  probability, then expected lateness (or, with a delay cost, by expected total cost);
- without: months of shipped work each path delivers by the deadline, at the
  confidence level and at the median; ranked by that.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Literal

from mlhire_calc.domain.catalog import Catalog, Role, SourcingPath
from mlhire_calc.domain.errors import UsageError
from mlhire_calc.domain.limits import MAX_MONTHS, check_headcount, check_need
from mlhire_calc.domain.money import Band, exact, quotient, to_cents
from mlhire_calc.domain.timeline import DAYS_PER_MONTH, MONTH_DAYS, Duration, add_months

from .cost import PathCost, window_cost, work_cost
from .lifecycle import Tenure, tenure_for
from .placement import Placement, PlacementTime

Verdict = Literal["on_track", "at_risk", "misses"]
RankedBy = Literal["work_by_deadline", "probability", "expected_total", "p_joint"]

PROBABILITY_PLACES = 6  # the JSON's precision; ranking compares probabilities at it


def shown_probability(p: float) -> float:
    """`p` at the JSON's precision; a probability below 1 never shows as 1 (nor above 0 as 0)."""
    rounded = round(p, PROBABILITY_PLACES)
    if rounded >= 1.0 and p < 1.0:
        return 1.0 - 10.0**-PROBABILITY_PLACES
    if rounded <= 0.0 < p:
        return 10.0**-PROBABILITY_PLACES
    return rounded


def sampled_probability(p: float, places: int = PROBABILITY_PLACES) -> float:
    """A share of samples as a probability at `places`: never 0 or 1. No sample proves an
    event certain or impossible (20,000 samples all on time say P > 0.9998 or so, not 1), so
    all of them is `1 - 10**-places` and none `10**-places`; shown, `>99.9%` and `<0.1%`."""
    step = 10.0**-places
    return min(max(round(p, places), step), 1.0 - step)


MONTHS_PLACES = 2  # months of work, as shown


@dataclass(frozen=True)
class WorkByDeadline:
    """Months of shipped work delivered by the deadline (the team's, with several hires)."""

    at_confidence: float  # delivered with probability at least the confidence level
    median: float


@dataclass(frozen=True)
class PathOutlook:
    """One path's chance and dates for the deadline."""

    path: SourcingPath
    completion: PlacementTime  # days from the start until done (first PR + work, `need` of the hires)
    probability: float
    verdict: Verdict
    p10_done: date
    p50_done: date
    p90_done: date
    done_at_confidence: date
    slack_days: int
    decide_by: date | None
    work_by_deadline: WorkByDeadline
    cost_of_work: PathCost  # first PR + the work, every hire, from the path's start until done
    spend_to_deadline: PathCost  # what is spent from the start to the deadline
    expected_late_days: float
    expected_delay_cost: Decimal | None
    p_joint: float | None = None  # with a budget: P(done by the deadline and the work within it)

    @property
    def cost_to_deadline(self) -> Band:
        return self.spend_to_deadline.total

    @property
    def expected_total(self) -> Band | None:
        """Cost of the work plus the expected cost of lateness (with a delay cost per month)."""
        if self.expected_delay_cost is None:
            return None
        return self.cost_of_work.total + Band.point(self.expected_delay_cost)


@dataclass(frozen=True)
class Ranking:
    """Every path's outlook for one deadline, ranked."""

    role: Role
    start: date
    deadline: date
    confidence: float
    work: Duration | None
    headcount: int
    delay_cost_per_month: Decimal | None
    paths: list[PathOutlook]
    currency: str
    needed: int  # hires that must be done for the path to be done (`headcount` unless --need)
    budget: Decimal | None = None  # for the cost of the work: ranked by the joint answer (`joint`)

    @property
    def ranked_by(self) -> RankedBy:
        if self.budget is not None:
            return "p_joint"
        return self.ranked_without_budget

    @property
    def ranked_without_budget(self) -> RankedBy:
        if self.delay_cost_per_month is not None:
            return "expected_total"
        return "probability" if self.work is not None else "work_by_deadline"


def completion_dist(
    path: SourcingPath,
    work: Duration | None,
    role_id: str = "ml-engineer",
    *,
    headcount: int = 1,
    need: int | None = None,
) -> PlacementTime:
    """Days from the decision until the first PR plus `work`, for `role_id`; with several
    hires, until `need` of `headcount` independent hires are (all, by default). A failed
    placement costs the path's time lost and starts again; the path places at most its
    capacity a month. The work takes longer through the productivity ramp and the
    expected departures (`calendar_days_for`)."""
    _, time_to_first_pr = path.times(role_id)
    shift = calendar_days_for(path, role_id, work) if work else 0.0
    one = time_to_first_pr.dist().shifted(shift)
    return PlacementTime(one, placement_of(path), headcount, headcount if need is None else need)


def placement_of(path: SourcingPath) -> Placement:
    """The path's placement risk and pace, at mid: certain and unlimited where the data gives none."""
    data = path.placement
    if data is None:
        return Placement()
    return Placement(
        fail=float(data.failure.band().mid),
        lost_days=data.time_lost.dist().median,
        per_month=data.capacity.per_month,
    )


def _availability(life: Tenure) -> float:
    """The share of time a seat ships, after expected departures: 1 - d x (months lost per departure) / 12."""
    return max(0.0, 1.0 - float(exact(life.departures.mid) * life.lost_per_departure / 12))


def calendar_days_for(path: SourcingPath, role_id: str, work: Duration) -> float:
    """Calendar days after the first PR to deliver `work`: through the productivity ramp
    (a month at productivity q delivers q months), then spread by expected departures."""
    life = tenure_for(path, role_id, date(2000, 1, 1))  # only its figures are read, not its dates
    months, productivity = (float(value) for value in life.productivity_ramp)
    wanted = work.days / DAYS_PER_MONTH
    if productivity > 0 and wanted <= months * productivity:
        calendar = wanted / productivity
    else:
        calendar = wanted + months * (1 - productivity)
    availability = _availability(life)
    return calendar * DAYS_PER_MONTH / availability if availability > 0 else float("inf")


def probability_by(
    path: SourcingPath,
    start: date,
    deadline: date,
    work: Duration | None = None,
    role_id: str = "ml-engineer",
    *,
    headcount: int = 1,
    need: int | None = None,
) -> float:
    """P(first PR plus the work is done on or before `deadline`)."""
    completion = completion_dist(path, work, role_id, headcount=headcount, need=need)
    return completion.cdf(float((deadline - start).days))


def work_months(work: Duration | None) -> Decimal:
    """The work as months (average Gregorian months), exactly for a whole number of months."""
    if work is None:
        return Decimal(0)
    if work.unit == "months":
        return Decimal(repr(work.amount))
    return quotient(Decimal(repr(work.days)), MONTH_DAYS)  # exact: days over 30.4375


def _done(start: date, days: float) -> date:
    return start + timedelta(days=math.ceil(days - 1e-9))


def _work_by_deadline(
    first_pr: PlacementTime, life: Tenure, horizon: float, confidence: float
) -> WorkByDeadline:
    """Months of work from the day `need` hires have a first PR to the deadline, times `need`:
    through the productivity ramp, less the expected departures' lost time."""

    def months(level: float) -> float:
        after = exact(Decimal(repr(max(0.0, horizon - first_pr.quantile(level)) / DAYS_PER_MONTH)))
        shipped = float(life.delivered(after)) * _availability(life)
        return round(first_pr.need * shipped, MONTHS_PLACES)

    return WorkByDeadline(months(confidence), months(0.5))


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
    need: int | None = None,
) -> PathOutlook:
    first_pr = completion_dist(path, None, role.id, headcount=headcount, need=need)
    completion = completion_dist(path, work, role.id, headcount=headcount, need=need) if work else first_pr
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
    spend = window_cost(
        path, role, catalog, start=start, window_end=deadline + timedelta(days=1), headcount=headcount
    )
    cost_of_work = work_cost(path, role, catalog, start=start, months=work_months(work), headcount=headcount)
    late_days = completion.expected_excess(horizon)
    delay_cost = None
    if delay_cost_per_month is not None:
        delay_cost = to_cents(
            exact(delay_cost_per_month) * exact(Decimal(repr(late_days))) / exact(MONTH_DAYS)
        )
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
        work_by_deadline=_work_by_deadline(first_pr, tenure_for(path, role.id, start), horizon, confidence),
        cost_of_work=cost_of_work,
        spend_to_deadline=spend,
        expected_late_days=late_days,
        expected_delay_cost=delay_cost,
    )


def order_key(
    ranked_by: RankedBy, item: PathOutlook, *, asks_work: bool = True
) -> tuple[Decimal | float | str, ...]:
    """The sort key the ranking documents (see the view's assumptions): smaller is better."""
    probability = shown_probability(item.probability)
    late = round(item.expected_late_days, 2)
    if ranked_by == "expected_total":
        expected = item.expected_total
        assert expected is not None
        then = order_key("probability" if asks_work else "work_by_deadline", item)
        return (expected.mid, *then)
    if ranked_by == "probability":
        return (-probability, late, item.cost_of_work.total.mid, item.path.id)
    work = item.work_by_deadline
    return (-work.at_confidence, -work.median, -probability, late, item.cost_to_deadline.mid, item.path.id)


def deadline_problem(start: date, deadline: date) -> str | None:
    """Why no ranking runs from `start` to `deadline`: before it, or past the longest window
    (MAX_MONTHS, as `--months`: the spend to a deadline compounds yearly raises)."""
    if deadline < start:
        return f"is before the start {start.isoformat()}"
    try:
        latest = add_months(start, MAX_MONTHS)
    except UsageError:  # past 9999-12-31: every deadline is within it
        return None
    if deadline > latest:
        return f"is more than {MAX_MONTHS // 12} years after the start {start.isoformat()}"
    return None


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
    need: int | None = None,
    delay_cost_per_month: Decimal | None = None,
) -> Ranking:
    """Each path's outlook for the deadline, ranked (see `Ranking.ranked_by`)."""
    if not 0 < confidence < 1 or math.isnan(confidence):
        raise UsageError(f"{confidence} must be strictly between 0 and 1", subject="confidence")
    problem = deadline_problem(start, deadline)
    if problem is not None:
        raise UsageError(f"{deadline.isoformat()} {problem}", subject="deadline")
    check_headcount(headcount)
    if need is not None:
        check_need(need, headcount)
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
            need=need,
        )
        for path in catalog.select_paths(path_ids)
    ]
    result = Ranking(
        role,
        start,
        deadline,
        confidence,
        work,
        headcount,
        delay_cost_per_month,
        outlooks,
        catalog.currency,
        need or headcount,
    )
    outlooks.sort(key=lambda item: order_key(result.ranked_by, item, asks_work=work is not None))
    return result
