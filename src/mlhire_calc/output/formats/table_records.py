"""A table too wide for the page, stacked: one record per row, a line per column.

    Roles (loaded monthly cost, all-in)
    ───────────────────────────────────
    Role               data-scientist
    Title              Data scientist
    Loaded/month low   12,000.00

Headers sit on the left, values on the right, wrapped to what is left of the page;
an empty text cell is left out. Figures are never wrapped or cut.
"""

from __future__ import annotations

from rich.cells import cell_len

from mlhire_calc.output.layout import Table, text_cell

from .table_wrap import HEAD_RULE, Line, is_exact, wrap

GAP = 2  # spaces between a header and its value


def records(table: Table, texts: list[list[str]], width: int) -> list[Line]:
    """`table` as records, each line at most `width` cells."""
    columns = table.columns
    label_width = min(max(cell_len(c.header) for c in columns), width // 3)
    value_width = width - label_width - GAP
    labels = [wrap(c.header, label_width, "left") for c in columns]
    body: list[Line] = []
    for index, cells in enumerate(texts):
        if body:
            body.append([])
        style = "bold" if index in table.emphasis else ""
        for column, label, text in zip(columns, labels, cells, strict=True):
            if not text and column.kind == "text":
                continue
            values = [text] if is_exact(column) else wrap(text, value_width, "default", breaks=True)
            for number in range(max(len(label), len(values))):
                head = label[number] if number < len(label) else " " * label_width
                value = values[number] if number < len(values) else ""
                body.append([(head, "bold"), (" " * GAP, ""), (value, style)])
    widest = max((sum(cell_len(text) for text, _ in line) for line in body), default=0)
    rule = min(width, max(widest, cell_len(table.title)))
    out: list[Line] = []
    title = text_cell(table.title, spreadsheet=False)
    if title:
        out += [[(text, "bold")] for text in wrap(title, width, "default")]
    out.append([(HEAD_RULE * rule, "")])
    return out + body
