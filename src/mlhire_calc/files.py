"""Read a user's file (data file or plan) with a size limit and one-line errors."""

from __future__ import annotations

from pathlib import Path

from .errors import MlhireError


def read_limited(path: Path, *, display: str, limit: int, error: type[MlhireError]) -> bytes:
    """The file's bytes; `error` names the file and what is wrong with it."""
    try:
        if path.is_dir():
            raise error(f"{display}: is a directory, expected a file")
        size = path.stat().st_size
        if size > limit:
            raise error(f"{display}: {size:,} bytes is over the {limit:,}-byte limit")
        return path.read_bytes()
    except FileNotFoundError:
        raise error(f"{display}: no such file") from None
    except PermissionError:
        raise error(f"{display}: permission denied") from None
    except OSError as exc:
        raise error(f"{display}: cannot read ({exc.strerror or exc})") from None
