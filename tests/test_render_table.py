"""The table view's own layout gives the bytes Rich's Table gives for the same page.

The reference below draws each table with `rich.table.Table` (box SIMPLE_HEAD, padding
(0, 1), no edge, the columns fixed at the widths the view chose, text folded rather
than cut) and prints the prose and the tables' titles with `Console.print`; the layout leaves out the spaces
Rich pads the ends of lines with. A page whose tables cannot fit with words whole
(text broken after hyphens, or stacked) has no Rich reference: it is held to what
every page must be, lines within the width, none ending in a space, every figure whole.
"""

from __future__ import annotations

import io
import re
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table as RichTable
from rich.text import Text

from mlhire_calc.output.formats.table_layout import NUMERIC, SGR, _column_widths, _styled, render_page
from mlhire_calc.output.formats.table_wrap import _broken, is_exact, wrap
from mlhire_calc.output.layout import Column, Report, Table, cell_text, text_cell


def _reference(report: Report, width: int) -> str | None:
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, force_terminal=False, no_color=True, highlight=False)
    for line in report.headline:
        console.print(Text(text_cell(line, spreadsheet=False), style="bold"))
    if report.headline:
        console.print()
    for table in report.tables:
        texts = [
            [
                text_cell(cell_text(table.value(row, c.key), c.kind, human=True), spreadsheet=False)
                if c.kind == "text"
                else cell_text(table.value(row, c.key), c.kind, human=True)
                for c in table.columns
            ]
            for row in table.rows
        ]
        # padding on both sides of each column; on the left only if the table overflows the page
        for padding in ((0, 1), (0, 0, 0, 1)):
            rich_table = RichTable(
                box=box.SIMPLE_HEAD,
                padding=padding,
                pad_edge=False,
                show_edge=False,
            )
            for column in table.columns:
                rich_table.add_column(
                    Text(column.header),
                    justify="right" if column.kind in NUMERIC else "left",
                    width=1,
                    overflow="fold",  # Rich's default, "ellipsis", can drop a character after wide ones
                )
            console.width = 100_000
            frame = console.measure(rich_table).maximum - len(table.columns)
            widths = _column_widths(table, texts, width - frame)
            if frame + sum(widths) <= width:
                break
        else:
            return None  # no table Rich draws fits: the layout breaks text after hyphens or stacks
        for rich_column, column_width in zip(rich_table.columns, widths, strict=True):
            rich_column.width = column_width
        for index, cells in enumerate(texts):
            rich_table.add_row(
                *(Text(cell) for cell in cells),
                style="bold" if index in table.emphasis else None,
                end_section=index + 1 in table.separators,
            )
        title = text_cell(table.title, spreadsheet=False)
        console.width = width
        if title:  # wrapped to the page, not to a narrower table
            console.print(Text(title, style="bold"))
        console.width = max(width, frame + sum(widths))
        console.print(rich_table)
        console.print()
        console.width = width
    for note in report.notes:
        console.print(Text(text_cell(note, spreadsheet=False), style="dim"))
    return buffer.getvalue()


def _report(tables: list[Table], headline: list[str], notes: list[str]) -> Report:
    return Report(
        document={},
        to_tables=lambda _: tables,
        to_flat=lambda _: tables[0],
        to_headline=lambda _: headline,
        to_notes=lambda _: notes,
    )


def _compare(report: Report, width: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    page = render_page(report, to_terminal=False)
    lines = page.splitlines()
    assert all(cell_len(line) <= width for line in lines), page
    assert all(line == line.rstrip() for line in lines), page
    for table in report.tables:
        for row in table.rows:
            for column in table.columns:
                if is_exact(column):
                    figure = cell_text(table.value(row, column.key), column.kind, human=True)
                    assert any(figure in line for line in lines), (figure, page)
    reference = _reference(report, width)
    if reference is not None:
        assert page == "".join(line.rstrip() + "\n" for line in reference.splitlines())


# words of every length a page meets, a few wider than any column, some wide characters
WORD = st.one_of(
    st.text("abcdefghij-,.()", min_size=1, max_size=9),
    st.text("abcdefghijklmnopqrstuvwxyz", min_size=20, max_size=90),
    st.sampled_from(["日本語", "données", "†", "ML", "in-house-fte", "13.84%-20.76%"]),
)
PROSE = st.lists(WORD, max_size=16).map(" ".join)
HEADER = st.lists(WORD, min_size=1, max_size=4).map(" ".join)
KINDS = st.sampled_from(["text", "text", "money", "int", "percent", "date"])


@st.composite
def tables(draw: st.DrawFn) -> Table:
    kinds = draw(st.lists(KINDS, min_size=1, max_size=7))
    columns = [
        Column(
            key=f"c{index}" if index or kind != "text" or draw(st.booleans()) else "path",
            header=draw(HEADER),
            kind=kind,
        )
        for index, kind in enumerate(kinds)
    ]
    values = {
        "text": PROSE,
        "id": st.from_regex(r"[a-z][a-z-]{0,19}", fullmatch=True),  # ids are short: never wrapped
        "money": st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False),
        "int": st.integers(min_value=-(10**6), max_value=10**9),
        "percent": st.decimals(min_value=0, max_value=2, places=4, allow_nan=False),
        "date": st.dates(),
    }
    rows = draw(
        st.lists(
            st.fixed_dictionaries(
                {
                    c.key: st.one_of(st.none(), values["id" if c.key == "path" else c.kind])  # type: ignore[index]
                    for c in columns
                }
            ),
            max_size=6,
        )
    )
    count = len(rows)
    return Table(
        title=draw(PROSE),
        columns=columns,
        rows=rows,
        emphasis=set(draw(st.lists(st.integers(0, max(count, 1)), max_size=3))),
        separators=set(draw(st.lists(st.integers(0, count + 1), max_size=3))),
    )


@settings(max_examples=150, deadline=None)
@given(
    pages=st.lists(tables(), min_size=1, max_size=3),
    headline=st.lists(PROSE, max_size=2),
    notes=st.lists(PROSE, max_size=3),
    width=st.integers(min_value=60, max_value=160),
)
def test_the_layout_is_the_one_rich_draws(
    pages: list[Table], headline: list[str], notes: list[str], width: int
) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        _compare(_report(pages, headline, notes), width, monkeypatch)


LINE = st.lists(
    st.one_of(WORD, st.sampled_from(["", " ", "   ", "ｗｉｄｅ", "a\u00a0b", "x" * 41])), max_size=12
).map(" ".join)


@settings(max_examples=400, deadline=None)
@given(
    # as cells arrive: control characters escaped (`text_cell`), which Rich would drop
    text=st.one_of(LINE, st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=60)),
    width=st.integers(min_value=1, max_value=40),
    justify=st.sampled_from(["left", "right", "default"]),
)
def test_a_cell_wraps_as_rich_wraps_it(text: str, width: int, justify: str) -> None:
    """Runs of spaces, wide characters, words longer than the line, widths down to one cell."""
    console = Console(width=200)
    expected = [line.plain for line in Text(text).wrap(console, width, justify=justify, overflow="fold")]  # type: ignore[arg-type]
    assert wrap(text, width, justify) == expected


@settings(max_examples=300, deadline=None)
@given(
    text=st.one_of(
        LINE, LINE.map(lambda line: line.replace(" ", "\t", 1)), st.just("Salary\t22,000-38,000/month")
    ),
    width=st.integers(min_value=1, max_value=40),
    justify=st.sampled_from(["left", "right", "default"]),
)
def test_a_cell_broken_after_hyphens_is_aligned_as_rich_aligns_it(
    text: str, width: int, justify: str
) -> None:
    """With `breaks`, words part at any whitespace (a tab too) and after a hyphen or slash
    before a figure; each line is then cut and padded as Rich's Text.align does."""
    expected = []
    for line in _broken(text, width):
        aligned = Text(line)
        if justify in ("left", "right"):
            aligned.align(justify, width)  # type: ignore[arg-type]
        elif cell_len(line) > width:
            aligned.truncate(width)
        expected.append(aligned.plain)
    if "\n" not in text and "\t" not in text and cell_len(text) <= width:
        return  # one line: the shortcut, held to Rich by the test above
    assert wrap(text, width, justify, breaks=True) == expected
    assert wrap("Salary\t22,000-38,000/month", 12, "left", breaks=True)[1:] == [
        "22,000-     ",
        "38,000/month",
    ]


def test_a_shipped_page_is_the_one_rich_draws(monkeypatch: pytest.MonkeyPatch) -> None:
    """compare's page, every path, including the long notes the data files give."""
    from datetime import date

    from mlhire_calc.datafiles.load import load_catalog
    from mlhire_calc.engine.cost import compare
    from mlhire_calc.output.views.compare import compare_report

    catalog = load_catalog()
    result = compare(
        catalog,
        role_id="ml-engineer",
        path_ids=tuple(catalog.paths),
        months=Decimal(36),
        headcount=3,
        start=date(2026, 12, 1),
        baseline_id="in-house-fte",
    )
    for width in (60, 80, 100, 137):
        _compare(compare_report(result, catalog), width, monkeypatch)


def test_on_a_terminal_the_same_text_is_styled(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.delenv("NO_COLOR", raising=False)
    table = Table(
        title="Costs",
        columns=[Column("path", "Path"), Column("total", "Total", "money")],
        rows=[{"path": "embedded", "total": Decimal("162000")}, {"path": "Total", "total": Decimal("1")}],
        emphasis={1},
    )
    report = _report([table], ["One headline"], ["A note"])
    styled = render_page(report, to_terminal=True)
    assert "\x1b[1m" in styled and "\x1b[2m" in styled  # bold title, header, total; dim notes
    assert re.sub(r"\x1b\[[0-9;]*m", "", styled) == render_page(report, to_terminal=False)
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[3" not in render_page(report, to_terminal=True)  # no colour, only emphasis


STYLED_LINES = st.lists(
    st.lists(st.tuples(st.one_of(WORD, st.just(" ")), st.sampled_from(["", *SGR])), max_size=6), max_size=5
)


@settings(max_examples=200, deadline=None)
@given(lines=STYLED_LINES, no_color=st.booleans(), system=st.sampled_from(["standard", "256", "truecolor"]))
def test_a_terminal_page_is_styled_as_rich_styles_it(
    lines: list[list[tuple[str, str]]], no_color: bool, system: str
) -> None:
    """The codes Rich's Console writes for each style, in every colour system, with and without NO_COLOR."""
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=1000,
        force_terminal=True,
        color_system=system,  # type: ignore[arg-type]
        no_color=no_color,
        highlight=False,
        soft_wrap=True,
    )
    page = Text()
    for line in lines:
        for piece, style in line:
            page.append(piece, style=style or None)
        page.append("\n")
    console.print(page, end="")
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setenv("NO_COLOR", "1" if no_color else "")
        monkeypatch.setenv("TERM", "xterm-256color")
        assert _styled(lines) == buffer.getvalue()


def test_a_dumb_terminal_gets_no_codes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TERM", "dumb")
    assert _styled([[("Costs", "bold"), (" ", ""), ("late", "red")]]) == "Costs late\n"
