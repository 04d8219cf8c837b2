"""Start-up speed and memory of mlhire against the imports it cannot avoid.

Runs every command in interleaved rounds (so machine noise hits all of them alike),
takes the median wall time of each, and prints the ratios the targets are set on:

  mlhire --help, completion      <= 1.2  x  python -c "import typer"
  mlhire compare (table)         <= 1.2  x  python -c "import typer, pydantic, yaml, rich.table"
  mlhire compare --format csv    <  mlhire compare (table)
  peak memory of mlhire compare  <= 50 MiB

Run it from the venv where mlhire is installed (non-editable):
  .venv/bin/python benchmarks/startup.py [--rounds 30]
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

BIN = Path(sys.executable).parent
MLHIRE = str(BIN / "mlhire")
PYTHON = sys.executable
QUIET = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}

COMMANDS: dict[str, tuple[list[str], dict[str, str]]] = {
    "import typer": ([PYTHON, "-c", "import typer"], {}),
    "mlhire --help": ([MLHIRE, "--help"], {}),
    "completion (commands)": (
        [MLHIRE],
        {"_MLHIRE_COMPLETE": "complete_bash", "COMP_WORDS": "mlhire co", "COMP_CWORD": "1"},
    ),
    "import typer, pydantic, yaml, rich.table": (
        [PYTHON, "-c", "import typer, pydantic, yaml, rich.table"],
        {},
    ),
    "mlhire compare": ([MLHIRE, "compare", "--start", "2026-12-01"], {"COLUMNS": "100"}),
    "mlhire compare --format csv": ([MLHIRE, "compare", "--start", "2026-12-01", "--format", "csv"], {}),
}


def run(command: list[str], extra_env: dict[str, str]) -> tuple[float, int]:
    """Wall seconds and peak resident memory (KiB) of one run."""
    env = {**os.environ, **extra_env}
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
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    memory: dict[str, int] = dict.fromkeys(COMMANDS, 0)
    for command, env in COMMANDS.values():  # warm the file cache, the .pyc files and mlhire's cache
        run(command, env)
    for _ in range(args.rounds):
        for name, (command, env) in COMMANDS.items():
            seconds, peak = run(command, env)
            times[name].append(seconds)
            memory[name] = max(memory[name], peak)
    median = {name: statistics.median(values) for name, values in times.items()}
    for name, value in median.items():
        print(f"{name:<42} {value * 1000:7.1f} ms   peak {memory[name] / 1024:5.1f} MiB")
    print()
    checks = [
        ("mlhire --help / import typer", median["mlhire --help"] / median["import typer"], 1.2),
        ("completion / import typer", median["completion (commands)"] / median["import typer"], 1.2),
        (
            "mlhire compare / import typer, pydantic, yaml, rich.table",
            median["mlhire compare"] / median["import typer, pydantic, yaml, rich.table"],
            1.2,
        ),
        (
            "compare --format csv / compare (table)",
            median["mlhire compare --format csv"] / median["mlhire compare"],
            1.0,
        ),
    ]
    ok = True
    for label, ratio, limit in checks:
        met = ratio <= limit if limit != 1.0 else ratio < limit
        ok &= met
        target = f"{'<' if limit == 1.0 else '<='} {limit}"
        print(f"{label:<60} {ratio:5.2f}x  (target {target})  {'ok' if met else 'MISSED'}")
    peak = memory["mlhire compare"] / 1024
    ok &= peak <= 50
    verdict = "ok" if peak <= 50 else "MISSED"
    print(f"{'peak memory of mlhire compare':<60} {peak:5.1f} MiB (target <= 50)  {verdict}")
    print(f"\n{args.rounds} interleaved rounds, medians; Python {sys.version.split()[0]}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
