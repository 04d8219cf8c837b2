"""`mlhire diff`: what a change to the data files (or a plan) does to the answers."""

from typing import Annotated

import typer

from mlhire_calc.domain.choices import DiffFormat

from .options import (
    DataDirOpt,
    DatasetOpt,
    DateOrderOpt,
    OutputOpt,
    StartOpt,
    check_output,
    complete_paths,
    file_path,
    parse_start,
    show,
)
from .streams import warn

DiffFormatOpt = Annotated[
    DiffFormat | None,
    typer.Option(
        "--format",
        "-f",
        help="markdown is a pull-request comment, github annotations "
        "[default: table, or from --output's extension].",
    ),
]
BaseOpt = Annotated[
    str | None,
    typer.Option("--base", metavar="DIR", help="Directory with the old roles.yaml and paths.yaml."),
]
BaseDatasetOpt = Annotated[
    str | None,
    typer.Option(
        "--base-dataset",
        metavar="NAME",
        help="A shipped data set as the old files: seed or market (`mlhire data list`).",
    ),
]
BaseRefOpt = Annotated[
    str | None,
    typer.Option(
        "--base-ref", metavar="REF", help="Git revision of the old files (and plan), read with git show."
    ),
]
PlanOpt = Annotated[
    str | None,
    typer.Option("--plan", metavar="FILE", help="Hiring plan (CSV or YAML) whose budget to compare."),
]
BasePlanOpt = Annotated[
    str | None,
    typer.Option(
        "--base-plan", metavar="FILE", help="The old plan [default: --plan at --base-ref, else --plan]."
    ),
]
FailOnIncreaseOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--fail-on-increase",
        metavar="THRESHOLD",
        help="Exit 3 after printing when a yearly cost (or the plan total) rises more than this: "
        "10% or 10000; repeatable.",
    ),
]
WarnOnIncreaseOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--warn-on-increase",
        metavar="THRESHOLD",
        help="Warn on stderr when a yearly cost rises more than this; repeatable.",
    ),
]
FailIfMissesOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--fail-if-misses",
        metavar="PATH",
        help="Exit 3 after printing when this path's verdict on a reference question becomes "
        "a miss; repeatable.",
        autocompletion=complete_paths,
    ),
]
QuietBelowOpt = Annotated[
    str | None,
    typer.Option(
        "--quiet-below",
        metavar="AMOUNT",
        help="Print nothing unless a yearly cost, saving or plan total moves this much.",
    ),
]


def diff(
    base: BaseOpt = None,
    base_ref: BaseRefOpt = None,
    base_dataset: BaseDatasetOpt = None,
    plan: PlanOpt = None,
    base_plan: BasePlanOpt = None,
    start: StartOpt = None,
    date_order: DateOrderOpt = None,
    fail_on_increase: FailOnIncreaseOpt = None,
    warn_on_increase: WarnOnIncreaseOpt = None,
    fail_if_misses: FailIfMissesOpt = None,
    quiet_below: QuietBelowOpt = None,
    fmt: DiffFormatOpt = None,
    output: OutputOpt = None,
    data_dir: DataDirOpt = None,
    dataset: DatasetOpt = None,
) -> None:
    from mlhire_calc import api
    from mlhire_calc.datafiles.datasets import data_at_revision, data_from_directory
    from mlhire_calc.datafiles.gitfiles import Revision
    from mlhire_calc.datafiles.load import dataset_dir, resolve_data_dir
    from mlhire_calc.domain.errors import PolicyFailed, UsageError
    from mlhire_calc.domain.money import parse_amount
    from mlhire_calc.engine.policies import Policy, parse_threshold

    if sum(given is not None for given in (base, base_ref, base_dataset)) != 1:
        raise UsageError("give --base DIR, --base-ref REF or --base-dataset NAME (one of them)")
    if base_plan is not None and plan is None:
        raise UsageError("--base-plan needs --plan")
    check_output(output, fmt, formats=tuple(DiffFormat))
    decided = parse_start(start, date_order)
    policy = Policy(
        tuple(parse_threshold(text, subject="fail on increase") for text in fail_on_increase or ()),
        tuple(parse_threshold(text, subject="warn on increase") for text in warn_on_increase or ()),
        tuple(fail_if_misses or ()),
    )
    quiet = None if quiet_below is None else parse_amount(quiet_below, subject="quiet below")
    directory = resolve_data_dir(data_dir, dataset)
    new = data_from_directory(directory, dataset=dataset)
    for path_id in policy.fail_if_misses:
        new.catalog.path(path_id)  # raises the unknown-path error
    if base_dataset is not None:
        old = data_from_directory(dataset_dir(base_dataset, subject="base dataset"), dataset=base_dataset)
    elif base_ref is not None:
        old = data_at_revision(Revision.of(directory, base_ref), directory)
    else:
        base_dir = file_path(base, "base directory")
        if base_dir is None or not base_dir.is_dir():
            raise UsageError(f"{base} is not a directory", subject="base directory")
        old = data_from_directory(base_dir)
    result = api.diff(
        old,
        new,
        decided,
        plan=file_path(plan, "plan"),
        base_plan=file_path(base_plan, "base plan"),
        policy=policy,
        date_order=date_order,
    )
    change, findings = result.value.diff, result.value.findings
    if quiet is None or change.largest_change() >= quiet:
        show(result, fmt, output)
    for changed in change.changes:
        for flag in changed.flags:
            warn(f"{changed.file}:{changed.line}: {changed.key}: {flag}")
    for finding in findings:
        if finding.level == "warn":
            warn(finding.message)
    failures = [finding.message for finding in findings if finding.level == "fail"]
    if failures:
        more = f" (and {len(failures) - 1} more policy failure(s))" if len(failures) > 1 else ""
        raise PolicyFailed(f"{failures[0]}{more}")
