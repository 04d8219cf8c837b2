"""JSON Schemas (draft 2020-12) of the data files and scenarios.yaml, generated from the contract."""

from __future__ import annotations

import json
from typing import Any

from mlhire_calc.domain.errors import UsageError

from .files import PATHS_FILE, ROLES_FILE, SCENARIOS_FILE

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def schema_document(kind: str) -> dict[str, Any]:
    from .contract import adapter

    files = {"roles": ROLES_FILE, "paths": PATHS_FILE, "scenarios": SCENARIOS_FILE}
    if kind not in files:
        raise UsageError(f"schema: {kind!r} is not one of {', '.join(files)}")
    document = adapter(files[kind]).json_schema(mode="validation")
    return {
        "$schema": DIALECT,
        "$id": f"urn:mlhire:schema:{kind}:1",
        **document,
        "title": f"mlhire {kind}.yaml",
        "description": f"The {kind} data file of mlhire (schema: mlhire.{kind}/1).",
    }


def json_schema(kind: str) -> str:
    return json.dumps(schema_document(kind), indent=2) + "\n"
