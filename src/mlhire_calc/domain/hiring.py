"""What a hire takes beyond its price: ramp to full speed, placement risk, employment by country.

Every path states these as sourced figures; where a value is zero (no ramp, a
placement that cannot fail), the data says so and cites why.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal

from .figures import Sourced, SourcedFraction, SourcedRange, SourcedShare, TimeRange
from .limits import MAX_MONTHS, MAX_PLACEMENTS_PER_MONTH
from .rules import STRICT, Constrain, Id, Text

Engagement = Literal["contractor", "eor"]
ENGAGEMENTS: tuple[Engagement, ...] = ("contractor", "eor")


@dataclass(frozen=True, kw_only=True)
class Ramp:
    """After the first PR: months until full speed, and the average productivity during them."""

    __pydantic_config__ = STRICT

    months: SourcedRange
    productivity: SourcedFraction  # 0.5: half of a full month's work, on average, during the ramp

    def __post_init__(self) -> None:
        if self.months.high > MAX_MONTHS:
            raise ValueError(f"months must be at most {MAX_MONTHS}")


@dataclass(frozen=True, kw_only=True)
class Capacity(Sourced):
    """How many placements a path makes a month; none: no limit (the source says why)."""

    per_month: Annotated[int, Constrain(ge=1, le=MAX_PLACEMENTS_PER_MONTH)] | None = None


@dataclass(frozen=True, kw_only=True)
class Placement:
    """The chance a placement fails in its trial, the time each failure loses, and the pace."""

    __pydantic_config__ = STRICT

    failure: SourcedFraction
    time_lost: TimeRange  # from the failed placement's start to the next attempt's start
    capacity: Capacity


@dataclass(frozen=True, kw_only=True)
class Employment(Sourced):
    """Where and how a path employs: the default country and engagement."""

    country: Annotated[str, Constrain(pattern=r"^[A-Z]{2}$")]
    engagement: Engagement
    pay: Id = "pay"  # the item that is gross pay (a contractor's rate, or an employee's salary)


@dataclass(frozen=True, kw_only=True)
class StatutoryExtras:
    """Payments the law adds to pay, as fractions of annual pay (inside `employer_cost_rate`)."""

    __pydantic_config__ = STRICT

    thirteenth_salary: SourcedShare
    vacation_bonus: SourcedShare
    service_bonus: SourcedShare
    severance_accrual: SourcedShare


@dataclass(frozen=True, kw_only=True)
class Country:
    """What employing someone in a country costs on top of gross pay, through an employer of record."""

    __pydantic_config__ = STRICT

    name: Text
    employer_cost_rate: SourcedShare  # a fraction of gross pay: contributions and statutory extras
    extras: StatutoryExtras
    notice: TimeRange
    eor_fee: SourcedRange  # per employee and month
