"""The page of the table format, laid out as Rich draws a table (loaded only for that format).

The page is laid out here, line by line, in the shape of a Rich table with the
SIMPLE_HEAD box, one space of padding and no outer edge; Rich wraps the text that
needs wrapping and styles the lines on a terminal. Rich's general table engine
measures and re-wraps every cell and was most of `compare`'s run time; this layout
gives the same bytes (`tests/test_render_table.py` holds the two together).
"""

from __future__ import annotations

import io
import os
import shutil
from collections.abc import Sequence

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from mlhire_calc.output.layout import Report, Table, cell_text, text_cell

NUMERIC = ("money", "int", "number", "percent")
HEAD_RULE = "─"
GAPS = (3, 2)  # spaces between two columns; the narrower only where the wider overflows the page

Line = list[tuple[str, str]]  # (text, Rich style) pieces of one output line


def _width() -> int:
    width_env = os.environ.get("COLUMNS") or os.environ.get("TERMINAL_WIDTH")
    width = (
        int(width_env) if width_env and width_env.isdigit() else shutil.get_terminal_size((100, 24)).columns
    )
    return max(width, 60)


def _console(buffer: io.StringIO, to_terminal: bool, width: int) -> Console:
    return Console(
        file=buffer,
        width=width,
        force_terminal=to_terminal,
        no_color=not to_terminal or "NO_COLOR" in os.environ,
        highlight=False,
        soft_wrap=True,  # lines arrive laid out: never wrapped or cropped again
    )


def _column_widths(table: Table, texts: list[list[str]], available: int) -> list[int]:
    """Widths that add up to `available` if they can: text columns wrap between words,
    down to their longest word; figures, dates and ids are never wrapped or cut.
    Widths are terminal cells: a CJK character takes two."""
    longest, shortest = [], []
    for index, column in enumerate(table.columns):
        cells = [row[index] for row in texts]
        longest.append(max([cell_len(column.header), *map(cell_len, cells)]))
        exact = column.kind in NUMERIC or column.kind == "date" or column.key in ("path", "id")
        header_word = max(map(cell_len, column.header.split()), default=1)  # headers may wrap
        if exact:
            shortest.append(max([header_word, *map(cell_len, cells)]))
        else:
            words = [word for text in cells for word in text.split()]
            short_text = min(max(map(cell_len, cells), default=0), 12)  # short labels ("on track") stay whole
            shortest.append(max([header_word, short_text, *map(cell_len, words)]))
    excess = sum(longest) - available
    widths = list(longest)
    while excess > 0:
        slack = [w - s for w, s in zip(widths, shortest, strict=True)]
        if max(slack) <= 0:
            break
        widest = max(range(len(widths)), key=lambda i: (slack[i] > 0, widths[i]))
        widths[widest] -= 1
        excess -= 1
    return widths


def wrap(text: str, width: int, justify: str, console: Console) -> list[str]:
    """`text` in lines of at most `width` cells, broken between words (a longer word is
    folded), as Rich wraps it; "left" and "right" also pad every line to `width`."""
    if "\n" not in text and "\t" not in text and cell_len(text) <= width:  # the usual case: one line
        if justify == "left":
            return [text + " " * (width - cell_len(text))]
        if justify == "right":
            stripped = text.rstrip()
            return [" " * (width - cell_len(stripped)) + stripped]
        return [text]
    lines = Text(text).wrap(console, width, justify=justify, overflow="fold")  # type: ignore[arg-type]
    return [line.plain for line in lines]


def _row(
    cells: Sequence[list[str]], widths: Sequence[int], style: str, gap: int, *, bottom: bool = False
) -> list[Line]:
    """One table row: each cell's lines padded to its column, aligned top (or bottom).

    Between two columns: a space of padding on each side of a space (`gap` 3), or the
    left one only (`gap` 2), as Rich draws padding (0, 1) or (0, 0, 0, 1) without edges.
    """
    height = max(len(lines) for lines in cells)
    last = len(widths) - 1
    out: list[Line] = []
    for number in range(height):
        line: Line = []
        for index, (lines, width) in enumerate(zip(cells, widths, strict=True)):
            offset = height - len(lines) if bottom else 0
            text = lines[number - offset] if 0 <= number - offset < len(lines) else " " * width
            left = "" if index == 0 else " "
            right = "" if index == last or gap < 3 else " "
            line.append((left + text + right, style))
            if index != last:
                line.append((" ", ""))
        out.append(line)
    return out


def _table(table: Table, width: int, console: Console) -> list[Line]:
    """A titled table: title, header (bottom-aligned), a rule, rows, section gaps."""
    columns = table.columns
    # Text cells escaped as in every format: nothing from a data file or plan moves the cursor.
    texts = [
        [
            text_cell(cell_text(table.value(row, c.key), c.kind, human=True), spreadsheet=False)
            if c.kind == "text"
            else cell_text(table.value(row, c.key), c.kind, human=True)
            for c in columns
        ]
        for row in table.rows
    ]
    for gap in GAPS:
        frame = gap * (len(columns) - 1)
        widths = _column_widths(table, texts, width - frame)
        table_width = frame + sum(widths)  # wider than the terminal rather than cut a figure
        if table_width <= width:
            break
    justify = ["right" if c.kind in NUMERIC else "left" for c in columns]
    title = text_cell(table.title, spreadsheet=False)
    out: list[Line] = []
    if title:
        out += [[(text, "bold")] for text in wrap(title, table_width, "left", console)]
    header = [wrap(c.header, w, j, console) for c, w, j in zip(columns, widths, justify, strict=True)]
    out += _row(header, widths, "bold", gap, bottom=True)
    out.append([(HEAD_RULE * table_width, "")])
    for index, cells in enumerate(texts):
        lines = [wrap(t, w, j, console) for t, w, j in zip(cells, widths, justify, strict=True)]
        out += _row(lines, widths, "bold" if index in table.emphasis else "", gap)
        if index + 1 in table.separators and index + 1 < len(texts):
            out.append([(" " * table_width, "")])
    return out


def _paragraph(text: str, width: int, style: str, console: Console) -> list[Line]:
    """A line of prose (headline, chart line, note) wrapped to the page, in one style."""
    return [[(line, style)] for line in wrap(text_cell(text, spreadsheet=False), width, "default", console)]


def render_rich(report: Report, *, to_terminal: bool) -> str:
    buffer = io.StringIO()
    width = _width()
    console = _console(buffer, to_terminal, width)
    out: list[Line] = []
    headline = report.headline
    for text in headline:
        out += _paragraph(text, width, "bold", console)
    if headline:
        out.append([])
    chart = report.chart
    if chart is not None:
        styles = {"on_track": "green", "at_risk": "yellow", "misses": "red"}
        for text, status in chart.lines(width):
            out += _paragraph(text, width, styles.get(status, ""), console)
        out.append([])
    for table in report.tables:
        out += _table(table, width, console)
        out.append([])
    for text in report.notes:
        out += _paragraph(text, width, "dim", console)
    if not to_terminal:
        return "".join("".join(piece for piece, _ in line) + "\n" for line in out)
    page = Text()
    for line in out:
        for piece, style in line:
            page.append(piece, style=style or None)
        page.append("\n")
    console.print(page, end="")
    return buffer.getvalue()
