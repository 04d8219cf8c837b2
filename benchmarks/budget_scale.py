"""How `mlhire budget --plan` scales, against a plain `csv.writer` loop, side by side.

For plans of 10,000, 100,000 and 1,000,000 random hires over 36 months it runs, each
in a new process with its CSV read back through a pipe and hashed:

  plain loop       this file's `plain_by_row`: read the plan, the same memoised cents
                   per schedule, then one `csv.writer` loop formatting cents and running
                   totals (the floor for `--by row`; it must produce the same bytes)
  --by row         `mlhire budget --by row --format csv` (one row per plan row and month)
  --by month       `mlhire budget --by month --format csv`

and prints wall time, CPU time and peak RSS of each (median time of --runs runs; the
peak is the largest). Exit 0 when `--by row` CPU time is within 1.5x of the plain loop
at every size, and the bytes match.

With --memory it runs only `budget --by row --format csv` for plans of 4,000, 40,000
and 1,000,000 hires (--sizes) over --months, each in a new process, and prints each
peak RSS and its ratio to the first size's. Exit 0 when the second size's peak is
within 1.5x of the first's (the plan is read as a stream; each plan row is held in a
few bytes).

Usage: python benchmarks/budget_scale.py [--runs 1] [--sizes 10000,100000,1000000]
       python benchmarks/budget_scale.py --memory [--sizes 4000,40000,1000000] [--months 36]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import IO

ROLES = ["data-scientist", "ml-engineer", "applied-ai-engineer", "ml-platform-engineer"]
PATHS = ["embedded", "latam-direct", "freelance", "ai-platform", "in-house-fte"]
START, MONTHS = "2027-01", "36"


def write_plan(target: Path, hires: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    first = date(2026, 7, 1)
    with target.open("w") as out:
        out.write("role,path,decided,headcount,label\n")
        for index in range(hires):
            decided = first + timedelta(days=rng.randrange(0, 36 * 30))
            out.write(
                f"{rng.choice(ROLES)},{rng.choice(PATHS)},{decided.isoformat()},"
                f"{rng.randint(1, 3)},hire {index}\n"
            )


def plain_by_row(plan: Path, out: IO[str]) -> None:
    """`budget --by row --format csv` as one plain loop: the floor the tool is measured against."""
    import csv

    from mlhire_calc.datafiles.load import load_catalog
    from mlhire_calc.domain.choices import Point
    from mlhire_calc.domain.timeline import add_months_fractional, parse_date
    from mlhire_calc.engine.plans import read_plan
    from mlhire_calc.engine.schedules import Schedules  # the same memoised cents per schedule
    from mlhire_calc.output.layout import text_cell

    catalog = load_catalog()
    hires = read_plan(plan, catalog)
    start = parse_date(START, subject="start")
    end = add_months_fractional(start, __import__("decimal").Decimal(MONTHS))
    schedules = Schedules(catalog, start, end, Point.mid)
    estimated = {name: any(item.estimate for item in p.items) for name, p in catalog.paths.items()}
    fixed = [  # one group per plan row, in the plan's order
        (
            text_cell(hire.label or f"row {hire.row}", spreadsheet=True),
            hire.path,
            hire.role,
            "true" if estimated[hire.path] else "false",
            [(schedules.of(hire).cells, hire.headcount)],
        )
        for hire in hires
    ]

    def money(cents: int) -> str:
        sign, cents = ("-", -cents) if cents < 0 else ("", cents)
        return f"{sign}{cents // 100}.{cents % 100:02d}"

    seen: dict[int, str] = {}
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        [
            *("month", "path", "role", "label", "band", "estimate", "currency"),
            *("recurring", "one_time", "expected", "total", "cumulative"),
        ]
    )
    running = [0] * len(fixed)
    for index, month in enumerate(schedules.months):
        month_text = month.first.strftime("%Y-%m")
        for position, (label, path, role, estimate, members) in enumerate(fixed):
            recurring = one_time = expected = 0
            for cells, count in members:
                r, o, e = cells[index]
                recurring, one_time, expected = (
                    recurring + r * count,
                    one_time + o * count,
                    expected + e * count,
                )
            total = recurring + one_time + expected
            running[position] += total
            texts = []
            for cents in (recurring, one_time, expected, total):
                text = seen.get(cents)
                if text is None:
                    text = seen[cents] = money(cents)
                texts.append(text)
            writer.writerow(
                [
                    month_text,
                    path,
                    role,
                    label,
                    "mid",
                    estimate,
                    catalog.currency,
                    *texts,
                    money(running[position]),
                ]
            )


def measure(command: list[str]) -> tuple[float, float, float, str]:
    """Wall seconds, CPU seconds, peak RSS in MiB and the sha256 of what the command prints."""
    digest = hashlib.sha256()
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE)
    assert process.stdout is not None
    while chunk := process.stdout.read(1 << 20):
        digest.update(chunk)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise SystemExit(f"{' '.join(command)} exited {process.returncode}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, digest.hexdigest()


def memory(mlhire: str, sizes: list[int], months: str) -> int:
    """Peak RSS of `budget --by row --format csv` at each size; 0 when the second is within
    1.5x of the first."""
    print(f"{'hires':>10}  {'months':>6}  {'wall s':>8}  {'cpu s':>8}  {'peak MiB':>9}  vs first")
    peaks = []
    with tempfile.TemporaryDirectory() as folder:
        for hires in sizes:
            plan = Path(folder) / f"plan-{hires}.csv"
            write_plan(plan, hires)
            command = [mlhire, "budget", "--plan", str(plan), "--start", START, "--months", months]
            wall, cpu, peak, _ = measure([*command, "--by", "row", "--format", "csv"])
            peaks.append(peak)
            print(f"{hires:>10,}  {months:>6}  {wall:8.2f}  {cpu:8.2f}  {peak:9.1f}  {peak / peaks[0]:.2f}x")
            sys.stdout.flush()
    within = len(peaks) < 2 or peaks[1] <= 1.5 * peaks[0]
    print(f"peak at {sizes[1]:,} hires within 1.5x of {sizes[0]:,}: {within}" if len(peaks) > 1 else "")
    return 0 if within else 1


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--sizes", default=None)
    parser.add_argument("--memory", action="store_true", help="peak RSS of --by row only")
    parser.add_argument("--months", default=MONTHS)
    parser.add_argument("--mlhire", default=str(Path(sys.executable).parent / "mlhire"))
    parser.add_argument("--plain", type=Path, help=argparse.SUPPRESS)  # a child: run the plain loop
    args = parser.parse_args()
    if args.plain is not None:
        plain_by_row(args.plain, sys.stdout)
        return
    if not Path(args.mlhire).exists():
        args.mlhire = shutil.which("mlhire") or "mlhire"
    if args.memory:
        sys.exit(
            memory(
                args.mlhire,
                [int(size) for size in (args.sizes or "4000,40000,1000000").split(",")],
                args.months,
            )
        )
    sizes = [int(size) for size in (args.sizes or "10000,100000,1000000").split(",")]
    ok = True
    print(f"{'hires x 36 months':>18}  {'run':<22} {'wall s':>8} {'cpu s':>8} {'peak MiB':>9}  vs plain")
    with tempfile.TemporaryDirectory() as folder:
        for hires in sizes:
            plan = Path(folder) / f"plan-{hires}.csv"
            write_plan(plan, hires)
            budget = [args.mlhire, "budget", "--plan", str(plan), "--start", START, "--months", MONTHS]
            runs = {
                "plain csv.writer loop": [sys.executable, __file__, "--plain", str(plan)],
                "--by row": [*budget, "--by", "row", "--format", "csv"],
                "--by month": [*budget, "--by", "month", "--format", "csv"],
            }
            results = {}
            for name, command in runs.items():
                samples = [measure(command) for _ in range(args.runs)]
                results[name] = (
                    statistics.median(s[0] for s in samples),
                    statistics.median(s[1] for s in samples),
                    max(s[2] for s in samples),
                    samples[0][3],
                )
            plain = results["plain csv.writer loop"]
            for name, (wall, cpu, peak, _) in results.items():
                ratio = f"{cpu / plain[1]:.2f}x cpu" if name != "plain csv.writer loop" else ""
                print(f"{hires:>18,}  {name:<22} {wall:8.2f} {cpu:8.2f} {peak:9.1f}  {ratio}")
            same = results["--by row"][3] == plain[3]
            within = results["--by row"][1] <= 1.5 * plain[1]
            print(f"{'':>18}  --by row bytes equal the plain loop's: {same}; cpu within 1.5x: {within}")
            ok = ok and same and within
            sys.stdout.flush()
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
