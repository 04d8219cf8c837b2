"""`mlhire data init` and `mlhire data list`: the shipped data sets, and copies to edit."""

from typing import Annotated

import typer

from .options import DatasetOpt, FormatOpt, OutputOpt, check_output, file_path, show
from .streams import say

DirectoryArg = Annotated[
    str, typer.Argument(help="Where to copy roles.yaml and paths.yaml.", metavar="DIRECTORY")
]


def init(
    target: DirectoryArg,
    force: Annotated[bool, typer.Option("--force", help="Overwrite existing files.")] = False,
    dataset: DatasetOpt = None,
) -> None:
    import os

    from mlhire_calc.datafiles.files import refuse_link
    from mlhire_calc.datafiles.load import DATA_FILES, SEED, dataset_dir
    from mlhire_calc.domain.errors import InputError, UsageError
    from mlhire_calc.output.destination import write_atomic

    directory = file_path(target, "DIRECTORY")
    assert directory is not None
    source = dataset_dir(dataset or SEED)  # the shipped set named, never $MLHIRE_DATA_DIR
    if directory.exists() and not directory.is_dir():
        raise UsageError(f"{directory} exists and is not a directory")
    existing = [directory / name for name in DATA_FILES if os.path.lexists(directory / name)]
    for path in existing:
        refuse_link(path)  # before writing either file: never through a link, even with --force
    if existing and not force:
        names = ", ".join(str(path) for path in existing)
        raise UsageError(f"{names} already exist(s); use --force to overwrite")
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"cannot create {directory}: {exc.strerror or exc}") from None  # exit 1, as --output
    for name in DATA_FILES:
        write_atomic(directory / name, (source / name).read_text(encoding="utf-8"))
        say(f"wrote {directory / name}")
    say(f"next: edit them, then `mlhire validate {directory}`; use them with --data-dir {directory}")


def list_sets(fmt: FormatOpt = None, output: OutputOpt = None) -> None:
    from mlhire_calc import api

    check_output(output, fmt)
    show(api.datasets(), fmt, output)
