"""Dates, durations, quarters, and the distributions behind "1 to 4 weeks".

Every time range is a probability distribution over days from the decision date:
- {low, high}: uniform on [low, high];
- {low, median, high}: half the probability uniform on [low, median], half on
  [median, high] (so the median really is the median);
- low == high: that exact time.
CDFs and quantiles are piecewise linear, computed in closed form.
"""

from __future__ import annotations

import calendar
import math
import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from .errors import UsageError
from .limits import MAX_DURATION_DAYS

DAYS_PER_MONTH = 365.25 / 12  # 30.4375: an average Gregorian month
MONTH_DAYS = Decimal(str(DAYS_PER_MONTH))  # the same, for amounts
UNIT_DAYS = {
    "days": 1.0,
    "business_days": 7 / 5,  # 5 business days to a calendar week
    "weeks": 7.0,
    "months": DAYS_PER_MONTH,
}
UNIT_ALIASES = {
    "d": "days",
    "day": "days",
    "days": "days",
    "bd": "business_days",
    "business_day": "business_days",
    "business_days": "business_days",
    "w": "weeks",
    "wk": "weeks",
    "wks": "weeks",
    "week": "weeks",
    "weeks": "weeks",
    "m": "months",
    "mo": "months",
    "mos": "months",
    "month": "months",
    "months": "months",
}

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([a-z_]+(?:[\s-]+[a-z_]+)?)\s*$", re.IGNORECASE)
# 2027-Q3, 2027Q3, 2027 Q3, Q3-2027, q3 2027, Q3/2027, Q3
_QUARTER = re.compile(r"^\s*(?:(\d{4})[-\s/]*Q(\d+)|Q(\d+)[-\s/]*(\d{4})|Q(\d+))\s*$", re.IGNORECASE)
_MONTH = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")


@dataclass(frozen=True)
class Duration:
    """A length of time given as a number and a unit (`15bd`, `6w`, `3m`)."""

    amount: float
    unit: str

    @property
    def days(self) -> float:
        return self.amount * UNIT_DAYS[self.unit]

    def __str__(self) -> str:
        number = f"{self.amount:g}"
        return f"{number} {self.unit.replace('_', ' ')}"


def parse_duration(text: str, *, subject: str = "duration") -> Duration:
    """Parse `10d`, `15bd` (business days), `6w`, `3m`, `3 months` or `15 business days`."""
    match = _DURATION.match(text)
    unit = UNIT_ALIASES.get(re.sub(r"[\s-]+", "_", match.group(2).lower())) if match else None
    if not match or unit is None:
        raise UsageError(
            f"{text!r} is not a duration; use a number and d, bd, w or m (e.g. 10d, 15bd, 6w, 3m)",
            subject=subject,
        )
    duration = Duration(float(match.group(1)), unit)
    if duration.days > MAX_DURATION_DAYS:
        raise UsageError(f"{text!r} is longer than 50 years", subject=subject)
    return duration


def parse_date(text: str, *, subject: str = "date") -> date:
    """Parse an ISO date (YYYY-MM-DD)."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(f"{text!r} is not a valid date; use YYYY-MM-DD", subject=subject) from None


def parse_month_or_date(text: str, *, subject: str = "start") -> date:
    """Parse YYYY-MM (the first of that month) or YYYY-MM-DD."""
    stripped = text.strip()
    if re.fullmatch(r"\d{4}-\d{2}", stripped):
        stripped += "-01"
    try:
        return date.fromisoformat(stripped)
    except ValueError:
        raise UsageError(
            f"{text!r} is not a valid date; use YYYY-MM or YYYY-MM-DD", subject=subject
        ) from None


LAST_DAY = "dates end at 9999-12-31"


def calendar_day(year: int, month: int, day: int) -> date:
    """`date(year, month, day)`, with a domain error past 9999-12-31 (or before year 1)."""
    if not 1 <= year <= 9999:
        raise UsageError(f"a date falls in year {year}; {LAST_DAY}")
    return date(year, month, day)


def quarter_end(year: int, quarter: int) -> date:
    month = quarter * 3
    return calendar_day(year, month, calendar.monthrange(min(year, 9999), month)[1])


def month_end(year: int, month: int) -> date:
    return calendar_day(year, month, calendar.monthrange(min(max(year, 1), 9999), month)[1])


def parse_deadline(text: str, *, start: date) -> date:
    """An ISO date; `2027-09` (that month's last day); `2027-Q3`, `Q3 2027`, `2027Q3`,
    `q3-2027` (the quarter's last day); or `Q3` (the next one on or after `start`)."""
    month = _MONTH.match(text)
    if month:
        year, number = int(month.group(1)), int(month.group(2))
        if not 1 <= number <= 12:
            raise UsageError(f"month {number} in {text!r} is not 1 to 12", subject="deadline")
        if not 1 <= year <= 9999:
            raise UsageError(f"year {year} in {text!r} is out of range", subject="deadline")
        return month_end(year, number)
    match = _QUARTER.match(text)
    if not match:
        if re.fullmatch(r"\s*\d{4}-\d{2}-\d{2}\s*", text):
            return parse_date(text, subject="deadline")
        raise UsageError(
            f"{text!r} is not a date or quarter; use YYYY-MM-DD, YYYY-MM, 2027-Q3, Q3 2027 or Q3",
            subject="deadline",
        )
    year_text = match.group(1) or match.group(4)
    quarter = int(match.group(2) or match.group(3) or match.group(5))
    if not 1 <= quarter <= 4:
        raise UsageError(f"quarter Q{quarter} in {text!r} is not 1 to 4", subject="deadline")
    if year_text is not None:
        year = int(year_text)
        if not 1 <= year <= 9999:
            raise UsageError(f"year {year} in {text!r} is out of range", subject="deadline")
        return quarter_end(year, quarter)
    end = quarter_end(start.year, quarter)
    return end if end >= start else quarter_end(start.year + 1, quarter)


def add_months(day: date, months: int) -> date:
    """The same day-of-month `months` later, clamped to the month's last day."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return calendar_day(year, month, min(day.day, calendar.monthrange(min(max(year, 1), 9999), month)[1]))


def add_days(day: date, days: float) -> date:
    """`day` plus a fractional number of days, rounded up to the whole day it falls in."""
    whole = math.ceil(days - 1e-9)
    try:
        return day + timedelta(days=whole)
    except OverflowError:
        raise UsageError(f"date out of range: {day.isoformat()} plus {whole} days") from None


def add_months_fractional(day: date, months: Decimal) -> date:
    """Whole calendar months, then the fraction as average-month days."""
    whole = int(months)
    rest = float(months - whole) * DAYS_PER_MONTH
    try:
        return add_days(add_months(day, whole), rest)
    except (ValueError, OverflowError, UsageError):  # past 9999-12-31: say which sum it was
        raise UsageError(f"date out of range: {day.isoformat()} plus {months} months") from None


@dataclass(frozen=True)
class TimeDist:
    """A distribution of days from the decision date (see the module docstring)."""

    low: float
    median: float
    high: float

    @classmethod
    def of(cls, low: float, high: float, median: float | None = None) -> TimeDist:
        return cls(low, median if median is not None else (low + high) / 2, high)

    def shifted(self, days: float) -> TimeDist:
        return TimeDist(self.low + days, self.median + days, self.high + days)

    def cdf(self, x: float) -> float:
        """P(time <= x)."""
        if x >= self.high:
            return 1.0
        if x < self.low:
            return 0.0
        if x < self.median:
            return 0.5 * (x - self.low) / (self.median - self.low)
        if self.high == self.median:
            return 1.0
        return 0.5 + 0.5 * (x - self.median) / (self.high - self.median)

    def quantile(self, p: float) -> float:
        """The time by which the probability of being done is `p`."""
        if p <= 0.5:
            return self.low + (self.median - self.low) * (p / 0.5)
        return self.median + (self.high - self.median) * ((p - 0.5) / 0.5)

    def sample(self, u: float) -> float:
        """Inverse-transform sample from a uniform `u` in [0, 1)."""
        return self.quantile(u)


def _uniform_excess(low: float, high: float, x: float) -> float:
    """E[max(0, U - x)] for U uniform on [low, high] (a point mass when low == high)."""
    if x >= high:
        return 0.0
    if x <= low:
        return (low + high) / 2 - x
    return (high - x) ** 2 / (2 * (high - low))


def expected_excess(dist: TimeDist, x: float) -> float:
    """E[max(0, T - x)]: the expected time past `x`, in closed form."""
    return 0.5 * _uniform_excess(dist.low, dist.median, x) + 0.5 * _uniform_excess(dist.median, dist.high, x)
