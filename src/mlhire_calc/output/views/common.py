"""What every view shares: the JSON envelope, provenance notes, estimate marks."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from mlhire_calc.domain.catalog import Catalog, Sourced, TimeRange
from mlhire_calc.domain.money import Band
from mlhire_calc.version import __version__

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
        **({} if catalog.converted is None else {"exchange_rate": catalog.converted}),  # --currency
        **body,
    }


def data_note(document: Mapping[str, Any]) -> str:
    """Where the figures of a document came from, from its `data` block."""
    data = document["data"]
    fingerprint = data["fingerprint"].removeprefix("sha256:")
    return f"Data: {data['directory']} (as of {data['as_of'].isoformat()}, sha256 {fingerprint[:12]})."


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


def time_text(time: Mapping[str, Any]) -> str:
    """A time of a document (`time_json` or plain data) as `1-4 weeks, median 2`."""
    return TimeRange(**time).describe()


def marked(text: str, estimate: bool) -> str:
    return f"{text} {DAGGER}" if estimate else text


class Footnotes:
    """Collects the notes behind estimates so each is printed once."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, label: str, figure: Sourced) -> None:
        self.add_plain(label, {"estimate": figure.estimate, "note": figure.note})

    def add_plain(self, label: str, figure: Mapping[str, Any]) -> None:
        """A figure of a document or of plain data (a mapping with `estimate` and `note`)."""
        if figure.get("estimate"):
            line = f"{DAGGER} {label}: estimate. {figure.get('note') or ''}".rstrip()
            if line not in self.lines:
                self.lines.append(line)


def source_notes(document: Mapping[str, Any]) -> list[str]:
    """One line per source of a data document (`sources`: key -> title, kind)."""
    return [
        f"Source {key}: {source['title']} ({source['kind']})." for key, source in document["sources"].items()
    ]
