"""When K of N independent hires are done: order statistics of one hire's time.

Each hire's time is the same `TimeDist` (CDF F), independent of the others. The team
is done when at least K of the N hires are, so

    P(team done by x) = P(Binomial(N, F(x)) >= K)      (= F(x)^N when K = N).

Quantiles invert that exactly: find the one-hire probability p with
P(Binomial(N, p) >= K) = q (closed form when K = N or K = 1, else bisection to
machine precision on the exact polynomial), then take F's own quantile at p.
Expected lateness integrates the survival function exactly: F is linear on each
piece, and the integral of a binomial tail over p is a binomial mean (see
`_tail_integral`). No sampling anywhere.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

from mlhire_calc.domain.timeline import TimeDist, expected_excess

_NEGLIGIBLE = 1e-18  # a tail term this small against the sum so far changes no double


def _pmf(n: int, p: float, k: int) -> float:
    """P(Binomial(n, p) = k), in log space so large n neither overflows nor underflows early."""
    if p <= 0.0:
        return 1.0 if k == 0 else 0.0
    if p >= 1.0:
        return 1.0 if k == n else 0.0
    log = math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)
    return math.exp(log + k * math.log(p) + (n - k) * math.log1p(-p))


def _tail(n: int, p: float, first: int, step: int, weight: int | None = None) -> float:
    """The sum of P(Binomial(n, p) = k), times |k - weight| if given, from `first` away from
    the mean (`step` +1 upward, -1 downward). Terms shrink away from the mean, so the sum
    stops once they no longer change it; each term comes from the last by the pmf ratio."""
    if not 0 <= first <= n:
        return 0.0
    odds = p / (1 - p)
    term = _pmf(n, p, first)
    total, k = 0.0, first
    while term > 0.0:
        weighted = term if weight is None else term * abs(k - weight)
        total += weighted
        if weighted < _NEGLIGIBLE * total and (weight is None or abs(k - weight) > 1):
            break
        if step > 0:
            if k == n:
                break
            term *= odds * (n - k) / (k + 1)
        else:
            if k == 0:
                break
            term *= k / ((n - k + 1) * odds)
        k += step
    return total


def at_least(need: int, hires: int, p: float) -> float:
    """P(Binomial(hires, p) >= need): at least `need` of `hires` are done, each with probability p."""
    if need <= 0 or p >= 1.0:
        return 1.0
    if p <= 0.0:
        return 0.0
    if need == hires:
        return math.pow(p, hires)
    if need == 1:
        return -math.expm1(hires * math.log1p(-p))
    if need > hires * p:  # the upper tail is the small side
        return min(1.0, _tail(hires, p, need, +1))
    return max(0.0, 1.0 - _tail(hires, p, need - 1, -1))


@functools.lru_cache(maxsize=256)
def one_hire_level(need: int, hires: int, q: float) -> float:
    """The p at which at_least(need, hires, p) == q."""
    if q <= 0.0:
        return 0.0
    if q >= 1.0:
        return 1.0
    if need == hires:
        return math.pow(q, 1.0 / hires)
    if need == 1:
        return -math.expm1(math.log1p(-q) / hires)
    low, high = 0.0, 1.0
    for _ in range(200):  # until the interval stops shrinking: full double precision
        middle = (low + high) / 2
        if middle in (low, high):
            break
        if at_least(need, hires, middle) < q:
            low = middle
        else:
            high = middle
    return (low + high) / 2


def _tail_integral(need: int, hires: int, u: float) -> float:
    """The integral over p from 0 to u of P(Binomial(hires, p) < need).

    Equals E[min(Y, need)] / (hires + 1) for Y ~ Binomial(hires + 1, u) (Bernstein
    polynomials integrate to the next degree's tail); E[min(Y, need)] is need minus the
    lower tail's shortfall, or E[Y] minus the upper tail's excess, whichever is the tail.
    """
    n = hires + 1
    if u <= 0.0:
        return 0.0
    if u >= 1.0:
        return need / n
    if need <= n * u:
        expected = need - _tail(n, u, need - 1, -1, weight=need)
    else:
        expected = n * u - _tail(n, u, need + 1, +1, weight=need)
    return expected / n


@dataclass(frozen=True)
class TeamTime(TimeDist):
    """Days until `need` of `hires` independent hires are done, each with the distribution
    on [low, high] with one-hire median `median` (the corners where the curve bends).

    `median` is one hire's; the team's median is `quantile(0.5)`.
    """

    hires: int = 1
    need: int = 1

    @classmethod
    def of_team(cls, one: TimeDist, hires: int = 1, need: int | None = None) -> TeamTime:
        return cls(one.low, one.median, one.high, hires, hires if need is None else need)

    @property
    def one(self) -> TimeDist:
        return TimeDist(self.low, self.median, self.high)

    @property
    def single(self) -> bool:
        return self.hires == 1 and self.need == 1

    def shifted(self, days: float) -> TeamTime:
        return TeamTime(self.low + days, self.median + days, self.high + days, self.hires, self.need)

    def cdf(self, x: float) -> float:
        return at_least(self.need, self.hires, self.one.cdf(x))

    def quantile(self, p: float) -> float:
        level = p if self.single else one_hire_level(self.need, self.hires, p)
        return self.one.quantile(level)

    def expected_excess(self, x: float) -> float:
        """E[max(0, T - x)] for the team's time T, exact."""
        one = self.one
        if self.single:
            return expected_excess(one, x)
        total = max(0.0, self.low - x)  # before anyone can be done, every day counts
        pieces = ((self.low, self.median, 0.0, 0.5), (self.median, self.high, 0.5, 1.0))
        for left, right, p_left, p_right in pieces:
            if right <= left or right <= x:
                continue
            begin = max(left, x)
            p_begin = p_left + (p_right - p_left) * (begin - left) / (right - left)
            width_per_p = (right - left) / (p_right - p_left)
            area = _tail_integral(self.need, self.hires, p_right) - _tail_integral(
                self.need, self.hires, p_begin
            )
            total += width_per_p * area
        return max(0.0, total)
