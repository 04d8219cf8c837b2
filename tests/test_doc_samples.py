"""The console samples that cannot run on their own are real output too.

`test_readme.py` runs each sample of one `mlhire` command; `test_rank_deadlines.py` the
`rank` samples. The others are run here, in bash as a reader would type them: samples
that need a setup (`diff` after a data change in a git repository, `validate` of a
team's data with mistakes in it), that pipe into `jq`, `head` or `cut`, or that hold
several commands (`echo $?` prints the code of the one before). Each is compared word
by word, as `test_readme.py` does; MLHIRE_UPDATE_README=1 writes the real output in.
A last test proves every console sample of every page is checked by one of the three.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from .test_rank_deadlines import RANK_PAGES
from .test_readme import PAGES, README, ROOT, _comparable, _samples

BLOCK = re.compile(r"```console\n(\$ .*?)```", re.S)
# timings of this machine: measured, never the same twice (docs/performance.md says how)
MEASURED = ("benchmarks/",)


def _git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=Docs", "-c", "user.email=docs@example.com", *args],
        cwd=repo,
        check=True,
        capture_output=True,
    )


def _shipped(target: Path) -> Path:
    from mlhire_calc.datafiles.load import default_data_dir

    shutil.copytree(
        default_data_dir(), target, ignore=shutil.ignore_patterns("market", "__pycache__", "*.py")
    )
    return target


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _fee_raised_in_a_pull_request(where: Path) -> Path:
    """docs/diff.md: the shipped data committed under data/, then the embedded fee raised."""
    _shipped(where / "data")
    _git(where, "init", "-q")
    _git(where, "add", "data")
    _git(where, "commit", "-q", "-m", "data")
    _edit(where / "data" / "paths.yaml", "amount: 13500", "amount: 15000")
    return where


def _team_data_with_five_mistakes(where: Path) -> Path:
    """docs/validate.md: data/ as shipped, and team-data/ from `data init` with five mistakes."""
    _shipped(where / "data")
    _shipped(where / "team-data")
    roles, paths = where / "team-data" / "roles.yaml", where / "team-data" / "paths.yaml"
    _edit(roles, "high: 20000, source: seed", "high: 20000, source: sead")
    _edit(roles, "currency: USD", "currency: GBP")
    _edit(paths, "amount: 13500", "amount: -13500")
    _edit(paths, "time_to_first_pr: {low: 1, high: 4", "time_to_first_pr: {low: 5, high: 4")
    _edit(paths, "        of: hourly", "        of: hours")
    return where


SETUPS: dict[str, Callable[[Path], Path]] = {
    "mlhire diff --base-ref HEAD --data-dir data": _fee_raised_in_a_pull_request,
    "mlhire validate team-data/": _team_data_with_five_mistakes,
}


def _commands(block: str) -> list[tuple[str, str]]:
    """(command, output) of each `$ ` line of a console block."""
    parts = re.split(r"^\$ (.*)\n", block, flags=re.M)
    return list(zip(parts[1::2], parts[2::2], strict=True))


def _run_alone(page: Path, block: str) -> bool:
    """Whether another test runs this block (test_readme.py: one command; rank's own test)."""
    commands = _commands(block)
    if page.name in {Path(name).name for name in RANK_PAGES} and commands[0][0].startswith("mlhire rank "):
        return True
    return bool(_samples(f"```console\n{block}```"))


def _blocks() -> list[tuple[Path, str]]:
    return [
        (page, block)
        for page in [README, *PAGES]
        for block in BLOCK.findall(page.read_text(encoding="utf-8"))
        if not _run_alone(page, block) and not any(m in block.split("\n", 1)[0] for m in MEASURED)
    ]


def _setup(block: str) -> Callable[[Path], Path] | None:
    return next((setup for start, setup in SETUPS.items() if f"$ {start}" in block), None)


def _shown(command: str, cwd: Path, last_code: int) -> tuple[str, int]:
    """What bash prints for `command` (stdout, then stderr when it fails) and its exit code."""
    if command == "echo $?":
        return f"{last_code}\n", 0
    env = {**os.environ, "COLUMNS": "100", "NO_COLOR": "1"}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env.pop("MLHIRE_DEBUG", None)
    result = subprocess.run(
        ["bash", "-o", "pipefail", "-c", command],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    shown = result.stdout + (result.stderr if result.returncode else "")
    return "".join(line.rstrip() + "\n" for line in shown.splitlines()), result.returncode


@pytest.mark.shipped_data
@pytest.mark.parametrize(
    ("page", "block"),
    _blocks(),
    ids=[
        f"{page.relative_to(ROOT).as_posix()}:{block.split(chr(10), 1)[0][2:40]}" for page, block in _blocks()
    ],
)
def test_the_samples_that_need_a_setup_or_a_pipe_are_real_output(
    page: Path, block: str, tmp_path: Path
) -> None:
    if shutil.which("jq") is None and "| jq" in block:
        pytest.skip("jq is not installed")
    setup = _setup(block)
    cwd = setup(tmp_path) if setup is not None else ROOT
    code = 0
    real = []
    for command, output in _commands(block):
        shown, code = _shown(command, cwd, code)
        shown = shown.replace(str(tmp_path) + "/", "")
        real.append((command, output, shown))
        if not os.environ.get("MLHIRE_UPDATE_README"):
            assert _comparable(shown) == _comparable(output), (command, shown)
    if os.environ.get("MLHIRE_UPDATE_README"):
        made = "".join(f"$ {command}\n{shown}" for command, _, shown in real)
        text = page.read_text(encoding="utf-8")
        page.write_text(
            text.replace(f"```console\n{block}```", f"```console\n{made}```", 1), encoding="utf-8"
        )


DIFF_COMMAND = " ".join(
    [
        "mlhire diff --base-ref HEAD --data-dir data",
        "--start 2026-12-01 --fail-on-increase 10% --warn-on-increase 2%",
    ]
)


@pytest.mark.shipped_data
def test_the_diff_comment_sample_is_real_output(tmp_path: Path) -> None:
    """docs/diff.md's pull-request comment: the same change, `--format markdown`, byte for byte."""
    page = ROOT / "docs" / "diff.md"
    text = page.read_text(encoding="utf-8")
    sample = re.search(r"```markdown\n(<!-- mlhire-diff -->\n.*?)```", text, re.S)
    assert sample is not None and f"$ {DIFF_COMMAND}\n" in text
    comment = subprocess.run(
        ["bash", "-c", f"{DIFF_COMMAND} --format markdown 2>/dev/null"],
        cwd=_fee_raised_in_a_pull_request(tmp_path),
        capture_output=True,
        text=True,
        env={**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"},
    ).stdout
    if os.environ.get("MLHIRE_UPDATE_README"):
        page.write_text(text.replace(sample.group(1), comment, 1), encoding="utf-8")
    else:
        assert comment == sample.group(1)


@pytest.mark.shipped_data
def test_the_currency_note_sample_is_real_output() -> None:
    """docs/spreadsheets.md's note on the rate is the one `--currency EUR` prints."""
    text = (ROOT / "docs" / "spreadsheets.md").read_text(encoding="utf-8")
    sample = re.search(r"```text\n(Currency: .*?)```", text, re.S)
    assert sample is not None
    shown, _ = _shown("mlhire compare --start 2026-12-01 --currency EUR", ROOT, 0)
    note = " ".join(shown.split()).split("Currency: ", 1)[1]
    assert note.startswith(" ".join(sample.group(1).split())[len("Currency: ") :])


def test_every_console_sample_is_checked() -> None:
    """Each console sample of each page is run by test_readme.py, the rank test or the test
    above; only the timings of docs/performance.md are left out."""
    left_out = [
        (page.name, block.split("\n", 1)[0])
        for page in [README, *PAGES]
        for block in BLOCK.findall(page.read_text(encoding="utf-8"))
        if not _run_alone(page, block) and (page, block) not in _blocks()
    ]
    assert left_out and {page for page, _ in left_out} == {"performance.md"}, left_out
    assert len(_blocks()) >= 4
