"""Every table any command prints fits the terminal, with no line ending in spaces.

At 80 columns (the width without COLUMNS or a terminal) and wider, each line fits the
width, in terminal cells (`rich.cells.cell_len`); text wraps or the table is stacked,
a record per row, and figures are never cut. The inputs are the wide ones: every path,
every country, every band, long plan labels, on the shipped data a user sees.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from rich.cells import cell_len
from typer.testing import CliRunner

from mlhire_calc.cli.app import COMMANDS, app

from .conftest import START

pytestmark = pytest.mark.shipped_data

EXAMPLES = Path(__file__).parents[1] / "examples"
LONG_LABEL = "Recommendations pipeline for the European storefront (first of three)"

TABLES: dict[str, list[str]] = {
    "compare": ["compare", "--start", START],
    "compare all paths": ["compare", "-r", "data-scientist", "-p", "all", "--start", START],
    "compare 36 months, 3 hires": ["compare", "-p", "all", "-m", "36", "-n", "3", "--start", START],
    "compare every country": ["compare", "-p", "latam-direct", "--country", "all", "--start", START],
    "compare scenarios": [
        "compare",
        "--scenarios",
        str(EXAMPLES / "scenarios.yaml"),
        "--scenario",
        "base",
        "--scenario",
        "fee-up",
        "--scenario",
        "slow-hire",
        "--start",
        START,
    ],
    "rank": ["rank", "--start", START, "-d", "2027-06-30"],
    "rank delay cost": ["rank", "--start", START, "--deadline", "2027-Q3", "--delay-cost-per-month", "40000"],
    "rank work": ["rank", "-p", "all", "--start", START, "--deadline", "2027-Q3", "--work", "3m"],
    "budget": ["budget", "--start", "2026-12", "-m", "3"],
    "budget all paths": ["budget", "-p", "all", "--start", "2026-12", "-m", "3"],
    "budget bands": ["budget", "-p", "all", "--band", "all", "--start", "2026-12", "-m", "3"],
    "budget every country": [
        "budget",
        "-p",
        "latam-direct",
        "--country",
        "all",
        "--start",
        "2026-12",
        "-m",
        "2",
    ],
    "budget plan by row": [
        "budget",
        "--plan",
        str(EXAMPLES / "hiring-plan.csv"),
        "--by",
        "row",
        "--start",
        "2026-12",
    ],
    "budget plan by role": [
        "budget",
        "--plan",
        str(EXAMPLES / "hiring-plan.csv"),
        "--by",
        "role",
        "--start",
        "2026-12",
    ],
    "budget plan by month": [
        "budget",
        "--plan",
        str(EXAMPLES / "hiring-plan.csv"),
        "--by",
        "month",
        "--band",
        "all",
        "--start",
        "2026-12",
    ],
    "budget long labels": ["budget", "--plan", "{long_plan}", "--by", "row", "--start", "2027-01", "-m", "3"],
    "roles": ["roles"],
    "paths": ["paths"],
    "countries": ["countries"],
    "validate": ["validate", "--data-dir", "{bad_data}"],
    "diff": ["diff", "--base", "{base}", "--start", START],
    "data list": ["data", "list"],
    "sensitivity": ["sensitivity", "--start", START],
    "simulate": ["simulate", "--start", START, "--samples", "200"],
    "afford": ["afford", "--start", START, "-d", "2027-06-30", "--budget", "300000"],
}
# what prints no table: JSON, a file, a copy of the data, a usage line
NO_TABLE = {"schema", "report", "data init"}


def test_every_command_that_prints_a_table_is_measured() -> None:
    measured = {args[0] if args[0] != "data" else f"data {args[1]}" for args in TABLES.values()}
    assert set(COMMANDS) - NO_TABLE <= measured


@pytest.fixture
def inputs(tmp_path: Path) -> dict[str, str]:
    from mlhire_calc.datafiles.load import default_data_dir

    data = default_data_dir()
    long_plan = tmp_path / "long.csv"
    long_plan.write_text(
        "role,path,decided,headcount,label\n"
        f"ml-platform-engineer,in-house-fte,2027-01-01,2,{LONG_LABEL}\n"
        f"applied-ai-engineer,latam-direct,2027-01-01,1,{LONG_LABEL} (bridge)\n"
    )
    bad = tmp_path / "bad"
    bad.mkdir()
    for name in ("roles.yaml", "paths.yaml"):
        text = (data / name).read_text(encoding="utf-8")
        (bad / name).write_text(text.replace("amount: 13500", "amount: -13500"), encoding="utf-8")
    base = tmp_path / "base"
    base.mkdir()
    for name in ("roles.yaml", "paths.yaml"):
        text = (data / name).read_text(encoding="utf-8")
        (base / name).write_text(text.replace("amount: 13500", "amount: 12000"), encoding="utf-8")
    return {"long_plan": str(long_plan), "bad_data": str(bad), "base": str(base)}


def _lines(args: list[str], inputs: dict[str, str], columns: str | None) -> list[str]:
    argv = [arg.format(**inputs) if arg.startswith("{") else arg for arg in args]
    env = {"NO_COLOR": "1", "MLHIRE_DEBUG": None, "COLUMNS": columns, "TERMINAL_WIDTH": None}
    result = CliRunner(env=env).invoke(app, argv)
    assert result.exit_code in (0, 1), (result.exit_code, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    assert result.stdout.strip()
    return result.stdout.splitlines()


def _check(lines: list[str], width: int, *, wraps: bool = True) -> None:
    long = [line for line in lines if cell_len(line) > width]
    assert not wraps or not long, f"{len(long)} lines over {width} columns, e.g. {long[:3]}"
    ends = [line for line in lines if line != line.rstrip()]
    assert not ends, f"{len(ends)} lines end in spaces, e.g. {ends[:3]}"


@pytest.mark.parametrize("columns", ["80", "100", "120"])
@pytest.mark.parametrize("name", list(TABLES))
def test_every_line_fits_the_terminal(name: str, columns: str, inputs: dict[str, str]) -> None:
    # validate prints file:line: diagnostics for editors to read, one line each: never wrapped
    _check(_lines(TABLES[name], inputs, columns), int(columns), wraps=name != "validate")


@pytest.mark.parametrize("name", ["compare", "compare all paths", "roles", "paths", "rank delay cost"])
def test_without_columns_or_a_terminal_tables_fit_80_columns(name: str, inputs: dict[str, str]) -> None:
    """Piped, with COLUMNS unset, the page is laid out for 80 columns."""
    env = {key: value for key, value in os.environ.items() if key not in ("COLUMNS", "TERMINAL_WIDTH")}
    result = subprocess.run(
        [sys.executable, "-m", "mlhire_calc", *TABLES[name]],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    lines = result.stdout.splitlines()
    _check(lines, 80)
    assert max(map(cell_len, lines)) > 70  # laid out for 80, not for a narrower page


def test_a_short_label_never_breaks(inputs: dict[str, str]) -> None:
    lines = _lines(TABLES["compare all paths"], inputs, "80")
    assert any(line.endswith("none in 12 mo") for line in lines)
    assert not any(line.strip() == "mo" for line in lines)


def test_a_table_too_wide_is_stacked_with_every_figure(inputs: dict[str, str]) -> None:
    wide = _lines(TABLES["roles"], inputs, "160")
    stacked = _lines(TABLES["roles"], inputs, "80")
    assert any(line.split() == ["Loaded/month", "low", "12,000.00"] for line in stacked)
    figures = {word for line in wide for word in line.split() if word[:1].isdigit()}
    assert figures <= {word for line in stacked for word in line.split()}


def test_a_table_of_figures_too_wide_is_split_with_every_figure(inputs: dict[str, str]) -> None:
    """Split, each part with the columns that name a row: rank's # and path."""
    wide = _lines(TABLES["rank delay cost"], inputs, "160")
    split = _lines(TABLES["rank delay cost"], inputs, "80")
    assert "(continued)" in split
    first = [line.split()[1] for line in split if re.match(r"1 +[a-z]", line)]  # the first-ranked path
    assert len(first) == 2 and first[0] == first[1], split
    figures = [word for line in wide for word in line.split() if word[:1].isdigit()]
    shown = [word for line in split for word in line.split()]
    assert all(shown.count(figure) >= figures.count(figure) for figure in figures)
