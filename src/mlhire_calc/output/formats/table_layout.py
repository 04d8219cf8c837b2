"""The page of the table format, laid out as Rich draws a table (loaded only for that format).

The page is laid out here, line by line, in the shape of a Rich table with the
SIMPLE_HEAD box, one space of padding and no outer edge; Rich wraps the text that
needs wrapping and styles the lines on a terminal. Rich's general table engine
measures and re-wraps every cell and was most of `compare`'s run time; this layout
gives the same bytes, less trailing spaces (`tests/test_render_table.py` holds the
two together).

Every line fits the page (80 columns unless COLUMNS says otherwise) and none ends in
a space. A table that is too wide first narrows its gaps, then breaks text after a
hyphen or slash ("22,000-" / "38,000/month"); one still too wide is stacked, a record
per row (`table_records.py`). Figures, dates and ids are never wrapped or cut.
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

from .table_records import records
from .table_wrap import HEAD_RULE, NUMERIC, Line, is_exact, words, wrap

# (spaces between two columns, text may break after a hyphen or slash): each tried in turn
# until the table fits the page; the first gives Rich's own layout
FITS = ((3, False), (2, False), (2, True))
SHORT_TEXT = 16  # a cell this short ("none in 12 mo", "on track") is never wrapped
DEFAULT_WIDTH = 80  # when neither COLUMNS nor a terminal gives one
MIN_WIDTH = 60


def _width() -> int:
    width_env = os.environ.get("COLUMNS") or os.environ.get("TERMINAL_WIDTH")
    width = (
        int(width_env)
        if width_env and width_env.isdigit()
        else shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns
    )
    return max(width, MIN_WIDTH)


def _console(buffer: io.StringIO, to_terminal: bool, width: int) -> Console:
    return Console(
        file=buffer,
        width=width,
        force_terminal=to_terminal,
        no_color=not to_terminal or "NO_COLOR" in os.environ,
        highlight=False,
        soft_wrap=True,  # lines arrive laid out: never wrapped or cropped again
    )


def _column_widths(
    table: Table, texts: list[list[str]], available: int, *, breaks: bool = False
) -> list[int]:
    """Widths that add up to `available` if they can: text columns wrap between words
    (with `breaks`, also after a hyphen or slash), down to their longest word; figures,
    dates and ids are never wrapped or cut. Widths are terminal cells: a CJK character
    takes two."""
    longest, shortest = [], []
    for index, column in enumerate(table.columns):
        cells = [row[index] for row in texts]
        longest.append(max([cell_len(column.header), *map(cell_len, cells)]))
        header_word = max(map(cell_len, words(column.header, breaks)), default=1)  # headers may wrap
        if is_exact(column):
            shortest.append(max([header_word, *map(cell_len, cells)]))
        else:
            pieces = [piece for text in cells for piece in words(text, breaks)]
            short = [cell_len(text) for text in cells if cell_len(text) <= SHORT_TEXT]  # stay whole
            shortest.append(max([header_word, *short, *map(cell_len, pieces)]))
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
    """A titled table: title, header (bottom-aligned), a rule, rows, section gaps; a
    table that cannot fit the page is stacked, a record per row."""
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
    for gap, breaks in FITS:
        frame = gap * (len(columns) - 1)
        widths = _column_widths(table, texts, width - frame, breaks=breaks)
        table_width = frame + sum(widths)
        if table_width <= width:
            break
    else:
        return records(table, texts, width, console)
    justify = ["right" if c.kind in NUMERIC else "left" for c in columns]
    title = text_cell(table.title, spreadsheet=False)
    out: list[Line] = []
    if title:
        out += [[(text, "bold")] for text in wrap(title, width, "default", console)]  # to the page
    header = [
        wrap(c.header, w, j, console, breaks=breaks) for c, w, j in zip(columns, widths, justify, strict=True)
    ]
    out += _row(header, widths, "bold", gap, bottom=True)
    out.append([(HEAD_RULE * table_width, "")])
    for index, cells in enumerate(texts):
        lines = [
            wrap(t, w, j, console, breaks=breaks) for t, w, j in zip(cells, widths, justify, strict=True)
        ]
        out += _row(lines, widths, "bold" if index in table.emphasis else "", gap)
        if index + 1 in table.separators and index + 1 < len(texts):
            out.append([])
    return out


def trimmed(line: Line) -> Line:
    """`line` without the spaces at its end (padding of its last cells)."""
    pieces = list(line)
    while pieces:
        text, style = pieces[-1]
        if text.rstrip():
            pieces[-1] = (text.rstrip(), style)
            break
        pieces.pop()
    return pieces


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
    out = [trimmed(line) for line in out]
    if not to_terminal:
        return "".join("".join(piece for piece, _ in line) + "\n" for line in out)
    page = Text()
    for line in out:
        for piece, style in line:
            page.append(piece, style=style or None)
        page.append("\n")
    console.print(page, end="")
    return buffer.getvalue()
