"""CSV and TSV: a report's flat table, one row written as it is made.

Cells are written as a spreadsheet reads them back: no thousands separators, money
with two decimals, booleans as true/false; with `--decimal-comma`, 1234,56 and (CSV)
a semicolon between fields, as comma-decimal locales expect.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal
from operator import getitem
from typing import IO, Any

from mlhire_calc.output.layout import (
    CellKind,
    Column,
    Report,
    Table,
    WriteOptions,
    cell_text,
    money_text,
    text_cell,
)


def _raw_money(decimal_comma: bool = False) -> Callable[[Any], str]:
    """Money as a spreadsheet reads it back (write_delimited formats each value once)."""

    def raw(value: Decimal | None) -> str:
        if value is None:
            return ""
        text = money_text(value, grouping=False)
        return text.replace(".", ",") if decimal_comma else text

    return raw


def _raw_formatter(kind: CellKind, decimal_comma: bool = False) -> Callable[[Any], str]:
    """Cells as a spreadsheet reads them back: no thousands separators; `decimal_comma`: 1234,56."""
    if kind == "money":
        return _raw_money(decimal_comma)
    if kind == "text":
        return text_cell
    if kind == "bool":  # one per row of a large export (`estimate`)
        return lambda value: "" if value is None else ("true" if value else "false")
    if decimal_comma and kind in ("number", "percent"):
        return lambda value: cell_text(value, kind, human=False).replace(".", ",")
    return lambda value: cell_text(value, kind, human=False)


def write_delimited(report: Report, delimiter: str, out: IO[str], *, decimal_comma: bool = False) -> None:
    """The flat table as CSV or TSV, each row written to `out` as it is made."""
    import csv

    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    table = report.flat
    writer.writerow([column.key for column in table.columns])
    writer.writerows(_row_texts(table, decimal_comma))


class _CellTexts(dict[Any, str]):
    """One column's text of each value, formatted once: a large export repeats its values
    (months, ids, monthly fees), and a lookup is far cheaper than a call.

    A column whose values rarely repeat (running totals, plan rows' labels) stops being
    cached: once a third of the rows read so far brought it a new value, or it holds
    10,000, its values are formatted directly, never hashed or kept.
    """

    def __init__(self, fmt: Callable[[Any], str], columns: list[Any], index: int, rows: list[int]) -> None:
        super().__init__()
        self.fmt, self.columns, self.index, self.rows = fmt, columns, index, rows

    def __missing__(self, value: Any) -> str:
        text = self.fmt(value)
        held = len(self)
        if held < 1_000 or (held < 10_000 and held * 3 < self.rows[0]):
            self[value] = text
        else:  # swap this column's lookup for the formatter itself (a class whose [] is `fmt`)
            self.columns[self.index] = type("_Formatted", (), {"__getitem__": staticmethod(self.fmt)})()
            self.clear()
        return text


def _row_texts(table: Table, decimal_comma: bool = False) -> Iterator[list[str]]:
    """Each row of the flat table as its cells' texts, looked up column by column in C."""
    keys = [column.key for column in table.columns]
    formats = [_cell_formatter(table, column, decimal_comma) for column in table.columns]
    texts: list[Any] = []
    read = [0]  # rows read so far
    texts.extend(_CellTexts(fmt, texts, index, read) for index, fmt in enumerate(formats))
    for count, row in enumerate(table.rows, start=1):
        read[0] = count
        try:
            yield list(map(getitem, texts, map(row.get, keys)))
        except TypeError:  # a value that cannot be a dict key: formatted on its own
            yield [fmt(row.get(key)) for key, fmt in zip(keys, formats, strict=True)]


def _cell_formatter(table: Table, column: Column, decimal_comma: bool = False) -> Callable[[Any], str]:
    fmt = _raw_formatter(column.kind, decimal_comma)
    if column.key not in table.fixed:
        return fmt
    text = fmt(table.fixed[column.key])  # the same in every row: formatted once
    return lambda _: text


def write_csv(report: Report, out: IO[str], options: WriteOptions) -> None:
    """Commas between fields; with decimal commas, semicolons."""
    delimiter = ";" if options.decimal_comma else ","
    write_delimited(report, delimiter, out, decimal_comma=options.decimal_comma)


def write_tsv(report: Report, out: IO[str], options: WriteOptions) -> None:
    write_delimited(report, "\t", out, decimal_comma=options.decimal_comma)
