"""Text from outside reaches every sink through that sink's one escaping rule (`output/escape.py`).

Hostile names (a data folder, a plan file, an output path, item, path and role names,
notes) go through every command and format. No raw control character reaches stdout
or stderr, no line can be read as a GitHub workflow command, the Markdown renders no
image, link, HTML or mention, and an error stays one line.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt

from mlhire_calc.output import escape

from .conftest import FIXTURE_DATA

START = "2026-12-01"
# a folder name with every hazard a file name can hold (no `/`): colour, bell, a newline
# that starts a forged annotation, a C1 CSI, a bidi override, a mention
FOLDER = "d\x1b[31m\x07\n::error title=x::forged \x9b @org/team \u202e"
IMAGE = "![t](https://example.org/t.png)"
MENTION = "@org/team <img src=x> **b** [l](https://example.org)"
WRAPS = " ".join(["w" * 9] * 9) + " ::error title=x::wrapped onto a line of its own"
RAW_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200d\u202a-\u202e\u2066-\u2069\ufeff]")
FORGED = re.compile(r"^\s*(::|##\[)", re.M)
OUR_ANNOTATIONS = re.compile(r"^::(warning|error|notice) (file|title)=")

COMMANDS: dict[str, tuple[list[str], tuple[str, ...]]] = {
    "compare": (["compare", "--start", START, "-p", "all"], ("table", "json", "csv", "tsv", "markdown")),
    "rank": (["rank", "--start", START, "-d", "2027-06-30", "-p", "all"], ("table", "csv", "markdown")),
    "budget": (["budget", "--start", "2026-12", "-m", "3", "-p", "all"], ("table", "csv", "tsv", "markdown")),
    "roles": (["roles"], ("table", "csv", "markdown")),
    "paths": (["paths"], ("table", "csv", "tsv", "markdown")),
    "countries": (["countries"], ("table", "markdown")),
    "sensitivity": (["sensitivity", "--start", START], ("table", "csv", "markdown")),
    "simulate": (["simulate", "--start", START, "--samples", "50"], ("table", "markdown")),
    "afford": (["afford", "--start", START, "-d", "2027-06-30", "--budget", "300000"], ("table", "markdown")),
    "validate": (["validate", "{data}"], ("text", "json", "github")),
    "diff": (
        ["diff", "--base", str(FIXTURE_DATA), "--start", START],
        ("table", "markdown", "json", "github"),
    ),
}
CASES = [(name, fmt) for name, (_, formats) in COMMANDS.items() for fmt in formats]


def _github_markdown() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    """The fixture data in a folder with a hostile name, with hostile names and notes."""
    folder = tmp_path / FOLDER
    shutil.copytree(FIXTURE_DATA, folder)
    paths = folder / "paths.yaml"
    text = paths.read_text(encoding="utf-8")
    for old, new in [
        ("name: Flat monthly fee, all-in", f"name: {IMAGE!r}"),
        ("name: Direct LATAM hire", f"name: {MENTION!r}"),
        ('"Claude Code Max-fluent day 1 (source: seed, 2026-05)."', repr(f"{MENTION} {IMAGE}")),
        ("amount: 13500", "amount: 13600"),  # a change for diff to show
        # a note that a table wraps so that a line would start with a workflow command
        ('"3 vetted ML engineer profiles within 3 to 5 business days (source: seed, 2026-05)."', repr(WRAPS)),
    ]:
        assert old in text, old
        text = text.replace(old, new, 1)
    paths.write_text(text, encoding="utf-8")
    return folder


def assert_safe(output: str, *, fmt: str = "table") -> None:
    """No raw control character, no line a workflow runner would read as a command, and
    (Markdown) no image, link, HTML or mention once rendered."""
    found = RAW_CONTROL.search(output)
    assert found is None, (repr(found.group()), output[max(0, found.start() - 80) : found.end() + 80])
    for match in FORGED.finditer(output):
        line = output[match.start() :].lstrip().split("\n", 1)[0]
        assert fmt == "github" and OUR_ANNOTATIONS.match(line) and not line.startswith("::error title=x"), (
            line
        )
    if fmt == "markdown":
        tokens = _github_markdown().parse(output)
        inline = [child for token in tokens for child in (token.children or [])]
        assert not [t for t in inline if t.type in ("image", "link_open")], "an image or link was made"
        assert not [t for t in [*tokens, *inline] if t.type.startswith("html") and "<img" in t.content]
        html = _github_markdown().render(output)
        assert "<img" not in html and "<strong>b</strong>" not in html
        assert not re.search(r"@[A-Za-z0-9]", html), "a mention"


@pytest.mark.parametrize(("name", "fmt"), CASES, ids=[f"{n}-{f}" for n, f in CASES])
def test_hostile_names_are_escaped_in_every_command_and_format(
    cli: Callable[..., Any], hostile: Path, tmp_path: Path, name: str, fmt: str
) -> None:
    args = [arg.replace("{data}", str(hostile)) for arg in COMMANDS[name][0]]
    if name != "validate":
        args += ["--data-dir", str(hostile)]
    result = cli(*args, "--format", fmt, code=None)
    assert result.exit_code in (0, 1), (result.exit_code, result.stderr)  # validate: warnings only
    assert_safe(result.stdout, fmt=fmt)
    assert_safe(result.stderr)
    if name == "diff" and fmt != "json":
        assert "\\x1b" in result.stdout  # the folder's name is shown, escaped


def test_the_report_page_shows_hostile_names_as_text(
    cli: Callable[..., Any], hostile: Path, tmp_path: Path
) -> None:
    page = tmp_path / "decision.html"
    cli("report", "--start", START, "-p", "all", "--data-dir", str(hostile), "-o", str(page))
    html = page.read_text(encoding="utf-8")
    assert "<img src=x>" not in html and "&lt;img src=x&gt;" in html


ERROR_CASES = ["compare", "rank", "budget", "roles", "sensitivity", "afford", "diff", "report"]


@pytest.mark.parametrize("name", ERROR_CASES)
def test_an_error_naming_a_hostile_folder_is_one_escaped_line(
    cli: Callable[..., Any], hostile: Path, tmp_path: Path, name: str
) -> None:
    roles = hostile / "roles.yaml"
    roles.write_text(roles.read_text(encoding="utf-8") + "\n  - [unclosed\n", encoding="utf-8")
    args = [
        arg.replace("{data}", str(hostile)) for arg in COMMANDS.get(name, (["report", "--start", START],))[0]
    ]
    if name == "report":
        args += ["-o", str(tmp_path / "page.html")]
    result = cli(*args, "--data-dir", str(hostile), code=1)
    assert_safe(result.stderr)
    assert len(result.stderr.splitlines()) == 1 and "\\x1b[31m\\x07\\n::error title=x::" in result.stderr


@pytest.mark.parametrize("fmt", ["text", "github", "json"])
def test_validate_findings_in_a_hostile_folder_are_escaped(
    cli: Callable[..., Any], hostile: Path, fmt: str
) -> None:
    roles = hostile / "roles.yaml"
    roles.write_text(roles.read_text(encoding="utf-8") + "\n  - [unclosed\n", encoding="utf-8")
    result = cli("validate", str(hostile), "--format", fmt, code=1)
    assert_safe(result.stdout, fmt=fmt)
    assert_safe(result.stderr)
    if fmt == "github":
        annotations = [line for line in result.stdout.splitlines() if line.startswith("::error ")]
        assert len(annotations) == 1 and "\\n%3A%3Aerror title=x%3A%3Aforged" in annotations[0]


PLAN_NAME = "plan\x1b]8;;http:x\x07\n::error title=x::forged.csv"


@pytest.mark.parametrize(
    "args",
    [
        ["budget", "--plan", "{plan}"],
        ["report", "--start", START, "--plan", "{plan}", "-o", "{tmp}/page.html"],
        ["diff", "--base", str(FIXTURE_DATA), "--plan", "{plan}", "--start", START],
        ["validate", "{plan}"],
    ],
    ids=["budget", "report", "diff", "validate"],
)
def test_a_plan_with_a_hostile_name_and_a_bad_row_is_one_escaped_line(
    cli: Callable[..., Any], tmp_path: Path, args: list[str]
) -> None:
    plan = tmp_path / PLAN_NAME
    plan.write_text("role,path,decided,headcount\nml-engineer,embedded,2027-01-01,two\n", encoding="utf-8")
    argv = [arg.replace("{plan}", str(plan)).replace("{tmp}", str(tmp_path)) for arg in args]
    result = cli(*argv, code=1)
    assert_safe(result.stdout)
    assert_safe(result.stderr)
    said = result.stdout if args[0] == "validate" else result.stderr
    assert "\\x1b]8;;http:x\\x07\\n::error title=x::forged.csv" in said


WRITERS = {
    "compare": ["compare", "--start", START],
    "budget": ["budget", "--start", "2026-12", "-m", "3", "-p", "embedded"],
    "roles": ["roles"],
    "report": ["report", "--start", START],
    "schema": ["schema", "roles"],
    "diff": ["diff", "--base", str(FIXTURE_DATA), "--start", START],
}


@pytest.mark.parametrize("name", list(WRITERS))
def test_an_output_path_with_hostile_names_is_one_escaped_line(
    cli: Callable[..., Any], tmp_path: Path, name: str
) -> None:
    target = tmp_path / FOLDER / "out.csv"  # the folder does not exist
    if name == "report":
        target = target.with_suffix(".html")
    if name in ("schema", "diff"):
        target = target.with_suffix(".json")
    result = cli(*WRITERS[name], "-o", str(target), code=None)
    assert result.exit_code in (1, 2), (result.exit_code, result.stderr)
    assert_safe(result.stderr)
    assert len(result.stderr.splitlines()) == 1 and "\\x1b[31m" in result.stderr


def test_data_init_names_a_hostile_folder_escaped(cli: Callable[..., Any], tmp_path: Path) -> None:
    result = cli("data", "init", str(tmp_path / FOLDER))
    assert_safe(result.stdout)
    assert "\\x1b[31m\\x07\\n::error title=x::forged" in result.stdout


# ---------------------------------------------------------------- the rules themselves


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("a\x1bb", "a\\x1bb"),
        ("a\x07b", "a\\x07b"),
        ("a\nb", "a\\nb"),
        ("a\tb", "a\\tb"),
        ("a\rb", "a\\x0db"),
        ("a\x9bb", "a\\x9bb"),
        ("a\u202eb", "a\\u202eb"),
        ("plain → text, é", "plain → text, é"),
    ],
)
def test_terminal_line(text: str, shown: str) -> None:
    assert escape.terminal_line(text) == shown


def test_github_annotation_and_plain_line() -> None:
    assert escape.annotation_data("50%\r\n::x") == "50%25\\x0d\\n::x"  # one line, as all outside text
    assert escape.annotation_property("a:b,c") == "a%3Ab%2Cc"
    assert escape.github_line("x\n::error title=x::y") == "x\\n:%3Aerror title=x:%3Ay"
    assert escape.github_line("::error::y").startswith(":%3A")
    assert escape.github_line("a ##[error]b") == "a ##%5Berror]b"
    assert (
        escape.page("a\n  ::error title=x::y\n##[error]z\nb :: c")
        == "a\n  :%3Aerror title=x::y\n##%5Berror]z\nb :: c"
    )


@pytest.mark.parametrize(
    "text",
    [
        IMAGE,
        MENTION,
        "<script>x</script>",
        "# heading",
        "- item",
        "1. item",
        "> quote",
        "a | b",
        "&#64;org",
        "~~s~~",
    ],
)
def test_markdown_shows_text_as_written(text: str) -> None:
    html = _github_markdown().render(
        f"| h |\n|---|\n| {escape.markdown(text)} |\n\n- {escape.markdown(text)}\n"
    )
    assert "<img" not in html and "<a " not in html and "<script" not in html and "<del>" not in html
    assert "<h1>" not in html and "<blockquote>" not in html and "<ol" not in html and html.count("<li>") == 1
    assert html.count("<td>") == 1 and not re.search(r"@[A-Za-z0-9]", html)
    shown = text.replace("@", "@\u200b")
    assert html.count(shown.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")) == 2, html
