"""Amounts in another currency: the whole catalog converted once, at a dated, sourced rate.

The data files give amounts in their `currency`; paths.yaml's `rates:` says what one
unit of another currency is worth in it (`EUR: {value: 1.1567}` in a USD file: EUR 1 =
USD 1.1567, as the ECB quotes it), with a source and a date. Conversion divides every
amount by that rate, exactly: each converted amount is a `Quotient`, shown as a Decimal
and keeping its exact value for the cost model, which rounds each line item to the
cent once as always, so every output still adds up to the cent in the new currency.
Only amounts of money change: rates, fractions, hours and times do not. An amount that
would be above MAX_AMOUNT in the new currency is an error, as it would be in the data.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from decimal import Decimal
from typing import TypeVar

from mlhire_calc.domain.catalog import Catalog, CostItem, ExchangeRate, Market, Range, Role, SourcingPath
from mlhire_calc.domain.errors import InputError, UsageError
from mlhire_calc.domain.limits import MAX_AMOUNT
from mlhire_calc.domain.money import quotient

R = TypeVar("R", bound=Range)
Scale = Callable[[Decimal], Decimal]


def check_code(text: str) -> str:
    """`eur` or `EUR` as `EUR`; a usage error for anything that is not three letters."""
    code = text.strip().upper()
    if len(code) != 3 or not code.isascii() or not code.isalpha():
        raise UsageError(f"{text!r} is not a currency code (three letters, e.g. EUR)", subject="currency")
    return code


def rate_for(
    rates: dict[str, ExchangeRate], code: str, base: str, *, where: str = "paths.yaml"
) -> ExchangeRate:
    """The rate of `code` in `base`; an error naming the rates there are, never a silent 1:1."""
    rate = rates.get(code)
    if rate is None:
        known = ", ".join(sorted(rates)) or "none"
        raise InputError(
            f"no exchange rate for {code} in {where} (amounts are in {base}; rates given: {known}); "
            f"add `rates: {{{code}: {{value: ..., source: ..., as_of: ...}}}}`",
            subject="currency",
        )
    return rate


def _range(value: R, scale: Scale) -> R:
    median = None if value.median is None else scale(value.median)
    return dataclasses.replace(value, low=scale(value.low), high=scale(value.high), median=median)


def _item(item: CostItem, scale: Scale) -> CostItem:
    """A cost item's amount in the new currency; a percent item's rate and a role-band amount stay."""
    if isinstance(item.amount, Decimal):
        return dataclasses.replace(item, amount=scale(item.amount))
    if isinstance(item.amount, Range):
        return dataclasses.replace(item, amount=_range(item.amount, scale))
    return item


def _market(market: Market | None, scale: Scale) -> Market | None:
    if market is None or market.senior_median_total_comp_annual is None:
        return market  # open roles are a count, times to fill are times
    return dataclasses.replace(
        market, senior_median_total_comp_annual=_range(market.senior_median_total_comp_annual, scale)
    )


def scale_roles(roles: dict[str, Role], scale: Scale) -> dict[str, Role]:
    """Every role's money (loaded monthly band, market pay) through `scale`."""
    return {
        key: dataclasses.replace(
            role, loaded_monthly=_range(role.loaded_monthly, scale), market=_market(role.market, scale)
        )
        for key, role in roles.items()
    }


def rate_text(rate: ExchangeRate, code: str, base: str, source_title: str) -> str:
    """`EUR 1 = USD 1.1567 (title, as of 2026-08-14; an estimate ...)`."""
    estimate = "; an estimate, see the rate's note in paths.yaml" if rate.estimate else ""
    return (
        f"{code} 1 = {base} {rate.value.normalize():f} "
        f"({source_title}, as of {rate.as_of.isoformat()}{estimate})"
    )


def in_currency(catalog: Catalog, code: str) -> Catalog:
    """The catalog with every amount in `code`; itself when it is already in `code`."""
    code = check_code(code)
    if code == catalog.currency:
        return catalog
    rate = rate_for(catalog.rates, code, catalog.currency)

    def scale(amount: Decimal) -> Decimal:
        converted = quotient(amount, rate.value)  # exact: 7000 / 1.1567 has no finite decimal
        if converted > MAX_AMOUNT:  # every amount stays within the data's own bound
            raise InputError(
                f"{amount:,f} {catalog.currency} would be {converted:,.0f} {code} at {code} 1 = "
                f"{catalog.currency} {rate.value.normalize():f}, above the largest amount, {MAX_AMOUNT:,.0f}",
                subject="currency",
            )
        return converted

    def scaled(path: SourcingPath) -> SourcingPath:
        return dataclasses.replace(path, items=tuple(_item(item, scale) for item in path.items))

    paths = {key: scaled(path) for key, path in catalog.paths.items()}
    variants = {key: tuple(scaled(path) for path in group) for key, group in catalog.variants.items()}
    countries = {
        code: dataclasses.replace(country, eor_fee=_range(country.eor_fee, scale))
        for code, country in catalog.countries.items()
    }
    line = (
        f"Currency: amounts in {code}, converted from the data's {catalog.currency} at "
        f"{rate_text(rate, code, catalog.currency, catalog.source_title(rate.source))}; "
        f"amounts given on the command line or in a plan are in {code}."
    )
    converted = {
        "from": catalog.currency,
        "to": code,
        "rate": rate.value,
        "meaning": f"{code} 1 = {catalog.currency} {rate.value.normalize():f}",
        "source": rate.source,
        "as_of": rate.as_of,
        "estimate": rate.estimate,
    }
    return dataclasses.replace(
        catalog,
        currency=code,
        roles=scale_roles(catalog.roles, scale),
        paths=paths,
        variants=variants,
        countries=countries,
        rates={},  # relative to the old currency; one conversion per run
        overrides=(*catalog.overrides, line),
        converted=converted,
    )
