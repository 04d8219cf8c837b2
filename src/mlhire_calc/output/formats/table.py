"""The terminal table: a report's headline, chart, tables and notes laid out for a page.

The layout (`table_layout.py`) needs every cell to size the columns, so the page is
made whole, then written; Rich's cell widths and line breaking load only here.
`validate` calls this format `text`.
"""

from __future__ import annotations

from typing import IO

from mlhire_calc.output.escape import page
from mlhire_calc.output.layout import Report, WriteOptions


def write_table(report: Report, out: IO[str], options: WriteOptions) -> None:
    from .table_layout import render_page  # loaded only for this format

    out.write(page(render_page(report, to_terminal=options.to_terminal)))
