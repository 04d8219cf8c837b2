"""The standard streams: closed ones (`>&-`), and a terminal or pipe that is not UTF-8.

A run started with stdout closed (`mlhire compare >&-`; Python then has no
`sys.stdout`) could print nothing it computed: every command stops at once with one
line on stderr and exit 1 (`CLOSED_STDOUT`). A closed stdin or stderr is pointed at
the null device, so no file mlhire opens can take its number; messages to a closed
stderr are dropped, and the exit code still says how the run went.

Output on a terminal or pipe that is not UTF-8 (PYTHONIOENCODING=ascii, an old LANG=C).

Views and tables use a few characters beyond ASCII: the † that marks estimates, box
rules, arrows, dashes. Where stdout or stderr cannot encode them, each is written as
its ASCII stand-in (* for †, - and | for rules) and anything else as `?`, instead of
ending the run with a UnicodeEncodeError. Files written with --output stay UTF-8.
"""

from __future__ import annotations

import codecs
import os
import sys
from typing import TextIO

ERRORS = "mlhire-ascii"
STAND_INS = {
    "†": "*",
    "–": "-",  # en dash
    "—": "-",  # em dash
    "→": "->",
    "…": "...",
    "×": "x",
    "─": "-",
    "━": "-",
    "│": "|",
    "┃": "|",
    "═": "=",
    "║": "|",
    "•": "*",
    "‘": "'",
    "’": "'",
    "“": '"',
    "”": '"',
    "\u00a0": " ",
}
_PROBE = "".join(STAND_INS)


def _stand_in(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    text = error.object[error.start : error.end]
    return "".join(STAND_INS.get(char, "?") for char in text), error.end


codecs.register_error(ERRORS, _stand_in)


def needs_stand_ins(stream: TextIO) -> bool:
    """Whether `stream`'s encoding cannot write mlhire's non-ASCII characters."""
    try:
        _PROBE.encode(getattr(stream, "encoding", None) or "utf-8")
    except (UnicodeEncodeError, LookupError):
        return True
    return False


def say(line: str, *, err: bool = False) -> None:
    """One line of mlhire's own on stdout (or stderr), with any text from outside in it (a
    file or folder name) shown escaped: no control character reaches the terminal."""
    import typer

    from mlhire_calc.output.escape import terminal_line

    typer.echo(terminal_line(line), err=err)


def warn(message: str) -> None:
    """`mlhire: warning: MESSAGE` on stderr, as one line."""
    say(f"mlhire: warning: {message}", err=True)


def fit_text_streams() -> None:
    """Let stdout and stderr write ASCII stand-ins for what their encoding lacks."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and needs_stand_ins(stream):
            reconfigure(errors=ERRORS)


def silence_stdout() -> None:
    """Point stdout at the null device, so output still buffered is dropped without an error at exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


CLOSED_STDOUT = (
    "standard output is closed (>&-): nothing could be printed; "
    "to discard the output, redirect it to /dev/null"
)


def _is_open(fd: int) -> bool:
    try:
        os.fstat(fd)
    except OSError:
        return False
    return True


def _null_on(fd: int, mode: int) -> None:
    """Open the null device as file descriptor `fd` (closed until now)."""
    null = os.open(os.devnull, mode)
    if null != fd:
        os.dup2(null, fd)
        os.close(null)


def open_standard_streams() -> bool:
    """Whether stdout is open; a closed stdin or stderr becomes the null device first.

    Checked on the file descriptors, not only on `sys.stdout` (None when Python found
    the descriptor closed at start-up), and before anything else is opened.
    """
    if not _is_open(0):
        _null_on(0, os.O_RDONLY)
        sys.stdin = open(0, encoding="utf-8", closefd=False)  # noqa: SIM115 - lives as long as the process
    if not _is_open(2):
        _null_on(2, os.O_WRONLY)
        sys.stderr = open(2, "w", encoding="utf-8", errors=ERRORS, closefd=False)  # noqa: SIM115 - as above
    return sys.stdout is not None and _is_open(1)
