"""Plan files as spreadsheets and editors write them: records of text cells, located.

CSV and TSV: the delimiter is detected (comma, semicolon or tab, or Excel's first
line `sep=;`), every record must sit on one line (an unclosed quote is an error at
the line where it opens, never a silent merge of the rows after it), and the header
must name each known column at most once. Columns without a name (a spreadsheet's
trailing empty columns, `label,,`) and empty cells past the last column are ignored;
a value in either is an error. YAML: each `hires:` item's values are
taken as the text written in the file, so `010`, `0x10` or `1:30` are refused by
the cell parsers below instead of being read as numbers.

The cell parsers are strict and never guess: a whole number is `2` or `2.0`; a date
is read as every date option is (`2027-01-15`, `2027-01`, `Jan 2027`, `15.01.2027`), and
one whose day and month could swap (`04/05/2027`) needs an explicit day order.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from mlhire_calc.domain.choices import DateOrder
from mlhire_calc.domain.errors import InputError, UsageError
from mlhire_calc.domain.limits import (
    MAX_AMOUNT,
    MAX_HEADCOUNT,
    MAX_PLAN_BYTES,
    MAX_PLAN_COLUMNS,
    MAX_TEXT_CHARS,
    UNSEEN,
    check_months,
)
from mlhire_calc.domain.problems import Location
from mlhire_calc.domain.timeline import parse_date

from .files import limited_chunks

REQUIRED = ("role", "path", "headcount")
DATE_COLUMNS = ("decided", "joins")
OPTIONAL = ("end", "months", "until", "converts", "monthly", "label")
DEPRECATED = {"start": "decided"}  # old name -> what it is read as
COLUMNS = (*REQUIRED, *DATE_COLUMNS, *OPTIONAL)
DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab"}
CHUNK_BYTES = 64 * 1024  # a CSV plan is read this much at a time: its lines are split a chunk at a time


class CellError(Exception):
    """What is wrong with one cell's text; the caller adds the row and column."""


@dataclass
class Record:
    """One plan row: column -> text (None where empty), and where it is."""

    index: int  # 1-based data row
    line: int | None
    cells: dict[str, str | None]
    lines: dict[str, int] = field(default_factory=dict)  # YAML: the line of each value


def known_columns() -> str:
    return ", ".join(COLUMNS)


def check_header(
    names: list[str], name: str, line: int | None, *, unnamed_ok: bool = False
) -> Iterator[InputError]:
    """Unknown, duplicate and unnamed columns, each an error naming it and the known ones.

    `unnamed_ok`: a CSV column without a name is checked row by row instead (it must be empty).
    """
    seen: set[str] = set()
    for position, column in enumerate(names, start=1):
        at = Location(name, line)
        shown = column if column.isprintable() else repr(column)
        if column == "" and unnamed_ok:
            continue
        if column == "":
            yield InputError(f"column {position} has no name; known columns: {known_columns()}", location=at)
        elif column in seen:
            yield InputError(f"column {shown!r} appears twice; give each column once", location=at)
        elif column not in COLUMNS and column not in DEPRECATED:
            yield InputError(f"unknown column {shown!r}; known columns: {known_columns()}", location=at)
        seen.add(column)


def missing_columns(names: list[str]) -> list[str]:
    missing = [column for column in REQUIRED if column not in names]
    if not any(column in names for column in (*DATE_COLUMNS, *DEPRECATED)):
        missing.append("decided or joins")
    return missing


# ---------------------------------------------------------------- CSV and TSV


def _delimiter(first_line: str) -> str:
    """The delimiter that splits the header into the most columns (comma on a tie)."""

    def width(delimiter: str) -> int:
        try:
            return len(next(csv.reader([first_line], delimiter=delimiter)))
        except (csv.Error, StopIteration):
            return 0

    return max(DELIMITERS, key=width)  # max keeps the first of equals: comma


def csv_records(lines: Iterable[str], name: str) -> Iterator[Record | InputError]:
    """The records of a CSV/TSV plan (its text line by line, each with its `\n`), or the
    errors found; an error that ends reading is last. Nothing is held but the current row."""
    if isinstance(lines, str):
        lines = io.StringIO(lines)
    lines = iter(lines)
    head = next(lines, "")
    offset = 0  # lines before the CSV proper (Excel's `sep=` line)
    first = head.split("\n", 1)[0].rstrip("\r")
    sep = re.fullmatch(r"sep=(.)", first, re.IGNORECASE)
    if sep:
        delimiter = sep.group(1)
        if delimiter not in DELIMITERS:
            yield InputError(f"sep={delimiter!r}: use a comma, semicolon or tab", location=Location(name, 1))
            return
        offset = 1
    else:
        delimiter = _delimiter(first)
        lines = itertools.chain([head], lines)
    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    header: list[str] | None = None
    header_line = 1 + offset
    index = 0
    read_to = 0  # the last physical line the reader has consumed
    while True:
        starts_on = read_to + 1 + offset
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            if "field larger than field limit" in str(exc):  # the csv module's own bound, 131,072
                yield _long_cell(name, starts_on)
                return
            yield InputError(
                f"a quoted field that opens on this line is not closed properly ({exc}); "
                "close every quote, and quote cells that hold the delimiter",
                location=Location(name, starts_on),
            )
            return
        ends_on = reader.line_num + offset
        read_to = reader.line_num
        if ends_on > starts_on:
            yield InputError(
                f"a quoted field opens on this line and runs to line {ends_on}; "
                "each row must be on one line: close the quote",
                location=Location(name, starts_on),
            )
            return
        if len(cells) > MAX_PLAN_COLUMNS:
            yield InputError(
                f"{len(cells):,} cells in one row; a plan row has at most {MAX_PLAN_COLUMNS:,}",
                location=Location(name, starts_on),
            )
            return
        if any(len(cell) > MAX_TEXT_CHARS for cell in cells):
            yield _long_cell(name, starts_on)
            return
        if not any(cell.strip() for cell in cells):
            continue  # a blank line
        if header is None:
            header = [cell.strip().lower() for cell in cells]
            header_line = starts_on
            yield from check_header(header, name, header_line, unnamed_ok=True)
            missing = missing_columns(header)
            if missing:
                kind = DELIMITERS[delimiter]
                yield InputError(
                    f"missing column(s) {', '.join(missing)} (read as {kind}-separated); "
                    f"known columns: {known_columns()}",
                    location=Location(name, header_line),
                )
                return
            continue
        index += 1
        if any(cell.strip() for cell in cells[len(header) :]):
            yield InputError(
                f"row {index}: more cells than columns ({len(cells)} cells, {len(header)} columns)",
                location=Location(name, starts_on),
            )
            continue
        held = [(position, cell) for position, cell in unnamed(header, cells) if cell.strip()]
        if held:
            position, cell = held[0]
            yield InputError(
                f"row {index}: column {position} has no name but holds {cell.strip()!r}; "
                f"name it (known columns: {known_columns()}) or clear it",
                location=Location(name, starts_on),
            )
            continue
        record: dict[str, str | None] = {}
        for column, cell in zip(header, cells, strict=False):
            if column and column not in record:  # a repeated column was reported; the first one counts
                record[column] = cell.strip() or None
        yield Record(index, starts_on, record)
    if header is None:
        yield InputError(
            f"the plan is empty; expected a header row naming its columns ({known_columns()})",
            location=Location(name),
        )


def _long_cell(name: str, line: int) -> InputError:
    return InputError(
        f"a cell holds more than {MAX_TEXT_CHARS:,} characters, the most a plan cell may",
        location=Location(name, line),
    )


def unnamed(header: list[str], cells: list[str]) -> Iterator[tuple[int, str]]:
    """(1-based position, cell) of the cells under columns without a name: a spreadsheet
    exports its trailing empty columns as `label,,` and each row's as `x,,`."""
    for position, (column, cell) in enumerate(zip(header, cells, strict=False), start=1):
        if column == "":
            yield position, cell


# ---------------------------------------------------------------- YAML


def yaml_records(path: Path, name: str) -> Iterator[Record | InputError]:
    """The `hires:` items of a YAML plan, each value as the text written in the file."""
    import yaml

    from .reader import read_yaml  # YAML plans only: CSV plans never load the YAML reader

    parsed = read_yaml(path, display=name)  # size, UTF-8, safe tags, alias and depth limits
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    root = yaml.compose(parsed.text, Loader=loader)
    hires = None
    if isinstance(root, yaml.MappingNode):
        hires = next((value for key, value in root.value if key.value == "hires"), None)
    if not isinstance(hires, yaml.SequenceNode):
        yield InputError("expected a mapping with a `hires:` list", location=Location(name))
        return
    for index, item in enumerate(hires.value, start=1):
        line = item.start_mark.line + 1
        if not isinstance(item, yaml.MappingNode):
            yield InputError(
                f"row {index}: expected a mapping with role, path, decided or joins, headcount",
                location=Location(name, line),
            )
            continue
        names = [
            str(key.value).strip().lower() if isinstance(key, yaml.ScalarNode) else ""
            for key, _ in item.value
        ]
        problems = [
            InputError(f"row {index}: {error.detail}", location=error.location)
            for error in check_header(names, name, line)
        ]
        record: dict[str, str | None] = {}
        lines: dict[str, int] = {}
        for column, (_, value) in zip(names, item.value, strict=True):
            if column in record:
                continue
            lines[column] = value.start_mark.line + 1
            if not isinstance(value, yaml.ScalarNode):
                problems.append(
                    InputError(
                        f"row {index}: {column}: expected one value", location=Location(name, lines[column])
                    )
                )
                record[column] = None
            elif value.tag == "tag:yaml.org,2002:null":
                record[column] = None
            elif len(value.value) > MAX_TEXT_CHARS:
                problems.append(_long_cell(name, lines[column]))
                record[column] = None
            else:
                record[column] = value.value.strip() or None
        if problems:
            yield from problems
            continue
        yield Record(index, line, record, lines)


def plan_records(path: Path) -> Iterator[Record | InputError]:
    """Records of a CSV, TSV or YAML plan; UsageError for another suffix, InputError if unreadable.

    A CSV/TSV plan is read as a stream, a chunk at a time, so reading it holds no more
    for a million rows than for ten; a problem with the file as a whole (unreadable, too
    big, not UTF-8, binary) is raised when reading reaches it.
    """
    name = str(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".tsv", ".yaml", ".yml"):
        raise UsageError(f"--plan: {name}: use a .csv, .tsv, .yaml or .yml file")
    if suffix in (".yaml", ".yml"):
        return yaml_records(path, name)
    chunks = _whole_file_errors(
        limited_chunks(path, display=name, limit=MAX_PLAN_BYTES, error=InputError, chunk_bytes=CHUNK_BYTES)
    )
    first = next(chunks, b"")  # opening the file: its errors are raised here
    return csv_records(_text_lines(itertools.chain([first], chunks), name), name)


def _whole_file_errors(chunks: Iterator[bytes]) -> Iterator[bytes]:
    """The chunks; an error with the file as a whole named by the option."""
    try:
        yield from chunks
    except InputError as exc:
        raise InputError(f"--plan: {exc.message}") from None


def _text_lines(chunks: Iterable[bytes], name: str) -> Iterator[str]:
    """UTF-8 text (a BOM dropped) split after each `\n`; a plan that is not UTF-8 text, or
    holds a NUL, is an error of the file as a whole."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    rest = ""
    for chunk in chunks:
        try:
            text = rest + decoder.decode(chunk)
        except UnicodeDecodeError:
            raise InputError(f"--plan: {name}: not UTF-8 text") from None
        if "\x00" in text:
            raise InputError(f"--plan: {name}: binary file, expected CSV text")
        *lines, rest = text.split("\n")
        for line in lines:
            yield line + "\n"
    try:
        rest += decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        raise InputError(f"--plan: {name}: not UTF-8 text") from None
    if rest:
        yield rest


# ---------------------------------------------------------------- cells

_WHOLE = re.compile(r"(0|[1-9][0-9]*)(\.0+)?")
_UNSEEN = re.compile(rf"[\x00-\x1f{UNSEEN}]")  # in a label: any control, bidi or zero-width character
_NUMBER = re.compile(r"(0|[1-9][0-9]*)(\.[0-9]+)?")


def whole_number(text: str, what: str, *, high: int = MAX_HEADCOUNT) -> int:
    """`2` or `2.0` as 2; anything else (2.5, 010, 0x10, 1e3, 1:30) is refused."""
    if not _WHOLE.fullmatch(text):
        raise CellError(f"{what} {text!r} is not a whole number (write it like 2)")
    value = int(text.split(".")[0])
    if not 1 <= value <= high:
        raise CellError(f"{what} {value} must be 1 to {high}")
    return value


def label_cell(text: str, what: str = "label") -> str:
    """A row's label as written: plain text, with no control, bidi or zero-width character.

    Such a character could move a terminal's cursor, reorder what a reviewer reads, or
    make two labels that look alike differ (`until` would miss). Text that a spreadsheet
    would read as a formula (`=`, `+`, `-`, `@`) is fine: outputs neutralise it.
    """
    found = _UNSEEN.search(text)
    if found is not None:
        raise CellError(
            f"{what} {text!r} holds a control, bidi or zero-width character "
            f"(U+{ord(found.group()):04X} at character {found.start() + 1}); write it as plain text"
        )
    return text


FLAGS = {"yes": True, "true": True, "1": True, "no": False, "false": False, "0": False}


def flag_cell(text: str, what: str) -> bool:
    """yes / no (or true / false, 1 / 0, in any case); anything else is refused."""
    try:
        return FLAGS[text.strip().lower()]
    except KeyError:
        raise CellError(f"{what} {text!r} is not yes or no") from None


def months_cell(text: str) -> Decimal:
    """A duration in months: a plain positive number, at most MAX_MONTHS."""
    if not _NUMBER.fullmatch(text):
        raise CellError(f"months {text!r} is not a number of months (write it like 6 or 1.5)")
    try:
        return check_months(Decimal(text))
    except UsageError as exc:
        raise CellError(f"months {exc.detail}") from None


def amount_cell(text: str, what: str) -> Decimal:
    """A plain non-negative amount (digits, an optional decimal point); no separators or units."""
    if not _NUMBER.fullmatch(text):
        raise CellError(f"{what} {text!r} is not a plain amount (write it like 13500 or 13500.50)")
    try:
        value = Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid decimals
        raise CellError(f"{what} {text!r} is not a plain amount") from None
    if value > MAX_AMOUNT:
        raise CellError(f"{what} {text} is above {MAX_AMOUNT:,.0f}")
    return value


def date_cell(text: str, what: str, order: DateOrder | None) -> date:
    """A date as `mlhire` reads every date (`timeline.parse_date`); a month or a quarter
    is its first day."""
    try:
        return parse_date(text, order=order)
    except UsageError as exc:
        raise CellError(f"{what} {exc.detail}") from None
