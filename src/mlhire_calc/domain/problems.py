"""Problems found in data files and plans, located by file, line and key path."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class Location:
    """A place in a file: its name, 1-based line and column, and key path (each optional)."""

    file: str
    line: int | None = None
    column: int | None = None
    where: str = ""

    def describe(self, message: str, *, severity: str = "") -> str:
        """`file:line:col: [severity:] where: message`: the one format of every located message."""
        place = self.file
        if self.line is not None:
            place += f":{self.line}"
            if self.column is not None:
                place += f":{self.column}"
        where = f" {self.where}:" if self.where else ""
        label = f" {severity}:" if severity else ""
        return f"{place}:{label}{where} {message}"


@dataclass(frozen=True)
class Problem:
    """One finding of `mlhire validate`, located in a file."""

    file: str
    message: str
    line: int | None = None
    column: int | None = None
    where: str = ""
    severity: Literal["error", "warning"] = "error"

    @classmethod
    def at(cls, location: Location, message: str) -> Problem:
        return cls(location.file, message, location.line, location.column, location.where)

    @property
    def location(self) -> Location:
        return Location(self.file, self.line, self.column, self.where)

    def __str__(self) -> str:
        return self.located(severity=True)

    def located(self, *, severity: bool = False) -> str:
        """`file:line:col: [severity:] where: message`."""
        return self.location.describe(self.message, severity=self.severity if severity else "")


def format_loc(loc: Sequence[str | int]) -> str:
    parts: list[str] = []
    for key in loc:
        if isinstance(key, int):
            parts.append(f"[{key}]")
        elif key.startswith(("function-", "constrained-")) or (key[:1].isupper() and not key.isupper()):
            continue  # pydantic's union member tags (`Range`, `RoleBandRef`) are noise; codes (`EUR`) are not
        else:
            shown = key if key.isprintable() and key else repr(key)  # one line, whatever the file holds
            parts.append(("." if parts else "") + shown)
    return "".join(parts) or "(top level)"
