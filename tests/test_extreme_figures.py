"""Every figure has a range (docs/limits.md), checked at input: extreme values in any option,
`--set`, plan cell or data-file field end in a documented exit code with one line on
stderr, never an arithmetic error escaping as "unexpected".
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mlhire_calc.domain import limits

from .conftest import FIXTURE_DATA
from .test_amount_input import AMOUNT_OPTIONS, COMMANDS, _options

START = "2026-12-01"
CODES = {0, 1, 2, 3}  # ok, invalid input, usage, over budget or policy (docs/errors.md)
# quick runs of each command; an option under test is added to these
BASE = {
    "compare": ["compare", "--start", START, "-p", "all", "--currency", "EUR"],
    "rank": ["rank", "--start", START, "-d", "2027-06-30", "-p", "all"],
    "budget": ["budget", "--start", "2026-12", "-m", "3", "-p", "all"],
    "diff": ["diff", "--base", str(FIXTURE_DATA), "--start", START],
    "report": ["report", "--start", START, "-p", "embedded", "-o", "{tmp}/page.html"],
    "sensitivity": ["sensitivity", "--start", START, "-p", "embedded", "-p", "in-house-fte"],
    "simulate": ["simulate", "--start", START, "--samples", "20"],
    "afford": ["afford", "--start", START, "-d", "2027-06-30", "--budget", "300000"],
    "validate": ["validate"],
}
NUMBER_OPTIONS = {  # options that take a number but not an amount
    "--headcount",
    "--need",
    "--confidence",
    "--samples",
    "--seed",
    "--max-age",
    "--work",
}
# figures --set reaches, one of each kind (an item, a rate, a time, a band, a whole number)
SETTINGS = [
    "embedded.fee",
    "in-house-fte.recruiting-fee",
    "in-house-fte.attrition",
    "in-house-fte.annual_increase",
    "embedded.time_to_start",
    "ml-engineer.loaded_monthly",
    "embedded.placement.capacity.per_month",
]
# the extremes every number is tried with: tiny, huge, negative, NaN, infinite, many
# decimals, exponents, a percent, grouped thousands
EXTREMES = [
    "1e-30",
    "1e30",
    "1E+400",
    "-1",
    "0",
    "nan",
    "inf",
    "-inf",
    "0.000001",
    "1.123456789123456789123456789",
    "999999999999.99",
    "99999999999999999999999999999",
    "1e12%",
    "0.5%",
    "1,000,000,000,000",
]


def _numbers() -> st.SearchStrategy[str]:
    decimals = st.decimals(allow_nan=True, allow_infinity=True).map(str)
    floats = st.floats(allow_nan=True, allow_infinity=True).map(repr)
    integers = st.integers(min_value=-(10**40), max_value=10**40).map(str)
    exponents = st.builds(lambda m, e: f"{m}e{e}", st.integers(-9, 9), st.integers(-500, 500))
    suffixed = st.builds(
        lambda n, s: n + s, st.decimals(allow_nan=False).map(str), st.sampled_from(["%", "k", "m"])
    )
    return st.one_of(st.sampled_from(EXTREMES), decimals, floats, integers, exponents, suffixed)


def _cases() -> Iterator[tuple[str, str]]:
    for name, command in COMMANDS.items():
        if name not in BASE:
            continue
        for option in _options(command):
            if option in AMOUNT_OPTIONS or option in NUMBER_OPTIONS or option == "--months":
                yield name, option


OPTION_CASES = sorted(set(_cases()))


def _assert_clean(result: Any) -> None:
    assert result.exit_code in CODES, (result.exit_code, result.stderr, repr(result.exception))
    said = result.stderr
    assert "unexpected" not in said and "Traceback" not in said, said
    if result.exit_code:
        lines = said.splitlines()
        assert len(lines) == 1 and lines[0].startswith("mlhire: error: "), said


def _run(cli: Callable[..., Any], tmp: Path, name: str, *extra: str) -> Any:
    args = [arg.replace("{tmp}", str(tmp)) for arg in BASE[name]]
    if name == "budget" and "--months" in extra:
        args = [arg for arg in args if arg not in ("-m", "3")]
    return cli(*args, *extra, code=None)


def test_the_cases_reach_every_number_option() -> None:
    options = {option for _, option in OPTION_CASES}
    assert set(AMOUNT_OPTIONS) - {"--set"} <= options and options >= NUMBER_OPTIONS
    assert "--set" in options and len(OPTION_CASES) >= 40


# the issue's kinds, each once on every option (Hypothesis tries the rest of EXTREMES and more)
SWEEP = [
    "1e-30",
    "1e30",
    "-1",
    "nan",
    "inf",
    "1.123456789123456789123456789",
    "99999999999999999999999999999",
]


@pytest.mark.parametrize("value", SWEEP)
@pytest.mark.parametrize(("name", "option"), OPTION_CASES, ids=[" ".join(c) for c in OPTION_CASES])
def test_every_number_option_takes_the_extremes_cleanly(
    cli: Callable[..., Any], tmp_path: Path, name: str, option: str, value: str
) -> None:
    if option == "--set":
        for setting in SETTINGS if name != "report" else SETTINGS[:3]:  # the page takes seconds
            _assert_clean(_run(cli, tmp_path, name, "--set", f"{setting}={value}"))
        return
    _assert_clean(_run(cli, tmp_path, name, option, value))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=st.sampled_from(OPTION_CASES), value=_numbers(), setting=st.sampled_from(SETTINGS))
def test_any_number_in_any_option(
    cli: Callable[..., Any], tmp_path: Path, case: tuple[str, str], value: str, setting: str
) -> None:
    name, option = case
    if option == "--set":
        value = f"{setting}={value}"
    _assert_clean(_run(cli, tmp_path, name, option, value))


# ---------------------------------------------------------------- data-file figures


def _leaves(node: Any, keys: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _leaves(value, (*keys, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _leaves(value, (*keys, index))
    elif isinstance(node, (int, float)) and not isinstance(node, bool):
        yield keys


DATA = {
    name: yaml.safe_load((FIXTURE_DATA / name).read_text(encoding="utf-8"))
    for name in ("roles.yaml", "paths.yaml")
}
LEAVES = [(name, keys) for name, tree in DATA.items() for keys in _leaves(tree)]
YAML_NUMBERS = [
    "1.0e-30",
    "1.0e+30",
    "1.0e-1000",
    ".nan",
    ".inf",
    "-.inf",
    "-1",
    "0",
    "0.0000001",
    "999999999999.99",
    "1.0e+11",
]


def _with(
    name: str, keys: tuple[Any, ...], text: str, folder: Path, *more: tuple[tuple[Any, ...], str]
) -> None:
    """A copy of the fixture data in `folder`, with the figure at `keys` of file `name` written
    as `text` (and each of `more`, a (keys, text) of the same file)."""
    shutil.copytree(FIXTURE_DATA, folder)
    tree = json.loads(json.dumps(DATA[name], default=str))
    for number, (where, _) in enumerate([(keys, text), *more]):
        node = tree
        for key in where[:-1]:
            node = node[key]
        node[where[-1]] = f"__VALUE{number}__"
    written = yaml.safe_dump(tree)
    for number, (_, value) in enumerate([(keys, text), *more]):
        written = written.replace(f"__VALUE{number}__", value)
    (folder / name).write_text(written, encoding="utf-8")


def test_every_figure_of_the_data_is_reached() -> None:
    assert len(LEAVES) >= 80
    assert ("paths.yaml", ("rates", "EUR", "value")) in LEAVES


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(leaf=st.sampled_from(LEAVES), text=st.sampled_from(YAML_NUMBERS))
def test_any_extreme_figure_in_the_data(
    cli: Callable[..., Any],
    tmp_path_factory: pytest.TempPathFactory,
    leaf: tuple[str, tuple[Any, ...]],
    text: str,
) -> None:
    folder = tmp_path_factory.mktemp("data") / "d"
    _with(*leaf, text, folder)
    checked = cli("validate", str(folder), code=None)
    assert checked.exit_code in (0, 1) and "unexpected" not in checked.stdout + checked.stderr
    for name in ("compare", "budget"):
        result = _run(cli, folder, name, "--data-dir", str(folder))
        _assert_clean(result)
        if checked.exit_code == 1:  # what validate refuses, every command refuses
            assert result.exit_code == 1, (leaf, text, result.stdout[:300])


def test_the_issue_example_a_tiny_exchange_rate(cli: Callable[..., Any], tmp_path: Path) -> None:
    _with("paths.yaml", ("rates", "EUR", "value"), "1.0e-30", tmp_path / "d")
    result = cli("compare", "--start", START, "--currency", "EUR", "--data-dir", str(tmp_path / "d"), code=1)
    assert "rates" in result.stderr and "must be from 0.000001 to 1,000,000" in result.stderr


def test_a_rate_in_range_that_would_push_an_amount_past_the_bound(
    cli: Callable[..., Any], tmp_path: Path
) -> None:
    folder = tmp_path / "d"
    fee = next(keys for name, keys in LEAVES if keys[-1] == "amount" and name == "paths.yaml")
    _with("paths.yaml", ("rates", "EUR", "value"), "0.000001", folder, (fee, "999999999999"))
    result = cli("compare", "--start", START, "--currency", "EUR", "--data-dir", str(folder), code=1)
    assert "--currency: " in result.stderr and "above the largest amount" in result.stderr


def test_a_result_that_would_lose_its_cents_is_an_error(cli: Callable[..., Any]) -> None:
    result = cli(
        "compare",
        "--start",
        START,
        "-m",
        "1200",
        "-n",
        "100000",
        "--set",
        "in-house-fte.annual_increase=100%",
        code=1,
    )
    assert "beyond what mlhire computes to the cent" in result.stderr


# ---------------------------------------------------------------- the ranges, published


def _properties(schema: dict[str, Any], name: str) -> dict[str, Any]:
    return dict(schema["$defs"][name]["properties"])


def _number(branch: dict[str, Any]) -> dict[str, Any]:
    return next(option for option in branch["anyOf"] if option.get("type") == "number")


def test_the_schema_publishes_the_ranges(cli: Callable[..., Any]) -> None:
    paths = json.loads(cli("schema", "paths").stdout)
    assert _number(_properties(paths, "ExchangeRate")["value"]) == {
        "type": "number",
        "minimum": float(limits.MIN_EXCHANGE_RATE),
        "maximum": int(limits.MAX_EXCHANGE_RATE),
    }
    assert _number(_properties(paths, "SourcedFraction")["high"])["maximum"] == 1
    assert _number(_properties(paths, "SourcedValue")["value"])["maximum"] == int(limits.MAX_AMOUNT)
    assert _number(_properties(paths, "TimeRange")["high"])["maximum"] == limits.MAX_DURATION_DAYS
    roles = json.loads(cli("schema", "roles").stdout)
    assert _number(_properties(roles, "SourcedRange")["low"]) == {
        "type": "number",
        "minimum": 0,
        "maximum": int(limits.MAX_AMOUNT),
    }


def test_months_take_at_most_two_decimals_everywhere(cli: Callable[..., Any], tmp_path: Path) -> None:
    result = cli("compare", "--start", START, "-m", "1e-30", code=2)
    assert "more than 2 decimal places" in result.stderr
    cli("compare", "--start", START, "-m", "1.25")
    plan = tmp_path / "plan.csv"
    plan.write_text(
        "role,path,decided,headcount,months\nml-engineer,embedded,2027-01-01,1,0.001\n", encoding="utf-8"
    )
    result = cli("budget", "--plan", str(plan), code=1)
    assert "months 0.001 has more than 2 decimal places" in result.stderr
    assert Decimal("0.01") == Decimal(1).scaleb(-limits.MONTHS_DECIMALS)
