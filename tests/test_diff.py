"""`mlhire diff`: real git repositories, real data files, real Markdown rendering."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from fractions import Fraction
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

from mlhire_calc.datafiles.datasets import data_from_directory
from mlhire_calc.datafiles.load import default_data_dir
from mlhire_calc.datafiles.seed import SEED_FIGURES, SEED_READINGS
from mlhire_calc.engine.cost import compare
from mlhire_calc.engine.diff import diff

from .conftest import FIXTURE_DATA

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


def edit_after(path: Path, anchor: str, old: str, new: str) -> None:
    """Replace the first `old` after `anchor` (a path's own block of paths.yaml)."""
    text = path.read_text()
    at = text.index(anchor)
    assert old in text[at:], old
    path.write_text(text[:at] + text[at:].replace(old, new, 1))


def line_of(path: Path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), start=1) if needle in line)


def yearly(data: Path, role: str, path: str) -> Any:
    """The core's own yearly cost of a role on a path (what `mlhire compare` shows)."""
    catalog = data_from_directory(data).catalog
    result = compare(catalog, role_id=role, path_ids=[path], start=date.fromisoformat(START))
    return result.paths[0]


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository with the fixture data files committed under data/."""
    root = tmp_path / "repo"
    (root / "data").mkdir(parents=True)
    for name in ("roles.yaml", "paths.yaml"):
        shutil.copy(FIXTURE_DATA / name, root / "data" / name)
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
    document = json.loads(run_diff(cli, fee_raised, "-f", "json").stdout, parse_float=Decimal)
    assert document["schema"] == "mlhire.diff/2"
    assert document["base"]["label"] == "HEAD:data" and document["base"]["ref"] == "HEAD"
    (change,) = document["changes"]
    assert change == {
        "file": str(fee_raised / "data" / "paths.yaml"),
        "line": line_of(fee_raised / "data" / "paths.yaml", "amount: 15000"),
        "key": "paths[embedded].items[fee].amount",
        "kind": "changed",
        "old": 13500,
        "new": 15000,
        "old_source": "seed",
        "old_as_of": "2026-05",
        "new_source": "seed",
        "new_as_of": "2026-05",
        "flags": ["as_of unchanged", "seed, but the document gives 13500"],
    }
    effect = next(e for e in document["effects"] if (e["role"], e["path"]) == ("ml-engineer", "embedded"))
    # money is a JSON number, as in every other document; a percent to two places
    assert effect["before"] == {"low": 162000, "mid": 162000, "high": 162000}
    assert effect["after"] == {"low": 180000, "mid": 180000, "high": 180000}
    assert effect["change"]["mid"] == 18000 and effect["percent"]["mid"] == Decimal("11.11")
    in_house = next(
        e for e in document["effects"] if (e["role"], e["path"]) == ("ml-engineer", "in-house-fte")
    )
    assert in_house["change"] == {"low": 0, "mid": 0, "high": 0}
    savings = effect["savings"]
    assert savings["against"] == "in-house-fte" and savings["change"] == -18000
    for side in ("before", "after"):  # the in-house year (with its ramp, raises, replacements) less embedded
        assert savings[side] == {
            point: Decimal(in_house[side][point]) - Decimal(effect[side][point])
            for point in ("low", "mid", "high")
        }
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
    (repo / "data" / "roles.yaml").write_text((FIXTURE_DATA / "roles.yaml").read_text())
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
    # LATAM pay scales with each role's loaded band: one row per role, not "every role"
    latam = {row[0]: row for row in costs if row[1] == "latam-direct"}
    assert list(latam) == ["data-scientist", "ml-engineer", "applied-ai-engineer", "ml-platform-engineer"]
    assert latam["ml-engineer"][4] == "+20,400.00"  # 12 months x (10,200 - 8,500)
    assert latam["data-scientist"][4] == "+10,880.00"  # x 16,000 / 30,000, the bands' mids
    assert len(savings) == 1 + 4 * 2 and all(len(row) == 5 for row in savings)
    # latam-direct and ai-platform both make the 6-week question for sure; the cheaper ranks first
    assert "ai-platform moves from #2 to #1; latam-direct moves from #1 to #2" in markdown
    question = tables[3]
    assert question[1][:2] == ["ai-platform", "#2 → #1"] and question[2][:2] == ["latam-direct", "#1 → #2"]
    html = github_markdown().render(markdown)
    # each table in its own collapsible section, none broken: as many tables as GFM parsed
    assert html.count("<details>") == html.count("</details>") == html.count("<table>") == len(tables) >= 4


def test_a_percent_is_rounded_once_in_every_line_and_table(cli: Cli, repo: Path) -> None:
    """13,500 -> 15,707 is +16.348%: JSON holds 16.35; every text shows +16.3%, not 16.35 rounded again."""
    edit(repo / "data" / "paths.yaml", "amount: 13500", "amount: 15707")
    document = json.loads(run_diff(cli, repo, "-f", "json").stdout, parse_float=Decimal)
    effect = next(e for e in document["effects"] if (e["role"], e["path"]) == ("ml-engineer", "embedded"))
    assert effect["percent"]["mid"] == Decimal("16.35")
    for fmt in ("markdown", "table"):
        out = run_diff(cli, repo, "-f", fmt, "--warn-on-increase", "10%").stdout
        assert "+16.3%" in out and "+16.4%" not in out and "16.35" not in out, out
        assert "rises +16.3% (162,000.00 → 188,484.00) at mid" in " ".join(out.split())
    markdown = run_diff(cli, repo, "-f", "markdown").stdout
    costs = _tables(github_markdown().parse(markdown))[1]
    assert costs[1][:6] == ["every role", "embedded", "162,000.00", "188,484.00", "+26,484.00", "+16.3%"]


def test_money_is_the_same_json_type_as_in_compare(cli: Cli, fee_raised: Path) -> None:
    """Money is a JSON number in diff's document, as in compare's."""
    diff = json.loads(run_diff(cli, fee_raised, "-f", "json").stdout)
    compare = json.loads(
        cli("compare", "--start", START, "--data-dir", str(fee_raised / "data"), "-f", "json").stdout
    )
    effect = diff["effects"][0]
    for money in (
        *effect["before"].values(),
        *effect["change"].values(),
        *effect["savings"]["before"].values(),
    ):
        assert type(money) in (int, float)
    assert type(compare["baseline_total"]["mid"]) in (int, float)
    assert all(type(value) in (int, float) for value in effect["percent"].values())


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
    # the base has no ML engineer times of its own: in-house is the path's 5.5 to 6.5 months to
    # a first PR; the new data adds the document's "6 plus months" for senior LLM/RAG profiles
    paths = repo / "data" / "paths.yaml"
    text = paths.read_text()
    own = text[text.index("      ml-engineer:\n") : text.index("      applied-ai-engineer:\n")]
    paths.write_text(text.replace(own, ""))
    git(repo, "commit", "-qam", "no ML engineer times")
    paths.write_text(text)
    result = run_diff(cli, repo, "--fail-if-misses", "in-house-fte", code=3)
    assert "ML engineer: first PR + 3 months of work by 2027-Q3: in-house-fte now misses (was on track)" in (
        " ".join(result.stdout.split())
    )
    assert "in-house-fte now misses" in result.stderr
    document = json.loads(run_diff(cli, repo, "-f", "json").stdout, parse_float=Decimal)
    (added,) = document["changes"]
    assert (added["kind"], added["key"]) == ("added", "paths[in-house-fte].by_role[ml-engineer]")
    assert added["line"] == line_of(paths, "      ml-engineer:") + 1  # the entry's first line (its value)
    assert (added["old_source"], added["new_source"], added["new_as_of"]) == (None, "seed", "2026-05")
    assert added["new"]["time_to_first_pr"]["median"] == Decimal("7.5")
    moved = {(e["role"], e["path"]) for e in document["effects"] if e["before"] != e["after"]}
    assert moved == {("ml-engineer", "in-house-fte")}  # the role's own times: its ramp and raises
    run_diff(cli, repo, "--fail-if-misses", "embedded")


def test_a_lifecycle_figure_is_reported_with_its_line_and_effect(cli: Cli, repo: Path) -> None:
    old_data = repo / "old"
    shutil.copytree(repo / "data", old_data)
    paths = repo / "data" / "paths.yaml"
    edit_after(paths, "  - id: in-house-fte", "{low: 0.132, high: 0.30,", "{low: 0.132, high: 0.40,")
    document = json.loads(run_diff(cli, repo, "-f", "json").stdout, parse_float=Decimal)
    (change,) = document["changes"]
    assert change == {
        "file": str(paths),
        "line": line_of(paths, "high: 0.40"),
        "key": "paths[in-house-fte].lifecycle.attrition.high",
        "kind": "changed",
        "old": Decimal("0.3"),
        "new": Decimal("0.4"),
        "old_source": "reference",
        "old_as_of": "2026-11",
        "new_source": "reference",
        "new_as_of": "2026-11",
        "flags": ["as_of unchanged"],
    }
    effects = {(e["role"], e["path"]): e for e in document["effects"]}
    for role in ("data-scientist", "ml-engineer", "applied-ai-engineer", "ml-platform-engineer"):
        in_house = effects[role, "in-house-fte"]
        before, after = yearly(old_data, role, "in-house-fte"), yearly(repo / "data", role, "in-house-fte")
        # attrition moves only the expected replacements: their hiring costs and paid ramp
        assert before.recurring == after.recurring and before.one_time == after.one_time
        assert in_house["change"] == {
            point: (after.expected - before.expected).pick(point) for point in ("low", "mid", "high")
        }
        assert in_house["change"]["low"] == 0 and Decimal(in_house["change"]["high"]) > 0
        for path in ("embedded", "latam-direct", "freelance", "ai-platform"):
            assert effects[role, path]["change"] == {"low": 0, "mid": 0, "high": 0}
            assert effects[role, path]["savings"]["change"] == in_house["change"]["mid"]
    table = run_diff(cli, repo).stdout
    assert f"paths.yaml:{change['line']}" in table and "lifecycle.attrition.high" in table


def test_a_range_that_keeps_its_mid_is_still_said(cli: Cli, repo: Path) -> None:
    paths = repo / "data" / "paths.yaml"
    edit_after(paths, "  - id: in-house-fte", "{low: 0.132, high: 0.30,", "{low: 0.082, high: 0.35,")
    out = " ".join(run_diff(cli, repo).stdout.split())
    assert "Yearly cost (mid) holds, but low or high moves for 4 role/path pair(s)." in out
    assert "Yearly costs: unchanged." not in out and "rises" not in out


def test_a_role_time_is_named_by_role_id_and_moves_only_that_role(cli: Cli, repo: Path) -> None:
    paths = repo / "data" / "paths.yaml"
    edit_after(paths, "      ml-engineer:", "{low: 6.5, median: 7.5,", "{low: 6.5, median: 8.5,")
    document = json.loads(run_diff(cli, repo, "-f", "json").stdout, parse_float=Decimal)
    (change,) = document["changes"]
    assert change["key"] == "paths[in-house-fte].by_role[ml-engineer].time_to_first_pr.median"
    assert change["line"] == line_of(paths, "median: 8.5")
    assert (change["old"], change["new"], change["new_source"]) == (Decimal("7.5"), Decimal("8.5"), "seed")
    assert change["flags"] == ["as_of unchanged"]  # derived from the document, not one of its figures
    moved = {(e["role"], e["path"]) for e in document["effects"] if e["before"] != e["after"]}
    assert moved == {("ml-engineer", "in-house-fte")}
    in_house = next(
        e for e in document["effects"] if (e["role"], e["path"]) == ("ml-engineer", "in-house-fte")
    )
    assert Decimal(in_house["change"]["mid"]) > 0  # a longer paid ramp


def test_plan_total_and_months(cli: Cli, fee_raised: Path) -> None:
    plan = fee_raised / "plan.csv"
    plan.write_text("role,path,start,headcount\nml-engineer,embedded,2027-01-01,2\n")
    document = json.loads(
        run_diff(cli, fee_raised, "--plan", str(plan), "-f", "json").stdout, parse_float=Decimal
    )
    result = document["plan"]
    assert result["start"] == "2027-01-01" and result["months"] == 12
    assert Decimal(result["after"]) - Decimal(result["before"]) == Decimal(result["change"])
    full_month = next(m for m in result["by_month"] if m["month"] == "2027-03")
    assert (full_month["before"], full_month["after"]) == (27000, 30000)
    run_diff(cli, fee_raised, "--plan", str(plan), "--fail-on-increase", "10%", code=3)


def test_plan_at_the_base_revision(cli: Cli, repo: Path) -> None:
    plan = repo / "plan.csv"
    plan.write_text("role,path,start,headcount\nml-engineer,embedded,2027-01-01,1\n")
    git(repo, "add", "plan.csv")
    git(repo, "commit", "-qm", "plan")
    plan.write_text("role,path,start,headcount\nml-engineer,embedded,2027-01-01,2\n")
    document = json.loads(run_diff(cli, repo, "--plan", str(plan), "-f", "json").stdout, parse_float=Decimal)
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
    assert added["old"] is None and added["new"]["amount"] == 3000 and added["new_source"] == "reference"
    effect = next(e for e in document["effects"] if (e["role"], e["path"]) == ("ml-engineer", "in-house-fte"))
    # once for the hire, and again for each expected replacement (attrition x paid months / 12)
    replacements = yearly(new, "ml-engineer", "in-house-fte").expected_replacements
    for point in ("low", "mid", "high"):
        expected = 3000 * (1 + replacements.pick(point))
        assert abs(Fraction(Decimal(effect["change"][point])) - expected) <= Fraction(1, 100)
    back = json.loads(cli("diff", "--base", str(new), "--data-dir", str(data_copy), "-f", "json").stdout)
    assert [c["kind"] for c in back["changes"]] == ["removed"]


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        ([], 2, "give --base DIR, --base-ref REF or --base-dataset NAME"),
        (["--base-ref", "HEAD", "--base", "."], 2, "give --base DIR, --base-ref REF or --base-dataset NAME"),
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


def test_an_output_file_diff_does_not_write_is_refused_before_any_work(
    cli: Cli, repo: Path, tmp_path: Path
) -> None:
    target = tmp_path / "diff.csv"
    result = run_diff(cli, repo, "-o", str(target), code=2)
    assert "does not write csv (.csv); use one of .txt, .md, .json or --format" in result.stderr
    assert not target.exists()


def test_format_given_writes_any_file_name(cli: Cli, fee_raised: Path, tmp_path: Path) -> None:
    target = tmp_path / "diff.out"
    run_diff(cli, fee_raised, "-f", "json", "-o", str(target))
    assert json.loads(target.read_text(), parse_float=Decimal)["schema"] == "mlhire.diff/2"


# ---------------------------------------------------------------- the seed figures


def _figure(content: Any, key: str) -> Any:
    """The value at a key path like `paths[embedded].items[fee].amount` or `by_role[ml-engineer]`."""
    node = content
    for part in key.replace("[", ".[").split("."):
        if part.startswith("[") and isinstance(node, dict):
            node = node[part[1:-1]]
        elif part.startswith("["):
            node = next(entry for entry in node if entry["id"] == part[1:-1])
        else:
            node = node[part]
    return node


def _seed_numbers(node: Any, key: str, owner: Any) -> list[str]:
    """Keys of every number given as `source: seed` and not marked an estimate."""
    if isinstance(node, dict):
        owner = node if "source" in node else owner
        keyed = key.endswith("by_role")
        return [
            found
            for name, value in node.items()
            for found in _seed_numbers(
                value, f"{key}[{name}]" if keyed else f"{key}.{name}".lstrip("."), owner
            )
        ]
    if isinstance(node, list):
        return [
            found
            for entry in node
            if isinstance(entry, dict)
            for found in _seed_numbers(entry, f"{key}[{entry.get('id')}]", owner)
        ]
    if isinstance(node, (int, float)) and not isinstance(node, bool) and isinstance(owner, dict):
        return [key] if owner.get("source") == "seed" and not owner.get("estimate") else []
    return []


@pytest.mark.shipped_data
@pytest.mark.parametrize("key", sorted(SEED_FIGURES))
def test_shipped_data_matches_the_seed_figures(key: str) -> None:
    name = "roles.yaml" if key.startswith("roles") else "paths.yaml"
    content = yaml.safe_load((default_data_dir() / name).read_text())
    assert Decimal(str(_figure(content, key))) == SEED_FIGURES[key]


@pytest.mark.shipped_data
def test_every_seed_figure_is_the_documents_or_a_reading_of_it() -> None:
    """A plain `source: seed` number is in the table, or listed as the data's reading."""
    for name in ("roles.yaml", "paths.yaml"):
        content = yaml.safe_load((default_data_dir() / name).read_text())
        for key in _seed_numbers(content, "", None):
            assert key in SEED_FIGURES or key in SEED_READINGS, key
    paths = yaml.safe_load((default_data_dir() / "paths.yaml").read_text())
    for key in SEED_READINGS:
        _figure(paths, key)  # still in the data


@pytest.mark.shipped_data
def test_in_house_times_are_estimates_around_the_documents_figures() -> None:
    """Why seed.py lists no in-house time: the data derives them from the document."""
    assert not [key for key in SEED_FIGURES if key.startswith("paths[in-house-fte]")]
    paths = yaml.safe_load((default_data_dir() / "paths.yaml").read_text())
    in_house = _figure(paths, "paths[in-house-fte]")
    times = [in_house["time_to_start"], in_house["time_to_first_pr"]]
    times += [time for own in in_house["by_role"].values() for time in own.values()]
    assert all(time["source"] == "seed" and time["estimate"] is True for time in times)
    first_pr = in_house["time_to_first_pr"]
    assert (first_pr["low"] + first_pr["high"]) / 2 == 6  # "6 plus months" to first PR, at the midpoint


# ---------------------------------------------------------------- properties of the core


@settings(max_examples=25, deadline=None)
@given(fee=st.integers(min_value=1, max_value=1_000_000))
def test_a_fee_moves_every_embedded_year_by_twelve_times_its_change(fee: int) -> None:
    with tempfile.TemporaryDirectory() as temporary:
        old, new = Path(temporary) / "old", Path(temporary) / "new"
        shutil.copytree(FIXTURE_DATA, old)
        shutil.copytree(FIXTURE_DATA, new)
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
    assert not loaded & (
        {"rich", "pydantic", "yaml", "mlhire_calc.engine.diff", "mlhire_calc.domain.catalog"} | MODELS
    )


@pytest.mark.shipped_data
def test_a_path_that_can_fail_is_never_shown_certain_in_a_diff(cli) -> None:  # type: ignore[no-untyped-def]
    """Every shipped path can fail a placement, so no P(on time) is 1 in JSON or 100% in Markdown."""
    question = ("diff", "--base-dataset", "seed", "--dataset", "market")
    document = json.loads(cli(*question, "-f", "json", code=None).stdout)
    found = re.findall(r'"probability": ([0-9.]+)', json.dumps(document))
    assert found and all(float(p) < 1 for p in found)
    assert "100.0%" not in cli(*question, "-f", "markdown", code=None).stdout
