"""The data files as wholes: roles.yaml is a `RolesFile`, paths.yaml a `PathsFile`.

Their parts are the domain's own classes (`catalog.py`, `figures.py`, `hiring.py`);
these two exist only at the border, where `datafiles/contract.py` validates a file
into them and `datafiles/load.py` joins them into one `Catalog`. A run that finds
the catalog in the cache never needs them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Literal

from .catalog import ExchangeRate, Role, Source, SourcingPath
from .hiring import Country
from .rules import STRICT, Constrain, CountryCode, CurrencyCode, Id, Items


@dataclass(frozen=True, kw_only=True)
class RolesFile:
    """roles.yaml: roles with their loaded monthly cost bands, in one currency."""

    __pydantic_config__ = STRICT

    schema: Literal["mlhire.roles/1"]
    currency: CurrencyCode
    sources: Annotated[dict[Id, Source], Constrain(max_length=1000)]
    roles: Annotated[tuple[Role, ...], Items(min_length=1, max_length=1000)]


@dataclass(frozen=True, kw_only=True)
class PathsFile:
    """paths.yaml: sourcing paths and their cost items, in one currency, with exchange rates."""

    __pydantic_config__ = STRICT

    schema: Literal["mlhire.paths/1"]
    currency: CurrencyCode
    sources: Annotated[dict[Id, Source], Constrain(max_length=1000)]
    rates: Annotated[dict[CurrencyCode, ExchangeRate], Constrain(max_length=200)] = field(
        default_factory=dict
    )
    countries: Annotated[dict[CountryCode, Country], Constrain(max_length=300)] = field(default_factory=dict)
    paths: Annotated[tuple[SourcingPath, ...], Items(min_length=1, max_length=1000)]
