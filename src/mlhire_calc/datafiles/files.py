"""Reading and writing the user's files: one bounded reader, one atomic writer.

The reader takes regular files only and reads at most `limit + 1` bytes, so a
symlink to /dev/zero or a FIFO can neither exhaust memory nor hang a run. The
writer writes beside the target and renames over it, so a target is either the
old file or the new one, never a part. It never writes through a symbolic link: a
target that is one is refused (`refuse_link`), so `--force` or `-o` cannot clobber
the file a planted link names. Only the last component is checked; a linked folder
on the way (`~/reports -> /mnt/share/reports`) is the user's own choice.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

from mlhire_calc.domain.errors import InputError, MlhireError, UsageError
from mlhire_calc.domain.problems import Location

ROLES_FILE = "roles.yaml"
PATHS_FILE = "paths.yaml"
DATA_FILES = (ROLES_FILE, PATHS_FILE)
SCENARIOS_FILE = "scenarios.yaml"  # optional, beside the data files: named sets of overrides


def named_path(text: str | os.PathLike[str], *, subject: str | None = None) -> Path:
    """A path the user gave; UsageError for an empty one, which `Path` would read as the
    current folder (`data init ''` would write into it, `--data-dir ''` go unseen)."""
    if os.fspath(text) == "":
        raise UsageError("'' is an empty path; name a file or folder", subject=subject)
    return Path(text)


def read_limited(path: Path, *, display: str, limit: int, error: type[MlhireError]) -> bytes:
    """The file's bytes; `error` is located in the file `display` and says what is wrong with it."""
    return b"".join(limited_chunks(path, display=display, limit=limit, error=error))


def limited_chunks(
    path: Path, *, display: str, limit: int, error: type[MlhireError], chunk_bytes: int = 1 << 20
) -> Iterator[bytes]:
    """The file's bytes in chunks of at most `chunk_bytes`, as `read_limited` checks them, so
    a big file is read in memory flat in its size; the error comes when the limit is passed."""
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
        total = os.fstat(fd).st_size
        if total > limit:  # known before a byte is read
            raise error(f"{total:,} bytes is over the {limit:,}-byte limit", location=at)
        size = 0
        while size <= limit:
            chunk = os.read(fd, min(chunk_bytes, limit + 1 - size))
            if not chunk:
                break
            size += len(chunk)
            if size > limit:  # it grew while read
                raise error(f"{size:,} bytes is over the {limit:,}-byte limit", location=at)
            yield chunk
    except OSError as exc:
        raise error(f"cannot read ({exc.strerror or exc})", location=at) from None
    finally:
        os.close(fd)


def refuse_link(target: Path) -> None:
    """InputError when `target` itself is a symbolic link (dangling or not): mlhire never
    writes through one, nor replaces one with a file."""
    if os.path.islink(target):
        raise InputError(
            f"{target} is a symbolic link; mlhire does not write through links "
            "(name the file it points to, or remove the link)"
        )


TEMPORARY = re.compile(r"^\.mlhire-[0-9a-f]{12}\.tmp$")  # the names `replace_atomically` gives
STALE_SECONDS = 60 * 60  # a temporary untouched this long was left by a killed run


def replace_atomically(
    target: Path, data: bytes | Callable[[IO[bytes]], None], *, mode: int | None = None
) -> None:
    """Write `data` (bytes, or a function writing to a binary handle) beside `target`, then rename it over.

    On Linux the bytes go to an unnamed file (`O_TMPFILE`) that gets a name only once it
    is complete, so a run killed outright (SIGKILL, the OOM killer, a power cut) leaves
    nothing behind. Elsewhere, or where the file system has no unnamed files, they go to
    a named `.mlhire-*.tmp` beside the target, removed on any error and on an interrupt or
    a signal at any moment once it exists; one left by a kill is removed by a later write
    to the same folder (`sweep_stale`). An existing `target` keeps its permissions, a new
    one gets `mode` or the umask's default. A `target` that is a symbolic link is refused
    (`refuse_link`); the rename replaces a name, never follows it.
    """
    refuse_link(target)
    folder = target.parent if str(target.parent) else Path(".")
    sweep_stale(folder)
    unnamed = _open_unnamed(folder)
    if unnamed is None:
        _replace_through_named(folder, target, data, mode)
        return
    with os.fdopen(unnamed, "wb") as handle:
        _write(handle, data)
        os.fchmod(handle.fileno(), _mode_for(target, mode))
        _name_and_replace(handle.fileno(), folder, target)


def _write(handle: IO[bytes], data: bytes | Callable[[IO[bytes]], None]) -> None:
    if isinstance(data, bytes):
        handle.write(data)
    else:
        data(handle)
    handle.flush()
    os.fsync(handle.fileno())


def _mode_for(target: Path, mode: int | None) -> int:
    """`mode`, else an existing target's permissions, else the umask's default for a new file."""
    if mode is not None:
        return mode
    if os.path.lexists(target):
        return os.lstat(target).st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _temporary_name(folder: Path) -> Path:
    import secrets

    return folder / f".mlhire-{secrets.token_hex(6)}.tmp"  # short: a long target name still fits


def _open_unnamed(folder: Path) -> int | None:
    """A file in `folder` with no name (Linux `O_TMPFILE`), or None where there is none."""
    flag = getattr(os, "O_TMPFILE", 0)
    if not flag or not os.path.isdir("/proc/self/fd"):  # the name is given through /proc
        return None
    try:
        return os.open(folder, flag | os.O_WRONLY | getattr(os, "O_CLOEXEC", 0), 0o600)
    except OSError:  # a file system without it (EOPNOTSUPP), an old kernel (EISDIR)
        return None


def _name_and_replace(fd: int, folder: Path, target: Path) -> None:
    """Give the complete unnamed file `fd` the name `target`: linked straight to a new
    name, or through a temporary name renamed over an existing file."""
    source = f"/proc/self/fd/{fd}"
    directory = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        if not os.path.lexists(target):
            try:  # linkat(..., AT_SYMLINK_FOLLOW): a dir_fd makes Python call linkat
                os.link(source, target.name, dst_dir_fd=directory, follow_symlinks=True)
                return
            except FileExistsError:
                pass  # created meanwhile: replace it below
        while True:
            temporary = _temporary_name(folder)
            try:
                os.link(source, temporary.name, dst_dir_fd=directory, follow_symlinks=True)
                break
            except FileExistsError:
                continue  # someone else's: never removed
        try:
            os.replace(temporary, target)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
    finally:
        os.close(directory)


def _replace_through_named(
    folder: Path, target: Path, data: bytes | Callable[[IO[bytes]], None], mode: int | None
) -> None:
    """Write to a named temporary, then rename it over `target`; the temporary is removed on
    any error (its name is chosen before it is created, so there is no gap between creating
    it and owning its clean-up)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    while True:
        temporary = _temporary_name(folder)
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
            _write(handle, data)
        os.chmod(temporary, _mode_for(target, mode))
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def sweep_stale(folder: Path, *, older_than: float = STALE_SECONDS) -> None:
    """Remove the temporaries a killed run left in `folder`: only regular files named as
    `replace_atomically` names them, owned by this user, untouched for `older_than` seconds
    (a run still writing one keeps touching it)."""
    import time

    now = time.time()
    uid = os.geteuid() if hasattr(os, "geteuid") else None
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if not TEMPORARY.match(entry.name):
                    continue
                try:
                    info = entry.stat(follow_symlinks=False)
                    owned = uid is None or info.st_uid == uid
                    if stat.S_ISREG(info.st_mode) and owned and now - info.st_mtime > older_than:
                        os.unlink(entry.path)
                except OSError:
                    continue  # gone meanwhile, or not ours to remove
    except OSError:
        pass  # an unreadable folder: the write itself will say what is wrong
