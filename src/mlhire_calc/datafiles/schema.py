"""JSON Schemas (draft 2020-12) of the data files, generated from the models."""

from __future__ import annotations

import json
from typing import Any

from mlhire_calc.domain.errors import UsageError

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def schema_document(kind: str) -> dict[str, Any]:
    from pydantic import BaseModel

    from .models import PathsFile, RolesFile

    models: dict[str, type[BaseModel]] = {"roles": RolesFile, "paths": PathsFile}
    if kind not in models:
        raise UsageError(f"schema: {kind!r} is not one of roles, paths")
    document = models[kind].model_json_schema(by_alias=True, mode="validation")
    return {
        "$schema": DIALECT,
        "$id": f"urn:mlhire:schema:{kind}:1",
        **document,
        "title": f"mlhire {kind}.yaml",
        "description": f"The {kind} data file of mlhire (schema: mlhire.{kind}/1).",
    }


def json_schema(kind: str) -> str:
    return json.dumps(schema_document(kind), indent=2) + "\n"
