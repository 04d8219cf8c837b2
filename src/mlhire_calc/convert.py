"""Turn validated data files (pydantic models) into the domain's dataclasses."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from . import catalog as domain
from . import models


def _sourced(figure: models.Sourced) -> dict[str, Any]:
    return {"source": figure.source, "as_of": figure.as_of, "estimate": figure.estimate, "note": figure.note}


def _span(value: models.Range) -> dict[str, Any]:
    return {"low": value.low, "high": value.high, "median": value.median}


def _amount(value: Decimal | models.Range | models.RoleBandRef | None) -> Any:
    if isinstance(value, models.RoleBandRef):
        return domain.RoleBand(role_band=value.role_band)
    if isinstance(value, models.Range):
        return domain.Span(**_span(value))
    return value


def _time(value: models.TimeRange) -> domain.TimeSpan:
    return domain.TimeSpan(**_span(value), **_sourced(value), unit=value.unit)


def _value(value: models.SourcedValue | None) -> domain.SourcedValue | None:
    return None if value is None else domain.SourcedValue(value=value.value, **_sourced(value))


def _sourced_span(value: models.SourcedRange | None) -> domain.SourcedSpan | None:
    return None if value is None else domain.SourcedSpan(**_span(value), **_sourced(value))


def _role(role: models.Role) -> domain.Role:
    market = None
    if role.market is not None:
        m = role.market
        market = domain.Market(
            open_us_roles=_value(m.open_us_roles),
            senior_median_total_comp_annual=_sourced_span(m.senior_median_total_comp_annual),
            in_house_time_to_fill=None if m.in_house_time_to_fill is None else _time(m.in_house_time_to_fill),
            in_house_time_to_fill_senior_llm=None
            if m.in_house_time_to_fill_senior_llm is None
            else _time(m.in_house_time_to_fill_senior_llm),
        )
    loaded = _sourced_span(role.loaded_monthly)
    assert loaded is not None
    return domain.Role(
        id=role.id,
        title=role.title,
        ships=role.ships,
        tools=tuple(role.tools),
        loaded_monthly=loaded,
        market=market,
    )


def _item(item: models.CostItem) -> domain.CostItem:
    return domain.CostItem(
        id=item.id,
        name=item.name,
        per=item.per,
        amount=_amount(item.amount),
        rate=_amount(item.rate),
        of=item.of,
        basis=item.basis,
        hours_per_month=_value(item.hours_per_month),
        **_sourced(item),
    )


def _path(path: models.Path) -> domain.SourcingPath:
    return domain.SourcingPath(
        id=path.id,
        name=path.name,
        provider=path.provider,
        time_to_start=_time(path.time_to_start),
        time_to_first_pr=_time(path.time_to_first_pr),
        absorbs=domain.Absorbs(
            vetting=path.absorbs.vetting, replacement=path.absorbs.replacement, **_sourced(path.absorbs)
        ),
        permanent_seat=path.permanent_seat,
        notes=tuple(path.notes),
        items=tuple(_item(item) for item in path.items),
    )


def _sources(sources: dict[str, models.Source]) -> dict[str, domain.Source]:
    return {key: domain.Source(title=s.title, kind=s.kind, url=s.url) for key, s in sources.items()}


def _dates(value: Any) -> Iterator[date]:
    """Every `as_of` date in a model tree."""
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            if name == "as_of":
                yield value.as_of  # type: ignore[attr-defined]
            else:
                yield from _dates(getattr(value, name))
    elif isinstance(value, (list, tuple)):
        for entry in value:
            yield from _dates(entry)
    elif isinstance(value, dict):
        for entry in value.values():
            yield from _dates(entry)


def to_catalog(
    roles: models.RolesFile, paths: models.PathsFile, *, directory: Path, fingerprint: str
) -> domain.Catalog:
    return domain.Catalog(
        currency=paths.currency,
        roles={role.id: _role(role) for role in roles.roles},
        paths={path.id: _path(path) for path in paths.paths},
        role_sources=_sources(roles.sources),
        path_sources=_sources(paths.sources),
        directory=directory,
        fingerprint=fingerprint,
        as_of=max(_dates([roles, paths])),
    )
