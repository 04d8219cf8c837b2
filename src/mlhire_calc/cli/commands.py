"""The commands and their options: parse what the user typed, call the core, render.

`cli.build_app` loads this module only to build the command a run names, so
`mlhire --help` and completing a command name never pay for the options' enums and
declarations. Each command's help text is `cli.HELP`, which `--help` lists without
loading this module. Errors are domain errors; `cli.MlhireGroup` turns them into
one line and an exit code.
"""

import sys
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any

import typer

from mlhire_calc.domain.choices import (
    Basis,
    BudgetBand,
    DateOrder,
    DiffFormat,
    GroupBy,
    Point,
    ProblemFormat,
    SchemaKind,
    StackBy,
)
from mlhire_calc.domain.errors import ExitCode, UsageError

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from decimal import Decimal
    from pathlib import Path

    from mlhire_calc.domain.catalog import Catalog
    from mlhire_calc.domain.choices import Choice as OutputFormat  # to mypy: each member is a Choice
    from mlhire_calc.domain.timeline import Duration
    from mlhire_calc.output.layout import Report
else:  # --format's choices: an enum the formats registry makes at import
    from mlhire_calc.output.formats import OutputFormat

# ---------------------------------------------------------------- shared options


def _complete_ids(kind: str) -> list[str]:
    try:
        from mlhire_calc.datafiles.load import load_catalog

        catalog = load_catalog()
    except Exception:  # completion must never fail loudly
        return []
    return list(catalog.roles if kind == "roles" else catalog.paths)


def _complete_roles(incomplete: str) -> list[str]:
    return [role for role in _complete_ids("roles") if role.startswith(incomplete)]


def _complete_paths(incomplete: str) -> list[str]:
    return [path for path in [*_complete_ids("paths"), "all"] if path.startswith(incomplete)]


FormatOpt = Annotated[
    OutputFormat | None,
    typer.Option(
        "--format",
        "-f",
        help="Output format; xlsx only with --output [default: table, or from --output's extension].",
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
ComparedPathsOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--path",
        "-p",
        help="Path id; repeat for several, or 'all' [default: embedded and in-house-fte].",
        autocompletion=_complete_paths,
    ),
]
PathsOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--path",
        "-p",
        help="Path id; repeat for several, or 'all' [default: all].",
        autocompletion=_complete_paths,
    ),
]
MonthsOpt = Annotated[
    str, typer.Option("--months", "-m", help="Months of work (or of calendar, see --basis).")
]
BasisOpt = Annotated[
    Basis,
    typer.Option(
        "--basis",
        help="work: cost of N months of shipped work; "
        "calendar: spend and work delivered within N months of --start.",
    ),
]
BaselineOpt = Annotated[str, typer.Option("--baseline", help="Path that savings are measured against.")]
WorkOpt = Annotated[
    str | None,
    typer.Option(
        "--work", "-w", help="Work due after the first PR: 10d, 15bd (business days), 6w, 3m, '3 months'."
    ),
]
ConfidenceOpt = Annotated[
    str, typer.Option("--confidence", "-c", help="Probability strictly between 0 and 1 (or 90%).")
]
DelayOpt = Annotated[
    str | None,
    typer.Option("--delay-cost-per-month", help="Cost of each month late; adds the expected delay cost."),
]
PlanHelp = (
    "Hiring plan: CSV/TSV (role,path,decided|joins,headcount[,end|months|until,monthly,label]) "
    "or YAML (hires:)."
)
PlanOpt = Annotated[str | None, typer.Option("--plan", help=PlanHelp)]
SetOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--set",
        help="Set a cost item: PATH.ITEM=AMOUNT (a percent item: PATH.ITEM=8%); repeatable. "
        "`mlhire paths` lists the items.",
        metavar="PATH.ITEM=AMOUNT",
    ),
]
EmbeddedMonthlyOpt = Annotated[
    str | None,
    typer.Option("--embedded-monthly", help="The embedded path's monthly fee (--set embedded.fee=...)."),
]
FteAnnualOpt = Annotated[str | None, typer.Option("--fte-annual", help="The in-house loaded cost, per year.")]
FteMonthlyOpt = Annotated[
    str | None,
    typer.Option(
        "--fte-monthly", help="The in-house loaded cost, per month (--set in-house-fte.loaded-cost=...)."
    ),
]
CurrencyOpt = Annotated[
    str | None,
    typer.Option(
        "--currency",
        help="Show every amount in this currency (EUR), converted at the data's dated rate "
        "(paths.yaml `rates:`); amounts you give are in it too [default: the data's].",
    ),
]
DecimalCommaOpt = Annotated[
    bool,
    typer.Option(
        "--decimal-comma",
        help="CSV/TSV for comma-decimal locales: 1234,56 and (CSV) ';' between fields.",
    ),
]
DateOrderOpt = Annotated[
    DateOrder | None,
    typer.Option(
        "--date-order",
        help="How a plan's slash or dot dates read (1/15/2027: mdy; 15.01.2027: dmy); never guessed.",
    ),
]


# The options that change the figures a command computes with, by parameter name. The
# commands declare them as parameters (so typer makes them options, with help and
# completion) and hand them on together as `ctx.params`.
FIGURE_OPTIONS = {
    "settings": "--set",
    "embedded_monthly": "--embedded-monthly",
    "fte_annual": "--fte-annual",
    "fte_monthly": "--fte-monthly",
    "currency": "--currency",
}


def _catalog(options: "Mapping[str, Any]") -> "Catalog":
    """The data a command computes with, from its parsed options (`ctx.params`): the
    files of `--data-dir`, in `--currency`, with what `--set` and its shorthands change
    in it (amounts given in that currency)."""
    from mlhire_calc.datafiles.load import load_catalog

    catalog = load_catalog(options.get("data_dir"))
    currency = options.get("currency")
    if currency is not None:
        from mlhire_calc.datafiles.currency import in_currency

        catalog = in_currency(catalog, currency)
    settings = options.get("settings") or ()
    named = {key: options.get(key) for key in ("embedded_monthly", "fte_annual", "fte_monthly")}
    if not settings and all(text is None for text in named.values()):
        return catalog  # nothing to override: the overrides' code stays unloaded
    from mlhire_calc.datafiles.overrides import apply, parse_setting, shorthands

    return apply(
        catalog,
        [
            *shorthands(
                embedded_monthly=_amount(named["embedded_monthly"], "embedded monthly fee", allow_zero=False),
                fte_annual=_amount(named["fte_annual"], "in-house annual cost", allow_zero=False),
                fte_monthly=_amount(named["fte_monthly"], "in-house monthly cost", allow_zero=False),
            ),
            *(parse_setting(text) for text in settings),
        ],
    )


def _figure_options_given(options: "Mapping[str, Any]") -> list[tuple[str, str]]:
    """(option, value) for each figure option given, in the order `FIGURE_OPTIONS` lists them."""
    given = []
    for key, option in FIGURE_OPTIONS.items():
        value = options.get(key)
        texts = value if isinstance(value, (list, tuple)) else [value]  # click gives a tuple
        given += [(option, text) for text in texts if text is not None]
    return given


def _amount(text: str | None, subject: str, *, allow_zero: bool = True) -> "Decimal | None":
    """An optional amount option (`--fail-over`, `--delay-cost-per-month`, ...)."""
    from mlhire_calc.domain.money import parse_amount

    return None if text is None else parse_amount(text, subject=subject, allow_zero=allow_zero)


def _work(text: str | None) -> "Duration | None":
    from mlhire_calc.domain.timeline import parse_duration

    return None if text is None else parse_duration(text, subject="work")


def _start(text: str | None) -> date:
    from mlhire_calc.domain.timeline import parse_date

    return date.today() if text is None else parse_date(text, subject="start")


def _months(text: str) -> "Decimal":
    from mlhire_calc.domain.limits import check_months
    from mlhire_calc.domain.money import parse_amount

    return check_months(parse_amount(text, subject="months", allow_zero=False))


def _path(text: str | None) -> "Path | None":
    from pathlib import Path  # not needed by --help or completion

    return None if text is None else Path(text)


def _output(text: str | None) -> "Path | None":
    """`--output FILE`; `-` means stdout, as usual."""
    return None if text == "-" else _path(text)


def _show(
    report: "Report",
    fmt: OutputFormat | DiffFormat | ProblemFormat | None,
    output: str | None,
    *,
    decimal_comma: bool = False,
) -> None:
    from mlhire_calc.output.formats import choose, emit

    target = _output(output)
    emit(report, choose(fmt, target, report.formats), target, decimal_comma=decimal_comma)


def _check_output(
    output: str | None,
    fmt: OutputFormat | DiffFormat | None = None,
    *,
    decimal_comma: bool = False,
    formats: "Sequence[str] | None" = None,
) -> None:
    """Fail before any work when the format or `--output` cannot be written; `formats`:
    those the command's report is written in [default: every one any report is]."""
    from mlhire_calc.output.formats import choose

    target = _output(output)
    choose(fmt, target, formats, decimal_comma=decimal_comma)
    if target is not None:
        from mlhire_calc.output.destination import check_output_path

        check_output_path(target)


def _check_headcount(headcount: int) -> None:
    from mlhire_calc.domain.limits import check_headcount

    check_headcount(headcount)


# ---------------------------------------------------------------- commands


def compare(
    ctx: typer.Context,
    role: RoleOpt = "ml-engineer",
    path: ComparedPathsOpt = None,
    months: MonthsOpt = "12",
    headcount: HeadcountOpt = 1,
    basis: BasisOpt = Basis.work,
    start: StartOpt = None,
    settings: SetOpt = None,
    embedded_monthly: EmbeddedMonthlyOpt = None,
    fte_annual: FteAnnualOpt = None,
    fte_monthly: FteMonthlyOpt = None,
    baseline: BaselineOpt = "in-house-fte",
    currency: CurrencyOpt = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    decimal_comma: DecimalCommaOpt = False,
    data_dir: DataDirOpt = None,
) -> None:
    from mlhire_calc.engine.cost import compare as run_compare
    from mlhire_calc.output.views.compare import compare_report

    _check_output(output, fmt, decimal_comma=decimal_comma)
    _check_headcount(headcount)
    number_of_months = _months(months)
    decided = _start(start)
    catalog = _catalog(ctx.params)
    result = run_compare(
        catalog,
        role_id=role,
        path_ids=path or ("embedded", "in-house-fte"),
        months=number_of_months,
        headcount=headcount,
        basis=basis,
        start=decided,
        baseline_id=baseline,
    )
    _show(compare_report(result, catalog), fmt, output, decimal_comma=decimal_comma)


def _confidence(text: str) -> float:
    cleaned = text.strip()
    scale = 100.0 if cleaned.endswith("%") else 1.0
    try:
        value = float(cleaned.rstrip("%")) / scale
    except ValueError:
        raise UsageError(f"{text!r} is not a number (e.g. 0.9 or 90%)", subject="confidence") from None
    if not 0 < value < 1:  # also rejects NaN
        raise UsageError(f"{text!r} must be strictly between 0 and 1", subject="confidence")
    return value


def rank(
    ctx: typer.Context,
    deadline: Annotated[
        str,
        typer.Option(
            "--deadline",
            "-d",
            help="YYYY-MM-DD, 2027-09 (the month's last day), 2027-Q3, Q3 2027 or Q3-2027 "
            "(the quarter's last day), or Q3 (the next one).",
        ),
    ],
    start: StartOpt = None,
    work: WorkOpt = None,
    role: RoleOpt = "ml-engineer",
    path: PathsOpt = None,
    headcount: HeadcountOpt = 1,
    need: Annotated[
        int | None,
        typer.Option(
            "--need",
            help="Done when at least this many of the --headcount hires are [default: all].",
        ),
    ] = None,
    confidence: ConfidenceOpt = "0.9",
    delay_cost_per_month: DelayOpt = None,
    settings: SetOpt = None,
    embedded_monthly: EmbeddedMonthlyOpt = None,
    fte_annual: FteAnnualOpt = None,
    fte_monthly: FteMonthlyOpt = None,
    currency: CurrencyOpt = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    decimal_comma: DecimalCommaOpt = False,
    data_dir: DataDirOpt = None,
) -> None:
    from mlhire_calc.domain.timeline import parse_deadline
    from mlhire_calc.engine.rank import rank as run_rank
    from mlhire_calc.output.views.rank import rank_report

    _check_output(output, fmt, decimal_comma=decimal_comma)
    _check_headcount(headcount)
    decided = _start(start)
    due = parse_deadline(deadline, start=decided)
    level = _confidence(confidence)
    work_after = _work(work)
    delay = _amount(delay_cost_per_month, "delay cost per month")
    catalog = _catalog(ctx.params)
    result = run_rank(
        catalog,
        start=decided,
        deadline=due,
        role_id=role,
        path_ids=path or ("all",),
        confidence=level,
        work=work_after,
        headcount=headcount,
        need=need,
        delay_cost_per_month=delay,
    )
    _show(rank_report(result, catalog), fmt, output, decimal_comma=decimal_comma)


def budget(
    ctx: typer.Context,
    path: PathsOpt = None,
    role: RoleOpt = "ml-engineer",
    start: Annotated[
        str | None,
        typer.Option("--start", help="First month of the budget, YYYY-MM or YYYY-MM-DD [default: today]."),
    ] = None,
    months: Annotated[str, typer.Option("--months", "-m", help="Months in the budget window.")] = "12",
    headcount: HeadcountOpt = 1,
    band: Annotated[
        BudgetBand,
        typer.Option("--band", help="Point of each range, or all: low, mid and high side by side."),
    ] = BudgetBand.mid,
    plan: PlanOpt = None,
    date_order: DateOrderOpt = None,
    by: Annotated[GroupBy, typer.Option("--by", help="Group rows within each month.")] = GroupBy.path,
    totals: Annotated[bool, typer.Option("--totals", help="Add total rows to CSV/TSV output.")] = False,
    fail_over: Annotated[
        str | None,
        typer.Option("--fail-over", help="Exit 3 after printing when the total is over this amount."),
    ] = None,
    settings: SetOpt = None,
    embedded_monthly: EmbeddedMonthlyOpt = None,
    fte_annual: FteAnnualOpt = None,
    fte_monthly: FteMonthlyOpt = None,
    currency: CurrencyOpt = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    decimal_comma: DecimalCommaOpt = False,
    data_dir: DataDirOpt = None,
) -> None:
    from mlhire_calc.domain.errors import OverBudget
    from mlhire_calc.domain.timeline import parse_month_or_date
    from mlhire_calc.engine.budget import budget as run_budget
    from mlhire_calc.engine.plans import Hire, load_plan
    from mlhire_calc.output.views.budget import budget_report
    from mlhire_calc.output.views.budget_bands import bands_report

    _check_output(output, fmt, decimal_comma=decimal_comma)
    _check_headcount(headcount)
    first = date.today() if start is None else parse_month_or_date(start, subject="start")
    window = _months(months)
    limit = _amount(fail_over, "budget limit")
    catalog = _catalog(ctx.params)
    if plan is not None:
        if path:
            raise UsageError("give --plan or --path, not both")
        loaded = load_plan(_path(plan), catalog, date_order=date_order)  # type: ignore[arg-type]
        for note in loaded.notes:
            typer.echo(f"mlhire: warning: {note.located()}", err=True)
        hires = loaded.hires
    else:
        catalog.role(role)
        hires = [Hire(role, p.id, first, headcount) for p in catalog.select_paths(path or ("all",))]
    points = list(Point) if band is BudgetBand.all else [Point(band.value)]
    results = [
        run_budget(
            catalog,
            hires,
            start=first,
            months=window,
            band=point,
            by=by,
            plan=str(plan) if plan else None,
            alternatives=plan is None and len(hires) > 1,
        )
        for point in points
    ]
    result = results[-1]  # the one point, or high: the largest of the three, for --fail-over
    if band is BudgetBand.all:
        shown = bands_report(results, catalog, totals_in_flat=totals)
    else:
        shown = budget_report(result, catalog, totals_in_flat=totals)
    _show(shown, fmt, output, decimal_comma=decimal_comma)
    if limit is not None and result.alternatives:  # each alternative path on its own
        over = ", ".join(f"{group.path} {group.total:,.2f}" for group in result.totals if group.total > limit)
        if over:
            raise OverBudget(f"over --fail-over {limit:,.2f}: {over}")
    elif limit is not None and result.total > limit:
        raise OverBudget(f"budget total {result.total:,.2f} is over --fail-over {limit:,.2f}")


def report(
    ctx: typer.Context,
    output: Annotated[
        str, typer.Option("--output", "-o", help="The HTML file to write, atomically.")
    ] = "decision.html",
    role: RoleOpt = "ml-engineer",
    path: ComparedPathsOpt = None,
    months: MonthsOpt = "12",
    headcount: HeadcountOpt = 1,
    basis: BasisOpt = Basis.work,
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
    work: WorkOpt = None,
    confidence: ConfidenceOpt = "0.9",
    delay_cost_per_month: DelayOpt = None,
    settings: SetOpt = None,
    embedded_monthly: EmbeddedMonthlyOpt = None,
    fte_annual: FteAnnualOpt = None,
    fte_monthly: FteMonthlyOpt = None,
    baseline: BaselineOpt = "in-house-fte",
    plan: PlanOpt = None,
    by: Annotated[
        StackBy, typer.Option("--by", help="Stack a plan's monthly spend by path or role.")
    ] = StackBy.path,
    currency: CurrencyOpt = None,
    data_dir: DataDirOpt = None,
) -> None:
    from mlhire_calc.output.report import require_extra

    require_extra()
    from mlhire_calc.domain.timeline import parse_deadline, parse_month_or_date
    from mlhire_calc.output.destination import write_atomic
    from mlhire_calc.output.report.build import Question, build, default_deadline
    from mlhire_calc.output.report.page import render_page

    if plan is not None and path:
        raise UsageError("give --plan or --path, not both")
    target = _output(output)
    if target is None:
        raise UsageError("the report is a file; give a file name, not '-'", subject="output")
    from mlhire_calc.output.destination import check_output_path

    check_output_path(target)
    _check_headcount(headcount)
    number_of_months = _months(months)
    decided = date.today() if start is None else parse_month_or_date(start, subject="start")
    due = default_deadline(decided) if deadline is None else parse_deadline(deadline, start=decided)
    work_after = _work(work)
    delay = _amount(delay_cost_per_month, "delay cost per month")
    catalog = _catalog(ctx.params)
    catalog.path(baseline)  # InputError for an unknown baseline
    question = Question(
        start=decided,
        deadline=due,
        deadline_is_default=deadline is None,
        role_id=role,
        path_ids=tuple(path or ("embedded", "in-house-fte")),
        months=number_of_months,
        headcount=headcount,
        basis=basis,
        work=work_after,
        work_text=work,
        confidence=_confidence(confidence),
        delay_cost_per_month=delay,
        override_options=tuple(_figure_options_given(ctx.params)),
        baseline_id=baseline,
        plan=_path(plan),
        by=by,
        data_dir=data_dir,
        output=output,
    )
    write_atomic(target, render_page(build(catalog, question)))
    typer.echo(f"wrote {target}")


def roles(fmt: FormatOpt = None, output: OutputOpt = None, data_dir: DataDirOpt = None) -> None:
    from mlhire_calc.output.views.data import roles_report

    _check_output(output, fmt)
    _show(roles_report(_catalog({"data_dir": data_dir})), fmt, output)


def paths(fmt: FormatOpt = None, output: OutputOpt = None, data_dir: DataDirOpt = None) -> None:
    from mlhire_calc.output.views.data import paths_report

    _check_output(output, fmt)
    _show(paths_report(_catalog({"data_dir": data_dir})), fmt, output)


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
        ProblemFormat, typer.Option("--format", "-f", help="text, json or github (annotations).")
    ] = ProblemFormat.text,
    date_order: DateOrderOpt = None,
    data_dir: DataDirOpt = None,
) -> None:
    from mlhire_calc.datafiles.load import load_catalog, resolve_data_dir
    from mlhire_calc.engine.validate import validate as run_validate
    from mlhire_calc.output.views.validate import validate_report

    chosen = [_path(t) for t in targets] if targets else [resolve_data_dir(data_dir)]
    result = run_validate(
        chosen,  # type: ignore[arg-type]
        today=date.today(),
        max_age_months=max_age,
        strict=strict,
        catalog_for_plans=lambda: load_catalog(data_dir),
        date_order=date_order,
    )
    _show(validate_report(result), fmt, None)
    if not result.ok:
        raise typer.Exit(int(ExitCode.INVALID))


def schema(
    kind: Annotated[SchemaKind, typer.Argument(help="roles or paths.")],
    output: OutputOpt = None,
) -> None:
    from mlhire_calc.datafiles.schema import json_schema
    from mlhire_calc.output.destination import write_atomic

    text = json_schema(kind.value)
    if output is not None:
        write_atomic(_path(output), text)  # type: ignore[arg-type]
    else:
        sys.stdout.write(text)


DiffFormatOpt = Annotated[
    DiffFormat | None,
    typer.Option(
        "--format",
        "-f",
        help="markdown is a pull-request comment, github annotations "
        "[default: table, or from --output's extension].",
    ),
]


def diff(
    base: Annotated[
        str | None, typer.Option("--base", help="Directory with the old roles.yaml and paths.yaml.")
    ] = None,
    base_ref: Annotated[
        str | None,
        typer.Option("--base-ref", help="Git revision of the old files (and plan), read with git show."),
    ] = None,
    plan: Annotated[
        str | None, typer.Option("--plan", help="Hiring plan (CSV or YAML) whose budget to compare.")
    ] = None,
    base_plan: Annotated[
        str | None,
        typer.Option("--base-plan", help="The old plan [default: --plan at --base-ref, else --plan]."),
    ] = None,
    start: StartOpt = None,
    fail_on_increase: Annotated[
        list[str] | None,
        typer.Option(
            "--fail-on-increase",
            help="Exit 3 after printing when a yearly cost (or the plan total) rises more than this: "
            "10% or 10000; repeatable.",
        ),
    ] = None,
    warn_on_increase: Annotated[
        list[str] | None,
        typer.Option(
            "--warn-on-increase", help="Warn on stderr when a yearly cost rises more than this; repeatable."
        ),
    ] = None,
    fail_if_misses: Annotated[
        list[str] | None,
        typer.Option(
            "--fail-if-misses",
            help="Exit 3 after printing when this path's verdict on a reference question becomes "
            "a miss; repeatable.",
            autocompletion=_complete_paths,
        ),
    ] = None,
    quiet_below: Annotated[
        str | None,
        typer.Option(
            "--quiet-below", help="Print nothing unless a yearly cost, saving or plan total moves this much."
        ),
    ] = None,
    fmt: DiffFormatOpt = None,
    output: OutputOpt = None,
    data_dir: DataDirOpt = None,
) -> None:
    from mlhire_calc.datafiles.datasets import data_at_revision, data_from_directory
    from mlhire_calc.datafiles.gitfiles import Revision
    from mlhire_calc.datafiles.load import resolve_data_dir
    from mlhire_calc.domain.errors import PolicyFailed
    from mlhire_calc.domain.money import parse_amount
    from mlhire_calc.engine.diff import diff as run_diff
    from mlhire_calc.engine.policies import Policy, check, parse_threshold
    from mlhire_calc.output.views.diff_report import diff_report

    if (base is None) == (base_ref is None):
        raise UsageError("give --base DIR or --base-ref REF (one of them)")
    if base_plan is not None and plan is None:
        raise UsageError("--base-plan needs --plan")
    _check_output(output, fmt, formats=tuple(DiffFormat))
    decided = _start(start)
    policy = Policy(
        tuple(parse_threshold(text, subject="fail on increase") for text in fail_on_increase or ()),
        tuple(parse_threshold(text, subject="warn on increase") for text in warn_on_increase or ()),
        tuple(fail_if_misses or ()),
    )
    quiet = None if quiet_below is None else parse_amount(quiet_below, subject="quiet below")
    directory = resolve_data_dir(data_dir)
    new = data_from_directory(directory)
    for path_id in policy.fail_if_misses:
        new.catalog.path(path_id)  # raises the unknown-path error
    if base_ref is not None:
        old = data_at_revision(Revision.of(directory, base_ref), directory)
    else:
        base_dir = _path(base)
        if base_dir is None or not base_dir.is_dir():
            raise UsageError(f"{base} is not a directory", subject="base directory")
        old = data_from_directory(base_dir)
    result = run_diff(old, new, start=decided, plan=_path(plan), base_plan=_path(base_plan))
    findings = check(result, policy)
    if quiet is None or result.largest_change() >= quiet:
        _show(diff_report(result, findings), fmt, output)
    for change in result.changes:
        for flag in change.flags:
            typer.echo(f"mlhire: warning: {change.file}:{change.line}: {change.key}: {flag}", err=True)
    for finding in findings:
        if finding.level == "warn":
            typer.echo(f"mlhire: warning: {finding.message}", err=True)
    failures = [finding.message for finding in findings if finding.level == "fail"]
    if failures:
        more = f" (and {len(failures) - 1} more policy failure(s))" if len(failures) > 1 else ""
        raise PolicyFailed(f"{failures[0]}{more}")


def data_init(
    target: Annotated[
        str, typer.Argument(help="Where to copy roles.yaml and paths.yaml.", metavar="DIRECTORY")
    ],
    force: Annotated[bool, typer.Option("--force", help="Overwrite existing files.")] = False,
) -> None:
    from mlhire_calc.datafiles.load import DATA_FILES, default_data_dir
    from mlhire_calc.domain.errors import InputError
    from mlhire_calc.output.destination import write_atomic

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
        raise InputError(f"cannot create {directory}: {exc.strerror or exc}") from None  # exit 1, as --output
    source = default_data_dir()
    for name in DATA_FILES:
        write_atomic(directory / name, (source / name).read_text(encoding="utf-8"))
        typer.echo(f"wrote {directory / name}")
    typer.echo(f"next: edit them, then `mlhire validate {directory}`; use them with --data-dir {directory}")


# ---------------------------------------------------------------- by name

COMMANDS: dict[str, Callable[..., None]] = {
    "compare": compare,
    "rank": rank,
    "budget": budget,
    "roles": roles,
    "paths": paths,
    "validate": validate,
    "schema": schema,
    "diff": diff,
    "report": report,
    "data init": data_init,
}
