"""Calendar months: one hire's cost month by month, prorated by calendar days.

The one place that prorates. `compare --basis calendar`, `rank`'s cost to the
deadline and `budget` all add up these cells, so their figures agree to the cent.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal

from .lifecycle import Tenure, anniversaries, anniversary_in
from .money import POINTS, Band, to_cents, total
from .rates import Rate
from .records import record


@record
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


def window_months(window_start: date, window_end: date) -> list[Month]:
    """Every calendar month that overlaps [window_start, window_end)."""
    result = []
    first = window_start.replace(day=1)
    while first < window_end:
        days = calendar.monthrange(first.year, first.month)[1]
        after = first + timedelta(days=days)
        result.append(Month(first, days, after))
        first = after
    return result


def prorate(monthly: Decimal, active_days: int, days_in_month: int) -> Decimal:
    """A monthly amount for `active_days` of a month, rounded to the cent."""
    if active_days <= 0:
        return Decimal("0.00")
    if active_days >= days_in_month:
        return to_cents(monthly)
    return to_cents(monthly * active_days / days_in_month)


def _prorated(monthly: Band, active_days: int, days_in_month: int) -> Band:
    return Band(*(prorate(monthly.pick(p), active_days, days_in_month) for p in POINTS))


@record
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


def _raises(
    monthly: Band, tenure: Tenure, month: Month, begin: date, end: date, cache: dict[tuple[int, ...], Band]
) -> Band:
    """The increase over the base amounts for [begin, end) of `month`, split at an anniversary.

    `cache` holds the cells already computed for the same spans (anniversaries passed and
    days) in a month of the same length: most months of a tenure repeat one of a few.
    """
    if begin >= end or tenure.increase == Band.zero():
        return Band.zero()
    anniversary = anniversary_in(begin, end, tenure.starts_on)
    spans = [(begin, end)] if anniversary is None else [(begin, anniversary), (anniversary, end)]
    key = (
        month.days,
        *(
            n
            for first, after in spans
            for n in (anniversaries(first, tenure.starts_on), (after - first).days)
        ),
    )
    cached = cache.get(key)
    if cached is None:
        cells = []
        for point in POINTS:
            rate = tenure.increase.pick(point)
            amount = Decimal("0.00")
            for years, days in zip(key[1::2], key[2::2], strict=True):
                factor = (1 + rate) ** years - 1
                if factor:
                    amount += prorate(monthly.pick(point) * factor, days, month.days)
            cells.append(amount)
        cached = cache[key] = Band(*cells)
    return cached


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
    starts_on = tenure.starts_on
    accrue_from = max(starts_on, window_start)
    accrue_to = window_end if accrue_until is None else min(window_end, accrue_until)
    starts_inside = window_start <= starts_on < window_end
    monthly = total(rate.amount for rate in rates if rate.kind == "recurring")
    hiring = total(rate.amount for rate in rates if rate.kind == "one_time")
    expected_hiring = tenure.attrition * hiring * (Decimal(1) / 12)
    expected_ramp = tenure.attrition * monthly * (tenure.ramp_months / 12)
    whole = [rate.amount.cents() for rate in rates]  # a full month of each item: rounded once
    whole_hiring, whole_ramp = expected_hiring.cents(), expected_ramp.cents()
    zero = Band.zero()
    raises: dict[tuple[int, ...], Band] = {}
    rows = []
    for month in window_months(window_start, window_end):
        active = month.active_days(accrue_from, accrue_to)
        full = active >= month.days
        one_time_here = starts_inside and month.holds(starts_on)
        cells = []
        for rate, amount in zip(rates, whole, strict=True):
            if rate.kind == "recurring":
                cells.append(amount if full else _prorated(rate.amount, active, month.days))
            else:
                cells.append(amount if one_time_here else zero)
        begin, end = max(month.first, accrue_from), min(month.after, accrue_to)
        rows.append(
            MonthCost(
                month.first,
                tuple(cells),
                _raises(monthly, tenure, month, begin, end, raises),
                whole_hiring if full else _prorated(expected_hiring, active, month.days),
                whole_ramp if full else _prorated(expected_ramp, active, month.days),
            )
        )
    return rows
