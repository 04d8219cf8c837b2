"""A cache of validated catalogs, keyed by the data files' sha256.

Validating the data files builds pydantic models, which costs more than the rest
of a run together. The validated result depends only on the files' bytes and on
this code, so it is kept as tagged JSON (no pickle: nothing in the cache can run
code) in the per-user cache folder: `$MLHIRE_CACHE_DIR`, else platformdirs'
user cache dir (`~/.cache/mlhire` on Linux, `~/Library/Caches/mlhire` on macOS,
`%LOCALAPPDATA%\\mlhire\\Cache` on Windows). `MLHIRE_NO_CACHE=1` turns it off.

The cache can only cost time, never change a figure:
- each entry carries the sha256 of its own body, checked on every load;
- the folder is created with mode 0700 and used only while it is a real folder
  (not a symlink) owned by this user and writable by no one else;
- entries are regular files opened without following symlinks;
- pruning removes only files named by this module's own pattern.
Anything that does not check out is ignored, and rewritten from the YAML.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
from dataclasses import replace
from pathlib import Path

from mlhire_calc.domain.catalog import Catalog, from_json, to_json
from mlhire_calc.domain.errors import InputError
from mlhire_calc.version import __version__

from .environment import is_on
from .files import replace_atomically

FORMAT = "2"
KEEP = 64  # entries; the oldest are removed beyond this
MAX_ENTRY_BYTES = 8 * 1024 * 1024
PREFIX = "mlhire-catalog-v2-"
ENTRY = re.compile(r"^mlhire-catalog-v2-[0-9a-f]{32}-[0-9a-f]{16}\.json$")
_CODE = (
    "datafiles/models.py",
    "datafiles/convert.py",
    "domain/catalog.py",
    "datafiles/checks.py",
    "datafiles/reader.py",
    "domain/money.py",
    "datafiles/cache.py",
)


def directory() -> Path | None:
    """The cache folder, or None when the cache is off."""
    if is_on("MLHIRE_NO_CACHE"):
        return None
    explicit = os.environ.get("MLHIRE_CACHE_DIR")
    if explicit:
        return Path(explicit)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("mlhire", appauthor=False))


def _code_stamp() -> str:
    """Changes whenever the code that validates and converts the data changes."""
    here = Path(__file__).parents[1]
    parts = [__version__, FORMAT]
    for name in _CODE:
        try:
            info = (here / name).stat()
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
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_ENTRY_BYTES:
            return None
        with os.fdopen(fd, "rb", closefd=False) as handle:
            raw = handle.read(MAX_ENTRY_BYTES + 1)
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
    except (ValueError, TypeError, KeyError):
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
    return replace(catalog, directory=data_dir)


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
