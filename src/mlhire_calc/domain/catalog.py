"""The domain: roles, sourcing paths and cost items as frozen dataclasses.

`models.py` (pydantic) is the contract the data files are validated against; each of
its models has a class of the same name and fields here (a test holds them in step),
and `convert.py` turns validated files into these objects, which the core computes
with. They need no pydantic to load, so a cached catalog (`to_json` / `from_json`)
keeps model building off the start-up path. Compare them with `plain()` or `==`.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from .errors import InputError
from .money import Band
from .timeline import UNIT_DAYS, TimeDist

USER_SOURCE = "user"  # the source of a figure set on the command line


@dataclass(frozen=True, kw_only=True)
class Sourced:
    """Provenance every figure carries."""

    source: str
    as_of: date
    estimate: bool = False
    note: str | None = None


@dataclass(frozen=True, kw_only=True)
class Range:
    """An amount range: {low, high} or {low, median, high}."""

    low: Decimal
    high: Decimal
    median: Decimal | None = None

    def band(self) -> Band:
        return Band.span(self.low, self.high, self.median)


@dataclass(frozen=True, kw_only=True)
class SourcedRange(Range, Sourced):
    """A range of amounts with its provenance."""

    pass


@dataclass(frozen=True, kw_only=True)
class SourcedValue(Sourced):
    """One number with its provenance."""

    value: Decimal


@dataclass(frozen=True, kw_only=True)
class TimeRange(Range, Sourced):
    """A time from the decision date, with its unit."""

    unit: str

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

    role_band: str = "loaded_monthly"


@dataclass(frozen=True, kw_only=True)
class RoleScale:
    """An amount given for the `reference` role, scaled to others by their role bands."""

    role_band: str = "loaded_monthly"
    reference: str


@dataclass(frozen=True, kw_only=True)
class SourcedFraction(SourcedRange):
    """A yearly probability or rate as a fraction (0.132 is 13.2%)."""


@dataclass(frozen=True, kw_only=True)
class Lifecycle:
    """What happens over a tenure on a path: yearly increase and attrition."""

    attrition: SourcedFraction | None = None  # yearly probability the engineer leaves and is replaced
    annual_increase: SourcedFraction | None = None  # raise or price escalator on each anniversary


@dataclass(frozen=True, kw_only=True)
class RoleTimes:
    """A path's times for one role, where they differ from the path's own."""

    time_to_start: TimeRange | None = None
    time_to_first_pr: TimeRange | None = None


@dataclass(frozen=True, kw_only=True)
class Market:
    """Market facts about a role (open roles, total comp, time to fill)."""

    open_us_roles: SourcedValue | None = None
    senior_median_total_comp_annual: SourcedRange | None = None
    in_house_time_to_fill: TimeRange | None = None
    in_house_time_to_fill_senior_llm: TimeRange | None = None


@dataclass(frozen=True, kw_only=True)
class Role:
    """A role: what it ships, its tools and its loaded monthly cost band."""

    id: str
    title: str
    ships: str
    tools: tuple[str, ...]
    loaded_monthly: SourcedRange
    market: Market | None = None


@dataclass(frozen=True, kw_only=True)
class CostItem(Sourced):
    """One line item of a path's cost, priced per month, hour, hire or as a percent."""

    id: str
    name: str
    per: str  # month | hour | hire | percent
    amount: Decimal | Range | RoleBandRef | None = None
    rate: Decimal | Range | None = None
    of: str | None = None
    basis: str | None = None  # monthly | first_year (percent items)
    hours_per_month: SourcedValue | None = None
    scales_with: RoleScale | None = None

    @property
    def kind(self) -> str:
        """`recurring` or `one_time`."""
        if self.per == "hire" or (self.per == "percent" and self.basis == "first_year"):
            return "one_time"
        return "recurring"


@dataclass(frozen=True, kw_only=True)
class Absorbs(Sourced):
    """Who carries vetting and replacement on a path."""

    vetting: str
    replacement: str


@dataclass(frozen=True, kw_only=True)
class SourcingPath:
    """A way to get an engineer: times, who absorbs what, cost items, lifecycle."""

    id: str
    name: str
    provider: str | None
    time_to_start: TimeRange
    time_to_first_pr: TimeRange
    absorbs: Absorbs
    permanent_seat: bool
    notes: tuple[str, ...]
    items: tuple[CostItem, ...]
    lifecycle: Lifecycle | None = None
    by_role: dict[str, RoleTimes] = field(default_factory=dict)

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
class Source:
    """Where figures come from: a title and whether it is primary or secondary."""

    title: str
    kind: str
    url: str | None = None


@dataclass(frozen=True, kw_only=True)
class ExchangeRate(Sourced):
    """What one unit of a currency is worth in the data's currency (EUR 1 = USD 1.1567: 1.1567)."""

    value: Decimal


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


# ---------------------------------------------------------------- plain data and the cache codec

_TYPES: dict[str, Any] = {
    cls.__name__: cls
    for cls in (
        Range,
        SourcedRange,
        SourcedValue,
        TimeRange,
        RoleBandRef,
        RoleScale,
        SourcedFraction,
        Lifecycle,
        RoleTimes,
        Market,
        Role,
        CostItem,
        Absorbs,
        SourcingPath,
        Source,
        ExchangeRate,
        Catalog,
    )
}


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


def _encode(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        body = {f.name: _encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return {"__t": type(value).__name__, **body}
    if isinstance(value, Decimal):
        return {"__d": str(value)}
    if isinstance(value, date):
        return {"__date": value.isoformat()}
    if isinstance(value, Path):
        return {"__path": str(value)}
    if isinstance(value, tuple):
        return {"__tuple": [_encode(entry) for entry in value]}
    if isinstance(value, dict):
        return {"__map": {key: _encode(entry) for key, entry in value.items()}}
    return value


def _decode(obj: dict[str, Any]) -> Any:
    if "__d" in obj:
        return Decimal(obj["__d"])
    if "__date" in obj:
        return date.fromisoformat(obj["__date"])
    if "__path" in obj:
        return Path(obj["__path"])
    if "__tuple" in obj:
        return tuple(obj["__tuple"])
    if "__map" in obj:
        return obj["__map"]
    if "__t" in obj:
        cls = _TYPES[obj.pop("__t")]  # only the domain's own classes; KeyError otherwise
        return cls(**obj)
    return obj


def to_json(catalog: Catalog) -> str:
    return json.dumps(_encode(catalog), separators=(",", ":"))


def from_json(text: str) -> Catalog:
    catalog = json.loads(text, object_hook=_decode)
    if not isinstance(catalog, Catalog):
        raise ValueError("not a catalog")
    return catalog
