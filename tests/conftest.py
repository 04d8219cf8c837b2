"""Shared fixtures: a CliRunner with a fixed terminal width, and data copies."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from mlhire_calc.cli.app import app
from mlhire_calc.datafiles.load import default_data_dir

START = "2026-12-01"


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Tests (and the subprocesses they start) use their own catalog cache."""
    os.environ["MLHIRE_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    os.environ.pop("MLHIRE_NO_CACHE", None)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner(env={"COLUMNS": "100", "NO_COLOR": "1", "MLHIRE_DATA_DIR": None, "MLHIRE_DEBUG": None})


@pytest.fixture
def cli(runner: CliRunner) -> Callable[..., Any]:
    def invoke(*args: str, code: int | None = 0) -> Any:
        result = runner.invoke(app, list(args))
        if code is not None:
            assert result.exit_code == code, (
                result.exit_code,
                result.stdout,
                result.stderr,
                result.exception,
            )
        if result.exit_code not in (0, 3):
            assert "Traceback" not in result.stderr
        return result

    return invoke


@pytest.fixture
def cli_json(cli: Callable[..., Any]) -> Callable[..., Any]:
    def invoke(*args: str) -> Any:
        return json.loads(cli(*args, "--format", "json").stdout)

    return invoke


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped data files."""
    target = tmp_path / "data"
    shutil.copytree(default_data_dir(), target)
    return target
