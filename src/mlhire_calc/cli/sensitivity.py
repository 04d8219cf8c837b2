"""`mlhire sensitivity`: which uncertain figures move the answer most, and which flip it."""

import typer

from .data_options import with_data_options
from .options import (
    BaselineOpt,
    ConfidenceOpt,
    DateOrderOpt,
    DecimalCommaOpt,
    FormatOpt,
    HeadcountOpt,
    MonthsOpt,
    OutputOpt,
    PathsOpt,
    RoleOpt,
    StartOpt,
    WorkOpt,
    answer,
    check_headcount,
    check_output,
    parse_confidence,
    parse_deadline,
    parse_months,
    parse_start,
    parse_work,
    show,
)
from .robustness import OptionalDeadlineOpt


@with_data_options
def sensitivity(
    ctx: typer.Context,
    role: RoleOpt = "ml-engineer",
    path: PathsOpt = None,
    months: MonthsOpt = "12",
    headcount: HeadcountOpt = 1,
    start: StartOpt = None,
    deadline: OptionalDeadlineOpt = None,
    work: WorkOpt = None,
    confidence: ConfidenceOpt = "0.9",
    baseline: BaselineOpt = "in-house-fte",
    date_order: DateOrderOpt = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    decimal_comma: DecimalCommaOpt = False,
) -> None:
    from mlhire_calc import api
    from mlhire_calc.domain.errors import UsageError

    check_output(output, fmt, decimal_comma=decimal_comma)
    check_headcount(headcount)
    number_of_months = parse_months(months)
    decided = parse_start(start, date_order)
    due = None if deadline is None else parse_deadline(deadline, decided, date_order)
    work_after = parse_work(work)
    if work_after is not None and due is None:
        raise UsageError("--work needs --deadline: the work must be done by a date")
    result = answer(
        ctx.params,
        lambda catalog: api.sensitivity(
            catalog,
            role=role,
            paths=path or ("all",),
            months=number_of_months,
            start=decided,
            headcount=headcount,
            baseline=baseline,
            deadline=due,
            work=work_after,
            confidence=parse_confidence(confidence),
        ),
    )
    show(result, fmt, output, decimal_comma=decimal_comma)
