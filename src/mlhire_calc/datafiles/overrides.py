"""Figures set on the command line: `--set PATH.ITEM=AMOUNT` and its shorthands.

An override replaces one cost item's amount in the catalog (its rate, for a percent
item), marks it `source: user` and not an estimate, and adds an assumption line, so
every command computes with it and every output says so.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from mlhire_calc.domain.catalog import USER_SOURCE, Catalog, CostItem
from mlhire_calc.domain.errors import InputError, UsageError
from mlhire_calc.domain.money import parse_amount, parse_percent, percent_text, to_cents

_SETTING = re.compile(r"^\s*([a-z0-9][a-z0-9-]*)\.([a-z0-9][a-z0-9-]*)\s*=\s*(.+?)\s*$")


@dataclass(frozen=True)
class Override:
    """One item's amount (or a percent item's rate) as set on the command line."""

    path: str
    item: str
    value: Decimal
    percent: bool = False  # `value` is a rate (0.08 for 8%)


def parse_setting(text: str, *, subject: str = "setting") -> Override:
    """`embedded.fee=15000`, `freelance.hourly=95`, `freelance.marketplace-fee=8%`."""
    match = _SETTING.match(text)
    if not match:
        raise UsageError(f"{text!r} is not PATH.ITEM=AMOUNT (e.g. embedded.fee=15000)", subject=subject)
    path, item, amount = match.groups()
    if amount.endswith("%"):  # a rate: at most 100%, as the data files allow
        rate = parse_percent(amount, subject=subject) / 100
        return Override(path, item, rate, percent=True)
    return Override(path, item, parse_amount(amount, subject=subject))


def shorthands(
    *, embedded_monthly: Decimal | None, fte_annual: Decimal | None, fte_monthly: Decimal | None
) -> list[Override]:
    """`--embedded-monthly`, `--fte-annual` and `--fte-monthly` as overrides."""
    if fte_monthly is not None and fte_annual is not None:
        raise UsageError("give --fte-monthly or --fte-annual, not both")
    result = []
    if embedded_monthly is not None:
        result.append(Override("embedded", "fee", embedded_monthly))
    if fte_annual is not None:
        fte_monthly = fte_annual / 12
    if fte_monthly is not None:
        result.append(Override("in-house-fte", "loaded-cost", fte_monthly))
    return result


def _describe(override: Override, item: CostItem) -> str:
    if override.percent or item.per == "percent":
        return f"Override: {override.path} {override.item} = {percent_text(override.value)} (command line)."
    unit = {"month": "a month", "hour": "an hour", "hire": "per hire"}[item.per]
    return (
        f"Override: {override.path} {override.item} = {to_cents(override.value):,.2f} {unit} (command line)."
    )


def _replaced(item: CostItem, override: Override) -> CostItem:
    where = f"{override.path}.{override.item}"
    if item.per == "percent":
        rate = override.value
        if not override.percent and rate > 1:
            raise InputError(
                f"{where} is a percent item; {rate} would mean {rate * 100:f}%: write {rate}% or a fraction",
                subject="setting",
            )
        return dataclasses.replace(item, rate=rate, source=USER_SOURCE, estimate=False)
    if override.percent:
        raise InputError(f"{where} is an amount per {item.per}, not a percent", subject="setting")
    return dataclasses.replace(item, amount=override.value, source=USER_SOURCE, estimate=False)


def apply(catalog: Catalog, overrides: Sequence[Override]) -> Catalog:
    """The catalog with each override in place; InputError for an unknown path or item."""
    if not overrides:
        return catalog
    paths = dict(catalog.paths)
    lines = list(catalog.overrides)
    seen: set[tuple[str, str]] = set()
    for override in overrides:
        path = catalog.path(override.path)
        item = next((i for i in paths[path.id].items if i.id == override.item), None)
        if item is None:
            known = ", ".join(i.id for i in path.items)
            raise InputError(
                f"path {path.id!r} has no item {override.item!r}; its items: {known}", subject="setting"
            )
        if (path.id, item.id) in seen:  # which one was meant is a guess: never made
            raise UsageError(
                f"{path.id}.{item.id} is given twice (by --set, or by --set and its shorthand); give it once",
                subject="setting",
            )
        seen.add((path.id, item.id))
        items = tuple(_replaced(i, override) if i.id == item.id else i for i in paths[path.id].items)
        paths[path.id] = dataclasses.replace(paths[path.id], items=items)
        lines.append(_describe(override, item))
    return dataclasses.replace(catalog, paths=paths, overrides=tuple(lines))
