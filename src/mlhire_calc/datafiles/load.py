"""Find the data files and load them as a validated Catalog, once per run.

The full path (YAML parsing, validation into the domain's classes, cross-checks) lives
in `reader.py`, `contract.py` and `checks.py` and runs only when the files' sha256 is
not in the cache.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
from collections.abc import Iterator, Sequence
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mlhire_calc.domain.catalog import Catalog, Sourced
from mlhire_calc.domain.errors import DataError, UsageError
from mlhire_calc.domain.limits import MAX_FILE_BYTES

from .files import DATA_FILES as DATA_FILES  # explicit re-export: the CLI imports it from here
from .files import PATHS_FILE, ROLES_FILE, named_path, read_limited

if TYPE_CHECKING:
    from mlhire_calc.domain.file_types import PathsFile, RolesFile
    from mlhire_calc.domain.problems import Problem

ENV_DATA_DIR = "MLHIRE_DATA_DIR"
ENV_DATASET = "MLHIRE_DATASET"
SEED = "seed"  # the shipped data set in data/ itself; the others are its subfolders (data/market)


def default_data_dir() -> Path:
    """The packaged data files, or the repository's `data/` in a source checkout."""
    package = Path(__file__).resolve().parents[1]
    packaged = package / "data"
    if (packaged / PATHS_FILE).exists():
        return packaged
    return package.parents[1] / "data"


def shipped_datasets() -> dict[str, Path]:
    """The data sets shipped with mlhire, by name: `seed` (data/), then each subfolder of
    data/ that holds both data files (`market`: data/market)."""
    base = default_data_dir()
    found = {SEED: base}
    for folder in sorted(base.iterdir()):
        if folder.is_dir() and all((folder / name).is_file() for name in DATA_FILES):
            found[folder.name] = folder
    return found


def dataset_dir(name: str, *, subject: str = "dataset") -> Path:
    """The folder of the shipped data set `name`; a usage error naming the ones there are."""
    sets = shipped_datasets()
    if name not in sets:
        raise UsageError(f"{name!r} is not a shipped data set; there are: {', '.join(sets)}", subject=subject)
    return sets[name]


def resolve_data_dir(
    explicit: str | os.PathLike[str] | None = None,
    dataset: str | None = None,
    *,
    subject: str = "data directory",
) -> Path:
    """The data directory a run reads: `--data-dir` (or $MLHIRE_DATA_DIR), or the shipped set
    `--dataset` (or $MLHIRE_DATASET) names, else the seed. `--dataset` wins over
    $MLHIRE_DATA_DIR; given with `--data-dir`, it is a usage error, never a guess."""
    if explicit is not None:
        named_path(explicit, subject=subject)  # '' is refused, never read as "not given"
    from_env = os.environ.get(ENV_DATA_DIR) or None
    if dataset is not None:
        if explicit and os.fspath(explicit) != from_env:
            raise UsageError("give --data-dir or --dataset, not both", subject="dataset")
        return dataset_dir(dataset)
    chosen = explicit or from_env
    if chosen is None:
        named = os.environ.get(ENV_DATASET) or None
        return default_data_dir() if named is None else dataset_dir(named, subject=ENV_DATASET)
    path = Path(chosen)
    if not path.is_dir():
        raise DataError(f"{path} is not a directory", subject=subject if explicit else ENV_DATA_DIR)
    return path


def fingerprint_of(files: Sequence[tuple[str, bytes]]) -> str:
    """sha256 over each data file's name and exact bytes."""
    digest = hashlib.sha256()
    for name, raw in files:
        digest.update(name.encode() + b"\0" + raw + b"\0")
    return digest.hexdigest()


def _read_bytes(path: Path) -> bytes | None:
    """The file's bytes for the fingerprint, or None (validation then reports why)."""
    try:
        return read_limited(path, display=str(path), limit=MAX_FILE_BYTES, error=DataError)
    except DataError:
        return None


def _validated(directory: Path, fingerprint: str) -> Catalog:
    """Read and validate both files, and make them one catalog; DataError with the first problem."""
    from .checks import check_catalog
    from .reader import Parsed, read_yaml, validate_file

    parsed_files: list[Parsed] = []
    files: dict[str, Any] = {}
    problems: list[Problem] = []
    for name in DATA_FILES:
        display = str(directory / name)
        parsed = read_yaml(directory / name, display=display)
        validated, schema_problems = validate_file(parsed, name, display)
        problems += schema_problems
        parsed_files.append(parsed)
        files[name] = validated
    problems += [p for p in check_catalog(*parsed_files) if p.severity == "error"]
    if problems:
        count = len({(p.file, p.where, p.message) for p in problems})
        more = f" ({count - 1} more problem(s))" if count > 1 else ""
        first = problems[0]
        raise DataError(f"{first.message}{more}; run `mlhire validate {directory}`", location=first.location)
    return _catalog(files[ROLES_FILE], files[PATHS_FILE], directory=directory, fingerprint=fingerprint)


def _dates(value: object) -> Iterator[date]:
    """Every figure's `as_of` in a validated file."""
    if isinstance(value, Sourced):
        yield value.as_of
    if dataclasses.is_dataclass(value):
        for entry in dataclasses.fields(value):
            yield from _dates(getattr(value, entry.name))
    elif isinstance(value, tuple):
        for entry in value:
            yield from _dates(entry)
    elif isinstance(value, dict):
        for entry in value.values():
            yield from _dates(entry)


def _catalog(roles: RolesFile, paths: PathsFile, *, directory: Path, fingerprint: str) -> Catalog:
    """One catalog in the paths file's currency: roles in another currency are converted
    at the paths file's rate for it (`checks.check_currency` refuses a file without one)."""
    from .currency import rate_for, rate_text, scale_roles

    role_map = {role.id: role for role in roles.roles}
    notes: tuple[str, ...] = ()
    if roles.currency != paths.currency:
        rate = rate_for(paths.rates, roles.currency, paths.currency)
        role_map = scale_roles(role_map, lambda amount: amount * rate.value)
        title = paths.sources[rate.source].title if rate.source in paths.sources else rate.source
        line = f"Roles: roles.yaml's {roles.currency} amounts converted to {paths.currency} at "
        notes = (line + rate_text(rate, roles.currency, paths.currency, title) + ".",)
    from .countries import employ

    catalog = Catalog(
        currency=paths.currency,
        roles=role_map,
        paths={path.id: path for path in paths.paths},
        role_sources=roles.sources,
        path_sources=paths.sources,
        directory=directory,
        fingerprint=fingerprint,
        as_of=max(_dates((roles, paths))),
        overrides=notes,
        rates=paths.rates,
        countries=paths.countries,
    )
    return employ(catalog)  # each employing path in its default country and engagement


@lru_cache(maxsize=16)
def _load_catalog(directory: Path) -> Catalog:
    from . import cache

    raws = [(name, _read_bytes(directory / name)) for name in DATA_FILES]
    fingerprint = None
    if all(raw is not None for _, raw in raws):
        fingerprint = fingerprint_of([(name, raw) for name, raw in raws if raw is not None])
        cached = cache.load(fingerprint, directory)
        if cached is not None:
            return cached
    catalog = _validated(directory, fingerprint or "")
    if fingerprint is not None:
        cache.store(catalog)
    return catalog


def load_catalog(data_dir: str | os.PathLike[str] | None = None) -> Catalog:
    """Read and validate the data files once per process (cached by directory).

    Validated data is also kept in a cache keyed by the files' sha256 (see
    `cache.py`), so later runs need no YAML parsing or pydantic validation.
    """
    return _load_catalog(resolve_data_dir(data_dir).resolve())
