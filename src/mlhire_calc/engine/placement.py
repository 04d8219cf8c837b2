"""When a path's hires are in place: retries after failed placements, and the path's capacity.

One attempt takes the path's time to first PR, S (a `TimeDist`). It fails in its
trial with probability p; each failure costs L days before the next attempt, so one
hire is done after K x L + S days, K failures first, K ~ Geometric(p):

    G(x) = sum over k >= 0 of (1 - p) p^k F(x - k L)

A path places at most c hires a month: hire i (from 0) cannot begin before month
floor(i / c), so the hires fall into groups of c with start offsets of whole months.
The team is done when `need` of the hires are: the product of the groups' G^size when
every hire is needed, else the tail of a sum of binomials (one per group), computed
exactly by convolution. Quantiles are found by bisection on that CDF, and expected
lateness by integrating its survival function. With p = 0 and no capacity limit this
is `team.TeamTime`, and the closed forms there are used.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from mlhire_calc.domain.timeline import DAYS_PER_MONTH, TimeDist

from .team import TeamTime, at_least

_TINY = 1e-15  # a retry this unlikely changes no double
_MAX_CONVOLUTION = 4_000_000  # need x hires beyond this: a normal approximation of the count


@dataclass(frozen=True)
class Placement:
    """A path's placement risk and capacity."""

    fail: float = 0.0  # probability a placement fails in its trial
    lost_days: float = 0.0  # days from an attempt's start to the next attempt, after a failure
    per_month: int | None = None  # placements a month; None: no limit

    @property
    def certain(self) -> bool:
        return self.fail == 0.0 and self.per_month is None


@dataclass(frozen=True)
class PlacementTime:
    """Days until `need` of `hires` hires are done, each after retries, placed at the path's pace."""

    one: TimeDist  # one attempt, from its own start
    placement: Placement
    hires: int = 1
    need: int = 1

    # ---------------------------------------------------------------- one hire

    def _retries(self) -> int:
        p = self.placement.fail
        if p <= 0.0:
            return 0
        return max(0, math.ceil(math.log(_TINY) / math.log(p)))

    def one_cdf(self, x: float) -> float:
        """G(x): one hire done by day x, retries included."""
        p, lost = self.placement.fail, self.placement.lost_days
        if p <= 0.0:
            return self.one.cdf(x)
        total, weight = 0.0, 1.0 - p
        for k in range(self._retries() + 1):
            shifted = x - k * lost
            if shifted < self.one.low:
                break
            total += weight * self.one.cdf(shifted)
            weight *= p
        return min(1.0, total)

    # ---------------------------------------------------------------- the team

    def groups(self) -> list[tuple[float, int]]:
        """(offset in days, hires) per month of placements."""
        pace = self.placement.per_month
        if pace is None or pace >= self.hires:
            return [(0.0, self.hires)]
        full, rest = divmod(self.hires, pace)
        sizes = [pace] * full + ([rest] if rest else [])
        return [(month * DAYS_PER_MONTH, size) for month, size in enumerate(sizes)]

    @property
    def low(self) -> float:
        return self.one.low

    @property
    def median(self) -> float:
        return self.quantile(0.5)

    @property
    def high(self) -> float:
        return self.quantile(0.999)

    def shifted(self, days: float) -> PlacementTime:
        return PlacementTime(self.one.shifted(days), self.placement, self.hires, self.need)

    def _team(self) -> TeamTime | None:
        """The closed-form team time where placement is certain and unlimited."""
        if not self.placement.certain:
            return None
        return TeamTime.of_team(self.one, self.hires, self.need)

    def cdf(self, x: float) -> float:
        """P(at least `need` hires done by day x)."""
        team = self._team()
        if team is not None:
            return team.cdf(x)
        groups = [(self.one_cdf(x - offset), size) for offset, size in self.groups()]
        if len(groups) == 1:
            return at_least(self.need, self.hires, groups[0][0])
        if self.need == self.hires:
            return math.prod(g**size for g, size in groups)
        return _at_least_of_groups(self.need, groups)

    def quantile(self, q: float) -> float:
        """The first day by which the probability of being done is at least q."""
        team = self._team()
        if team is not None:
            return team.quantile(q)
        low = self.one.low
        high = max(low + 1.0, self.one.high + self.groups()[-1][0])
        while self.cdf(high) < q:
            high = low + 2 * (high - low)
            if high > 1e7:  # ~27,000 years: beyond any date
                return high
        for _ in range(100):
            middle = (low + high) / 2
            if middle in (low, high) or high - low < 1e-6:
                break
            if self.cdf(middle) < q:
                low = middle
            else:
                high = middle
        return high

    def expected_excess(self, x: float) -> float:
        """E[max(0, T - x)]: the integral of the survival function past x."""
        team = self._team()
        if team is not None:
            return team.expected_excess(x)
        start = max(x, self.one.low)
        total = start - x  # before anyone can be done, every day counts
        end = self.quantile(1 - 1e-9)
        if end <= start:
            return total
        steps = min(20_000, max(200, math.ceil((end - start) * 2)))
        width = (end - start) / steps
        # Simpson's rule over the survival function, which is smooth between its bends
        odd = sum(1 - self.cdf(start + (2 * i - 1) * width) for i in range(1, steps // 2 + 1))
        even = sum(1 - self.cdf(start + 2 * i * width) for i in range(1, steps // 2))
        ends = (1 - self.cdf(start)) + (1 - self.cdf(end))
        return total + width / 3 * (ends + 4 * odd + 2 * even)


def _at_least_of_groups(need: int, groups: list[tuple[float, int]]) -> float:
    """P(at least `need` successes) for a sum of independent Binomial(size, g) counts."""
    hires = sum(size for _, size in groups)
    if need * hires > _MAX_CONVOLUTION:
        mean = sum(size * g for g, size in groups)
        variance = sum(size * g * (1 - g) for g, size in groups)
        if variance <= 0:
            return 1.0 if mean >= need else 0.0
        z = (need - 0.5 - mean) / math.sqrt(variance)
        return 0.5 * math.erfc(z / math.sqrt(2))
    below = [1.0] + [0.0] * (need - 1)  # P(count = j) for j < need; the rest is "done"
    for g, size in groups:
        pmf = [_binomial_pmf(size, g, j) for j in range(min(size, need - 1) + 1)]
        below = [sum(below[j - i] * pmf[i] for i in range(min(j, len(pmf) - 1) + 1)) for j in range(need)]
    return max(0.0, min(1.0, 1.0 - sum(below)))


def _binomial_pmf(n: int, p: float, k: int) -> float:
    """P(Binomial(n, p) = k), in log space so large n neither overflows nor underflows early."""
    if p <= 0.0:
        return 1.0 if k == 0 else 0.0
    if p >= 1.0:
        return 1.0 if k == n else 0.0
    log = math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)
    return math.exp(log + k * math.log(p) + (n - k) * math.log1p(-p))
