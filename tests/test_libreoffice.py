"""A real spreadsheet reads the outputs: LibreOffice Calc, headless, in en-US and de-DE.

Each output is opened by `soffice --headless --convert-to xlsx` (CSV and TSV through
the CSV filter with the locale's language, as a user's import dialog would) and the
workbook LibreOffice writes is read back with openpyxl: amounts must be numbers, and
the totals LibreOffice computes from mlhire's formulas must equal the JSON to the cent.

Skipped when `soffice` is missing, unless MLHIRE_REQUIRE_LIBREOFFICE=1 (set by
`.ci/run`, which installs LibreOffice), which turns the skip into a failure. Files are
converted in batches, one LibreOffice start per locale and filter, with a fresh profile.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from .conftest import START

EXAMPLES = Path(__file__).parents[1] / "examples"
LOCALES = {"en-US": ("en_US.UTF-8", 1033), "de-DE": ("de_DE.UTF-8", 1031)}
Convert = Callable[..., list[Path]]


@pytest.fixture(scope="module")
def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        if os.environ.get("MLHIRE_REQUIRE_LIBREOFFICE") == "1":
            pytest.fail("MLHIRE_REQUIRE_LIBREOFFICE=1 but soffice is not installed")
        pytest.skip("LibreOffice (soffice) is not installed; apt-get install libreoffice-calc")
    return found


@pytest.fixture(scope="module")
def convert(soffice: str, tmp_path_factory: pytest.TempPathFactory) -> Convert:
    """Open files in LibreOffice under a locale and save them as xlsx; the saved files."""
    profiles = tmp_path_factory.mktemp("profiles")

    def run(files: list[Path], locale: str, infilter: str | None = None) -> list[Path]:
        lang, _ = LOCALES[locale]
        out = tmp_path_factory.mktemp("converted")
        command = [
            soffice,
            f"-env:UserInstallation={(profiles / locale).as_uri()}",
            "--headless",
            "--norestore",
            "--calc",
            *([f"--infilter={infilter}"] if infilter else []),
            "--convert-to",
            "xlsx",
            "--outdir",
            str(out),
            *map(str, files),
        ]
        env = {**os.environ, "LANG": lang, "LC_ALL": lang, "LANGUAGE": lang.split(".")[0]}
        subprocess.run(command, env=env, check=True, capture_output=True, timeout=180)
        converted = [out / (file.stem + ".xlsx") for file in files]
        missing = [str(path) for path in converted if not path.exists()]
        assert not missing, f"LibreOffice wrote no {missing}"
        return converted

    return run


def _write(cli: Any, target: Path, *args: str) -> Path:
    cli(*args, "-o", str(target))
    return target


def _doc(cli: Any, *args: str) -> Any:
    return json.loads(cli(*args, "-f", "json").stdout)


def _rows(path: Path) -> list[dict[str, Any]]:
    from openpyxl import load_workbook

    sheet = load_workbook(path, data_only=True).worksheets[0]
    header, *rows = sheet.iter_rows(values_only=True)
    return [dict(zip(header, row, strict=False)) for row in rows]


def _money(value: Any) -> Decimal:
    assert isinstance(value, (int, float)) and not isinstance(value, bool), f"not a number: {value!r}"
    return Decimal(repr(value)).quantize(Decimal("0.01"))


PLAN = (
    "role,path,decided,headcount,label\n"
    'ml-engineer,embedded,2027-01-01,1,"bridge *?~ ""quoted"""\n'
    "ml-engineer,in-house-fte,2027-01-01,1,in-house hire\n"
    "data-scientist,latam-direct,2027-03-01,2,\n"
)


def _budget_args(tmp_path: Path) -> tuple[str, ...]:
    plan = tmp_path / "plan.csv"
    plan.write_text(PLAN)
    return ("budget", "--plan", str(plan), "--start", "2027-01", "--months", "12", "--by", "row")


@pytest.mark.parametrize("locale", list(LOCALES))
def test_workbooks_compute_the_json_totals(cli, convert: Convert, tmp_path: Path, locale: str) -> None:  # type: ignore[no-untyped-def]
    budget = _budget_args(tmp_path)
    compare = ("compare", "--start", START, "-p", "all", "--currency", "EUR")
    bands = ("budget", "-p", "embedded", "-p", "in-house-fte", "--start", "2027-01", "--band", "all")
    files = [
        _write(cli, tmp_path / "budget.xlsx", *budget),
        _write(cli, tmp_path / "compare.xlsx", *compare),
        _write(cli, tmp_path / "bands.xlsx", *bands),
    ]
    budget_out, compare_out, bands_out = convert(files, locale)

    doc = _doc(cli, *budget)
    rows = _rows(budget_out)
    totals = {(row["path"], row["label"] or ""): row for row in rows if row["month"] == "total"}
    for group in doc["totals"]["groups"]:
        row = totals[(group["path"], group["label"])]
        for key in ("recurring", "one_time", "expected", "total"):
            assert _money(row[key]) == Decimal(str(group[key])), (locale, group["label"], key)
    assert _money(totals[("all", "")]["total"]) == Decimal(str(doc["totals"]["total"]))
    monthly = [row for row in rows if row["month"] != "total"]
    assert all(row["month"].day == 1 for row in monthly)  # real dates, not text
    assert {type(row["estimate"]) for row in rows} == {bool}

    doc = _doc(cli, *compare)
    rows = _rows(compare_out)
    for path in doc["paths"]:
        for key in ("recurring", "one_time", "expected", "total"):
            (row,) = [r for r in rows if r["path"] == path["id"] and r["row"] == key]
            for point in ("low", "mid", "high"):
                assert _money(row[point]) == Decimal(str(path[key][point])), (locale, path["id"], key, point)

    doc = _doc(cli, *bands)
    rows = _rows(bands_out)
    for group in doc["totals"]["groups"]:
        (row,) = [r for r in rows if r["month"] == "total" and r["path"] == group["path"]]
        for point in ("low", "mid", "high"):
            assert _money(row[f"total_{point}"]) == Decimal(str(group["total"][point]))


def _check_delimited(cli: Any, converted: Path, args: tuple[str, ...]) -> None:
    doc = _doc(cli, *args)
    rows = [row for row in _rows(converted) if row["month"] != "total"]
    assert len(rows) == len(list(doc["rows"]))
    for row, expected in zip(rows, doc["rows"], strict=True):
        for key in ("recurring", "one_time", "expected", "total", "cumulative"):
            assert _money(row[key]) == Decimal(str(expected[key])), (row, key)
    assert sum(_money(row["total"]) for row in rows) == Decimal(str(doc["totals"]["total"]))


def test_csv_reads_as_numbers_in_en_us(cli, convert: Convert, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    args = _budget_args(tmp_path)
    source = _write(cli, tmp_path / "budget.csv", *args)
    (converted,) = convert([source], "en-US", "CSV:44,34,UTF8,1,,1033")
    _check_delimited(cli, converted, args)


def test_decimal_comma_reads_as_numbers_in_de_de(cli, convert: Convert, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    args = _budget_args(tmp_path)
    csv_file = _write(cli, tmp_path / "budget.csv", *args, "--decimal-comma")
    (from_csv,) = convert([csv_file], "de-DE", "CSV:59,34,UTF8,1,,1031")
    _check_delimited(cli, from_csv, args)
    tsv_file = _write(cli, tmp_path / "budget-tab.tsv", *args, "--decimal-comma")
    (from_tsv,) = convert([tsv_file], "de-DE", "CSV:9,34,UTF8,1,,1031")
    _check_delimited(cli, from_tsv, args)


def test_plain_csv_is_misread_in_de_de_which_is_why_decimal_comma_exists(  # type: ignore[no-untyped-def]
    cli, convert: Convert, tmp_path: Path
) -> None:
    args = _budget_args(tmp_path)
    source = _write(cli, tmp_path / "plain.csv", *args)
    (converted,) = convert([source], "de-DE", "CSV:44,34,UTF8,1,,1031")
    doc = _doc(cli, *args)
    rows = [row for row in _rows(converted) if row["month"] != "total"]
    read = [row["cumulative"] for row in rows]
    wanted = [float(row["cumulative"]) for row in doc["rows"]]
    assert read != wanted  # 7403.23 is not a German number: LibreOffice keeps it as text
    assert not any(isinstance(value, (int, float)) for value in read)


CSV_FILTER = "Text - txt - csv (StarCalc)"


def test_a_percent_near_0_or_1_shows_as_the_table_shows_it(soffice: str, tmp_path: Path) -> None:
    """LibreOffice's text of each cell, as shown: a sampled probability of 0.99996 is
    `>99.9%`, never `100.0%`, and its value stays exact."""
    from mlhire_calc.output.formats.xlsx import workbook_bytes
    from mlhire_calc.output.layout import Column, Report, Table, percent_cell

    values = [
        Decimal("0.99996"),
        Decimal("0.00004"),
        Decimal("1"),
        Decimal("0"),
        Decimal("0.5"),
        Decimal("0.0005"),
    ]
    table = Table("P", [Column("p", "P", "percent")], [{"p": value} for value in values])
    workbook = tmp_path / "percents.xlsx"
    workbook.write_bytes(workbook_bytes(Report(document={}, to_flat=lambda _: table)))
    command = [
        soffice,
        f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
        "--headless",
        "--norestore",
    ]
    subprocess.run(
        # comma, quote, UTF-8, from line 1, ..., cell contents as shown (the 9th token)
        [
            *command,
            "--convert-to",
            f"csv:{CSV_FILTER}:44,34,76,1,,0,false,true,true",
            "--outdir",
            str(tmp_path),
            str(workbook),
        ],
        check=True,
        capture_output=True,
        timeout=180,
        env={**os.environ, "LANG": "en_US.UTF-8", "LC_ALL": "en_US.UTF-8"},
    )
    shown = (tmp_path / "percents.csv").read_text().split()[1:]
    assert shown == [percent_cell(value, human=True) for value in values]
    assert [row["p"] for row in _rows(workbook)] == [float(value) for value in values]
