"""`mlhire diff`: real git repositories, real data files, real Markdown rendering."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.tasklists import tasklists_plugin

from mlhire_calc.data import default_data_dir
from mlhire_calc.datasets import data_from_directory
from mlhire_calc.diff import diff
from mlhire_calc.seed import SEED_FIGURES

START = "2026-12-01"
Cli = Callable[..., Any]


def git(repo: Path, *args: str) -> str:
    result = subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.com", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


def line_of(path: Path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), start=1) if needle in line)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository with the shipped data files committed under data/."""
    root = tmp_path / "repo"
    (root / "data").mkdir(parents=True)
    for name in ("roles.yaml", "paths.yaml"):
        shutil.copy(default_data_dir() / name, root / "data" / name)
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "data")
    return root


@pytest.fixture
def fee_raised(repo: Path) -> Path:
    edit(repo / "data" / "paths.yaml", "amount: 13500", "amount: 15000")
    return repo


def run_diff(cli: Cli, repo: Path, *args: str, code: int | None = 0) -> Any:
    return cli(
        "diff", "--base-ref", "HEAD", "--data-dir", str(repo / "data"), "--start", START, *args, code=code
    )


# ---------------------------------------------------------------- the acceptance checks


def test_fee_change_is_reported_with_its_line_and_the_yearly_cost(cli: Cli, fee_raised: Path) -> None:
    line = line_of(fee_raised / "data" / "paths.yaml", "amount: 15000")
    out = run_diff(cli, fee_raised).stdout
    assert f"paths.yaml:{line}" in out
    assert "paths[embedded].items[fee].amount" in out
    embedded = next(row for row in out.splitlines() if row.startswith("every role") and "embedded" in row)
    assert "162,000.00" in embedded and "180,000.00" in embedded and "+11.1%" in embedded


def test_json_reports_the_change_and_its_effects(cli: Cli, fee_raised: Path) -> None:
    document = json.loads(run_diff(cli, fee_raised, "-f", "json").stdout)
    assert document["schema"] == "mlhire.diff/1"
    assert document["base"]["label"] == "HEAD:data" and document["base"]["ref"] == "HEAD"
    (change,) = document["changes"]
    assert change == {
        "file": str(fee_raised / "data" / "paths.yaml"),
        "line": line_of(fee_raised / "data" / "paths.yaml", "amount: 15000"),
        "key": "paths[embedded].items[fee].amount",
        "kind": "changed",
        "old": "13500",
        "new": "15000",
        "old_source": "seed",
        "old_as_of": "2026-05",
        "new_source": "seed",
        "new_as_of": "2026-05",
        "flags": ["as_of unchanged", "seed, but the document gives 13500"],
    }
    effect = next(e for e in document["effects"] if (e["role"], e["path"]) == ("ml-engineer", "embedded"))
    assert effect["before"] == {"low": "162000.00", "mid": "162000.00", "high": "162000.00"}
    assert effect["after"] == {"low": "180000.00", "mid": "180000.00", "high": "180000.00"}
    assert effect["change"]["mid"] == "18000.00" and effect["percent"]["mid"] == "11.11"
    assert effect["savings"] == {
        "against": "in-house-fte",
        "before": {"low": "141237.60", "mid": "263980.00", "high": "393365.60"},
        "after": {"low": "123237.60", "mid": "245980.00", "high": "375365.60"},
        "change": "-18000.00",
    }
    unchanged = next(e for e in document["effects"] if e["path"] == "in-house-fte")
    assert unchanged["change"] == {"low": "0.00", "mid": "0.00", "high": "0.00"}
    assert document["policy"] == {"failed": False, "findings": []}


@pytest.mark.parametrize(("limit", "code"), [("10%", 3), ("20%", 0), ("17999", 3), ("18000", 0)])
def test_fail_on_increase(cli: Cli, fee_raised: Path, limit: str, code: int) -> None:
    result = run_diff(cli, fee_raised, "--fail-on-increase", limit, code=code)
    assert "paths[embedded].items[fee].amount" in result.stdout  # the output comes first
    if code == 3:
        assert "mlhire: error: yearly cost via embedded (every role) rises +11.1%" in result.stderr


def test_no_change_prints_no_changes(cli: Cli, repo: Path) -> None:
    result = run_diff(cli, repo, "--fail-on-increase", "0%", "--fail-if-misses", "embedded")
    assert "no changes" in result.stdout
    assert result.stderr == ""
    markdown = run_diff(cli, repo, "-f", "markdown").stdout
    assert "no changes" in markdown and "<details>" not in markdown


def test_syntax_error_is_reported_like_validate(cli: Cli, repo: Path) -> None:
    paths = repo / "data" / "paths.yaml"
    edit(paths, "    items:\n      - id: fee", "    items:\n      - id: [fee")
    result = run_diff(cli, repo, code=1)
    assert result.stderr.startswith(f"mlhire: error: {paths}:")
    assert "YAML syntax error" in result.stderr
    validate = cli("validate", str(paths), code=1).stdout
    assert validate.splitlines()[0].split(": error:")[0] in result.stderr  # the same file:line:col


def test_syntax_error_at_the_base_revision_names_the_revision(cli: Cli, repo: Path) -> None:
    edit(repo / "data" / "roles.yaml", "roles:", "roles: [")
    git(repo, "commit", "-qam", "broken")
    (repo / "data" / "roles.yaml").write_text((default_data_dir() / "roles.yaml").read_text())
    result = run_diff(cli, repo, code=1)
    assert "mlhire: error: HEAD:data/roles.yaml:" in result.stderr
    assert "mlhire-base-" not in result.stderr


# ---------------------------------------------------------------- Markdown as GitHub renders it


def _tables(tokens: list[Token]) -> list[list[list[str]]]:
    """Each table as rows of cell texts (header row first)."""
    tables: list[list[list[str]]] = []
    inside = False
    for token in tokens:
        if token.type == "table_open":
            tables.append([])
        elif token.type == "tr_open":
            tables[-1].append([])
        elif token.type in ("th_open", "td_open", "th_close", "td_close"):
            inside = token.type.endswith("open")
        elif token.type == "inline" and inside:
            tables[-1][-1].append(token.content)
    return tables


def github_markdown() -> MarkdownIt:
    return (
        MarkdownIt("commonmark", {"html": True})
        .enable(["table", "strikethrough"])
        .use(tasklists_plugin)
        .use(footnote_plugin)
    )


def test_markdown_renders_as_tables_in_collapsible_details(cli: Cli, fee_raised: Path) -> None:
    # a name with a pipe and a figure on another path: the tables must not break
    paths = fee_raised / "data" / "paths.yaml"
    edit(paths, "name: Direct LATAM hire", "name: Direct LATAM | hire")
    edit(paths, "amount: {low: 7000, high: 10000}", "amount: {low: 8400, high: 12000}")
    markdown = run_diff(cli, fee_raised, "-f", "markdown").stdout
    assert markdown.index("figure(s) changed") < markdown.index("<details>")  # the summary first
    tokens = github_markdown().parse(markdown)
    tables = _tables(tokens)
    changes, costs, savings = tables[:3]
    assert changes[0] == ["File:line", "Key", "Old", "New", "Source", "As of", "Check"]
    assert len(changes) == 1 + 4 and all(len(row) == 7 for row in changes)
    assert changes[2][2:4] == ["Direct LATAM hire", "Direct LATAM | hire"]
    assert costs[0][:4] == ["Role", "Path", "Before mid", "After mid"]
    assert all(len(row) == 7 for row in costs)
    assert costs[1][:6] == ["every role", "embedded", "162,000.00", "180,000.00", "+18,000.00", "+11.1%"]
    assert costs[2][:2] == ["every role", "latam-direct"]
    assert len(savings) == 1 + 4 * 2 and all(len(row) == 5 for row in savings)
    html = github_markdown().render(markdown)
    assert html.count("<details>") == html.count("</details>") == 3
    assert html.count("<table>") == 3


# ---------------------------------------------------------------- policies, plans, formats


def test_warnings_go_to_stderr_and_do_not_fail(cli: Cli, fee_raised: Path) -> None:
    result = run_diff(cli, fee_raised, "--fail-on-increase", "12%", "--warn-on-increase", "2%")
    assert "mlhire: warning: yearly cost via embedded (every role) rises +11.1%" in result.stderr
    assert "as_of unchanged" in result.stderr
    assert "seed, but the document gives 13500" in result.stderr
    assert "mlhire: warning" not in result.stdout


def test_quiet_below(cli: Cli, fee_raised: Path) -> None:
    assert run_diff(cli, fee_raised, "--quiet-below", "20000").stdout == ""
    assert "180,000.00" in run_diff(cli, fee_raised, "--quiet-below", "18000").stdout
    assert run_diff(cli, fee_raised, "--quiet-below", "20k", "--fail-on-increase", "5%", code=3).stdout == ""


def test_a_verdict_that_flips_is_said_in_words_and_can_fail(cli: Cli, repo: Path) -> None:
    paths = repo / "data" / "paths.yaml"
    for _ in range(2):  # time to start and to first PR
        edit(paths, "{low: 4, median: 6, high: 9, unit: months", "{low: 5, median: 8, high: 11, unit: months")
    result = run_diff(cli, repo, "--fail-if-misses", "in-house-fte", code=3)
    assert "ML engineer: first PR + 3 months of work by 2027-Q3: in-house-fte now misses (was at risk)" in (
        " ".join(result.stdout.split())
    )
    assert "Yearly costs: unchanged." in result.stdout
    assert "in-house-fte now misses" in result.stderr
    run_diff(cli, repo, "--fail-if-misses", "embedded")


def test_plan_total_and_months(cli: Cli, fee_raised: Path) -> None:
    plan = fee_raised / "plan.csv"
    plan.write_text("role,path,start,headcount\nml-engineer,embedded,2027-01-01,2\n")
    document = json.loads(run_diff(cli, fee_raised, "--plan", str(plan), "-f", "json").stdout)
    result = document["plan"]
    assert result["start"] == "2027-01-01" and result["months"] == 12
    assert Decimal(result["after"]) - Decimal(result["before"]) == Decimal(result["change"])
    full_month = next(m for m in result["by_month"] if m["month"] == "2027-03")
    assert (full_month["before"], full_month["after"]) == ("27000.00", "30000.00")
    run_diff(cli, fee_raised, "--plan", str(plan), "--fail-on-increase", "10%", code=3)


def test_plan_at_the_base_revision(cli: Cli, repo: Path) -> None:
    plan = repo / "plan.csv"
    plan.write_text("role,path,start,headcount\nml-engineer,embedded,2027-01-01,1\n")
    git(repo, "add", "plan.csv")
    git(repo, "commit", "-qm", "plan")
    plan.write_text("role,path,start,headcount\nml-engineer,embedded,2027-01-01,2\n")
    document = json.loads(run_diff(cli, repo, "--plan", str(plan), "-f", "json").stdout)
    assert document["plan"]["base_plan"] == "HEAD:plan.csv"
    assert Decimal(document["plan"]["after"]) == 2 * Decimal(document["plan"]["before"])
    assert document["changes"] == [] and document["changed"] is True


def test_base_directory_and_github_annotations(cli: Cli, data_copy: Path, tmp_path: Path) -> None:
    new = tmp_path / "new"
    shutil.copytree(data_copy, new)
    edit(new / "paths.yaml", "amount: 13500", "amount: 15000")
    out = cli("diff", "--base", str(data_copy), "--data-dir", str(new), "-f", "github").stdout
    line = line_of(new / "paths.yaml", "amount: 15000")
    annotation = next(row for row in out.splitlines() if row.startswith("::warning"))
    assert annotation.startswith(f"::warning file={new / 'paths.yaml'},line={line},title=")
    assert annotation.endswith(
        "::paths[embedded].items[fee].amount: 13500 → 15000 "
        "(as_of unchanged; seed, but the document gives 13500)"
    )


def test_added_and_removed_entries(cli: Cli, data_copy: Path, tmp_path: Path) -> None:
    new = tmp_path / "new"
    shutil.copytree(data_copy, new)
    edit(
        new / "paths.yaml",
        "      - id: internal-hiring\n",
        "      - id: laptop\n        name: Laptop\n        per: hire\n        amount: 3000\n"
        '        source: reference\n        as_of: "2026-11"\n      - id: internal-hiring\n',
    )
    document = json.loads(cli("diff", "--base", str(data_copy), "--data-dir", str(new), "-f", "json").stdout)
    (added,) = document["changes"]
    assert added["kind"] == "added" and added["key"] == "paths[in-house-fte].items[laptop]"
    assert added["old"] is None and added["new"]["amount"] == "3000" and added["new_source"] == "reference"
    effect = next(e for e in document["effects"] if (e["role"], e["path"]) == ("ml-engineer", "in-house-fte"))
    assert effect["change"] == {"low": "3000.00", "mid": "3000.00", "high": "3000.00"}
    back = json.loads(cli("diff", "--base", str(new), "--data-dir", str(data_copy), "-f", "json").stdout)
    assert [c["kind"] for c in back["changes"]] == ["removed"]


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        ([], 2, "give --base DIR or --base-ref REF"),
        (["--base-ref", "HEAD", "--base", "."], 2, "give --base DIR or --base-ref REF"),
        (["--base-ref", "--output=x"], 2, "is not a git revision"),
        (["--base-ref", "no-such-ref"], 1, "unknown revision 'no-such-ref'"),
        (["--base-ref", "HEAD", "--fail-on-increase", "ten%"], 2, "is not a percent or an amount"),
        (["--base-ref", "HEAD", "--fail-if-misses", "nowhere"], 1, "unknown path 'nowhere'"),
        (
            ["--base-ref", "HEAD", "-f", "csv"],
            2,
            "'csv' is not one of 'table', 'markdown', 'json', 'github'",
        ),
        (["--base-ref", "HEAD", "--base-plan", "x.csv"], 2, "--base-plan needs --plan"),
    ],
)
def test_bad_options(cli: Cli, repo: Path, args: list[str], code: int, message: str) -> None:
    result = cli("diff", "--data-dir", str(repo / "data"), *args, code=code)
    assert message in result.stderr and result.stderr.count("\n") == 1


def test_outside_a_repository(cli: Cli, data_copy: Path) -> None:
    result = cli("diff", "--base-ref", "HEAD", "--data-dir", str(data_copy), code=1)
    assert "is not inside a git repository" in result.stderr


def test_output_file_takes_its_format_from_the_extension(cli: Cli, fee_raised: Path, tmp_path: Path) -> None:
    target = tmp_path / "comment.md"
    assert run_diff(cli, fee_raised, "-o", str(target)).stdout == ""
    assert target.read_text().startswith("<!-- mlhire-diff -->\n### mlhire diff: HEAD:data → ")


# ---------------------------------------------------------------- the seed figures


def _figure(content: Any, key: str) -> Any:
    """The value at a key path like `paths[embedded].items[fee].amount`."""
    node = content
    for part in key.replace("[", ".[").split("."):
        if part.startswith("["):
            node = next(entry for entry in node if entry["id"] == part[1:-1])
        else:
            node = node[part]
    return node


@pytest.mark.parametrize("key", sorted(SEED_FIGURES))
def test_shipped_data_matches_the_seed_figures(key: str) -> None:
    name = "roles.yaml" if key.startswith("roles") else "paths.yaml"
    content = yaml.safe_load((default_data_dir() / name).read_text())
    assert Decimal(str(_figure(content, key))) == SEED_FIGURES[key]


# ---------------------------------------------------------------- properties of the core


@settings(max_examples=25, deadline=None)
@given(fee=st.integers(min_value=1, max_value=1_000_000))
def test_a_fee_moves_every_embedded_year_by_twelve_times_its_change(fee: int) -> None:
    with tempfile.TemporaryDirectory() as temporary:
        old, new = Path(temporary) / "old", Path(temporary) / "new"
        shutil.copytree(default_data_dir(), old)
        shutil.copytree(default_data_dir(), new)
        edit(new / "paths.yaml", "amount: 13500", f"amount: {fee}")
        base, changed = data_from_directory(old), data_from_directory(new)
        forward = diff(base, changed, start=date(2026, 12, 1))
        backward = diff(changed, base, start=date(2026, 12, 1))
    assert len(forward.changes) == (0 if fee == 13500 else 1)
    for there, back in zip(forward.effects, backward.effects, strict=True):
        assert (there.role, there.path) == (back.role, back.path)
        assert there.change is not None and back.change is not None
        expected = Decimal(12 * (fee - 13500)) if there.path == "embedded" else Decimal(0)
        assert there.change.mid == expected == -back.change.mid
    assert forward.largest_change() == backward.largest_change()


def test_diff_help_loads_nothing_heavy() -> None:
    from tests.test_cli_conventions import MODELS, _loaded

    loaded = _loaded("diff", "--help")
    assert not loaded & ({"rich", "pydantic", "yaml", "mlhire_calc.diff", "mlhire_calc.catalog"} | MODELS)
