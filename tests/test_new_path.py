"""A sixth path is a data edit: every command takes it with no change to the code.

The catalog is the fixture's, copied, with the embedded path's block copied under a
new id (`embedded-2`, a 12,000 fee) and the embedded fee raised from 13,500 to 14,000.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from .conftest import FIXTURE_DATA, START

Cli = Callable[..., Any]
SIX = {"embedded", "embedded-2", "latam-direct", "freelance", "ai-platform", "in-house-fte"}


def _with_a_sixth_path(paths_yaml: str) -> str:
    """The file with the embedded block copied to the end as `embedded-2`, and the fee raised."""
    start = paths_yaml.index("  - id: embedded\n")
    end = paths_yaml.index("\n  - id: ", start + 1)
    block = (
        paths_yaml[start:end]
        .replace("  - id: embedded\n", "  - id: embedded-2\n")
        .replace("name: Embedded engineer (agency, flat monthly fee)", "name: Second embedded agency")
        .replace("amount: 13500", "amount: 12000")
    )
    assert "amount: 12000" in block
    raised = paths_yaml.replace("amount: 13500", "amount: 14000", 1)
    return raised.rstrip("\n") + "\n\n" + block.rstrip("\n") + "\n"


@pytest.fixture
def six_paths(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, data)
    paths = data / "paths.yaml"
    paths.write_text(_with_a_sixth_path(paths.read_text()))
    return data


def _json(cli: Cli, data: Path, *args: str) -> Any:
    return json.loads(cli(*args, "--data-dir", str(data), "--format", "json").stdout)


def test_compare_costs_the_new_path_and_the_new_fee(cli: Cli, six_paths: Path) -> None:
    doc = _json(cli, six_paths, "compare", "-p", "all", "--start", START)
    totals = {path["id"]: path["total"] for path in doc["paths"]}
    assert set(totals) == SIX
    assert totals["embedded"] == {"low": 168000, "mid": 168000, "high": 168000}  # 12 x 14,000
    assert totals["embedded-2"] == {"low": 144000, "mid": 144000, "high": 144000}  # 12 x 12,000
    table = cli("compare", "-p", "all", "--start", START, "--data-dir", str(six_paths)).stdout
    assert "144,000.00" in table and "168,000.00" in table


def test_rank_puts_the_cheaper_twin_first(cli: Cli, six_paths: Path) -> None:
    doc = _json(cli, six_paths, "rank", "-p", "all", "--start", START, "-d", "2027-06-30")
    ranked = {path["id"]: path for path in doc["paths"]}
    assert set(ranked) == SIX
    twin, embedded = ranked["embedded-2"], ranked["embedded"]
    assert twin["probability"] == embedded["probability"]  # the same times
    assert Decimal(str(twin["cost_to_deadline"]["mid"])) < Decimal(str(embedded["cost_to_deadline"]["mid"]))
    assert [path["id"] for path in doc["paths"]][:2] == ["embedded-2", "embedded"]


def test_budget_has_a_group_for_the_new_path(cli: Cli, six_paths: Path) -> None:
    doc = _json(cli, six_paths, "budget", "-p", "all", "--start", "2027-01")
    totals = {group["path"]: Decimal(str(group["total"])) for group in doc["totals"]["groups"]}
    assert set(totals) == SIX and doc["hires"] == 6
    # The same start on both paths, so the year's spend is in the ratio of the fees
    # (to within each month's rounding to the cent).
    assert abs(totals["embedded-2"] - totals["embedded"] * 12000 / 14000) <= Decimal("0.07")


def test_paths_lists_the_new_path_with_its_fee(cli: Cli, six_paths: Path) -> None:
    doc = _json(cli, six_paths, "paths")
    fees = {
        path["id"]: [item["amount"] for item in path["items"] if item["per"] == "month"]
        for path in doc["paths"]
    }
    assert set(fees) == SIX
    assert fees["embedded"] == [14000] and fees["embedded-2"] == [12000]


def test_validate_accepts_the_new_path(cli: Cli, six_paths: Path) -> None:
    doc = _json(cli, six_paths, "validate", "--strict", str(six_paths))
    assert (doc["valid"], doc["errors"], doc["warnings"]) == (True, 0, 0)
