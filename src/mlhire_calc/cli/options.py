"""The options several commands share, and the parsing of what a user typed into them.

Each option is declared once as an `Annotated` alias; a command lists the aliases it
takes as parameters, so typer gives each its help, completion and exit code 2. The
helpers turn option text into the API's values; their errors are domain errors whose
`subject` `app.OPTION_OF` maps back to the option's name.
"""

from datetime import date
from typing import TYPE_CHECKING, Annotated, Any

import typer

from mlhire_calc.domain.choices import Basis, DateOrder, EngagementChoice

if not TYPE_CHECKING:  # --format's choices: an enum the formats registry makes at import
    from mlhire_calc.output.formats import OutputFormat

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence
    from decimal import Decimal
    from pathlib import Path

    from mlhire_calc.api import Result
    from mlhire_calc.domain.catalog import Catalog
    from mlhire_calc.domain.choices import Choice
    from mlhire_calc.domain.choices import Choice as OutputFormat  # to mypy: each member is a Choice
    from mlhire_calc.domain.timeline import Duration
    from mlhire_calc.output.layout import Report


def complete_ids(kind: str) -> list[str]:
    try:
        from mlhire_calc.datafiles.load import load_catalog

        catalog = load_catalog()
    except Exception:  # completion must never fail loudly
        return []
    return list(catalog.roles if kind == "roles" else catalog.paths)


def complete_datasets(incomplete: str) -> list[str]:
    try:
        from mlhire_calc.datafiles.load import shipped_datasets

        names = list(shipped_datasets())
    except Exception:  # completion must never fail loudly
        return []
    return [name for name in names if name.startswith(incomplete)]


def complete_roles(incomplete: str) -> list[str]:
    return [role for role in complete_ids("roles") if role.startswith(incomplete)]


def complete_paths(incomplete: str) -> list[str]:
    return [path for path in [*complete_ids("paths"), "all"] if path.startswith(incomplete)]


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
    typer.Option(
        "--output", "-o", metavar="FILE", help="Write to FILE atomically instead of stdout ('-': stdout)."
    ),
]
DataDirOpt = Annotated[
    str | None,
    typer.Option(
        "--data-dir",
        metavar="DIR",
        envvar="MLHIRE_DATA_DIR",
        help="Directory with roles.yaml and paths.yaml [default: shipped data].",
    ),
]
DatasetOpt = Annotated[
    str | None,
    typer.Option(
        "--dataset",
        metavar="NAME",
        help="A shipped data set: seed (the product document's figures) or market (public, "
        "independent figures); `mlhire data list` lists them [default: $MLHIRE_DATASET, else seed].",
        autocompletion=complete_datasets,
    ),
]
RoleOpt = Annotated[
    str, typer.Option("--role", "-r", metavar="ROLE", help="Role id.", autocompletion=complete_roles)
]
StartOpt = Annotated[
    str | None,
    typer.Option(
        "--start",
        metavar="DATE",
        help="Decision date: 2026-12-15, 15.12.2026, or a month (2026-12, Dec 2026: its first day) "
        "[default: today].",
    ),
]
DEADLINE_HELP = (
    "Deadline: a day (2027-09-30), a month or a quarter (its last day: 2027-09, Sep 2027, "
    "2027-Q3, Q3 2027), or Q3 (the next one)"
)
HeadcountOpt = Annotated[
    int, typer.Option("--headcount", "-n", metavar="N", help="Hires per path (1 to 100000).")
]
ComparedPathsOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--path",
        "-p",
        metavar="PATH",
        help="Path id; repeat for several, or 'all' [default: embedded and in-house-fte].",
        autocompletion=complete_paths,
    ),
]
PathsOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--path",
        "-p",
        metavar="PATH",
        help="Path id; repeat for several, or 'all' [default: all].",
        autocompletion=complete_paths,
    ),
]
MonthsOpt = Annotated[
    str,
    typer.Option("--months", "-m", metavar="MONTHS", help="Months of work (or of calendar, see --basis)."),
]
BasisOpt = Annotated[
    Basis,
    typer.Option(
        "--basis",
        help="work: cost of N months of shipped work; "
        "calendar: spend and work delivered within N months of --start.",
    ),
]
BaselineOpt = Annotated[
    str, typer.Option("--baseline", metavar="PATH", help="Path that savings are measured against.")
]
WorkOpt = Annotated[
    str | None,
    typer.Option(
        "--work",
        "-w",
        metavar="DURATION",
        help="Work due after the first PR: 10d, 15bd (business days), 6w, 3m, '3 months'.",
    ),
]
ConfidenceOpt = Annotated[
    str,
    typer.Option(
        "--confidence", "-c", metavar="PROBABILITY", help="Probability strictly between 0 and 1 (or 90%)."
    ),
]
DelayOpt = Annotated[
    str | None,
    typer.Option(
        "--delay-cost-per-month",
        metavar="AMOUNT",
        help="Cost of each month late; adds the expected delay cost.",
    ),
]
PlanHelp = (
    "Hiring plan: CSV/TSV (role,path,decided|joins,headcount[,end|months|until,monthly,label]) "
    "or YAML (hires:)."
)
PlanOpt = Annotated[str | None, typer.Option("--plan", metavar="FILE", help=PlanHelp)]
SetOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--set",
        help="Set any figure of the data for this run; repeatable. NAME: PATH.ITEM (a cost item, as "
        "`mlhire paths` lists them), PATH.time_to_start, PATH.time_to_first_pr (the role's own where "
        "the path has one), PATH.attrition, PATH.annual_increase, ROLE.loaded_monthly, or any other "
        "range, rate or time (PATH.lifecycle.attrition, countries.BR.eor_fee). VALUE: an amount "
        "15000 or 13,500; a range 8000-12000 or 8000/10000/12000 (low/median/high); a rate 4% or "
        "0.04; a time 3m, 1-4w or 2/3/5m (d, bd, w, m).",
        metavar="NAME=VALUE",
    ),
]
ScenarioOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--scenario",
        metavar="NAME",
        help="Compute with a named set of overrides from scenarios.yaml (beside the data, or "
        "--scenarios); repeat to compare scenarios side by side. `base` is the data as it is.",
    ),
]
ScenariosOpt = Annotated[
    str | None,
    typer.Option(
        "--scenarios",
        metavar="FILE",
        help="The scenarios file --scenario names from [default: scenarios.yaml beside the data files].",
    ),
]
EmbeddedMonthlyOpt = Annotated[
    str | None,
    typer.Option(
        "--embedded-monthly",
        metavar="AMOUNT",
        help="The embedded path's monthly fee (--set embedded.fee=...).",
    ),
]
FteAnnualOpt = Annotated[
    str | None, typer.Option("--fte-annual", metavar="AMOUNT", help="The in-house loaded cost, per year.")
]
FteMonthlyOpt = Annotated[
    str | None,
    typer.Option(
        "--fte-monthly",
        metavar="AMOUNT",
        help="The in-house loaded cost, per month (--set in-house-fte.loaded-cost=...).",
    ),
]
CurrencyOpt = Annotated[
    str | None,
    typer.Option(
        "--currency",
        metavar="CODE",
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
CountryOpt = Annotated[
    str | None,
    typer.Option(
        "--country",
        metavar="CODE",
        help="Country of paths that employ by country (latam-direct): BR, MX, AR, CO, CL, PE, UY "
        "(`mlhire countries`), or all side by side [default: the data's].",
    ),
]
EngagementOpt = Annotated[
    EngagementChoice | None,
    typer.Option(
        "--engagement",
        help="contractor: pay only; eor: through an employer of record, with the country's "
        "employer costs and the EOR's fee [default: the data's].",
    ),
]
DateOrderOpt = Annotated[
    DateOrder | None,
    typer.Option(
        "--date-order",
        help="How dates whose day and month could swap read (04/05/2027: mdy April 5, dmy 4 May), "
        "in options and plans; allows two-digit years. Never guessed.",
    ),
]


# The options that change the figures a command computes with, by parameter name. The
# commands declare them as parameters (so typer makes them options, with help and
# completion) and hand them on together as `ctx.params`.
FIGURE_OPTIONS = {
    "scenario": "--scenario",
    "scenarios": "--scenarios",
    "settings": "--set",
    "embedded_monthly": "--embedded-monthly",
    "fte_annual": "--fte-annual",
    "fte_monthly": "--fte-monthly",
    "currency": "--currency",
    "country": "--country",
    "engagement": "--engagement",
}


def catalog_from(options: "Mapping[str, Any]", scenario: str | None = None) -> "Catalog":
    """The data a command computes with, from its parsed options (`ctx.params`): the
    files of `--data-dir`, in `--currency`, with the figures of `scenario` (from
    `--scenarios`) and what `--set` and its shorthands change in it (amounts given in
    that currency), for the `--role` asked about."""
    from mlhire_calc.api import load_catalog

    settings = options.get("settings") or ()
    named = {key: options.get(key) for key in ("embedded_monthly", "fte_annual", "fte_monthly")}
    overrides: list[Any] = []
    if any(text is not None for text in named.values()):
        from mlhire_calc.datafiles.overrides import shorthands

        overrides += shorthands(
            embedded_monthly=parse_amount_option(
                named["embedded_monthly"], "embedded monthly fee", allow_zero=False
            ),
            fte_annual=parse_amount_option(named["fte_annual"], "in-house annual cost", allow_zero=False),
            fte_monthly=parse_amount_option(named["fte_monthly"], "in-house monthly cost", allow_zero=False),
        )
    engagement = options.get("engagement")
    file_path(options.get("scenarios"), "scenarios file")  # an empty path is refused, used or not
    role = None if options.get("plan") else options.get("role")  # a plan's hires have roles of their own
    return load_catalog(
        options.get("data_dir"),
        options.get("currency"),
        [*overrides, *settings],
        country=options.get("country"),
        engagement=None if engagement is None else str(engagement),
        role=role,
        scenario=scenario,
        scenarios=options.get("scenarios"),
        dataset=options.get("dataset"),
    )


def scenario_names(options: "Mapping[str, Any]") -> "list[str | None]":
    """The scenarios `--scenario` names, each once, in order ([None]: the data as it is)."""
    return list(dict.fromkeys(options.get("scenario") or ())) or [None]


def answer(options: "Mapping[str, Any]", ask: "Callable[[Catalog], Result[Any]]") -> "Result[Any]":
    """A command's answer with the data its options give: for one scenario, or for each
    scenario `--scenario` names, side by side."""
    names = scenario_names(options)
    if len(names) == 1:
        return ask(catalog_from(options, names[0]))
    from mlhire_calc import api

    scenarios = api.load_scenarios(
        options.get("data_dir"), scenarios=options.get("scenarios"), dataset=options.get("dataset")
    )
    described = {}
    for name in names:
        assert name is not None
        found = scenarios.scenario(name)  # an unknown name fails before any work
        described[name] = "The data as it is." if found is None else found.description
    return api.side_by_side([(name, described[name], ask(catalog_from(options, name))) for name in described])


def figure_options_given(options: "Mapping[str, Any]") -> list[tuple[str, str]]:
    """(option, value) for each figure option given, in the order `FIGURE_OPTIONS` lists them."""
    given = []
    for key, option in FIGURE_OPTIONS.items():
        value = options.get(key)
        texts = value if isinstance(value, (list, tuple)) else [value]  # click gives a tuple
        given += [(option, text) for text in texts if text is not None]
    return given


def parse_amount_option(text: str | None, subject: str, *, allow_zero: bool = True) -> "Decimal | None":
    """An optional amount option (`--fail-over`, `--delay-cost-per-month`, ...)."""
    from mlhire_calc.domain.money import parse_amount

    return None if text is None else parse_amount(text, subject=subject, allow_zero=allow_zero)


def parse_work(text: str | None) -> "Duration | None":
    from mlhire_calc.domain.timeline import parse_duration

    return None if text is None else parse_duration(text, subject="work")


def parse_start(text: str | None, order: DateOrder | None = None) -> date:
    """`--start`: any date form (a month or a quarter is its first day); today without one."""
    from mlhire_calc.domain.timeline import parse_date

    return date.today() if text is None else parse_date(text, subject="start", order=order)


def parse_deadline(text: str, start: date, order: DateOrder | None = None) -> date:
    """`--deadline`: any date form (a month or a quarter is its last day), or `Q3` (the next one)."""
    from mlhire_calc.domain.timeline import parse_deadline as parse

    return parse(text, start=start, order=order)


def parse_months(text: str) -> "Decimal":
    from mlhire_calc.domain.limits import check_months
    from mlhire_calc.domain.money import parse_amount

    return check_months(parse_amount(text, subject="months", allow_zero=False))


def parse_confidence(text: str) -> float:
    from mlhire_calc.domain.limits import parse_probability

    return parse_probability(text)


def file_path(text: str | None, subject: str | None = None) -> "Path | None":
    """A path option or argument; an empty one is a usage error about `subject`."""
    from mlhire_calc.datafiles.files import named_path  # not needed by --help or completion

    return None if text is None else named_path(text, subject=subject)


def output_path(text: str | None) -> "Path | None":
    """`--output FILE`; `-` means stdout, as usual."""
    return None if text == "-" else file_path(text, "output")


def show(
    result: "Result[Any]", fmt: "Choice | None", output: str | None, *, decimal_comma: bool = False
) -> None:
    """Print or write an answer in the format asked for (or the one `--output`'s extension names)."""
    assert result.report is not None
    show_report(result.report, fmt, output, decimal_comma=decimal_comma)


def show_report(
    report: "Report", fmt: "Choice | None", output: str | None, *, decimal_comma: bool = False
) -> None:
    from mlhire_calc.output.formats import choose, emit

    target = output_path(output)
    try:
        emit(report, choose(fmt, target, report.formats), target, decimal_comma=decimal_comma)
    except BrokenPipeError:  # the reader left (`| head`): the command still ends with its own code
        from .streams import silence_stdout

        silence_stdout()


def check_output(
    output: str | None,
    fmt: "Choice | None" = None,
    *,
    decimal_comma: bool = False,
    formats: "Sequence[str] | None" = None,
) -> None:
    """Fail before any work when the format or `--output` cannot be written; `formats`:
    those the command's report is written in [default: every one any report is]."""
    from mlhire_calc.output.formats import choose

    target = output_path(output)
    choose(fmt, target, formats, decimal_comma=decimal_comma)
    if target is not None:
        from mlhire_calc.output.destination import check_output_path

        check_output_path(target)


def check_headcount(headcount: int) -> None:
    from mlhire_calc.domain.limits import check_headcount as check

    check(headcount)
