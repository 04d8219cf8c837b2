"""`mlhire budget`: monthly schedules, plans, reconciliation with compare, the CI gate."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mlhire_calc.datafiles.load import load_catalog
from mlhire_calc.engine.budget import budget
from mlhire_calc.engine.cost import compare
from mlhire_calc.engine.plans import Hire

from .conftest import FIXTURE_DATA

CATALOG = load_catalog(FIXTURE_DATA)
PATH_IDS = list(CATALOG.paths)
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def _rows(text: str, fmt: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text), delimiter="\t" if fmt == "tsv" else ","))


def _sum_of_rows(cli, fmt: str, args: list[str]) -> tuple[Decimal, Decimal, Decimal]:  # type: ignore[no-untyped-def]
    out = cli("budget", *args, "-f", fmt).stdout
    if fmt == "json":
        rows = json.loads(out)["rows"]
        values = [
            (Decimal(str(r["recurring"])), Decimal(str(r["one_time"])), Decimal(str(r["total"])))
            for r in rows
        ]
    else:
        values = [
            (Decimal(r["recurring"]), Decimal(r["one_time"]), Decimal(r["total"])) for r in _rows(out, fmt)
        ]
    return tuple(sum(column, Decimal(0)) for column in zip(*values, strict=True))  # type: ignore[return-value]


@pytest.mark.parametrize("path_id", PATH_IDS)
@pytest.mark.parametrize("fmt", ["csv", "tsv", "json"])
def test_monthly_rows_sum_to_compare_calendar_to_the_cent(cli, cli_json, path_id: str, fmt: str) -> None:  # type: ignore[no-untyped-def]
    common = ["--start", "2026-11-26", "--months", "12", "--headcount", "3", "-p", path_id]
    for band in ("low", "mid", "high"):
        recurring, one_time, total = _sum_of_rows(cli, fmt, [*common, "--band", band])
        doc = cli_json("compare", *common, "--basis", "calendar")
        expected = doc["paths"][0]
        assert recurring == Decimal(str(expected["recurring"][band]))
        assert one_time == Decimal(str(expected["one_time"][band]))
        assert total == Decimal(str(expected["total"][band]))


@pytest.mark.parametrize("path_id", PATH_IDS)
@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_human_formats_show_the_compare_total(cli, cli_json, path_id: str, fmt: str) -> None:  # type: ignore[no-untyped-def]
    common = ["--start", "2026-11-26", "--months", "12", "--headcount", "3", "-p", path_id]
    out = cli("budget", *common, "-f", fmt).stdout
    total = Decimal(str(cli_json("compare", *common, "--basis", "calendar")["paths"][0]["total"]["mid"]))
    total_line = next(line for line in out.splitlines() if "total" in line and path_id in line)
    assert f"{total:,.2f}" in total_line


def test_partial_months_are_prorated_by_calendar_days(cli) -> None:  # type: ignore[no-untyped-def]
    rows = _rows(
        cli("budget", "-p", "embedded", "--start", "2026-12-01", "--months", "2", "-f", "csv").stdout, "csv"
    )
    # the embedded engineer starts 2026-12-15: 17 of December's 31 days
    assert rows[0]["month"] == "2026-12"
    assert Decimal(rows[0]["recurring"]) == (Decimal(13500) * 17 / 31).quantize(Decimal("0.01"))
    assert Decimal(rows[1]["recurring"]) == Decimal("13500.00")
    assert rows[1]["cumulative"] == str(Decimal(rows[0]["total"]) + Decimal("13500.00"))


def test_one_time_costs_fall_in_the_start_month(cli) -> None:  # type: ignore[no-untyped-def]
    rows = _rows(
        cli("budget", "-p", "in-house-fte", "--start", "2026-12-01", "--months", "12", "-f", "csv").stdout,
        "csv",
    )
    one_time = {row["month"]: Decimal(row["one_time"]) for row in rows if Decimal(row["one_time"])}
    assert list(one_time) == ["2027-06"]  # hire date 2027-06-02 (median 6 months)
    assert one_time["2027-06"] == Decimal("65980.00")


def test_csv_round_trips_as_decimal_and_has_no_totals_by_default(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "budget.csv"
    cli("budget", "--plan", str(EXAMPLES / "hiring-plan.csv"), "--start", "2027-01", "-o", str(target))
    text = target.read_text()
    header = text.splitlines()[0]
    assert header == "month,path,role,band,estimate,currency,recurring,one_time,expected,total,cumulative"
    assert {row["band"] for row in _rows(text, "csv")} == {"mid"}
    rows = _rows(text, "csv")
    assert all(row["month"] != "total" for row in rows)
    for row in rows:
        for key in ("recurring", "one_time", "expected", "total", "cumulative"):
            value = Decimal(row[key])
            assert value == value.quantize(Decimal("0.01")) and row[key] == f"{value:.2f}"
        assert Decimal(row["recurring"]) + Decimal(row["one_time"]) + Decimal(row["expected"]) == Decimal(
            row["total"]
        )
    doc = json.loads(
        cli("budget", "--plan", str(EXAMPLES / "hiring-plan.csv"), "--start", "2027-01", "-f", "json").stdout
    )
    assert sum(Decimal(r["total"]) for r in rows) == Decimal(str(doc["totals"]["total"]))


def test_xlsx_holds_the_same_numbers_as_csv(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook

    args = ["budget", "--plan", str(EXAMPLES / "hiring-plan.csv"), "--start", "2027-01", "--by", "row"]
    cli(*args, "-o", str(tmp_path / "budget.xlsx"))
    rows = _rows(cli(*args, "-f", "csv").stdout, "csv")
    sheet = load_workbook(tmp_path / "budget.xlsx")["data"]
    header, *values = list(sheet.values)
    assert list(header) == list(rows[0])
    monthly = [cells for cells in values if cells[0] != "total"]  # the workbook adds its total rows
    assert len(monthly) == len(rows)
    for cells, row in zip(monthly, rows, strict=True):
        record = dict(zip(header, cells, strict=True))
        assert record["month"].strftime("%Y-%m") == row["month"] and record["label"] == row["label"]
        for key in ("recurring", "one_time", "expected", "total", "cumulative"):
            assert isinstance(record[key], (int, float))  # a number, not text, in any locale
            assert Decimal(repr(record[key])).quantize(Decimal("0.01")) == Decimal(row[key])


def test_totals_flag_adds_total_rows(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    plan = tmp_path / "plan.csv"
    plan.write_text(
        "role,path,decided,headcount\nml-engineer,embedded,2027-01,1\nml-engineer,freelance,2027-01,1\n"
    )
    rows = _rows(
        cli("budget", "--plan", str(plan), "--start", "2027-01", "--totals", "-f", "csv").stdout, "csv"
    )
    totals = [row for row in rows if row["month"] == "total"]
    assert [row["path"] for row in totals] == ["embedded", "freelance", "all"]
    assert Decimal(totals[-1]["total"]) == Decimal(totals[0]["total"]) + Decimal(totals[1]["total"])


@pytest.mark.parametrize("plan", ["hiring-plan.csv", "hiring-plan.yaml"])
@pytest.mark.parametrize("by", ["month", "path", "role", "row"])
def test_example_plan_runs_and_groupings_agree(cli_json, plan: str, by: str) -> None:  # type: ignore[no-untyped-def]
    doc = cli_json(
        "budget", "--plan", str(EXAMPLES / plan), "--start", "2027-01", "--months", "12", "--by", by
    )
    assert doc["schema"] == "mlhire.budget/1"
    assert doc["hires"] == 7
    assert doc["totals"]["total"] == 1212872.00  # the same plan in either format, any grouping
    assert sum(Decimal(str(r["total"])) for r in doc["rows"]) == Decimal("1212872.00")
    assert {"month", "path", "recurring", "one_time", "total"} <= set(doc["rows"][0])


def test_fail_over_gate(cli, cli_json) -> None:  # type: ignore[no-untyped-def]
    args = ["budget", "-p", "embedded", "--start", "2027-01", "--months", "12"]
    total = Decimal(str(cli_json(*args)["totals"]["total"]))
    under = cli(*args, "--fail-over", str(total), "-f", "csv", code=0)
    assert under.stdout
    over = cli(*args, "--fail-over", str(total - Decimal("0.01")), "-f", "csv", code=3)
    assert over.stdout.startswith("month,")  # the output is printed first
    assert f"budget total {total:,.2f} is over --fail-over {total - Decimal('0.01'):,.2f}" in over.stderr


def test_output_extension_picks_the_format(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    for name, check in (
        ("b.tsv", lambda t: t.startswith("month\tpath")),
        ("b.json", lambda t: json.loads(t)["schema"] == "mlhire.budget/1"),
        ("b.md", lambda t: t.startswith("### Budget")),
    ):
        cli("budget", "-p", "embedded", "--start", "2027-01", "-o", str(tmp_path / name))
        assert check((tmp_path / name).read_text()), name


@pytest.mark.parametrize(
    ("content", "suffix", "message"),
    [
        (
            "role,path,start,headcount\nml-engineer,embedded,2027-01,1\nml-engineer,nope,2027-01,1\n",
            ".csv",
            ":3: row 2: unknown path 'nope'",
        ),
        (
            "role,path,start,headcount\nml-engineer,embedded,2027-02-30,1\n",
            ".csv",
            ":2: row 1: start '2027-02-30' is not a valid date: February 2027 has 28 days",
        ),
        (
            "role,path,start,headcount\nml-engineer,embedded,2027-01,0\n",
            ".csv",
            "row 1: headcount 0 must be 1",
        ),
        (
            "role,path,start,headcount\nml-engineer,embedded,2027-01,two\n",
            ".csv",
            "row 1: headcount 'two' is not",
        ),
        ("role,path,start,headcount\nwizard,embedded,2027-01,1\n", ".csv", "row 1: unknown role 'wizard'"),
        (
            "role,path,start,headcount\nml-engineer,embedded,,1\n",
            ".csv",
            "row 1: missing decided (the decision date) or joins",
        ),
        ("role,path,headcount\nml-engineer,embedded,1\n", ".csv", "missing column(s) decided or joins"),
        ("role,path,start,headcount\n", ".csv", "the plan has no hires"),
        (
            "hires:\n  - {role: ml-engineer, path: embedded, start: 2027-01-01, headcount: 1}\n"
            "  - {role: ml-engineer, path: embedded, start: 2027-01-01, headcount: -1}\n",
            ".yaml",
            ":3: row 2: headcount '-1' is not a whole number",
        ),
        ("hires: nope\n", ".yaml", "expected a mapping with a `hires:` list"),
        (
            "hires:\n  - {role: ml-engineer, path: embedded, start: 2027-01-01, headcount: 1, cost: 5}\n",
            ".yaml",
            "row 1: unknown column 'cost'; known columns: role, path",
        ),
        ("a,b\n", ".txt", "use a .csv, .tsv, .yaml or .yml file"),
    ],
)
def test_bad_plans_name_the_row(cli, tmp_path: Path, content: str, suffix: str, message: str) -> None:  # type: ignore[no-untyped-def]
    plan = tmp_path / f"plan{suffix}"
    plan.write_text(content)
    result = cli("budget", "--plan", str(plan), "--start", "2027-01", code=None)
    assert result.exit_code in (1, 2)
    assert message in result.stderr, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


hires = st.builds(
    Hire,
    role=st.sampled_from(list(CATALOG.roles)),
    path=st.sampled_from(PATH_IDS),
    start=st.dates(date(2025, 6, 1), date(2028, 6, 1)),
    headcount=st.integers(1, 20),
)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(hires, min_size=1, max_size=8),
    st.dates(date(2026, 1, 1), date(2027, 12, 31)),
    st.integers(1, 36),
)
def test_a_plan_is_the_sum_of_its_hires(plan: list[Hire], start: date, months: int) -> None:
    window = {"start": start, "months": Decimal(months)}
    result = budget(CATALOG, plan, by="row", **window)
    assert sum((row.total for row in result.rows), Decimal(0)) == result.total
    separately = sum((budget(CATALOG, [hire], **window).total for hire in plan), Decimal(0))
    assert separately == result.total
    for group in result.totals:
        assert group.recurring >= 0 and group.one_time >= 0


@settings(max_examples=40, deadline=None)
@given(
    st.sampled_from(PATH_IDS),
    st.sampled_from(list(CATALOG.roles)),
    st.dates(date(2026, 1, 1), date(2028, 1, 1)),
    st.integers(1, 40),
    st.integers(1, 50),
    st.sampled_from(["low", "mid", "high"]),
)
def test_one_hire_matches_compare_calendar(path_id, role_id, start, months, headcount, band) -> None:  # type: ignore[no-untyped-def]
    hire = Hire(role_id, path_id, start, headcount)
    result = budget(CATALOG, [hire], start=start, months=Decimal(months), band=band)
    cost = compare(
        CATALOG,
        role_id=role_id,
        path_ids=[path_id],
        start=start,
        months=Decimal(months),
        headcount=headcount,
        basis="calendar",
        baseline_id=None,
    ).paths[0]
    assert result.total == cost.total.pick(band)
    assert result.one_time == cost.one_time.pick(band)
