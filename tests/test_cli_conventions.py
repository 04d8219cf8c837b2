"""Typer conventions: help everywhere, --version, python -m, a light start-up path."""

from __future__ import annotations

import subprocess
import sys

import pytest
import typer

from mlhire_calc import __version__
from mlhire_calc.cli import app


def _commands(group, prefix=()):  # type: ignore[no-untyped-def]
    for name, command in group.commands.items():
        yield (*prefix, name), command
        if hasattr(command, "commands"):
            yield from _commands(command, (*prefix, name))


ALL_COMMANDS = list(_commands(typer.main.get_command(app)))


@pytest.mark.parametrize(("path", "command"), ALL_COMMANDS, ids=[" ".join(p) for p, _ in ALL_COMMANDS])
def test_every_command_and_option_has_help(cli, path, command) -> None:  # type: ignore[no-untyped-def]
    assert command.help, path
    for param in command.params:
        if param.param_type_name == "option":
            assert param.help, (path, param.name)
    assert cli(*path, "--help").stdout.startswith("Usage: ")


def test_version(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("--version").stdout.strip() == f"mlhire {__version__}"


def test_help_mentions_exit_codes(cli) -> None:  # type: ignore[no-untyped-def]
    assert "Exit codes: 0 ok; 1 invalid input or data; 2 usage error" in cli("--help").stdout


def test_unknown_option_is_a_usage_error(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("compare", "--bogus", code=2)
    assert "No such option" in result.stderr


def test_python_dash_m() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mlhire_calc", "compare", "--start", "2026-12-01", "-f", "csv"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "embedded,total,total,Total,,false,,USD,162000.00" in result.stdout


HEAVY = ("rich", "pydantic", "yaml", "mlhire_calc.models", "mlhire_calc.data", "mlhire_calc.render_table")
PROBE = f"""
import sys
sys.argv = ["mlhire", *sys.argv[1:]]
from mlhire_calc.cli import main
try:
    main()
except SystemExit:
    pass
heavy = sorted({{m.split('.')[0] if not m.startswith('mlhire_calc') else m
               for m in sys.modules if m.startswith({HEAVY!r})}})
print("LOADED", ",".join(heavy), file=sys.stderr)
"""


def _loaded(*args: str) -> set[str]:
    result = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True)
    line = next(line for line in result.stderr.splitlines() if line.startswith("LOADED"))
    return {name for name in line.removeprefix("LOADED ").split(",") if name}


def test_help_loads_no_rich_no_pydantic_no_models() -> None:
    assert _loaded("--help") == set()
    # typer >= 0.29 coerces a subcommand's parameters with pydantic TypeAdapters
    # itself; what must stay unloaded is Rich, YAML and our data models.
    assert _loaded("compare", "--help") <= {"pydantic", "pydantic_core"}


def test_csv_output_does_not_import_rich() -> None:
    loaded = _loaded("compare", "--start", "2026-12-01", "-f", "csv")
    assert "rich" not in loaded and "mlhire_calc.render_table" not in loaded
    assert "mlhire_calc.models" in loaded  # sanity: the probe sees real imports
