"""`mlhire simulate`: seeded, reproducible, and in agreement with rank's exact probabilities."""

from __future__ import annotations

import ast
import json
import sys
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mlhire_calc
from mlhire_calc.datafiles.load import load_catalog
from mlhire_calc.domain.errors import MlhireError
from mlhire_calc.domain.timeline import Duration
from mlhire_calc.engine.rank import rank
from mlhire_calc.engine.simulate import simulate

from .conftest import FIXTURE_DATA

CATALOG = load_catalog(FIXTURE_DATA)
START = date(2026, 12, 1)
DONE_WHEN = [
    "simulate", "--start", "2026-12-01", "--deadline", "2027-Q3", "--work", "3m", "-p", "all",
    "--budget", "300000", "--seed", "7", "--format", "json",
]  # fmt: skip
TOLERANCE = 0.02


def test_the_same_seed_gives_the_same_bytes(cli) -> None:  # type: ignore[no-untyped-def]
    first, second = cli(*DONE_WHEN).stdout, cli(*DONE_WHEN).stdout
    assert first == second
    other = cli(*DONE_WHEN[:-4], "--seed", "8", "--format", "json").stdout
    assert other != first


def test_the_done_when(cli) -> None:  # type: ignore[no-untyped-def]
    document = json.loads(cli(*DONE_WHEN).stdout)
    assert document["schema"] == "mlhire.simulate/1"
    ranked = json.loads(
        cli("rank", "--start", "2026-12-01", "-d", "2027-Q3", "-w", "3m", "-p", "all", "-f", "json").stdout
    )
    exact = {path["id"]: path["probability"] for path in ranked["paths"]}
    assert {path["id"] for path in document["paths"]} == set(exact)
    for path in document["paths"]:
        assert abs(path["p_on_time"] - exact[path["id"]]) <= TOLERANCE, path["id"]
        assert path["probability"] == exact[path["id"]]
        assert path["p_joint"] <= min(path["p_on_time"], path["p_under_budget"])
        assert path["cost_at_confidence"] > 0 and path["frontier"]
    in_house = next(path for path in document["paths"] if path["id"] == "in-house-fte")
    assert 0.0 <= in_house["p_on_time"] < 1.0  # never certain: placements can fail


def _one(**kwargs: object) -> dict[str, object]:
    result = mlhire_calc.simulate(CATALOG, start=START, seed=3, samples=4000, **kwargs)  # type: ignore[arg-type]
    return result.to_dict()


def test_a_paths_samples_do_not_depend_on_the_other_paths() -> None:
    alone = _one(paths=("latam-direct",), deadline="2027-Q3", budget=30000)
    among = _one(paths=("all",), deadline="2027-Q3", budget=30000)
    latam = next(path for path in among["paths"] if path["id"] == "latam-direct")  # type: ignore[attr-defined]
    assert alone["paths"][0] == latam  # type: ignore[index]


def test_costs_lie_in_the_engines_band_and_the_frontier_falls() -> None:
    result = simulate(
        CATALOG, start=START, deadline=date(2027, 9, 30), work=Duration(3, "months"), samples=5000
    )
    for item in result.paths:
        band = item.cost_of_work
        slack = band.mid * Decimal("0.05")  # the additive model, and the ramp moving with the time
        assert band.low - slack <= item.cost_p10 <= item.cost_p50 <= item.cost_p90 <= band.high + slack
        assert item.cost_p50 == pytest.approx(band.mid, rel=Decimal("0.03"))
        assert item.additive_error < 0.05
        budgets = [point.budget for point in item.frontier]
        days = [point.day for point in item.frontier]
        assert budgets == sorted(budgets, reverse=True) and days == sorted(days)
        assert item.frontier[0].day == item.date_at_confidence
        assert budgets[-1] >= item.cost_at_confidence - Decimal("0.01")
        assert item.done_p10 <= item.done_p50 <= item.done_p90


def test_a_path_without_uncertain_amounts_has_one_cost() -> None:
    item = simulate(CATALOG, start=START, path_ids=["embedded"], samples=1000).paths[0]
    assert item.cost_p10 == item.cost_p90 == item.cost_of_work.mid
    assert item.figures == [] and item.correlation == 0.0 and len(item.frontier) == 1


def test_without_a_deadline_or_budget_those_are_none() -> None:
    document = _one(paths=("embedded",))
    path = document["paths"][0]  # type: ignore[index]
    assert path["p_on_time"] is None and path["p_under_budget"] is None and path["p_joint"] is None


@settings(max_examples=15, deadline=None)
@given(
    days=st.integers(min_value=150, max_value=400),
    path_id=st.sampled_from(["in-house-fte", "ai-platform", "latam-direct"]),
    headcount=st.integers(min_value=1, max_value=3),
    seed=st.integers(min_value=0, max_value=2**32),
)
def test_p_on_time_agrees_with_rank(days: int, path_id: str, headcount: int, seed: int) -> None:
    deadline = START + timedelta(days=days)
    work = Duration(2, "months")
    sampled = simulate(
        CATALOG,
        start=START,
        path_ids=[path_id],
        deadline=deadline,
        work=work,
        headcount=headcount,
        samples=20_000,
        seed=seed,
        budget=Decimal(200_000),
    ).paths[0]
    ranked = rank(CATALOG, start=START, deadline=deadline, path_ids=[path_id], work=work, headcount=headcount)
    assert (
        sampled.p_on_time is not None and sampled.p_joint is not None and sampled.p_under_budget is not None
    )
    assert abs(sampled.p_on_time - ranked.paths[0].probability) <= TOLERANCE
    assert sampled.p_joint <= min(sampled.p_on_time, sampled.p_under_budget)


def test_bad_input_is_one_line(cli) -> None:  # type: ignore[no-untyped-def]
    assert "--samples" in cli("simulate", "--samples", "0", code=2).stderr
    assert "--seed" in cli("simulate", "--seed", "-1", code=2).stderr
    assert "--confidence" in cli("simulate", "-c", "1.5", code=2).stderr
    assert "--budget" in cli("simulate", "--budget", "lots", code=2).stderr


def test_without_numpy_a_clean_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "numpy", None)  # `import numpy` now raises ImportError
    with pytest.raises(MlhireError, match=r"pip install 'mlhire\[simulate\]'"):
        simulate(CATALOG, start=START, samples=10)


def test_only_the_simulation_imports_numpy() -> None:
    root = Path(mlhire_calc.__file__).parent
    importers = set()
    for file in root.rglob("*.py"):
        for node in ast.walk(ast.parse(file.read_text())):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            if any(name.split(".")[0] == "numpy" for name in names):
                importers.add(file.relative_to(root).as_posix())
    assert importers == {"engine/simulate.py"}


@pytest.mark.parametrize("fmt", ["table", "csv", "markdown"])
def test_every_format(cli, fmt: str) -> None:  # type: ignore[no-untyped-def]
    args = ["simulate", "--start", "2026-12-01", "-d", "2027-Q3", "--budget", "200k", "--samples", "2000"]
    output = cli(*args, "-f", fmt).stdout
    assert "in-house-fte" in output


def test_a_team_and_the_hires_it_needs(cli_json) -> None:  # type: ignore[no-untyped-def]
    args = ["simulate", "--start", "2026-12-01", "-d", "2027-Q3", "-w", "1m", "-p", "in-house-fte", "-n", "3"]
    ranked = cli_json("rank", *args[1:-2], "-n", "3", "--need", "2")
    document = cli_json(*args, "--need", "2", "--samples", "20000")
    assert document["need"] == 2
    assert abs(document["paths"][0]["p_on_time"] - ranked["paths"][0]["probability"]) <= TOLERANCE


PROBE = "import sys; sys.argv = ['mlhire', *sys.argv[1:]]\n" + (
    "from mlhire_calc.cli.app import main\n"
    "try:\n    main()\nexcept SystemExit:\n    pass\n"
    "print('NUMPY', 'numpy' in sys.modules, file=sys.stderr)"
)


@pytest.mark.parametrize(
    "args", [["compare", "-f", "csv"], ["sensitivity", "-f", "csv"], ["afford", "-d", "Q3", "--budget", "1"],
             ["simulate", "--help"]],
)  # fmt: skip
def test_only_simulate_loads_numpy(args: list[str]) -> None:
    import subprocess

    result = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, check=True)
    assert "NUMPY False" in result.stderr
