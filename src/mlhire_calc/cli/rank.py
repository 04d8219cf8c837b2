"""`mlhire rank`: which paths make a deadline."""

from typing import Annotated

import typer

from .data_options import with_data_options
from .options import (
    DEADLINE_HELP,
    ConfidenceOpt,
    DateOrderOpt,
    DecimalCommaOpt,
    DelayOpt,
    FormatOpt,
    HeadcountOpt,
    OutputOpt,
    PathsOpt,
    RoleOpt,
    StartOpt,
    WorkOpt,
    answer,
    check_headcount,
    check_output,
    parse_amount_option,
    parse_confidence,
    parse_deadline,
    parse_start,
    parse_work,
    show,
)

BudgetOpt = Annotated[
    str | None,
    typer.Option(
        "--budget",
        metavar="AMOUNT",
        help="A budget for the cost of the work (300k): rank by P(on time and within it), p_joint "
        "(needs numpy: pip install 'mlhire[simulate]').",
    ),
]
DeadlineOpt = Annotated[str, typer.Option("--deadline", "-d", metavar="DATE", help=f"{DEADLINE_HELP}.")]
NeedOpt = Annotated[
    int | None,
    typer.Option(
        "--need",
        metavar="N",
        help="Done when at least this many of the --headcount hires are [default: all].",
    ),
]


@with_data_options
def rank(
    ctx: typer.Context,
    deadline: DeadlineOpt,
    start: StartOpt = None,
    date_order: DateOrderOpt = None,
    work: WorkOpt = None,
    role: RoleOpt = "ml-engineer",
    path: PathsOpt = None,
    headcount: HeadcountOpt = 1,
    need: NeedOpt = None,
    confidence: ConfidenceOpt = "0.9",
    delay_cost_per_month: DelayOpt = None,
    budget: BudgetOpt = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    decimal_comma: DecimalCommaOpt = False,
) -> None:
    from mlhire_calc import api

    check_output(output, fmt, decimal_comma=decimal_comma)
    check_headcount(headcount)
    decided = parse_start(start, date_order)
    due = parse_deadline(deadline, decided, date_order)
    level = parse_confidence(confidence)
    work_after = parse_work(work)
    delay = parse_amount_option(delay_cost_per_month, "delay cost per month")
    limit = parse_amount_option(budget, "budget")
    result = answer(
        ctx.params,
        lambda catalog: api.rank(
            catalog,
            due,
            decided,
            role=role,
            paths=path or ("all",),
            work=work_after,
            headcount=headcount,
            need=need,
            confidence=level,
            delay_cost_per_month=delay,
            budget=limit,
        ),
    )
    show(result, fmt, output, decimal_comma=decimal_comma)
