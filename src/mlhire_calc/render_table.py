"""The Rich table view of a Report (imported only when `--format table` is used)."""

from __future__ import annotations

import io
import os
import shutil

from rich import box
from rich.console import Console
from rich.table import Table as RichTable
from rich.text import Text

from .render import Report, cell_text

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


def render_rich(report: Report, *, to_terminal: bool) -> str:
    buffer = io.StringIO()
    console = _console(buffer, to_terminal)
    width = console.width
    for line in report.headline:
        console.print(Text(line, style="bold"))
    if report.headline:
        console.print()
    if report.chart is not None:
        styles = {"on_track": "green", "at_risk": "yellow", "misses": "red"}
        for text, status in report.chart.lines(width):
            console.print(Text(text, style=styles.get(status, "")))
        console.print()
    for table in report.tables:
        rich_table = RichTable(
            title=table.title,
            title_justify="left",
            box=box.SIMPLE_HEAD,
            title_style="bold",
            padding=(0, 1),
            pad_edge=False,
        )
        texts = [[cell_text(row.get(c.key), c.kind, human=True) for c in table.columns] for row in table.rows]
        needed = 1
        for index, column in enumerate(table.columns):
            exact = column.kind in NUMERIC or column.kind == "date" or column.key in ("path", "id")
            header = column.header if exact else max(column.header.split(), key=len)
            widest = max([len(header)] + [len(cells[index]) for cells in texts])
            needed += (widest if exact else min(widest, 10)) + 3
            rich_table.add_column(
                column.header,
                justify="right" if column.kind in NUMERIC else "left",
                overflow="fold",
                no_wrap=exact,
                min_width=widest if exact else min(widest, 10),
            )
        for index, cells in enumerate(texts):
            rich_table.add_row(
                *cells,
                style="bold" if index in table.emphasis else None,
                end_section=index + 1 in table.separators,
            )
        # Never crop a figure: widen past the terminal rather than drop digits.
        console.width = max(width, needed)
        console.print(rich_table)
        console.width = width
    for note in report.notes:
        console.print(Text(note, style="dim"))
    return buffer.getvalue()
