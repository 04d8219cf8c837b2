"""Numbers and paths as people type them (issue #21, round 3): never read another way.

A comma is a thousands separator only between groups of three digits (`13,500`,
`1,234,567.89`); `13,5k` or `1,5` is a usage error that says what to write instead,
in every option that takes an amount, on every command. A percent set with `--set`
is at most 100%, as in the data files. An empty path (`''`) is a usage error in every
option or argument that takes one, never read as the current folder.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import typer

from mlhire_calc.cli.app import app
from mlhire_calc.datafiles.load import default_data_dir
from mlhire_calc.domain.errors import UsageError
from mlhire_calc.domain.money import parse_amount, parse_percent

START = "2026-12-01"

# ---------------------------------------------------------------- the parser


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("13500", "13500"),
        ("13,500", "13500"),
        ("$13,500", "13500"),
        ("1,234,567.89", "1234567.89"),
        ("13.5k", "13500"),
        ("1,350k", "1350000"),
        ("13_500", "13500"),
        ("999", "999"),
        ("0.5", "0.5"),
        ("+1,000", "1000"),
    ],
)
def test_thousands_separators_are_read(text: str, value: str) -> None:
    assert parse_amount(text) == Decimal(value)


@pytest.mark.parametrize(
    ("text", "advice"),
    [
        ("13,5k", "for a decimal point write 13.5k or 13500"),
        ("1,5", "for a decimal point write 1.5"),
        ("0,5", "for a decimal point write 0.5"),
        ("13,50", "for a decimal point write 13.50"),
        ("1,5k", "for a decimal point write 1.5k or 1500"),
        ("1,234,5", "write the amount without it"),
        ("12,34,567", "write the amount without it"),  # Indian grouping: not guessed either
        ("1,2345", "for a decimal point write 1.2345"),
        (",5", "for a decimal point write 0.5"),
        ("1,", "for a decimal point write 1"),
        ("1,,000", "write the amount without it"),
    ],
)
def test_any_other_comma_is_refused_with_the_form_to_write(text: str, advice: str) -> None:
    with pytest.raises(UsageError) as caught:
        parse_amount(text, subject="fee")
    assert caught.value.message.startswith(f"fee: {text!r}: a comma may only group thousands (13,500); ")
    assert advice in caught.value.message


def test_a_percent_is_at_most_100_and_takes_a_decimal_point() -> None:
    assert parse_percent("8%", subject="s") == 8
    assert parse_percent("100%", subject="s") == 100
    with pytest.raises(UsageError, match="a rate of 150% is above 100%"):
        parse_percent("150%", subject="s")
    with pytest.raises(UsageError, match=r"write a percent with a decimal point: 2\.5%"):
        parse_percent("2,5%", subject="s")
    with pytest.raises(UsageError, match="is not a percent"):
        parse_percent("-5%", subject="s")


# ---------------------------------------------------------------- every option of every command


def _commands(group: Any, prefix: tuple[str, ...] = ()) -> Iterator[tuple[str, Any]]:
    ctx = typer.Context(group)
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        if hasattr(command, "list_commands"):
            yield from _commands(command, (*prefix, name))
        else:
            yield " ".join((*prefix, name)), command


COMMANDS = dict(_commands(typer.main.get_command(app)))

# Each command's arguments for a run that would succeed, and each option that takes an
# amount: a value with a misplaced comma, and the value it would be misread as.
BASE = {
    "compare": ["compare", "--start", START],
    "rank": ["rank", "--start", START, "-d", "2027-06-30"],
    "budget": ["budget", "--start", "2026-12", "-m", "3", "-p", "embedded"],
    "diff": ["diff", "--base", "{data}", "--start", START],
    "report": ["report", "--start", START, "-o", "{tmp}/decision.html"],
    "roles": ["roles"],
    "paths": ["paths"],
    "countries": ["countries"],
    "sensitivity": ["sensitivity", "--start", START],
    "simulate": ["simulate", "--start", START, "--samples", "200"],
    "afford": ["afford", "--start", START, "-d", "2027-06-30", "--budget", "300000"],
    "validate": ["validate"],
    "schema": ["schema", "roles"],
    "data init": ["data", "init", "{tmp}/team"],
    "data list": ["data", "list"],
}
AMOUNT_OPTIONS = {
    "--set": ("embedded.fee=13,5k", "13.5k or 13500"),
    "--embedded-monthly": ("13,5k", "13.5k or 13500"),
    "--fte-annual": ("288,5k", "288.5k or 288500"),
    "--fte-monthly": ("24,5", "24.5"),
    "--months": ("1,5", "1.5"),
    "--delay-cost-per-month": ("5,5k", "5.5k or 5500"),
    "--fail-over": ("1,5", "1.5"),
    "--quiet-below": ("1,5", "1.5"),
    "--fail-on-increase": ("1,5", "1.5"),
    "--warn-on-increase": ("2,5k", "2.5k or 2500"),
    "--budget": ("300,5k", "300.5k or 300500"),
}
PATH_OPTIONS = {"--output", "--data-dir", "--plan", "--base", "--base-plan", "--scenarios"}
PATH_ARGUMENTS = {("data init", "target"), ("validate", "targets")}
OTHER_OPTIONS = {  # no amount, no path: choices, dates, counts, flags, ids
    "--dataset",
    "--base-dataset",
    "--vs-dataset",
    "--scenario",
    "--samples",
    "--seed",
    "--country",
    "--engagement",
    "--format",
    "--role",
    "--path",
    "--headcount",
    "--basis",
    "--baseline",
    "--start",
    "--currency",
    "--deadline",
    "--work",
    "--need",
    "--confidence",
    "--band",
    "--by",
    "--totals",
    "--date-order",
    "--decimal-comma",
    "--strict",
    "--max-age",
    "--force",
    "--base-ref",
    "--fail-if-misses",
    "--help",
}


def _options(command: Any) -> list[str]:
    return [
        param.opts[0] if param.opts[0].startswith("--") else param.opts[-1]
        for param in command.params
        if param.param_type_name == "option"
    ]


def test_every_option_of_every_command_is_classified() -> None:
    assert set(COMMANDS) == set(BASE)
    for name, command in COMMANDS.items():
        for option in _options(command):
            assert option in AMOUNT_OPTIONS or option in PATH_OPTIONS or option in OTHER_OPTIONS, (
                name,
                option,
            )
        for param in command.params:
            if param.param_type_name == "argument" and (name, param.name) not in PATH_ARGUMENTS:
                assert name in ("schema",), (name, param.name)  # schema's KIND is a choice


def _args(name: str, tmp: Path, *extra: str) -> list[str]:
    base = [a.replace("{data}", str(default_data_dir())).replace("{tmp}", str(tmp)) for a in BASE[name]]
    return [*base, *extra]


AMOUNT_CASES = [
    (name, option)
    for name, command in COMMANDS.items()
    for option in _options(command)
    if option in AMOUNT_OPTIONS
]
PATH_CASES = [
    (name, option)
    for name, command in COMMANDS.items()
    for option in _options(command)
    if option in PATH_OPTIONS
]


def test_the_cases_reach_every_amount_and_path_option() -> None:
    assert {option for _, option in AMOUNT_CASES} == set(AMOUNT_OPTIONS)
    assert {option for _, option in PATH_CASES} == PATH_OPTIONS
    assert len(AMOUNT_CASES) >= 25 and len(PATH_CASES) >= 15


@pytest.mark.parametrize(("name", "option"), AMOUNT_CASES, ids=[" ".join(c) for c in AMOUNT_CASES])
def test_a_misplaced_comma_is_refused_by_every_amount_option(
    cli: Callable[..., Any], tmp_path: Path, name: str, option: str
) -> None:
    value, meant = AMOUNT_OPTIONS[option]
    result = cli(*_args(name, tmp_path, option, value), code=2)
    assert result.stderr.startswith(f"mlhire: error: {option}: ") and len(result.stderr.splitlines()) == 1
    assert "a comma may only group thousands (13,500)" in result.stderr
    assert result.stderr.rstrip().endswith(f"write {meant}"), result.stderr
    assert not (tmp_path / "decision.html").exists()


@pytest.mark.parametrize(("name", "option"), PATH_CASES, ids=[" ".join(c) for c in PATH_CASES])
def test_an_empty_path_is_refused_by_every_path_option(
    cli: Callable[..., Any], tmp_path: Path, name: str, option: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    args = _args(name, tmp_path, option, "")
    if option == "--plan" and name == "budget":
        args = [arg for arg in args if arg not in ("-p", "embedded")]  # a plan or paths, not both
    if option == "--base-plan":
        args += ["--plan", str(tmp_path / "plan.csv")]
    result = cli(*args, code=2)
    assert result.stderr == f"mlhire: error: {option}: '' is an empty path; name a file or folder\n"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["data", "init", ""], "DIRECTORY: '' is an empty path"),
        (["data", "init", "--force", ""], "DIRECTORY: '' is an empty path"),
        (["validate", ""], "'' is an empty path"),
    ],
)
def test_an_empty_path_argument_is_refused(
    cli: Callable[..., Any], tmp_path: Path, args: list[str], message: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = cli(*args, code=2)
    assert result.stderr == f"mlhire: error: {message}; name a file or folder\n"
    assert list(tmp_path.iterdir()) == []  # data init '' wrote nothing into the current folder


def test_an_empty_data_dir_variable_still_means_unset(cli: Callable[..., Any], runner: Any) -> None:
    result = runner.invoke(app, ["roles", "-f", "csv"], env={"MLHIRE_DATA_DIR": ""})
    assert result.exit_code == 0 and result.stdout.startswith("id,title")


# ---------------------------------------------------------------- grouped thousands are read


def test_grouped_thousands_give_the_same_figures(cli_json: Callable[..., Any]) -> None:
    def total(*args: str) -> Any:
        return cli_json("compare", "--start", START, *args)["paths"]

    assert total("--set", "embedded.fee=13,500") == total("--set", "embedded.fee=13500")
    assert total("--fte-annual", "288,000") == total("--fte-annual", "288000")
    assert total("--set", "in-house-fte.recruiting-fee=25%") == total(
        "--set", "in-house-fte.recruiting-fee=0.25"
    )


def test_a_percent_over_100_is_refused_as_the_data_files_refuse_it(cli: Callable[..., Any]) -> None:
    for command in (BASE["compare"], BASE["budget"], BASE["rank"]):
        result = cli(*command, "--set", "in-house-fte.recruiting-fee=150%", code=2)
        assert result.stderr == (
            "mlhire: error: --set: in-house-fte.recruiting-fee=150%: '150%' is above 100%\n"
        )
    result = cli(*BASE["compare"], "--set", "in-house-fte.recruiting-fee=2,5%", code=2)
    assert "a comma may only group thousands" in result.stderr and "2.5" in result.stderr


def test_budget_fail_over_reads_grouped_thousands(cli: Callable[..., Any]) -> None:
    over = cli(*BASE["budget"], "--fail-over", "1,000", code=3)
    assert "over" in over.stderr
    cli(*BASE["budget"], "--fail-over", "1,000,000")
    document = json.loads(cli(*BASE["budget"], "-f", "json").stdout)
    assert document
