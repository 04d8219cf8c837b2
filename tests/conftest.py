"""Shared fixtures: a CliRunner with a fixed terminal width, the test data, and copies of it.

Tests read the catalog in tests/fixtures/data/, not the shipped data/: MLHIRE_DATA_DIR
points there for the whole run, so a command without --data-dir and `load_catalog()`
without an argument both read the fixture. A test marked `shipped_data` (the seed's
reproduction, the docs' samples) reads data/ instead. See tests/fixtures/README.md.
"""

from __future__ import annotations

import json
import os
import shutil
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from mlhire_calc.cli.app import app
from mlhire_calc.datafiles.load import ENV_DATA_DIR

START = "2026-12-01"
FIXTURE_DATA = Path(__file__).parent / "fixtures" / "data"


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Tests (and the subprocesses they start) use their own catalog cache."""
    os.environ["MLHIRE_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    os.environ.pop("MLHIRE_NO_CACHE", None)


@pytest.fixture(autouse=True, scope="session")
def _fixture_data() -> None:
    """Tests (and the subprocesses they start) read the fixture catalog by default."""
    os.environ[ENV_DATA_DIR] = str(FIXTURE_DATA)


@pytest.fixture(autouse=True)
def _shipped_data_when_marked(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """A test marked `shipped_data` reads the shipped data/, as a user's plain run does."""
    if request.node.get_closest_marker("shipped_data"):
        monkeypatch.delenv(ENV_DATA_DIR)


@pytest.fixture
def runner() -> CliRunner:
    # MLHIRE_DATA_DIR is left as the fixtures above set it: the fixture data, or none.
    return CliRunner(env={"COLUMNS": "100", "NO_COLOR": "1", "MLHIRE_DEBUG": None})


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
    """A writable copy of the fixture data files."""
    target = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, target)
    return target


def traced_peak(work: Callable[[], Any]) -> int:
    """The most memory Python allocated while `work` ran (tracemalloc), in bytes."""
    tracemalloc.start()
    try:
        work()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
