"""Bytes mlhire did not just write are bounded in size and depth, whoever reads them.

A damaged cache entry (deep nesting, a size over the bound, junk) only costs a
validation; a hostile data file, scenarios file, plan or git blob is one located line
on stderr and exit 1, from every command that reads it. The bounds are in
`domain/limits.py` and documented in docs/limits.md.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from mlhire_calc.datafiles import cache
from mlhire_calc.datafiles.load import _load_catalog
from mlhire_calc.domain.limits import (
    MAX_CACHE_BYTES,
    MAX_FILE_BYTES,
    MAX_PLAN_BYTES,
    MAX_TEXT_CHARS,
    MAX_YAML_ALIASES,
    MAX_YAML_DEPTH,
)

from .conftest import FIXTURE_DATA

START = "2026-12-01"

# Each command that reads the data files, with arguments for a run that would succeed.
READS_DATA = {
    "compare": ["compare", "--start", START],
    "rank": ["rank", "--start", START, "-d", "2027-06-30"],
    "budget": ["budget", "--start", "2026-12", "-m", "3", "-p", "embedded"],
    "roles": ["roles"],
    "paths": ["paths"],
    "countries": ["countries"],
    "sensitivity": ["sensitivity", "--start", START],
    "simulate": ["simulate", "--start", START, "--samples", "50"],
    "afford": ["afford", "--start", START, "-d", "2027-06-30", "--budget", "300000"],
    "validate": ["validate"],
    "diff": ["diff", "--base", str(FIXTURE_DATA), "--start", START],
    "report": ["report", "--start", START, "-o", "{tmp}/decision.html"],
}
READS_SCENARIOS = ["compare", "rank", "budget", "sensitivity", "simulate", "afford", "report"]
READS_PLANS = {
    "budget": ["budget", "--plan", "{plan}"],
    "report": ["report", "--start", START, "--plan", "{plan}", "-o", "{tmp}/decision.html"],
    "diff": ["diff", "--base", str(FIXTURE_DATA), "--plan", "{plan}", "--start", START],
    "validate": ["validate", "{plan}"],
}


def _deep_flow(depth: int) -> str:
    return "[" * depth + "]" * depth


def _block(depth: int) -> str:
    return "".join(f"{'  ' * level}k{level}:\n" for level in range(depth)) + "  " * depth + "v: 1\n"


def _laughs() -> str:
    lines = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 9):
        lines.append(f"l{level}: &l{level} [{', '.join([f'*l{level - 1}'] * 9)}]")
    return "\n".join(lines) + "\n"


# Hostile YAML: what it appends to a file (None: the file is replaced by a 2 GB sparse one).
HOSTILE_YAML: dict[str, str | None] = {
    "100,000 nested brackets": f"deep: {_deep_flow(100_000)}\n",
    "nesting past the depth bound": f"deep: {_deep_flow(MAX_YAML_DEPTH + 2)}\n",
    "block nesting past the depth bound": _block(MAX_YAML_DEPTH + 2),
    "billion laughs": _laughs(),
    "too many aliases": "a: &a 1\nb: [" + ", ".join(["*a"] * (MAX_YAML_ALIASES + 1)) + "]\n",
    "a 10 MB line": "# " + "x" * 10_000_000 + "\n",
    "a 4,400-digit integer": "big: " + "9" * 4400 + "\n",
    "2 GB": None,
}


def _spoil(path: Path, hostile: str | None) -> None:
    if hostile is None:
        with path.open("wb") as handle:
            handle.truncate(2 * 1024**3)  # sparse: no disk used
        return
    with path.open("a", encoding="utf-8") as handle:
        handle.write(hostile)


def _args(args: list[str], tmp: Path, **values: Path) -> list[str]:
    out = []
    for arg in args:
        for key, value in {"tmp": tmp, **values}.items():
            arg = arg.replace("{" + key + "}", str(value))
        out.append(arg)
    return out


def _one_clean_line(result: Any, code: int, *names: str) -> None:
    assert result.exit_code == code, (result.exit_code, result.stdout[-500:], result.stderr)
    if result.stdout.endswith(": invalid\n"):  # validate: each problem a finding on stdout
        assert result.stderr == "" and any(name in result.stdout for name in names), result.stdout
        assert "unexpected" not in result.stdout and "Traceback" not in result.stdout
        return
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("mlhire: error: "), result.stderr
    assert "unexpected" not in result.stderr and "Traceback" not in result.stderr
    assert any(name in lines[0] for name in names), (names, lines[0])


@pytest.mark.parametrize("case", list(HOSTILE_YAML))
@pytest.mark.parametrize("command", list(READS_DATA))
def test_hostile_data_files_are_one_located_line_from_every_command(
    cli: Callable[..., Any], data_copy: Path, tmp_path: Path, command: str, case: str
) -> None:
    target = data_copy / ("paths.yaml" if case == "billion laughs" else "roles.yaml")
    _spoil(target, HOSTILE_YAML[case])
    args = [*_args(READS_DATA[command], tmp_path), "--data-dir", str(data_copy)]
    if command == "validate":
        args = ["validate", str(data_copy)]
    _one_clean_line(cli(*args, code=None), 1, target.name)
    assert not (tmp_path / "decision.html").exists()


@pytest.mark.parametrize("case", list(HOSTILE_YAML))
@pytest.mark.parametrize("command", [*READS_SCENARIOS, "validate"])
def test_hostile_scenarios_files_are_one_located_line_from_every_command(
    cli: Callable[..., Any], tmp_path: Path, command: str, case: str
) -> None:
    scenarios = tmp_path / "scenarios.yaml"
    scenarios.write_text("scenarios:\n  cheap:\n    embedded.fee: 12000\n", encoding="utf-8")
    _spoil(scenarios, HOSTILE_YAML[case])
    if command == "validate":
        args = ["validate", str(scenarios)]
    else:
        args = [*_args(READS_DATA[command], tmp_path), "--scenarios", str(scenarios), "--scenario", "cheap"]
    _one_clean_line(cli(*args, code=None), 1, "scenarios.yaml")


PLAN_ROW = "ml-engineer,embedded,2027-01-01,1"
HOSTILE_PLANS: dict[str, tuple[str, str | None]] = {
    "yaml: 100,000 nested brackets": ("plan.yaml", f"hires: {_deep_flow(100_000)}\n"),
    "yaml: billion laughs": ("plan.yaml", "hires: []\n" + _laughs()),
    "yaml: a label over the cell bound": (
        "plan.yaml",
        "hires:\n  - {role: ml-engineer, path: embedded, decided: 2027-01-01, headcount: 1, "
        f"label: {'x' * (MAX_TEXT_CHARS + 1)}}}\n",
    ),
    "yaml: 2 GB": ("plan.yaml", None),
    "csv: a 10 MB line": ("plan.csv", f"role,path,decided,headcount,label\n{PLAN_ROW},{'x' * 10_000_000}\n"),
    "csv: a quoted cell over the csv module's bound": (
        "plan.csv",
        f'role,path,decided,headcount,label\n{PLAN_ROW},"{"x" * 200_000}"\n',
    ),
    "csv: a cell over the cell bound": (
        "plan.csv",
        f"role,path,decided,headcount,label\n{PLAN_ROW},{'x' * (MAX_TEXT_CHARS + 1)}\n",
    ),
    "csv: a 10 MB header": ("plan.csv", "role" + "," * 10_000_000 + "\n"),
    "csv: 2 GB": ("plan.csv", None),
    "tsv: 2 GB": ("plan.tsv", None),
}


@pytest.mark.parametrize("case", list(HOSTILE_PLANS))
@pytest.mark.parametrize("command", list(READS_PLANS))
def test_hostile_plans_are_one_located_line_from_every_command(
    cli: Callable[..., Any], tmp_path: Path, command: str, case: str
) -> None:
    name, content = HOSTILE_PLANS[case]
    plan = tmp_path / name
    if content is None:
        _spoil(plan, None)
    else:
        plan.write_text(content, encoding="utf-8")
    _one_clean_line(cli(*_args(READS_PLANS[command], tmp_path, plan=plan), code=None), 1, name)


# ---------------------------------------------------------------- git blobs


def _git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.com", *args],
        cwd=repo,
        check=True,
        capture_output=True,
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / "data").mkdir(parents=True)
    for name in ("roles.yaml", "paths.yaml"):
        (root / "data" / name).write_bytes((FIXTURE_DATA / name).read_bytes())
    (root / "plan.csv").write_text(f"role,path,decided,headcount\n{PLAN_ROW}\n", encoding="utf-8")
    _git(root, "init", "-q")
    _git(root, "add", ".")
    _git(root, "commit", "-qm", "data")
    return root


def test_a_data_file_blob_over_the_bound_is_refused_before_it_is_read(
    cli: Callable[..., Any], repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    roles = repo / "data" / "roles.yaml"
    original = roles.read_bytes()
    roles.write_bytes(original + b"#" + b"x" * MAX_FILE_BYTES + b"\n")
    _git(repo, "commit", "-qam", "big")
    roles.write_bytes(original)
    monkeypatch.chdir(repo)
    result = cli("diff", "--base-ref", "HEAD", "--data-dir", "data", "--start", START, code=None)
    _one_clean_line(result, 1, "HEAD:data/roles.yaml")
    assert f"over the {MAX_FILE_BYTES:,}-byte limit" in result.stderr


def test_a_plan_blob_over_the_bound_is_refused_before_it_is_read(
    cli: Callable[..., Any], repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mlhire_calc.datafiles import gitfiles

    monkeypatch.setattr(gitfiles, "MAX_PLAN_BYTES", 1000)  # the same check, without a 64 MiB commit
    plan = repo / "plan.csv"
    plan.write_text("role,path,decided,headcount\n" + f"{PLAN_ROW}\n" * 100, encoding="utf-8")
    _git(repo, "commit", "-qam", "big plan")
    plan.write_text(f"role,path,decided,headcount\n{PLAN_ROW}\n", encoding="utf-8")
    monkeypatch.chdir(repo)
    result = cli(
        "diff", "--base-ref", "HEAD", "--data-dir", "data", "--plan", "plan.csv", "--start", START, code=None
    )
    _one_clean_line(result, 1, "HEAD:plan.csv")
    assert "over the 1,000-byte limit" in result.stderr
    assert MAX_PLAN_BYTES > 1000


# ---------------------------------------------------------------- the cache


DAMAGED_CACHE: dict[str, Callable[[str], bytes]] = {
    "100,000 nested brackets": lambda _: _deep_flow(100_000).encode(),
    "100,000 nested objects": lambda _: ('{"a":' * 100_000 + "1" + "}" * 100_000).encode(),
    "a sealed body nested 100,000 deep": lambda _: cache._seal(_deep_flow(100_000)).encode(),
    "over the size bound": lambda text: text.encode() + b" " * MAX_CACHE_BYTES,
    "a class that is not the domain's": lambda text: cache._seal(
        text.replace('"__t":"Catalog"', '"__t":"os"')
    ).encode(),
    "not UTF-8": lambda _: b"\xff\xfe" * 1000,
    "truncated": lambda text: text.encode()[: len(text) // 2],
    "empty": lambda _: b"",
}


# every command with the example, and every kind of damage on one command (the
# cache is read in one place, `load_catalog`, for all of them)
CACHE_CASES = [
    *((command, "100,000 nested brackets") for command in READS_DATA if command != "validate"),
    *(("budget", case) for case in DAMAGED_CACHE if case != "100,000 nested brackets"),
]


@pytest.mark.parametrize(("command", "case"), CACHE_CASES, ids=[" - ".join(c) for c in CACHE_CASES])
def test_a_damaged_cache_entry_only_costs_a_validation(
    cli: Callable[..., Any],
    data_copy: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    command: str,
    case: str,
) -> None:
    folder = tmp_path / "cache"
    monkeypatch.setenv("MLHIRE_CACHE_DIR", str(folder))
    _load_catalog.cache_clear()
    args = [*_args(READS_DATA[command], tmp_path), "--data-dir", str(data_copy)]
    expected = cli(*args).stdout
    (entry,) = folder.glob(cache.PREFIX + "*.json")
    sealed = json.loads(entry.read_text(encoding="utf-8"))["catalog"]
    entry.write_bytes(DAMAGED_CACHE[case](sealed))
    _load_catalog.cache_clear()
    result = cli(*args)
    assert result.stdout == expected and result.stderr == ""
    assert json.loads(entry.read_text(encoding="utf-8"))["catalog"] == sealed  # rebuilt
