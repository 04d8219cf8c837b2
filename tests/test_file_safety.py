"""What mlhire writes, and what it leaves behind (issue #21, round 3).

Every command that writes a file (`-o` of each command, `data init --force`, the
catalog cache) goes through `files.replace_atomically`, which refuses a target that
is itself a symbolic link with one line and exit 1, and leaves the link and the file
it names untouched (a linked folder on the way to the target is followed). It writes
to an unnamed file (Linux O_TMPFILE), so even SIGKILL mid-write leaves nothing; where
there is none, to a named temporary that a later write to the folder sweeps once stale.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

import pytest

from mlhire_calc.cli.app import COMMANDS
from mlhire_calc.datafiles import files
from mlhire_calc.datafiles.files import replace_atomically
from mlhire_calc.datafiles.load import default_data_dir
from mlhire_calc.domain.errors import InputError

START = "2026-12-01"
VICTIM = "the file a planted link names\n"

# Each command that writes a file with --output: its arguments and the file's name.
WRITERS: dict[str, tuple[list[str], str]] = {
    "compare": (["compare", "--start", START], "out.csv"),
    "rank": (["rank", "--start", START, "-d", "2027-06-30"], "out.json"),
    "budget": (["budget", "--start", "2026-12", "-m", "3", "-p", "embedded"], "out.xlsx"),
    "roles": (["roles"], "out.md"),
    "paths": (["paths"], "out.tsv"),
    "countries": (["countries"], "out.csv"),
    "sensitivity": (["sensitivity", "--start", START], "out.json"),
    "simulate": (["simulate", "--start", START, "--samples", "200"], "out.csv"),
    "afford": (["afford", "--start", START, "-d", "2027-06-30", "--budget", "300000"], "out.md"),
    "diff": (["diff", "--base", "{data}", "--start", START], "out.json"),
    "report": (["report", "--start", START], "out.html"),
    "schema": (["schema", "roles"], "out.json"),
    "data list": (["data", "list"], "out.csv"),
}
NOT_WRITING = {"validate"}  # reads files, writes only stdout
DATA_INIT = "data init"


def _args(command: str, target: Path) -> list[str]:
    args, _ = WRITERS[command]
    return [arg.replace("{data}", str(default_data_dir())) for arg in args] + ["-o", str(target)]


def test_every_command_is_covered() -> None:
    assert set(COMMANDS) == set(WRITERS) | NOT_WRITING | {DATA_INIT}


def _leftovers(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir() if path.name.startswith(".mlhire-"))


@pytest.mark.parametrize("command", list(WRITERS))
@pytest.mark.parametrize("dangling", [False, True], ids=["link", "dangling link"])
def test_output_through_a_symlink_is_refused(
    cli: Callable[..., Any], tmp_path: Path, command: str, dangling: bool
) -> None:
    victim = tmp_path / "victim.txt"
    if not dangling:
        victim.write_text(VICTIM)
    link = tmp_path / WRITERS[command][1]
    link.symlink_to(victim)
    result = cli(*_args(command, link), code=1)
    assert result.stderr == (
        f"mlhire: error: {link} is a symbolic link; mlhire does not write through links "
        "(name the file it points to, or remove the link)\n"
    )
    assert link.is_symlink() and os.readlink(link) == str(victim)
    assert victim.read_text() == VICTIM if not dangling else not victim.exists()
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize("command", list(WRITERS))
def test_a_linked_folder_on_the_way_is_followed(
    cli: Callable[..., Any], tmp_path: Path, command: str
) -> None:
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "linked").symlink_to(real)
    name = WRITERS[command][1]
    cli(*_args(command, tmp_path / "linked" / name))
    assert (real / name).is_file() and not (real / name).is_symlink()


@pytest.mark.parametrize("which", ["roles.yaml", "paths.yaml"])
def test_data_init_force_never_writes_through_a_link(
    cli: Callable[..., Any], tmp_path: Path, which: str
) -> None:
    team = tmp_path / "team"
    team.mkdir()
    victim = tmp_path / "victim.yaml"
    victim.write_text(VICTIM)
    (team / which).symlink_to(victim)
    result = cli("data", "init", "--force", str(team), code=1)
    assert f"{team / which} is a symbolic link" in result.stderr and len(result.stderr.splitlines()) == 1
    assert victim.read_text() == VICTIM and (team / which).is_symlink()
    assert sorted(path.name for path in team.iterdir()) == [which]  # neither file written: checked first
    cli("data", "init", "--force", str(tmp_path / "linked-folder-ok"))


def test_the_atomic_writer_refuses_a_link_itself(tmp_path: Path) -> None:
    victim = tmp_path / "victim"
    victim.write_text(VICTIM)
    link = tmp_path / "link"
    link.symlink_to(victim)
    with pytest.raises(InputError, match="is a symbolic link"):
        replace_atomically(link, b"new")
    with pytest.raises(InputError, match="is a symbolic link"):
        replace_atomically(link, lambda handle: handle.write(b"new"))
    assert victim.read_text() == VICTIM and link.is_symlink()
    assert sorted(path.name for path in tmp_path.iterdir()) == ["link", "victim"]


def test_the_cache_never_writes_through_a_planted_link(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    from mlhire_calc.datafiles import cache
    from mlhire_calc.datafiles.load import _load_catalog, load_catalog

    folder = tmp_path / "cache"
    monkeypatch.setenv("MLHIRE_CACHE_DIR", str(folder))
    data = tmp_path / "data"
    shutil.copytree(default_data_dir(), data)
    catalog = load_catalog(data)
    (entry,) = [path for path in folder.iterdir() if cache.ENTRY.match(path.name)]
    entry.unlink()
    victim = tmp_path / "victim"
    victim.write_text(VICTIM)
    entry.symlink_to(victim)
    cache.store(catalog)  # no error: the run goes on without the cache
    assert victim.read_text() == VICTIM and entry.is_symlink()
    _load_catalog.cache_clear()


def test_dev_stdout_a_link_to_a_pipe_is_still_written_in_place() -> None:
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "mlhire_calc", "schema", "roles", "-o", "/dev/stdout"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.startswith("{")


# ---------------------------------------------------------------- temporaries and kills

MLHIRE = [sys.executable, "-m", "mlhire_calc"]
WITHOUT_TMPFILE = [  # the same entry point on a system without unnamed files
    sys.executable,
    "-c",
    "import os, sys; del os.O_TMPFILE; sys.argv[0] = 'mlhire'; from mlhire_calc.__main__ import main; main()",
]
linux_only = pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="O_TMPFILE and /proc: Linux")


@pytest.mark.parametrize("command", list(WRITERS))
def test_every_command_writes_through_the_unnamed_file(
    cli: Callable[..., Any], tmp_path: Path, command: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[Path] = []
    original = files._open_unnamed

    def spy(folder: Path) -> int | None:
        opened.append(folder)
        return original(folder)

    monkeypatch.setattr(files, "_open_unnamed", spy)
    target = tmp_path / WRITERS[command][1]
    cli(*_args(command, target))
    assert target.is_file() and tmp_path in opened
    assert _leftovers(tmp_path) == []


def _big_plan(folder: Path) -> Path:
    plan = folder / "plan.csv"
    rows = "".join(f"ml-engineer,embedded,2027-{1 + i % 12:02d}-01,1\n" for i in range(4000))
    plan.write_text("role,path,decided,headcount\n" + rows)
    return plan


def _kill_mid_write(command: list[str], folder: Path, writing: Callable[[int], bool]) -> None:
    """Start `command`, wait until `writing(pid)`, then SIGKILL it."""
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    try:
        while not writing(process.pid):
            assert process.poll() is None, "the run ended before it was caught writing"
            assert time.monotonic() < deadline
            time.sleep(0.005)
        process.send_signal(signal.SIGKILL)
    finally:
        process.wait(timeout=30)
        assert process.stderr is not None
        process.stderr.close()
    assert process.returncode == -signal.SIGKILL


def _writing_in(folder: Path) -> Callable[[int], bool]:
    def writing(pid: int) -> bool:
        try:
            links = [os.readlink(fd) for fd in Path(f"/proc/{pid}/fd").iterdir()]
        except OSError:
            return False
        unnamed = any(link.startswith(f"{folder}/#") for link in links)  # O_TMPFILE: "/dir/#1 (deleted)"
        return unnamed or bool(_leftovers(folder))  # or a named temporary, were one used

    return writing


@linux_only
def test_sigkill_mid_write_leaves_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    plan = _big_plan(tmp_path)
    target = out / "budget.csv"
    command = [*MLHIRE, "budget", "--plan", str(plan), "--by", "row", "-m", "36", "-o", str(target)]
    _kill_mid_write(command, out, _writing_in(out))
    assert list(out.iterdir()) == []  # no output and no temporary: the unnamed file died with the run
    target.write_text("the user's earlier output\n")
    _kill_mid_write(command, out, _writing_in(out))
    assert [path.name for path in out.iterdir()] == ["budget.csv"]
    assert target.read_text() == "the user's earlier output\n"


@linux_only
def test_without_unnamed_files_a_kill_leaves_one_temporary_the_next_write_sweeps(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    plan = _big_plan(tmp_path)
    command = [
        *WITHOUT_TMPFILE,
        "budget",
        "--plan",
        str(plan),
        "--by",
        "row",
        "-m",
        "36",
        "-o",
        str(out / "b.csv"),
    ]

    def writing(pid: int) -> bool:
        return bool(_leftovers(out))

    _kill_mid_write(command, out, writing)
    (left,) = [out / name for name in _leftovers(out)]
    assert files.TEMPORARY.match(left.name)
    (out / ".mlhire-notours.tmp").write_text("a look-alike")
    subprocess.run(
        [*WITHOUT_TMPFILE, "schema", "roles", "-o", str(out / "schema.json")], check=True, timeout=60
    )
    assert left.exists()  # an hour has not passed: it may be another run's, still writing
    an_hour_ago = time.time() - files.STALE_SECONDS - 60
    os.utime(left, (an_hour_ago, an_hour_ago))
    os.utime(out / ".mlhire-notours.tmp", (an_hour_ago, an_hour_ago))
    subprocess.run(
        [*WITHOUT_TMPFILE, "schema", "roles", "-o", str(out / "schema.json")], check=True, timeout=60
    )
    assert sorted(path.name for path in out.iterdir()) == [".mlhire-notours.tmp", "schema.json"]


def test_the_sweep_removes_only_our_own_stale_temporaries(tmp_path: Path) -> None:
    old = time.time() - files.STALE_SECONDS - 60
    stale, fresh, lookalike = (
        tmp_path / name
        for name in (".mlhire-0123456789ab.tmp", ".mlhire-ba9876543210.tmp", ".mlhire-report.tmp")
    )
    for path in (stale, fresh, lookalike):
        path.write_text("x")
    folder = tmp_path / ".mlhire-aaaaaaaaaaaa.tmp"
    folder.mkdir()
    link = tmp_path / ".mlhire-bbbbbbbbbbbb.tmp"
    link.symlink_to(stale)
    for path in (stale, lookalike, folder):
        os.utime(path, (old, old))
    os.utime(link, (old, old), follow_symlinks=False)
    files.replace_atomically(tmp_path / "out.txt", b"new")
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(
        [fresh.name, lookalike.name, folder.name, link.name, "out.txt"]
    )


@pytest.mark.parametrize("unnamed", [True, False], ids=["O_TMPFILE", "named temporary"])
def test_both_ways_keep_permissions_and_clean_up_on_error(
    tmp_path: Path, unnamed: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not unnamed:
        monkeypatch.setattr(files, "_open_unnamed", lambda folder: None)
    target = tmp_path / "out.txt"
    files.replace_atomically(target, b"one")
    target.chmod(0o640)
    files.replace_atomically(target, lambda handle: handle.write(b"two"))
    assert (target.read_bytes(), target.stat().st_mode & 0o777) == (b"two", 0o640)
    files.replace_atomically(tmp_path / "private", b"x", mode=0o600)
    assert (tmp_path / "private").stat().st_mode & 0o777 == 0o600

    def broken(handle: IO[bytes]) -> None:
        handle.write(b"half")
        raise RuntimeError("the renderer fell over")

    with pytest.raises(RuntimeError):
        files.replace_atomically(target, broken)
    assert target.read_bytes() == b"two"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["out.txt", "private"]
