"""Turn validated data files (pydantic models) into the domain's dataclasses.

Each model in `models.py` has a dataclass of the same name and the same fields in
`catalog.py` (a test holds them in step), so the conversion is one generic walk:
a field added to both reaches the catalog without a line here.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from mlhire_calc.domain import catalog as domain

from . import models


def to_domain(value: Any) -> Any:
    """A model as its same-named dataclass; lists as tuples; everything else as is."""
    if isinstance(value, BaseModel):
        cls = getattr(domain, type(value).__name__)
        return cls(**{f.name: to_domain(getattr(value, f.name)) for f in dataclasses.fields(cls)})
    if isinstance(value, list):
        return tuple(to_domain(entry) for entry in value)
    if isinstance(value, dict):
        return {key: to_domain(entry) for key, entry in value.items()}
    return value


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
    """One catalog in the paths file's currency: roles in another currency are converted
    at the paths file's rate for it (`checks.check_currency` refuses a file without one)."""
    from .currency import rate_for, rate_text, scale_roles

    rates: dict[str, domain.ExchangeRate] = to_domain(paths.rates)
    role_map: dict[str, domain.Role] = {role.id: to_domain(role) for role in roles.roles}
    notes: tuple[str, ...] = ()
    if roles.currency != paths.currency:
        rate = rate_for(rates, roles.currency, paths.currency)
        role_map = scale_roles(role_map, lambda amount: amount * rate.value)
        title = paths.sources[rate.source].title if rate.source in paths.sources else rate.source
        line = f"Roles: roles.yaml's {roles.currency} amounts converted to {paths.currency} at "
        notes = (line + rate_text(rate, roles.currency, paths.currency, title) + ".",)
    return domain.Catalog(
        currency=paths.currency,
        roles=role_map,
        paths={path.id: to_domain(path) for path in paths.paths},
        role_sources=to_domain(roles.sources),
        path_sources=to_domain(paths.sources),
        directory=directory,
        fingerprint=fingerprint,
        as_of=max(_dates([roles, paths])),
        overrides=notes,
        rates=rates,
    )
