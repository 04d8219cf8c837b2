"""A hire's tenure on a path: paid ramp, yearly increases, attrition and replacement.

The figures come from the data (`lifecycle:` and the path's times for the role);
the formulas are in the README's cost model:

- ramp R: months from the start (pay begins) to the first PR (work begins), at the
  median dates; paid, ships nothing;
- increases: on each anniversary of the start every recurring amount grows by the
  path's `annual_increase` r, so a span of P months costs the monthly amount times
  `escalated_months(P, r)` = 12 (1 + (1+r) + ... + (1+r)^(k-1)) + (P - 12k)(1+r)^k;
- replacements (only where you bear them): a yearly attrition a gives
  N = a x P / 12 expected replacements over a paid span of P months; each costs the
  path's one-time hiring items again and a new paid ramp, and leaves the seat empty
  for the path's median time to start.

Months and counts are exact fractions (a span of days over 30.4375 has no finite
decimal), so the amounts made from them are exact until a line is rounded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

from mlhire_calc.domain.catalog import Role, SourcingPath
from mlhire_calc.domain.money import POINTS, Band, ExactBand, exact
from mlhire_calc.domain.timeline import MONTH_DAYS, add_days

ZERO = Band.zero()
NONE = ExactBand.zero()
DAYS = exact(MONTH_DAYS)  # 30.4375 days in an average month, exactly


def months_between(first: date, last: date) -> Fraction:
    """Calendar days from `first` to `last` in average months, exactly (never negative)."""
    return max(Fraction(0), Fraction((last - first).days) / DAYS)


def median_months(days: float) -> Fraction:
    """A time range's median (days, as the data gives it) in average months, exactly."""
    return exact(Decimal(str(days))) / DAYS


@dataclass(frozen=True)
class Tenure:
    """One hire's lifecycle on a path, for a role, from a decision date."""

    starts_on: date  # pay begins (median)
    first_pr_on: date  # work begins (median)
    ramp_months: Fraction  # paid months without shipped work
    increase: Band  # yearly, applied on each anniversary of the start
    attrition: Band  # yearly probability of a replacement you bear; zero where the path bears it
    refill_months: Fraction  # months a seat stays empty while it is filled again
    departures: Band = ZERO  # yearly probability the engineer leaves, whoever replaces them
    shortfall: ExactBand = NONE  # months of work the productivity ramp costs: its months x (1 - productivity)
    productivity_ramp: tuple[Fraction, Fraction] = (Fraction(0), Fraction(1))  # (months, productivity), mid

    @property
    def replaces(self) -> bool:
        return self.attrition != ZERO

    def expected_replacements(self, paid_months: Fraction | Decimal) -> ExactBand:
        """N = a x P / 12, point by point, for the replacements you bear."""
        return self.attrition.exact() * (exact(paid_months) / 12)

    def expected_departures(self, paid_months: Fraction | Decimal) -> ExactBand:
        """D = d x P / 12, point by point: departures on any path, which cost time."""
        return self.departures.exact() * (exact(paid_months) / 12)

    @property
    def lost_per_departure(self) -> Fraction:
        """Months of work a departure costs (mid): the seat refilled, the new start's paid ramp,
        and its productivity ramp."""
        return self.refill_months + self.ramp_months + self.shortfall.mid

    def delivered(self, months_after_first_pr: Fraction | Decimal) -> Fraction:
        """Work delivered in that many months after the first PR, through the productivity ramp (mid)."""
        months_after_first_pr = exact(months_after_first_pr)
        if months_after_first_pr <= 0:
            return Fraction(0)
        return max(
            Fraction(0), months_after_first_pr - min(months_after_first_pr, self.ramp_length) * self._gap
        )

    @property
    def ramp_length(self) -> Fraction:
        return self.productivity_ramp[0]

    @property
    def _gap(self) -> Fraction:
        return 1 - self.productivity_ramp[1]


def _ramp_of(path: SourcingPath) -> tuple[Band, Band]:
    """(months, average productivity) of the path's productivity ramp; none: (0, 1)."""
    if path.ramp is None:
        return ZERO, Band.point(Decimal(1))
    return path.ramp.months.band(), path.ramp.productivity.band()


def _fraction(figure: object) -> Band:
    band = getattr(figure, "band", None)
    return band() if callable(band) else ZERO


def tenure(path: SourcingPath, role: Role, decided: date) -> Tenure:
    """The path's lifecycle figures for `role`, hired on a decision at `decided`."""
    return tenure_for(path, role.id, decided)


def tenure_for(path: SourcingPath, role_id: str, decided: date) -> Tenure:
    """The path's lifecycle figures for the role `role_id`, hired on a decision at `decided`."""
    time_to_start, time_to_first_pr = path.times(role_id)
    starts_on = add_days(decided, time_to_start.dist().median)
    first_pr_on = max(add_days(decided, time_to_first_pr.dist().median), starts_on)
    lifecycle = path.lifecycle
    increase = _fraction(lifecycle.annual_increase) if lifecycle else ZERO
    departures = _fraction(lifecycle.attrition) if lifecycle else ZERO
    attrition = departures if path.you_replace else ZERO
    refill = median_months(time_to_start.dist().median)
    months, productivity = _ramp_of(path)
    shortfall = ExactBand(*(exact(months.pick(p)) * (1 - exact(productivity.pick(p))) for p in POINTS))
    return Tenure(
        starts_on=starts_on,
        first_pr_on=first_pr_on,
        ramp_months=months_between(starts_on, first_pr_on),
        increase=increase,
        attrition=attrition,
        refill_months=refill,
        departures=departures,
        shortfall=shortfall,
        productivity_ramp=(exact(months.mid), exact(productivity.mid)),
    )


def escalated_months(months: Fraction | Decimal, rate: Decimal | Fraction) -> Fraction:
    """A span's months, each weighted by the increase in force: (1 + rate)^(whole years since the start)."""
    months = exact(months)
    if rate == 0:
        return months
    whole_years = int(months // 12)
    weighted = Fraction(0)
    factor = Fraction(1)
    for _ in range(whole_years):
        weighted += 12 * factor
        factor *= 1 + exact(rate)
    return weighted + (months - 12 * whole_years) * factor


def anniversaries(day: date, starts_on: date) -> int:
    """How many anniversaries of `starts_on` fall on or before `day`."""
    years = day.year - starts_on.year - ((day.month, day.day) < (starts_on.month, starts_on.day))
    return max(0, years)


def growth(years: int, rate: Decimal | Fraction) -> Fraction:
    """What an amount is multiplied by after `years` yearly increases of `rate`: (1 + rate)^years, exactly."""
    return (1 + exact(rate)) ** years


def factor_on(day: date, starts_on: date, rate: Decimal) -> Fraction:
    """(1 + rate)^(anniversaries of `starts_on` on or before `day`)."""
    return growth(anniversaries(day, starts_on), rate)


def anniversary_in(first: date, after: date, starts_on: date) -> date | None:
    """The anniversary of `starts_on` in [first, after), if any (29 February: 1 March)."""
    for year in {first.year, after.year}:
        if year <= starts_on.year:
            continue
        try:
            day = starts_on.replace(year=year)
        except ValueError:  # 29 February in a year without one
            day = date(year, 3, 1)
        if first <= day < after:
            return day
    return None
