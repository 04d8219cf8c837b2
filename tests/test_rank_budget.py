"""`mlhire rank --budget`: ranked by the joint answer, on time and within the budget."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

from mlhire_calc import api
from mlhire_calc.datafiles.load import load_catalog

START = "2026-12-01"
ASKED = ["--start", START, "-d", "2027-Q3", "-w", "3m", "-p", "all"]
TOLERANCE = 0.02  # sampling error of 20,000 samples, as simulate's tests allow


def test_a_budget_ranks_by_p_joint_and_shows_it(cli: Any, cli_json: Any) -> None:
    ranked = cli_json("rank", *ASKED, "--budget", "60000")
    assert ranked["ranked_by"] == "p_joint" and ranked["budget"] == 60000
    joints = [entry["p_joint"] for entry in ranked["paths"]]
    assert joints == sorted(joints, reverse=True)
    sampled = cli_json("simulate", *ASKED, "--budget", "60000", "--confidence", "0.9")
    by_id = {entry["id"]: entry for entry in sampled["paths"]}
    for entry in ranked["paths"]:
        assert abs(entry["p_joint"] - by_id[entry["id"]]["p_joint"]) < 1e-4  # the same samples
        assert entry["p_joint"] <= entry["probability"] + TOLERANCE
    assert len(set(joints)) > 1  # the budget separates the paths
    table = " ".join(cli("rank", *ASKED, "--budget", "60k").stdout.split())  # wrapped to the width
    assert "budget)" in table  # the p_joint column's header, wrapped in its cell
    assert f"{ranked['paths'][0]['id']} is the most likely to be done (first PR + 3 months)" in table
    csv = cli("rank", *ASKED, "--budget", "60k", "-f", "csv").stdout
    assert csv.splitlines()[0].endswith(",p_joint")


def test_without_a_budget_nothing_changes(cli: Any, cli_json: Any) -> None:
    plain = cli_json("rank", *ASKED)
    assert "budget" not in plain and all("p_joint" not in entry for entry in plain["paths"])
    assert plain["ranked_by"] == "probability"
    assert "budget" not in cli("rank", *ASKED, "-f", "csv").stdout.splitlines()[0]


def test_the_python_api_takes_the_budget() -> None:
    result = api.rank(load_catalog(), "2027-Q3", api_start(), work="3m", budget="60k")
    assert result.value.budget is not None and result.value.ranked_by == "p_joint"
    assert all(outlook.p_joint is not None for outlook in result.value.paths)


def api_start() -> Any:
    from datetime import date

    return date.fromisoformat(START)


PROBE = "import sys; sys.argv = ['mlhire', *sys.argv[1:]]\n" + (
    "from mlhire_calc.cli.app import main\n"
    "try:\n    main()\nexcept SystemExit:\n    pass\n"
    "print('NUMPY', 'numpy' in sys.modules, file=sys.stderr)"
)


def test_only_a_budget_loads_numpy() -> None:
    def loads(*args: str) -> bool:
        result = subprocess.run(
            [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, check=True
        )
        return "NUMPY True" in result.stderr

    assert not loads("rank", *ASKED, "-f", "csv")
    assert loads("rank", *ASKED, "--budget", "60k", "-f", "csv")
