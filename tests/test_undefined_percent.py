"""A percentage of nothing is undefined (issue #21, round 3): `null` in JSON, `-` in text.

Savings against a baseline whose total is 0, a diff's change from a yearly cost or a
plan total of 0: each is shown as undefined in every format, never as 0.0%. A role
scaled by a reference role whose loaded cost is 0 is a data error, never a crash.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

START = "2026-12-01"
FREE_BASELINE = (
    "compare",
    "--start",
    START,
    "--baseline",
    "embedded",
    "--set",
    "embedded.fee=0",
    "-p",
    "all",
)


def test_savings_against_a_free_baseline_are_undefined_in_json(cli_json: Callable[..., Any]) -> None:
    document = cli_json(*FREE_BASELINE)
    assert document["baseline_total"] == {"low": 0, "mid": 0, "high": 0}
    others = [path for path in document["paths"] if path["id"] != "embedded"]
    assert len(others) >= 3
    for path in others:
        assert path["savings"]["percent"] == {"low": None, "mid": None, "high": None}
        assert path["savings"]["amount"]["mid"] == -path["total"]["mid"]  # the amount is defined


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_savings_against_a_free_baseline_show_a_dash(cli: Callable[..., Any], fmt: str) -> None:
    out = cli(*FREE_BASELINE, "-f", fmt).stdout
    assert "0.0%" not in out and "%" in out  # the column is there, its cells undefined
    summary = next(line for line in out.splitlines() if line.startswith(("in-house-fte", "| in-house-fte")))
    assert summary.rstrip(" |").endswith("-"), summary


def test_a_defined_share_is_unchanged(cli_json: Callable[..., Any]) -> None:
    document = cli_json("compare", "--start", START)
    (embedded,) = [path for path in document["paths"] if path["id"] == "embedded"]
    assert embedded["savings"]["percent"]["mid"] == 66.26  # 318,179.15 / 480,179.15


@pytest.fixture
def free_base(data_copy: Path, tmp_path: Path) -> Path:
    """The shipped data with the embedded fee at 0: yearly costs and plan totals of 0."""
    base = tmp_path / "base"
    data_copy.rename(base)
    paths = base / "paths.yaml"
    text = paths.read_text()
    assert "amount: 13500" in text
    paths.write_text(text.replace("amount: 13500", "amount: 0", 1))
    return base


def test_a_diff_from_zero_has_no_percent(cli: Callable[..., Any], free_base: Path, tmp_path: Path) -> None:
    plan = tmp_path / "plan.csv"
    plan.write_text("role,path,decided,headcount\nml-engineer,embedded,2027-01-01,1\n")
    args = ("diff", "--base", str(free_base), "--start", START, "--plan", str(plan))
    document = json.loads(cli(*args, "-f", "json").stdout)
    from_zero = [e for e in document["effects"] if e["path"] == "embedded"]
    assert from_zero and all(e["before"]["mid"] == 0 and e["percent"] is not None for e in from_zero)
    assert all(e["percent"] == {"low": None, "mid": None, "high": None} for e in from_zero)
    assert document["plan"]["before"] == 0 and document["plan"]["percent"] is None
    for fmt in ("table", "markdown", "github"):
        out = cli(*args, "-f", fmt).stdout
        words = " ".join(out.split())  # sentences wrap on a terminal
        assert "0.00 → 155,903.23 (+155,903.23, -)" in words, fmt  # the plan's total
        assert "embedded for every role, 0.00 → 162,000.00 (+162,000.00, -)" in words, fmt
        if fmt != "github":  # the yearly costs' table: "% (mid)" and "low/high" undefined
            row = r"embedded \W+ 0\.00 \W+ 162,000\.00 \W+ \+162,000\.00 \W+ - \W+ -/-( |$)"
            assert re.search(row, out, re.M), out


def test_a_percent_policy_on_a_rise_from_zero_trips_with_amounts(
    cli: Callable[..., Any], free_base: Path
) -> None:
    result = cli("diff", "--base", str(free_base), "--start", START, "--fail-on-increase", "10%", code=3)
    assert "rises from 0.00 to 162,000.00 at mid, over the fail-on-increase limit 10%" in result.stderr


@pytest.mark.parametrize(
    "command",
    [
        ("compare", "-r", "ml-platform-engineer", "-p", "ai-platform", "--start", START),
        ("rank", "-r", "ml-platform-engineer", "-p", "ai-platform", "--start", START, "-d", "2027-06-30"),
        ("budget", "-r", "ml-platform-engineer", "-p", "ai-platform", "--start", "2027-01", "-m", "3"),
    ],
    ids=lambda c: c[0],
)
def test_scaling_by_a_zero_loaded_cost_is_a_data_error(
    cli: Callable[..., Any], data_copy: Path, command: tuple[str, ...]
) -> None:
    roles = data_copy / "roles.yaml"
    text = roles.read_text()
    assert "{low: 22000, high: 38000" in text
    roles.write_text(text.replace("{low: 22000, high: 38000", "{low: 0, high: 38000", 1))
    result = cli(*command, "--data-dir", str(data_copy), code=1)
    assert result.stderr == (
        "mlhire: error: path 'ai-platform': item 'pay' scales with ml-engineer's loaded cost, which is 0 "
        "at low: the ratio for ml-platform-engineer is undefined; give ml-engineer a loaded cost above 0\n"
    )
