"""What each cost item of a path costs one hire of a role: per month, or once.

Amounts are resolved here: a role's loaded band, an amount scaled from a reference
role by the ratio of loaded bands, hours times hours per month, and percent items
of another item's monthly amount or of its first year. Every amount is exact
(`ExactBand`): a scaled amount is a ratio, rounded only where a line is priced.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Literal

from mlhire_calc.domain.catalog import Catalog, CostItem, Range, Role, RoleBandRef, SourcingPath
from mlhire_calc.domain.errors import DataError, InputError
from mlhire_calc.domain.money import POINTS, Band, ExactBand, percent_text, range_text

Kind = Literal["recurring", "one_time", "expected", "conversion"]
KINDS: tuple[Kind, ...] = ("recurring", "one_time", "expected")


@dataclass(frozen=True)
class Rate:
    """What an item costs per hire: per month (recurring) or once (one-time)."""

    item: CostItem
    kind: Kind
    amount: ExactBand  # per month for recurring items, per hire for one-time items: exact
    detail: str


def exact_range(value: Range) -> ExactBand:
    """A range's low / mid / high, exact (an amount in another currency keeps its exact value)."""
    return ExactBand.span(value.low, value.high, value.median)


def _band(value: Decimal | Range | RoleBandRef | None, role: Role) -> ExactBand:
    if isinstance(value, Decimal):
        return ExactBand.point(value)
    if isinstance(value, RoleBandRef):
        return exact_range(role.loaded_monthly)
    if isinstance(value, Range):
        return exact_range(value)
    return ExactBand.zero()


def _range_text(band: ExactBand) -> str:
    return range_text(band.low, band.high)


def percents(rate: Band | ExactBand) -> str:
    low, high = (_decimal(rate.low), _decimal(rate.high))
    if low == high:
        return percent_text(low)
    return f"{percent_text(low)}-{percent_text(high)}"


def _decimal(value: Decimal | Fraction) -> Decimal:
    """A rate from the data as a Decimal (its finite decimal: rates are never quotients)."""
    if isinstance(value, Decimal):
        return value
    return Decimal(value.numerator) / Decimal(value.denominator)


def _amount(path: SourcingPath, item: CostItem, role: Role, catalog: Catalog) -> tuple[ExactBand, str]:
    """The item's amount for `role`, and how it was scaled, if it was."""
    base = _band(item.amount, role)
    scale = item.scales_with
    if scale is None or scale.reference == role.id:
        return base, ""
    reference = catalog.role(scale.reference)
    ours, theirs = exact_range(role.loaded_monthly), exact_range(reference.loaded_monthly)
    zero = next((p for p in POINTS if not theirs.pick(p)), None)
    if zero is not None:  # a ratio to nothing is undefined: never read as 0, nor a crash
        raise DataError(
            f"path {path.id!r}: item {item.id!r} scales with {reference.id}'s loaded cost, "
            f"which is 0 at {zero}: the ratio for {role.id} is undefined; "
            f"give {reference.id} a loaded cost above 0"
        )
    ratio = ExactBand(*(ours.pick(p) / theirs.pick(p) for p in POINTS))  # exact: no digits dropped
    how = f" ({_range_text(base)} for {reference.title}, scaled by loaded cost band)"
    return base * ratio, how


def item_rates(path: SourcingPath, role: Role, catalog: Catalog, *, converts: bool = False) -> list[Rate]:
    """Per-hire monthly or one-time amounts of each item for `role`, percent items resolved;
    a conversion fee only for a hire that `converts` to a permanent employee."""
    monthly: dict[str, ExactBand] = {}
    rates: list[Rate] = []
    for item in path.items:
        if item.per in ("month", "hour"):
            base, scaled = _amount(path, item, role, catalog)
            if item.per == "hour":
                assert item.hours_per_month is not None  # guaranteed by the model
                hours = item.hours_per_month.value
                amount = base * hours
                detail = f"{_range_text(base)}/hour x {hours:g} hours{scaled}"
            else:
                amount = base
                detail = f"{_range_text(base)}/month{scaled}"
            monthly[item.id] = amount
            rates.append(Rate(item, "recurring", amount, detail))
    for item in path.items:
        if item.per == "hire":
            base, scaled = _amount(path, item, role, catalog)
            rates.append(Rate(item, "one_time", base, f"{_range_text(base)} per hire{scaled}"))
        elif item.per == "percent":
            target = monthly.get(item.of or "")
            if target is None:
                raise InputError(f"path {path.id!r}: item {item.id!r} refers to unknown item {item.of!r}")
            rate = _band(item.rate, role)
            pct = f"{percents(rate)} of {item.of}"
            if item.basis == "conversion":
                if converts:
                    rates.append(Rate(item, "conversion", target * rate * 12, f"{pct} x 12 months"))
            elif item.basis == "first_year":
                rates.append(Rate(item, "one_time", target * rate * 12, f"{pct} x 12 months"))
            else:
                rates.append(Rate(item, "recurring", target * rate, pct))
    order = {item.id: index for index, item in enumerate(path.items)}
    return [_shared(rate) for rate in sorted(rates, key=lambda r: order[r.item.id])]


def _shared(rate: Rate) -> Rate:
    """An item paid on a share of hires only (an agency fee): its expected amount per hire."""
    share = rate.item.share
    if share is None:
        return rate
    band = share.band()
    return Rate(rate.item, rate.kind, rate.amount * band, f"{rate.detail} x {percents(band)} of hires")
