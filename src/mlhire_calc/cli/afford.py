"""`mlhire afford`: what a budget buys by a deadline on each path, or what the work needs."""

from typing import Annotated

import typer

from mlhire_calc.domain.choices import Point

from .data_options import with_data_options
from .options import (
    ConfidenceOpt,
    DateOrderOpt,
    DecimalCommaOpt,
    FormatOpt,
    OutputOpt,
    PathsOpt,
    RoleOpt,
    StartOpt,
    answer,
    check_output,
    parse_amount_option,
    parse_confidence,
    parse_deadline,
    parse_start,
    parse_work,
    show,
)
from .robustness import BudgetOpt

DeadlineOpt = Annotated[
    str,
    typer.Option(
        "--deadline",
        "-d",
        metavar="DATE",
        help="YYYY-MM-DD, 2027-09 (the month's last day), 2027-Q3, Q3 2027 or Q3-2027 "
        "(the quarter's last day), or Q3 (the next one).",
    ),
]
WantedWorkOpt = Annotated[
    str | None,
    typer.Option(
        "--work",
        "-w",
        metavar="DURATION",
        help="Instead of --budget: months of shipped work wanted by the deadline (24m, 104w); "
        "gives the budget each path needs.",
    ),
]
PointOpt = Annotated[Point, typer.Option("--band", help="Point of every range the costs are taken at.")]


@with_data_options
def afford(
    ctx: typer.Context,
    deadline: DeadlineOpt,
    budget: BudgetOpt = None,
    work: WantedWorkOpt = None,
    start: StartOpt = None,
    role: RoleOpt = "ml-engineer",
    path: PathsOpt = None,
    confidence: ConfidenceOpt = "0.9",
    band: PointOpt = Point.mid,
    date_order: DateOrderOpt = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    decimal_comma: DecimalCommaOpt = False,
) -> None:
    from mlhire_calc import api
    from mlhire_calc.domain.errors import UsageError

    check_output(output, fmt, decimal_comma=decimal_comma)
    if (budget is None) == (work is None):
        raise UsageError("give --budget or --work (the work wanted by the deadline), not both or neither")
    decided = parse_start(start, date_order)
    due = parse_deadline(deadline, decided, date_order)
    result = answer(
        ctx.params,
        lambda catalog: api.afford(
            catalog,
            due,
            decided,
            budget=parse_amount_option(budget, "budget"),
            work=parse_work(work),
            role=role,
            paths=path or ("all",),
            confidence=parse_confidence(confidence),
            band=band,
        ),
    )
    show(result, fmt, output, decimal_comma=decimal_comma)
