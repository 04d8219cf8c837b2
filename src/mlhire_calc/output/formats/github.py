"""GitHub Actions annotations: workflow commands (`::warning file=...,line=...::message`).

No report has a generic form here: a view that annotates files writes its own lines
(`Report.writers["github"]`) with `annotation`.
"""

from __future__ import annotations

from collections.abc import Sequence

from mlhire_calc.output.escape import annotation_data, annotation_property, github_line


def annotation(level: str, message: str, properties: Sequence[tuple[str, str | int]]) -> str:
    """One annotation line: `::level key=value,...::message`, each part escaped (`output/escape.py`)."""
    shown = ",".join(f"{key}={annotation_property(str(value))}" for key, value in properties)
    data = annotation_data(message)
    return f"::{level} {shown}::{data}" if shown else f"::{level}::{data}"


def plain_line(text: str) -> str:
    """A line among the annotations that is not one (a summary): never read as a workflow command."""
    return github_line(text)
