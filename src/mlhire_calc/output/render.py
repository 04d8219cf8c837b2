"""One renderer for every reporting command: table | json | csv | tsv | markdown.

A command's core returns data; its view (`views/`) builds one versioned document from
it (what `--format json` prints) and names the functions that derive the other forms
from that document: tables, a flat table for spreadsheets, notes, a headline, a chart.
This module prints a `Report` in any format and writes output files atomically; CSV
and TSV are written row by row as the rows are made.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal
from operator import getitem
from pathlib import Path
from typing import IO, Any

from mlhire_calc.datafiles.files import refuse_link, replace_atomically
from mlhire_calc.domain.errors import InputError, UsageError

from .layout import Bar as Bar
from .layout import CellKind as CellKind
from .layout import Column as Column
from .layout import Document as Document
from .layout import Exact as Exact
from .layout import Lazy as Lazy
from .layout import Report as Report
from .layout import SumOf as SumOf
from .layout import Table as Table
from .layout import Timeline as Timeline
from .layout import cell_text as cell_text
from .layout import money_text as money_text
from .layout import text_cell as text_cell

FORMATS = ("table", "json", "csv", "tsv", "markdown", "xlsx")
EXTENSIONS = {
    ".csv": "csv",
    ".tsv": "tsv",
    ".json": "json",
    ".md": "markdown",
    ".txt": "table",
    ".xlsx": "xlsx",
}


def format_for(fmt: str | None, output: Path | None, default: str = "table") -> str:
    """The chosen format; with `--output` and no `--format`, taken from the extension."""
    if fmt is not None:
        if fmt not in FORMATS:
            raise UsageError(f"{fmt!r} is not one of {', '.join(FORMATS)}", subject="format")
        return str(fmt)
    if output is not None and output.suffix:
        suffix = output.suffix.lower()
        if suffix not in EXTENSIONS:
            known = ", ".join(EXTENSIONS)
            raise UsageError(
                f"{output}: unknown extension {output.suffix!r}; use one of {known} or --format",
                subject="output",
            )
        return EXTENSIONS[suffix]
    return default


# ---------------------------------------------------------------- cells


def json_ready(value: Any) -> Any:
    """Decimals as JSON numbers (money already in cents), dates as ISO text, lazy rows as lists."""
    if isinstance(value, Exact):
        return json_ready(value.rounded)
    if isinstance(value, Decimal):
        return (
            int(value)
            if value == value.to_integral_value() and value.as_tuple().exponent == 0
            else float(value)
        )
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: json_ready(entry) for key, entry in value.items()}
    if isinstance(value, (list, tuple, Lazy)):
        return [json_ready(entry) for entry in value]
    return value


# ---------------------------------------------------------------- formats


def _holds_lazy(value: Any) -> bool:
    if isinstance(value, Lazy):
        return True
    if isinstance(value, dict):
        return any(_holds_lazy(entry) for entry in value.values())
    if isinstance(value, (list, tuple)):
        return any(_holds_lazy(entry) for entry in value)
    return False


def _write_json(value: Any, out: IO[str], level: int) -> None:
    """`value` as `json.dumps(json_ready(value), indent=2)` would print it at `level`,
    written piece by piece: lazy arrays element by element, never whole."""
    import json

    if not _holds_lazy(value):
        text = json.dumps(json_ready(value), indent=2, ensure_ascii=False)
        out.write(text.replace("\n", "\n" + "  " * level) if level and "\n" in text else text)
        return
    pad, end = "\n" + "  " * (level + 1), "\n" + "  " * level
    if isinstance(value, dict):
        if not value:
            out.write("{}")
            return
        for position, (key, entry) in enumerate(value.items()):
            key_text = json.dumps({key: 0}, ensure_ascii=False)[1:-4]  # as json.dumps names the key
            out.write(("{" if position == 0 else ",") + pad + key_text + ": ")
            _write_json(entry, out, level + 1)
        out.write(end + "}")
        return
    empty = True
    for entry in value:  # a Lazy, or a list or tuple that holds one
        out.write(("[" if empty else ",") + pad)
        _write_json(entry, out, level + 1)
        empty = False
    out.write("[]" if empty else end + "]")


def write_json(report: Report, out: IO[str]) -> None:
    """The document as indented JSON, written to `out` as its rows are made."""
    _write_json(report.document, out, 0)
    out.write("\n")


def render_json(report: Report) -> str:
    buffer = io.StringIO()
    write_json(report, buffer)
    return buffer.getvalue()


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


DECIMAL_COMMA_FORMATS = ("csv", "tsv")


def check_decimal_comma(fmt: str) -> None:
    """`--decimal-comma` is about numbers written as text: CSV and TSV only."""
    if fmt not in DECIMAL_COMMA_FORMATS:
        raise UsageError(
            f"applies to csv and tsv output, not {fmt}"
            + (" (a workbook holds numbers, shown in the reader's own locale)" if fmt == "xlsx" else ""),
            subject="decimal comma",
        )


def delimiter_of(fmt: str, *, decimal_comma: bool = False) -> str:
    """TSV: a tab. CSV: a comma, or with decimal commas a semicolon, as such locales expect."""
    if fmt == "tsv":
        return "\t"
    return ";" if decimal_comma else ","


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


def render_delimited(report: Report, delimiter: str, *, decimal_comma: bool = False) -> str:
    buffer = io.StringIO()
    write_delimited(report, delimiter, buffer, decimal_comma=decimal_comma)
    return buffer.getvalue()


def _md_escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def write_markdown(report: Report, out: IO[str]) -> None:
    """Headline, chart, tables and notes as Markdown, each table row written as it is made."""
    first = True

    def line(text: str) -> None:
        nonlocal first
        out.write(text if first else "\n" + text)
        first = False

    def shown(text: str) -> str:
        return _md_escape(text_cell(text, spreadsheet=False))

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
        line("| " + " | ".join(_md_escape(c.header) for c in table.columns) + " |")
        line(
            "|"
            + "|".join(
                "---:" if c.kind in ("money", "int", "number", "percent") else "---" for c in table.columns
            )
            + "|"
        )
        for index, row in enumerate(table.rows):
            cells = [
                shown(cell_text(table.value(row, c.key), c.kind, human=True))
                if c.kind == "text"
                else _md_escape(cell_text(table.value(row, c.key), c.kind, human=True))
                for c in table.columns
            ]
            if index in table.emphasis:
                cells = [f"**{cell}**" if cell else cell for cell in cells]
            line("| " + " | ".join(cells) + " |")
        line("")
    notes = report.notes
    if notes:
        for text in ["**Notes**", "", *(f"- {shown(note)}" for note in notes), ""]:
            line(text)


def render_markdown(report: Report) -> str:
    buffer = io.StringIO()
    write_markdown(report, buffer)
    return buffer.getvalue()


def render_table(report: Report, *, to_terminal: bool) -> str:
    from .render_table import render_rich  # Rich is imported only for this format

    return render_rich(report, to_terminal=to_terminal)


def render_xlsx(report: Report) -> bytes:
    """The spreadsheet view as an Excel workbook (`spreadsheet.py`; needs openpyxl)."""
    from .spreadsheet import workbook_bytes

    return workbook_bytes(report)


def render(report: Report, fmt: str, *, to_terminal: bool = False) -> str:
    if fmt == "xlsx":
        raise UsageError("xlsx is a binary format: write it to a file with --output FILE.xlsx")
    renderers: dict[str, Callable[[Report], str]] = {
        "json": render_json,
        "csv": lambda r: render_delimited(r, ","),
        "tsv": lambda r: render_delimited(r, "\t"),
        "markdown": render_markdown,
        "table": lambda r: render_table(r, to_terminal=to_terminal),
    }
    return renderers[fmt](report)


# ---------------------------------------------------------------- output


def _is_special(path: Path) -> bool:
    """A device or pipe (`/dev/stdout`, a FIFO): written in place, never renamed over."""
    return path.exists() and not path.is_file() and not path.is_dir()


def check_output_path(output: Path) -> None:
    """Fail before any work when `--output` cannot be written."""
    if output.is_dir():
        raise InputError(f"{output} is a directory", subject="output")
    if _is_special(output):
        return
    refuse_link(output)
    parent = output.parent if str(output.parent) else Path(".")
    if not parent.is_dir():
        raise InputError(f"folder {parent} does not exist", subject="output")
    if not os.access(parent, os.W_OK):
        raise InputError(f"folder {parent} is not writable", subject="output")


Content = str | bytes | Callable[[IO[str]], None]  # text, bytes, or a writer of text


def _write_content(handle: IO[bytes], content: Content) -> None:
    if isinstance(content, str):
        handle.write(content.encode("utf-8"))
    elif isinstance(content, bytes):
        handle.write(content)
    else:
        text = io.TextIOWrapper(handle, encoding="utf-8", newline="")
        content(text)
        text.flush()
        text.detach()  # the caller closes `handle`


def write_atomic(output: Path, content: Content) -> None:
    """Write to a temporary file beside `output`, then rename over it.

    On any error the temporary file is removed and an existing `output` is untouched.
    A symbolic link is refused, never written through; a device or pipe such as
    /dev/stdout (itself a link to one) is written directly. `content` may be a function
    that writes the text bit by bit, so a large export never sits in memory whole.
    """
    check_output_path(output)
    try:
        if _is_special(output):
            with open(output, "wb") as handle:
                _write_content(handle, content)
        else:
            replace_atomically(output, lambda handle: _write_content(handle, content))
    except OSError as exc:
        raise InputError(f"cannot write {output}: {exc.strerror or exc}", subject="output") from None


STREAMED = ("csv", "tsv", "json", "markdown")  # written to the destination as rows are made


def write_text(report: Report, fmt: str, out: IO[str], *, decimal_comma: bool = False) -> None:
    """A streamed format written to `out` piece by piece."""
    if fmt in ("csv", "tsv"):
        delimiter = delimiter_of(fmt, decimal_comma=decimal_comma)
        write_delimited(report, delimiter, out, decimal_comma=decimal_comma)
    elif fmt == "json":
        write_json(report, out)
    else:
        write_markdown(report, out)


def emit(report: Report, fmt: str, output: Path | None, *, decimal_comma: bool = False) -> None:
    """Render a report to `output` (atomically) or to stdout; CSV, TSV, JSON and Markdown
    stream, so memory stays flat however many rows they have."""
    if decimal_comma:
        check_decimal_comma(fmt)
    if fmt in STREAMED:

        def write(out: IO[str]) -> None:
            write_text(report, fmt, out, decimal_comma=decimal_comma)

        if output is not None:
            write_atomic(output, write)
        else:
            write(sys.stdout)
            sys.stdout.flush()
        return
    if output is not None:
        content = render_xlsx(report) if fmt == "xlsx" else render(report, fmt, to_terminal=False)
        write_atomic(output, content)
        return
    text = render(report, fmt, to_terminal=sys.stdout.isatty())
    sys.stdout.write(text)
    sys.stdout.flush()
