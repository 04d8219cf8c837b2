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
from .money import Band
from .rules import (
    STRICT,
    After,
    Amount,
    AsOf,
    Before,
    Constrain,
    CurrencyCode,
    Described,
    Id,
    Items,
    Number,
    Text,
    at_most_one,
    finite_if_number,
    finite_non_negative,
    percent_as_fraction,
    positive,
)
from .timeline import UNIT_DAYS, TimeDist

USER_SOURCE = "user"  # the source of a figure set on the command line


@dataclass(frozen=True, kw_only=True)
class Sourced:
    """Provenance every figure carries."""

    __pydantic_config__ = STRICT

    source: Id
    as_of: AsOf
    estimate: bool = False
    note: Text | None = None


@dataclass(frozen=True, kw_only=True)
class Source:
    """Where figures come from: a title and whether it is primary or secondary."""

    __pydantic_config__ = STRICT

    title: Text
    kind: Literal["primary", "secondary"]
    url: Text | None = None


@dataclass(frozen=True, kw_only=True)
class Range:
    """An amount range: {low, high} or {low, median, high}."""

    __pydantic_config__ = STRICT

    low: Amount
    high: Amount
    median: Amount | None = None

    def __post_init__(self) -> None:
        mid = self.median if self.median is not None else self.low
        if not self.low <= mid <= self.high:
            raise ValueError("must have low <= median <= high")

    def band(self) -> Band:
        return Band.span(self.low, self.high, self.median)


@dataclass(frozen=True, kw_only=True)
class SourcedRange(Range, Sourced):
    """A range of amounts with its provenance."""


@dataclass(frozen=True, kw_only=True)
class SourcedValue(Sourced):
    """One number with its provenance."""

    value: Amount


@dataclass(frozen=True, kw_only=True)
class TimeRange(Range, Sourced):
    """A time from the decision date: a range with its unit."""

    unit: Literal["days", "business_days", "weeks", "months"]

    def dist(self) -> TimeDist:
        factor = UNIT_DAYS[self.unit]
        median = None if self.median is None else float(self.median) * factor
        return TimeDist.of(float(self.low) * factor, float(self.high) * factor, median)

    def describe(self) -> str:
        unit = self.unit.replace("_", " ")
        if self.low == self.high:
            return f"{self.low:g} {unit}"
        if self.median is not None:
            return f"{self.low:g}-{self.high:g} {unit}, median {self.median:g}"
        return f"{self.low:g}-{self.high:g} {unit}"


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
class SourcedFraction(SourcedRange):
    """A yearly probability or rate as a fraction: 0.132 is 13.2% (at most 1)."""

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.high > 1:
            raise ValueError(
                f"high {self.high} would mean {self.high * 100:f}%; write a fraction (0.25 for 25%)"
            )


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
    """`one_time` for a per-hire item or a percent of the first year, else `recurring`."""
    if per == "hire" or (per == "percent" and basis == "first_year"):
        return "one_time"
    return "recurring"


@dataclass(frozen=True, kw_only=True)
class CostItem(Sourced):
    """One line item of a path's cost.

    `per` month / hour are recurring; `hire` is one-time per hire; `percent` is a
    rate of another item's monthly amount (recurring) or of its first year (one-time).
    """

    id: Id
    name: Text
    per: Literal["month", "hour", "hire", "percent"]
    amount: Annotated[Number | Range | RoleBandRef | None, After(finite_if_number)] = None
    rate: ItemRate = None
    of: Id | None = None
    basis: Literal["monthly", "first_year"] | None = None
    hours_per_month: SourcedValue | None = None
    scales_with: RoleScale | None = None

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

    value: Annotated[Number, After(finite_non_negative), After(positive)]


@dataclass(frozen=True, kw_only=True)
class RolesFile:
    """roles.yaml: roles with their loaded monthly cost bands, in one currency."""

    __pydantic_config__ = STRICT

    schema: Literal["mlhire.roles/1"]
    currency: CurrencyCode
    sources: Annotated[dict[Id, Source], Constrain(max_length=1000)]
    roles: Annotated[tuple[Role, ...], Items(min_length=1, max_length=1000)]


@dataclass(frozen=True, kw_only=True)
class PathsFile:
    """paths.yaml: sourcing paths and their cost items, in one currency, with exchange rates."""

    __pydantic_config__ = STRICT

    schema: Literal["mlhire.paths/1"]
    currency: CurrencyCode
    sources: Annotated[dict[Id, Source], Constrain(max_length=1000)]
    rates: Annotated[dict[CurrencyCode, ExchangeRate], Constrain(max_length=200)] = field(
        default_factory=dict
    )
    paths: Annotated[tuple[SourcingPath, ...], Items(min_length=1, max_length=1000)]


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
        if not ids or "all" in ids:
            return list(self.paths.values())
        seen: dict[str, SourcingPath] = {}
        for path_id in ids:
            seen.setdefault(path_id, self.path(path_id))
        return list(seen.values())

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
