"""Cells and lines of the table format: which columns are exact, and how text wraps."""

from __future__ import annotations

import re

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from mlhire_calc.output.layout import Column

NUMERIC = ("money", "int", "number", "percent")
EXACT_KEYS = ("path", "id", "role")  # ids: never wrapped, so they can be copied
HEAD_RULE = "─"
# "22,000-38,000/month" breaks after the hyphen: between two figures, never inside an id
BREAK_AFTER = re.compile(r"(?<=\S[-/])(?=\d)")


Line = list[tuple[str, str]]  # (text, Rich style) pieces of one output line


def is_exact(column: Column) -> bool:
    """Figures, dates and ids: never wrapped or cut."""
    return column.kind in NUMERIC or column.kind in ("date", "month") or column.key in EXACT_KEYS


def words(text: str, breaks: bool) -> list[str]:
    """The pieces a line may break between: words, or with `breaks` also after - and /."""
    return [piece for word in text.split() for piece in (BREAK_AFTER.split(word) if breaks else [word])]


def wrap(text: str, width: int, justify: str, console: Console, *, breaks: bool = False) -> list[str]:
    """`text` in lines of at most `width` cells, broken between words (a longer word is
    folded), as Rich wraps it; with `breaks`, also after a hyphen or slash before a
    figure. "left" and "right" also pad every line to `width`."""
    if "\n" not in text and "\t" not in text and cell_len(text) <= width:  # the usual case: one line
        if justify == "left":
            return [text + " " * (width - cell_len(text))]
        if justify == "right":
            stripped = text.rstrip()
            return [" " * (width - cell_len(stripped)) + stripped]
        return [text]
    if breaks:
        lines = [Text(line) for line in _broken(text, width)]
        if justify in ("left", "right"):
            for line in lines:
                line.align(justify, width)  # type: ignore[arg-type]
    else:
        lines = list(Text(text).wrap(console, width, justify=justify, overflow="fold"))  # type: ignore[arg-type]
    return [line.plain for line in lines]


def _broken(text: str, width: int) -> list[str]:
    """`text` filled greedily into lines of `width` cells, broken between words or after
    a hyphen or slash before a figure inside one; a piece wider than a line is folded."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        for number, piece in enumerate(BREAK_AFTER.split(word)):
            joined = line + (" " if line and number == 0 else "") + piece
            if cell_len(joined) <= width:
                line = joined
                continue
            if line:
                lines.append(line)
            while cell_len(piece) > width:  # fold: a piece wider than the line
                cut = 1
                while cell_len(piece[: cut + 1]) <= width:
                    cut += 1
                lines.append(piece[:cut])
                piece = piece[cut:]
            line = piece
    return [*lines, line] if line or not lines else lines
