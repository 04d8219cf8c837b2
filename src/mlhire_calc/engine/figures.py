"""The uncertain figures behind one question, found by reflection over the catalog.

A figure is any range in the data (`Range` and its kinds: amounts, fractions, times)
whose low and high differ. They are found by walking the catalog's records, so a new
field of the data model is picked up without a change here. Only the records a
question can read are walked: the role asked about, the paths asked about (and the
baseline), and any entry of the catalog they name (a role an amount is scaled from).

A figure is named where it sits in the data: `ROLE.FIELD` (`ml-engineer.loaded_monthly`),
`PATH.FIELD` (`in-house-fte.time_to_start`, `in-house-fte.attrition`) or `PATH.ITEM` for a
cost item's amount or rate (`in-house-fte.recruiting-fee`). A path's time for the role
asked about (`by_role:`) is named as the path's time it stands in for.

A cost item whose amount is the role's band (`{role_band: loaded_monthly}`: the in-house
loaded cost) is a figure of its path, `PATH.ITEM`, ranging over the band: swinging it
moves that path alone, as `--set PATH.ITEM` does. The role's band is then a figure of
its own only where a path scales an amount by it against another role, so that it
moves more than the items that take it whole.

`pinned` gives the catalog with one figure replaced by a point, which the engine then
computes with as it computes with any data.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from mlhire_calc.datafiles.figures import replaced
from mlhire_calc.domain.catalog import Catalog, Range, RoleBandRef, TimeRange
from mlhire_calc.domain.money import Band

Key = str | int
Kind = Literal["time", "amount"]


@dataclass(frozen=True)
class Figure:
    """One uncertain figure of the data: its name, where it sits, and its range."""

    name: str
    where: tuple[Key, ...]  # keys from the catalog down to the range
    value: Range
    owner: str  # the role, path or other entry of the catalog it belongs to
    owner_kind: str  # the catalog field the owner is in: `roles`, `paths`, ...

    @property
    def kind(self) -> Kind:
        """`time` for a time (a distribution of days), else `amount` (an amount, rate or fraction)."""
        return "time" if isinstance(self.value, TimeRange) else "amount"

    @property
    def band(self) -> Band:
        return self.value.band()

    @property
    def unit(self) -> str | None:
        return self.value.unit if isinstance(self.value, TimeRange) else None


def _is_record(value: Any) -> bool:
    return dataclasses.is_dataclass(value) and not isinstance(value, type)


def _strings(value: Any) -> Iterator[str]:
    """Every text value held in a record (not the keys of its mappings)."""
    if isinstance(value, str):
        yield value
    elif _is_record(value):
        for field in dataclasses.fields(value):
            yield from _strings(getattr(value, field.name))
    elif isinstance(value, (tuple, list)):
        for entry in value:
            yield from _strings(entry)
    elif isinstance(value, dict):
        for entry in value.values():
            yield from _strings(entry)


def _entries(catalog: Catalog) -> Iterator[tuple[str, str, Any]]:
    """(catalog field, key, record) of each mapping of records in the catalog."""
    for field in dataclasses.fields(catalog):
        mapping = getattr(catalog, field.name)
        if isinstance(mapping, dict):
            for key, entry in mapping.items():
                if _is_record(entry):
                    yield field.name, key, entry


Leaf = tuple[tuple[Key, ...], tuple[str, ...], Range, bool]


def _leaves(
    value: Any, where: tuple[Key, ...], name: tuple[str, ...], role_ids: set[str], role_id: str
) -> Iterator[Leaf]:
    """(where, name parts, range, for the role asked) of each uncertain range under `value`."""
    if isinstance(value, Range):
        if value.low != value.high:
            yield where, name, value, False
        return
    if _is_record(value):
        for field in dataclasses.fields(value):
            entry = getattr(value, field.name)
            leaf = isinstance(entry, Range)
            part = (field.name,) if leaf else ()  # containers (items, lifecycle) are not named
            yield from _leaves(entry, (*where, field.name), (*name, *part), role_ids, role_id)
    elif isinstance(value, tuple):
        for index, entry in enumerate(value):
            ident = getattr(entry, "id", None)
            if ident is None:
                yield from _leaves(entry, (*where, index), (*name, str(index)), role_ids, role_id)
                continue
            # a figure of an identified entry (a cost item) is named by the entry
            found = list(_leaves(entry, (*where, index), (), role_ids, role_id))
            for inner, parts, rng, for_role in found:
                yield inner, (*name, str(ident), *(parts if len(found) > 1 else ())), rng, for_role
    elif isinstance(value, dict):
        by_role = bool(value) and set(value) <= role_ids
        for key, entry in value.items():
            if by_role and key != role_id:
                continue  # another role's figures: not this question's
            for inner, parts, rng, _ in _leaves(entry, (*where, key), (), role_ids, role_id):
                # the role's own entry stands in for the same-named figure of its parent
                yield inner, (*name, *([] if by_role else [str(key)]), *parts), rng, by_role


def figures(catalog: Catalog, role_id: str, path_ids: Sequence[str]) -> list[Figure]:
    """The uncertain figures the question (`role_id` on `path_ids`) can read, in data order."""
    asked = {role_id, *path_ids}
    entries = list(_entries(catalog))
    mentioned = {text for _, key, entry in entries if key in asked for text in _strings(entry)}
    role_ids = set(catalog.roles)
    found: dict[str, tuple[bool, Figure]] = {}
    for kind, key, entry in entries:
        if key not in asked and key not in mentioned:
            continue
        for where, parts, rng, for_role in _leaves(entry, (kind, key), (), role_ids, role_id):
            name = ".".join((key, *parts))
            figure = Figure(name, where, rng, key, kind)
            if name not in found or (for_role and not found[name][0]):
                found[name] = (for_role, figure)
    taken_whole = _role_band_items(catalog, role_id, path_ids)
    if taken_whole and not _scales_by(catalog, role_id, path_ids):
        found.pop(f"{role_id}.loaded_monthly", None)
    return [figure for _, figure in found.values()] + taken_whole


def _role_band_items(catalog: Catalog, role_id: str, path_ids: Sequence[str]) -> list[Figure]:
    """Each asked path's items that take the role's band whole, as figures of the path."""
    band = catalog.roles[role_id].loaded_monthly
    if band.low == band.high:
        return []
    return [
        Figure(f"{path_id}.{item.id}", ("paths", path_id, "items", index, "amount"), band, path_id, "paths")
        for path_id in dict.fromkeys(path_ids)
        for index, item in enumerate(catalog.paths[path_id].items)
        if isinstance(item.amount, RoleBandRef)
    ]


def _scales_by(catalog: Catalog, role_id: str, path_ids: Sequence[str]) -> bool:
    """Some asked path scales an amount by the role's band against another role's."""
    return any(
        item.scales_with is not None and item.scales_with.reference != role_id
        for path_id in dict.fromkeys(path_ids)
        for item in catalog.paths[path_id].items
    )


def point(figure: Figure, at: Decimal) -> Range:
    """The figure's range made a point at `at`: low, median and high all `at`."""
    return dataclasses.replace(figure.value, low=at, high=at, median=at)


def pinned(catalog: Catalog, figure: Figure, at: Decimal) -> Catalog:
    """The catalog with `figure` a point at `at`; everything else as it was."""
    result: Catalog = replaced(catalog, figure.where, point(figure, at))
    return result


def moves_only_its_path(figure: Figure) -> bool:
    """A path's own figure moves that path alone: the engine costs each path on its own."""
    return figure.owner_kind == "paths"
