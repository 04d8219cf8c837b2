"""What every view shares: the JSON envelope, provenance notes, estimate marks."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from mlhire_calc import __version__
from mlhire_calc.catalog import Catalog, Source, Sourced, TimeRange
from mlhire_calc.money import Band

DAGGER = "†"


def band_json(band: Band) -> dict[str, Decimal]:
    return band.cents().as_dict()


def data_json(catalog: Catalog) -> dict[str, Any]:
    return {
        "directory": str(catalog.directory),
        "as_of": catalog.as_of,
        "fingerprint": f"sha256:{catalog.fingerprint}",
    }


def envelope(schema: str, catalog: Catalog, assumptions: list[str], **body: Any) -> dict[str, Any]:
    return {
        "schema": schema,
        "mlhire_version": __version__,
        "currency": catalog.currency,
        "assumptions": assumptions,
        "data": data_json(catalog),
        **body,
    }


def data_note(catalog: Catalog) -> str:
    return (
        f"Data: {catalog.directory} (as of {catalog.as_of.isoformat()}, sha256 {catalog.fingerprint[:12]})."
    )


def time_json(time: TimeRange) -> dict[str, Any]:
    return {
        "low": time.low,
        "median": time.median,
        "high": time.high,
        "unit": time.unit,
        "estimate": time.estimate,
        "source": time.source,
        "as_of": time.as_of,
    }


def marked(text: str, estimate: bool) -> str:
    return f"{text} {DAGGER}" if estimate else text


class Footnotes:
    """Collects the notes behind estimates so each is printed once."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, label: str, figure: Sourced) -> None:
        if figure.estimate:
            line = f"{DAGGER} {label}: estimate. {figure.note or ''}".rstrip()
            if line not in self.lines:
                self.lines.append(line)


def source_notes(sources: dict[str, Source]) -> list[str]:
    return [f"Source {key}: {source.title} ({source.kind})." for key, source in sources.items()]
