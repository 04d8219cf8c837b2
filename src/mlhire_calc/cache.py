"""A cache of validated catalogs, keyed by the data files' sha256.

Validating the data files builds pydantic models, which costs more than the rest
of a run together. The validated result depends only on the files' bytes and on
this code, so it is kept as tagged JSON (no pickle: nothing in the cache can run
code) under `$MLHIRE_CACHE_DIR`, `$XDG_CACHE_HOME/mlhire` or `~/.cache/mlhire`.
`MLHIRE_NO_CACHE=1` turns it off. Any problem with the cache (missing, unreadable,
corrupt, unwritable) only means validating again.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import replace
from pathlib import Path

from . import __version__
from .catalog import Catalog, from_json, to_json

FORMAT = "1"
KEEP = 64  # entries; the oldest are removed beyond this
_CODE = ("models.py", "convert.py", "catalog.py", "checks.py", "reader.py", "money.py", "cache.py")


def directory() -> Path | None:
    if os.environ.get("MLHIRE_NO_CACHE"):
        return None
    explicit = os.environ.get("MLHIRE_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "mlhire"


def _code_stamp() -> str:
    """Changes whenever the code that validates and converts the data changes."""
    here = Path(__file__).parent
    parts = [__version__, FORMAT]
    for name in _CODE:
        try:
            stat = (here / name).stat()
            parts.append(f"{name}:{stat.st_size}:{stat.st_mtime_ns}")
        except OSError:
            parts.append(name)
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


def _entry(folder: Path, fingerprint: str) -> Path:
    return folder / f"catalog-{fingerprint[:32]}-{_code_stamp()}.json"


def load(fingerprint: str, data_dir: Path) -> Catalog | None:
    folder = directory()
    if folder is None:
        return None
    try:
        catalog = from_json(_entry(folder, fingerprint).read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if catalog.fingerprint != fingerprint:
        return None
    return replace(catalog, directory=data_dir)


def store(catalog: Catalog) -> None:
    folder = directory()
    if folder is None:
        return
    import tempfile

    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(prefix=".catalog-", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(to_json(catalog))
        os.replace(temporary, _entry(folder, catalog.fingerprint))
        entries = sorted(folder.glob("catalog-*.json"), key=lambda p: p.stat().st_mtime)
        for stale in entries[:-KEEP]:
            stale.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only home or a full disk: run without the cache
