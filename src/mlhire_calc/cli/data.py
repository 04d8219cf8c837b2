"""`mlhire data init`: copies of the shipped data files for a team to edit."""

from typing import Annotated

import typer

from .options import file_path

DirectoryArg = Annotated[
    str, typer.Argument(help="Where to copy roles.yaml and paths.yaml.", metavar="DIRECTORY")
]


def init(
    target: DirectoryArg,
    force: Annotated[bool, typer.Option("--force", help="Overwrite existing files.")] = False,
) -> None:
    import os

    from mlhire_calc.datafiles.files import refuse_link
    from mlhire_calc.datafiles.load import DATA_FILES, default_data_dir
    from mlhire_calc.domain.errors import InputError, UsageError
    from mlhire_calc.output.destination import write_atomic

    directory = file_path(target, "DIRECTORY")
    assert directory is not None
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
    source = default_data_dir()
    for name in DATA_FILES:
        write_atomic(directory / name, (source / name).read_text(encoding="utf-8"))
        typer.echo(f"wrote {directory / name}")
    typer.echo(f"next: edit them, then `mlhire validate {directory}`; use them with --data-dir {directory}")
