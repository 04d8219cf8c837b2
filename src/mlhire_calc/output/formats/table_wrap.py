"""Cells and lines of the table format: which columns are exact, and how text wraps."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, cast

from rich._wrap import divide_line  # the line breaking of Rich's Text.wrap, without Text
from rich.cells import cell_len, set_cell_size

from mlhire_calc.output.layout import Column

if TYPE_CHECKING:
    from rich.console import Console

NUMERIC = ("money", "int", "number", "percent")
EXACT_KEYS = ("path", "id", "role")  # ids: never wrapped, so they can be copied
HEAD_RULE = "─"
# "22,000-38,000/month" breaks after the hyphen: between two figures, never inside an id
BREAK_AFTER = re.compile(r"(?<=\S[-/])(?=\d)")


Line = list[tuple[str, str]]  # (text, Rich style) pieces of one output line
# Rich's Text.wrap asks for a console, which only "full" justification would use; these
# lines are justified left, right or not at all.
NO_CONSOLE = cast("Console", None)


def is_exact(column: Column) -> bool:
    """Figures, dates and ids: never wrapped or cut."""
    return column.kind in NUMERIC or column.kind in ("date", "month") or column.key in EXACT_KEYS


def words(text: str, breaks: bool) -> list[str]:
    """The pieces a line may break between: words, or with `breaks` also after - and /."""
    return [piece for word in text.split() for piece in (BREAK_AFTER.split(word) if breaks else [word])]


def wrap(text: str, width: int, justify: str, *, breaks: bool = False) -> list[str]:
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
    if breaks:  # between words, whatever the whitespace, and after a hyphen or slash
        return [_pad(line, width, justify) for line in _broken(text, width)]
    if "\n" in text or "\t" in text:  # a tab (an escaped cell keeps it): Rich expands it
        from rich.text import Text

        return [line.plain for line in Text(text).wrap(NO_CONSOLE, width, justify=justify, overflow="fold")]  # type: ignore[arg-type]
    return [_pad(line, width, justify) for line in _divided(text, width, right=justify == "right")]


def _divided(text: str, width: int, *, right: bool) -> list[str]:
    """One line of text broken where Rich's `Text.wrap` breaks it (`divide_line`, with
    folding): whitespace that would pass the width is dropped, a line to be right-aligned
    loses its trailing whitespace, and a line still too wide is cut to the width."""
    offsets = divide_line(text, width, fold=True)
    lines = []
    for start, end in zip([0, *offsets], [*offsets, len(text)], strict=True):
        line = text[start:end]
        if len(line) > width:
            trailing = len(line) - len(line.rstrip())
            line = line[: len(line) - min(trailing, len(line) - width)]
        if right:
            line = line.rstrip()
        lines.append(set_cell_size(line, width) if cell_len(line) > width else line)
    return lines


def _pad(line: str, width: int, justify: str) -> str:
    """`line` cut to `width` cells if wider (a wide character in a one-cell line), then
    padded on the right ("left") or the left ("right"), as Rich's Text.align does."""
    if cell_len(line) > width:
        line = set_cell_size(line, width)
    if justify == "left":
        return line + " " * (width - cell_len(line))
    if justify == "right":
        return " " * (width - cell_len(line)) + line
    return line


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
