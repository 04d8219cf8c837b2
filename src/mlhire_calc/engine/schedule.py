"""Calendar months: one hire's cost month by month, prorated by calendar days.

The one place that prorates. `compare --basis calendar`, `rank`'s cost to the
deadline and `budget` all add up these cells, so their figures agree to the cent.
"""

from __future__ import annotations

import calendar
import functools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from itertools import pairwise

from mlhire_calc.domain.money import POINTS, Band, ExactBand, exact_total, to_cents

from .lifecycle import Tenure, anniversaries, anniversary_in, growth
from .rates import Rate


@dataclass(frozen=True)
class Month:
    """A calendar month of a window: where recurring costs are prorated by days."""

    first: date
    days: int
    after: date  # the first day of the next month

    def active_days(self, accrue_from: date, window_end: date) -> int:
        """Days of this month inside the window and on or after `accrue_from`."""
        return max(0, (min(self.after, window_end) - max(self.first, accrue_from)).days)

    def holds(self, day: date) -> bool:
        return self.first <= day < self.after


@functools.lru_cache(maxsize=64)  # a budget asks for the same window once per distinct schedule
def window_months(window_start: date, window_end: date) -> tuple[Month, ...]:
    """Every calendar month that overlaps [window_start, window_end)."""
    result = []
    first = window_start.replace(day=1)
    while first < window_end:
        days = calendar.monthrange(first.year, first.month)[1]
        after = first + timedelta(days=days)
        result.append(Month(first, days, after))
        first = after
    return tuple(result)


def prorate(monthly: Fraction, active_days: int, days_in_month: int) -> Decimal:
    """An exact monthly amount for `active_days` of a month, rounded to the cent once."""
    if active_days <= 0:
        return Decimal("0.00")
    if active_days >= days_in_month:
        return to_cents(monthly)
    return to_cents(monthly * active_days / days_in_month)


def _prorated(monthly: ExactBand, active_days: int, days_in_month: int) -> Band:
    return Band(*(prorate(monthly.pick(p), active_days, days_in_month) for p in POINTS))


@dataclass(frozen=True)
class MonthCost:
    """One hire's cost in one calendar month, each figure rounded to the cent."""

    month: date
    items: tuple[Band, ...]  # aligned with the path's rates
    raises: Band  # what the yearly increases add to the recurring items
    replacement_hiring: Band  # expected: the hiring costs of replacements
    replacement_ramp: Band  # expected: the paid ramp of replacements

    @property
    def expected(self) -> Band:
        return self.replacement_hiring + self.replacement_ramp


# What a month costs one hire depends, besides the rates and the lifecycle's terms, only on:
# (days in the month, days accrued in it, 1 if the one-time costs fall in it else 0,
#  1 if a conversion fee falls in it else 0,
#  then for each span between anniversaries: (anniversaries passed, days)).
Situation = tuple[int, ...]


def situations(
    tenure: Tenure,
    window_start: date,
    window_end: date,
    *,
    accrue_until: date | None = None,
    converts_on: date | None = None,
) -> list[tuple[Month, Situation]]:
    """Each calendar month of [window_start, window_end) and its situation for `tenure`.

    Recurring items (and their increases) accrue from the start until `accrue_until`
    (exclusive; a plan row's end); one-time items fall in the month of the start, and a
    conversion fee in the month of `converts_on` (the day the hire becomes permanent).
    """
    starts_on = tenure.starts_on
    accrue_from = max(starts_on, window_start)
    accrue_to = window_end if accrue_until is None else min(window_end, accrue_until)
    starts_inside = window_start <= starts_on < window_end
    rises = tenure.increase != Band.zero()
    result = []
    for month in window_months(window_start, window_end):
        active = month.active_days(accrue_from, accrue_to)
        one_time_here = int(starts_inside and month.holds(starts_on))
        conversion_here = int(converts_on is not None and month.holds(converts_on))
        begin, end = max(month.first, accrue_from), min(month.after, accrue_to)
        spans: tuple[int, ...] = ()
        if rises and begin < end:
            anniversary = anniversary_in(begin, end, starts_on)
            edges = [begin, end] if anniversary is None else [begin, anniversary, end]
            spans = tuple(
                n
                for first, after in pairwise(edges)
                for n in (anniversaries(first, starts_on), (after - first).days)
            )
        result.append((month, (month.days, active, one_time_here, conversion_here, *spans)))
    return result


class Costing:
    """What a month costs one hire, by its situation, for given rates and lifecycle terms.

    Only the tenure's terms (yearly increase, attrition, ramp) are used, not its dates,
    so one Costing serves every hire of the same rates; each situation is costed once.
    Every figure is rounded to the cent; a full month of an item is rounded once.
    """

    def __init__(self, rates: Sequence[Rate], tenure: Tenure) -> None:
        self.rates = tuple(rates)
        self.increase = tenure.increase
        self.monthly = exact_total(rate.amount for rate in rates if rate.kind == "recurring")
        hiring = exact_total(rate.amount for rate in rates if rate.kind == "one_time")
        self.expected_hiring = hiring * tenure.attrition * Fraction(1, 12)
        self.expected_ramp = self.monthly * tenure.attrition * (tenure.ramp_months / 12)
        self.whole = [rate.amount.cents() for rate in rates]
        self.whole_hiring, self.whole_ramp = self.expected_hiring.cents(), self.expected_ramp.cents()
        self._memo: dict[Situation, tuple[tuple[Band, ...], Band, Band, Band]] = {}

    def month(self, situation: Situation) -> tuple[tuple[Band, ...], Band, Band, Band]:
        """(items, raises, replacement hiring, replacement ramp) of a month in `situation`."""
        cached = self._memo.get(situation)
        if cached is None:
            cached = self._memo[situation] = self.cost(situation)
        return cached

    def cost(self, situation: Situation) -> tuple[tuple[Band, ...], Band, Band, Band]:
        """As `month`, computed each time (for a caller that keeps its own memo)."""
        days, active, one_time_here, conversion_here = situation[:4]
        full = active >= days
        zero = Band.zero()
        cells = []
        for rate, amount in zip(self.rates, self.whole, strict=True):
            if rate.kind == "recurring":
                cells.append(amount if full else _prorated(rate.amount, active, days))
            elif rate.kind == "conversion":
                cells.append(amount if conversion_here else zero)
            else:
                cells.append(amount if one_time_here else zero)
        return (
            tuple(cells),
            self._raises(days, situation[4:]),
            self.whole_hiring if full else _prorated(self.expected_hiring, active, days),
            self.whole_ramp if full else _prorated(self.expected_ramp, active, days),
        )

    def _raises(self, days: int, spans: tuple[int, ...]) -> Band:
        """The increase over the base amounts: each span's days at (1 + r)^anniversaries - 1."""
        if not spans:
            return Band.zero()
        cells = []
        for point in POINTS:
            rate = self.increase.pick(point)
            amount = Decimal("0.00")
            for years, span_days in zip(spans[::2], spans[1::2], strict=True):
                factor = growth(years, rate) - 1
                if factor:
                    amount += prorate(self.monthly.pick(point) * factor, span_days, days)
            cells.append(amount)
        return Band(*cells)


def schedule(
    rates: Sequence[Rate],
    tenure: Tenure,
    window_start: date,
    window_end: date,
    *,
    accrue_until: date | None = None,
) -> list[MonthCost]:
    """Per-hire cost of each calendar month in [window_start, window_end).

    Recurring items (and their increases) accrue from the start until `accrue_until`
    (exclusive; a plan row's end), prorated by calendar days; one-time items fall in
    the month of the start; expected replacement costs accrue with the recurring
    items, at the yearly attrition / 12 a month.
    """
    costing = Costing(rates, tenure)
    return [
        MonthCost(month.first, *costing.month(situation))
        for month, situation in situations(tenure, window_start, window_end, accrue_until=accrue_until)
    ]
