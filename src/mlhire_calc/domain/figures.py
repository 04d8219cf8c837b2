"""Figures with their provenance: every number in the data says where it comes from.

`Sourced` is the provenance (source, as_of, estimate, note); ranges, single values,
times and fractions carry it. The field types (`rules.py`) and `__post_init__` checks
are also the data contract (see `catalog.py`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .limits import MAX_DURATION_DAYS
from .money import Band
from .rules import STRICT, Amount, AsOf, Fraction, Id, Share, Text, TimeValue
from .timeline import UNIT_DAYS, TimeDist


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
class SourcedShare(Sourced):
    """One fraction of something with its provenance: 0.3 is 30% (at most 1)."""

    value: Share


@dataclass(frozen=True, kw_only=True)
class TimeRange(Range, Sourced):
    """A time from the decision date: a range with its unit."""

    low: TimeValue
    high: TimeValue
    median: TimeValue | None = None
    unit: Literal["days", "business_days", "weeks", "months"]

    def __post_init__(self) -> None:
        super().__post_init__()
        if float(self.high) * UNIT_DAYS[self.unit] > MAX_DURATION_DAYS:
            raise ValueError(f"high {self.high:f} {self.unit.replace('_', ' ')} is more than 50 years")

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
class SourcedFraction(SourcedRange):
    """A yearly probability or rate as a fraction: 0.132 is 13.2% (at most 1)."""

    low: Fraction
    high: Fraction
    median: Fraction | None = None

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.high > 1:
            raise ValueError(
                f"high {self.high} would mean {self.high * 100:f}%; write a fraction (0.25 for 25%)"
            )
