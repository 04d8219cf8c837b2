"""Reading and writing the user's files: one bounded reader, one atomic writer.

The reader takes regular files only and reads at most `limit + 1` bytes, so a
symlink to /dev/zero or a FIFO can neither exhaust memory nor hang a run. The
writer writes beside the target and renames over it, so a target is either the
old file or the new one, never a part.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import IO

from mlhire_calc.domain.errors import MlhireError
from mlhire_calc.domain.problems import Location

ROLES_FILE = "roles.yaml"
PATHS_FILE = "paths.yaml"
DATA_FILES = (ROLES_FILE, PATHS_FILE)
SCENARIOS_FILE = "scenarios.yaml"  # optional, beside the data files: named sets of overrides


def read_limited(path: Path, *, display: str, limit: int, error: type[MlhireError]) -> bytes:
    """The file's bytes; `error` is located in the file `display` and says what is wrong with it."""
    at = Location(display)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise error("no such file", location=at) from None
    except PermissionError:
        raise error("permission denied", location=at) from None
    except IsADirectoryError:
        raise error("is a directory, expected a file", location=at) from None
    except OSError as exc:
        raise error(f"cannot read ({exc.strerror or exc})", location=at) from None
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise error("is a directory, expected a file", location=at)
        if not stat.S_ISREG(mode):
            raise error("not a regular file (a device, pipe or socket)", location=at)
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:
            total = os.fstat(fd).st_size
            raise error(f"{max(total, size):,} bytes is over the {limit:,}-byte limit", location=at)
        return b"".join(chunks)
    except OSError as exc:
        raise error(f"cannot read ({exc.strerror or exc})", location=at) from None
    finally:
        os.close(fd)


def replace_atomically(
    target: Path, data: bytes | Callable[[IO[bytes]], None], *, mode: int | None = None
) -> None:
    """Write `data` (bytes, or a function writing to a binary handle) beside `target`, then rename it over.

    The temporary file is removed on any error, and on an interrupt or a signal at any
    moment once it exists (its name is chosen before it is created, so there is no gap
    between creating it and owning its clean-up); an existing `target` keeps its
    permissions, a new one gets `mode` or the umask's default. The temporary name is
    short, so a long target name still fits the file system's limit.
    """
    import secrets

    folder = target.parent if str(target.parent) else Path(".")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    while True:
        temporary = folder / f".mlhire-{secrets.token_hex(6)}.tmp"
        try:
            fd = os.open(temporary, flags, 0o600)
            break
        except FileExistsError:
            continue  # someone else's: never removed
        except BaseException:
            with contextlib.suppress(OSError):
                temporary.unlink(missing_ok=True)  # an interrupt just after os.open created it
            raise
    try:
        with os.fdopen(fd, "wb") as handle:
            if isinstance(data, bytes):
                handle.write(data)
            else:
                data(handle)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is None:
            if target.exists():
                mode = target.stat().st_mode & 0o777
            else:
                umask = os.umask(0)
                os.umask(umask)
                mode = 0o666 & ~umask
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
