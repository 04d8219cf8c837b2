"""The view of `mlhire data list`: the data sets shipped with mlhire, and what each rests on."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping
from typing import Any

from mlhire_calc.domain.catalog import Catalog, Sourced
from mlhire_calc.output.layout import Column, Document, Report, Table
from mlhire_calc.version import __version__

SEED_SOURCE = "seed"  # the product document, in every shipped set
DESCRIPTIONS = {
    "seed": "The product document's figures, with public figures (marked estimates) for its gaps.",
    "market": "Public, independent figures (BLS wages, hiring benchmarks, vendor fee pages); "
    "the product document's only where no public figure exists.",
}
COLUMNS = [
    Column("name", "Data set"),
    Column("as_of", "As of", "date"),
    Column("figures", "Figures", "int"),
    Column("estimates", "Estimates", "int"),
    Column("from_document", "From the document", "int"),
    Column("directory", "Directory"),
]


def _figures(value: Any) -> Iterator[Sourced]:
    """Every sourced figure of the data, once each."""
    if isinstance(value, Sourced):
        yield value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for entry in dataclasses.fields(value):
            yield from _figures(getattr(value, entry.name))
    elif isinstance(value, (tuple, list)):
        for entry in value:
            yield from _figures(entry)
    elif isinstance(value, dict):
        for entry in value.values():
            yield from _figures(entry)


def datasets_report(sets: Mapping[str, Catalog]) -> Report:
    rows = []
    for name, catalog in sets.items():
        figures = list(_figures(catalog))  # roles, paths, rates and any other section
        rows.append(
            {
                "name": name,
                "description": DESCRIPTIONS.get(name, ""),
                "directory": str(catalog.directory),
                "as_of": catalog.as_of,
                "currency": catalog.currency,
                "roles": list(catalog.roles),
                "paths": list(catalog.paths),
                "figures": len(figures),
                "estimates": sum(figure.estimate for figure in figures),
                "from_document": sum(figure.source == SEED_SOURCE for figure in figures),
                "sources": {
                    key: source.title
                    for key, source in {**catalog.role_sources, **catalog.path_sources}.items()
                },
            }
        )
    document: Document = {"schema": "mlhire.datasets/1", "mlhire_version": __version__, "datasets": rows}
    return Report(document, _tables, _flat, to_notes=_notes)


def _flat(document: Document) -> Table:
    return Table("Shipped data sets", COLUMNS, document["datasets"])


def _tables(document: Document) -> list[Table]:
    return [_flat(document)]


def _notes(document: Document) -> list[str]:
    return [
        *(
            f"{entry['name']}: {entry['description']}"
            for entry in document["datasets"]
            if entry["description"]
        ),
        "Figures: every figure with a source and a date; estimates: those derived, not read; from the "
        "document: those whose source is the product document (seed).",
        "Use one with --dataset NAME (or MLHIRE_DATASET); `mlhire diff --base-dataset seed --dataset "
        "market` shows what the public figures change.",
    ]
