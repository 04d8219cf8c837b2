"""The Rich table view of a Report (imported only when `--format table` is used)."""

from __future__ import annotations

import io
import os
import shutil

from rich import box
from rich.console import Console
from rich.table import Table as RichTable
from rich.text import Text

from .layout import Report, Table, cell_text, text_cell

NUMERIC = ("money", "int", "number", "percent")


def _console(buffer: io.StringIO, to_terminal: bool) -> Console:
    width_env = os.environ.get("COLUMNS") or os.environ.get("TERMINAL_WIDTH")
    width = (
        int(width_env) if width_env and width_env.isdigit() else shutil.get_terminal_size((100, 24)).columns
    )
    return Console(
        file=buffer,
        width=max(width, 60),
        force_terminal=to_terminal,
        no_color=not to_terminal or "NO_COLOR" in os.environ,
        highlight=False,
        soft_wrap=False,
    )


def _column_widths(table: Table, texts: list[list[str]], available: int) -> list[int]:
    """Widths that add up to `available` if they can: text columns wrap between words,
    down to their longest word; figures, dates and ids are never wrapped or cut."""
    longest, shortest = [], []
    for index, column in enumerate(table.columns):
        cells = [row[index] for row in texts]
        longest.append(max([len(column.header), *map(len, cells)]))
        exact = column.kind in NUMERIC or column.kind == "date" or column.key in ("path", "id")
        header_word = max(map(len, column.header.split()), default=1)  # headers may wrap
        if exact:
            shortest.append(max([header_word, *map(len, cells)]))
        else:
            words = [word for text in cells for word in text.split()]
            short_text = min(max(map(len, cells), default=0), 12)  # short labels ("on track") stay whole
            shortest.append(max([header_word, short_text, *map(len, words)]))
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


def render_rich(report: Report, *, to_terminal: bool) -> str:
    buffer = io.StringIO()
    console = _console(buffer, to_terminal)
    width = console.width
    headline = report.headline
    for line in headline:
        console.print(Text(text_cell(line, spreadsheet=False), style="bold"))
    if headline:
        console.print()
    chart = report.chart
    if chart is not None:
        styles = {"on_track": "green", "at_risk": "yellow", "misses": "red"}
        for text, status in chart.lines(width):
            console.print(Text(text_cell(text, spreadsheet=False), style=styles.get(status, "")))
        console.print()
    for table in report.tables:
        rich_table = RichTable(
            title=Text(text_cell(table.title, spreadsheet=False)),  # Text, never markup: names come from data
            title_justify="left",
            box=box.SIMPLE_HEAD,
            title_style="bold",
            padding=(0, 1),
            pad_edge=False,
            show_edge=False,
        )
        # Text cells escaped as in every format: nothing from a data file or plan moves the cursor.
        texts = [
            [
                text_cell(cell_text(table.value(row, c.key), c.kind, human=True), spreadsheet=False)
                if c.kind == "text"
                else cell_text(table.value(row, c.key), c.kind, human=True)
                for c in table.columns
            ]
            for row in table.rows
        ]
        for column in table.columns:
            rich_table.add_column(
                Text(column.header), justify="right" if column.kind in NUMERIC else "left", width=1
            )
        console.width = 100_000
        frame = console.measure(rich_table).maximum - len(table.columns)  # padding, gaps and edges
        widths = _column_widths(table, texts, width - frame)
        for rich_column, column_width in zip(rich_table.columns, widths, strict=True):
            rich_column.width = column_width
        for index, cells in enumerate(texts):
            rich_table.add_row(
                *(Text(cell) for cell in cells),
                style="bold" if index in table.emphasis else None,
                end_section=index + 1 in table.separators,
            )
        # Never crop a figure: widen past the terminal rather than drop digits.
        console.width = max(width, frame + sum(widths))
        console.print(rich_table)
        console.print()
        console.width = width
    for note in report.notes:
        console.print(Text(text_cell(note, spreadsheet=False), style="dim"))
    return buffer.getvalue()
