"""Scenarios: named sets of overrides in scenarios.yaml, one at a time or side by side."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from mlhire_calc import api

from .conftest import START

SCENARIOS = """\
schema: mlhire.scenarios/1
scenarios:
  fee-up:
    description: The agency raises its fee to 15,000 a month.
    set:
      embedded.fee: 15000
  slow-hire:
    description: In-house hiring takes longer
    set:
      in-house-fte.time_to_start: 7/9/12m
      in-house-fte.time_to_first_pr: 8/10/13m
      in-house-fte.attrition: 20%
"""
COMMANDS = {
    "compare": ["compare", "--start", START],
    "rank": ["rank", "--start", START, "-d", "2027-Q3"],
    "budget": ["budget", "--start", "2026-12"],
    "sensitivity": ["sensitivity", "--start", START],
    "simulate": ["simulate", "--start", START, "-d", "2027-Q3", "--samples", "200"],
    "afford": ["afford", "--start", START, "-d", "2027-Q3", "--budget", "200000"],
}


@pytest.fixture
def data(data_copy: Path) -> Path:
    """The fixture data with a scenarios.yaml beside it."""
    (data_copy / "scenarios.yaml").write_text(SCENARIOS, encoding="utf-8")
    return data_copy


def test_two_scenarios_side_by_side(cli_json, data: Path) -> None:  # type: ignore[no-untyped-def]
    document = cli_json(
        "compare", "--data-dir", str(data), "-p", "embedded", "--scenario", "base", "--scenario", "fee-up"
    )
    assert document["schema"] == "mlhire.scenarios/1"
    names = [entry["name"] for entry in document["scenarios"]]
    totals = [entry["paths"][0]["total"]["mid"] for entry in document["scenarios"]]
    assert names == ["base", "fee-up"] and totals == [162000, 180000]
    fee_up = document["scenarios"][1]
    assert fee_up["description"] == "The agency raises its fee to 15,000 a month."
    assert fee_up["schema"] == "mlhire.compare/1"
    assert "Scenario fee-up: The agency raises its fee to 15,000 a month." in fee_up["assumptions"]
    assert "Override: embedded fee = 15,000.00 a month (scenario fee-up)." in fee_up["assumptions"]
    assert not any(line.startswith("Override") for line in document["scenarios"][0]["assumptions"])


@pytest.mark.parametrize("command", list(COMMANDS))
def test_each_scenario_is_what_a_single_run_gives(cli_json, data: Path, command: str) -> None:  # type: ignore[no-untyped-def]
    question = [*COMMANDS[command], "--data-dir", str(data), "-p", "in-house-fte"]
    both = cli_json(*question, "--scenario", "base", "--scenario", "slow-hire")
    for entry, alone in zip(
        both["scenarios"],
        [cli_json(*question), cli_json(*question, "--scenario", "slow-hire")],
        strict=True,
    ):
        assert {key: value for key, value in entry.items() if key not in ("name", "description")} == {
            key: value for key, value in alone.items() if key != "mlhire_version"
        }
    assert both["scenarios"][0] != both["scenarios"][1]


@pytest.mark.parametrize("command", list(COMMANDS))
def test_base_changes_nothing(cli_json, data: Path, command: str) -> None:  # type: ignore[no-untyped-def]
    question = [*COMMANDS[command], "--data-dir", str(data)]
    assert cli_json(*question, "--scenario", "base") == cli_json(*question)


@pytest.mark.parametrize("command", list(COMMANDS))
def test_the_table_has_one_block_per_scenario_and_csv_a_scenario_column(
    cli, data: Path, command: str
) -> None:  # type: ignore[no-untyped-def]
    question = [*COMMANDS[command], "--data-dir", str(data), "--scenario", "base", "--scenario", "slow-hire"]
    table = cli(*question).stdout
    assert table.startswith("Scenarios") or "\nScenarios" in table
    assert "base: " in table and "slow-hire: " in table
    rows = list(csv.DictReader(io.StringIO(cli(*question, "-f", "csv").stdout)))
    assert {row["scenario"] for row in rows} == {"base", "slow-hire"}


def test_the_report_takes_one_scenario(cli, data: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip("jinja2")
    page = tmp_path / "page.html"
    cli("report", "--start", START, "--data-dir", str(data), "--scenario", "fee-up", "-o", str(page))
    assert "Override: embedded fee = 15,000.00 a month (scenario fee-up)." in page.read_text()
    twice = ("--scenario", "base", "--scenario", "fee-up")
    result = cli("report", "--data-dir", str(data), *twice, "-o", str(page), code=2)
    assert "give --scenario once" in result.stderr


def test_a_budget_over_its_limit_names_the_scenario(cli, data: Path) -> None:  # type: ignore[no-untyped-def]
    question = ("budget", "--start", "2027-01", "--data-dir", str(data), "-p", "embedded")
    result = cli(*question, "--scenario", "base", "--scenario", "fee-up", "--fail-over", "170000", code=3)
    assert "over --fail-over 170,000.00: fee-up: budget total 173,225.81" in result.stderr


def test_scenarios_from_a_named_file(cli_json, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    elsewhere = tmp_path / "what-if.yaml"
    elsewhere.write_text(SCENARIOS, encoding="utf-8")
    document = cli_json("compare", "--start", START, "--scenarios", str(elsewhere), "--scenario", "fee-up")
    embedded = next(path for path in document["paths"] if path["id"] == "embedded")
    assert embedded["total"]["mid"] == 180000


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--scenario", "nope"], 2, "--scenario: no scenario 'nope' in "),
        (["--scenario", "fee-up", "--set", "embedded.fee=1"], 2, "embedded.fee is given twice"),
    ],
)
def test_a_scenario_that_is_not_there_or_set_twice(
    cli, data: Path, args: list[str], code: int, message: str
) -> None:  # type: ignore[no-untyped-def]
    result = cli("compare", "--data-dir", str(data), *args, code=code)
    assert message in result.stderr and result.stdout == ""


def test_without_a_scenarios_file_only_base_exists(cli, data_copy: Path) -> None:  # type: ignore[no-untyped-def]
    cli("compare", "--data-dir", str(data_copy), "--scenario", "base")
    result = cli("compare", "--data-dir", str(data_copy), "--scenario", "fee-up", code=2)
    assert "no scenario 'fee-up' (no scenarios.yaml beside the data); known: base" in result.stderr


# ---------------------------------------------------------------- validation and the schema

BROKEN = """\
schema: mlhire.scenarios/1
scenarios:
  fee-up:
    set:
      embedded.fee: 15000
      in-house-fte.attrition: 150%
  slow:
    set:
      embedded.time_to_start: 4/2/1w
  nowhere:
    set:
      nowhere.fee: 1
"""


def test_validate_accepts_the_file_and_refuses_a_broken_one(cli, data: Path) -> None:  # type: ignore[no-untyped-def]
    assert "3 file(s) checked: 0 error(s)" in cli("validate", str(data)).stdout
    (data / "scenarios.yaml").write_text(BROKEN, encoding="utf-8")
    out = cli("validate", str(data), code=1).stdout
    name = data / "scenarios.yaml"
    assert f"{name}:6:31: error: scenarios.fee-up.set.in-house-fte.attrition: " in out
    assert "'150%' is above 100%" in out
    assert f"{name}:9:31: error: scenarios.slow.set.embedded.time_to_start: " in out
    assert "must have low <= median <= high" in out
    assert f"{name}:12:20: error: scenarios.nowhere.set.nowhere.fee: " in out
    result = cli("compare", "--data-dir", str(data), "--scenario", "fee-up", code=1)
    assert result.stderr.startswith(f"mlhire: error: {name}:6:31: ")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "schema: mlhire.scenarios/1\nscenarios:\n  base:\n    set: {embedded.fee: 1}\n",
            "`base` is the data",
        ),
        ("schema: mlhire.scenarios/1\nscenarios:\n  up:\n    sett: {embedded.fee: 1}\n", "unknown key"),
        ("schema: mlhire.scenarios/1\nscenarios:\n  up:\n    set: {}\n", "at least 1"),
        ("schema: mlhire.scenarios/1\nscenarios:\n  Up:\n    set: {embedded.fee: 1}\n", "not a valid id"),
        ("schema: mlhire.scenarios/2\nscenarios: {}\n", "mlhire.scenarios/1"),
    ],
)
def test_a_malformed_file_is_refused_at_its_line(cli, data: Path, text: str, message: str) -> None:  # type: ignore[no-untyped-def]
    name = data / "scenarios.yaml"
    name.write_text(text, encoding="utf-8")
    out = cli("validate", str(name), code=1).stdout
    assert f"{name}:" in out and message in out, out


def test_the_json_schema_of_scenarios(cli) -> None:  # type: ignore[no-untyped-def]
    schema = json.loads(cli("schema", "scenarios").stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    validator.validate(yaml.safe_load(SCENARIOS))
    assert list(validator.iter_errors({"schema": "mlhire.scenarios/1", "scenarios": {"x": {"sett": {}}}}))


@pytest.mark.shipped_data
def test_the_example_scenarios_fit_the_shipped_data(cli) -> None:  # type: ignore[no-untyped-def]
    assert "0 error(s)" in cli("validate", "examples/scenarios.yaml").stdout


def test_the_python_api(data: Path) -> None:
    question: dict[str, Any] = {"paths": ("embedded",), "start": date(2026, 12, 1)}
    answers = [
        (name, None, api.compare(api.load_catalog(data, scenario=name), **question))
        for name in ("base", "fee-up")
    ]
    both = api.side_by_side(answers).to_dict()
    assert [entry["paths"][0]["total"]["mid"] for entry in both["scenarios"]] == [162000, 180000]
    assert api.load_scenarios(data).names == ["base", "fee-up", "slow-hire"]
