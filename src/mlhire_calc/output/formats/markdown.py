"""Markdown: headline, chart, tables and notes, each table row written as it is made."""

from __future__ import annotations

from typing import IO

from mlhire_calc.output.escape import markdown
from mlhire_calc.output.layout import Report, WriteOptions, cell_text, text_cell

NUMERIC = ("money", "int", "number", "percent")  # right-aligned


def write_markdown(report: Report, out: IO[str], options: WriteOptions) -> None:
    """Headline, chart, tables and notes as Markdown, each table row written as it is made."""
    first = True

    def line(text: str) -> None:
        nonlocal first
        out.write(text if first else "\n" + text)
        first = False

    def shown(text: str) -> str:
        return markdown(text)

    for headline in report.headline:
        line(f"**{shown(headline)}**")
        line("")
    chart = report.chart
    if chart is not None:
        for text in [
            "```text",
            *(text_cell(text, spreadsheet=False) for text, _ in chart.lines(80)),
            "```",
            "",
        ]:
            line(text)
    for table in report.tables:
        line(f"### {shown(table.title)}")
        line("")
        line("| " + " | ".join(markdown(c.header) for c in table.columns) + " |")
        line("|" + "|".join("---:" if c.kind in NUMERIC else "---" for c in table.columns) + "|")
        for index, row in enumerate(table.rows):
            cells = [markdown(cell_text(table.value(row, c.key), c.kind, human=True)) for c in table.columns]
            if index in table.emphasis:
                cells = [f"**{cell}**" if cell else cell for cell in cells]
            line("| " + " | ".join(cells) + " |")
        line("")
    notes = report.notes
    if notes:
        for text in ["**Notes**", "", *(f"- {shown(note)}" for note in notes), ""]:
            line(text)
