"""Figures by name: `in-house-fte.attrition`, `data-scientist.loaded_monthly`, `embedded.fee`.

A name is resolved by reflection over the domain's dataclasses, never by a table of
known figures. Its first part is a path id, a role id, or a mapping of the catalog
keyed by id followed by the key (`countries.BR`, where the catalog has one). Each
further part is, in turn:
- an entry of a list by its id (a path's cost items: `embedded.fee`);
- a field of the dataclass reached so far (`placement`, then `failure`);
- a key of a mapping (`by_role.ml-engineer`);
- a field of one of the dataclass's own parts, where only one part has it
  (`in-house-fte.attrition` is `lifecycle.attrition`).
A field added to the domain is named the same way, with no code here.
"""

from __future__ import annotations

import dataclasses
import types
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from functools import cache
from typing import Annotated, Any, Union, get_args, get_origin, get_type_hints

from mlhire_calc.domain.catalog import Catalog, CostItem, Range, SourcedFraction
from mlhire_calc.domain.errors import UsageError
from mlhire_calc.domain.figures import SourcedShare

Key = str | int
ENTRY_SECTIONS = ("paths", "roles")
NOT_FIGURES = ("rates",)  # the catalog's exchange rates: `--currency` has used them before a `--set`


class Kind(Enum):
    """What a figure holds, and so how its value is written."""

    ITEM = "a cost item's amount, or a percent item's rate"
    TIME = "a time: 3m, 1-4w or 2/3/5m"
    FRACTION = "a rate: 4%, 0.04 or a range 3-5%"
    RANGE = "an amount or a range: 15000, 8000-12000 or 8000/10000/12000"
    VALUE = "an amount: 15000"
    SHARE = "a rate: 30% or 0.3"
    AMOUNT = "an amount or a range: 15000 or 8000-12000"
    NUMBER = "a number: 1.5, or a rate 4%"
    WHOLE = "a whole number: 3"


@dataclass(frozen=True)
class Place:
    """Where a named figure is: an entry of the catalog and the keys to it inside `plain(entry)`."""

    name: str  # as written: `in-house-fte.attrition`
    section: str  # `paths`, `roles`, or a keyed mapping of the catalog (`countries`)
    entry: str  # the id in that section
    root: type  # the entry's class
    keys: tuple[Key, ...]  # ("lifecycle", "attrition"), ("items", 0), ("by_role", "ml-engineer", ...)
    kind: Kind
    figure: Any  # the figure's object now (None where the data leaves it out)
    held: type | None = None  # the figure's dataclass (TimeRange, CostItem), None for a number

    @property
    def sourced(self) -> bool:
        """The figure carries its own provenance (`source`, `as_of`)."""
        return self.held is not None and "source" in fields_of(self.held)

    @property
    def label(self) -> str:
        """How an assumption line names it: `in-house-fte attrition`, `embedded fee`."""
        first, _, rest = self.name.partition(".")
        return f"{first} {rest}" if rest else first


# ---------------------------------------------------------------- types, by reflection


def _types(hint: Any) -> tuple[Any, ...]:
    """The types a field may hold: Annotated, unions and None taken apart."""
    origin = get_origin(hint)
    if origin is Annotated:
        return _types(get_args(hint)[0])
    if origin is Union or origin is types.UnionType:
        return tuple(kind for arg in get_args(hint) if arg is not type(None) for kind in _types(arg))
    return (hint,)


def fields_of(kind: Any) -> dict[str, Any]:
    """A dataclass's fields and their annotations."""
    found: dict[str, Any] = _fields(kind)
    return found


@cache
def _fields(kind: Any) -> dict[str, Any]:
    hints = get_type_hints(kind, include_extras=True)
    return {entry.name: hints[entry.name] for entry in dataclasses.fields(kind)}


def dataclass_of(hint: Any) -> type | None:
    """The dataclass a field holds, if it holds one."""
    return next((k for k in _types(hint) if isinstance(k, type) and dataclasses.is_dataclass(k)), None)


def _container(hint: Any) -> tuple[str, Any] | None:
    """(`dict`, value annotation) for a mapping; (`list`, entry class) for a list of entries with ids."""
    for kind in _types(hint):
        origin, args = get_origin(kind), get_args(kind)
        if origin is dict and len(args) == 2:
            return "dict", args[1]
        if origin is tuple and args:
            entry = dataclass_of(args[0])
            if entry is not None and "id" in fields_of(entry):
                return "list", entry
    return None


def kind_of(hint: Any) -> Kind | None:
    """The kind of figure a field holds; None for text, flags, ids and containers."""
    kinds = _types(hint)
    held = dataclass_of(hint)
    if held is CostItem:
        return Kind.ITEM
    if held is not None and issubclass(held, Range):
        if "unit" in fields_of(held):
            return Kind.TIME
        return Kind.FRACTION if issubclass(held, SourcedFraction) else Kind.RANGE
    if held is SourcedShare:
        return Kind.SHARE
    if held is not None:
        value = fields_of(held).get("value")
        return Kind.VALUE if value is not None and Decimal in _types(value) else None
    if Decimal in kinds:
        return (
            Kind.AMOUNT if any(isinstance(k, type) and issubclass(k, Range) for k in kinds) else Kind.NUMBER
        )
    if int in kinds and bool not in kinds:
        return Kind.WHOLE
    return None


def _holds_figures(hint: Any, depth: int = 0) -> bool:
    if kind_of(hint) is not None:
        return True
    held = dataclass_of(hint)
    container = _container(hint)
    if depth > 3:
        return False
    if held is not None:
        return any(_holds_figures(inner, depth + 1) for inner in fields_of(held).values())
    return container is not None and _holds_figures(container[1], depth + 1)


def _settable(kind: type, value: Any) -> Iterator[str]:
    """The names that can follow a dataclass: its entries' ids, its figures, its parts' figures."""
    for name, hint in fields_of(kind).items():
        container = _container(hint)
        if container is not None and container[0] == "list" and value is not None:
            yield from (entry.id for entry in getattr(value, name))
    for name, hint in fields_of(kind).items():
        if _holds_figures(hint) and (_container(hint) or ("", None))[0] != "list":
            yield name
    for name, hint in fields_of(kind).items():
        inner = dataclass_of(hint)
        if inner is not None and kind_of(hint) is None:
            yield from (f"{field} ({name}.{field})" for field, h in fields_of(inner).items() if kind_of(h))


# ---------------------------------------------------------------- names


def _unknown(name: str, what: str, known: Iterator[str] | list[str]) -> UsageError:
    listed = ", ".join(dict.fromkeys(known)) or "none"
    return UsageError(f"{name}: {what}; known here: {listed}", subject="setting")


def sections(catalog: Catalog) -> dict[str, dict[str, Any]]:
    """The catalog's mappings of figures by id besides paths and roles (`countries`, if any)."""
    found = {}
    for name in fields_of(type(catalog)):
        value = getattr(catalog, name)
        if name in ENTRY_SECTIONS or name in NOT_FIGURES or not isinstance(value, dict) or not value:
            continue
        if all(dataclasses.is_dataclass(entry) and _holds_figures(type(entry)) for entry in value.values()):
            found[name] = value  # not the sources: titles, not figures
    return found


def _root(catalog: Catalog, name: str, parts: list[str]) -> tuple[str, str, type, Any, list[str]]:
    """The entry a name starts at: (section, id, class, object, the parts after it)."""
    first = parts[0]
    if first in catalog.paths:
        return "paths", first, type(catalog.paths[first]), catalog.paths[first], parts[1:]
    if first in catalog.roles:
        return "roles", first, type(catalog.roles[first]), catalog.roles[first], parts[1:]
    keyed = sections(catalog)
    if first in keyed:
        if len(parts) < 2:
            raise _unknown(name, f"name an entry of {first}", list(keyed[first]))
        entry = keyed[first].get(parts[1])
        if entry is None:
            raise _unknown(name, f"{first} has no {parts[1]!r}", list(keyed[first]))
        return first, parts[1], type(entry), entry, parts[2:]
    known = [*catalog.paths, *catalog.roles, *keyed]
    raise _unknown(name, f"{first!r} is no path, role or section of the data", known)


def resolve(catalog: Catalog, name: str) -> Place:
    """The place of the figure `name`; a usage error naming what can be set instead."""
    parts = name.split(".")
    if any(not part for part in parts):
        raise UsageError(
            f"{name!r} is not a figure's name (PATH.FIGURE, e.g. embedded.fee)", subject="setting"
        )
    section, entry, root, value, rest = _root(catalog, name, parts)
    hint: Any = root
    keys: list[Key] = []
    for index, part in enumerate(rest):
        where = ".".join(parts[: len(parts) - len(rest) + index])
        kind = kind_of(hint)
        if kind is Kind.ITEM and part in ("amount", "rate") and index == len(rest) - 1:
            break  # `embedded.fee.amount` is `embedded.fee`
        held = dataclass_of(hint) if kind in (None, Kind.ITEM) else None
        container = _container(hint)
        if held is not None:
            hint, value, added = _field(held, value, part, f"{where}.{part}", where)
        elif container is not None and container[0] == "dict":
            if value is None or part not in value:
                raise _unknown(f"{where}.{part}", f"{where} has no {part!r}", list(value or ()))
            hint, value, added = container[1], value[part], (part,)
        else:
            raise UsageError(f"{name}: {where} is one figure; nothing is below it", subject="setting")
        keys += added
    kind = kind_of(hint)
    if kind is None:
        held = dataclass_of(hint)
        known = list(_settable(held, value)) if held is not None else []
        raise _unknown(name, "is not a figure (a number, range, rate or time)", known)
    return Place(name, section, entry, root, tuple(keys), kind, value, dataclass_of(hint))


def _field(kind: type, value: Any, part: str, name: str, where: str) -> tuple[Any, Any, tuple[Key, ...]]:
    """The step from a dataclass to `part`: an entry by id, a field, or a part's field."""
    fields = fields_of(kind)
    for field_name, hint in fields.items():
        container = _container(hint)
        if container is not None and container[0] == "list" and value is not None:
            for index, entry in enumerate(getattr(value, field_name)):
                if entry.id == part:
                    return container[1], entry, (field_name, index)
    if part in fields:
        return fields[part], None if value is None else getattr(value, part), (part,)
    through = [
        (field_name, inner)
        for field_name, hint in fields.items()
        if (inner := dataclass_of(hint)) is not None and kind_of(hint) is None and part in fields_of(inner)
    ]
    if len(through) == 1:
        field_name, inner = through[0]
        outer = None if value is None else getattr(value, field_name)
        return fields_of(inner)[part], None if outer is None else getattr(outer, part), (field_name, part)
    if len(through) > 1:
        ways = " or ".join(f"{where}.{field_name}.{part}" for field_name, _ in through)
        raise UsageError(f"{name} is ambiguous: write {ways}", subject="setting")
    raise _unknown(name, f"{where} has no figure {part!r}", list(_settable(kind, value)))


def replaced(value: Any, where: tuple[Key, ...], new: Any) -> Any:
    """`value` with the object at `where` (as `leaf` finds it) replaced by `new`."""
    if not where:
        return new
    head, rest = where[0], where[1:]
    if isinstance(value, dict):
        return {**value, head: replaced(value[head], rest, new)}
    if isinstance(value, tuple):
        assert isinstance(head, int)
        return (*value[:head], replaced(value[head], rest, new), *value[head + 1 :])
    assert isinstance(head, str)
    return dataclasses.replace(value, **{head: replaced(getattr(value, head), rest, new)})


def leaf(value: Any, keys: tuple[Key, ...]) -> Any:
    """The object at `keys` inside a dataclass (None where the data leaves it out)."""
    for key in keys:
        if value is None:
            return None
        if isinstance(key, int):
            value = value[key]
        elif isinstance(value, dict):
            value = value.get(key)
        else:
            value = getattr(value, key)
    return value
