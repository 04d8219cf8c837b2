"""Signals, closed pipes and terminal encodings, in real processes.

A run stopped by SIGINT, SIGTERM or SIGHUP at a random moment exits with one line
and 128 + the signal, leaves no temporary file, and leaves `--output` either as it
was or complete. A reader that closes the pipe early ends the run quietly.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import FIXTURE_DATA

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")

START = "2026-12-01"
MLHIRE = [sys.executable, "-m", "mlhire_calc"]
OLD = "the user's earlier output\n"
SAYS = {signal.SIGINT: "interrupted", signal.SIGTERM: "terminated", signal.SIGHUP: "terminated"}


def _env(**extra: str) -> dict[str, str]:
    """The environment of a user's shell: buffered stdout, no test-only switches."""
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONUNBUFFERED", "MLHIRE_DEBUG")}
    return {**env, "COLUMNS": "100", **extra}


def _handlers_installed(pid: int, deadline: float) -> None:
    """Wait until mlhire has installed its signal handlers (Linux: SIGHUP in SigCgt)."""
    status = Path(f"/proc/{pid}/status")
    if not status.exists():
        time.sleep(0.05)  # no /proc: give the interpreter time to start
        return
    while time.monotonic() < deadline:
        try:
            caught = next(line for line in status.read_text().splitlines() if line.startswith("SigCgt:"))
        except (OSError, StopIteration):
            return  # the process has already ended
        if int(caught.split()[1], 16) & (1 << (signal.SIGHUP - 1)):
            return
        time.sleep(0.001)


@pytest.fixture(scope="module")
def complete_output(tmp_path_factory: pytest.TempPathFactory) -> str:
    target = tmp_path_factory.mktemp("reference") / "out.csv"
    args = [*MLHIRE, "compare", "-p", "all", "-m", "1200", "--start", START, "-o", str(target)]
    subprocess.run(args, check=True, env=_env(), timeout=60)
    return target.read_text()


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP], ids=lambda s: s.name)
def test_a_signal_at_any_moment_leaves_no_partial_file(
    signum: int, tmp_path: Path, complete_output: str
) -> None:
    random.seed(f"mlhire-{signum}")
    outcomes = set()
    for run in range(10):
        folder = tmp_path / str(run)
        folder.mkdir()
        target = folder / "out.csv"
        target.write_text(OLD)
        process = subprocess.Popen(
            [*MLHIRE, "compare", "-p", "all", "-m", "1200", "--start", START, "-o", str(target)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=_env(),
        )
        _handlers_installed(process.pid, time.monotonic() + 10)
        time.sleep(random.uniform(0, 0.3))
        process.send_signal(signum)
        _, stderr = process.communicate(timeout=30)
        assert process.returncode in (0, 128 + signum), (process.returncode, stderr)
        assert "Traceback" not in stderr
        assert [path.name for path in folder.iterdir()] == ["out.csv"]  # no .mlhire-*.tmp left behind
        assert target.read_text() in (OLD, complete_output)  # a signal after the rename finds it complete
        if process.returncode == 0:
            assert (stderr, target.read_text()) == ("", complete_output)
        else:
            assert stderr == f"mlhire: error: {SAYS[signum]}\n"
        outcomes.add(process.returncode)
    assert 128 + signum in outcomes  # the delays did reach the run


def test_nohup_keeps_ignoring_sighup(tmp_path: Path, complete_output: str) -> None:
    target = tmp_path / "out.csv"
    process = subprocess.Popen(
        [*MLHIRE, "compare", "-p", "all", "-m", "1200", "--start", START, "-o", str(target)],
        stderr=subprocess.PIPE,
        text=True,
        env=_env(),
        preexec_fn=lambda: signal.signal(signal.SIGHUP, signal.SIG_IGN),  # what nohup does
    )
    time.sleep(0.15)
    process.send_signal(signal.SIGHUP)
    _, stderr = process.communicate(timeout=30)
    assert (process.returncode, stderr) == (0, "")
    assert target.read_text() == complete_output


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["validate"], 0),
        (["compare", "--start", START, "-f", "csv"], 0),
        (["schema", "paths"], 0),
        (["validate", "{bad}"], 1),  # the pipe closing does not hide that the data is invalid
    ],
)
def test_a_closed_pipe_ends_quietly_with_the_commands_code(
    args: list[str], code: int, tmp_path: Path
) -> None:
    bad = tmp_path / "paths.yaml"
    bad.write_text("schema: mlhire.paths/1\ncurrency: USD\nsources: {}\npaths: []\n")
    reader, writer = os.pipe()
    os.close(reader)  # nobody will read: every write fails with EPIPE
    try:
        result = subprocess.run(
            [*MLHIRE, *(arg.format(bad=bad) for arg in args)],
            stdout=writer,
            stderr=subprocess.PIPE,
            text=True,
            env=_env(),
            timeout=60,
        )
    finally:
        os.close(writer)
    assert (result.returncode, result.stderr) == (code, "")


@pytest.mark.parametrize(
    "args",
    [
        ["compare", "--start", START],
        ["paths"],
        ["rank", "-d", "2027-06-30", "--start", START],
        ["budget", "--start", "2026-12", "-m", "3"],
        ["diff", "--base", "{data}", "--start", START],
    ],
)
@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_a_terminal_without_utf8_gets_ascii_marks(args: list[str], encoding: str) -> None:
    data = str(FIXTURE_DATA)
    result = subprocess.run(
        [*MLHIRE, *(arg.format(data=data) for arg in args)],
        capture_output=True,
        env=_env(PYTHONIOENCODING=encoding),
        timeout=60,
    )
    assert (result.returncode, result.stderr) == (0, b"")
    result.stdout.decode(encoding)  # every character fits the terminal
    if args[0] in ("compare", "paths"):
        assert b" *" in result.stdout  # the estimate mark
        assert b"----" in result.stdout  # the table rule


def test_utf8_output_keeps_the_dagger() -> None:
    result = subprocess.run(
        [*MLHIRE, "paths"], capture_output=True, env=_env(PYTHONIOENCODING="utf-8"), timeout=60, check=True
    )
    assert "†" in result.stdout.decode("utf-8")


def test_the_console_script_is_the_signal_aware_entry_point() -> None:
    from importlib.metadata import entry_points

    [script] = [entry for entry in entry_points(group="console_scripts") if entry.name == "mlhire"]
    assert script.value == "mlhire_calc.__main__:main"


# Every command (and the bare group, --help, --version), as a user would run it.
EVERY_COMMAND = {
    "mlhire": [],
    "--help": ["--help"],
    "--version": ["--version"],
    "compare": ["compare", "--start", START],
    "rank": ["rank", "--start", START, "-d", "2027-06-30"],
    "budget": ["budget", "--start", "2026-12", "-m", "3", "-p", "embedded"],
    "roles": ["roles"],
    "paths": ["paths"],
    "countries": ["countries"],
    "sensitivity": ["sensitivity", "--start", START],
    "simulate": ["simulate", "--start", START, "--samples", "200"],
    "afford": ["afford", "--start", START, "-d", "2027-06-30", "--budget", "300000"],
    "validate": ["validate"],
    "schema": ["schema", "roles"],
    "diff": ["diff", "--base", "{data}", "--start", START],
    "report": ["report", "--start", START, "-o", "{tmp}/decision.html"],
    "rank --budget": ["rank", "--start", START, "-d", "2027-06-30", "-w", "3m", "--budget", "60k"],
    "report --budget": ["report", "--start", START, "--budget", "60k", "-o", "{tmp}/decision.html"],
    "report --vs-dataset": ["report", "--start", START, "--vs-dataset", "market", "-o", "{tmp}/v.html"],
    "data init": ["data", "init", "{tmp}/team"],
    "data list": ["data", "list"],
    "data": ["data"],
    "compare (bad option)": ["compare", "--colour"],
}
CLOSED_STDOUT = (
    "mlhire: error: standard output is closed (>&-): nothing could be printed; "
    "to discard the output, redirect it to /dev/null\n"
)


def test_every_command_is_run_with_closed_streams() -> None:
    from mlhire_calc.cli.app import COMMANDS

    assert set(COMMANDS) <= set(EVERY_COMMAND)


def _run_closing(args: list[str], tmp: Path, *closed: int) -> subprocess.CompletedProcess[bytes]:
    from mlhire_calc.datafiles.load import default_data_dir

    argv = [arg.replace("{data}", str(default_data_dir())).replace("{tmp}", str(tmp)) for arg in args]

    def close() -> None:
        for fd in closed:
            os.close(fd)

    return subprocess.run(
        [*MLHIRE, *argv], capture_output=True, env=_env(), timeout=60, preexec_fn=close, cwd=tmp
    )


@pytest.mark.parametrize("name", list(EVERY_COMMAND))
def test_a_closed_stdout_ends_every_command_with_exit_1_before_any_work(name: str, tmp_path: Path) -> None:
    result = _run_closing(EVERY_COMMAND[name], tmp_path, 1)
    assert (result.returncode, result.stderr.decode()) == (1, CLOSED_STDOUT)
    assert list(tmp_path.iterdir()) == []  # nothing written: the run stopped before any work


def test_with_stdout_and_stderr_closed_the_code_still_says_it(tmp_path: Path) -> None:
    result = _run_closing(EVERY_COMMAND["compare"], tmp_path, 0, 1, 2)
    assert (result.returncode, result.stderr) == (1, b"")


@pytest.mark.parametrize("name", list(EVERY_COMMAND))
def test_a_closed_stderr_changes_nothing_but_the_messages(name: str, tmp_path: Path) -> None:
    folder = tmp_path / "open"
    folder.mkdir()
    normal = _run_closing(EVERY_COMMAND[name], folder)
    (tmp_path / "closed").mkdir()
    result = _run_closing(EVERY_COMMAND[name], tmp_path / "closed", 2)
    assert result.returncode == normal.returncode
    assert result.stdout == normal.stdout.replace(str(folder).encode(), str(tmp_path / "closed").encode())
    assert b"Traceback" not in normal.stderr
    opened = sorted(path.name for path in folder.rglob("*"))
    assert sorted(path.name for path in (tmp_path / "closed").rglob("*")) == opened


def test_a_file_written_with_stdin_and_stderr_closed_gets_none_of_their_output(tmp_path: Path) -> None:
    # fds 0 and 2 are held by the null device, so the output file cannot take their numbers
    result = _run_closing(["compare", "--start", START, "-f", "csv", "-o", "{tmp}/out.csv"], tmp_path, 0, 2)
    assert result.returncode == 0
    reference = _run_closing(["compare", "--start", START, "-f", "csv"], tmp_path)
    assert (tmp_path / "out.csv").read_bytes() == reference.stdout
