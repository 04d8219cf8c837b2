"""`mlhire validate`: every problem in data files and plans, with its file and line."""

from typing import Annotated

import typer

from mlhire_calc.domain.choices import ProblemFormat
from mlhire_calc.domain.errors import ExitCode

from .options import DataDirOpt, DatasetOpt, DateOrderOpt, show

TargetsArg = Annotated[
    list[str] | None,
    typer.Argument(
        help="Data files, directories (roles.yaml + paths.yaml), scenarios.yaml or plans "
        "[default: the active data dir].",
        show_default=False,
        metavar="FILE_OR_DIR...",
    ),
]
StrictOpt = Annotated[bool, typer.Option("--strict", help="Treat stale figures as errors.")]
MaxAgeOpt = Annotated[
    int,
    typer.Option(
        "--max-age", metavar="MONTHS", help="Months after which a figure's as_of is stale.", min=0, max=1200
    ),
]
ProblemFormatOpt = Annotated[
    ProblemFormat, typer.Option("--format", "-f", help="text, json or github (annotations).")
]


def validate(
    targets: TargetsArg = None,
    strict: StrictOpt = False,
    max_age: MaxAgeOpt = 12,
    fmt: ProblemFormatOpt = ProblemFormat.text,
    date_order: DateOrderOpt = None,
    data_dir: DataDirOpt = None,
    dataset: DatasetOpt = None,
) -> None:
    from mlhire_calc import api

    result = api.validate(
        targets or (),
        data_dir=data_dir,
        dataset=dataset,
        strict=strict,
        max_age_months=max_age,
        date_order=date_order,
    )
    show(result, fmt, None)
    if not result.value.ok:
        raise typer.Exit(int(ExitCode.INVALID))
