"""The Python API: what `mlhire_calc` exports, and that each answer is the CLI's own document."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import mlhire_calc
from mlhire_calc import budget, compare, diff, load_catalog, rank, validate
from mlhire_calc.domain.errors import MlhireError

DOCS = Path(__file__).parents[1] / "docs" / "python-api.md"
START = date(2026, 12, 1)


def test_all_names_the_api() -> None:
    assert {"load_catalog", "compare", "rank", "budget", "diff", "validate"} <= set(mlhire_calc.__all__)
    for name in mlhire_calc.__all__:
        assert getattr(mlhire_calc, name) is not None


def test_importing_the_package_loads_no_engine() -> None:
    probe = "import sys, mlhire_calc; print(sorted(m for m in sys.modules if m.startswith('mlhire_calc')))"
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert "mlhire_calc.api" not in loaded and "mlhire_calc.engine" not in loaded


COMPARE = [
    ({}, []),
    ({"role": "data-scientist", "paths": ("all",), "months": 6},
     ["-r", "data-scientist", "-p", "all", "-m", "6"]),
    ({"paths": ("latam-direct", "freelance"), "months": "36", "basis": "calendar"},
     ["-p", "latam-direct", "-p", "freelance", "-m", "36", "--basis", "calendar"]),
    ({"paths": ("embedded",), "headcount": 3, "baseline": "embedded"},
     ["-p", "embedded", "-n", "3", "--baseline", "embedded"]),
]  # fmt: skip


@pytest.mark.parametrize(("kwargs", "args"), COMPARE)
def test_compare_is_the_cli_document(cli_json, kwargs: dict[str, Any], args: list[str]) -> None:  # type: ignore[no-untyped-def]
    expected = cli_json("compare", "--start", "2026-12-01", *args)
    assert compare(load_catalog(), start=START, **kwargs).to_dict() == expected


RANK = [
    ({"deadline": "2027-Q3"}, ["-d", "2027-Q3"]),
    ({"deadline": date(2027, 6, 30), "work": "3m", "paths": ("embedded", "in-house-fte")},
     ["-d", "2027-06-30", "-w", "3m", "-p", "embedded", "-p", "in-house-fte"]),
    ({"deadline": "2027-09", "work": "6w", "headcount": 4, "need": 2, "confidence": "80%",
      "delay_cost_per_month": 40000},
     ["-d", "2027-09", "-w", "6w", "-n", "4", "--need", "2", "-c", "80%", "--delay-cost-per-month", "40000"]),
]  # fmt: skip


@pytest.mark.parametrize(("kwargs", "args"), RANK)
def test_rank_is_the_cli_document(cli_json, kwargs: dict[str, Any], args: list[str]) -> None:  # type: ignore[no-untyped-def]
    expected = cli_json("rank", "--start", "2026-12-01", *args)
    assert rank(load_catalog(), start=START, **kwargs).to_dict() == expected


BUDGET = [
    ({}, []),
    ({"paths": ("embedded",), "months": 24}, ["-p", "embedded", "-m", "24"]),
    ({"paths": ("in-house-fte",), "band": "all", "by": "month"},
     ["-p", "in-house-fte", "--band", "all", "--by", "month"]),
]  # fmt: skip


@pytest.mark.parametrize(("kwargs", "args"), BUDGET)
def test_budget_is_the_cli_document(cli_json, kwargs: dict[str, Any], args: list[str]) -> None:  # type: ignore[no-untyped-def]
    expected = cli_json("budget", "--start", "2026-12-01", *args)
    assert budget(load_catalog(), start=START, **kwargs).to_dict() == expected


def test_overrides_and_currency_are_the_cli_options(cli_json) -> None:  # type: ignore[no-untyped-def]
    catalog = load_catalog(currency="EUR", overrides=["embedded.fee=12000"])
    expected = cli_json(
        "compare", "--start", "2026-12-01", "--currency", "EUR", "--set", "embedded.fee=12000"
    )
    assert compare(catalog, start=START).to_dict() == expected


def test_validate_and_diff_answer_as_the_cli(runner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from mlhire_calc.cli.app import app
    from mlhire_calc.datafiles.load import resolve_data_dir

    data = resolve_data_dir()
    checked = validate([data])
    assert checked.value.ok
    shown = runner.invoke(app, ["validate", str(data), "--format", "json"])
    assert checked.to_dict() == json.loads(shown.stdout)
    same = diff(data, data, START)
    assert same.value.diff.changes == [] or len(same.value.diff.changes) == 0
    assert same.to_dict()["schema"] == "mlhire.diff/2"


def test_results_render_every_format() -> None:
    answer = compare(load_catalog(), start=START)
    assert answer.render("csv").startswith("path,")  # type: ignore[union-attr]
    assert "162,000.00" in str(answer.render("table"))
    assert isinstance(answer.render("xlsx"), bytes)


def test_errors_are_domain_errors_without_flag_names() -> None:
    with pytest.raises(MlhireError) as raised:
        compare(load_catalog(), paths=("no-such-path",), start=START)
    assert "--" not in raised.value.message
    with pytest.raises(MlhireError) as raised:
        compare(load_catalog(), months=0, start=START)
    assert raised.value.subject == "months" and "--months" not in raised.value.message


def test_the_python_api_page_runs() -> None:
    """Each ```python block of docs/python-api.md, in order, in one namespace, as a notebook would."""
    namespace: dict[str, Any] = {}
    blocks = re.findall(r"```python\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.S)
    assert len(blocks) >= 5
    for block in blocks:
        exec(compile(block, str(DOCS), "exec"), namespace)
    assert namespace["embedded"].total.mid > 0
