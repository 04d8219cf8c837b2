"""How `mlhire budget --plan` scales: 10,000 and 100,000 hires over 36 months.

End to end (a new process each run, CSV written to a file), median of --runs runs.
Usage: python benchmarks/budget_scale.py [--runs 3] [--mlhire PATH]
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROLES = ["data-scientist", "ml-engineer", "applied-ai-engineer", "ml-platform-engineer"]
PATHS = ["embedded", "latam-direct", "freelance", "ai-platform", "in-house-fte"]


def write_plan(target: Path, hires: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    first = date(2026, 7, 1)
    lines = ["role,path,start,headcount,label"]
    for index in range(hires):
        start = first + timedelta(days=rng.randrange(0, 36 * 30))
        lines.append(
            f"{rng.choice(ROLES)},{rng.choice(PATHS)},{start.isoformat()},{rng.randint(1, 3)},hire {index}"
        )
    target.write_text("\n".join(lines) + "\n")


def time_run(command: list[str], runs: int) -> float:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--mlhire", default=shutil.which("mlhire") or "mlhire")
    args = parser.parse_args()
    results = {}
    with tempfile.TemporaryDirectory() as folder:
        for hires in (10_000, 100_000):
            plan = Path(folder) / f"plan-{hires}.csv"
            write_plan(plan, hires)
            for by in ("month", "row"):
                command = [
                    args.mlhire,
                    "budget",
                    "--plan",
                    str(plan),
                    "--start",
                    "2027-01",
                    "--months",
                    "36",
                    "--by",
                    by,
                    "-o",
                    str(Path(folder) / "out.csv"),
                ]
                results[(hires, by)] = seconds = time_run(command, args.runs)
                label = f"budget --plan {hires:>7,} hires x 36 months --by {by:<5}"
                print(f"{label}: {seconds:6.3f} s (median of {args.runs})")
    for by in ("month", "row"):
        ratio = results[(100_000, by)] / results[(10_000, by)]
        print(f"100,000 / 10,000 hires (--by {by}): {ratio:.2f}x (target: under 10x; 10,000 under 1 s)")
    ok = all(
        results[(10_000, by)] < 1.0 and results[(100_000, by)] < 10 * results[(10_000, by)]
        for by in ("month", "row")
    )
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
