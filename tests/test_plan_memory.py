"""A plan is read as a stream and `budget --by row` holds a few bytes a plan row: memory
does not grow with the plan the way it did (4,000 hires 27 MiB, 40,000 52 MiB). Never timed."""

from __future__ import annotations

import random
import subprocess
import sys
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from mlhire_calc.datafiles.load import load_catalog
from mlhire_calc.domain.choices import GroupBy
from mlhire_calc.engine.budget import budget
from mlhire_calc.engine.plans import load_plan

from .conftest import FIXTURE_DATA, traced_peak

CATALOG = load_catalog(FIXTURE_DATA)
ROLES = ("data-scientist", "ml-engineer", "applied-ai-engineer", "ml-platform-engineer")
PATHS = ("embedded", "latam-direct", "freelance", "ai-platform", "in-house-fte")


def _plan(target: Path, hires: int) -> Path:
    """`hires` rows of random roles, paths and decision months (a few hundred schedules)."""
    rng = random.Random(7)
    with target.open("w") as out:
        out.write("role,path,decided,headcount,label\n")
        for index in range(hires):
            decided = date(2027, 1, 1) + timedelta(days=30 * rng.randrange(12))
            out.write(f"{rng.choice(ROLES)},{rng.choice(PATHS)},{decided},{rng.randint(1, 3)},hire {index}\n")
    return target


def test_a_plan_is_read_again_each_time_never_held(tmp_path: Path) -> None:
    plan = load_plan(_plan(tmp_path / "plan.csv", 300), CATALOG)
    assert not isinstance(plan.hires, (list, tuple)) and len(plan.hires) == 300
    first, again = list(plan.hires), list(plan.hires)
    assert first == again and [hire.row for hire in first] == list(range(1, 301))


def test_reading_a_plan_holds_no_more_for_five_times_the_rows(tmp_path: Path) -> None:
    """Checking a plan (`load_plan`) and reading its hires: 2,000 or 10,000 rows (both more
    than a chunk of the file), the same memory."""
    peaks = []
    for rows in (2_000, 10_000):
        path = _plan(tmp_path / f"plan-{rows}.csv", rows)
        peaks.append(traced_peak(lambda path=path: sum(1 for _ in load_plan(path, CATALOG).hires)))
    assert peaks[1] < 1.2 * peaks[0] + 50_000, peaks


def test_budget_by_row_holds_a_few_bytes_a_plan_row(tmp_path: Path) -> None:
    """The whole run (plan, budget, every row read): at most 100 bytes more per plan row
    (a row's schedule number, headcount and label); the plan as objects was about 700."""
    peaks = []
    for rows in (1_000, 10_000):
        path = _plan(tmp_path / f"plan-{rows}.csv", rows)

        def run(path: Path = path, rows: int = rows) -> None:
            plan = load_plan(path, CATALOG)
            result = budget(CATALOG, plan.hires, start=date(2027, 1, 1), months=Decimal(3), by=GroupBy.row)
            assert sum(1 for _ in result.rows) == 3 * rows

        peaks.append(traced_peak(run))
    assert (peaks[1] - peaks[0]) / 9_000 < 100, peaks


RSS = """
import resource, subprocess, sys
subprocess.run(sys.argv[1:], check=True)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def test_peak_memory_of_budget_by_row_at_40000_hires_is_within_1_5x_of_4000(tmp_path: Path) -> None:
    """Measured as the operating system sees it (peak RSS of a new process), one month each."""
    peaks = []
    for rows in (4_000, 40_000):
        plan = _plan(tmp_path / f"plan-{rows}.csv", rows)
        command = [sys.executable, "-m", "mlhire_calc", "budget", "--plan", str(plan), "--by", "row"]
        command += ["--start", "2027-01", "--months", "1", "--format", "csv", "-o", str(tmp_path / "out.csv")]
        done = subprocess.run(
            [sys.executable, "-c", RSS, *command], capture_output=True, text=True, check=True
        )
        peaks.append(int(done.stdout.split()[-1]))  # KiB on Linux
    assert peaks[1] <= 1.5 * peaks[0], peaks


def test_a_terminal_table_too_long_to_lay_out_is_refused(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """900 plan rows x 12 months: 10,800 rows, more than a table shows; CSV streams them."""
    plan = str(_plan(tmp_path / "plan.csv", 900))
    args = ["budget", "--plan", plan, "--by", "row", "--start", "2027-01", "--months", "12"]
    refused = cli(*args, code=2)
    assert "10,800 monthly rows" in refused.stderr and "csv" in refused.stderr
    assert len(cli(*args, "--by", "path").stdout.splitlines()) < 200  # grouped: a short table
    assert len(cli(*args, "--format", "csv").stdout.splitlines()) == 10_801
