"""Where output goes: `--output` checked before any work, then written atomically.

A file is written beside its target and renamed over it, so a reader sees the old
file or the new one, never a part; a device or pipe (`/dev/stdout`, a FIFO) is
written in place.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from pathlib import Path
from typing import IO

from mlhire_calc.datafiles.files import refuse_link, replace_atomically
from mlhire_calc.domain.errors import InputError

Content = str | bytes | Callable[[IO[str]], None]  # text, bytes, or a writer of text


def _is_special(path: Path) -> bool:
    """A device or pipe (`/dev/stdout`, a FIFO): written in place, never renamed over."""
    return path.exists() and not path.is_file() and not path.is_dir()


def check_output_path(output: Path) -> None:
    """Fail before any work when `--output` cannot be written."""
    if output.is_dir():
        raise InputError(f"{output} is a directory", subject="output")
    if _is_special(output):
        return
    refuse_link(output)
    parent = output.parent if str(output.parent) else Path(".")
    if not parent.is_dir():
        raise InputError(f"folder {parent} does not exist", subject="output")
    if not os.access(parent, os.W_OK):
        raise InputError(f"folder {parent} is not writable", subject="output")


def _write_content(handle: IO[bytes], content: Content) -> None:
    if isinstance(content, str):
        handle.write(content.encode("utf-8"))
    elif isinstance(content, bytes):
        handle.write(content)
    else:
        text = io.TextIOWrapper(handle, encoding="utf-8", newline="")
        content(text)
        text.flush()
        text.detach()  # the caller closes `handle`


def write_atomic(output: Path, content: Content) -> None:
    """Write to a temporary file beside `output`, then rename over it.

    On any error the temporary file is removed and an existing `output` is untouched.
    A symbolic link is refused, never written through; a device or pipe such as
    /dev/stdout is written directly. `content` may be a function that writes the text
    bit by bit, so a large export never sits in memory whole.
    """
    check_output_path(output)
    try:
        if _is_special(output):
            with open(output, "wb") as handle:
                _write_content(handle, content)
        else:
            replace_atomically(output, lambda handle: _write_content(handle, content))
    except OSError as exc:
        raise InputError(f"cannot write {output}: {exc.strerror or exc}", subject="output") from None
