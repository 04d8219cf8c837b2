"""Output on a terminal or pipe that is not UTF-8 (PYTHONIOENCODING=ascii, an old LANG=C).

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
