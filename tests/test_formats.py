"""The formats registry: one module per format, one line each, one way to choose and write."""

from __future__ import annotations

import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import pytest

import mlhire_calc.output.formats as formats
from mlhire_calc.domain.choices import DiffFormat, ProblemFormat
from mlhire_calc.domain.errors import UsageError
from mlhire_calc.domain.problems import Problem
from mlhire_calc.engine.validate import Validation
from mlhire_calc.output.formats import GENERIC, REGISTRY, OutputFormat, choose, emit, find, render
from mlhire_calc.output.layout import Column, Report, Table
from mlhire_calc.output.views.validate import validate_report

HELPERS = {"format", "table_layout", "table_records", "table_wrap"}  # the Format record, the table's layout


def _report(**options: object) -> Report:
    table = Table("t", [Column("label", "Label"), Column("amount", "Amount", "money")], [{"label": "a"}])
    return Report({"rows": []}, lambda _: [table], lambda _: table, **options)  # type: ignore[arg-type]


def test_every_format_module_is_in_the_registry() -> None:
    """Adding a format is one module and one line: a module no registry line names fails
    here, and so does a line naming a writer that is not there."""
    named = {fmt.writer.__module__.rpartition(".")[2] for fmt in REGISTRY if fmt.writer is not None}
    modules = {module.name for module in pkgutil.iter_modules(formats.__path__)} - set(HELPERS)
    assert modules == named | {"github"}  # github: annotations, written by the views that make them


def test_naming_the_formats_loads_no_rich_and_no_openpyxl() -> None:
    """`--format`'s choices come from the registry; a format's libraries load only to write."""
    code = (
        "import sys; import mlhire_calc.output.formats as f; f.OutputFormat; "
        "print(sorted({m.split('.')[0] for m in sys.modules if m.startswith(('rich', 'openpyxl'))}))"
    )
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert loaded.stdout.strip() == "[]"


def test_names_and_extensions_are_unique() -> None:
    names = [name for fmt in REGISTRY for name in (fmt.name, *fmt.aliases)]
    extensions = [extension for fmt in REGISTRY for extension in fmt.extensions]
    assert len(names) == len(set(names)) and len(extensions) == len(set(extensions))


def test_the_reporting_commands_offer_every_format_with_a_writer_of_its_own() -> None:
    assert [str(choice) for choice in OutputFormat] == list(GENERIC)
    assert list(GENERIC) == ["table", "json", "csv", "tsv", "markdown", "xlsx"]


@pytest.mark.parametrize("choices", [DiffFormat, ProblemFormat])
def test_diff_and_validate_offer_formats_of_the_registry(choices: type) -> None:
    assert all(find(str(choice)) in REGISTRY for choice in choices)


@pytest.mark.parametrize(
    ("name", "output", "expected"),
    [
        (None, None, "table"),
        (None, Path("out.CSV"), "csv"),
        (None, Path("out"), "table"),
        (None, Path("out.md"), "markdown"),
        ("json", Path("out.anything"), "json"),
        ("text", None, "table"),
    ],
)
def test_choose(name: str | None, output: Path | None, expected: str) -> None:
    assert choose(name, output).name == expected


@pytest.mark.parametrize(
    ("name", "output", "formats", "decimal_comma", "message"),
    [
        (None, Path("out.foo"), None, False, "unknown extension '.foo'; use one of .txt, .json, .csv"),
        (None, Path("out.csv"), DiffFormat, False, "does not write csv (.csv); use one of .txt, .md, .json"),
        ("csv", None, ProblemFormat, False, "'csv' is not one of table, json, github"),
        ("xlsx", None, None, False, "xlsx is a binary format: write it to a file with --output FILE.xlsx"),
        ("json", None, None, True, "applies to csv and tsv output, not json"),
        ("nope", None, None, False, "'nope' is not one of table, json, csv, tsv, markdown, xlsx, github"),
    ],
)
def test_choose_refuses(
    name: str | None, output: Path | None, formats: type | None, decimal_comma: bool, message: str
) -> None:
    with pytest.raises(UsageError, match=re.escape(message)):
        choose(name, output, formats, decimal_comma=decimal_comma)


def test_a_report_is_written_only_in_its_formats() -> None:
    report = validate_report(Validation(["roles.yaml"], [Problem("roles.yaml", "bad", 3, 1)]))
    assert (
        render(report, "text")
        == "roles.yaml:3:1: error: bad\n1 file(s) checked: 1 error(s), 0 warning(s): invalid\n"
    )
    assert render(report, "github").startswith("::error file=roles.yaml,line=3,col=1::bad\n")
    with pytest.raises(UsageError, match="'csv' is not one of table, json, github"):
        render(report, "csv")


def test_a_view_writer_replaces_the_generic_one(tmp_path: Path) -> None:
    report = _report(writers={"markdown": lambda report, out, options: out.write("own\n")})
    target = tmp_path / "out.md"
    emit(report, "markdown", target)
    assert target.read_text() == "own\n"
    assert render(report, "csv") == "label,amount\na,\n"


def test_a_binary_format_is_made_whole_before_it_is_written(tmp_path: Path) -> None:
    target = tmp_path / "out.xlsx"
    target.write_text("precious")

    def fail(report: Report, out: object, options: object) -> None:
        raise UsageError("no workbook today")

    with pytest.raises(UsageError):
        emit(_report(writers={"xlsx": fail}), "xlsx", target)
    assert target.read_text() == "precious"
