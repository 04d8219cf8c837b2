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

import math
from dataclasses import dataclass

from .timeline import TimeDist, expected_excess

_SPREAD = 40.0  # standard deviations: binomial terms beyond this are below 1e-300


def _pmf(n: int, p: float, k: int) -> float:
    """P(Binomial(n, p) = k), in log space so large n neither overflows nor underflows early."""
    if p <= 0.0:
        return 1.0 if k == 0 else 0.0
    if p >= 1.0:
        return 1.0 if k == n else 0.0
    log = math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)
    return math.exp(log + k * math.log(p) + (n - k) * math.log1p(-p))


def _window(n: int, p: float, low: int, high: int) -> range:
    """The k in [low, high] whose binomial terms can matter."""
    mean, sd = n * p, math.sqrt(n * p * (1 - p))
    first = max(low, math.floor(mean - _SPREAD * sd) - 1)
    last = min(high, math.ceil(mean + _SPREAD * sd) + 1)
    return range(first, last + 1)


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
    below = math.fsum(_pmf(hires, p, k) for k in _window(hires, p, 0, need - 1))
    above = math.fsum(_pmf(hires, p, k) for k in _window(hires, p, need, hires))
    return above if above < 0.5 else min(1.0, max(0.0, 1.0 - below))


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
    polynomials integrate to the next degree's tail).
    """
    n = hires + 1
    short = math.fsum((need - k) * _pmf(n, u, k) for k in _window(n, u, 0, need - 1))
    return (need - short) / n


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
