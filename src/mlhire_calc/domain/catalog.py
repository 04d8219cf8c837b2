"""The domain: roles, sourcing paths and cost items, and the files that hold them.

One definition of each: frozen dataclasses the core computes with, whose field types
(`rules.py`) and `__post_init__` checks are also the data contract. `datafiles/`
validates roles.yaml and paths.yaml straight into `RolesFile` and `PathsFile` with a
pydantic TypeAdapter over these classes, and publishes their JSON Schema; nothing here
imports pydantic. A `Catalog` is both files' roles and paths, by id.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal

from .errors import InputError
from .figures import Range as Range
from .figures import Source as Source
from .figures import Sourced as Sourced
from .figures import SourcedFraction as SourcedFraction
from .figures import SourcedRange as SourcedRange
from .figures import SourcedValue as SourcedValue
from .figures import TimeRange as TimeRange
from .hiring import Country, Employment, Placement, Ramp
from .limits import MAX_HOURS_PER_MONTH
from .rules import (
    STRICT,
    After,
    Before,
    Constrain,
    Described,
    ExchangeRateValue,
    Id,
    Items,
    Number,
    Text,
    at_most_one,
    finite_if_number,
    percent_as_fraction,
)

USER_SOURCE = "user"  # the source of a figure set on the command line


@dataclass(frozen=True, kw_only=True)
class RoleBandRef:
    """An amount taken from the role: `{role_band: loaded_monthly}`."""

    __pydantic_config__ = STRICT

    role_band: Literal["loaded_monthly"]


@dataclass(frozen=True, kw_only=True)
class RoleScale:
    """An amount given for one role, scaled to another by the ratio of their role bands.

    `{role_band: loaded_monthly, reference: ml-engineer}`: for a data scientist the
    amount is multiplied by the data scientist's band over the ML engineer's, point
    by point (low by low, high by high).
    """

    __pydantic_config__ = STRICT

    role_band: Literal["loaded_monthly"]
    reference: Id


@dataclass(frozen=True, kw_only=True)
class Lifecycle:
    """What happens over a hire's tenure on a path: yearly increase and attrition."""

    __pydantic_config__ = STRICT

    attrition: SourcedFraction | None = None  # yearly probability the engineer leaves and is replaced
    annual_increase: SourcedFraction | None = None  # raise or price escalator on each anniversary


@dataclass(frozen=True, kw_only=True)
class RoleTimes:
    """A path's times for one role, where they differ from the path's own."""

    __pydantic_config__ = STRICT

    time_to_start: TimeRange | None = None
    time_to_first_pr: TimeRange | None = None


@dataclass(frozen=True, kw_only=True)
class Market:
    """Market facts about a role (open roles, total comp, time to fill)."""

    __pydantic_config__ = STRICT

    open_us_roles: SourcedValue | None = None
    senior_median_total_comp_annual: SourcedRange | None = None
    in_house_time_to_fill: TimeRange | None = None
    in_house_time_to_fill_senior_llm: TimeRange | None = None


@dataclass(frozen=True, kw_only=True)
class Role:
    """A role: what it ships, its tools and its loaded monthly cost band."""

    __pydantic_config__ = STRICT

    id: Id
    title: Text
    ships: Text
    tools: Annotated[tuple[Text, ...], Items(max_length=100)] = ()
    loaded_monthly: SourcedRange
    market: Market | None = None


def _fractions(rate: Decimal | Range | None) -> Decimal | Range | None:
    """A rate, or each bound of a range of rates, at most 1."""
    if isinstance(rate, Range):
        for bound in (rate.low, rate.median, rate.high):
            if bound is not None:
                at_most_one(bound)
    elif rate is not None:
        at_most_one(rate)
    return rate


ItemRate = Annotated[
    Number | Range | None,
    After(finite_if_number),
    After(_fractions),
    Before(percent_as_fraction),
    Described('A fraction, 0.25, or a percent as text, "25%"; at most 1 (100%).'),
]


def cost_kind(per: str, basis: str | None) -> str:
    """`one_time` for a per-hire item or a percent of the first year; `conversion` for a
    percent paid when a hire converts to a permanent employee; else `recurring`."""
    if per == "percent" and basis == "conversion":
        return "conversion"
    if per == "hire" or (per == "percent" and basis == "first_year"):
        return "one_time"
    return "recurring"


@dataclass(frozen=True, kw_only=True)
class CostItem(Sourced):
    """One line item of a path's cost.

    `per` month / hour are recurring; `hire` is one-time per hire; `percent` is a
    rate of another item's monthly amount (recurring), of its first year (one-time), or
    of its first year paid once when a plan converts the hire to a permanent employee
    (`basis: conversion`: a contract-to-hire conversion fee).
    """

    id: Id
    name: Text
    per: Literal["month", "hour", "hire", "percent"]
    amount: Annotated[Number | Range | RoleBandRef | None, After(finite_if_number)] = None
    rate: ItemRate = None
    of: Id | None = None
    basis: Literal["monthly", "first_year", "conversion"] | None = None
    hours_per_month: SourcedValue | None = None
    scales_with: RoleScale | None = None
    share: SourcedFraction | None = (
        None  # the share of hires that pay it (an agency fee: agency-sourced hires)
    )
    guarantee: TimeRange | None = None  # a departure within it is replaced without the item again

    def __post_init__(self) -> None:
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
        if self.hours_per_month is not None and self.hours_per_month.value > MAX_HOURS_PER_MONTH:
            raise ValueError(f"hours_per_month must be at most {MAX_HOURS_PER_MONTH} (31 days of 24 hours)")
        if self.scales_with is not None and not isinstance(self.amount, (Decimal, Range)):
            raise ValueError("`scales_with` needs an `amount` that is a number or a range")

    @property
    def kind(self) -> str:
        """`recurring` or `one_time`."""
        return cost_kind(self.per, self.basis)


@dataclass(frozen=True, kw_only=True)
class Absorbs(Sourced):
    """Who carries vetting and replacement on a path."""

    vetting: Text
    replacement: Text


@dataclass(frozen=True, kw_only=True)
class SourcingPath:
    """A way to get an engineer: times, who absorbs what, cost items, lifecycle."""

    __pydantic_config__ = STRICT

    id: Id
    name: Text
    provider: Text | None = None
    time_to_start: TimeRange
    time_to_first_pr: TimeRange
    absorbs: Absorbs
    permanent_seat: bool
    notes: Annotated[tuple[Text, ...], Items(max_length=100)] = ()
    items: Annotated[tuple[CostItem, ...], Items(min_length=1, max_length=200)]
    lifecycle: Lifecycle | None = None
    ramp: Ramp | None = None  # after the first PR, to full speed
    placement: Placement | None = None  # trial failures and the pace of placements
    employment: Employment | None = None  # employs by country (`countries:`)
    by_role: Annotated[dict[Id, RoleTimes], Constrain(max_length=1000)] = field(default_factory=dict)

    def times(self, role_id: str) -> tuple[TimeRange, TimeRange]:
        """Time to start and to first PR for `role_id`: the role's own where given."""
        own = self.by_role.get(role_id)
        start = own.time_to_start if own is not None and own.time_to_start is not None else self.time_to_start
        first = (
            own.time_to_first_pr
            if own is not None and own.time_to_first_pr is not None
            else self.time_to_first_pr
        )
        return start, first

    @property
    def you_replace(self) -> bool:
        """You, not an agency or platform, bear a replacement."""
        return self.absorbs.replacement == "you"


@dataclass(frozen=True, kw_only=True)
class ExchangeRate(Sourced):
    """What one unit of a currency is worth in the file's currency, as a central bank quotes it.

    In a USD file, `EUR: {value: 1.1567}` means EUR 1 = USD 1.1567.
    """

    value: ExchangeRateValue


@dataclass(frozen=True, kw_only=True)
class Catalog:
    """The validated data: roles and paths by id, with provenance of the files."""

    currency: str
    roles: dict[str, Role]
    paths: dict[str, SourcingPath]
    role_sources: dict[str, Source]
    path_sources: dict[str, Source]
    directory: Path = field(compare=False)
    fingerprint: str
    as_of: date
    overrides: tuple[str, ...] = ()  # what the command line set, as assumption lines (overrides.py)
    rates: dict[str, ExchangeRate] = field(default_factory=dict)  # by currency code (currency.py)
    converted: dict[str, Any] | None = None  # the conversion `--currency` made, for the JSON envelope
    countries: dict[str, Country] = field(default_factory=dict)  # by ISO 3166 code
    variants: dict[str, tuple[SourcingPath, ...]] = field(default_factory=dict)  # a path, country by country

    def role(self, role_id: str) -> Role:
        try:
            return self.roles[role_id]
        except KeyError:
            raise InputError(f"unknown role {role_id!r}; known roles: {', '.join(self.roles)}") from None

    def path(self, path_id: str) -> SourcingPath:
        try:
            return self.paths[path_id]
        except KeyError:
            raise InputError(
                f"unknown path {path_id!r}; known paths: {', '.join(self.paths)}, or all"
            ) from None

    def select_paths(self, ids: Sequence[str]) -> list[SourcingPath]:
        """The paths `ids` name (all of them for `all`), each in every country it is asked in."""
        if not ids or "all" in ids:
            chosen = list(self.paths.values())
        else:
            seen: dict[str, SourcingPath] = {}
            for path_id in ids:
                seen.setdefault(path_id, self.path(path_id))
            chosen = list(seen.values())
        return [variant for path in chosen for variant in self.variants.get(path.id, (path,))]

    def country(self, code: str) -> Country:
        try:
            return self.countries[code]
        except KeyError:
            known = ", ".join(self.countries) or "none in the data"
            raise InputError(f"unknown country {code!r}; known countries: {known}, or all") from None

    def source_title(self, source_id: str) -> str:
        if source_id == USER_SOURCE:
            return "command-line override"
        for sources in (self.path_sources, self.role_sources):
            if source_id in sources:
                return sources[source_id].title
        return source_id


# ---------------------------------------------------------------- plain data


def plain(value: Any) -> Any:
    """Dataclasses as the dicts their YAML had (for JSON views), keys as in the files."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value) if f.name != "directory"
        }
    if isinstance(value, dict):
        return {key: plain(entry) for key, entry in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(entry) for entry in value]
    return value
