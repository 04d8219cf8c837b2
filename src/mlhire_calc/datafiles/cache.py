"""A cache of validated catalogs, keyed by the data files' sha256.

Validating the data files imports pydantic and builds its validators: about two
fifths of the time of an uncached `mlhire compare`. The validated result depends only
on the files' bytes and on this code, so it is kept as tagged JSON (no pickle:
nothing in the cache can run code) in the per-user cache folder: `$MLHIRE_CACHE_DIR`,
else the system's user cache folder (`user_cache`): `%LOCALAPPDATA%\\mlhire\\Cache` on
Windows, else `$XDG_CACHE_HOME/mlhire`, else `~/Library/Caches/mlhire` on macOS and
`~/.cache/mlhire` on Linux and other Unix systems. `MLHIRE_NO_CACHE=1` turns it off.

The codec is generic: a dataclass of the domain is written as its name and fields,
and only the domain's own classes are made from an entry, so a new field or class
needs no code here.

The cache can only cost time, never change a figure:
- each entry carries the sha256 of its own body, checked on every load;
- the folder is created with mode 0700 and used only while it is a real folder
  (not a symlink) owned by this user and writable by no one else;
- entries are regular files opened without following symlinks, read up to
  MAX_CACHE_BYTES; a larger one, or one nested deeper than the JSON decoder's
  recursion limit, is damage like any other;
- pruning removes only files named by this module's own pattern.
Anything that does not check out is ignored, and rewritten from the YAML.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
import stat
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from mlhire_calc.domain import catalog as domain
from mlhire_calc.domain import figures, hiring
from mlhire_calc.domain.catalog import Catalog
from mlhire_calc.domain.errors import InputError
from mlhire_calc.domain.limits import MAX_CACHE_BYTES
from mlhire_calc.version import __version__

from .environment import is_on
from .files import replace_atomically

FORMAT = "2"
KEEP = 64  # entries; the oldest are removed beyond this
PREFIX = "mlhire-catalog-v2-"
ENTRY = re.compile(r"^mlhire-catalog-v2-[0-9a-f]{32}-[0-9a-f]{16}\.json$")
# Every module of these packages can change what a validated catalog holds: the domain's
# classes and bounds, and the reading, checking and converting of the files.
_CODE = ("domain", "datafiles")


# ---------------------------------------------------------------- the codec

# the domain's own classes, by name: the only ones an entry can name
_CLASSES = {
    name: value
    for module in (domain, figures, hiring)
    for name, value in vars(module).items()
    if isinstance(value, type) and dataclasses.is_dataclass(value) and value.__module__ == module.__name__
}


def _encode(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        body = {f.name: _encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return {"__t": type(value).__name__, **body}
    if isinstance(value, Decimal):
        return {"__d": str(value)}
    if isinstance(value, date):
        return {"__date": value.isoformat()}
    if isinstance(value, Path):
        return {"__path": str(value)}
    if isinstance(value, tuple):
        return {"__tuple": [_encode(entry) for entry in value]}
    if isinstance(value, dict):
        return {"__map": {key: _encode(entry) for key, entry in value.items()}}
    return value


def _decode(obj: dict[str, Any]) -> Any:
    if "__d" in obj:
        return Decimal(obj["__d"])
    if "__date" in obj:
        return date.fromisoformat(obj["__date"])
    if "__path" in obj:
        return Path(obj["__path"])
    if "__tuple" in obj:
        return tuple(obj["__tuple"])
    if "__map" in obj:
        return obj["__map"]
    if "__t" in obj:
        return _CLASSES[obj.pop("__t")](**obj)  # KeyError for any other name
    return obj


def to_json(catalog: Catalog) -> str:
    """The catalog as tagged JSON: each dataclass by its name and fields, Decimals as text."""
    return json.dumps(_encode(catalog), separators=(",", ":"))


def from_json(text: str) -> Catalog:
    catalog = json.loads(text, object_hook=_decode)
    if not isinstance(catalog, Catalog):
        raise ValueError("not a catalog")
    return catalog


# ---------------------------------------------------------------- the folder and its entries


def directory() -> Path | None:
    """The cache folder, or None when the cache is off."""
    if is_on("MLHIRE_NO_CACHE"):
        return None
    explicit = os.environ.get("MLHIRE_CACHE_DIR")
    if explicit:
        return Path(explicit)
    return user_cache("mlhire")


def user_cache(app: str) -> Path:
    """An application's folder in the user's cache, where each system puts it, as
    platformdirs does: %LOCALAPPDATA%\\app\\Cache on Windows; elsewhere
    $XDG_CACHE_HOME/app when that is an absolute path (the XDG Base Directory rule),
    else ~/Library/Caches/app on macOS and ~/.cache/app on Linux and other Unix systems."""
    if sys.platform == "win32":
        local = os.environ.get("LOCALAPPDATA", "").strip()
        return (Path(local) if local else Path.home() / "AppData" / "Local") / app / "Cache"
    xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
    if os.path.isabs(xdg):
        return Path(xdg) / app
    return Path.home() / ("Library/Caches" if sys.platform == "darwin" else ".cache") / app


def code_files() -> list[Path]:
    """The modules whose code the cache's entries depend on (`_CODE`)."""
    here = Path(__file__).parents[1]
    return [path for package in _CODE for path in sorted((here / package).glob("*.py"))]


def _code_stamp() -> str:
    """Changes whenever the code that validates and converts the data changes."""
    parts = [__version__, FORMAT]
    for path in code_files():
        name = f"{path.parent.name}/{path.name}"
        try:
            info = path.stat()
            parts.append(f"{name}:{info.st_size}:{info.st_mtime_ns}")
        except OSError:
            parts.append(name)
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


def _entry(folder: Path, fingerprint: str) -> Path:
    return folder / f"{PREFIX}{fingerprint[:32]}-{_code_stamp()}.json"


def trusted(folder: Path) -> bool:
    """A real folder (no symlink), owned by this user, writable by no one else."""
    try:
        info = os.lstat(folder)
    except OSError:
        return False
    if not stat.S_ISDIR(info.st_mode):
        return False
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        return False
    return not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _read_entry(path: Path) -> str | None:
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_CACHE_BYTES:
            return None
        with os.fdopen(fd, "rb", closefd=False) as handle:
            raw = handle.read(MAX_CACHE_BYTES + 1)
    except OSError:
        return None
    finally:
        os.close(fd)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _seal(body: str) -> str:
    digest = hashlib.sha256(body.encode("utf-8")).hexdigest()
    return json.dumps({"sha256": digest, "catalog": body}, separators=(",", ":"))


def _unseal(text: str) -> str | None:
    """The entry's body if its digest matches, else None."""
    try:
        envelope = json.loads(text)
        body, digest = envelope["catalog"], envelope["sha256"]
    except (ValueError, TypeError, KeyError, RecursionError):  # RecursionError: nesting too deep
        return None
    if not isinstance(body, str) or hashlib.sha256(body.encode("utf-8")).hexdigest() != digest:
        return None
    return body


def load(fingerprint: str, data_dir: Path) -> Catalog | None:
    folder = directory()
    if folder is None or not trusted(folder):
        return None
    text = _read_entry(_entry(folder, fingerprint))
    body = None if text is None else _unseal(text)
    if body is None:
        return None
    try:
        catalog = from_json(body)
    except Exception:  # a sealed entry from other code: only costs a validation
        return None
    if catalog.fingerprint != fingerprint:
        return None
    return dataclasses.replace(catalog, directory=data_dir)


def _prepare(folder: Path) -> bool:
    """Create the folder (mode 0700) if missing; True when it can be trusted."""
    if not os.path.lexists(folder):
        try:
            folder.parent.mkdir(parents=True, exist_ok=True)
            folder.mkdir(mode=0o700)
        except OSError:
            return False
    return trusted(folder)


def store(catalog: Catalog) -> None:
    folder = directory()
    if folder is None or not _prepare(folder):
        return
    try:
        replace_atomically(_entry(folder, catalog.fingerprint), _seal(to_json(catalog)).encode(), mode=0o600)
        entries = []
        for path in folder.iterdir():
            if ENTRY.match(path.name):
                info = os.lstat(path)
                if stat.S_ISREG(info.st_mode):
                    entries.append((info.st_mtime, path))
        for _, stale in sorted(entries)[:-KEEP]:
            stale.unlink(missing_ok=True)
    except (OSError, InputError):
        pass  # a read-only home, a full disk, a link planted at the entry: run without the cache
