"""The view of `mlhire countries`: what employing someone costs in each country, with sources."""

from __future__ import annotations

from typing import Any

from mlhire_calc.domain.catalog import Catalog, plain
from mlhire_calc.output.layout import Column, Document, Report, Table

from .common import data_note, envelope, marked

SCHEMA = "mlhire.countries/1"
COLUMNS = [
    Column("code", "Code"),
    Column("name", "Country"),
    Column("employer_cost_rate", "Employer costs", "percent"),
    Column("eor_fee_mid", "EOR fee/month (mid)", "money"),
    Column("notice", "Notice"),
    Column("source", "Source"),
    Column("as_of", "As of", "date"),
]


def countries_report(catalog: Catalog) -> Report:
    entries = []
    for code, country in catalog.countries.items():
        rate = country.employer_cost_rate
        entries.append(
            {
                "code": code,
                "name": country.name,
                "employer_cost_rate": rate.value,
                "source": rate.source,
                "as_of": rate.as_of,
                "estimate": rate.estimate,
                "note": rate.note,
                "extras": plain(country.extras),
                "notice": plain(country.notice),
                "eor_fee": plain(country.eor_fee),
            }
        )
    defaults = [
        {"path": path.id, "country": path.employment.country, "engagement": path.employment.engagement}
        for path in catalog.paths.values()
        if path.employment is not None
    ]
    document = envelope(SCHEMA, catalog, employment_assumptions(catalog), countries=entries, paths=defaults)
    return Report(document, lambda doc: [_table(doc)], _table, to_notes=_notes)


def _rows(document: Document) -> list[dict[str, Any]]:
    return [
        {
            "code": entry["code"],
            "name": entry["name"],
            "employer_cost_rate": entry["employer_cost_rate"],
            "eor_fee_mid": entry["eor_fee"]["median"]
            if entry["eor_fee"]["median"] is not None
            else (entry["eor_fee"]["low"] + entry["eor_fee"]["high"]) / 2,
            "notice": f"{entry['notice']['low']:g}-{entry['notice']['high']:g} {entry['notice']['unit']}",
            "source": marked(entry["source"], entry["estimate"]),
            "as_of": entry["as_of"],
        }
        for entry in document["countries"]
    ]


def _table(document: Document) -> Table:
    title = "Employer costs by country (a share of gross pay, through an employer of record)"
    return Table(title, COLUMNS, _rows(document))


def _notes(document: Document) -> list[str]:
    lines = list(document["assumptions"])
    lines += [f"{entry['code']}: {entry['note']}" for entry in document["countries"] if entry["note"]]
    return [*lines, data_note(document)]


def employment_assumptions(catalog: Catalog) -> list[str]:
    """Where each path that employs by country employs, and how: the line every output states."""
    lines = []
    for path in catalog.paths.values():
        employment = path.employment
        if employment is None:
            continue
        country = catalog.countries.get(employment.country)
        name = country.name if country else employment.country
        how = "through an employer of record" if employment.engagement == "eor" else "as a contractor"
        rate = (
            f": employer costs {country.employer_cost_rate.value * 100:.1f}% of pay "
            f"(source: {country.employer_cost_rate.source}, {country.employer_cost_rate.as_of.isoformat()}) "
            "and the EOR's fee"
            if country is not None and employment.engagement == "eor"
            else ": pay only, no employer costs"
        )
        if path.id in catalog.variants:
            name, rate = f"each of {len(catalog.variants[path.id])} countries side by side", ""
            lines.append(f"{path.name} ({path.id}): employs in {name}, {how}.")
            continue
        lines.append(
            f"{path.name} ({path.id}): employs in {name} ({employment.country}) {how}{rate}; "
            f"the default is from {employment.source} ({employment.as_of.isoformat()}); "
            "`mlhire countries` lists the others."
        )
    return lines
