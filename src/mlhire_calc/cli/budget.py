"""`mlhire budget`: month-by-month spend for one hire or a hiring plan."""

from typing import TYPE_CHECKING, Annotated

import typer

from mlhire_calc.domain.choices import BudgetBand, GroupBy

if TYPE_CHECKING:
    from decimal import Decimal

    from mlhire_calc.domain.choices import Choice
    from mlhire_calc.engine.budget import Budget

from .data_options import with_data_options
from .options import (
    ComparedPathsOpt,
    DateOrderOpt,
    DecimalCommaOpt,
    FormatOpt,
    HeadcountOpt,
    OutputOpt,
    PlanOpt,
    RoleOpt,
    answer,
    check_headcount,
    check_output,
    output_path,
    parse_amount_option,
    parse_months,
    parse_start,
    scenario_names,
    show,
)
from .streams import warn

FirstMonthOpt = Annotated[
    str | None,
    typer.Option(
        "--start",
        metavar="DATE",
        help="First month of the budget, and a single hire's decision date: 2027-01 or Jan 2027 "
        "(its first day), 2027-01-15 [default: today].",
    ),
]
WindowOpt = Annotated[
    str, typer.Option("--months", "-m", metavar="MONTHS", help="Months in the budget window.")
]
BandOpt = Annotated[
    BudgetBand, typer.Option("--band", help="Point of each range, or all: low, mid and high side by side.")
]
ByOpt = Annotated[GroupBy, typer.Option("--by", help="Group rows within each month.")]
TotalsOpt = Annotated[bool, typer.Option("--totals", help="Add total rows to CSV/TSV output.")]
FailOverOpt = Annotated[
    str | None,
    typer.Option(
        "--fail-over", metavar="AMOUNT", help="Exit 3 after printing when the total is over this amount."
    ),
]


@with_data_options
def budget(
    ctx: typer.Context,
    path: ComparedPathsOpt = None,
    role: RoleOpt = "ml-engineer",
    start: FirstMonthOpt = None,
    months: WindowOpt = "12",
    headcount: HeadcountOpt = 1,
    band: BandOpt = BudgetBand.mid,
    plan: PlanOpt = None,
    date_order: DateOrderOpt = None,
    by: ByOpt = GroupBy.path,
    totals: TotalsOpt = False,
    fail_over: FailOverOpt = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    decimal_comma: DecimalCommaOpt = False,
) -> None:
    from mlhire_calc import api
    from mlhire_calc.domain.errors import OverBudget, UsageError

    check_output(output, fmt, decimal_comma=decimal_comma)
    check_headcount(headcount)
    first = parse_start(start, date_order)
    window = parse_months(months)
    limit = parse_amount_option(fail_over, "budget limit")
    if plan is not None and path:
        raise UsageError("give --plan or --path, not both")
    result = answer(
        ctx.params,
        lambda catalog: api.budget(
            catalog,
            paths=path or None,  # compare's paths by default
            role=role,
            start=first,
            months=window,
            headcount=headcount,
            band=band,
            plan=plan,
            by=by,
            date_order=date_order,
            totals=totals,
        ),
    )
    spent = result.value if isinstance(result.value, list) else [result.value]
    _check_table(spent, fmt, output)
    for warning in result.warnings:
        warn(warning)
    show(result, fmt, output, decimal_comma=decimal_comma)
    if limit is None:
        return
    if len(spent) == 1 and not spent[0].alternatives and spent[0].total > limit:
        raise OverBudget(f"budget total {spent[0].total:,.2f} is over --fail-over {limit:,.2f}")
    names = scenario_names(ctx.params) if len(spent) > 1 else [None]
    over = [text for name, each in zip(names, spent, strict=True) for text in _over(each, limit, name)]
    if over:
        raise OverBudget(f"over --fail-over {limit:,.2f}: {', '.join(over)}")


def _check_table(spent: "list[Budget]", fmt: "Choice | None", output: str | None) -> None:
    """A terminal table is laid out whole (its column widths need every cell), so one too
    long to read is refused, before a row is made; every other format streams."""
    from mlhire_calc.domain.errors import UsageError
    from mlhire_calc.domain.limits import MAX_TABLE_ROWS
    from mlhire_calc.output.formats import choose

    rows = sum(each.groups * each.calendar_months for each in spent)
    if rows > MAX_TABLE_ROWS and choose(fmt, output_path(output)).name == "table":
        raise UsageError(
            f"a table of {rows:,} monthly rows is more than a terminal shows ({MAX_TABLE_ROWS:,}); "
            "write it as csv, tsv, json, markdown or xlsx (--format, or -o FILE), "
            "or group it (--by path, role or month)",
            subject="format",
        )


def _over(spent: "Budget", limit: "Decimal", scenario: str | None) -> list[str]:
    """What is over the limit, in one scenario: each alternative path on its own, else the
    total (the one point, or high: the largest of the three)."""
    within = "" if scenario is None else f"{scenario}: "
    if spent.alternatives:
        return [f"{within}{group.path} {group.total:,.2f}" for group in spent.totals if group.total > limit]
    return [f"{within}budget total {spent.total:,.2f}"] if spent.total > limit else []
