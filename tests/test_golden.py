"""Every command's output, byte for byte, against files kept in tests/golden/.

A refactor must leave these unchanged; a change to the model or the data changes
them on purpose. Regenerate with `MLHIRE_UPDATE_GOLDEN=1 pytest tests/test_golden.py`
and review the diff like any other change.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from .conftest import FIXTURE_DATA

GOLDEN = Path(__file__).parent / "golden"
# The data directory is printed (and wrapped in tables), so it sits at one fixed path.
DATA = Path("/tmp/mlhire-golden-data")
EXAMPLES = Path(__file__).parents[1] / "examples"
START = "2026-12-01"

CASES: dict[str, list[str]] = {
    "compare": ["compare", "--start", START],
    "compare-all-36-calendar": [
        "compare",
        "-p",
        "all",
        "-m",
        "36",
        "-n",
        "3",
        "--basis",
        "calendar",
        "--start",
        START,
    ],
    "compare-data-scientist-60": [
        "compare",
        "-p",
        "all",
        "-r",
        "data-scientist",
        "-m",
        "60",
        "--start",
        START,
    ],
    "compare-override": ["compare", "--fte-annual", "288000", "--embedded-monthly", "15k", "--start", START],
    "rank-work": ["rank", "--start", START, "--deadline", "2027-Q3", "--work", "3m"],
    "rank-delay": [
        "rank",
        "--start",
        START,
        "-d",
        "2027-06-30",
        "-n",
        "2",
        "--delay-cost-per-month",
        "20000",
    ],
    "budget": ["budget", "--start", "2027-01", "--months", "18"],
    "budget-plan-month": [
        "budget",
        "--plan",
        str(EXAMPLES / "hiring-plan.csv"),
        "--start",
        "2027-01",
        "--by",
        "month",
    ],
    "budget-plan-row": [
        "budget",
        "--plan",
        str(EXAMPLES / "hiring-plan.yaml"),
        "--start",
        "2027-01",
        "--by",
        "row",
    ],
    "roles": ["roles"],
    "paths": ["paths"],
}
FORMATS = ("table", "json", "csv", "markdown")


def _normalized(text: str) -> str:
    return text.replace(str(EXAMPLES), "<examples>")


@pytest.fixture(scope="module", autouse=True)
def _data_at_fixed_path() -> None:
    DATA.mkdir(exist_ok=True)
    for name in ("roles.yaml", "paths.yaml"):
        shutil.copyfile(FIXTURE_DATA / name, DATA / name)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("case", list(CASES))
def test_output_matches_golden(cli, case: str, fmt: str) -> None:  # type: ignore[no-untyped-def]
    output = _normalized(cli(*CASES[case], "--format", fmt, "--data-dir", str(DATA)).stdout)
    golden = GOLDEN / f"{case}.{fmt}"
    if os.environ.get("MLHIRE_UPDATE_GOLDEN"):
        golden.write_text(output, encoding="utf-8")
    assert golden.exists(), f"missing {golden}; run with MLHIRE_UPDATE_GOLDEN=1"
    assert output == golden.read_text(encoding="utf-8")
