"""Text from plans and data files is safe in every output.

Formula starts (`=`, `+`, `-`, `@`) are neutralised with a leading `'` in CSV, TSV and
xlsx (whose text cells are always string cells); JSON keeps the text as written.
Control, bidi and zero-width characters are refused at input with file:line, and shown
escaped by every format but JSON should one reach a renderer.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from mlhire_calc.output.formats import render
from mlhire_calc.output.formats.xlsx import workbook_bytes
from mlhire_calc.output.layout import Column, Report, Table, text_cell

FORMULAS = ['=HYPERLINK("http://x","y")', "+1", "-1+2", "@SUM(A1)", "=1+1 @x", "-"]
HIDDEN = {
    "ESC (OSC 8 hyperlink)": "a\x1b]8;;http://x\x1b\\b",
    "BEL": "a\x07b",
    "right-to-left override": "a\u202eb",
    "left-to-right isolate": "a\u2066b",
    "zero-width space": "a\u200bb",
    "zero-width joiner": "a\u200db",
    "byte order mark inside": "a\ufeffb",
    "C1 control NEL": "a\x85b",
    "C1 control CSI": "a\x9bb",
    "DEL": "a\x7fb",
}
PLAN_HEADER = "role,path,decided,headcount,label\n"


def _plan(tmp_path: Path, labels: list[str], suffix: str = ".csv") -> Path:
    path = tmp_path / f"plan{suffix}"
    if suffix == ".csv":
        rows = "".join(
            f'ml-engineer,embedded,2027-01-01,1,"{label.replace(chr(34), 2 * chr(34))}"\n' for label in labels
        )
        path.write_text(PLAN_HEADER + rows, encoding="utf-8")
    else:
        items = "".join(
            "  - {role: ml-engineer, path: embedded, decided: 2027-01-01, headcount: 1, "
            f"label: {json.dumps(label)}}}\n"
            for label in labels
        )
        path.write_text("hires:\n" + items, encoding="utf-8")
    return path


def _budget(cli: Callable[..., Any], plan: Path, *args: str, code: int = 0) -> Any:
    return cli(
        "budget", "--plan", str(plan), "--start", "2027-01", "--months", "2", "--by", "row", *args, code=code
    )


# ---------------------------------------------------------------- the one text-cell function

TEXT_CELLS = [
    # text, in CSV/TSV/xlsx, in table/markdown
    ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")', '=HYPERLINK("http://x","y")'),
    ("+1", "'+1", "+1"),
    ("-1+2", "'-1+2", "-1+2"),
    ("@SUM(A1)", "'@SUM(A1)", "@SUM(A1)"),
    ("\tx", "'\tx", "\tx"),
    ("\rx", "\\x0dx", "\\x0dx"),  # a CR is escaped, so nothing is left to run
    ("\x1b]8;;http://x\x1b\\", "\\x1b]8;;http://x\\x1b\\", "\\x1b]8;;http://x\\x1b\\"),
    ("=\u202e1", "'=\\u202e1", "=\\u202e1"),
    ("a\u200bb\ufeff", "a\\u200bb\\ufeff", "a\\u200bb\\ufeff"),
    ("a\x85b\x9f", "a\\x85b\\x9f", "a\\x85b\\x9f"),
    ("line\nbreak", "line\\nbreak", "line\\nbreak"),  # a newline never starts a line of output
    ("a\tb", "a\tb", "a\tb"),  # a tab is laid out (table) or quoted (TSV)
    ("plain text, 1-2 = 3", "plain text, 1-2 = 3", "plain text, 1-2 = 3"),
    ("Ünïcödé †", "Ünïcödé †", "Ünïcödé †"),
    ("", "", ""),
]


@pytest.mark.parametrize(("text", "spreadsheet", "shown"), TEXT_CELLS)
def test_text_cell(text: str, spreadsheet: str, shown: str) -> None:
    assert text_cell(text, spreadsheet=True) == spreadsheet
    assert text_cell(text, spreadsheet=False) == shown


# ---------------------------------------------------------------- formulas, end to end


def _csv_labels(text: str, delimiter: str) -> list[str]:
    return [row["label"] for row in csv.DictReader(io.StringIO(text), delimiter=delimiter)]


def test_formula_labels_are_text_in_every_format(cli: Callable[..., Any], tmp_path: Path) -> None:
    plan = _plan(tmp_path, FORMULAS)
    quoted = sorted("'" + label for label in FORMULAS)
    for fmt, delimiter in (("csv", ","), ("tsv", "\t")):
        out = _budget(cli, plan, "--format", fmt, "--totals").stdout
        labels = _csv_labels(out, delimiter)
        assert sorted(set(labels) - {""}) == quoted, fmt
        # amounts are numbers, never text: no quote before a figure
        for row in csv.DictReader(io.StringIO(out), delimiter=delimiter):
            Decimal(row["total"])
    document = json.loads(_budget(cli, plan, "--format", "json").stdout)
    assert sorted({row["label"] for row in document["rows"]}) == sorted(FORMULAS)  # JSON: as written
    assert sorted(group["label"] for group in document["totals"]["groups"]) == sorted(FORMULAS)
    for fmt in ("markdown", "table"):
        out = _budget(cli, plan, "--format", fmt).stdout
        assert "'=HYPERLINK" not in out and "=HYPERLINK" in out  # shown as written, never run there


def test_xlsx_cells_are_strings_or_numbers_never_formulas(cli: Callable[..., Any], tmp_path: Path) -> None:
    plan = _plan(tmp_path, FORMULAS)
    target = tmp_path / "budget.xlsx"
    _budget(cli, plan, "--totals", "-o", str(target))
    sheet = load_workbook(target)["data"]
    header = [cell.value for cell in sheet[1]]
    labels = []
    money = ("recurring", "one_time", "expected", "total", "cumulative")
    for row in sheet.iter_rows(min_row=2):
        total_row = row[0].value == "total"
        for key, cell in zip(header, row, strict=True):
            if cell.data_type == "f":  # only the workbook's own totals: SUM/SUMIFS over the rows above
                assert total_row and key in money and str(cell.value).startswith(("=SUM(", "=SUMIFS(")), (
                    cell.value
                )
            elif key in money and cell.value is not None:
                assert cell.data_type == "n" and isinstance(cell.value, (int, float)), (key, cell.value)
            elif key == "label" and cell.value:
                assert cell.data_type == "s"
                labels.append(cell.value)
    assert sorted(set(labels)) == sorted("'" + label for label in FORMULAS)


def test_formula_names_in_data_files_are_text(cli: Callable[..., Any], data_copy: Path) -> None:
    paths = data_copy / "paths.yaml"
    paths.write_text(
        paths.read_text().replace(
            "name: Embedded engineer (agency, flat monthly fee)", 'name: \'=HYPERLINK("http://x","y")\''
        )
    )
    out = cli("paths", "--data-dir", str(data_copy), "--format", "csv").stdout
    names = {row["id"]: row["name"] for row in csv.DictReader(io.StringIO(out))}
    assert names["embedded"] == '\'=HYPERLINK("http://x","y")'
    document = json.loads(cli("paths", "--data-dir", str(data_copy), "--format", "json").stdout)
    assert '=HYPERLINK("http://x","y")' in json.dumps(document, ensure_ascii=False).replace('\\"', '"')


# ---------------------------------------------------------------- hidden characters refused at input


@pytest.mark.parametrize("suffix", [".csv", ".yaml"])
@pytest.mark.parametrize("case", list(HIDDEN))
def test_plan_labels_with_hidden_characters_are_refused(
    cli: Callable[..., Any], tmp_path: Path, case: str, suffix: str
) -> None:
    label = HIDDEN[case]
    plan = _plan(tmp_path, ["fine", label], suffix)
    result = _budget(cli, plan, code=1)
    error = result.stderr
    assert f"{plan}:3: row 2: label " in error, error  # file:line, the row and the column
    assert "control, bidi or zero-width character (U+" in error
    for char in label:
        if not char.isprintable():
            assert char not in error  # the message shows it escaped
    assert result.stdout == ""


def test_until_with_hidden_characters_is_refused(cli: Callable[..., Any], tmp_path: Path) -> None:
    plan = tmp_path / "plan.csv"
    plan.write_text(
        PLAN_HEADER.replace("label", "label,until") + "ml-engineer,embedded,2027-01-01,1,a,b\u202e\n"
    )
    error = _budget(cli, plan, code=1).stderr
    assert f"{plan}:2: row 1: until 'b\\u202e' holds a control, bidi or zero-width character" in error


@pytest.mark.parametrize("case", list(HIDDEN))
def test_data_names_with_hidden_characters_are_refused(
    cli: Callable[..., Any], data_copy: Path, case: str
) -> None:
    paths = data_copy / "paths.yaml"
    text = paths.read_text()
    old = "name: Flat monthly fee, all-in"
    line = text[: text.index(old)].count("\n") + 1
    paths.write_text(text.replace(old, f"name: {json.dumps('Flat ' + HIDDEN[case])}"))
    result = cli("paths", "--data-dir", str(data_copy), code=1)
    assert f"paths.yaml:{line}" in result.stderr, result.stderr
    assert "contains control characters" in result.stderr
    assert "U+" in result.stderr
    assert all(char.isprintable() or char == "\n" for char in result.stderr)


# ---------------------------------------------------------------- escaped should one get through


def _report(text: str) -> Report:
    columns = [Column("label", "Label"), Column("amount", "Amount", "money")]
    rows = [{"label": text, "amount": Decimal("-5.00")}, {"label": "ok", "amount": Decimal("12.50")}]
    document = {"rows": rows}

    def tables(_: Any) -> list[Table]:
        return [Table(f"title {text}", columns, rows)]

    return Report(
        document, tables, lambda _: Table("flat", columns, rows), to_notes=lambda _: [f"note {text}"]
    )


@pytest.mark.parametrize("case", list(HIDDEN))
@pytest.mark.parametrize("fmt", ["csv", "tsv", "markdown", "table", "xlsx", "json"])
def test_hidden_characters_that_reach_a_renderer_are_shown_escaped(case: str, fmt: str) -> None:
    text = "=" + HIDDEN[case]
    report = _report(text)
    if fmt == "json":
        assert json.loads(render(report, "json"))["rows"][0]["label"] == text  # JSON keeps the text
        return
    if fmt == "xlsx":
        book = load_workbook(io.BytesIO(workbook_bytes(report)))
        label, amount = book["data"]["A2"], book["data"]["B2"]
        assert label.data_type == "s" and label.value == "'" + text_cell(text, spreadsheet=False)
        assert amount.data_type == "n" and amount.value == -5  # a negative amount stays a number
        assert book["notes"]["A1"].data_type == "s"
        out = "".join(str(cell.value) for row in book["data"].iter_rows() for cell in row)
    else:
        out = render(report, fmt)
    hidden = [char for char in HIDDEN[case] if not char.isprintable()]
    assert hidden and not any(char in out for char in hidden), repr(out)
    if fmt in ("csv", "tsv"):
        rows = list(csv.reader(io.StringIO(out), delimiter="," if fmt == "csv" else "\t"))
        assert rows[1] == ["'" + text_cell(text, spreadsheet=False), "-5.00"]  # -5.00: a number, not text
