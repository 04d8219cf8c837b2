"""What a view hands the formats: a document and the functions that derive its forms.

`formats/` writes a `Report` in any format it supports, each cell shown through
`cell_text`; nothing here imports a format.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import IO, Any, Generic, Literal, TypeVar

from . import escape
from .escape import FORMULA_STARTS

# "month" is a month as text, YYYY-MM (a spreadsheet shows it as a date); other text stays text
CellKind = Literal["text", "money", "int", "number", "date", "month", "percent", "bool"]
Document = dict[str, Any]  # a view's document: plain values, Decimal, date, Exact, Lazy
T = TypeVar("T")


@dataclass(frozen=True)
class Column:
    """A column of a table: machine key, human header, and the kind of its cells."""

    key: str  # machine name: CSV/TSV header
    header: str  # human name: table and markdown header
    kind: CellKind = "text"


@dataclass(frozen=True)
class SumOf:
    """A row that adds up other rows, as a spreadsheet formula (SUM, or SUMIFS on `where`).

    Each of `columns` is the sum of that column over the table's rows from the first to
    the last row that is not itself a total, restricted to the rows whose cells equal
    `where` (column -> value; empty: every row). `where` must leave out any total row
    inside that span (compare's subtotals: `row` = `item`), so nothing is counted twice.
    """

    columns: tuple[str, ...]
    where: Mapping[str, str] = field(default_factory=dict)


def _no_sums(row: Mapping[str, Any]) -> SumOf | None:
    return None


@dataclass
class Table:
    """A titled table of rows, with emphasised and separated rows."""

    title: str
    columns: list[Column]
    rows: Iterable[Mapping[str, Any]]  # a list, or a `Lazy` of rows made as they are written
    emphasis: set[int] = field(default_factory=set)  # rows drawn bold (subtotals)
    separators: set[int] = field(default_factory=set)  # draw a line before these rows
    fixed: dict[str, Any] = field(default_factory=dict)  # columns with one value in every row
    # for spreadsheets: which rows total others (SUM formulas there); text formats show the values
    sums: Callable[[Mapping[str, Any]], SumOf | None] = _no_sums

    def value(self, row: Mapping[str, Any], key: str) -> Any:
        return self.fixed[key] if key in self.fixed else row.get(key)


@dataclass(frozen=True)
class Exact:
    """A figure kept exact in the document; JSON prints it rounded to `places`.

    Tables and CSV show it at their own precision from the exact value, so a
    probability is rounded once, never twice.
    """

    value: Decimal | float
    places: int

    @property
    def rounded(self) -> Decimal | float:
        """The figure as JSON prints it."""
        rounded: Decimal | float = round(self.value, self.places)  # type: ignore[assignment]
        return rounded


class Lazy(Generic[T]):
    """Rows of a document made each time they are read, so big outputs can stream."""

    def __init__(self, make: Callable[[], Iterator[T]]) -> None:
        self._make = make

    def __iter__(self) -> Iterator[T]:
        return self._make()


class Counted(Lazy[T]):
    """Lazy rows whose number is known without making them (a budget's groups)."""

    def __init__(self, make: Callable[[], Iterator[T]], length: int) -> None:
        super().__init__(make)
        self._length = length

    def __len__(self) -> int:
        return self._length


@dataclass(frozen=True)
class Bar:
    """One path's P10-P50-P90 bar on the timeline."""

    label: str
    low: date  # P10
    mid: date  # P50
    high: date  # P90
    status: str  # on_track | at_risk | misses: picks the colour in the table view


@dataclass
class Timeline:
    """Bars on one shared time axis with a marked day (rank's deadline)."""

    start: date
    marker: date
    bars: list[Bar]
    legend: str = ""

    def lines(self, width: int) -> list[tuple[str, str]]:
        """(text, status) lines: an axis, one bar per path, a legend; plain characters."""
        label_width = max(len(bar.label) for bar in self.bars) + 1
        axis_width = max(width - label_width - 1, 20)
        end = max([self.marker, *(bar.high for bar in self.bars)])
        span = max((end - self.start).days, 1)

        def column(day: date) -> int:
            return min(axis_width - 1, round((day - self.start).days / span * (axis_width - 1)))

        mark = column(self.marker)
        out: list[tuple[str, str]] = []
        for bar in self.bars:
            cells = [" "] * axis_width
            cells[mark] = "|"
            for col in range(column(bar.low), column(bar.high) + 1):
                cells[col] = "="
            cells[column(bar.mid)] = "o"
            out.append((bar.label.ljust(label_width) + "".join(cells).rstrip(), bar.status))
        axis = [" "] * axis_width
        left, right = self.start.isoformat(), end.isoformat()
        axis[: len(left)] = left
        axis[axis_width - len(right) :] = right
        marker_text = f"^ {self.marker.isoformat()}"
        if mark + len(marker_text) < axis_width - len(right) - 1 and mark > len(left):
            axis[mark : mark + len(marker_text)] = marker_text
        out.append((" " * label_width + "".join(axis), ""))
        if self.legend:
            out.append((" " * label_width + self.legend, ""))
        return out


@dataclass(frozen=True)
class WriteOptions:
    """How a writer is asked to write: styled for a terminal, decimal commas (CSV, TSV)."""

    to_terminal: bool = False
    decimal_comma: bool = False


# Writes a report in one format to a text stream (a binary format: a bytes stream).
Writer = Callable[["Report", IO[Any], WriteOptions], None]


def _no_tables(document: Document) -> list[Table]:
    return []


def _no_flat(document: Document) -> Table:
    return Table("", [], [])


def _no_lines(document: Document) -> list[str]:
    return []


def _no_chart(document: Document) -> Timeline | None:
    return None


@dataclass
class Report:
    """A command's one document and the functions that derive its other forms from it.

    A new field is added to the document once; each derivation picks it up or not.
    A report is written in every format that can write any report (`formats.GENERIC`)
    unless it names its own `formats`; `writers` write a format where the document
    needs a shape of its own.
    """

    document: Document  # what `--format json` prints
    to_tables: Callable[[Document], list[Table]] = _no_tables  # table / markdown: all of them
    to_flat: Callable[[Document], Table] = _no_flat  # csv / tsv / xlsx: one rectangular table
    to_headline: Callable[[Document], list[str]] = _no_lines
    to_notes: Callable[[Document], list[str]] = _no_lines
    to_chart: Callable[[Document], Timeline | None] = _no_chart  # drawn by table and markdown
    # xlsx: the flat table a workbook holds, where it differs (budget: always with its totals)
    to_sheet: Callable[[Document], Table] | None = None
    formats: tuple[str, ...] | None = None  # the formats it is written in [default: formats.GENERIC]
    writers: dict[str, Writer] = field(default_factory=dict)  # format name -> this report's writer

    @property
    def tables(self) -> list[Table]:
        return self.to_tables(self.document)

    @property
    def flat(self) -> Table:
        return self.to_flat(self.document)

    @property
    def sheet(self) -> Table:
        return (self.to_sheet or self.to_flat)(self.document)

    @property
    def headline(self) -> list[str]:
        return self.to_headline(self.document)

    @property
    def notes(self) -> list[str]:
        return self.to_notes(self.document)

    @property
    def chart(self) -> Timeline | None:
        return self.to_chart(self.document)


def money_text(value: Decimal, *, grouping: bool) -> str:
    if value.is_zero():
        value = value.copy_abs()  # a negative zero, from the data or a rounding, prints 0.00
    if grouping:
        return f"{value:,.2f}"
    text = str(value)  # the fast path: amounts are normally already in cents
    dot = text.find(".")
    if dot < 0 or len(text) - dot != 3 or "E" in text:
        text = f"{value:.2f}"
    return text


def text_cell(value: Any, *, spreadsheet: bool = True) -> str:
    """A text cell as every format but JSON shows it; all text cells go through here
    (CSV, TSV and xlsx with `spreadsheet`; tables and Markdown without; None is empty).

    Control, bidi and zero-width characters are refused in plans and data files; any
    that get here are shown escaped (`\\x1b`, `\\u202e`), so nothing can move a terminal's
    cursor or reorder a line. With `spreadsheet` (CSV, TSV, xlsx), text that starts with
    `=`, `+`, `-`, `@`, a tab or a CR gets a leading `'` (the OWASP rule), so a
    spreadsheet shows it as text and never runs it as a formula. Numbers are not text:
    amounts never come here.
    """
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    if text.isprintable() and not (spreadsheet and text and text[0] in FORMULA_STARTS):
        return text  # the common case, once per cell of a million-row budget: no call
    return escape.spreadsheet(text) if spreadsheet else escape.cell(text)


def percent_cell(value: Decimal, *, human: bool) -> str:
    """A fraction as a percent; one between 0 and 1 never reads as 0% or 100% (`<0.1%`,
    `>99.9%`; in machine form 0.0001 and 0.9999). Others are rounded as they are."""
    if human:
        return percent_bound(value) or f"{value * 100:.1f}%"
    text = f"{value:.4f}"
    if 0 < value < 1 and text in ("0.0000", "1.0000"):
        return "0.0001" if text == "0.0000" else "0.9999"
    return text


def percent_bound(value: Decimal) -> str | None:
    """`>99.9%` or `<0.1%` for a fraction between 0 and 1 that would read as 100.0% or
    0.0% at a tenth of a percent; None for any other (the table's text and xlsx's cell
    format). A saving of -100.004% is -100.0%: not a fraction near 1."""
    if not 0 < value < 1:
        return None
    text = f"{value * 100:.1f}%"
    return ">99.9%" if text == "100.0%" else "<0.1%" if text == "0.0%" else None


def cell_text(value: Any, kind: CellKind, *, human: bool) -> str:
    """A cell as text; `human` adds thousands separators and readable percents."""
    if value is None:
        return "-" if human and kind != "text" else ""
    if kind == "money":
        return money_text(Decimal(value), grouping=human)
    if kind == "percent":
        return percent_cell(Decimal(value), human=human)
    if kind == "number":
        return f"{value:,.2f}" if human else f"{value:.4f}"
    if kind == "bool":
        return ("yes" if value else "no") if human else str(bool(value)).lower()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)
