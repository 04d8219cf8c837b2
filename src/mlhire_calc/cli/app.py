"""The mlhire command line: the app, its one mapping of errors to exit codes, start-up.

Start-up stays light: only typer is imported at module level, and a run builds
only the command it runs (`build_app`). Each command lives in a module of its own
(`COMMANDS`), loaded only to build it; the options they share are in `options.py`.
The library (`mlhire_calc.api`), pydantic validation and Rich are imported inside the commands that need
them. Only typer's public API is used.
"""

import os
import sys
from collections.abc import Callable, Sequence
from typing import Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup

from mlhire_calc.datafiles.environment import is_on
from mlhire_calc.domain.errors import ExitCode, MlhireError, UsageError
from mlhire_calc.version import __version__

from .streams import say, silence_stdout

EXIT_CODES_HELP = (
    "Exit codes: 0 ok; 1 invalid input or data; 2 usage error; "
    "3 budget over --fail-over or a diff policy failed; 130 interrupted; 129 hung up; 143 terminated. "
    "With stdout closed (>&-) every command exits 1 at once; with stderr closed its messages are dropped. "
    "Set MLHIRE_DEBUG=1 to see tracebacks of unexpected errors."
)

# What a domain error is about -> the option that gave it (the core never names flags).
OPTION_OF = {
    "months": "--months",
    "headcount": "--headcount",
    "need": "--need",
    "start": "--start",
    "deadline": "--deadline",
    "work": "--work",
    "confidence": "--confidence",
    "delay cost per month": "--delay-cost-per-month",
    "budget limit": "--fail-over",
    "embedded monthly fee": "--embedded-monthly",
    "in-house annual cost": "--fte-annual",
    "in-house monthly cost": "--fte-monthly",
    "baseline": "--baseline",
    "output": "--output",
    "format": "--format",
    "plan": "--plan",
    "base plan": "--base-plan",
    "group by": "--by",
    "data directory": "--data-dir",
    "setting": "--set",
    "scenario": "--scenario",
    "scenarios file": "--scenarios",
    "fail on increase": "--fail-on-increase",
    "warn on increase": "--warn-on-increase",
    "quiet below": "--quiet-below",
    "base revision": "--base-ref",
    "base directory": "--base",
    "base dataset": "--base-dataset",
    "dataset": "--dataset",
    "vs dataset": "--vs-dataset",
    "currency": "--currency",
    "country": "--country",
    "engagement": "--engagement",
    "decimal comma": "--decimal-comma",
    "samples": "--samples",
    "seed": "--seed",
    "budget": "--budget",
}


def _fail(message: str, code: int) -> NoReturn:
    """`mlhire: error: MESSAGE` as one line on stderr, names from outside escaped, and exit."""
    say(f"mlhire: error: {message}", err=True)
    raise typer.Exit(code)


def _one_line(error: MlhireError) -> str:
    option = OPTION_OF.get(error.subject or "")
    return error.naming(option) if option else error.message


def _is_click_error(exc: BaseException) -> bool:
    """A usage or parameter error of the CLI framework (typer's click), by its public shape."""
    return isinstance(getattr(exc, "exit_code", None), int) and callable(getattr(exc, "format_message", None))


class MlhireGroup(TyperGroup):
    """The one place where errors become a line on stderr and an exit code."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        """Usage errors as one line too, with a pointer to --help."""
        options = {"args": args, "prog_name": prog_name, "complete_var": complete_var, **extra}
        if not standalone_mode:
            return super().main(standalone_mode=False, windows_expand_args=windows_expand_args, **options)
        try:
            code = super().main(standalone_mode=False, windows_expand_args=windows_expand_args, **options)
        except typer.Abort:
            typer.echo("mlhire: error: aborted", err=True)
            sys.exit(int(ExitCode.INTERRUPTED))
        except Exception as exc:
            if not _is_click_error(exc):
                raise
            context = getattr(exc, "ctx", None)
            command = context.command_path if context is not None else "mlhire"
            usage = int(getattr(exc, "exit_code", 1)) == ExitCode.USAGE
            hint = f" (see '{command} --help')" if usage else ""
            message = " ".join(str(getattr(exc, "format_message")()).split())  # noqa: B009
            message = message.replace(": Value error, ", ": ")  # newer typer validates through pydantic
            say(f"mlhire: error: {message}{hint}", err=True)
            sys.exit(int(getattr(exc, "exit_code", 1)))
        sys.exit(code if isinstance(code, int) else 0)

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        """A bare group (`mlhire`, `mlhire data`): its help on stderr and exit 2."""
        if not args and not ctx.resilient_parsing:
            typer.echo(ctx.get_help(), err=True)
            ctx.exit(int(ExitCode.USAGE))
        return list(super().parse_args(ctx, args))

    def invoke(self, ctx: Any) -> Any:
        debug = False
        try:
            debug = is_on("MLHIRE_DEBUG")  # read before the command: a bad value is one line too
            return super().invoke(ctx)
        except MlhireError as exc:
            _fail(_one_line(exc), int(exc.exit_code))
        except BrokenPipeError:
            _quiet_broken_pipe()
        except OSError as exc:
            if exc.strerror is None or debug:
                raise
            where = f"{_shortened(str(exc.filename))}: " if exc.filename is not None else ""
            _fail(f"{where}{exc.strerror}", int(ExitCode.INVALID))  # a file name too long, a full disk
        except OverflowError:
            _fail(
                "a date or amount falls outside what can be computed (dates end at 9999-12-31)",
                ExitCode.USAGE,
            )
        except ArithmeticError:  # decimal's InvalidOperation or Overflow, a division by zero
            if debug:
                raise
            _fail(
                "the figures give a result outside what can be computed exactly; "
                "see the ranges in docs/limits.md (MLHIRE_DEBUG=1 shows where)",
                int(ExitCode.INVALID),
            )
        except KeyboardInterrupt:
            _fail("interrupted", int(ExitCode.INTERRUPTED))
        except (typer.Exit, typer.Abort):
            raise
        except Exception as exc:
            if debug:
                raise
            if _is_click_error(exc):
                raise
            detail = str(exc).splitlines()[0] if str(exc) else ""
            _fail(
                f"unexpected {type(exc).__name__}{': ' + detail if detail else ''} "
                "(a bug; rerun with MLHIRE_DEBUG=1 for the traceback)",
                int(ExitCode.INVALID),
            )


def _shortened(name: str, keep: int = 60) -> str:
    """A file name of a readable length: its start and its end."""
    return name if len(name) <= 2 * keep + 3 else f"{name[:keep]}...{name[-keep:]}"


def _quiet_broken_pipe() -> NoReturn:
    """stdout was closed (`| head`): stop quietly, as Unix tools do."""
    silence_stdout()
    raise typer.Exit(0)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"mlhire {__version__}")
        raise typer.Exit()


def _root(
    version: Annotated[
        bool,
        typer.Option("--version", "-V", callback=_version, is_eager=True, help="Print the version and exit."),
    ] = False,
) -> None:
    """TCO and sourcing-path calculator for hiring ML engineers."""


# Each command's help: `mlhire --help` lists it before any command's module is loaded.
HELP = {
    "compare": "Cost of each sourcing path, line item by line item, low / mid / high.",
    "rank": "Which paths make a deadline: work delivered by it; with --work, probability and day to decide.",
    "budget": "Month-by-month budget for one hire or a hiring plan, ready for a spreadsheet.",
    "roles": "The roles and their loaded monthly cost bands, with sources and as-of dates.",
    "paths": "The sourcing paths: times, who absorbs vetting and replacement, cost items.",
    "countries": "Employer costs, statutory extras, notice and EOR fees by country, with sources.",
    "validate": "Check data files: YAML, schema, ids, references, currency, staleness. Exit 1 if invalid.",
    "schema": "Print the JSON Schema (draft 2020-12) of roles.yaml, paths.yaml or scenarios.yaml.",
    "diff": "What a change to the data files (or a plan) does to costs, savings and deadline rankings.",
    "report": "The decision on one self-contained HTML page with charts (needs mlhire[report]).",
    "sensitivity": "Which uncertain figures move the cost and schedule most, and which flip the choice.",
    "simulate": "Cost and time together: P(on time), P(under budget), both, seeded (needs mlhire[simulate]).",
    "afford": "How many hires a budget buys by a deadline on each path, or the budget a body of work needs.",
}
HELP_WIDTH = 10_000  # no bound of our own: the terminal's width
DATA_HELP = {
    "init": "Copy the shipped data files into DIRECTORY for a team to edit.",
    "list": "The shipped data sets (seed, market): where each is, its date and what it rests on.",
}


def _stub(name: str) -> Callable[[], None]:
    """Stands in for a command in `mlhire --help` and completion; never runs."""

    def stub() -> None:  # pragma: no cover - only built when another command was asked for
        raise UsageError(f"{name}: not loaded")

    return stub


def build_app(only: str | None = None) -> typer.Typer:
    """The `mlhire` app with every command, or with `only` that one fully built.

    Typer turns each parameter of each registered command into a parser option before
    it parses anything. A run needs one command at most: the others are registered as
    parameterless stand-ins with the same name and help, so `--help`, completion of
    command names and "No such command" behave as with the full app. `only=""` builds
    none of them (`mlhire --help`, `mlhire --version`, completing a command name).
    """
    app = typer.Typer(
        name="mlhire",
        cls=MlhireGroup,
        help="TCO and sourcing-path calculator for hiring ML engineers.\n\n" + EXIT_CODES_HELP,
        pretty_exceptions_show_locals=False,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
        # help wraps at the terminal's width, however wide (the framework stops at 80 by default)
        context_settings={"help_option_names": ["-h", "--help"], "max_content_width": HELP_WIDTH},
    )
    app.callback()(_root)
    # short_help: the list of commands shows each one's whole line, wrapped, never cut with "..."
    for name, help_text in HELP.items():
        command = _command(name) if only is None or only == name else _stub(name)
        app.command(name, help=help_text, short_help=help_text)(command)
    data_app = typer.Typer(cls=MlhireGroup, help="Work with copies of the data files.", rich_markup_mode=None)
    for name, help_text in DATA_HELP.items():
        built = only is None or only == "data"
        command = _command(f"data {name}") if built else _stub(name)
        data_app.command(name, help=help_text, short_help=help_text)(command)
    app.add_typer(data_app, name="data")
    return app


# Each command's module and function: one thin module per command, loaded only to build it.
COMMANDS = {
    "compare": ("compare", "compare"),
    "rank": ("rank", "rank"),
    "budget": ("budget", "budget"),
    "roles": ("listings", "roles"),
    "paths": ("listings", "paths"),
    "countries": ("countries", "countries"),
    "validate": ("validate", "validate"),
    "schema": ("schema", "schema"),
    "diff": ("diff", "diff"),
    "report": ("report", "report"),
    "sensitivity": ("sensitivity", "sensitivity"),
    "simulate": ("simulate", "simulate"),
    "afford": ("afford", "afford"),
    "data init": ("data", "init"),
    "data list": ("data", "list_sets"),
}


def _command(name: str) -> Callable[..., None]:
    """The function behind a command (`data init` for a data subcommand)."""
    from importlib import import_module

    module, function = COMMANDS[name]
    command: Callable[..., None] = getattr(import_module(f"{__package__}.{module}"), function)
    return command


def __getattr__(name: str) -> typer.Typer:
    """`cli.app`: every command built, for tests and for embedding (made on first use)."""
    if name == "app":
        app = globals()["app"] = build_app()
        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def requested_command(args: Sequence[str], environ: "dict[str, str] | os._Environ[str]") -> str | None:
    """The subcommand a command line (or a shell-completion request) names: its name,
    "" when it names none, None when a completion request cannot be read (build them all)."""
    if any(key.startswith("_") and key.endswith("_COMPLETE") for key in environ):
        words = _completed_words(environ)
        if words is None:
            return None
        args = words
    for arg in args:
        if not arg.startswith("-"):  # the root's options take no values
            return arg if arg in HELP or arg == "data" else ""
    return ""


def _completed_words(environ: "dict[str, str] | os._Environ[str]") -> list[str] | None:
    """The words before the one being completed, as each shell's completion script sends
    them: bash in COMP_WORDS up to COMP_CWORD; zsh, fish and PowerShell the line so far in
    _TYPER_COMPLETE_ARGS (PowerShell names the word being completed on its own)."""
    import shlex

    try:
        if "COMP_WORDS" in environ:
            return shlex.split(environ["COMP_WORDS"])[1 : int(environ.get("COMP_CWORD", "0"))]
        line = environ.get("_TYPER_COMPLETE_ARGS")
        if line is None:
            return None
        words = shlex.split(line)[1:]
    except ValueError:  # an open quote, a bad COMP_CWORD
        return None
    if "_TYPER_COMPLETE_WORD_TO_COMPLETE" in environ:
        return words[:-1] if environ["_TYPER_COMPLETE_WORD_TO_COMPLETE"] else words
    return words[:-1] if words and not line.endswith(" ") else words


def main(prog_name: str = "mlhire") -> NoReturn:
    """Run the command line and exit with its code (signals are handled in `__main__`).

    A closed stdout ends every command at once with exit 1, before any work; a closed
    stdin or stderr reads or writes the null device (`streams.open_standard_streams`).
    stdout is flushed here, inside the try, so a reader that closed the pipe early
    ends the run quietly with the command's own exit code, not at interpreter exit.
    """
    from .streams import CLOSED_STDOUT, fit_text_streams, open_standard_streams

    if not open_standard_streams():  # `>&-`: no command could print what it computed
        sys.stderr.write(f"mlhire: error: {CLOSED_STDOUT}\n")
        sys.stderr.flush()
        sys.exit(int(ExitCode.INVALID))
    fit_text_streams()  # an ASCII terminal gets * for the estimate mark, not a UnicodeEncodeError
    code: Any = 0
    try:
        try:
            build_app(requested_command(sys.argv[1:], os.environ))(prog_name=prog_name)
        except SystemExit as exc:
            code = exc.code
        sys.stdout.flush()
    except BrokenPipeError:
        silence_stdout()
    sys.exit(code)
