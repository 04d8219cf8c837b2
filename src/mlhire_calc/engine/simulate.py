"""Cost and time together: a seeded Monte Carlo of each path, for a budget and a deadline.

Time. Each sample draws u ~ U(0, 1) and takes the completion time rank uses
(`rank.completion_dist`: the first PR plus the work, for the team) at u, by inverse
transform: the distribution's own CDF is tabulated on a grid of days that holds the
deadline and inverted linearly between grid points. So P(done by the deadline) has
exactly rank's closed-form probability as its expectation, and differs from it only
by sampling error.

Cost. The cost of the work is rank's `cost_of_work` (`cost.work_cost` for the first
PR plus the work). Every uncertain amount, rate or fraction of the path
(`figures.figures`, times aside) is drawn independently from a PERT distribution on
its low, mid and high (a Beta on [low, high] with mode mid, shape 4: the usual
three-point estimate). The engine computes the total with each figure at its low and
at its high, the others at mid; a sample's total is the mid total plus each figure's
effect, interpolated linearly between those points (interactions, such as a
recruiting rate times the loaded band, are left out: `additive_error` says how far
that moves the engine's own low and high totals).

Coupling. The model pays a hire from the start to the first PR (the paid ramp), so a
late first PR costs money. The start is drawn at the same u as the first PR (a late
hire date means a late first PR), and each sample's ramp, the first PR less the
start, moves the cost by the recurring monthly rate (mid) for each hire against the
ramp at the median sample. Nothing else couples them: expected replacements and
retries are in the cost at their expectation.

Same seed, same samples: every path and figure draws from its own stream, seeded by
the seed and its name, so a path's figures do not depend on which other paths are asked.
"""

from __future__ import annotations

import dataclasses
import math
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_CEILING, Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from mlhire_calc.domain.catalog import Catalog, Role, SourcingPath
from mlhire_calc.domain.errors import UsageError
from mlhire_calc.domain.limits import MAX_SAMPLES, check_headcount, check_need
from mlhire_calc.domain.money import CENT, Band
from mlhire_calc.domain.timeline import DAYS_PER_MONTH, Duration

from .cost import work_cost
from .figures import Figure, figures, moves_only_its_path, pinned
from .rank import completion_dist, work_months
from .rates import item_rates

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    Floats = NDArray[np.float64]

EXTRA_HINT = "mlhire simulate needs the simulate extra: pip install 'mlhire[simulate]'"
DEFAULT_SAMPLES = 20_000
DEFAULT_SEED = 1
DEFAULT_CONFIDENCE = 0.7  # NASA's joint cost and schedule confidence level (JCL)
GRID = 2048  # days at which a completion CDF is tabulated for the inverse transform
FRONTIER_POINTS = 8
PERT_SHAPE = 4


def _numpy() -> Any:
    """numpy, or one line naming the install command when it is missing."""
    try:
        import numpy
    except ImportError:
        raise UsageError(f"{EXTRA_HINT} (numpy is not installed)") from None
    return numpy


@dataclass(frozen=True)
class FrontierPoint:
    """A deadline and the budget that, together, are met with the confidence."""

    day: date
    budget: Decimal


@dataclass(frozen=True)
class PathSimulation:
    """One path's joint outlook of cost and time."""

    path: SourcingPath
    cost_of_work: Band  # the engine's low / mid / high
    p_on_time: float | None  # sampled; None without a deadline
    probability: float | None  # rank's closed form, for comparison
    p_under_budget: float | None  # None without a budget
    p_joint: float | None  # on time and under budget; None without both
    cost_at_confidence: Decimal
    date_at_confidence: date
    cost_mean: Decimal
    cost_p10: Decimal
    cost_p50: Decimal
    cost_p90: Decimal
    done_p10: date
    done_p50: date
    done_p90: date
    correlation: float  # of time and cost over the samples (0 where either is constant)
    additive_error: float  # the additive cost model against the engine's low and high, share of mid
    figures: list[str]  # the figures drawn for its cost
    frontier: list[FrontierPoint]
    sample: tuple[tuple[float, float], ...] = ()  # `keep` (days from the start, cost) pairs, for a chart


@dataclass(frozen=True)
class Simulation:
    """Every path's joint outlook, for one question."""

    role: Role
    start: date
    deadline: date | None
    work: Duration | None
    headcount: int
    need: int
    budget: Decimal | None
    confidence: float
    samples: int
    seed: int
    currency: str
    paths: list[PathSimulation]


def _stream(np: Any, seed: int, name: str) -> Any:
    """A generator of its own for each path and figure: the seed and the name's CRC-32."""
    return np.random.default_rng(np.random.SeedSequence([seed, zlib.crc32(name.encode())]))


class _Inverse:
    """Inverse transform of a completion distribution: its CDF at GRID days (and at
    `extra` days, such as the deadline, where the tabulation is then exact), inverted
    linearly between them."""

    def __init__(self, np: Any, dist: Any, extra: Sequence[float] = ()) -> None:
        self.np = np
        low, high = float(dist.quantile(0.0)), float(dist.quantile(1.0 - 1e-9))
        inside = [x for x in extra if low < x < high]
        days = np.linspace(low, high, GRID) if high > low else np.array([low])
        self.grid = np.unique(np.concatenate([days, np.asarray(inside, dtype=float)]))
        self.cdf = np.maximum.accumulate(np.array([dist.cdf(float(x)) for x in self.grid]))

    def __call__(self, u: Floats) -> Floats:
        np, grid, cdf = self.np, self.grid, self.cdf
        if len(grid) == 1:
            constant: Floats = np.full(u.shape, grid[0])
            return constant
        index = np.clip(np.searchsorted(cdf, u, side="left"), 1, len(grid) - 1)
        below, above = cdf[index - 1], cdf[index]
        share = np.clip((u - below) / np.where(above > below, above - below, 1.0), 0.0, 1.0)
        result: Floats = grid[index - 1] + share * (grid[index] - grid[index - 1])
        return result

    def at(self, level: float) -> float:
        return float(self(self.np.array([level]))[0])


def _pert(np: Any, rng: Any, band: Band, size: int) -> Floats:
    """PERT draws on [low, high] with mode `mid`."""
    low, mid, high = float(band.low), float(band.mid), float(band.high)
    alpha = 1 + PERT_SHAPE * (mid - low) / (high - low)
    beta = 1 + PERT_SHAPE * (high - mid) / (high - low)
    draws: Floats = low + (high - low) * rng.beta(alpha, beta, size)
    return draws


def _starts_path(path: SourcingPath, role_id: str) -> SourcingPath:
    """The path with its time to start as its time to first PR: the start's own distribution."""
    time_to_start = path.times(role_id)[0]
    return dataclasses.replace(path, time_to_first_pr=time_to_start, by_role={})


def _moves_timing(catalog: Catalog, figure: Figure, paths: Sequence[SourcingPath], role_id: str) -> bool:
    """A figure that moves a completion time is drawn through the time, not the cost."""
    if figure.kind == "time":
        return True
    for at in (figure.band.low, figure.band.high):
        changed = pinned(catalog, figure, at)
        for path in paths:
            if completion_dist(path, None, role_id) != completion_dist(changed.path(path.id), None, role_id):
                return True
    return False


def _cents_up(value: float) -> Decimal:
    return Decimal(repr(value)).quantize(CENT, rounding=ROUND_CEILING)


def _cents(value: float) -> Decimal:
    return Decimal(repr(value)).quantize(CENT)


def _day(start: date, days: float) -> date:
    return start + timedelta(days=math.ceil(days - 1e-9))


def _at(ordered: Floats, level: float) -> float:
    """The smallest of the sorted samples with at least `level` of them at or below it."""
    index = min(len(ordered) - 1, max(0, math.ceil(level * len(ordered) - 1e-9) - 1))
    return float(ordered[index])


def _frontier(np: Any, start: date, times: Floats, costs: Floats, confidence: float) -> list[FrontierPoint]:
    """(deadline, budget) pairs met together with the confidence, `times` sorted: from the
    earliest deadline that can be (the time at the confidence) to the latest sample; each
    point needs less budget than the one before it."""
    need = math.ceil(confidence * len(times) - 1e-9)
    points: list[FrontierPoint] = []
    for step in range(FRONTIER_POINTS):
        level = confidence + (1 - confidence) * step / (FRONTIER_POINTS - 1)
        day = _day(start, _at(times, level))
        if points and day == points[-1].day:
            continue
        done = int(np.searchsorted(times, float((day - start).days), side="right"))
        if done < need:
            continue
        budget = _cents_up(float(np.partition(costs[:done], need - 1)[need - 1]))
        if not points or budget < points[-1].budget:  # a later date for the same budget is no better
            points.append(FrontierPoint(day, budget))
    return points


@dataclass(frozen=True)
class _Question:
    """What every path is asked, for the cost of the work."""

    role: Role
    start: date
    months: Decimal
    headcount: int


def _cost_ends(catalog: Catalog, path: SourcingPath, question: _Question, figure: Figure) -> list[Decimal]:
    """The cost of the work (mid) with `figure` at its low, then at its high."""
    ends = []
    for at in (figure.band.low, figure.band.high):
        changed = pinned(catalog, figure, at)
        cost = work_cost(
            changed.path(path.id),
            changed.role(question.role.id),
            changed,
            start=question.start,
            months=question.months,
            headcount=question.headcount,
        )
        ends.append(cost.total.mid)
    return ends


def _cost_draws(
    np: Any,
    catalog: Catalog,
    path: SourcingPath,
    question: _Question,
    cost_figures: Sequence[Figure],
    draws: Any,
) -> tuple[Floats, Band, float, list[str]]:
    """Samples of the cost of the work; the engine's band; the additive model's error
    against it (share of mid); the figures that move it. `draws(figure)`: its samples."""
    base = work_cost(
        path,
        question.role,
        catalog,
        start=question.start,
        months=question.months,
        headcount=question.headcount,
    )
    engine = base.total
    costs = np.full(len(draws(None)), float(engine.mid))
    low, high = engine.mid, engine.mid
    used: list[str] = []
    for figure in cost_figures:
        if moves_only_its_path(figure) and figure.owner != path.id:
            continue
        at_low, at_high = _cost_ends(catalog, path, question, figure)
        if at_low == engine.mid and at_high == engine.mid:
            continue
        used.append(figure.name)
        low, high = low + at_low - engine.mid, high + at_high - engine.mid
        band = figure.band
        effect = {
            float(band.low): at_low - engine.mid,
            float(band.mid): Decimal(0),
            float(band.high): at_high - engine.mid,
        }
        xs = sorted(effect)
        costs += np.interp(draws(figure), xs, [float(effect[x]) for x in xs])
    gap = max(abs(low - engine.low), abs(high - engine.high))
    error = float(gap / engine.mid) if engine.mid else 0.0
    return costs, engine, error, used


def _ramp_rate(catalog: Catalog, path: SourcingPath, question: _Question) -> float:
    """What a month of paid ramp costs: the recurring rate (mid), for every hire."""
    rates = item_rates(path, question.role, catalog)
    monthly = sum((rate.amount.mid for rate in rates if rate.kind == "recurring"), Fraction(0))
    return float(monthly * question.headcount)


def simulate(
    catalog: Catalog,
    *,
    start: date,
    role_id: str = "ml-engineer",
    path_ids: Sequence[str] = ("all",),
    deadline: date | None = None,
    work: Duration | None = None,
    headcount: int = 1,
    need: int | None = None,
    budget: Decimal | None = None,
    confidence: float = DEFAULT_CONFIDENCE,
    samples: int = DEFAULT_SAMPLES,
    seed: int = DEFAULT_SEED,
    keep: int = 0,
) -> Simulation:
    """Each path's cost of the work and completion time, sampled together (see the module);
    with `keep`, that many of each path's samples, evenly spaced in time (for a scatter)."""
    if not 0 < confidence < 1 or math.isnan(confidence):
        raise UsageError(f"{confidence} must be strictly between 0 and 1", subject="confidence")
    if not 1 <= samples <= MAX_SAMPLES:
        raise UsageError(f"{samples} must be 1 to {MAX_SAMPLES:,}", subject="samples")
    if seed < 0:
        raise UsageError(f"{seed} must be zero or positive", subject="seed")
    if deadline is not None and deadline < start:
        raise UsageError(
            f"{deadline.isoformat()} is before the start {start.isoformat()}", subject="deadline"
        )
    check_headcount(headcount)
    if need is not None:
        check_need(need, headcount)
    np = _numpy()
    role = catalog.role(role_id)
    paths = catalog.select_paths(path_ids)
    question = _Question(role, start, work_months(work), headcount)
    cost_figures = [
        figure
        for figure in figures(catalog, role.id, [path.id for path in paths])
        if not _moves_timing(catalog, figure, paths, role.id)
    ]
    drawn: dict[str, Floats] = {}

    def draws(figure: Figure | None) -> Floats:
        name = "" if figure is None else figure.name
        if name not in drawn:
            rng = _stream(np, seed, f"figure:{name}")
            drawn[name] = rng.random(samples) if figure is None else _pert(np, rng, figure.band, samples)
        return drawn[name]

    horizon = None if deadline is None else float((deadline - start).days)
    work_days = work.days if work else 0.0
    results = []
    for path in paths:
        costs, engine, error, used = _cost_draws(np, catalog, path, question, cost_figures, draws)
        completion = completion_dist(path, work, role.id, headcount=headcount, need=need)
        # sorted: the cost draws are independent of u, so the order of the pairs is free
        u = np.sort(_stream(np, seed, f"time:{path.id}").random(samples))
        finish = _Inverse(np, completion, () if horizon is None else (horizon,))
        times = finish(u)
        first_pr = completion_dist(path, None, role.id, headcount=headcount, need=need)
        hired = completion_dist(_starts_path(path, role.id), None, role.id, headcount=headcount, need=need)
        if hired != first_pr:  # a paid ramp that moves with the time (see the module)
            begin = _Inverse(np, hired)
            ramp = np.maximum(0.0, times - work_days - begin(u))
            middle = max(0.0, finish.at(0.5) - work_days - begin.at(0.5))
            costs += _ramp_rate(catalog, path, question) * (ramp - middle) / DAYS_PER_MONTH
        summary = _summary(
            np, path, engine, costs, times, start, horizon, budget, confidence, completion, error, used
        )
        if keep > 0:  # `times` is sorted and the costs independent of u but for the ramp: a fair cut
            picked = np.unique(np.linspace(0, samples - 1, min(keep, samples)).round().astype(int))
            pairs = zip(times[picked].tolist(), costs[picked].tolist(), strict=True)
            summary = dataclasses.replace(summary, sample=tuple(pairs))
        results.append(summary)
    return Simulation(
        role,
        start,
        deadline,
        work,
        headcount,
        need or headcount,
        budget,
        confidence,
        samples,
        seed,
        catalog.currency,
        results,
    )


def _summary(
    np: Any,
    path: SourcingPath,
    engine: Band,
    costs: Floats,
    times: Floats,
    start: date,
    horizon: float | None,
    budget: Decimal | None,
    confidence: float,
    completion: Any,
    error: float,
    used: list[str],
) -> PathSimulation:
    """A path's figures from its samples (`times` sorted)."""
    on_time = None if horizon is None else times <= horizon
    under = None if budget is None else costs <= float(budget)
    joint = None if on_time is None or under is None else on_time & under
    by_cost = np.sort(costs)
    spread = float(np.std(costs)) * float(np.std(times))
    constant = float(by_cost[-1] - by_cost[0]) < 0.005 or float(times[-1] - times[0]) < 1e-9
    covariance = float(np.mean((costs - costs.mean()) * (times - times.mean())))
    return PathSimulation(
        path=path,
        cost_of_work=engine,
        p_on_time=None if on_time is None else float(on_time.mean()),
        probability=None if horizon is None else float(completion.cdf(horizon)),
        p_under_budget=None if under is None else float(under.mean()),
        p_joint=None if joint is None else float(joint.mean()),
        cost_at_confidence=_cents_up(_at(by_cost, confidence)),
        date_at_confidence=_day(start, _at(times, confidence)),
        cost_mean=_cents(float(costs.mean())),
        cost_p10=_cents(_at(by_cost, 0.1)),
        cost_p50=_cents(_at(by_cost, 0.5)),
        cost_p90=_cents(_at(by_cost, 0.9)),
        done_p10=_day(start, _at(times, 0.1)),
        done_p50=_day(start, _at(times, 0.5)),
        done_p90=_day(start, _at(times, 0.9)),
        correlation=0.0 if constant else covariance / spread,
        additive_error=error,
        figures=used,
        frontier=_frontier(np, start, times, costs, confidence),
    )
