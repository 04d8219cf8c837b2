"""The README and the pages in docs/: real output, a worked example the tool computes, links."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
README = ROOT / "README.md"
DOCS = ROOT / "docs"
MODEL = DOCS / "model.md"
PAGES = sorted(DOCS.glob("*.md"))
LINES = {
    "Loaded cost": "loaded-cost",
    "Agency recruiting fee": "recruiting-fee",
    "Internal cost per hire": "internal-hiring",
    "Paid ramp": "ramp",
    "Productivity ramp": "productivity-ramp",
    "Yearly increases": "raises",
    "Expected replacements, hiring": "replacement-hiring",
    "Expected replacements, ramp": "replacement-ramp",
}


@pytest.mark.shipped_data
def test_the_worked_example_matches_compare(cli_json) -> None:  # type: ignore[no-untyped-def]
    section = MODEL.read_text(encoding="utf-8").split("### A worked example", 1)[1].split("\n## ", 1)[0]
    rows = dict(
        re.findall(r"^\| (?:\*\*)?([^|]+?)(?:\*\*)? \| (?:\*\*)?([\d,]+\.\d\d)(?:\*\*)? \|$", section, re.M)
    )
    doc = cli_json("compare", "--start", "2026-12-01", "-p", "in-house-fte")
    fte = doc["paths"][0]
    items = {item["id"]: Decimal(str(item["amount"]["mid"])) for item in fte["items"]}
    shown = {
        next(v for k, v in LINES.items() if label.startswith(k)): amount
        for label, amount in rows.items()
        if any(label.startswith(k) for k in LINES)
    }
    assert set(shown) == set(LINES.values())
    for item_id, amount in shown.items():
        assert Decimal(amount.replace(",", "")) == items[item_id], item_id
    assert Decimal(rows["Total"].replace(",", "")) == Decimal(str(fte["total"]["mid"]))
    per_month = next(v for k, v in rows.items() if k.startswith("Cost per work month"))
    assert Decimal(per_month.replace(",", "")) == Decimal(str(fte["cost_per_work_month"]["mid"]))
    assert fte["done_on"] in section and fte["starts_on"] in section and fte["first_pr_on"] in section


CONSOLE = re.compile(r"```console\n\$ (mlhire [^\n]*)\n(.*?)```", re.S)
ABRIDGED = "(assumptions, and a † footnote for every estimate with how it was derived, follow)\n"


def _abridged(output: str) -> str:
    """A compare table's output up to its notes (which begin with the role), and the marker line."""
    lines = output.splitlines(keepends=True)
    notes = next((i for i, line in enumerate(lines) if line.startswith("Role: ")), len(lines))
    return "".join(lines[:notes]) + ABRIDGED


def _samples(text: str) -> list[tuple[str, str]]:
    """(command, output) of a page's console samples that run on their own.

    Left out: samples that need a setup (`diff` against a changed file), write files
    (`-o`), pipe or abridge their output, or hold several commands: `test_doc_samples.py`
    runs those, and the rank section's own test its samples.
    """
    return [
        (command, output)
        for command, output in CONSOLE.findall(text)
        if " diff " not in f" {command} "
        and not command.startswith("mlhire rank ")  # tests/test_rank_deadlines.py reads those
        and " -o " not in f" {command} "
        and "|" not in command
        and "#" not in command
        and "\n$ " not in output
    ]


def _comparable(text: str) -> str:
    """The words of an output (the data set is named, not placed: `shipped data (seed)`)."""
    return " ".join(text.split())


@pytest.mark.shipped_data
@pytest.mark.parametrize("page", [README, *PAGES], ids=lambda page: page.relative_to(ROOT).as_posix())
def test_console_samples_are_real_output(runner, page: Path) -> None:  # type: ignore[no-untyped-def]
    """Each sample prints what the command prints (COLUMNS=100, from the repository root).

    Compared word by word. MLHIRE_UPDATE_README=1 writes the real output into the page
    instead.
    """
    import os
    import shlex

    from mlhire_calc.cli.app import app

    text = page.read_text(encoding="utf-8")
    samples = _samples(text)
    here = Path.cwd()
    os.chdir(ROOT)
    try:
        for command, output in samples:
            result = runner.invoke(app, shlex.split(command)[1:])
            shown = result.stdout + (result.stderr if result.exit_code else "")
            shown = "".join(line.rstrip() + "\n" for line in shown.splitlines())
            if output.endswith(ABRIDGED):
                shown = _abridged(shown)
            if os.environ.get("MLHIRE_UPDATE_README"):
                text = text.replace(f"$ {command}\n{output}```", f"$ {command}\n{shown}```", 1)
            else:
                assert _comparable(shown) == _comparable(output), command
    finally:
        os.chdir(here)
    if os.environ.get("MLHIRE_UPDATE_README"):
        page.write_text(text, encoding="utf-8")


def test_the_pages_hold_samples_that_run() -> None:
    """A change to the pages or to the rules above cannot leave the check with nothing to run."""
    runs = sum(len(_samples(page.read_text(encoding="utf-8"))) for page in [README, *PAGES])
    assert runs >= 8


def test_every_docs_page_is_linked_from_the_readme() -> None:
    readme = README.read_text(encoding="utf-8")
    linked = set(re.findall(r"\]\((docs/[^)#\s]+\.md)(?:#[^)]*)?\)", readme))
    missing = sorted(
        page.relative_to(ROOT).as_posix() for page in PAGES if page.relative_to(ROOT).as_posix() not in linked
    )
    assert not missing, f"README.md links none of {missing}"


def _commands() -> list[str]:
    """The command names `mlhire --help` lists, asked of the entry point (wherever the app lives)."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "COLUMNS": "100", "NO_COLOR": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "mlhire_calc", "--help"], capture_output=True, text=True, env=env, check=True
    )
    section = result.stdout.split("Commands", 1)[1]
    names = re.findall(r"^[\s│]+([a-z][a-z-]*)\s{2,}", section, re.M)
    assert "compare" in names, result.stdout
    return names


def test_every_command_is_documented() -> None:
    docs = "\n".join(page.read_text(encoding="utf-8") for page in PAGES)
    missing = [name for name in _commands() if not re.search(rf"`mlhire {name}\b", docs)]
    assert not missing, f"no page in docs/ documents mlhire {missing}"
