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
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from .errors import InputError, UsageError
from .files import replace_atomically
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
        return json_ready(round(value.value, value.places))
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


def render_json(report: Report) -> str:
    import json

    return json.dumps(json_ready(report.document), indent=2, ensure_ascii=False) + "\n"


def _raw_money(decimal_comma: bool = False) -> Callable[[Any], str]:
    """Money cells of a large export repeat (0.00, a monthly fee): format each value once."""
    seen: dict[Decimal, str] = {}

    def raw(value: Decimal | None) -> str:
        if value is None:
            return ""
        text = seen.get(value)
        if text is None:
            text = money_text(value, grouping=False)
            if decimal_comma:
                text = text.replace(".", ",")
            if len(seen) < 10_000:  # running totals rarely repeat; keep the cache small
                seen[value] = text
        return text

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
    cells = [(column.key, _cell_formatter(table, column, decimal_comma)) for column in table.columns]
    writer.writerows([fmt(row.get(key)) for key, fmt in cells] for row in table.rows)


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


def render_markdown(report: Report) -> str:
    out: list[str] = []
    for line in report.headline:
        out += [f"**{_md_escape(line)}**", ""]
    chart = report.chart
    if chart is not None:
        out += ["```text", *(text for text, _ in chart.lines(80)), "```", ""]
    for table in report.tables:
        out += [f"### {_md_escape(table.title)}", ""]
        out.append("| " + " | ".join(_md_escape(c.header) for c in table.columns) + " |")
        out.append(
            "|"
            + "|".join(
                "---:" if c.kind in ("money", "int", "number", "percent") else "---" for c in table.columns
            )
            + "|"
        )
        for index, row in enumerate(table.rows):
            cells = [
                _md_escape(cell_text(table.value(row, c.key), c.kind, human=True)) for c in table.columns
            ]
            if index in table.emphasis:
                cells = [f"**{cell}**" if cell else cell for cell in cells]
            out.append("| " + " | ".join(cells) + " |")
        out.append("")
    notes = report.notes
    if notes:
        out += ["**Notes**", ""] + [f"- {_md_escape(note)}" for note in notes] + [""]
    return "\n".join(out)


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


def _target(output: Path) -> Path:
    """Where the bytes go: through a symlink to the file it names."""
    return output.resolve() if output.is_symlink() else output


def _is_special(path: Path) -> bool:
    """A device or pipe (`/dev/stdout`, a FIFO): written in place, never renamed over."""
    return path.exists() and not path.is_file() and not path.is_dir()


def check_output_path(output: Path) -> None:
    """Fail before any work when `--output` cannot be written."""
    if output.is_dir():
        raise InputError(f"{output} is a directory", subject="output")
    if _is_special(output):
        return
    output = _target(output)
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
    A symlink keeps pointing at its file (which is replaced); a device or pipe such as
    /dev/stdout is written directly. `content` may be a function that writes the text
    bit by bit, so a large export never sits in memory whole.
    """
    check_output_path(output)
    try:
        if _is_special(output):
            with open(output, "wb") as handle:
                _write_content(handle, content)
        else:
            replace_atomically(_target(output), lambda handle: _write_content(handle, content))
    except OSError as exc:
        raise InputError(f"cannot write {output}: {exc.strerror or exc}", subject="output") from None


def emit(report: Report, fmt: str, output: Path | None, *, decimal_comma: bool = False) -> None:
    """Render a report to `output` (atomically) or to stdout; CSV and TSV stream row by row."""
    if decimal_comma:
        check_decimal_comma(fmt)
    if fmt in ("csv", "tsv"):
        delimiter = delimiter_of(fmt, decimal_comma=decimal_comma)

        def write(out: IO[str]) -> None:
            write_delimited(report, delimiter, out, decimal_comma=decimal_comma)

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
