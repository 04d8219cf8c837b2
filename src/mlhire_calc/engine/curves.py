"""The probability of being done by each date: points of a completion CDF.

`rank` answers one date (the deadline); this gives the whole curve, for a chart or
a JSON array. Points are the exact CDF of the same closed-form distribution rank
uses, so the point at the deadline equals rank's probability.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol


class Distribution(Protocol):
    """A time to completion in days: its CDF, its quantiles and the corners where it bends."""

    @property
    def low(self) -> float: ...
    @property
    def median(self) -> float: ...
    @property
    def high(self) -> float: ...
    def cdf(self, x: float) -> float: ...
    def quantile(self, p: float) -> float: ...


WEEK = 7
TAIL = 0.99  # the curve runs past the P99, so every path reaches (almost) 1


@dataclass(frozen=True)
class CurvePoint:
    """One point of a completion CDF: a date and the probability of being done by it."""

    day: date
    probability: float  # P(done on or before `day`)


def curve_end(completion: Distribution, start: date) -> date:
    """The first whole week from `start` strictly past the distribution's P99."""
    p99 = completion.quantile(TAIL)
    weeks = math.floor(max(p99, 0.0) / WEEK) + 1
    return start + timedelta(days=weeks * WEEK)


def done_by_curve(
    completion: Distribution,
    start: date,
    *,
    through: date | None = None,
    extra_days: Iterable[date] = (),
    step_days: int = WEEK,
) -> list[CurvePoint]:
    """P(done by day) every `step_days` from `start` until past the P99 (or `through`).

    Also holds the distribution's corners (low, median, high, where the curve bends)
    and any `extra_days` (a deadline), so a straight line between points is exact.
    """
    if step_days < 1:
        raise ValueError("step_days must be at least 1")
    end = max(curve_end(completion, start), through or start)
    days = {start + timedelta(days=offset) for offset in range(0, (end - start).days + 1, step_days)}
    days.add(end)
    for corner in (completion.low, completion.median, completion.high):
        for whole in (math.floor(corner), math.ceil(corner)):
            if 0 <= whole <= (end - start).days:
                days.add(start + timedelta(days=whole))
    days.update(day for day in extra_days if start <= day <= end)
    return [CurvePoint(day, completion.cdf(float((day - start).days))) for day in sorted(days)]
