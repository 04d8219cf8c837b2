"""Start-up speed and memory of mlhire against the imports it cannot avoid.

Runs every command in interleaved rounds, a new process each time and in a new
order each round (seeded), and prints the
median wall time of each and the ratios the targets are set on. A ratio is the median
of the round-by-round ratios: two runs of one round are seconds apart, so a machine
whose speed drifts (a shared VM) moves both alike.

  mlhire --help, completion      <= 1.2  x  python -c "import typer"
  mlhire compare (table)         <= 1.2  x  python -c "import typer, pydantic, yaml, rich.table"
    into a pipe, and on a pseudo-terminal (styled)
  mlhire compare (table)         <= 1.1  x  mlhire compare --format csv
  peak memory of mlhire compare  <= 50 MiB

Run it from the venv where mlhire is installed (non-editable):
  .venv/bin/python benchmarks/startup.py [--rounds 30]
Exit status 0 when every target is met.
"""

from __future__ import annotations

import argparse
import os
import pty
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

BIN = Path(sys.executable).parent
MLHIRE = str(BIN / "mlhire")
PYTHON = sys.executable
QUIET = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}

FLOOR = [PYTHON, "-c", "import typer, pydantic, yaml, rich.table"]
COMPARE = [MLHIRE, "compare", "--start", "2026-12-01"]
TERMINAL = "(terminal)"  # a name ending so runs with stdout on a pseudo-terminal
COMMANDS: dict[str, tuple[list[str], dict[str, str]]] = {
    "import typer": ([PYTHON, "-c", "import typer"], {}),
    "mlhire --help": ([MLHIRE, "--help"], {}),
    "completion (commands)": (
        [MLHIRE],
        {"_MLHIRE_COMPLETE": "complete_bash", "COMP_WORDS": "mlhire co", "COMP_CWORD": "1"},
    ),
    "import typer, pydantic, yaml, rich.table": (FLOOR, {}),
    "mlhire compare": (COMPARE, {"COLUMNS": "100"}),
    "mlhire compare --format csv": ([*COMPARE, "--format", "csv"], {}),
    f"mlhire compare {TERMINAL}": (COMPARE, {"COLUMNS": "100"}),
}


def run(command: list[str], extra_env: dict[str, str], *, terminal: bool = False) -> tuple[float, int]:
    """Wall seconds and peak resident memory (KiB) of one run, its output read and dropped."""
    env = {**os.environ, **extra_env}
    started = time.perf_counter()
    if terminal:
        leader, follower = pty.openpty()
        process = subprocess.Popen(command, env=env, stdout=follower, stderr=subprocess.DEVNULL)
        os.close(follower)
        while _read(leader):
            pass
        os.close(leader)
    else:
        process = subprocess.Popen(command, env=env, **QUIET)  # type: ignore[call-overload]
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(command)}")
    return elapsed, usage.ru_maxrss


def _read(fd: int) -> bytes:
    try:
        return os.read(fd, 65536)
    except OSError:  # EIO: the command closed its end
        return b""


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    memory: dict[str, int] = dict.fromkeys(COMMANDS, 0)
    for name, (command, env) in COMMANDS.items():  # warm the file cache, the .pyc files and mlhire's cache
        run(command, env, terminal=name.endswith(TERMINAL))
    order = list(COMMANDS.items())
    shuffle = random.Random(0).shuffle
    for _ in range(args.rounds):
        shuffle(order)  # no command always runs after the same one
        for name, (command, env) in order:
            seconds, peak = run(command, env, terminal=name.endswith(TERMINAL))
            times[name].append(seconds)
            memory[name] = max(memory[name], peak)
    median = {name: statistics.median(values) for name, values in times.items()}

    def ratio(name: str, base: str) -> float:
        return statistics.median(a / b for a, b in zip(times[name], times[base], strict=True))

    for name, value in median.items():
        print(f"{name:<42} {value * 1000:7.1f} ms   peak {memory[name] / 1024:5.1f} MiB")
    print()
    floor = "import typer, pydantic, yaml, rich.table"
    checks = [
        ("mlhire --help / import typer", ratio("mlhire --help", "import typer"), 1.2),
        ("completion / import typer", ratio("completion (commands)", "import typer"), 1.2),
        (f"mlhire compare / {floor}", ratio("mlhire compare", floor), 1.2),
        (f"compare on a terminal / {floor}", ratio(f"mlhire compare {TERMINAL}", floor), 1.2),
        (
            "compare (table) / compare --format csv",
            ratio("mlhire compare", "mlhire compare --format csv"),
            1.1,
        ),
    ]
    ok = True
    for label, value, limit in checks:
        met = value <= limit
        ok &= met
        print(f"{label:<60} {value:5.2f}x  (target <= {limit})  {'ok' if met else 'MISSED'}")
    peak_mib = memory["mlhire compare"] / 1024
    ok &= peak_mib <= 50
    verdict = "ok" if peak_mib <= 50 else "MISSED"
    print(f"{'peak memory of mlhire compare':<60} {peak_mib:5.1f} MiB (target <= 50)  {verdict}")
    print(
        f"\n{args.rounds} interleaved rounds: medians, ratios round by round; Python {sys.version.split()[0]}"
    )
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
