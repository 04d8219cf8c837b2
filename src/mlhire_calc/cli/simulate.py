"""`mlhire simulate`: cost and time sampled together, for a budget and a deadline."""

from typing import Annotated

import typer

from .data_options import with_data_options
from .options import (
    DateOrderOpt,
    DecimalCommaOpt,
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
from .robustness import BudgetOpt, NeedOpt, OptionalDeadlineOpt, SamplesOpt, SeedOpt

JointConfidenceOpt = Annotated[
    str,
    typer.Option(
        "--confidence",
        "-c",
        metavar="PROBABILITY",
        help="Probability strictly between 0 and 1 (or 70%); 0.7 is NASA's JCL.",
    ),
]


@with_data_options
def simulate(
    ctx: typer.Context,
    start: StartOpt = None,
    deadline: OptionalDeadlineOpt = None,
    work: WorkOpt = None,
    budget: BudgetOpt = None,
    role: RoleOpt = "ml-engineer",
    path: PathsOpt = None,
    headcount: HeadcountOpt = 1,
    need: NeedOpt = None,
    confidence: JointConfidenceOpt = "0.7",
    samples: SamplesOpt = 20_000,
    seed: SeedOpt = 1,
    date_order: DateOrderOpt = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    decimal_comma: DecimalCommaOpt = False,
) -> None:
    from mlhire_calc import api

    check_output(output, fmt, decimal_comma=decimal_comma)
    check_headcount(headcount)
    decided = parse_start(start, date_order)
    due = None if deadline is None else parse_deadline(deadline, decided, date_order)
    result = answer(
        ctx.params,
        lambda catalog: api.simulate(
            catalog,
            due,
            decided,
            role=role,
            paths=path or ("all",),
            work=parse_work(work),
            headcount=headcount,
            need=need,
            budget=parse_amount_option(budget, "budget"),
            confidence=parse_confidence(confidence),
            samples=samples,
            seed=seed,
        ),
    )
    show(result, fmt, output, decimal_comma=decimal_comma)
