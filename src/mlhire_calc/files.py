"""Read a user's file (data file or plan) with a size limit and one-line errors."""

from __future__ import annotations

from pathlib import Path

from .errors import MlhireError
from .problems import Location

ROLES_FILE = "roles.yaml"
PATHS_FILE = "paths.yaml"
DATA_FILES = (ROLES_FILE, PATHS_FILE)


def read_limited(path: Path, *, display: str, limit: int, error: type[MlhireError]) -> bytes:
    """The file's bytes; `error` is located in the file `display` and says what is wrong with it."""
    at = Location(display)
    try:
        if path.is_dir():
            raise error("is a directory, expected a file", location=at)
        size = path.stat().st_size
        if size > limit:
            raise error(f"{size:,} bytes is over the {limit:,}-byte limit", location=at)
        return path.read_bytes()
    except FileNotFoundError:
        raise error("no such file", location=at) from None
    except PermissionError:
        raise error("permission denied", location=at) from None
    except OSError as exc:
        raise error(f"cannot read ({exc.strerror or exc})", location=at) from None
