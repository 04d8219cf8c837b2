"""Outputs a finance team keeps: amounts in another currency, xlsx workbooks, CSV for
comma-decimal locales and budgets at low, mid and high side by side.

The workbooks are read back with openpyxl; their SUM/SUMIFS totals are evaluated here
(as a spreadsheet would, case-insensitive, wildcards escaped) and compared with the
CSV and JSON. `tests/test_libreoffice.py` has a real spreadsheet compute them.
"""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from .conftest import START

EUR_PER_USD = Decimal("1.1567")  # data/paths.yaml: EUR 1 = USD 1.1567 (ECB, 2026-08-14)
CENT = Decimal("0.01")
EXAMPLES = Path(__file__).parents[1] / "examples"


def _json(cli: Any, *args: str) -> Any:
    return json.loads(cli(*args, "-f", "json").stdout)


def _csv(text: str, delimiter: str = ",") -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text), delimiter=delimiter))


# ---------------------------------------------------------------- currency


def test_embedded_year_in_euros_is_162000_dollars_at_the_stated_rate(cli) -> None:  # type: ignore[no-untyped-def]
    doc = _json(cli, "compare", "--start", START, "--currency", "EUR")
    embedded = next(p for p in doc["paths"] if p["id"] == "embedded")
    assert (Decimal("162000") / EUR_PER_USD).quantize(CENT) == Decimal("140053.60")
    assert Decimal(str(embedded["total"]["mid"])) == Decimal("140053.60")
    assert doc["currency"] == "EUR"
    assert doc["exchange_rate"] == {
        "from": "USD",
        "to": "EUR",
        "rate": 1.1567,
        "meaning": "EUR 1 = USD 1.1567",
        "source": "ecb",
        "as_of": "2026-08-14",
        "estimate": True,
    }
    line = next(line for line in doc["assumptions"] if line.startswith("Currency:"))
    assert "EUR 1 = USD 1.1567" in line and "as of 2026-08-14" in line and "estimate" in line


def test_every_format_names_the_currency(cli) -> None:  # type: ignore[no-untyped-def]
    args = ("compare", "--start", START, "--currency", "eur")
    assert "in EUR" in cli(*args).stdout.splitlines()[0]
    assert "in EUR" in cli(*args, "-f", "markdown").stdout
    rows = _csv(cli(*args, "-f", "csv").stdout)
    assert {row["currency"] for row in rows} == {"EUR"}
    assert {row["currency"] for row in _csv(cli(*args, "-f", "tsv").stdout, "\t")} == {"EUR"}
    budget = cli("budget", "-p", "embedded", "--start", "2027-01", "--months", "2", "--currency", "EUR")
    assert "in EUR" in budget.stdout and "EUR 1 = USD 1.1567" in budget.stdout


def test_conversion_is_exact_until_each_item_is_rounded(cli) -> None:  # type: ignore[no-untyped-def]
    usd = _json(cli, "compare", "--start", START, "-p", "all")
    eur = _json(cli, "compare", "--start", START, "-p", "all", "--currency", "EUR")
    for before, after in zip(usd["paths"], eur["paths"], strict=True):
        for old, new in zip(before["items"], after["items"], strict=True):
            for point in ("low", "mid", "high"):
                converted = Decimal(str(old["amount"][point])) / EUR_PER_USD
                # one rounding, of the exact converted item (never a rounded figure rounded again)
                assert abs(Decimal(str(new["amount"][point])) - converted) <= Decimal("0.005") + CENT / 2


def test_budget_in_euros_reconciles_with_compare_in_euros(cli) -> None:  # type: ignore[no-untyped-def]
    common = ("--start", "2027-01-01", "--months", "12", "-p", "in-house-fte", "--currency", "EUR")
    budget = _json(cli, "budget", *common)
    compare = _json(cli, "compare", *common, "--basis", "calendar")
    assert budget["totals"]["groups"][0]["total"] == compare["paths"][0]["total"]["mid"]


def test_rank_converts_costs(cli) -> None:  # type: ignore[no-untyped-def]
    args = ("rank", "--start", START, "-d", "2027-06-30", "-p", "embedded")
    usd, eur = _json(cli, *args), _json(cli, *args, "--currency", "EUR")
    before = Decimal(str(usd["paths"][0]["cost_to_deadline"]["mid"]))
    after = Decimal(str(eur["paths"][0]["cost_to_deadline"]["mid"]))
    assert abs(after - before / EUR_PER_USD) <= 3 * CENT  # each item is rounded on its own
    assert eur["currency"] == "EUR" and any("EUR 1 = USD 1.1567" in a for a in eur["assumptions"])


def test_amounts_given_on_the_command_line_are_in_the_chosen_currency(cli) -> None:  # type: ignore[no-untyped-def]
    doc = _json(cli, "compare", "--start", START, "--embedded-monthly", "10000", "--currency", "EUR")
    embedded = next(p for p in doc["paths"] if p["id"] == "embedded")
    assert embedded["total"]["mid"] == 120000


def test_the_data_currency_is_no_conversion(cli) -> None:  # type: ignore[no-untyped-def]
    plain = cli("compare", "--start", START, "-f", "json").stdout
    assert cli("compare", "--start", START, "--currency", "USD", "-f", "json").stdout == plain


@pytest.mark.parametrize(
    ("code", "exit_code", "message"),
    [
        (
            "GBP",
            1,
            "--currency: no exchange rate for GBP in paths.yaml (amounts are in USD; rates given: EUR)",
        ),
        ("EURO", 2, "--currency: 'EURO' is not a currency code"),
    ],
)
def test_a_currency_without_a_rate_is_an_error(cli, code: str, exit_code: int, message: str) -> None:  # type: ignore[no-untyped-def]
    result = cli("budget", "--currency", code, code=exit_code)
    assert message in result.stderr and result.stdout == ""


def test_roles_in_another_currency_are_converted_at_the_rate(cli, data_copy: Path) -> None:  # type: ignore[no-untyped-def]
    roles = data_copy / "roles.yaml"
    roles.write_text(roles.read_text().replace("currency: USD", "currency: EUR", 1))
    cli("validate", str(data_copy))
    doc = _json(cli, "compare", "--data-dir", str(data_copy), "--start", START, "-p", "in-house-fte")
    loaded = doc["paths"][0]["items"][0]
    assert loaded["id"] == "loaded-cost"
    assert Decimal(str(loaded["amount"]["low"])) == (Decimal(22000) * EUR_PER_USD * 12).quantize(CENT)
    assert any(
        line.startswith("Roles: roles.yaml's EUR amounts converted to USD") for line in doc["assumptions"]
    )


def test_a_currency_mismatch_without_a_rate_is_refused_not_relabelled(cli, data_copy: Path) -> None:  # type: ignore[no-untyped-def]
    paths = data_copy / "paths.yaml"
    paths.write_text(paths.read_text().replace("currency: USD", "currency: GBP", 1))
    expected = "currency GBP differs from USD in roles.yaml, and paths.yaml has no rate for USD"
    assert expected in cli("validate", str(data_copy), code=1).stdout
    # the file alone, checked against its partner
    assert expected in cli("validate", str(paths), code=1).stdout
    assert expected in cli("compare", "--data-dir", str(data_copy), code=1).stderr


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("value: 1.1567", "value: 0", "must be from 0.000001 to 1,000,000"),
        ("value: 1.1567", "value: 1.0e-30", "must be from 0.000001 to 1,000,000"),
        (
            "  EUR:\n    value: 1.1567",
            "  USD:\n    value: 1.1567",
            "a rate for USD, this file's own currency",
        ),
        ("  EUR:\n    value: 1.1567", "  Euro:\n    value: 1.1567", "'Euro' is not a currency code"),
    ],
)
def test_bad_rates_are_refused(cli, data_copy: Path, old: str, new: str, message: str) -> None:  # type: ignore[no-untyped-def]
    paths = data_copy / "paths.yaml"
    assert old in paths.read_text()
    paths.write_text(paths.read_text().replace(old, new, 1))
    assert message in cli("validate", str(data_copy), code=1).stdout


# ---------------------------------------------------------------- CSV and TSV with decimal commas


def test_decimal_comma_csv_uses_semicolons_and_comma_decimals(cli) -> None:  # type: ignore[no-untyped-def]
    args = ("budget", "--plan", str(EXAMPLES / "hiring-plan.csv"), "--start", "2027-01", "--by", "row")
    text = cli(*args, "--decimal-comma", "-f", "csv", "--totals").stdout
    rows = _csv(text, ";")
    assert text.splitlines()[0].startswith("month;path;role;label;band;")
    doc = _json(cli, *args)
    monthly = [row for row in rows if row["month"] != "total"]
    for row in rows:
        for key in ("recurring", "one_time", "expected", "total"):
            assert re.fullmatch(r"\d+,\d\d", row[key]), row[key]  # no thousands separators, no dots
    total = sum(Decimal(row["total"].replace(",", ".")) for row in monthly)
    assert total == Decimal(str(doc["totals"]["total"]))


def test_decimal_comma_tsv_keeps_tabs(cli) -> None:  # type: ignore[no-untyped-def]
    text = cli("compare", "--start", START, "--decimal-comma", "-f", "tsv").stdout
    rows = _csv(text, "\t")
    assert rows[0]["mid"] == "162000,00"


@pytest.mark.parametrize("fmt", ["json", "markdown", "table"])
def test_decimal_comma_is_for_csv_and_tsv(cli, fmt: str) -> None:  # type: ignore[no-untyped-def]
    result = cli("compare", "--decimal-comma", "-f", fmt, code=2)
    assert "--decimal-comma: applies to csv and tsv output" in result.stderr


def test_decimal_comma_with_an_xlsx_file_is_refused_before_any_work(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("compare", "--decimal-comma", "-o", str(tmp_path / "c.xlsx"), code=2)
    assert "a workbook holds numbers" in result.stderr and not (tmp_path / "c.xlsx").exists()


# ---------------------------------------------------------------- budget --band all


def test_band_all_puts_low_mid_and_high_side_by_side(cli) -> None:  # type: ignore[no-untyped-def]
    common = ("budget", "-p", "latam-direct", "-p", "in-house-fte", "--start", "2027-01", "--months", "6")
    each = {band: _json(cli, *common, "--band", band) for band in ("low", "mid", "high")}
    doc = _json(cli, *common, "--band", "all")
    assert doc["band"] == "all" and doc["alternatives"] is True
    for index, row in enumerate(doc["rows"]):
        for band, single in each.items():
            for key in ("recurring", "one_time", "expected", "total", "cumulative"):
                assert row[key][band] == single["rows"][index][key]
    for index, group in enumerate(doc["totals"]["groups"]):
        assert {band: group["total"][band] for band in each} == {
            band: single["totals"]["groups"][index]["total"] for band, single in each.items()
        }
    assert "total" not in doc["totals"]  # alternatives have no grand total at any point
    rows = _csv(cli(*common, "--band", "all", "-f", "csv", "--totals").stdout)
    assert list(rows[0])[6:9] == ["recurring_low", "recurring_mid", "recurring_high"]
    totals = [row for row in rows if row["month"] == "total"]
    assert [row["path"] for row in totals] == ["in-house-fte", "latam-direct"]
    assert Decimal(totals[1]["total_high"]) == Decimal(str(each["high"]["totals"]["groups"][1]["total"]))


def test_band_all_fails_over_on_the_high_band(cli) -> None:  # type: ignore[no-untyped-def]
    common = ("budget", "-p", "in-house-fte", "--start", "2027-01", "--months", "12", "--band", "all")
    high = _json(cli, *common)["totals"]["groups"][0]["total"]["high"]
    cli(*common, "--fail-over", str(high), "-f", "csv")
    cli(*common, "--fail-over", str(Decimal(str(high)) - 1), "-f", "csv", code=3)


def test_band_all_is_budget_only(cli) -> None:  # type: ignore[no-untyped-def]
    cli("compare", "--band", "all", code=2)


# ---------------------------------------------------------------- xlsx


def _criterion_matches(cell: Any, criterion: str) -> bool:
    """A SUMIFS text criterion `=text` (wildcards escaped with ~), as a spreadsheet matches it."""
    assert criterion.startswith("=")
    wanted = re.sub(r"~(.)", r"\1", criterion[1:])
    shown = "" if cell is None else str(cell)
    return shown.casefold() == wanted.casefold()


def _arguments(text: str) -> list[str]:
    parts = re.findall(r'"(?:[^"]|"")*"|[^,]+', text)
    return [part[1:-1].replace('""', '"') if part.startswith('"') else part for part in parts]


def _column(span: str, grid: list[list[Any]]) -> list[Any]:
    match = re.fullmatch(r"([A-Z]+)(\d+):([A-Z]+)(\d+)", span)
    assert match, span
    from openpyxl.utils import column_index_from_string

    index = column_index_from_string(match[1]) - 1
    return [grid[row - 1][index] for row in range(int(match[2]), int(match[4]) + 1)]


def evaluate(formula: str, grid: list[list[Any]]) -> Decimal:
    """The value of one of mlhire's total formulas over the sheet's cells."""
    if formula == "=0":
        return Decimal(0)
    match = re.fullmatch(r"=SUM\(([A-Z0-9:]+)\)", formula)
    if match:
        return sum((Decimal(repr(v)) for v in _column(match[1], grid)), Decimal(0))
    match = re.fullmatch(r"=SUMIFS\((.*)\)", formula)
    assert match, formula
    summed, *pairs = _arguments(match[1])
    values = _column(summed, grid)
    keep = [True] * len(values)
    for span, criterion in zip(pairs[::2], pairs[1::2], strict=True):
        for index, cell in enumerate(_column(span, grid)):
            keep[index] = keep[index] and _criterion_matches(cell, criterion)
    return sum((Decimal(repr(v)) for v, k in zip(values, keep, strict=True) if k), Decimal(0))


def _workbook(cli: Any, tmp_path: Path, *args: str) -> Any:
    from openpyxl import load_workbook

    target = tmp_path / "out.xlsx"
    cli(*args, "-o", str(target))
    return load_workbook(target)


def _shown(value: Any) -> str:
    """A cell as the sheet shows it (a formula: its figure, about as wide as the rows above)."""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"{value:,.2f}"
    if value is None or str(value).startswith("="):
        return ""
    return str(value)


def _grid(sheet: Any) -> list[list[Any]]:
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_budget_workbook_is_formatted_for_finance(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    args = ("budget", "--plan", str(EXAMPLES / "hiring-plan.csv"), "--start", "2027-01", "--by", "row")
    book = _workbook(cli, tmp_path, *args)
    sheet = book["data"]
    grid = _grid(sheet)
    header = grid[0]
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.bold for cell in sheet[1])
    plain_rows = [row for row in grid[1:] if row[0] != "total"]
    assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, len(header)).column_letter}{len(plain_rows) + 1}"
    for index, name in enumerate(header, start=1):
        letter = sheet.cell(1, index).column_letter
        longest = max(len(_shown(row[index - 1])) for row in grid)
        assert sheet.column_dimensions[letter].width >= min(longest, 60), name
    column = {name: index + 1 for index, name in enumerate(header)}
    first = sheet.cell(2, column["month"])
    assert isinstance(first.value, datetime) and first.number_format == "yyyy-mm"
    assert sheet.cell(2, column["estimate"]).data_type == "b"
    assert {type(row[column["estimate"] - 1]) for row in grid[1:]} == {bool}
    for key in ("recurring", "one_time", "expected", "total", "cumulative"):
        assert sheet.cell(2, column[key]).number_format == "#,##0.00"
        assert isinstance(sheet.cell(2, column[key]).value, (int, float))
    doc = _json(cli, *args)
    csv_totals = [r for r in _csv(cli(*args, "-f", "csv", "--totals").stdout) if r["month"] == "total"]
    total_rows = [index for index, row in enumerate(grid) if row[0] == "total"]
    assert len(total_rows) == len(csv_totals)
    for index, expected in zip(total_rows, csv_totals, strict=True):
        for key in ("recurring", "one_time", "expected", "total"):
            formula = grid[index][column[key] - 1]
            assert formula.startswith(("=SUM(", "=SUMIFS(")), formula
            assert evaluate(formula, grid) == Decimal(expected[key]), (index, key)
        assert grid[index][column["cumulative"] - 1] is None
    grand = grid[total_rows[-1]]
    assert grand[column["path"] - 1] == "all" and grand[column["total"] - 1].startswith("=SUM(")
    assert evaluate(grand[column["total"] - 1], grid) == Decimal(str(doc["totals"]["total"]))
    notes = [row[0] for row in book["notes"].iter_rows(values_only=True)]
    assert (
        notes
        == cli(*args, "-f", "markdown").stdout.split("**Notes**")[1].strip().replace("- ", "").splitlines()
    )


def test_compare_workbook_sums_each_paths_items_never_across_paths(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    args = ("compare", "--start", START, "-p", "all", "--baseline", "in-house-fte")
    grid = _grid(_workbook(cli, tmp_path, *args)["data"])
    header = grid[0]
    rows = _csv(cli(*args, "-f", "csv").stdout)
    assert len(grid) == len(rows) + 1  # no grand total of alternatives
    for cells, row in zip(grid[1:], rows, strict=True):
        for point in ("low", "mid", "high"):
            value = cells[header.index(point)]
            if row["row"] == "item":
                assert isinstance(value, (int, float))
            else:
                assert value.startswith("=SUMIFS(") and f'"={row["path"]}"' in value and '"=item"' in value
                assert evaluate(value, grid) == Decimal(row[point]), (row["path"], row["row"], point)


def test_rank_workbook_has_real_dates_and_percents(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    sheet = _workbook(cli, tmp_path, "rank", "--start", START, "-d", "2027-06-30")["data"]
    header = [cell.value for cell in sheet[1]]
    decide_by = sheet.cell(2, header.index("decide_by") + 1)
    assert isinstance(decide_by.value, datetime) and decide_by.number_format == "yyyy-mm-dd"
    probability = sheet.cell(2, header.index("probability") + 1)
    assert isinstance(probability.value, (int, float)) and probability.number_format == "0.0%"


def test_band_all_workbook_totals_each_band(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    args = ("budget", "-p", "latam-direct", "--start", "2027-01", "--months", "3", "--band", "all")
    grid = _grid(_workbook(cli, tmp_path, *args)["data"])
    header = grid[0]
    doc = _json(cli, *args)
    (total,) = [row for row in grid if row[0] == "total"]
    for band in ("low", "mid", "high"):
        formula = total[header.index(f"total_{band}")]
        assert evaluate(formula, grid) == Decimal(str(doc["totals"]["groups"][0]["total"][band]))


def test_labels_a_criterion_could_misread_stay_exact(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    plan = tmp_path / "plan.csv"
    plan.write_text(
        "role,path,decided,headcount,label\n"
        'ml-engineer,embedded,2027-01-01,1,"a*""b?~"\n'
        "ml-engineer,embedded,2027-02-01,1,a\n"
        "ml-engineer,latam-direct,2027-01-01,1,Bridge\n"
        "ml-engineer,latam-direct,2027-03-01,2,bridge\n"  # differs in case only: SUMIFS can't tell them apart
        "ml-engineer,freelance,2027-01-01,1,\n"
    )
    args = ("budget", "--plan", str(plan), "--start", "2027-01", "--months", "4", "--by", "row")
    grid = _grid(_workbook(cli, tmp_path, *args)["data"])
    header = grid[0]
    expected = {
        (row["path"], row["label"]): row
        for row in _csv(cli(*args, "-f", "csv", "--totals").stdout)
        if row["month"] == "total"
    }
    for row in grid[1:]:
        if row[0] != "total":
            continue
        cell = row[header.index("total")]
        want = Decimal(expected[(row[header.index("path")], row[header.index("label")] or "")]["total"])
        value = evaluate(cell, grid) if isinstance(cell, str) else Decimal(repr(cell))
        assert value == want, (row, cell)
        if (row[header.index("label")] or "").casefold() == "bridge":
            assert not isinstance(cell, str)  # a literal, not a formula that would add both
