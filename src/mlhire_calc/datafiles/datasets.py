"""The two sides of `mlhire diff`, and the figures that differ between them.

A side is a data directory, or the same files at a git revision (read into a
temporary directory, validated like any data, and named `REF:path` in messages).
Figures are compared key by key; list entries with an `id` are matched by id, so a
new path or item is one added entry, not a shifted list. Mappings keyed by id
(`by_role:`, keyed by role id) are named the same way: `paths[in-house-fte].by_role
[ml-engineer].time_to_start.median`, like `roles[ml-engineer]`.
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from mlhire_calc.domain.catalog import Catalog
from mlhire_calc.domain.errors import DataError, InputError, MlhireError
from mlhire_calc.domain.limits import MAX_FILE_BYTES

from .gitfiles import Revision
from .load import DATA_FILES, load_catalog
from .reader import Parsed, read_yaml
from .seed import SEED_FIGURES

NOT_COMPARED = ("as_of",)  # provenance shown beside every change, not a change of its own
KEYED_BY_ID = ("by_role",)  # mappings whose keys are ids (of roles), named `by_role[ml-engineer]`


# ---------------------------------------------------------------- the two data sets


@dataclass(frozen=True)
class DataSet:
    """One side of a diff: the validated catalog and the parsed files it came from."""

    label: str  # `data` or `HEAD:data`
    catalog: Catalog
    files: dict[str, Parsed]  # by file name: roles.yaml, paths.yaml
    names: dict[str, str]  # how each file is named in messages
    revision: Revision | None = None


def data_from_directory(directory: Path, *, dataset: str | None = None) -> DataSet:
    """The data files in `directory`; DataError (file:line) when they are invalid. The
    shipped set `dataset`, chosen by name, is named so (`seed`, `seed:paths.yaml`), not
    by where mlhire is installed, so a diff reads the same on every machine; a folder
    given as a path keeps that path, which editors and annotations can open."""
    catalog = load_catalog(directory)
    if dataset is None:
        label, names = str(directory), {name: str(directory / name) for name in DATA_FILES}
    else:
        label, names = dataset, {name: f"{dataset}:{name}" for name in DATA_FILES}
    files = {name: read_yaml(directory / name, display=names[name]) for name in DATA_FILES}
    return DataSet(label, catalog, files, names)


def renamed(exc: MlhireError, renames: Mapping[str, str]) -> MlhireError:
    """The same error, naming files by their revision instead of a temporary copy."""
    message = exc.message
    for old, new in renames.items():
        message = message.replace(old, new)
    return type(exc)(message)


def data_at_revision(revision: Revision, directory: Path) -> DataSet:
    """The data files of `directory` as they were at `revision` (no checkout)."""
    names = {name: revision.name(directory / name) for name in DATA_FILES}
    label = f"{revision.ref}:{revision.relative(directory)}"
    with tempfile.TemporaryDirectory(prefix="mlhire-base-") as temporary:
        folder = Path(temporary).resolve()
        for name in DATA_FILES:
            raw = revision.read(directory / name, limit=MAX_FILE_BYTES, error=DataError)
            if raw is None:
                raise InputError(f"{names[name]}: no such file at that revision")
            (folder / name).write_bytes(raw)
        renames = {**{str(folder / name): names[name] for name in DATA_FILES}, str(folder): label}
        try:
            catalog = load_catalog(folder)
            files = {name: read_yaml(folder / name, display=names[name]) for name in DATA_FILES}
        except MlhireError as exc:
            raise renamed(exc, renames) from None
    return DataSet(label, catalog, files, names, revision)


# ---------------------------------------------------------------- changed figures


@dataclass(frozen=True)
class Provenance:
    """The source and as-of date of a figure."""

    source: str | None
    as_of: str | None


@dataclass(frozen=True)
class FigureChange:
    """One value that differs: where it is in the new file, and both sides."""

    file: str
    line: int | None
    key: str  # `paths[embedded].items[fee].amount`: list entries by their id
    kind: str  # changed | added | removed
    old: Any
    new: Any
    old_provenance: Provenance
    new_provenance: Provenance
    flags: tuple[str, ...] = ()


def number(value: Any) -> Decimal | None:
    """A figure as a Decimal, or None for text, mappings and lists."""
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        return None
    return Decimal(value)


def _provenance(owner: Any) -> Provenance:
    if not isinstance(owner, dict):
        return Provenance(None, None)
    as_of = owner.get("as_of")
    shown = as_of.isoformat() if isinstance(as_of, date) else None if as_of is None else str(as_of)
    source = owner.get("source")
    return Provenance(None if source is None else str(source), shown)


def _nested(value: Any) -> list[Provenance]:
    """The provenance of every sourced figure inside an added or removed entry."""
    if isinstance(value, dict):
        if "source" in value:
            return [_provenance(value)]
        return [found for entry in value.values() for found in _nested(entry)]
    if isinstance(value, list):
        return [found for entry in value for found in _nested(entry)]
    return []


def _provenance_of(value: Any, owner: Any) -> Provenance:
    """A value's own provenance; for an entry of sourced figures (such as a `by_role`
    entry), theirs when they agree; else its owner's."""
    if isinstance(value, dict):
        if "source" in value:
            return _provenance(value)
        found = set(_nested(value))
        if found:
            return found.pop() if len(found) == 1 else Provenance(None, None)
    return _provenance(owner)


def _id_list(value: Any) -> dict[str, tuple[int, Any]] | None:
    """A list of mappings with ids, by id (entries are matched by id, not position)."""
    if not isinstance(value, list) or not value:
        return None
    if not all(isinstance(entry, dict) and "id" in entry for entry in value):
        return None
    return {str(entry["id"]): (index, entry) for index, entry in enumerate(value)}


def _same(old: Any, new: Any) -> bool:
    if isinstance(old, bool) != isinstance(new, bool):
        return False
    return bool(old == new)


class _Walk:
    """Compares two YAML trees, collecting a FigureChange for each differing value."""

    def __init__(self, display: str, parsed: Parsed) -> None:
        self.display = display
        self.parsed = parsed
        self.changes: list[FigureChange] = []

    def add(
        self, kind: str, key: str, loc: tuple[str | int, ...], old: Any, new: Any, owners: tuple[Any, Any]
    ) -> None:
        line, _ = self.parsed.locate(loc)
        change = FigureChange(
            self.display,
            line,
            key,
            kind,
            old,
            new,
            _provenance_of(old, owners[0]),
            _provenance_of(new, owners[1]),
        )
        self.changes.append(FigureChange(**{**change.__dict__, "flags": flags_of(change)}))

    def walk(self, old: Any, new: Any, loc: tuple[str | int, ...], key: str, owners: tuple[Any, Any]) -> None:
        if isinstance(old, dict) and isinstance(new, dict):
            owners = (old if "source" in old else owners[0], new if "source" in new else owners[1])
            by_id = key.rsplit(".", 1)[-1] in KEYED_BY_ID
            for name in [*new, *(name for name in old if name not in new)]:
                if name in NOT_COMPARED:
                    continue
                child = f"{key}[{name}]" if by_id else f"{key}.{name}" if key else str(name)
                if name not in old:
                    self.add("added", child, (*loc, name), None, new[name], owners)
                elif name not in new:
                    self.add("removed", child, loc, old[name], None, owners)
                else:
                    self.walk(old[name], new[name], (*loc, name), child, owners)
            return
        old_ids, new_ids = _id_list(old), _id_list(new)
        if old_ids is not None and new_ids is not None:
            for entry_id, (index, entry) in new_ids.items():
                child = f"{key}[{entry_id}]"
                if entry_id in old_ids:
                    self.walk(old_ids[entry_id][1], entry, (*loc, index), child, owners)
                else:
                    self.add("added", child, (*loc, index), None, entry, owners)
            for entry_id, (_, entry) in old_ids.items():
                if entry_id not in new_ids:
                    self.add("removed", f"{key}[{entry_id}]", loc, entry, None, owners)
            return
        if not _same(old, new):
            self.add("changed", key, loc, old, new, owners)


def flags_of(change: FigureChange) -> tuple[str, ...]:
    """What a reviewer should look at twice: an unmoved as_of, a seed figure that drifted."""
    flags = []
    new_number = number(change.new)
    if new_number is None:
        return ()
    before, after = change.old_provenance, change.new_provenance
    if change.kind == "changed" and after.as_of is not None and before.as_of == after.as_of:
        flags.append("as_of unchanged")
    seed = SEED_FIGURES.get(change.key)
    if seed is not None and after.source == "seed" and new_number != seed:
        flags.append(f"seed, but the document gives {seed}")
    return tuple(flags)


def figure_changes(base: DataSet, new: DataSet) -> list[FigureChange]:
    """Every value that differs between the two data sets, file by file, in file order."""
    changes: list[FigureChange] = []
    for name in DATA_FILES:
        walk = _Walk(new.names[name], new.files[name])
        walk.walk(base.files[name].content, new.files[name].content, (), "", (None, None))
        changes += sorted(walk.changes, key=lambda c: c.line or 0)
    return changes
