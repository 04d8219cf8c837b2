"""`mlhire compare`: what each path costs, line item by line item."""

import typer

from mlhire_calc.domain.choices import Basis

from .data_options import with_data_options
from .options import (
    BaselineOpt,
    BasisOpt,
    ComparedPathsOpt,
    DateOrderOpt,
    DecimalCommaOpt,
    FormatOpt,
    HeadcountOpt,
    MonthsOpt,
    OutputOpt,
    RoleOpt,
    StartOpt,
    answer,
    check_headcount,
    check_output,
    parse_months,
    parse_start,
    show,
)


@with_data_options
def compare(
    ctx: typer.Context,
    role: RoleOpt = "ml-engineer",
    path: ComparedPathsOpt = None,
    months: MonthsOpt = "12",
    headcount: HeadcountOpt = 1,
    basis: BasisOpt = Basis.work,
    start: StartOpt = None,
    date_order: DateOrderOpt = None,
    baseline: BaselineOpt = "in-house-fte",
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    decimal_comma: DecimalCommaOpt = False,
) -> None:
    from mlhire_calc import api

    check_output(output, fmt, decimal_comma=decimal_comma)
    check_headcount(headcount)
    number_of_months = parse_months(months)
    decided = parse_start(start, date_order)
    result = answer(
        ctx.params,
        lambda catalog: api.compare(
            catalog,
            role=role,
            paths=path or api.COMPARED_PATHS,
            months=number_of_months,
            start=decided,
            headcount=headcount,
            basis=basis,
            baseline=baseline,
        ),
    )
    show(result, fmt, output, decimal_comma=decimal_comma)
