"""Every output format, in one registry, and the one way a report is written.

A command's view builds a `Report` (one document and the functions deriving its
tables, notes and rows); `choose` picks the format from `--format` or the output
file's extension and checks it, and `emit` writes the report to stdout or, atomically,
to a file. A report is written in every format that can write any report, unless it
names its own (`Report.formats`); it may bring its own writer of a format where
its document needs a shape of its own (`Report.writers`: diff's pull-request
comment; github annotations, which no report has a generic form of).

Adding a format is one module here, with its writer, and one line in `REGISTRY`
naming it; the reporting commands offer it at once (`OutputFormat` is made from the
registry). The libraries a format needs load only when a report is written in it:
Rich's cell widths with the table, openpyxl with xlsx.
"""

from __future__ import annotations

import io
import sys
import types
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO, Any

from mlhire_calc.domain.choices import Choice
from mlhire_calc.domain.errors import UsageError
from mlhire_calc.output.destination import write_atomic
from mlhire_calc.output.layout import Report, WriteOptions, Writer

from .delimited import write_csv, write_tsv
from .format import Format
from .json import write_json
from .markdown import write_markdown
from .table import write_table
from .xlsx import write_workbook

REGISTRY: tuple[Format, ...] = (
    Format("table", (".txt",), write_table, aliases=("text",)),
    Format("json", (".json",), write_json, streams=True),
    Format("csv", (".csv",), write_csv, streams=True, decimal_comma=True),
    Format("tsv", (".tsv",), write_tsv, streams=True, decimal_comma=True),
    Format("markdown", (".md",), write_markdown, streams=True),
    Format(
        "xlsx",
        (".xlsx",),
        write_workbook,
        binary=True,
        decimal_comma_note="a workbook holds numbers, shown in the reader's own locale",
    ),
    Format("github", (), None),  # annotations: only a view's own writer (`Report.writers`)
)
FORMATS: dict[str, Format] = {fmt.name: fmt for fmt in REGISTRY}
NAMES: dict[str, Format] = {name: fmt for fmt in REGISTRY for name in (fmt.name, *fmt.aliases)}
GENERIC = tuple(fmt.name for fmt in REGISTRY if fmt.writer is not None)  # any report is written in these


def choice_of(name: str, names: Iterable[str], doc: str) -> type[Choice]:
    """An enum of format names, for typer to offer as an option's choices (help,
    completion, a usage error for anything else) in the registry's order."""

    def members(namespace: dict[str, Any]) -> None:
        namespace["__module__"], namespace["__qualname__"], namespace["__doc__"] = __name__, name, doc
        for value in names:
            namespace[value] = value  # one by one: an enum's namespace registers each member

    made = types.new_class(name, (Choice,), exec_body=members)
    assert issubclass(made, Choice)
    return made


OutputFormat = choice_of("OutputFormat", GENERIC, "Formats of compare, rank, budget, roles and paths.")


def find(name: str) -> Format:
    """The format `--format` names (or one of its aliases)."""
    key = str(name)  # a name, or a member of the enum the CLI offers
    try:
        return NAMES[key]
    except KeyError:
        raise UsageError(f"{key!r} is not one of {', '.join(FORMATS)}", subject="format") from None


def _supported(formats: Iterable[str] | None) -> list[Format]:
    return [find(name) for name in (GENERIC if formats is None else formats)]


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def choose(
    name: str | None,
    output: Path | None,
    formats: Iterable[str] | None = None,
    *,
    decimal_comma: bool = False,
) -> Format:
    """The format to write: `name`; without one, the format whose extension `output`
    has; without either, table. `formats` are those the report is written in
    [default: `GENERIC`]. Fails before any work when the choice cannot be written:
    a format the report lacks, an unknown extension, decimal commas where numbers
    are not text, a binary format to stdout."""
    supported = _supported(formats)
    if name is not None:
        chosen = find(name)
        if chosen not in supported:
            known = ", ".join(fmt.name for fmt in supported)
            raise UsageError(f"{str(name)!r} is not one of {known}", subject="format")
    elif output is not None and output.suffix:
        chosen = _by_extension(output, supported)
    else:
        chosen = FORMATS["table"]
    if decimal_comma and not chosen.decimal_comma:
        takers = _and([fmt.name for fmt in REGISTRY if fmt.decimal_comma])
        note = f" ({chosen.decimal_comma_note})" if chosen.decimal_comma_note else ""
        raise UsageError(f"applies to {takers} output, not {chosen.name}{note}", subject="decimal comma")
    if chosen.binary and output is None:
        raise UsageError(
            f"{chosen.name} is a binary format: write it to a file with --output FILE{chosen.extensions[0]}"
        )
    return chosen


def _by_extension(output: Path, supported: list[Format]) -> Format:
    suffix = output.suffix.lower()
    known = ", ".join(extension for fmt in supported for extension in fmt.extensions)
    for fmt in supported:
        if suffix in fmt.extensions:
            return fmt
    other = next((fmt for fmt in REGISTRY if suffix in fmt.extensions), None)
    if other is not None:
        raise UsageError(
            f"{output}: this command does not write {other.name} ({output.suffix}); "
            f"use one of {known} or --format",
            subject="output",
        )
    raise UsageError(
        f"{output}: unknown extension {output.suffix!r}; use one of {known} or --format", subject="output"
    )


def _writer(report: Report, fmt: Format) -> Writer:
    write = report.writers.get(fmt.name) or fmt.writer
    if write is None:
        raise UsageError(f"this output has no {fmt.name} form", subject="format")
    return write


def emit(report: Report, fmt: Format | str, output: Path | None, *, decimal_comma: bool = False) -> None:
    """Write `report` to `output` (atomically) or to stdout. A format that streams is
    written as it is made, so memory stays flat however many rows it has; any other
    is made whole first, so a failure writes nothing."""
    name = fmt.name if isinstance(fmt, Format) else fmt
    chosen = choose(name, output, report.formats, decimal_comma=decimal_comma)
    write = _writer(report, chosen)
    options = WriteOptions(to_terminal=output is None and sys.stdout.isatty(), decimal_comma=decimal_comma)
    if output is not None:
        write_atomic(
            output,
            _streamed(report, write, options) if chosen.streams else _made(report, write, options, chosen),
        )
    elif chosen.streams:
        write(report, sys.stdout, options)
    else:  # a text format: `choose` sends a binary one to a file
        sys.stdout.write(_text(report, write, options))
    if output is None:
        sys.stdout.flush()


def _streamed(report: Report, write: Writer, options: WriteOptions) -> Callable[[IO[str]], None]:
    def write_to(out: IO[str]) -> None:
        write(report, out, options)

    return write_to


def _text(report: Report, write: Writer, options: WriteOptions) -> str:
    buffer = io.StringIO()
    write(report, buffer, options)
    return buffer.getvalue()


def _made(report: Report, write: Writer, options: WriteOptions, fmt: Format) -> str | bytes:
    """The whole output, made before a byte is written."""
    if not fmt.binary:
        return _text(report, write, options)
    buffer = io.BytesIO()
    write(report, buffer, options)
    return buffer.getvalue()


def render(report: Report, fmt: str, *, to_terminal: bool = False, decimal_comma: bool = False) -> str:
    """`report` in a text format, as a string (tests, notebooks)."""
    chosen = choose(fmt, None, report.formats, decimal_comma=decimal_comma)
    options = WriteOptions(to_terminal=to_terminal, decimal_comma=decimal_comma)
    return _text(report, _writer(report, chosen), options)


def made(report: Report, fmt: str) -> str | bytes:
    """`report` in any of its formats, whole: text, or bytes for a binary format (notebooks)."""
    chosen = choose(fmt, None if not FORMATS[NAMES[fmt].name].binary else Path("out"), report.formats)
    options = WriteOptions(to_terminal=False, decimal_comma=False)
    return _made(report, _writer(report, chosen), options, chosen)
