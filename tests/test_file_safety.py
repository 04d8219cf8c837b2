"""What mlhire writes, and where: never through a symbolic link (issue #21, round 3).

Every command that writes a file (`-o` of each command, `data init --force`, the
catalog cache) goes through `files.replace_atomically`, which refuses a target that
is itself a symbolic link with one line and exit 1, and leaves the link and the file
it names untouched. A linked folder on the way to the target is followed.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from mlhire_calc.cli.app import COMMANDS
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
    "diff": (["diff", "--base", "{data}", "--start", START], "out.json"),
    "report": (["report", "--start", START], "out.html"),
    "schema": (["schema", "roles"], "out.json"),
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
