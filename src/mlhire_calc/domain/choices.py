"""The fixed sets of words options take, as enums.

Typer turns each into `--help` text, shell completion and a usage error (exit 2)
for anything else; the core takes the same enums. This module imports nothing
heavy: the CLI loads it on every run. The reporting commands' formats are not here:
the formats registry makes their enum (`output.formats.OutputFormat`).
"""

from __future__ import annotations

from enum import Enum


class Choice(str, Enum):
    """A word an option takes; prints as the word itself on every Python."""

    def __str__(self) -> str:
        return str(self.value)


class Basis(Choice):
    """What `--months` counts: shipped work, or calendar time from the decision."""

    work = "work"
    calendar = "calendar"


class Point(Choice):
    """A point of every low / mid / high range."""

    low = "low"
    mid = "mid"
    high = "high"


class BudgetBand(Choice):
    """`budget --band`: one point of every range, or all three side by side."""

    low = "low"
    mid = "mid"
    high = "high"
    all = "all"


class GroupBy(Choice):
    """How budget rows are grouped within each month."""

    month = "month"
    path = "path"
    role = "role"
    row = "row"


class StackBy(Choice):
    """How the report stacks a plan's monthly spend."""

    path = "path"
    role = "role"


class DiffFormat(Choice):
    """Formats of `mlhire diff`."""

    table = "table"
    markdown = "markdown"
    json = "json"
    github = "github"


class ProblemFormat(Choice):
    """Formats of `mlhire validate`."""

    text = "text"
    json = "json"
    github = "github"


class SchemaKind(Choice):
    """The files that have a JSON Schema."""

    roles = "roles"
    paths = "paths"
    scenarios = "scenarios"


class DateOrder(Choice):
    """How a plan's slash or dot dates read: 1/2/2027 is January 2 (mdy) or 1 February (dmy)."""

    mdy = "mdy"
    dmy = "dmy"


class EngagementChoice(Choice):
    """`--engagement`: how a path that employs by country engages the engineer."""

    contractor = "contractor"
    eor = "eor"
