"""Typer conventions: help everywhere, --version, python -m, a light start-up path."""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys

import pytest
import typer

from mlhire_calc import __version__
from mlhire_calc.cli.app import COMMANDS, DATA_HELP, HELP, app


def _commands(group, prefix=()):  # type: ignore[no-untyped-def]
    ctx = typer.Context(group)
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        yield (*prefix, name), command
        if hasattr(command, "list_commands"):
            yield from _commands(command, (*prefix, name))


ALL_COMMANDS = list(_commands(typer.main.get_command(app)))


@pytest.mark.parametrize(("path", "command"), ALL_COMMANDS, ids=[" ".join(p) for p, _ in ALL_COMMANDS])
def test_every_command_and_option_has_help(cli, path, command) -> None:  # type: ignore[no-untyped-def]
    assert command.help, path
    for param in command.params:
        if param.param_type_name == "option":
            assert param.help, (path, param.name)
    assert cli(*path, "--help").stdout.startswith("Usage: ")


COMMAND_NAMES = [*HELP, *(f"data {name}" for name in DATA_HELP)]
# What an option's value is, as `--help` shows it: a word naming it (DATE, FILE, ...), never
# the framework's type name (typer 0.26 to 0.28 print `<str>`, `<int>`, `<int range>`).
TYPE_METAVAR = re.compile(r"<(?:str|int|float|text|integer|int range|float range|path|filename)>", re.I)


@pytest.mark.parametrize("name", COMMAND_NAMES)
def test_help_names_what_each_option_takes(cli, name: str) -> None:  # type: ignore[no-untyped-def]
    assert name in COMMANDS
    shown = cli(*name.split(), "--help").stdout
    # typer 0.29 and newer print an argument's type after its name whatever its metavar;
    # the options, which mlhire names, must never show one
    options = shown.split("Options:", 1)[-1]
    assert not TYPE_METAVAR.search(options), shown
    command = dict(ALL_COMMANDS)[tuple(name.split())]
    for param in command.params:
        if param.param_type_name == "option" and param.metavar is not None:
            long = next(option for option in param.opts if option.startswith("--"))
            assert f"{long} {param.metavar}" in shown, (name, param.opts)


@pytest.mark.parametrize(("path", "command"), ALL_COMMANDS, ids=[" ".join(p) for p, _ in ALL_COMMANDS])
def test_every_option_has_a_metavar_or_is_a_flag_or_a_choice(path, command) -> None:  # type: ignore[no-untyped-def]
    for param in command.params:
        kind = getattr(getattr(param, "type", None), "name", None)  # typer 0.29+: no click type here
        choice = kind == "choice" or bool(getattr(param, "choices", None))
        if param.param_type_name == "option" and not param.is_flag and not choice:
            if kind is None and param.metavar is None:
                continue  # newer typer resolves an enum's choices later; the help test covers it
            assert param.metavar is not None, (path, param.opts)
            assert re.fullmatch(r"[A-Z][A-Z_.=]*(?:\.\.\.)?", param.metavar), (path, param.metavar)


def _help(*args: str, columns: int) -> str:
    """`mlhire ARGS --help` as a terminal of `columns` shows it (the test runner fixes 80)."""
    env = {**os.environ, "COLUMNS": str(columns), "NO_COLOR": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "mlhire_calc", *args, "--help"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return result.stdout


@pytest.mark.parametrize("columns", [80, 140])
@pytest.mark.parametrize(("group", "helps"), [((), HELP), (("data",), DATA_HELP)])
def test_the_list_of_commands_says_each_whole(
    group: tuple[str, ...], helps: dict[str, str], columns: int
) -> None:
    """Each command's line is there in full, wrapped, never cut short with "..." or "…"."""
    shown = _help(*group, columns=columns)
    listed = " ".join(shown.split("Commands:", 1)[1].split())
    for name, text in helps.items():
        assert f"{name} {text}" in listed, (name, shown)
    assert "..." not in listed and "…" not in listed


def test_help_wraps_at_the_terminal_width() -> None:
    for args in [(), ("compare",), ("budget",)]:
        narrow, wide = _help(*args, columns=80), _help(*args, columns=140)
        assert max(map(len, narrow.splitlines())) <= 80
        assert 100 < max(map(len, wide.splitlines())) <= 140, wide
        assert len(wide.splitlines()) < len(narrow.splitlines())


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


HEAVY = ("rich", "pydantic", "yaml", "mlhire_calc.")
PROBE = """
import sys
sys.argv = ["mlhire", *sys.argv[1:]]
from mlhire_calc.cli.app import main
try:
    main()
except SystemExit:
    pass
kept = ('mlhire_calc', 'rich.console', 'rich.text', 'rich.table')
heavy = sorted({m if m.startswith(kept) else m.split('.')[0] for m in sys.modules if m.startswith(HEAVY)})
print("LOADED", ",".join(heavy), file=sys.stderr)
""".replace("HEAVY", repr(HEAVY))
MODELS = {  # validation: the data contract, the YAML reader and the cross-checks
    "mlhire_calc.datafiles.contract",
    "mlhire_calc.datafiles.reader",
    "mlhire_calc.datafiles.checks",
}


TYPER_ALONE = """
import enum
import sys
from typing import Annotated, Optional
import typer
class Format(str, enum.Enum):
    table = "table"
app = typer.Typer()
@app.callback()
def root() -> None:
    pass
@app.command()
def command(
    months: int = 1,
    fmt: Annotated[Optional[Format], typer.Option()] = None,
    names: Annotated[Optional[list[str]], typer.Option()] = None,
) -> None:
    pass
try:
    app(["command", "--months", "2", "--fmt", "table"])
except SystemExit:
    pass
print("LOADED", ",".join(sorted({m.split('.')[0] for m in sys.modules})), file=sys.stderr)
"""


def _typer_loads() -> set[str]:
    """What typer itself imports to run a command (typer 0.29 and later build on pydantic)."""
    result = subprocess.run([sys.executable, "-c", TYPER_ALONE], capture_output=True, text=True)
    line = next(line for line in result.stderr.splitlines() if line.startswith("LOADED"))
    return set(line.removeprefix("LOADED ").split(","))


def _loaded(*args: str, terminal: bool = False, **env: str) -> set[str]:
    """mlhire's own imports on top of typer's: the modules the command line costs (with
    `terminal`, stdout is a pseudo-terminal)."""
    command = [sys.executable, "-c", PROBE, *args]
    if terminal:
        leader, follower = pty.openpty()
        with subprocess.Popen(
            command, stdout=follower, stderr=subprocess.PIPE, text=True, env={**os.environ, **env}
        ) as process:
            os.close(follower)
            while _read(leader):
                pass
            stderr = process.stderr.read() if process.stderr else ""
        os.close(leader)
    else:
        stderr = subprocess.run(command, capture_output=True, text=True, env={**os.environ, **env}).stderr
    line = next(line for line in stderr.splitlines() if line.startswith("LOADED"))
    return {name for name in line.removeprefix("LOADED ").split(",") if name} - _typer_loads()


@pytest.mark.parametrize("args", [["--help"], ["compare", "--help"], ["budget", "--help"]])
def test_help_loads_no_rich_no_pydantic_no_models(args: list[str]) -> None:
    loaded = _loaded(*args)
    assert not loaded & {
        "rich",
        "pydantic",
        "yaml",
        "mlhire_calc.output.formats.table_layout",
        "mlhire_calc.domain.catalog",
    }
    assert not loaded & MODELS


def test_a_cached_catalog_needs_no_yaml_no_pydantic_no_rich_for_csv() -> None:
    _loaded("compare", "-f", "csv")  # fills the cache
    loaded = _loaded("compare", "--start", "2026-12-01", "-f", "csv")
    assert not loaded & ({"rich", "pydantic", "yaml", "mlhire_calc.output.formats.table_layout"} | MODELS)
    assert {
        "mlhire_calc.domain.catalog",
        "mlhire_calc.engine.cost",
    } <= loaded  # sanity: the probe sees real imports
    table = _loaded("compare", "--start", "2026-12-01")
    assert {"rich", "mlhire_calc.output.formats.table_layout"} <= table and not table & MODELS


@pytest.mark.parametrize("terminal", [False, True], ids=["pipe", "terminal"])
def test_the_table_page_loads_only_richs_cell_widths(terminal: bool) -> None:
    """Laid out and styled here: Rich's Console, Text and Table never load for `compare`."""
    _loaded("compare", "-f", "csv")  # fills the cache
    loaded = _loaded("compare", "--start", "2026-12-01", terminal=terminal, NO_COLOR="")
    assert "mlhire_calc.output.formats.table_layout" in loaded
    assert not loaded & {"rich.console", "rich.text", "rich.table"}


def _read(fd: int) -> bytes:
    """What the pseudo-terminal's other end wrote; b"" once it is closed."""
    try:
        return os.read(fd, 65536)
    except OSError:  # EIO: the child closed its end
        return b""


def test_without_the_cache_the_models_validate_the_data() -> None:
    assert _loaded("compare", "-f", "csv", MLHIRE_NO_CACHE="1") >= MODELS


def _completing(line: str) -> dict[str, str]:
    """The environment bash completion sets when the cursor is at the end of `line`."""
    words = line.split(" ")
    return {"_MLHIRE_COMPLETE": "complete_bash", "COMP_WORDS": line, "COMP_CWORD": str(len(words) - 1)}


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("mlhire co", {"compare", "countries"}),
        ("mlhire compare --role ml", {"ml-engineer", "ml-platform-engineer"}),
        ("mlhire compare --path in", {"in-house-fte"}),
        ("mlhire compare --basis ", {"work", "calendar"}),
        ("mlhire budget --by r", {"role", "row"}),
        ("mlhire rank --format m", {"markdown"}),
        ("mlhire report --vs-dataset m", {"market"}),
    ],
)
def test_shell_completion(line: str, expected: set[str]) -> None:
    env = {**os.environ, **_completing(line)}
    result = subprocess.run(
        [sys.executable, "-m", "mlhire_calc"], capture_output=True, text=True, env=env, check=True
    )
    assert set(result.stdout.split()) == expected, result.stdout


@pytest.mark.parametrize(
    ("args", "environ", "built"),
    [
        (["--help"], {}, ""),
        (["--version"], {}, ""),
        (["-h"], {}, ""),
        (["compare", "--help"], {}, "compare"),
        (["--help", "budget"], {}, "budget"),
        (["data", "init", "--help"], {}, "data"),
        (["nonsense"], {}, ""),
        ([], _completing("mlhire co"), ""),
        ([], _completing("mlhire rank --f"), "rank"),
        ([], {"_MLHIRE_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "mlhire compare --ba"}, "compare"),
        ([], {"_MLHIRE_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "mlhire compare"}, ""),
        ([], {"_MLHIRE_COMPLETE": "complete_fish", "_TYPER_COMPLETE_ARGS": "mlhire budget "}, "budget"),
        ([], {"_MLHIRE_COMPLETE": "complete_fish", "_TYPER_COMPLETE_ARGS": "mlhire data i"}, "data"),
        (
            [],
            {
                "_MLHIRE_COMPLETE": "complete_powershell",
                "_TYPER_COMPLETE_ARGS": "mlhire rank -p",
                "_TYPER_COMPLETE_WORD_TO_COMPLETE": "-p",
            },
            "rank",
        ),
        ([], {"_MLHIRE_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "mlhire 'compare"}, None),
        ([], {"_MLHIRE_COMPLETE": "complete_tcsh"}, None),  # a protocol it cannot read: build them all
    ],
)
def test_a_run_builds_at_most_the_command_it_names(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    environ: dict[str, str],
    built: str | None,
) -> None:
    """Typer turns every parameter of every built command into an option before parsing:
    `mlhire --help` and completing a command name must build none of them."""
    from mlhire_calc.cli import app as cli_module

    calls: list[str | None] = []
    real = cli_module.build_app

    def spy(only: str | None = None) -> typer.Typer:
        calls.append(only)
        return real(only)

    monkeypatch.setattr(cli_module, "build_app", spy)
    monkeypatch.setattr(sys, "argv", ["mlhire", *args])
    for key, value in environ.items():
        monkeypatch.setenv(key, value)
    with pytest.raises(SystemExit):
        cli_module.main()
    capsys.readouterr()
    assert calls == [built]


FISH = {"_TYPER_COMPLETE_FISH_ACTION": "get-args"}
POWERSHELL_WORD = "_TYPER_COMPLETE_WORD_TO_COMPLETE"


@pytest.mark.parametrize(
    ("shell", "line", "extra", "expected"),
    [
        ("zsh", "mlhire compare --ba", {}, ['"--basis"', '"--baseline"']),
        ("zsh", "mlhire compare -p ", {}, ['"in-house-fte"', '"all"']),
        ("fish", "mlhire compare --ba", FISH, ["--basis\t", "--baseline\t"]),
        ("fish", "mlhire co", FISH, ["compare\t", "countries\t"]),
        ("powershell", "mlhire budget --b", {POWERSHELL_WORD: "--b"}, ["--band:::", "--by:::"]),
    ],
)
def test_completion_in_every_shell_typer_supports(
    shell: str, line: str, extra: dict[str, str], expected: list[str]
) -> None:
    env = {**os.environ, "_MLHIRE_COMPLETE": f"complete_{shell}", "_TYPER_COMPLETE_ARGS": line, **extra}
    env.pop("COMP_WORDS", None)
    result = subprocess.run(
        [sys.executable, "-m", "mlhire_calc"], capture_output=True, text=True, env=env, check=True
    )
    for text in expected:
        assert text in result.stdout, (shell, line, result.stdout)
