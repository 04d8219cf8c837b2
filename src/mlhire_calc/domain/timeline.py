"""Dates, durations, quarters, and the distributions behind "1 to 4 weeks".

Every date an option or a plan gives is read here, one way (`parse_date`, and
`parse_deadline` for the last day of a month or quarter): ISO or unpadded days, months
by number or English name, quarters, and day-first or month-first numbers when only
one reading is a day or when the date order is given; anything else is refused.

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

from .choices import DateOrder
from .errors import UsageError
from .limits import MAX_DURATION_DAYS
from .money import parse_span

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

_DURATION = r"(?i)^\s*(\d+(?:\.\d+)?)\s*([a-z_]+(?:[\s-]+[a-z_]+)?)\s*$"


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
    match = re.match(_DURATION, text)
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


_TIME_SPAN = r"(?i)^\s*([0-9.,/\s-]*[0-9.])\s*([a-z_]+(?:[\s-]+[a-z_]+)?)\s*$"
TIME_FORMS = "3m (exactly), 1-4w (low-high) or 2/3/5m (low/median/high), in d, bd, w or m"


def parse_time_span(text: str, *, subject: str = "time") -> tuple[Decimal, Decimal | None, Decimal, str]:
    """A time as a data file's time range: `3m` (fixed), `1-4w` (low-high) or `2/3/5m`
    (low/median/high), with one unit: d, bd (business days), w or m. Returns low, median
    (if given), high and the unit's name (`weeks`)."""
    match = re.match(_TIME_SPAN, text)
    unit = UNIT_ALIASES.get(re.sub(r"[\s-]+", "_", match.group(2).lower())) if match else None
    if match is None or unit is None:
        raise UsageError(f"{text!r} is not a time; write {TIME_FORMS}", subject=subject)
    low, median, high = parse_span(match.group(1), subject=subject)
    if float(high) * UNIT_DAYS[unit] > MAX_DURATION_DAYS:
        raise UsageError(f"{text!r} is longer than 50 years", subject=subject)
    return low, median, high, unit


# ---------------------------------------------------------------- dates as people write them

DATE_FORMS = "a day (2027-09-30, 2027/9/30, 30.09.2027), a month (2027-09, Sep 2027) or a quarter (2027-Q3)"
ORDER_HINT = "give the date order (--date-order mdy or dmy)"
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
# English names, not the locale's: Sep, Sept, September, sep (any case)
MONTH_NUMBERS = {
    **{name.lower(): number for number, name in enumerate(MONTHS, start=1)},
    **{name[:3].lower(): number for number, name in enumerate(MONTHS, start=1)},
    "sept": 9,
}
# 2027-Q3, 2027Q3, 2027 Q3, Q3-2027, q3 2027, Q3/2027; or Q3 alone
_QUARTER = r"(?i)(?:(\d{4})[-\s/]*Q(\d+)|Q(\d+)[-\s/]*(\d{4})|Q(\d+))"
_YEAR_FIRST = r"(\d{4})([-/.])(\d{1,2})(?:\2(\d{1,2}))?"  # 2027-09-30, 2027/9/30, 2027-09
_COMPACT = r"(\d{4})(\d{2})(\d{2})"  # 20270930
_YEAR_LAST = r"(\d{1,2})([-/.])(\d{1,2})\2(\d{4}|\d{2})"  # 30.09.2027, 9/30/2027, 04.01.27
# Sep 2027, September 2027, sep-2027, 30 Sep 2027, 30-Sep-2027, Sep 30, 2027
_NAMED = r"(?i)(?:(\d{1,2})[\s/-]+)?([a-z]+)\.?(?:[\s/-]+(\d{1,2})(?:,\s*|[\s/-]+)|[\s/-]+)(\d{4})"


class _NotADay(Exception):
    """Why a date's text names no day; the parser adds the text and the subject."""


def parse_date(text: str, *, subject: str = "date", order: DateOrder | None = None) -> date:
    """A day as people write it (see `DATE_FORMS`); a month or a quarter is its first day.

    `order` reads a numeric date whose day and month could swap (04/05/2027), and
    allows a two-digit year (20YY); without it such a date is refused, never guessed.
    """
    return _period(text, order, subject, after=None)[0]


def parse_deadline(text: str, *, start: date, order: DateOrder | None = None) -> date:
    """A day as `parse_date` reads it; a month or a quarter is its last day; `Q3` alone
    is the next third quarter ending on or after `start`."""
    return _period(text, order, "deadline", after=start)[1]


def _period(text: str, order: DateOrder | None, subject: str, after: date | None) -> tuple[date, date]:
    """The first and last day that `text` names: a day, a month or a quarter."""
    written = " ".join(text.split())
    try:
        numbered = re.fullmatch(_YEAR_FIRST, written) or re.fullmatch(_COMPACT, written)
        if numbered is not None:
            year, month, day = numbered[1], numbered.groups()[-2], numbered.groups()[-1]
            return _month(int(year), int(month)) if day is None else _day(int(year), int(month), int(day))
        day_last = re.fullmatch(_YEAR_LAST, written)
        if day_last is not None:
            return _numeric(int(day_last[1]), int(day_last[3]), day_last[4], order)
        named = re.fullmatch(_NAMED, written)
        if named is not None and named[2].lower() in MONTH_NUMBERS:
            month, year = MONTH_NUMBERS[named[2].lower()], int(named[4])
            if named[1] is not None and named[3] is not None:
                raise _NotADay("gives two days")
            day = named[1] or named[3]
            return _month(year, month) if day is None else _day(year, month, int(day))
        quarter = re.fullmatch(_QUARTER, written)
        if quarter is not None:
            return _quarter(quarter, after)
        more = ", or Q3 for the next third quarter" if after is not None else ""
        raise _NotADay(f"is not a date; write {DATE_FORMS}{more}")
    except _NotADay as exc:
        raise UsageError(f"{text!r} {exc}", subject=subject) from None


def _day(year: int, month: int, day: int, reading: str = "") -> tuple[date, date]:
    """That day, or why it is not on the calendar (`reading`: how it was read, " read as dmy")."""
    if not 1 <= year <= 9999:
        raise _NotADay(f"is not a valid date{reading}: years run from 1 to 9999")
    if not 1 <= month <= 12:
        raise _NotADay(f"is not a valid date{reading}: there is no month {month}")
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        raise _NotADay(f"is not a valid date{reading}: {MONTHS[month - 1]} {year} has {days} days")
    return date(year, month, day), date(year, month, day)


def _month(year: int, month: int) -> tuple[date, date]:
    first, _ = _day(year, month, 1)
    return first, month_end(year, month)


def _numeric(first: int, second: int, year_text: str, order: DateOrder | None) -> tuple[date, date]:
    """30.09.2027, 9/30/2027: the reading `order` gives, or the only one that is a day."""
    if len(year_text) == 2 and order is None:
        raise _NotADay(f"has a two-digit year; {ORDER_HINT} or write the year in full")
    year = int(year_text) + (2000 if len(year_text) == 2 else 0)
    readings = {DateOrder.mdy: (first, second), DateOrder.dmy: (second, first)}  # (month, day)
    if order is not None:
        return _day(year, *readings[order], reading=f" read as {order.value}")
    days = {}
    for how, (month, day) in readings.items():
        try:
            days[how] = _day(year, month, day)[0]
        except _NotADay:
            continue
    if not days:
        raise _NotADay("is not a valid date read either way (month/day or day/month)")
    if len(set(days.values())) > 1:
        mdy, dmy = days[DateOrder.mdy].isoformat(), days[DateOrder.dmy].isoformat()
        raise _NotADay(f"could be {mdy} (mdy) or {dmy} (dmy); {ORDER_HINT} or write YYYY-MM-DD")
    only = next(iter(days.values()))
    return only, only


def _quarter(match: re.Match[str], after: date | None) -> tuple[date, date]:
    """2027-Q3: July 1 to September 30; Q3 alone: the next one ending on or after `after`."""
    year_text = match[1] or match[4]
    number = int(match[2] or match[3] or match[5])
    if not 1 <= number <= 4:
        raise _NotADay(f"is not a valid quarter: Q{number} is not Q1 to Q4")
    if year_text is not None:
        year = int(year_text)
        if not 1 <= year <= 9999:
            raise _NotADay("is not a valid date: years run from 1 to 9999")
    elif after is None:
        raise _NotADay("is a quarter without a year; write it like 2027-Q3")
    else:
        year = after.year if quarter_end(after.year, number) >= after else after.year + 1
    return calendar_day(year, number * 3 - 2, 1), quarter_end(year, number)


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
        raise UsageError(f"date out of range: {day.isoformat()} plus {months.normalize():f} months") from None


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
