"""The mlhire command line: parse options, call the core, hand the result to render.

Start-up stays light: only typer is imported at module level. The core (pydantic
models, YAML) and Rich are imported inside the commands that need them.
"""

import os
import sys
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from typer._click.exceptions import ClickException, NoArgsIsHelpError
from typer._click.exceptions import UsageError as ClickUsageError
from typer.core import TyperGroup

from . import __version__
from .errors import ExitCode, MlhireError, UsageError

if TYPE_CHECKING:
    from decimal import Decimal
    from pathlib import Path

    from .catalog import Catalog
    from .render import Report

EXIT_CODES_HELP = (
    "Exit codes: 0 ok; 1 invalid input or data; 2 usage error; "
    "3 budget over --fail-over; 130 interrupted. "
    "Set MLHIRE_DEBUG=1 to see tracebacks of unexpected errors."
)


def _fail(message: str, code: int) -> NoReturn:
    typer.echo(f"mlhire: error: {message}", err=True)
    raise typer.Exit(code)


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
        """Click's own usage errors as one line too, with a pointer to --help."""
        options = {"args": args, "prog_name": prog_name, "complete_var": complete_var, **extra}
        if not standalone_mode:
            return super().main(standalone_mode=False, windows_expand_args=windows_expand_args, **options)
        try:
            code = super().main(standalone_mode=False, windows_expand_args=windows_expand_args, **options)
        except NoArgsIsHelpError as exc:
            # bare `mlhire` or `mlhire data`: the help, on stderr with exit 2, as click does
            typer.echo(exc.ctx.get_help(), err=True)
            sys.exit(exc.exit_code)
        except ClickException as exc:
            command = exc.ctx.command_path if getattr(exc, "ctx", None) else "mlhire"  # type: ignore[attr-defined]
            hint = f" (see '{command} --help')" if isinstance(exc, ClickUsageError) else ""
            message = " ".join(exc.format_message().split())
            typer.echo(f"mlhire: error: {message}{hint}", err=True)
            sys.exit(exc.exit_code)
        except typer.Abort:
            typer.echo("mlhire: error: aborted", err=True)
            sys.exit(int(ExitCode.INTERRUPTED))
        sys.exit(code if isinstance(code, int) else 0)

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except MlhireError as exc:
            _fail(exc.message, int(exc.exit_code))
        except BrokenPipeError:
            _quiet_broken_pipe()
        except OverflowError:
            _fail(
                "a date or amount falls outside what can be computed (dates end at 9999-12-31)",
                ExitCode.USAGE,
            )
        except KeyboardInterrupt:
            _fail("interrupted", int(ExitCode.INTERRUPTED))
        except (typer.Exit, typer.Abort):
            raise
        except Exception as exc:
            if os.environ.get("MLHIRE_DEBUG"):
                raise
            if type(exc).__module__.startswith(("click", "typer")):
                raise
            detail = str(exc).splitlines()[0] if str(exc) else ""
            _fail(
                f"unexpected {type(exc).__name__}{': ' + detail if detail else ''} "
                "(a bug; rerun with MLHIRE_DEBUG=1 for the traceback)",
                int(ExitCode.INVALID),
            )


def _quiet_broken_pipe() -> NoReturn:
    """stdout was closed (`| head`): stop quietly, as Unix tools do."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    raise typer.Exit(0)


class RootGroup(MlhireGroup):
    """The `mlhire` group: builds each subcommand only when it is asked for.

    Typer turns every parameter of every command into a click parameter before it
    parses anything; with eight commands that is most of `mlhire --help`. Here only
    the command being run (or completed) is built, and the command list in --help
    comes from the docstrings.
    """

    def _lazy(self) -> dict[str, Any]:
        return {
            info.name or info.callback.__name__.replace("_", "-"): info  # type: ignore[union-attr]
            for info in commands.registered_commands
        }

    def list_commands(self, ctx: Any) -> list[str]:
        names = list(self._lazy())
        return names + [name for name in super().list_commands(ctx) if name not in names]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        command = super().get_command(ctx, cmd_name)
        info = self._lazy().get(cmd_name) if command is None else None
        if info is not None:
            command = typer.main.get_command_from_info(
                info, pretty_exceptions_short=True, rich_markup_mode=None
            )
            self.commands[cmd_name] = command
        return command

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        import inspect

        from typer._click.utils import make_default_short_help

        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max(len(name) for name in names)
        lazy = self._lazy()
        rows = []
        for name in names:
            built = self.commands.get(name)
            if built is not None:
                if not built.hidden:
                    rows.append((name, built.get_short_help_str(limit)))
            else:
                rows.append((name, make_default_short_help(inspect.getdoc(lazy[name].callback) or "", limit)))
        with formatter.section("Commands"):
            formatter.write_dl(rows)


commands = typer.Typer()  # the subcommands, registered here and built one at a time by RootGroup
app = typer.Typer(
    name="mlhire",
    cls=RootGroup,
    help="TCO and sourcing-path calculator for hiring ML engineers.\n\n" + EXIT_CODES_HELP,
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"mlhire {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", "-V", callback=_version, is_eager=True, help="Print the version and exit."),
    ] = False,
) -> None:
    """TCO and sourcing-path calculator for hiring ML engineers."""


# ---------------------------------------------------------------- shared options


def _complete_ids(kind: str) -> list[str]:
    try:
        from .data import load_catalog

        catalog = load_catalog()
    except Exception:  # completion must never fail loudly
        return []
    return list(catalog.roles if kind == "roles" else catalog.paths)


def _complete_roles(incomplete: str) -> list[str]:
    return [role for role in _complete_ids("roles") if role.startswith(incomplete)]


def _complete_paths(incomplete: str) -> list[str]:
    return [path for path in [*_complete_ids("paths"), "all"] if path.startswith(incomplete)]


def _complete_formats(incomplete: str) -> list[str]:
    from .render import FORMATS

    return [fmt for fmt in FORMATS if fmt.startswith(incomplete)]


def _choices(*values: str) -> Any:
    """Shell completion for an option that takes one of a few words."""
    return lambda incomplete: [value for value in values if value.startswith(incomplete)]


FormatOpt = Annotated[
    str | None,
    typer.Option(
        "--format",
        "-f",
        help="table, json, csv, tsv, markdown or xlsx (with --output) "
        "[default: table, or from --output's extension].",
        autocompletion=_complete_formats,
    ),
]
OutputOpt = Annotated[
    str | None,
    typer.Option("--output", "-o", help="Write to FILE atomically instead of stdout ('-': stdout)."),
]
DataDirOpt = Annotated[
    str | None,
    typer.Option(
        "--data-dir",
        envvar="MLHIRE_DATA_DIR",
        help="Directory with roles.yaml and paths.yaml [default: shipped data].",
    ),
]
RoleOpt = Annotated[str, typer.Option("--role", "-r", help="Role id.", autocompletion=_complete_roles)]
StartOpt = Annotated[str | None, typer.Option("--start", help="Decision date, YYYY-MM-DD [default: today].")]
HeadcountOpt = Annotated[int, typer.Option("--headcount", "-n", help="Hires per path (1 to 100000).")]


def _catalog(data_dir: str | None) -> "Catalog":
    from .data import load_catalog

    return load_catalog(data_dir)


def _start(text: str | None) -> date:
    from .timeline import parse_date

    return date.today() if text is None else parse_date(text, what="--start")


def _months(text: str) -> "Decimal":
    from .money import parse_amount

    value = parse_amount(text, what="--months", allow_zero=False)
    if value > 1200:
        raise UsageError(f"--months: {text!r} is more than 1200 (100 years)")
    return value


def _path(text: str | None) -> "Path | None":
    from pathlib import Path  # not needed by --help or completion

    return None if text is None else Path(text)


def _output(text: str | None) -> "Path | None":
    """`--output FILE`; `-` means stdout, as usual."""
    return None if text == "-" else _path(text)


def _show(report: "Report", fmt: str | None, output: str | None) -> None:
    from .render import emit, format_for

    target = _output(output)
    emit(report, format_for(fmt, target), target)


def _check_output(output: str | None) -> None:
    target = _output(output)
    if target is not None:
        from .render import check_output_path

        check_output_path(target)


def _check_headcount(headcount: int) -> None:
    if not 1 <= headcount <= 100_000:
        raise UsageError(f"--headcount: {headcount} must be 1 to 100000")


# ---------------------------------------------------------------- commands


@commands.command()
def compare(
    role: RoleOpt = "ml-engineer",
    path: Annotated[
        list[str] | None,
        typer.Option(
            "--path",
            "-p",
            help="Path id; repeat for several, or 'all' [default: embedded and in-house-fte].",
            autocompletion=_complete_paths,
        ),
    ] = None,
    months: Annotated[
        str, typer.Option("--months", "-m", help="Months of work (or of calendar, see --basis).")
    ] = "12",
    headcount: HeadcountOpt = 1,
    basis: Annotated[
        str,
        typer.Option(
            "--basis",
            autocompletion=_choices("work", "calendar"),
            help="work: cost of N months of shipped work; "
            "calendar: spend and work delivered within N months of --start.",
        ),
    ] = "work",
    start: StartOpt = None,
    embedded_monthly: Annotated[
        str | None, typer.Option("--embedded-monthly", help="Override the embedded path's monthly fee.")
    ] = None,
    fte_annual: Annotated[
        str | None, typer.Option("--fte-annual", help="Override the in-house loaded cost, per year.")
    ] = None,
    fte_monthly: Annotated[
        str | None, typer.Option("--fte-monthly", help="Override the in-house loaded cost, per month.")
    ] = None,
    baseline: Annotated[
        str, typer.Option("--baseline", help="Path that savings are measured against.")
    ] = "in-house-fte",
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    data_dir: DataDirOpt = None,
) -> None:
    """Cost of each sourcing path, line item by line item, low / mid / high."""
    from .cost import compare as run_compare
    from .cost import parse_overrides
    from .money import parse_amount
    from .views.compare import compare_report

    if basis not in ("work", "calendar"):
        raise UsageError(f"--basis: {basis!r} is not one of work, calendar")
    _check_output(output)
    _check_headcount(headcount)
    number_of_months = _months(months)
    decided = _start(start)
    catalog = _catalog(data_dir)

    def amount(text: str | None, option: str) -> "Decimal | None":
        return None if text is None else parse_amount(text, what=option, allow_zero=False)

    overrides = parse_overrides(
        catalog,
        embedded_monthly=amount(embedded_monthly, "--embedded-monthly"),
        fte_annual=amount(fte_annual, "--fte-annual"),
        fte_monthly=amount(fte_monthly, "--fte-monthly"),
    )
    if baseline not in catalog.paths:
        catalog.path(baseline)  # raises the unknown-path error
    result = run_compare(
        catalog,
        role_id=role,
        path_ids=path or ("embedded", "in-house-fte"),
        months=number_of_months,
        headcount=headcount,
        basis=basis,  # type: ignore[arg-type]
        start=decided,
        overrides=overrides,
        baseline_id=baseline,
    )
    _show(compare_report(result, catalog), fmt, output)


def _confidence(text: str) -> float:
    cleaned = text.strip()
    scale = 100.0 if cleaned.endswith("%") else 1.0
    try:
        value = float(cleaned.rstrip("%")) / scale
    except ValueError:
        raise UsageError(f"--confidence: {text!r} is not a number (e.g. 0.9 or 90%)") from None
    if not 0 < value < 1:  # also rejects NaN
        raise UsageError(f"--confidence: {text!r} must be strictly between 0 and 1")
    return value


PathsOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--path",
        "-p",
        help="Path id; repeat for several, or 'all' [default: all].",
        autocompletion=_complete_paths,
    ),
]


@commands.command()
def rank(
    deadline: Annotated[
        str,
        typer.Option(
            "--deadline",
            "-d",
            help="YYYY-MM-DD, 2027-Q3 or Q3-2027 (the quarter's last day), or Q3 (the next one).",
        ),
    ],
    start: StartOpt = None,
    work: Annotated[
        str | None,
        typer.Option("--work", "-w", help="Work due after the first PR: 10d, 15bd (business days), 6w, 3m."),
    ] = None,
    role: RoleOpt = "ml-engineer",
    path: PathsOpt = None,
    headcount: HeadcountOpt = 1,
    confidence: Annotated[
        str, typer.Option("--confidence", "-c", help="Probability strictly between 0 and 1 (or 90%).")
    ] = "0.9",
    delay_cost_per_month: Annotated[
        str | None,
        typer.Option("--delay-cost-per-month", help="Cost of each month late; adds the expected delay cost."),
    ] = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    data_dir: DataDirOpt = None,
) -> None:
    """Which paths can still make a deadline: probability, dates, last day to decide."""
    from .money import parse_amount
    from .rank import rank as run_rank
    from .timeline import parse_deadline, parse_duration
    from .views.rank import rank_report

    _check_output(output)
    _check_headcount(headcount)
    decided = _start(start)
    due = parse_deadline(deadline, start=decided)
    level = _confidence(confidence)
    work_after = parse_duration(work, what="--work") if work is not None else None
    delay = None
    if delay_cost_per_month is not None:
        delay = parse_amount(delay_cost_per_month, what="--delay-cost-per-month")
    catalog = _catalog(data_dir)
    result = run_rank(
        catalog,
        start=decided,
        deadline=due,
        role_id=role,
        path_ids=path or ("all",),
        confidence=level,
        work=work_after,
        headcount=headcount,
        delay_cost_per_month=delay,
    )
    _show(rank_report(result, catalog), fmt, output)


@commands.command()
def budget(
    path: PathsOpt = None,
    role: RoleOpt = "ml-engineer",
    start: Annotated[
        str | None,
        typer.Option("--start", help="First month of the budget, YYYY-MM or YYYY-MM-DD [default: today]."),
    ] = None,
    months: Annotated[str, typer.Option("--months", "-m", help="Months in the budget window.")] = "12",
    headcount: HeadcountOpt = 1,
    band: Annotated[
        str,
        typer.Option(
            "--band",
            help="Point of each range: low, mid or high.",
            autocompletion=_choices("low", "mid", "high"),
        ),
    ] = "mid",
    plan: Annotated[
        str | None,
        typer.Option("--plan", help="Hiring plan: CSV (role,path,start,headcount[,label]) or YAML (hires:)."),
    ] = None,
    by: Annotated[
        str | None,
        typer.Option(
            "--by",
            help="Group rows by month, path, role or row [default: path].",
            autocompletion=_choices("month", "path", "role", "row"),
        ),
    ] = None,
    totals: Annotated[bool, typer.Option("--totals", help="Add total rows to CSV/TSV output.")] = False,
    fail_over: Annotated[
        str | None,
        typer.Option("--fail-over", help="Exit 3 after printing when the total is over this amount."),
    ] = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    data_dir: DataDirOpt = None,
) -> None:
    """Month-by-month budget for one hire or a hiring plan, ready for a spreadsheet."""
    from .budget import Hire, read_plan
    from .budget import budget as run_budget
    from .errors import OverBudget
    from .money import parse_amount
    from .timeline import parse_month_or_date
    from .views.budget import budget_report

    _check_output(output)
    _check_headcount(headcount)
    first = date.today() if start is None else parse_month_or_date(start, what="--start")
    window = _months(months)
    limit = None if fail_over is None else parse_amount(fail_over, what="--fail-over")
    catalog = _catalog(data_dir)
    if plan is not None:
        if path:
            raise UsageError("give --plan or --path, not both")
        hires = read_plan(_path(plan), catalog)  # type: ignore[arg-type]
    else:
        catalog.role(role)
        hires = [Hire(role, p.id, first, headcount) for p in catalog.select_paths(path or ("all",))]
    result = run_budget(
        catalog,
        hires,
        start=first,
        months=window,
        band=band,  # type: ignore[arg-type]
        by=(by or "path"),  # type: ignore[arg-type]
        plan=str(plan) if plan else None,
    )
    _show(budget_report(result, catalog, totals_in_flat=totals), fmt, output)
    if limit is not None and result.total > limit:
        raise OverBudget(f"budget total {result.total:,.2f} is over --fail-over {limit:,.2f}")


@commands.command()
def report(
    output: Annotated[
        str, typer.Option("--output", "-o", help="The HTML file to write, atomically.")
    ] = "decision.html",
    role: RoleOpt = "ml-engineer",
    path: Annotated[
        list[str] | None,
        typer.Option(
            "--path",
            "-p",
            help="Path id; repeat for several, or 'all' [default: embedded and in-house-fte].",
            autocompletion=_complete_paths,
        ),
    ] = None,
    months: Annotated[
        str, typer.Option("--months", "-m", help="Months of work (or of calendar, see --basis).")
    ] = "12",
    headcount: HeadcountOpt = 1,
    basis: Annotated[
        str,
        typer.Option(
            "--basis",
            autocompletion=_choices("work", "calendar"),
            help="work: cost of N months of shipped work; calendar: spend within N months of --start.",
        ),
    ] = "work",
    start: Annotated[
        str | None,
        typer.Option("--start", help="Decision date and first month, YYYY-MM-DD or YYYY-MM [default: today]"),
    ] = None,
    deadline: Annotated[
        str | None,
        typer.Option(
            "--deadline",
            "-d",
            help="YYYY-MM-DD, 2027-Q3, Q3-2027 or Q3 "
            "[default: the end of the quarter six months after --start].",
        ),
    ] = None,
    work: Annotated[
        str | None,
        typer.Option("--work", "-w", help="Work due after the first PR: 10d, 15bd (business days), 6w, 3m."),
    ] = None,
    confidence: Annotated[
        str, typer.Option("--confidence", "-c", help="Probability strictly between 0 and 1 (or 90%).")
    ] = "0.9",
    delay_cost_per_month: Annotated[
        str | None,
        typer.Option("--delay-cost-per-month", help="Cost of each month late; adds the expected delay cost."),
    ] = None,
    embedded_monthly: Annotated[
        str | None, typer.Option("--embedded-monthly", help="Override the embedded path's monthly fee.")
    ] = None,
    fte_annual: Annotated[
        str | None, typer.Option("--fte-annual", help="Override the in-house loaded cost, per year.")
    ] = None,
    fte_monthly: Annotated[
        str | None, typer.Option("--fte-monthly", help="Override the in-house loaded cost, per month.")
    ] = None,
    baseline: Annotated[
        str, typer.Option("--baseline", help="Path that savings are measured against.")
    ] = "in-house-fte",
    plan: Annotated[
        str | None,
        typer.Option("--plan", help="Hiring plan: CSV (role,path,start,headcount[,label]) or YAML (hires:)."),
    ] = None,
    by: Annotated[
        str,
        typer.Option(
            "--by",
            help="Stack a plan's monthly spend by path or role.",
            autocompletion=_choices("path", "role"),
        ),
    ] = "path",
    data_dir: DataDirOpt = None,
) -> None:
    """The decision on one self-contained HTML page with charts (needs mlhire[report])."""
    from .report import require_extra

    require_extra()
    from .cost import parse_overrides
    from .money import parse_amount
    from .render import write_atomic
    from .report.build import Question, build, default_deadline
    from .report.page import render_page
    from .timeline import parse_deadline, parse_duration, parse_month_or_date

    if basis not in ("work", "calendar"):
        raise UsageError(f"--basis: {basis!r} is not one of work, calendar")
    if by not in ("path", "role"):
        raise UsageError(f"--by: {by!r} is not one of path, role")
    if plan is not None and path:
        raise UsageError("give --plan or --path, not both")
    target = _output(output)
    if target is None:
        raise UsageError("--output: the report is a file; give a file name, not '-'")
    _check_output(output)
    _check_headcount(headcount)
    number_of_months = _months(months)
    decided = date.today() if start is None else parse_month_or_date(start, what="--start")
    due = default_deadline(decided) if deadline is None else parse_deadline(deadline, start=decided)
    work_after = parse_duration(work, what="--work") if work is not None else None
    delay = None
    if delay_cost_per_month is not None:
        delay = parse_amount(delay_cost_per_month, what="--delay-cost-per-month")
    catalog = _catalog(data_dir)
    given = [
        (option, text)
        for option, text in (
            ("--embedded-monthly", embedded_monthly),
            ("--fte-annual", fte_annual),
            ("--fte-monthly", fte_monthly),
        )
        if text is not None
    ]
    amounts = {option: parse_amount(text, what=option, allow_zero=False) for option, text in given}
    overrides = parse_overrides(
        catalog,
        embedded_monthly=amounts.get("--embedded-monthly"),
        fte_annual=amounts.get("--fte-annual"),
        fte_monthly=amounts.get("--fte-monthly"),
    )
    if baseline not in catalog.paths:
        catalog.path(baseline)  # raises the unknown-path error
    question = Question(
        start=decided,
        deadline=due,
        deadline_is_default=deadline is None,
        role_id=role,
        path_ids=tuple(path or ("embedded", "in-house-fte")),
        months=number_of_months,
        headcount=headcount,
        basis=basis,  # type: ignore[arg-type]
        work=work_after,
        work_text=work,
        confidence=_confidence(confidence),
        delay_cost_per_month=delay,
        overrides=overrides,
        override_options=tuple(given),
        baseline_id=baseline,
        plan=_path(plan),
        by=by,  # type: ignore[arg-type]
        data_dir=data_dir,
        output=output,
    )
    write_atomic(target, render_page(build(catalog, question)))
    typer.echo(f"wrote {target}")


@commands.command()
def roles(fmt: FormatOpt = None, output: OutputOpt = None, data_dir: DataDirOpt = None) -> None:
    """The roles and their loaded monthly cost bands, with sources and as-of dates."""
    from .views.data import roles_report

    _check_output(output)
    _show(roles_report(_catalog(data_dir)), fmt, output)


@commands.command()
def paths(fmt: FormatOpt = None, output: OutputOpt = None, data_dir: DataDirOpt = None) -> None:
    """The sourcing paths: times, who absorbs vetting and replacement, cost items."""
    from .views.data import paths_report

    _check_output(output)
    _show(paths_report(_catalog(data_dir)), fmt, output)


@commands.command()
def validate(
    targets: Annotated[
        list[str] | None,
        typer.Argument(
            help="Data files, directories (roles.yaml + paths.yaml) or plans [default: the active data dir].",
            show_default=False,
        ),
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Treat stale figures as errors.")] = False,
    max_age: Annotated[
        int, typer.Option("--max-age", help="Months after which a figure's as_of is stale.", min=0, max=1200)
    ] = 12,
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help="text, json or github (annotations).",
            autocompletion=_choices("text", "json", "github"),
        ),
    ] = "text",
    data_dir: DataDirOpt = None,
) -> None:
    """Check data files: YAML, schema, ids, references, currency, staleness. Exit 1 if invalid."""
    from .data import load_catalog, resolve_data_dir
    from .validate import as_github, as_json, as_text
    from .validate import validate as run_validate

    writers = {"text": as_text, "json": as_json, "github": as_github}
    if fmt not in writers:
        raise UsageError(f"--format: {fmt!r} is not one of text, json, github")
    chosen = [_path(t) for t in targets] if targets else [resolve_data_dir(data_dir)]
    result = run_validate(
        chosen,  # type: ignore[arg-type]
        today=date.today(),
        max_age_months=max_age,
        strict=strict,
        catalog_for_plans=lambda: load_catalog(data_dir),
    )
    sys.stdout.write(writers[fmt](result))
    if not result.ok:
        raise typer.Exit(int(ExitCode.INVALID))


@commands.command()
def schema(
    kind: Annotated[str, typer.Argument(help="roles or paths.")],
    output: OutputOpt = None,
) -> None:
    """Print the JSON Schema (draft 2020-12) of roles.yaml or paths.yaml."""
    from .render import write_atomic
    from .schema import json_schema

    text = json_schema(kind)
    if output is not None:
        write_atomic(_path(output), text)  # type: ignore[arg-type]
    else:
        sys.stdout.write(text)


data_app = typer.Typer(
    cls=MlhireGroup, help="Work with copies of the data files.", no_args_is_help=True, rich_markup_mode=None
)
app.add_typer(data_app, name="data")


@data_app.command("init")
def data_init(
    target: Annotated[
        str, typer.Argument(help="Where to copy roles.yaml and paths.yaml.", metavar="DIRECTORY")
    ],
    force: Annotated[bool, typer.Option("--force", help="Overwrite existing files.")] = False,
) -> None:
    """Copy the shipped data files into DIRECTORY for a team to edit."""
    from .data import DATA_FILES, default_data_dir
    from .render import write_atomic

    directory = _path(target)
    assert directory is not None

    if directory.exists() and not directory.is_dir():
        raise UsageError(f"{directory} exists and is not a directory")
    existing = [directory / name for name in DATA_FILES if (directory / name).exists()]
    if existing and not force:
        names = ", ".join(str(path) for path in existing)
        raise UsageError(f"{names} already exist(s); use --force to overwrite")
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"cannot create {directory}: {exc.strerror or exc}") from None
    source = default_data_dir()
    for name in DATA_FILES:
        write_atomic(directory / name, (source / name).read_text(encoding="utf-8"))
        typer.echo(f"wrote {directory / name}")
    typer.echo(f"next: edit them, then `mlhire validate {directory}`; use them with --data-dir {directory}")


def main(prog_name: str = "mlhire") -> None:
    """Console-script entry point."""
    try:
        app(prog_name=prog_name)
    except BrokenPipeError:
        _quiet_broken_pipe()
