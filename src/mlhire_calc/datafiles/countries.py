"""A path that employs by country, costed in one country and engagement.

A path with `employment:` names a default country and engagement (contractor or
employer of record). Through an EOR, two items join its own: `employer-costs`, the
country's `employer_cost_rate` of the pay item each month, and `eor-fee`, the EOR's
monthly fee; a contractor is paid the pay item alone. `employ` resolves every such
path for the country and engagement asked (each path's default where none is); with
`all`, it keeps one variant of the path per country, which `Catalog.select_paths`
lists side by side.
"""

from __future__ import annotations

import dataclasses

from mlhire_calc.domain.catalog import Catalog, CostItem, Range, SourcingPath
from mlhire_calc.domain.errors import UsageError
from mlhire_calc.domain.hiring import ENGAGEMENTS, Country, Employment

GENERATED = ("employer-costs", "eor-fee")  # the items a country adds through an EOR
ALL = "all"


def employ(catalog: Catalog, country: str | None = None, engagement: str | None = None) -> Catalog:
    """The catalog with each employing path in `country` (a code, or `all`) and `engagement`."""
    if engagement is not None and engagement not in ENGAGEMENTS:
        raise UsageError(f"{engagement!r} is not one of {', '.join(ENGAGEMENTS)}", subject="engagement")
    employing = [path for path in catalog.paths.values() if path.employment is not None]
    if not employing:
        if country is not None or engagement is not None:
            raise UsageError("no path in the data employs by country", subject="country")
        return catalog
    codes = list(catalog.countries) if country == ALL else [country]
    if country not in (None, ALL):
        catalog.country(str(country))  # InputError for an unknown code
    paths = dict(catalog.paths)
    variants = dict(catalog.variants)
    for path in employing:
        resolved = tuple(_resolved(path, code, engagement, catalog) for code in codes)
        paths[path.id] = resolved[0]
        if country == ALL:
            variants[path.id] = resolved
        else:
            variants.pop(path.id, None)
    return dataclasses.replace(catalog, paths=paths, variants=variants)


def _resolved(path: SourcingPath, code: str | None, engagement: str | None, catalog: Catalog) -> SourcingPath:
    employment = path.employment
    assert employment is not None
    chosen = dataclasses.replace(
        employment,
        country=code or employment.country,
        engagement=engagement or employment.engagement,  # type: ignore[arg-type]
    )
    own = tuple(item for item in path.items if item.id not in GENERATED)
    if chosen.engagement == "eor":
        own += _eor_items(chosen, catalog.country(chosen.country))
    return dataclasses.replace(path, employment=chosen, items=own)


def _eor_items(employment: Employment, country: Country) -> tuple[CostItem, ...]:
    rate = country.employer_cost_rate
    fee = country.eor_fee
    return (
        CostItem(
            id="employer-costs",
            name=f"Employer costs in {country.name} (contributions, statutory extras)",
            per="percent",
            of=employment.pay,
            basis="monthly",
            rate=rate.value,
            source=rate.source,
            as_of=rate.as_of,
            estimate=rate.estimate,
            note=rate.note,
        ),
        CostItem(
            id="eor-fee",
            name=f"Employer of record fee ({country.name})",
            per="month",
            amount=Range(low=fee.low, high=fee.high, median=fee.median),
            source=fee.source,
            as_of=fee.as_of,
            estimate=fee.estimate,
            note=fee.note,
        ),
    )
