"""xlsx: a report's flat table as an Excel workbook that a finance team keeps working in.

Sheet `data`: a bold, frozen header with an autofilter; columns sized to their
contents; amounts as numbers shown `#,##0.00`; dates and months as real dates
(`yyyy-mm-dd`, `yyyy-mm`); booleans as TRUE/FALSE; fractions as percents, one that
is not 0 or 1 never shown as 0.0% or 100.0% (`<0.1%`, `>99.9%`, the value exact). Rows that
total others (`Table.sums`) are SUM or SUMIFS formulas over the rows they add up, so
the sheet stays right when someone edits a figure, and equal the CSV's totals as
written. Sheet `notes`: the headline, assumptions and footnotes.

Rows are written as they are made (openpyxl's write-only mode, memory flat in the
number of rows); a first pass over the rows measures the columns. Needs openpyxl
(`pip install 'mlhire[xlsx]'`).
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import IO, Any

from mlhire_calc.domain.errors import InputError, UsageError
from mlhire_calc.output.layout import (
    CellKind,
    Exact,
    Report,
    SumOf,
    Table,
    WriteOptions,
    percent_bound,
    text_cell,
)

MAX_ROWS = 1_048_576  # Excel's limit, header included
MAX_WIDTH = 60
MAX_CRITERION = 255  # Excel's limit on a text criterion
NUMBER_FORMATS: dict[str, str] = {
    "money": "#,##0.00",
    "number": "#,##0.00",
    "percent": "0.0%",
    "int": "0",
    "date": "yyyy-mm-dd",
    "month": "yyyy-mm",
}
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def _month(value: Any) -> date | None:
    match = _MONTH.match(value) if isinstance(value, str) else None
    return date(int(match[1]), int(match[2]), 1) if match else None


def _plain(value: Any) -> Any:
    return value.value if isinstance(value, Exact) else value


def _width(value: Any, kind: CellKind) -> int:
    """Characters the cell shows in its number format."""
    value = _plain(value)
    if value is None:
        return 0
    if kind in ("money", "number"):
        return len(f"{Decimal(value):,.2f}")
    if kind == "percent":
        return len(f"{Decimal(value) * 100:.1f}%")
    if kind == "bool":
        return 5
    if kind == "date" and isinstance(value, date):
        return 10
    if kind == "month" and _month(value) is not None:
        return 7
    return max((len(line) for line in text_cell(value).splitlines()), default=0)


@dataclass
class _Shape:
    """What the first pass learns: column widths, the span formulas add up, totals to keep literal."""

    widths: list[int]
    rows: int = 0
    last_plain: int = 1  # the sheet row of the last row that is not a total (1: the header)
    literal: set[tuple[tuple[str, str], ...]] = field(default_factory=set)  # criteria SUMIFS can't tell apart


def _key(where: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(where.items()))


def _measure(table: Table) -> _Shape:
    columns = table.columns
    shape = _Shape([len(column.key) + 3 for column in columns])  # room for the filter button
    folded: dict[tuple[tuple[str, str], ...], list[tuple[tuple[str, str], ...]]] = {}
    for index, row in enumerate(table.rows, start=2):
        if index > MAX_ROWS:
            raise InputError(
                f"an xlsx sheet holds at most {MAX_ROWS - 1:,} rows and this output has more; "
                "write csv or tsv instead",
                subject="output",
            )
        for position, column in enumerate(columns):
            width = _width(table.value(row, column.key), column.kind)
            if width > shape.widths[position]:
                shape.widths[position] = width
        total = table.sums(row)
        if total is None:
            shape.last_plain = index
        else:
            # SUMIFS matches text without regard to case: two totals whose criteria differ
            # only in case (or not at all) would each add up both groups; they stay literal
            where = {key: text_cell(value) for key, value in total.where.items()}
            same = folded.setdefault(_key({k: v.casefold() for k, v in where.items()}), [])
            same.append(_key(where))
            if len(same) > 1 or any(len(value) + 1 > MAX_CRITERION for value in where.values()):
                shape.literal.update(same)
        shape.rows = index - 1
    return shape


def _criterion(value: str) -> str:
    """A SUMIFS criterion matching exactly `value`: `=`, wildcards escaped, as a formula string."""
    exact = "=" + value.replace("~", "~~").replace("*", "~*").replace("?", "~?")
    return '"' + exact.replace('"', '""') + '"'


def _formula(column: str, total: SumOf, letters: Mapping[str, str], last: int) -> str:
    if last < 2:
        return "=0"  # nothing to add up

    def span(key: str) -> str:
        return f"{letters[key]}2:{letters[key]}{last}"

    if not total.where:
        return f"=SUM({span(column)})"
    parts = [span(column)]
    for key, value in total.where.items():
        parts += [span(key), _criterion(text_cell(value))]
    return f"=SUMIFS({','.join(parts)})"


def workbook_bytes(report: Report) -> bytes:
    """The report's sheet table and notes as .xlsx bytes."""
    try:
        from openpyxl import Workbook
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Font
        from openpyxl.utils import get_column_letter
    except ImportError:
        raise UsageError("xlsx output needs openpyxl: pip install 'mlhire[xlsx]'") from None

    table = report.sheet
    columns = table.columns
    shape = _measure(table)
    letters = {column.key: get_column_letter(index) for index, column in enumerate(columns, start=1)}
    workbook = Workbook(write_only=True)
    workbook.calculation.fullCalcOnLoad = True  # a reader computes the totals when it opens the file
    sheet = workbook.create_sheet("data")
    sheet.freeze_panes = "A2"
    for column, width in zip(columns, shape.widths, strict=True):
        sheet.column_dimensions[letters[column.key]].width = min(width, MAX_WIDTH) + 2
    bold = Font(bold=True)

    def cell(value: Any, kind: CellKind, *, strong: bool = False) -> Any:
        value = _plain(value)
        if kind == "month":
            value = _month(value) or value
            kind = "month" if isinstance(value, date) else "text"
        if kind == "text":
            value = text_cell(value) or None  # an empty cell, not an empty text
        elif kind == "bool" and value is not None:
            value = bool(value)
        elif kind == "int" and value is not None:
            value = int(value)
        elif kind in ("money", "number", "percent") and value is not None:
            value = Decimal(value) if not isinstance(value, float) else value
        number_format = NUMBER_FORMATS.get(kind)
        if kind == "percent" and value is not None:
            bound = percent_bound(Decimal(value))  # 0.9999 shows >99.9%, never 100.0%
            number_format = f'"{bound}"' if bound else number_format
        if not strong and (value is None or (number_format is None and kind != "text")):
            return value
        made = WriteOnlyCell(sheet, value=value)  # a Decimal is written as its exact text
        if kind == "text" and value is not None:
            made.data_type = "s"  # a string cell, never a formula, whatever the text
        if number_format is not None and kind not in ("text", "bool"):
            made.number_format = number_format
        if strong:
            made.font = bold
        return made

    sheet.append([cell(column.key, "text", strong=True) for column in columns])
    for row in table.rows:
        total = table.sums(row)
        if total is None:
            sheet.append([cell(table.value(row, column.key), column.kind) for column in columns])
            continue
        cells = []
        formulas = _key({k: text_cell(v) for k, v in total.where.items()}) not in shape.literal
        for column in columns:
            value = table.value(row, column.key)
            if formulas and column.key in total.columns:
                value = _formula(column.key, total, letters, shape.last_plain)
                made = WriteOnlyCell(sheet, value=value)
                made.number_format = NUMBER_FORMATS[column.kind]
                made.font = bold
                cells.append(made)
            else:
                cells.append(cell(value, column.kind, strong=True))
        sheet.append(cells)
    last_column = get_column_letter(len(columns))
    sheet.auto_filter.ref = f"A1:{last_column}{max(shape.last_plain, 1)}"

    notes = workbook.create_sheet("notes")
    notes.column_dimensions["A"].width = 120
    for line in [*report.headline, *report.notes]:
        note = WriteOnlyCell(notes, value=text_cell(line))
        note.data_type = "s"
        notes.append([note])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write_workbook(report: Report, out: IO[bytes], options: WriteOptions) -> None:
    out.write(workbook_bytes(report))
