"""Pydantic models of roles.yaml and paths.yaml: the data contract.

Amounts are Decimal (YAML numbers are read as text, never through float). Checks
that need the whole file (unique ids, references, one currency) live in `checks.py`
so `mlhire validate` can report all of them at once.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from mlhire_calc.domain.limits import HIDDEN, MAX_AMOUNT

Id = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=64)]
# no control, bidi or zero-width characters (terminal escapes, reordered text) in names
# and notes; newlines and tabs are fine
Text = Annotated[str, Field(min_length=1, max_length=2000, pattern=rf"^[^{HIDDEN}]*$")]


def _finite_non_negative(value: Decimal) -> Decimal:
    if not value.is_finite():
        raise ValueError("must be a finite number")
    if value < 0:
        raise ValueError("must not be negative")
    if value > MAX_AMOUNT:
        raise ValueError("must be at most 1e12")  # MAX_AMOUNT
    return value


Amount = Annotated[Decimal, Field(allow_inf_nan=True)]
CurrencyCode = Annotated[str, Field(pattern=r"^[A-Z]{3}$", description="An ISO 4217 code: USD, EUR.")]


def _percent_as_fraction(value: object) -> object:
    """A rate written as text with a percent sign, `"25%"`, as the fraction 0.25."""
    if isinstance(value, dict):
        return {key: _percent_as_fraction(entry) for key, entry in value.items()}
    if not isinstance(value, str) or not value.strip().endswith("%"):
        return value
    try:
        percent = Decimal(value.strip()[:-1].strip())
    except InvalidOperation:
        raise ValueError(f"{value!r} is not a percent; write 0.25 or 25%") from None
    if percent.is_finite() and percent > 100:
        raise ValueError(f"rate {value.strip()} is above 100%")
    return percent / 100


def _at_most_one(rate: Decimal) -> Decimal:
    """A rate is a fraction: 25 is refused, since it would be read as 2500%."""
    if rate > 1:
        as_percent = f"{(rate * 100).normalize():f}"
        meant = f"{(rate / 100).normalize():f}"
        raise ValueError(
            f"rate {rate.normalize():f} would mean {as_percent}%; write {meant} or {rate.normalize():f}%"
        )
    return rate


def parse_as_of(value: object) -> date:
    """`as_of` is YYYY-MM (the first of that month) or YYYY-MM-DD."""
    if isinstance(value, datetime):
        raise ValueError("must be a date without a time of day, YYYY-MM or YYYY-MM-DD")
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        text = value.strip()
        if re.fullmatch(r"\d{4}-\d{2}", text):
            text += "-01"
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
    raise ValueError("must be a date, YYYY-MM or YYYY-MM-DD")


AsOf = Annotated[
    date,
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^\d{4}-\d{2}(-\d{2})?$",
            "description": "When the figure was last confirmed: YYYY-MM or YYYY-MM-DD.",
        }
    ),
]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Sourced(Strict):
    """Provenance every figure carries."""

    source: Id
    as_of: AsOf
    estimate: bool = False
    note: Text | None = None

    @field_validator("as_of", mode="before")
    @classmethod
    def _as_of(cls, value: object) -> date:
        return parse_as_of(value)


class Source(Strict):
    title: Text
    kind: Literal["primary", "secondary"]
    url: Text | None = None


class Range(Strict):
    """An amount range: {low, high} or {low, median, high}."""

    low: Amount
    high: Amount
    median: Amount | None = None

    @field_validator("low", "high", "median")
    @classmethod
    def _finite(cls, value: Decimal | None) -> Decimal | None:
        return None if value is None else _finite_non_negative(value)

    @model_validator(mode="after")
    def _ordered(self) -> Range:
        mid = self.median if self.median is not None else self.low
        if not self.low <= mid <= self.high:
            raise ValueError("must have low <= median <= high")
        return self


class SourcedRange(Range, Sourced):
    pass


class SourcedValue(Sourced):
    value: Amount

    @field_validator("value")
    @classmethod
    def _finite(cls, value: Decimal) -> Decimal:
        return _finite_non_negative(value)


class TimeRange(Range, Sourced):
    """A time from the decision date: a range with its unit."""

    unit: Literal["days", "business_days", "weeks", "months"]


class RoleBandRef(Strict):
    """An amount taken from the role: `{role_band: loaded_monthly}`."""

    role_band: Literal["loaded_monthly"]


class RoleScale(Strict):
    """An amount given for one role, scaled to another by the ratio of their role bands.

    `{role_band: loaded_monthly, reference: ml-engineer}`: for a data scientist the
    amount is multiplied by the data scientist's band over the ML engineer's, point
    by point (low by low, high by high).
    """

    role_band: Literal["loaded_monthly"]
    reference: Id


class SourcedFraction(SourcedRange):
    """A yearly probability or rate as a fraction: 0.132 is 13.2% (at most 1)."""

    @model_validator(mode="after")
    def _at_most_one(self) -> SourcedFraction:
        if self.high > 1:
            raise ValueError(
                f"high {self.high} would mean {self.high * 100:f}%; write a fraction (0.25 for 25%)"
            )
        return self


class Lifecycle(Strict):
    """What happens over a hire's tenure on a path."""

    attrition: SourcedFraction | None = None  # yearly probability the engineer leaves and is replaced
    annual_increase: SourcedFraction | None = None  # raise or price escalator on each anniversary


class RoleTimes(Strict):
    """A path's times for one role, where they differ from the path's own."""

    time_to_start: TimeRange | None = None
    time_to_first_pr: TimeRange | None = None


class Market(Strict):
    open_us_roles: SourcedValue | None = None
    senior_median_total_comp_annual: SourcedRange | None = None
    in_house_time_to_fill: TimeRange | None = None
    in_house_time_to_fill_senior_llm: TimeRange | None = None


class Role(Strict):
    id: Id
    title: Text
    ships: Text
    tools: list[Text] = Field(default_factory=list, max_length=100)
    loaded_monthly: SourcedRange
    market: Market | None = None


class RolesFile(Strict):
    schema_: Literal["mlhire.roles/1"] = Field(alias="schema")
    currency: CurrencyCode
    sources: dict[Id, Source] = Field(max_length=1000)
    roles: list[Role] = Field(min_length=1, max_length=1000)


class CostItem(Sourced):
    """One line item of a path's cost.

    `per` month / hour are recurring; `hire` is one-time per hire; `percent` is a
    rate of another item's monthly amount (recurring) or of its first year (one-time).
    """

    id: Id
    name: Text
    per: Literal["month", "hour", "hire", "percent"]
    amount: Amount | Range | RoleBandRef | None = None
    rate: Annotated[
        Amount | Range | None,
        Field(description='A fraction, 0.25, or a percent as text, "25%"; at most 1 (100%).'),
    ] = None
    of: Id | None = None
    basis: Literal["monthly", "first_year"] | None = None
    hours_per_month: SourcedValue | None = None
    scales_with: RoleScale | None = None

    @field_validator("rate", mode="before")
    @classmethod
    def _percent(cls, value: object) -> object:
        return _percent_as_fraction(value)

    @field_validator("amount", "rate")
    @classmethod
    def _finite(cls, value: object) -> object:
        if isinstance(value, Decimal):
            return _finite_non_negative(value)
        return value

    @field_validator("rate")
    @classmethod
    def _fraction(cls, value: Decimal | Range | None) -> Decimal | Range | None:
        if isinstance(value, Range):
            for bound in (value.low, value.median, value.high):
                if bound is not None:
                    _at_most_one(bound)
        elif value is not None:
            _at_most_one(value)
        return value

    @model_validator(mode="after")
    def _shape(self) -> CostItem:
        if self.per == "percent":
            if self.rate is None or self.of is None or self.basis is None:
                raise ValueError("a percent item needs `rate`, `of` and `basis`")
            if self.amount is not None:
                raise ValueError("a percent item has `rate`, not `amount`")
        else:
            if self.amount is None:
                raise ValueError(f"a per-{self.per} item needs `amount`")
            if self.rate is not None or self.of is not None or self.basis is not None:
                raise ValueError("`rate`, `of` and `basis` belong to percent items")
        if self.per == "hour" and self.hours_per_month is None:
            raise ValueError("a per-hour item needs `hours_per_month`")
        if self.per != "hour" and self.hours_per_month is not None:
            raise ValueError("`hours_per_month` belongs to per-hour items")
        if self.scales_with is not None and not isinstance(self.amount, (Decimal, Range)):
            raise ValueError("`scales_with` needs an `amount` that is a number or a range")
        return self


class Absorbs(Sourced):
    vetting: Text
    replacement: Text


class SourcingPath(Strict):
    id: Id
    name: Text
    provider: Text | None = None
    time_to_start: TimeRange
    time_to_first_pr: TimeRange
    absorbs: Absorbs
    permanent_seat: bool
    notes: list[Text] = Field(default_factory=list, max_length=100)
    items: list[CostItem] = Field(min_length=1, max_length=200)
    lifecycle: Lifecycle | None = None
    by_role: dict[Id, RoleTimes] = Field(default_factory=dict, max_length=1000)


class ExchangeRate(Sourced):
    """What one unit of a currency is worth in the file's currency, as a central bank quotes it.

    In a USD file, `EUR: {value: 1.1567}` means EUR 1 = USD 1.1567.
    """

    value: Amount

    @field_validator("value")
    @classmethod
    def _positive(cls, value: Decimal) -> Decimal:
        if _finite_non_negative(value) == 0:
            raise ValueError("must be more than 0")
        return value


class PathsFile(Strict):
    schema_: Literal["mlhire.paths/1"] = Field(alias="schema")
    currency: CurrencyCode
    sources: dict[Id, Source] = Field(max_length=1000)
    rates: dict[CurrencyCode, ExchangeRate] = Field(default_factory=dict, max_length=200)
    paths: list[SourcingPath] = Field(min_length=1, max_length=1000)
