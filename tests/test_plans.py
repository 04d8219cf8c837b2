"""Hiring plans as finance writes them: decided/joins, end/months/until, spreadsheet forms, all problems."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from mlhire_calc.datafiles.load import load_catalog
from mlhire_calc.domain.choices import GroupBy
from mlhire_calc.domain.errors import UsageError
from mlhire_calc.engine.budget import budget
from mlhire_calc.engine.plans import Hire, plan_problems, read_plan

from .conftest import FIXTURE_DATA

CATALOG = load_catalog(FIXTURE_DATA)
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
CATALOG_START = date(2027, 1, 1)
HEADER = "role,path,decided,headcount"
ROW = "ml-engineer,embedded,2027-01-01,1"  # joins 2027-01-15 (the 2-week median): 7,403.23 in January


def _write(tmp_path: Path, text: str, suffix: str = ".csv") -> Path:
    plan = tmp_path / f"plan{suffix}"
    plan.write_bytes(text.encode("utf-8"))
    return plan


def _monthly(
    cli_json: Any, plan: Path, *args: str, by: str = "row"
) -> dict[str, dict[str, tuple[float, float]]]:
    """{group: {YYYY-MM: (recurring, one_time)}} of a 12-month budget from 2027-01."""
    doc = cli_json("budget", "--plan", str(plan), "--start", "2027-01", "--by", by, *args)
    result: dict[str, dict[str, tuple[float, float]]] = {}
    for row in doc["rows"]:
        key = row["label"] or row["path"] or "all"
        result.setdefault(key, {})[row["month"]] = (row["recurring"], row["one_time"])
    return result


# ---------------------------------------------------------------- semantics


def test_bridge_plan_stops_embedded_the_day_in_house_joins(cli_json) -> None:  # type: ignore[no-untyped-def]
    months = _monthly(cli_json, EXAMPLES / "bridge-plan.csv")
    embedded, in_house = months["embedded bridge"], months["in-house hire"]
    # in-house ML engineer: decided 2027-01-01 + its median time to start (6.5 months) = joins 2027-07-18
    assert embedded["2027-01"] == (7403.23, 0.0)  # from 2027-01-15: 17/31 of 13,500
    assert [embedded[f"2027-0{m}"] for m in range(2, 7)] == [(13500.0, 0.0)] * 5
    assert embedded["2027-07"] == (7403.23, 0.0)  # July 1 to 17: 17/31 of 13,500, then billing stops
    assert all(embedded[f"2027-{m:02d}"] == (0.0, 0.0) for m in range(8, 13))
    assert all(in_house[f"2027-0{m}"] == (0.0, 0.0) for m in range(1, 7))
    assert in_house["2027-07"] == (13548.39, 65980.0)  # 14/31 of 30,000 from July 18, the next day
    assert in_house["2027-08"] == (30000.0, 0.0)


def test_joins_rows_start_costing_on_the_join_date(cli_json, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    plan = _write(tmp_path, "role,path,joins,headcount\nml-engineer,in-house-fte,2027-07-01,1\n")
    months = _monthly(cli_json, plan, by="path")["in-house-fte"]
    assert months["2027-06"] == (0.0, 0.0)
    assert months["2027-07"] == (30000.0, 65980.0)  # a full July, and the one-time costs
    assert sum(recurring for recurring, _ in months.values()) == 180000.0  # six months, not one


@pytest.mark.parametrize(
    ("stop", "expected"),
    [
        ("end\n2027-03-31", {"2027-03": 13500.0, "2027-04": 0.0}),  # end is the last day, inclusive
        ("end\n2027-03-16", {"2027-03": 6967.74, "2027-04": 0.0}),  # 16 of March's 31 days
        ("months\n3", {"2027-03": 13500.0, "2027-04": 0.0}),  # 3 months from the join date
        ("months\n1.5", {"2027-01": 13500.0, "2027-02": 7714.29, "2027-03": 0.0}),  # to 2027-02-16: 16/28
    ],
)
def test_rows_end(cli_json, tmp_path: Path, stop: str, expected: dict[str, float]) -> None:  # type: ignore[no-untyped-def]
    column, value = stop.split("\n")
    plan = _write(
        tmp_path, f"role,path,joins,headcount,{column}\nml-engineer,embedded,2027-01-01,1,{value}\n"
    )
    months = _monthly(cli_json, plan, by="path")["embedded"]
    assert {month: months[month][0] for month in expected} == expected


def test_monthly_replaces_the_recurring_items(cli_json, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    plan = _write(tmp_path, "role,path,joins,headcount,monthly\nml-engineer,latam-direct,2027-01-01,2,9000\n")
    months = _monthly(cli_json, plan, by="path")["latam-direct"]
    assert months["2027-01"] == (18000.0, 7400.0)  # one-time costs stay the path's, per hire
    assert months["2027-02"] == (18000.0, 0.0)


def test_plain_rows_reconcile_with_compare(cli_json, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    plan = _write(tmp_path, f"{HEADER}\n{ROW}\n")
    doc = cli_json("budget", "--plan", str(plan), "--start", "2027-01-01")
    compared = cli_json("compare", "-p", "embedded", "--basis", "calendar", "--start", "2027-01-01")
    assert doc["totals"]["total"] == compared["paths"][0]["total"]["mid"]


# ---------------------------------------------------------------- spreadsheet forms

SAME_PLAN = {  # each reads as the one row of ROW: the same budget
    "comma": f"{HEADER}\n{ROW}\n",
    "semicolon": f"{HEADER.replace(',', ';')}\n{ROW.replace(',', ';')}\n",
    "tab": f"{HEADER.replace(',', chr(9))}\n{ROW.replace(',', chr(9))}\n",
    "excel sep line": f"sep=;\n{HEADER.replace(',', ';')}\n{ROW.replace(',', ';')}\n",
    "excel sep tab": f"sep=\t\n{HEADER.replace(',', chr(9))}\n{ROW.replace(',', chr(9))}\n",
    "bom and crlf": f"\ufeff{HEADER}\r\n{ROW}\r\n",
    "headcount 2.0 is 2": f"{HEADER}\nml-engineer,embedded,2027-01-01,1.0\n",
    "year-month": f"{HEADER}\nml-engineer,embedded,2027-01,1\n",
    "header case and spaces": f" Role , PATH ,Decided, headcount\n{ROW}\n",
    "quoted cells": f'{HEADER},label\n{ROW},"Recs, bridge"\n',
    "blank lines": f"{HEADER}\n\n{ROW}\n\n",
    "mdy": f"{HEADER}\nml-engineer,embedded,1/1/2027,1\n",
    "dmy": f"{HEADER}\nml-engineer,embedded,01.01.2027,1\n",
    "trailing empty columns": f"{HEADER},label,,\n{ROW},,,\n",
    "rows ending with empty cells": f"{HEADER}\n{ROW},,\n",
    "an empty unnamed column inside": "role,path,,decided,headcount\nml-engineer,embedded,,2027-01-01,1\n",
    "tab trailing empty columns": f"{HEADER.replace(',', chr(9))}\t\t\n{ROW.replace(',', chr(9))}\t\t\n",
    "semicolon trailing empty columns": f"{HEADER.replace(',', ';')};;\n{ROW.replace(',', ';')};;\n",
}


@pytest.mark.parametrize("name", list(SAME_PLAN))
def test_spreadsheet_forms_read_alike(cli_json, tmp_path: Path, name: str) -> None:  # type: ignore[no-untyped-def]
    plan = _write(tmp_path, SAME_PLAN[name], ".tsv" if "tab" in name else ".csv")
    order = ["--date-order", name] if name in ("mdy", "dmy") else []
    doc = cli_json("budget", "--plan", str(plan), "--start", "2027-01", *order)
    assert doc["totals"]["total"] == 155903.23
    assert doc["hires"] == 1


PLAN_READERS = {  # each command that reads a plan, and where it prints a plan's error
    "budget": (["budget", "--start", "2027-01", "--plan"], "stderr"),
    "validate": (["validate"], "stdout"),
    "report": (["report", "--start", "2027-01", "-o", "{tmp}/page.html", "--plan"], "stderr"),
    "diff": (["diff", "--base", "{data}", "--start", "2027-01", "--plan"], "stderr"),
}
EXPORTED = f"{HEADER},label,,\n{ROW},bridge,,\n{ROW},,,\n"  # as a spreadsheet exports it


@pytest.mark.parametrize("name", list(PLAN_READERS))
def test_every_plan_reader_takes_trailing_empty_columns_but_no_value_under_them(  # type: ignore[no-untyped-def]
    runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    import mlhire_calc.output.report.page
    from mlhire_calc.cli.app import app
    from mlhire_calc.datafiles.load import default_data_dir

    monkeypatch.setattr(mlhire_calc.output.report.page, "render_page", lambda page: "<p>")  # no charts
    prefix, stream = PLAN_READERS[name]
    args = [arg.replace("{tmp}", str(tmp_path)).replace("{data}", str(default_data_dir())) for arg in prefix]
    plan = _write(tmp_path, EXPORTED)
    taken = runner.invoke(app, [*args, str(plan)])
    assert taken.exit_code == 0, (taken.stdout, taken.stderr)
    _write(tmp_path, EXPORTED.replace("bridge,,", "bridge,,x"))
    refused = runner.invoke(app, [*args, str(plan)])
    assert refused.exit_code == 1, (refused.stdout, refused.stderr)
    assert f"{plan}:2: " in getattr(refused, stream)
    assert "row 1: column 7 has no name but holds 'x'" in getattr(refused, stream)


def test_date_order_decides_slash_dates(cli_json, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    plan = _write(tmp_path, "role,path,joins,headcount\nml-engineer,embedded,2/3/2027,1\n")
    march = _monthly(cli_json, plan, "--date-order", "dmy", by="path")["embedded"]
    february = _monthly(cli_json, plan, "--date-order", "mdy", by="path")["embedded"]
    assert march["2027-02"] == (0.0, 0.0) and march["2027-03"] == (13064.52, 0.0)  # from 2 March: 30/31
    assert february["2027-02"] == (round(13500 * 26 / 28, 2), 0.0)  # February 3


def test_yaml_plan_values_are_read_as_written(cli_json, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    plan = _write(
        tmp_path,
        "hires:\n  - {role: ml-engineer, path: embedded, joins: 2027-01-01, headcount: 2.0, until: x}\n"
        "  - role: ml-engineer\n    path: in-house-fte\n    decided: 2027-01\n"
        "    headcount: 1\n    label: x\n",
        ".yaml",
    )
    doc = cli_json("budget", "--plan", str(plan), "--start", "2027-01")
    assert doc["hires"] == 3
    assert doc["rows"][0]["recurring"] == 27000.0 + 0.0


# ---------------------------------------------------------------- refusals, one class per line

BAD_PLANS: dict[str, tuple[str, str, str]] = {  # name: (suffix, content, what stderr says)
    "unknown column": (
        ".csv",
        f"{HEADER},cost\n{ROW},5\n",
        ":1: unknown column 'cost'; known columns: role, path",
    ),
    "end column once ignored": (".csv", f"{HEADER},ends\n{ROW},2027-03\n", "unknown column 'ends'"),
    "duplicate column": (".csv", f"{HEADER},headcount\n{ROW},5\n", ":1: column 'headcount' appears twice"),
    "a value in an unnamed column": (
        ".csv",
        f"{HEADER},label,,\n{ROW},a,,\n{ROW},b,x,\n",
        ":3: row 2: column 6 has no name but holds 'x'; name it (known columns: role, path",
    ),
    "a value past the last column": (
        ".csv",
        f"{HEADER},\n{ROW},,,x\n",
        ":2: row 1: more cells than columns (7 cells, 5 columns)",
    ),
    "headcount 2.5": (
        ".csv",
        f"{HEADER}\nml-engineer,embedded,2027-01,2.5\n",
        "headcount '2.5' is not a whole number",
    ),
    "headcount 010": (
        ".csv",
        f"{HEADER}\nml-engineer,embedded,2027-01,010\n",
        "headcount '010' is not a whole",
    ),
    "headcount 1e3": (
        ".csv",
        f"{HEADER}\nml-engineer,embedded,2027-01,1e3\n",
        "headcount '1e3' is not a whole",
    ),
    "yaml octal": (
        ".yaml",
        "hires:\n  - {role: ml-engineer, path: embedded, decided: 2027-01, headcount: 010}\n",
        ":2:70: 010 has a leading zero",  # the YAML reader refuses it before the plan reads it
    ),
    "yaml hex": (
        ".yaml",
        "hires:\n  - {role: ml-engineer, path: embedded, decided: 2027-01, headcount: 0x10}\n",
        ":2:70: 0x10 is a hexadecimal number",
    ),
    "yaml sexagesimal": (
        ".yaml",
        "hires:\n  - {role: ml-engineer, path: embedded, decided: 2027-01, headcount: 1:30}\n",
        ":2:70: 1:30 is base 60 in YAML 1.1",
    ),
    "yaml unknown key": (
        ".yaml",
        "hires:\n  - {role: ml-engineer, path: embedded, decided: 2027-01, headcount: 1, cost: 5}\n",
        "row 1: unknown column 'cost'",
    ),
    "yaml duplicate key": (
        ".yaml",
        "hires:\n  - {role: ml-engineer, path: embedded, decided: 2027-01, headcount: 1, headcount: 9}\n",
        "duplicate key 'headcount'",
    ),
    "slash date needs an order": (
        ".csv",
        f"{HEADER}\nml-engineer,embedded,04/05/2027,1\n",
        "decided '04/05/2027' could be 2027-04-05 (mdy) or 2027-05-04 (dmy); "
        "give the date order (--date-order mdy or dmy)",
    ),
    "two-digit year": (
        ".csv",
        f"{HEADER}\nml-engineer,embedded,1/15/27,1\n",
        "decided '1/15/27' has a two-digit year; give the date order (--date-order mdy or dmy)",
    ),
    "no such day": (
        ".csv",
        f"{HEADER}\nml-engineer,embedded,2027-02-30,1\n",
        "decided '2027-02-30' is not a valid date: February 2027 has 28 days",
    ),
    "decided and joins": (
        ".csv",
        "role,path,decided,joins,headcount\nml-engineer,embedded,2027-01,2027-02,1\n",
        "give either decided (the decision date) or joins",
    ),
    "neither date": (
        ".csv",
        "role,path,decided,joins,headcount\nml-engineer,embedded,,,1\n",
        "missing decided (the decision date) or joins",
    ),
    "no date column": (
        ".csv",
        "role,path,headcount\nml-engineer,embedded,1\n",
        "missing column(s) decided or joins",
    ),
    "end and months": (
        ".csv",
        f"{HEADER},end,months\n{ROW},2027-05-01,3\n",
        "give at most one of end, months and until",
    ),
    "end before start": (
        ".csv",
        f"{HEADER},end\n{ROW},2027-01-10\n",
        "ends on 2027-01-10, before it starts on 2027-01-15",
    ),
    "months 0": (".csv", f"{HEADER},months\n{ROW},0\n", "months 0 must be above 0"),
    "monthly with a comma": (
        ".csv",
        f'{HEADER},monthly\n{ROW},"13,500"\n',
        "monthly '13,500' is not a plain amount",
    ),
    "until no such label": (
        ".csv",
        f"{HEADER},until,label\n{ROW},in-house,bridge\n",
        "until 'in-house' names no row; labels in this plan: 'bridge'",
    ),
    "until itself": (".csv", f"{HEADER},until,label\n{ROW},a,a\n", "until makes a cycle: 'a' -> 'a'"),
    "until cycle": (
        ".csv",
        f"{HEADER},until,label\n{ROW},b,a\n{ROW},a,b\n",
        "until makes a cycle: 'a' -> 'b' -> 'a'",
    ),
    "until a label used twice": (
        ".csv",
        f"{HEADER},until,label\n{ROW},b,a\n{ROW},,b\n{ROW},,b\n",
        "until 'b' names 2 rows",
    ),
    "semicolon missing columns": (
        ".csv",
        "role;path\nml-engineer;embedded\n",
        "missing column(s) headcount, decided or joins (read as semicolon-separated)",
    ),
    "sep pipe": (".csv", f"sep=|\n{HEADER}\n{ROW}\n", ":1: sep='|': use a comma, semicolon or tab"),
    "stray quote": (
        ".csv",
        f'{HEADER},label\n{ROW},"a"b\n',
        ":2: a quoted field that opens on this line is not closed properly",
    ),
    "more cells": (".csv", f"{HEADER}\n{ROW},x\n", ":2: row 1: more cells than columns (5 cells, 4 columns)"),
    "header only": (".csv", f"{HEADER}\n", "the plan has no hires"),
    "empty file": (".csv", "", "the plan is empty; expected a header row"),
}


@pytest.mark.parametrize("name", list(BAD_PLANS))
def test_bad_plans_are_refused_with_the_place(cli, tmp_path: Path, name: str) -> None:  # type: ignore[no-untyped-def]
    suffix, content, message = BAD_PLANS[name]
    plan = _write(tmp_path, content, suffix)
    result = cli("budget", "--plan", str(plan), "--start", "2027-01", code=1)
    assert message in result.stderr, result.stderr
    assert result.stderr.startswith(f"mlhire: error: {plan}")
    assert len(result.stderr.strip().splitlines()) == 1
    assert plan_problems(plan, CATALOG), "validate finds it too"


def test_an_unclosed_quote_names_its_line_instead_of_swallowing_rows(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rows = [f"{HEADER},label", f"{ROW},first", f'{ROW},"broken label'] + [
        f"{ROW},row {n}" for n in range(100)
    ]
    plan = _write(tmp_path, "\n".join(rows) + "\n")
    for command in (("budget", "--plan", str(plan)), ("validate", str(plan))):
        result = cli(*command, code=1)
        assert f"{plan}:3: " in result.stdout + result.stderr
        assert "a quoted field that opens on this line" in result.stdout + result.stderr
    closed = [f"{HEADER},label", f'{ROW},"multi', 'line"'] + [ROW] * 3
    plan.write_text("\n".join(closed) + "\n")
    assert (
        ":2: a quoted field opens on this line and runs to line 3"
        in cli("budget", "--plan", str(plan), code=1).stderr
    )


def test_validate_reports_every_problem_in_one_run(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    plan = _write(
        tmp_path,
        f"{HEADER},until,label,cost\n"
        "ml-engineer,embedded,4/5/2027,2.5,,a,\n"  # line 2: date AND headcount
        "wizard,nope,2027-13-01,0,,b,\n"  # line 3: role, path, date, headcount
        f"{ROW},zzz,c,\n",  # line 4: until names no row
    )
    result = cli("validate", str(plan), code=1)
    lines = result.stdout.splitlines()
    expected = [
        ":1: error: unknown column 'cost'",
        ":2: error: row 1: headcount '2.5' is not a whole number",
        ":2: error: row 1: decided '4/5/2027' could be 2027-04-05 (mdy) or 2027-05-04 (dmy)",
        ":3: error: row 2: unknown role 'wizard'",
        ":3: error: row 2: unknown path 'nope'",
        ":3: error: row 2: headcount 0 must be 1 to 100000",
        ":3: error: row 2: decided '2027-13-01' is not a valid date: there is no month 13",
        ":4: error: row 3: until 'zzz' names no row",
    ]
    for text in expected:
        assert any(line.startswith(f"{plan}{text}") for line in lines), (text, result.stdout)
    assert lines[-1] == f"1 file(s) checked: {len(expected)} error(s), 0 warning(s): invalid"
    # with the date order given, the date problem is gone and the rest remain
    again = cli("validate", "--date-order", "mdy", str(plan), code=1).stdout
    assert "4/5/2027" not in again and "headcount '2.5'" in again


def test_start_column_still_reads_as_decided_with_a_note(cli, cli_json, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    old = _write(tmp_path, f"role,path,start,headcount\n{ROW}\n")
    result = cli("budget", "--plan", str(old), "--start", "2027-01", "-f", "json")
    assert json.loads(result.stdout)["totals"]["total"] == 155903.23
    assert result.stderr.count("\n") == 1
    assert (
        result.stderr.startswith("mlhire: warning: ")
        and "`start` column is read as `decided`" in result.stderr
    )
    checked = cli("validate", str(old))  # a warning, not an error: exit 0
    assert "warning: the `start` column is read as `decided`" in checked.stdout


def test_core_reads_rows_with_their_dates(tmp_path: Path) -> None:
    hires = read_plan(EXAMPLES / "bridge-plan.csv", CATALOG)
    embedded, in_house = hires
    assert embedded.last_day is not None and embedded.last_day.isoformat() == "2027-07-17"
    assert in_house.last_day is None and in_house.joins is None


# ---------------------------------------------------------------- alternatives are not a plan


def test_alternatives_have_no_grand_total(cli, cli_json) -> None:  # type: ignore[no-untyped-def]
    text = cli("budget", "-p", "all", "--start", "2027-01", "-f", "csv", "--totals").stdout
    totals = [line for line in text.splitlines() if line.startswith("total,")]
    assert [line.split(",")[1] for line in totals] == [
        "ai-platform",
        "embedded",
        "freelance",
        "in-house-fte",
        "latam-direct",
    ]
    assert "885750.58" not in text and "total,all" not in text
    doc = cli_json("budget", "-p", "all", "--start", "2027-01")
    assert doc["alternatives"] is True
    assert set(doc["totals"]) == {"groups"}
    table = cli("budget", "-p", "all", "--start", "2027-01").stdout
    assert "5 alternative paths, 1 hire each" in table and "885,750.58" not in table
    markdown = cli("budget", "-p", "all", "--start", "2027-01", "-f", "markdown").stdout
    assert "**all**" not in markdown


def test_budget_takes_the_paths_compare_takes_by_default(cli_json) -> None:  # type: ignore[no-untyped-def]
    """Without -p, budget and compare answer for the same paths."""
    from mlhire_calc.api import COMPARED_PATHS

    budget = cli_json("budget", "--start", "2027-01")
    compare = cli_json("compare", "--start", "2027-01-01")
    assert [group["path"] for group in budget["totals"]["groups"]] == list(COMPARED_PATHS)
    assert [path["id"] for path in compare["paths"]] == list(COMPARED_PATHS)
    assert len(cli_json("budget", "-p", "all", "--start", "2027-01")["totals"]["groups"]) == 5


def test_one_path_and_plans_keep_their_totals(cli_json) -> None:  # type: ignore[no-untyped-def]
    assert cli_json("budget", "-p", "embedded", "--start", "2027-01")["totals"]["total"] == 155903.23
    doc = cli_json("budget", "--plan", str(EXAMPLES / "bridge-plan.csv"), "--start", "2027-01")
    assert doc["alternatives"] is False and doc["totals"]["total"] == 321307.68


def test_alternatives_are_not_summed_by_month(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("budget", "--start", "2027-01", "--by", "month", code=2)
    assert "--by: alternative paths are shown side by side" in result.stderr
    with pytest.raises(UsageError):
        hires = [Hire("ml-engineer", path, CATALOG_START, 1) for path in ("embedded", "freelance")]
        budget(CATALOG, hires, start=CATALOG_START, months=Decimal(12), by=GroupBy.role, alternatives=True)


def test_fail_over_checks_each_alternative(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("budget", "-p", "all", "--start", "2027-01", "--fail-over", "200000", "-f", "csv", code=3)
    assert "freelance 253,984.51" in result.stderr and "in-house-fte 239,001.22" in result.stderr
    assert "embedded" not in result.stderr
    cli("budget", "-p", "all", "--start", "2027-01", "--fail-over", "300000", "-f", "csv")


CONVERTS = "role,path,decided,headcount,months,converts\nml-engineer,embedded,2027-01-04,1,6,{flag}\n"


def test_a_row_that_converts_pays_the_conversion_fee_the_day_after_it_ends(  # type: ignore[no-untyped-def]
    cli_json, tmp_path: Path
) -> None:
    question = ("budget", "--start", "2027-01-01", "--months", "12", "--by", "month", "--plan")
    stays = cli_json(*question, str(_write(tmp_path, CONVERTS.format(flag="no"))))
    converts = cli_json(*question, str(_write(tmp_path, CONVERTS.format(flag="yes"))))
    fee = 0.2 * 13500 * 12  # the fixture's 20% of a year of the embedded fee
    assert converts["totals"]["total"] == pytest.approx(stays["totals"]["total"] + fee, abs=0.005)
    # joins 2027-01-18 (decided + two weeks), paid six months, converts on 2027-07-18
    months = {row["month"]: row["one_time"] for row in converts["rows"] if row["one_time"]}
    assert months == {"2027-07": fee}
    # the fixture's fee is an estimate: marked where a row converts, not where none does
    assert {row["estimate"] for row in converts["rows"]} == {True}
    assert {row["estimate"] for row in stays["rows"]} == {False}


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("ml-engineer,embedded,2027-01-04,1,,yes", "converts needs the row to end"),
        ("ml-engineer,embedded,2027-01-04,1,6,maybe", "converts 'maybe' is not yes or no"),
    ],
)
def test_a_conversion_needs_an_end_and_a_yes_or_no(cli, tmp_path: Path, row: str, message: str) -> None:  # type: ignore[no-untyped-def]
    plan = _write(tmp_path, f"role,path,decided,headcount,months,converts\n{row}\n")
    result = cli("budget", "--plan", str(plan), code=None)
    assert result.exit_code != 0 and message in result.stderr and "row 1" in result.stderr
    problems = cli("validate", str(plan), code=None).stdout
    assert message in problems


def test_compare_never_charges_a_conversion(cli_json) -> None:  # type: ignore[no-untyped-def]
    document = cli_json("compare", "-p", "embedded", "--start", "2026-12-01")
    assert "conversion-fee" not in {item["id"] for item in document["paths"][0]["items"]}
