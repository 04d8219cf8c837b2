"""The data contract: pydantic TypeAdapters over the domain's file dataclasses.

roles.yaml is a `RolesFile` and paths.yaml a `PathsFile` (`domain/file_types.py`), scenarios.yaml
a `ScenariosFile` (`domain/scenarios.py`):
validating a file yields the domain's own objects, and the same adapters publish the
JSON Schema (`mlhire schema`). They are built on first use only: on a cache miss, by
`mlhire validate` or by `mlhire schema`. Figures set on the command line (`--set`,
scenarios) pass the same contract: `adapter_for` validates the path or role they change.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from pydantic import TypeAdapter

from mlhire_calc.domain.file_types import PathsFile, RolesFile
from mlhire_calc.domain.scenarios import ScenariosFile

from .files import PATHS_FILE, ROLES_FILE, SCENARIOS_FILE

FILE_TYPES: dict[str, type[Any]] = {
    ROLES_FILE: RolesFile,
    PATHS_FILE: PathsFile,
    SCENARIOS_FILE: ScenariosFile,
}


@cache
def adapter_for(kind: type[Any]) -> TypeAdapter[Any]:
    """The validator of one domain class (a path, a role), for figures set on the command line."""
    return TypeAdapter(kind)


@cache
def adapter(name: str) -> TypeAdapter[Any]:
    """The validator of data file `name` (roles.yaml or paths.yaml), built once per process."""
    return TypeAdapter(FILE_TYPES[name])
