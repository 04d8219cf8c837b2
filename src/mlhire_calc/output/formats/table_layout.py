"""The page of the table format, laid out as Rich draws a table (loaded only for that format).

The page is laid out here, line by line, in the shape of a Rich table with the
SIMPLE_HEAD box, one space of padding and no outer edge, its text broken where Rich
breaks it, and on a terminal styled with the codes Rich's Console writes. Rich's
table engine, Text and Console would measure and re-wrap every cell and take most of
`compare`'s run and start-up; this layout gives the same bytes, less trailing spaces,
with only Rich's cell widths and line breaking loaded (`tests/test_render_table.py`
holds the two together).

Every line fits the page (80 columns unless COLUMNS says otherwise) and none ends in
a space. A table that is too wide first narrows its gaps, then breaks text after a
hyphen or slash before a figure ("22,000-" / "38,000/month"). One still too wide is
split into tables of the same rows, each with the columns that name a row, if it is a
table of figures; a table of prose is stacked, a record per row (`table_records.py`).
Figures, dates and ids are never wrapped or cut.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable, Sequence

from rich.cells import cell_len

from mlhire_calc.output.layout import Report, Table, cell_text, text_cell

from .table_records import records
from .table_wrap import EXACT_KEYS, HEAD_RULE, NUMERIC, Line, is_exact, words, wrap

# (spaces between two columns, text may break after a hyphen or slash before a figure):
# each tried in turn until the table fits the page; the first gives Rich's own layout
FITS = ((3, False), (2, False), (2, True), (1, True))
SHORT_TEXT = 16  # a cell this short ("none in 12 mo", "on track") is never wrapped
PROSE = 3  # a column with a cell of more words is prose: a table of it is stacked, not split
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


# The Select Graphic Rendition codes of the styles a page uses, as Rich writes them.
SGR = {"bold": "1", "dim": "2", "red": "31", "green": "32", "yellow": "33"}
COLOURS = ("red", "green", "yellow")


def _styled(lines: list[Line]) -> str:
    """The page for a terminal: each styled piece between its SGR code and a reset, as
    Rich's Console writes it; colours are left out with NO_COLOR, and every style on a
    terminal that shows none (TERM=dumb)."""
    if os.environ.get("TERM", "").lower() in ("dumb", "unknown"):  # as Rich reads it
        return _plain(lines)
    no_color = os.environ.get("NO_COLOR", "") != ""  # no-color.org: set and not empty
    out = []
    for line in lines:
        for piece, style in line:
            plain = not style or not piece or (no_color and style in COLOURS)
            out.append(piece if plain else f"\x1b[{SGR[style]}m{piece}\x1b[0m")
        out.append("\n")
    return "".join(out)


def _plain(lines: list[Line]) -> str:
    return "".join("".join(piece for piece, _ in line) + "\n" for line in lines)


def _column_widths(
    table: Table, texts: list[list[str]], available: int, *, breaks: bool = False
) -> list[int]:
    """Widths that add up to `available` if they can: text columns wrap between words
    (with `breaks`, also after a hyphen or slash before a figure), down to their longest
    word; figures, dates and ids are never wrapped or cut. Widths are terminal cells: a
    CJK character takes two."""
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
    left one only (`gap` 2), as Rich draws padding (0, 1) or (0, 0, 0, 1) without edges;
    or the one space alone (`gap` 1), the last resort before splitting the table.
    """
    height = max(len(lines) for lines in cells)
    last = len(widths) - 1
    out: list[Line] = []
    for number in range(height):
        line: Line = []
        for index, (lines, width) in enumerate(zip(cells, widths, strict=True)):
            offset = height - len(lines) if bottom else 0
            text = lines[number - offset] if 0 <= number - offset < len(lines) else " " * width
            left = "" if index == 0 or gap < 2 else " "
            right = "" if index == last or gap < 3 else " "
            line.append((left + text + right, style))
            if index != last:
                line.append((" ", ""))
        out.append(line)
    return out


def _table(table: Table, width: int) -> list[Line]:
    """A titled table; one that cannot fit the page is split (a table of figures) or
    stacked, a record per row (a table of prose)."""
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
    fit = _fit(table, texts, width, tight=not _prose(table, texts, range(len(columns))))
    if fit is not None:
        return _draw(table, texts, width, fit)
    parts = _parts(table, texts, width)
    if parts is None:
        return records(table, texts, width)
    out: list[Line] = []
    for part, part_texts, part_fit in parts:
        out += ([[]] if out else []) + _draw(part, part_texts, width, part_fit)
    return out


Fit = tuple[int, bool, list[int]]  # the gap between columns, breaks after hyphens, the widths


def _fit(table: Table, texts: list[list[str]], width: int, *, tight: bool = True) -> Fit | None:
    """The first way of `FITS` the table fits the page in, or None; the last, one space
    between columns, only if `tight` (a table of figures: prose reads better stacked)."""
    for gap, breaks in FITS if tight else FITS[:-1]:
        frame = gap * (len(table.columns) - 1)
        widths = _column_widths(table, texts, width - frame, breaks=breaks)
        if frame + sum(widths) <= width:
            return gap, breaks, widths
    return None


def _parts(
    table: Table, texts: list[list[str]], width: int
) -> list[tuple[Table, list[list[str]], Fit]] | None:
    """A table of figures too wide for the page as tables of the same rows, each with the
    columns that name a row (up to its first id, or its first text) and a share of the
    others: as few parts as fit, of even sizes where they fit; None for a table of prose
    (see `_prose`), stacked instead."""
    columns = table.columns
    first_id = (index for index, column in enumerate(columns) if column.key in EXACT_KEYS)
    first_text = (index for index, column in enumerate(columns) if column.kind not in NUMERIC)
    keys = next(first_id, next(first_text, 0)) + 1
    others = range(keys, len(columns))
    if not others or _prose(table, texts, others):
        return None

    def part(chosen: list[int], first: bool) -> tuple[Table, list[list[str]], Fit | None]:
        picked = [*range(keys), *chosen]
        title = table.title if first else "(continued)"
        sub = Table(title, [columns[i] for i in picked], [], table.emphasis, table.separators)
        sub_texts = [[row[i] for i in picked] for row in texts]
        return sub, sub_texts, _fit(sub, sub_texts, width, tight=False)  # parts keep gaps of 2

    groups: list[list[int]] = [[]]
    for index in others:
        if part([*groups[-1], index], len(groups) == 1)[2] is not None:
            groups[-1].append(index)
        elif not groups[-1]:
            return None  # a row's name and one more column are too wide: stacked instead
        else:
            groups.append([index])
    even = _even(list(others), len(groups))  # as many parts, of even sizes, if they fit
    made = [part(group, number == 0) for number, group in enumerate(even)]
    if any(fit is None for _, _, fit in made):
        made = [part(group, number == 0) for number, group in enumerate(groups)]
    if any(fit is None for _, _, fit in made):
        return None
    return [(sub, sub_texts, fit) for sub, sub_texts, fit in made if fit is not None]


def _even(items: list[int], count: int) -> list[list[int]]:
    """`items` in `count` runs whose sizes differ by one at most, the longer ones first."""
    size, extra = divmod(len(items), count)
    runs, start = [], 0
    for number in range(count):
        end = start + size + (number < extra)
        runs.append(items[start:end])
        start = end
    return runs


def _prose(table: Table, texts: list[list[str]], indices: Iterable[int]) -> bool:
    """Whether any of these columns is prose: text with a cell of more than `PROSE` words."""
    return any(
        not is_exact(table.columns[index]) and any(len(row[index].split()) > PROSE for row in texts)
        for index in indices
    )


def _draw(table: Table, texts: list[list[str]], width: int, fit: Fit) -> list[Line]:
    """A titled table laid out as `fit` says: title, header (bottom-aligned), a rule, rows, section gaps."""
    gap, breaks, widths = fit
    columns = table.columns
    table_width = gap * (len(columns) - 1) + sum(widths)
    justify = ["right" if c.kind in NUMERIC else "left" for c in columns]
    title = text_cell(table.title, spreadsheet=False)
    out: list[Line] = []
    if title:
        out += [[(text, "bold")] for text in wrap(title, width, "default")]  # to the page
    header = [wrap(c.header, w, j, breaks=breaks) for c, w, j in zip(columns, widths, justify, strict=True)]
    out += _row(header, widths, "bold", gap, bottom=True)
    out.append([(HEAD_RULE * table_width, "")])
    for index, cells in enumerate(texts):
        lines = [wrap(t, w, j, breaks=breaks) for t, w, j in zip(cells, widths, justify, strict=True)]
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


def _paragraph(text: str, width: int, style: str) -> list[Line]:
    """A line of prose (headline, chart line, note) wrapped to the page, in one style."""
    return [[(line, style)] for line in wrap(text_cell(text, spreadsheet=False), width, "default")]


def render_page(report: Report, *, to_terminal: bool) -> str:
    width = _width()
    out: list[Line] = []
    headline = report.headline
    for text in headline:
        out += _paragraph(text, width, "bold")
    if headline:
        out.append([])
    chart = report.chart
    if chart is not None:
        styles = {"on_track": "green", "at_risk": "yellow", "misses": "red"}
        for text, status in chart.lines(width):
            out += _paragraph(text, width, styles.get(status, ""))
        out.append([])
    for table in report.tables:
        out += _table(table, width)
        out.append([])
    for text in report.notes:
        out += _paragraph(text, width, "dim")
    out = [trimmed(line) for line in out]
    return _styled(out) if to_terminal else _plain(out)
