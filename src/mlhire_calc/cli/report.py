"""`mlhire report`: the decision on one self-contained HTML page."""

from typing import Annotated

import typer

from mlhire_calc.domain.choices import Basis, StackBy

from .data_options import with_data_options
from .options import (
    DEADLINE_HELP,
    BaselineOpt,
    BasisOpt,
    ComparedPathsOpt,
    ConfidenceOpt,
    DateOrderOpt,
    DelayOpt,
    HeadcountOpt,
    MonthsOpt,
    PlanOpt,
    RoleOpt,
    WorkOpt,
    catalog_from,
    check_headcount,
    complete_datasets,
    figure_options_given,
    file_path,
    output_path,
    parse_amount_option,
    parse_confidence,
    parse_deadline,
    parse_months,
    parse_start,
    parse_work,
    scenario_names,
)
from .rank import BudgetOpt
from .streams import say

PageOpt = Annotated[
    str, typer.Option("--output", "-o", metavar="FILE", help="The HTML file to write, atomically.")
]
StartOpt = Annotated[
    str | None,
    typer.Option(
        "--start",
        metavar="DATE",
        help="Decision date and first month: 2026-12-01, or 2026-12 or Dec 2026 (its first day) "
        "[default: today].",
    ),
]
DeadlineOpt = Annotated[
    str | None,
    typer.Option(
        "--deadline",
        "-d",
        metavar="DATE",
        help=f"{DEADLINE_HELP} [default: the end of the quarter six months after --start].",
    ),
]
VsDatasetOpt = Annotated[
    str | None,
    typer.Option(
        "--vs-dataset",
        metavar="NAME",
        help="Add a section with the same question under another shipped data set (seed or "
        "market: `mlhire data list`), side by side, and the figures that differ most.",
        autocompletion=complete_datasets,
    ),
]
StackOpt = Annotated[StackBy, typer.Option("--by", help="Stack a plan's monthly spend by path or role.")]


@with_data_options
def report(
    ctx: typer.Context,
    output: PageOpt = "decision.html",
    role: RoleOpt = "ml-engineer",
    path: ComparedPathsOpt = None,
    months: MonthsOpt = "12",
    headcount: HeadcountOpt = 1,
    basis: BasisOpt = Basis.work,
    start: StartOpt = None,
    deadline: DeadlineOpt = None,
    date_order: DateOrderOpt = None,
    work: WorkOpt = None,
    confidence: ConfidenceOpt = "0.9",
    delay_cost_per_month: DelayOpt = None,
    budget: BudgetOpt = None,
    baseline: BaselineOpt = "in-house-fte",
    plan: PlanOpt = None,
    by: StackOpt = StackBy.path,
    vs_dataset: VsDatasetOpt = None,
) -> None:
    from mlhire_calc.output.report import require_extra

    require_extra()
    from mlhire_calc.domain.errors import UsageError
    from mlhire_calc.output.destination import check_output_path, write_atomic
    from mlhire_calc.output.report.build import Question, build, default_deadline
    from mlhire_calc.output.report.page import render_page

    if plan is not None and path:
        raise UsageError("give --plan or --path, not both")
    target = output_path(output)
    if target is None:
        raise UsageError("the report is a file; give a file name, not '-'", subject="output")
    check_output_path(target)
    check_headcount(headcount)
    number_of_months = parse_months(months)
    decided = parse_start(start, date_order)
    due = default_deadline(decided) if deadline is None else parse_deadline(deadline, decided, date_order)
    work_after = parse_work(work)
    delay = parse_amount_option(delay_cost_per_month, "delay cost per month")
    limit = parse_amount_option(budget, "budget")
    names = scenario_names(ctx.params)
    if len(names) > 1:
        raise UsageError("the report is one page for one scenario; give --scenario once", subject="scenario")
    other = None
    if vs_dataset is not None:
        from mlhire_calc.datafiles.load import dataset_dir

        dataset_dir(vs_dataset, subject="vs dataset")  # a usage error naming the sets there are
        other = catalog_from({**ctx.params, "dataset": vs_dataset, "data_dir": None}, names[0])
    catalog = catalog_from(ctx.params, names[0])
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
        confidence=parse_confidence(confidence),
        delay_cost_per_month=delay,
        override_options=tuple(figure_options_given(ctx.params)),
        baseline_id=baseline,
        plan=file_path(plan, "plan"),
        date_order=date_order,
        by=by,
        data_dir=ctx.params.get("data_dir"),
        dataset=ctx.params.get("dataset"),
        output=output,
        budget=limit,
        vs_dataset=vs_dataset,
    )
    write_atomic(target, render_page(build(catalog, question, other)))
    say(f"wrote {target}")
