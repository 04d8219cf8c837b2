"""What a data file's fields may hold: ids, text, amounts, dates, and the checks behind them.

The domain's dataclasses (`catalog.py`) annotate their fields with the types below.
The checks are plain functions raising ValueError; the `Annotated` metadata hands them,
and the bounds, to pydantic when `datafiles/contract.py` validates a file against the
dataclasses. pydantic is imported inside those hooks only, so loading the domain
never loads it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Annotated, Any, cast, get_args

from .limits import (
    HIDDEN,
    MAX_AMOUNT,
    MAX_DURATION_DAYS,
    MAX_EXCHANGE_RATE,
    MAX_TEXT_CHARS,
    MIN_EXCHANGE_RATE,
)

if TYPE_CHECKING:
    from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
    from pydantic_core import CoreSchema

STRICT = {"extra": "forbid"}  # each dataclass's `__pydantic_config__`: an unknown key is an error


class Constrain:
    """Bounds pydantic checks itself: `pattern`, `min_length`, `max_length`, `allow_inf_nan`."""

    def __init__(self, **bounds: object) -> None:
        self.bounds = bounds

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        return cast("CoreSchema", {**handler(source), **self.bounds})


class Items:
    """A YAML list kept as a tuple, with its bounds (`min_length`, `max_length`).

    It is validated as a list, so a list's errors are reported (a tuple's length check
    would also count the entries that failed), and then made a tuple.
    """

    def __init__(self, *, min_length: int | None = None, max_length: int | None = None) -> None:
        self.min_length = min_length
        self.max_length = max_length

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        from pydantic_core import core_schema

        item = handler.generate_schema(get_args(source)[0])  # tuple[X, ...]: X
        listed = core_schema.list_schema(item, min_length=self.min_length, max_length=self.max_length)
        return core_schema.no_info_after_validator_function(tuple, listed)


class Before:
    """A conversion of the value as the YAML gave it, before it is validated."""

    def __init__(self, convert: Callable[[Any], Any]) -> None:
        self.convert = convert

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        from pydantic_core import core_schema

        return core_schema.no_info_before_validator_function(self.convert, handler(source))


class After:
    """A check of the validated value: returns it, or raises ValueError saying what is wrong."""

    def __init__(self, check: Callable[[Any], Any]) -> None:
        self.check = check

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        from pydantic_core import core_schema

        return core_schema.no_info_after_validator_function(self.check, handler(source))


class Described:
    """A field's description in the JSON Schema; `text_pattern` for a value written as text."""

    def __init__(self, description: str, *, text_pattern: str | None = None) -> None:
        self.description = description
        self.text_pattern = text_pattern

    def __get_pydantic_json_schema__(self, schema: CoreSchema, handler: GetJsonSchemaHandler) -> Any:
        if self.text_pattern is not None:
            return {"type": "string", "pattern": self.text_pattern, "description": self.description}
        return {**handler(schema), "description": self.description}


class Bounded:
    """A number's range in the JSON Schema (`minimum`, `maximum`), where the YAML may give it
    as a number; the check itself is an `After` beside it, with the data's own words."""

    def __init__(self, minimum: Decimal, maximum: Decimal) -> None:
        self.minimum = minimum
        self.maximum = maximum

    def __get_pydantic_json_schema__(self, schema: CoreSchema, handler: GetJsonSchemaHandler) -> Any:
        found = handler(schema)
        for branch in found.get("anyOf", [found]):
            if branch.get("type") == "number":
                branch["minimum"], branch["maximum"] = _plain(self.minimum), _plain(self.maximum)
        return found


def _plain(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def finite_non_negative(value: Decimal) -> Decimal:
    """An amount: finite, not negative, at most MAX_AMOUNT."""
    if not value.is_finite():
        raise ValueError("must be a finite number")
    if value < 0:
        raise ValueError("must not be negative")
    if value > MAX_AMOUNT:
        raise ValueError(f"must be at most {MAX_AMOUNT:,.0f}")
    return value


def exchange_rate(value: Decimal) -> Decimal:
    """An exchange rate: MIN_EXCHANGE_RATE to MAX_EXCHANGE_RATE (one unit in the other currency)."""
    if not MIN_EXCHANGE_RATE <= value <= MAX_EXCHANGE_RATE:
        raise ValueError(f"must be from {MIN_EXCHANGE_RATE:f} to {MAX_EXCHANGE_RATE:,.0f}")
    return value


MAX_TIME = Decimal(str(MAX_DURATION_DAYS))  # 50 years in days


def time_value(value: Decimal) -> Decimal:
    """A bound of a time, in its unit: at most 50 years in days, the finest unit
    (`figures.TimeRange` checks the bound in its own unit)."""
    if value > MAX_TIME:
        raise ValueError(f"must be at most {MAX_DURATION_DAYS:,.0f} (50 years in days)")
    return value


def finite_if_number(value: object) -> object:
    """`finite_non_negative` for a plain amount; a range or a reference checks itself."""
    return finite_non_negative(value) if isinstance(value, Decimal) else value


def positive(value: Decimal) -> Decimal:
    if value == 0:
        raise ValueError("must be more than 0")
    return value


def at_most_one(rate: Decimal) -> Decimal:
    """A rate is a fraction: 25 is refused, since it would be read as 2500%."""
    if rate > 1:
        as_percent = f"{(rate * 100).normalize():f}"
        meant = f"{(rate / 100).normalize():f}"
        raise ValueError(
            f"rate {rate.normalize():f} would mean {as_percent}%; write {meant} or {rate.normalize():f}%"
        )
    return rate


def percent_as_fraction(value: object) -> object:
    """A rate written as text with a percent sign, `"25%"`, as the fraction 0.25 (in a range too)."""
    if isinstance(value, dict):
        return {key: percent_as_fraction(entry) for key, entry in value.items()}
    if not isinstance(value, str) or not value.strip().endswith("%"):
        return value
    try:
        percent = Decimal(value.strip()[:-1].strip())
    except InvalidOperation:
        raise ValueError(f"{value!r} is not a percent; write 0.25 or 25%") from None
    if percent.is_finite() and percent > 100:
        raise ValueError(f"rate {value.strip()} is above 100%")
    return percent / 100


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


ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"

Id = Annotated[str, Constrain(pattern=ID_PATTERN, max_length=64)]
# no control, bidi or zero-width characters (terminal escapes, reordered text) in names
# and notes; newlines and tabs are fine
Text = Annotated[str, Constrain(min_length=1, max_length=MAX_TEXT_CHARS, pattern=rf"^[^{HIDDEN}]*$")]
CurrencyCode = Annotated[str, Constrain(pattern=r"^[A-Z]{3}$"), Described("An ISO 4217 code: USD, EUR.")]
CountryCode = Annotated[str, Constrain(pattern=r"^[A-Z]{2}$"), Described("An ISO 3166 code: BR, MX.")]
# YAML numbers arrive as Decimal (never float); NaN and infinity are read, to be refused by name
Number = Annotated[Decimal, Constrain(allow_inf_nan=True)]
Amount = Annotated[Number, After(finite_non_negative), Bounded(Decimal(0), MAX_AMOUNT)]
# a fraction's bound, 1, is checked with the range it is in (`figures.SourcedFraction`)
Fraction = Annotated[Number, After(finite_non_negative), Bounded(Decimal(0), Decimal(1))]
TimeValue = Annotated[Number, After(finite_non_negative), After(time_value), Bounded(Decimal(0), MAX_TIME)]
ExchangeRateValue = Annotated[
    Number, After(finite_non_negative), After(exchange_rate), Bounded(MIN_EXCHANGE_RATE, MAX_EXCHANGE_RATE)
]
Share = Annotated[
    Number,
    After(finite_non_negative),
    After(at_most_one),
    Bounded(Decimal(0), Decimal(1)),
    Before(percent_as_fraction),
    Described('A fraction, 0.3, or a percent as text, "30%"; at most 1 (100%).'),
]
AsOf = Annotated[
    date,
    Before(parse_as_of),
    Described(
        "When the figure was last confirmed: YYYY-MM or YYYY-MM-DD.", text_pattern=r"^\d{4}-\d{2}(-\d{2})?$"
    ),
]
