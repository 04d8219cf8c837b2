"""GitHub Actions annotations: workflow commands (`::warning file=...,line=...::message`).

No report has a generic form here: a view that annotates files writes its own lines
(`Report.writers["github"]`) with `annotation`.
"""

from __future__ import annotations

from collections.abc import Sequence


def escape(text: str, *, property_value: bool = False) -> str:
    """Text as a workflow command carries it: %, CR and LF encoded; in a property, : and , too."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def annotation(level: str, message: str, properties: Sequence[tuple[str, str | int]]) -> str:
    """One annotation line: `::level key=value,...::message`, each part escaped."""
    shown = ",".join(f"{key}={escape(str(value), property_value=True)}" for key, value in properties)
    return f"::{level} {shown}::{escape(message)}" if shown else f"::{level}::{escape(message)}"
