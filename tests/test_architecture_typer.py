"""The CLI rests on typer's public API only: no vendored click, no typer.main internals."""

from __future__ import annotations

import re
from pathlib import Path

SRC = Path(__file__).parents[1] / "src" / "mlhire_calc"
PRIVATE = re.compile(r"\btyper\.(?:_\w+|main)\b|\bfrom\s+typer\s+import\s+_|\b(?:import|from)\s+click\b")


def test_no_private_typer_names_in_src() -> None:
    found = [
        f"{path.relative_to(SRC)}:{number}: {line.strip()}"
        for path in sorted(SRC.rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if PRIVATE.search(line)
    ]
    assert not found, "private typer names:\n" + "\n".join(found)


def test_the_pattern_catches_what_it_should() -> None:
    for line in (
        "from typer._click.exceptions import ClickException",
        "typer.main.get_command_from_info(info)",
        "import click",
        "from click import UsageError",
    ):
        assert PRIVATE.search(line), line
    for line in ("import typer", "from typer.core import TyperGroup", "typer.Option('--x')"):
        assert not PRIVATE.search(line), line


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", text)[:3])


def test_typer_is_within_the_declared_bound_unless_ci_says_otherwise() -> None:
    """The bound in pyproject is a choice for speed; CI also runs the suite beyond it."""
    import os
    from importlib.metadata import requires, version

    requirement = next(r for r in requires("mlhire") or [] if re.match(r"typer\b", r))
    installed = _version(version("typer"))
    lower = re.search(r">=\s*([\d.]+)", requirement)
    upper = re.search(r"<\s*([\d.]+)", requirement)
    assert lower and installed >= _version(lower.group(1)), requirement
    beyond = upper is not None and installed >= _version(upper.group(1))
    assert beyond == bool(os.environ.get("MLHIRE_TYPER_BEYOND_BOUND")), (installed, requirement)
