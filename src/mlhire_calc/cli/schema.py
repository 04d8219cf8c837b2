"""`mlhire schema`: the JSON Schema of a data file."""

import sys
from typing import Annotated

import typer

from mlhire_calc.domain.choices import SchemaKind

from .options import OutputOpt, file_path


def schema(
    kind: Annotated[SchemaKind, typer.Argument(help="roles, paths or scenarios.")], output: OutputOpt = None
) -> None:
    from mlhire_calc.datafiles.schema import json_schema
    from mlhire_calc.output.destination import write_atomic

    text = json_schema(kind.value)
    target = file_path(output, "output")
    if target is not None:
        write_atomic(target, text)
    else:
        sys.stdout.write(text)
