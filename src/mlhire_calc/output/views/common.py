"""What every view shares: the JSON envelope, provenance notes, estimate marks."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from mlhire_calc.domain.catalog import Catalog, Sourced, SourcingPath, TimeRange
from mlhire_calc.domain.money import Band
from mlhire_calc.output.provenance import data_name
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
    # by name, never a path of this machine: a table or Markdown is pasted and forwarded
    shown = data_name(data["directory"])
    return f"Data: {shown} (as of {data['as_of'].isoformat()}, sha256 {fingerprint[:12]})."


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


def _figure_json(band: Band, figure: Sourced | None) -> dict[str, Any]:
    return {
        **band.as_dict(),
        "estimate": figure.estimate if figure is not None else False,
        "source": figure.source if figure is not None else None,
        "as_of": figure.as_of if figure is not None else None,
    }


def hiring_json(path: SourcingPath) -> dict[str, Any]:
    """What a path's hire takes beyond its price: productivity ramp, placement risk, employment.

    A path whose data gives no ramp ramps in no time; one with no placement figures is
    certain and unlimited (its `source` is null)."""
    ramp = path.ramp
    placement = path.placement
    employment = path.employment
    return {
        "productivity_ramp": {
            "months": _figure_json(
                ramp.months.band() if ramp else Band.zero(), ramp.months if ramp else None
            ),
            "productivity": _figure_json(
                ramp.productivity.band() if ramp else Band.point(Decimal(1)),
                ramp.productivity if ramp else None,
            ),
        },
        "placement": None
        if placement is None
        else {
            "failure": _figure_json(placement.failure.band(), placement.failure),
            "time_lost": time_json(placement.time_lost),
            "capacity_per_month": placement.capacity.per_month,
            "capacity_source": placement.capacity.source,
        },
        "country": employment.country if employment else None,
        "engagement": employment.engagement if employment else None,
    }


def path_label(path: Mapping[str, Any]) -> str:
    """A path's id as tables show it: with its country where it employs by country (`latam-direct MX`)."""
    return f"{path['id']} {path['country']}" if path.get("country") else str(path["id"])
