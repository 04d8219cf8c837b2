"""Speed and memory of `simulate` and `sensitivity` against `compare -p all`, side by side.

Runs each command in interleaved rounds (so machine noise hits all of them alike),
takes the median wall time of each and the peak resident memory of its process
(its own rusage, as `resource.getrusage(RUSAGE_CHILDREN)` counts a child), and prints
the ratios the targets are set on:

  mlhire simulate, 100,000 samples, all five paths   <  3 x  mlhire compare -p all
  mlhire sensitivity, every figure, all paths        <  2 x  mlhire compare -p all
  peak memory of that simulate                       <  200 MiB

Run it from the venv where mlhire is installed, with numpy (the simulate extra):
  .venv/bin/python benchmarks/robustness.py [--rounds 10]
Exit status 0 when every target is met.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

MLHIRE = str(Path(sys.executable).parent / "mlhire")
QUIET = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
START = ["--start", "2026-12-01"]
QUESTION = [*START, "--deadline", "2027-Q3", "--work", "3m", "-p", "all"]

COMMANDS: dict[str, list[str]] = {
    "compare -p all": [MLHIRE, "compare", *START, "-p", "all"],
    "simulate, 100,000 samples": [
        MLHIRE, "simulate", *QUESTION, "--budget", "300000", "--samples", "100000", "--seed", "7",
    ],
    "sensitivity": [MLHIRE, "sensitivity", *START],
    "sensitivity --deadline --work": [MLHIRE, "sensitivity", *QUESTION],
}  # fmt: skip
TARGETS = [  # (command, ratio to compare -p all at most)
    ("simulate, 100,000 samples", 3.0),
    ("sensitivity", 2.0),
    ("sensitivity --deadline --work", 2.0),
]
MEMORY_LIMIT_MIB = 200


def run(command: list[str]) -> tuple[float, int]:
    """Wall seconds and peak resident memory (KiB) of one run."""
    env = {**os.environ, "COLUMNS": "100"}
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, **QUIET)  # type: ignore[call-overload]
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(command)}")
    return elapsed, usage.ru_maxrss


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    memory: dict[str, int] = dict.fromkeys(COMMANDS, 0)
    for command in COMMANDS.values():  # warm the file cache, the .pyc files and mlhire's cache
        run(command)
    for _ in range(args.rounds):
        for name, command in COMMANDS.items():
            seconds, peak = run(command)
            times[name].append(seconds)
            memory[name] = max(memory[name], peak)
    median = {name: statistics.median(values) for name, values in times.items()}
    for name, value in median.items():
        print(f"{name:<32} {value * 1000:7.1f} ms   peak {memory[name] / 1024:6.1f} MiB")
    print()
    ok = True
    base = median["compare -p all"]
    for name, limit in TARGETS:
        ratio = median[name] / base
        met = ratio < limit
        ok &= met
        print(
            f"{name + ' / compare -p all':<52} {ratio:5.2f}x  (target < {limit})  {'ok' if met else 'MISSED'}"
        )
    peak = memory["simulate, 100,000 samples"] / 1024
    met = peak < MEMORY_LIMIT_MIB
    ok &= met
    label = "peak memory of simulate, 100,000 samples"
    print(f"{label:<52} {peak:5.1f} MiB (target < {MEMORY_LIMIT_MIB})  {'ok' if met else 'MISSED'}")
    print(f"\n{args.rounds} interleaved rounds, medians; Python {sys.version.split()[0]}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
