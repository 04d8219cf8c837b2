"""Problems found in data files and plans, located by file, line and key path."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class Problem:
    """One finding of `mlhire validate`, located in a file."""

    file: str
    message: str
    line: int | None = None
    column: int | None = None
    where: str = ""
    severity: Literal["error", "warning"] = "error"

    def __str__(self) -> str:
        return self.located(severity=True)

    def located(self, *, severity: bool = False) -> str:
        """`file:line:col: [severity:] where: message`."""
        place = self.file
        if self.line is not None:
            place += f":{self.line}"
            if self.column is not None:
                place += f":{self.column}"
        where = f" {self.where}:" if self.where else ""
        label = f" {self.severity}:" if severity else ""
        return f"{place}:{label}{where} {self.message}"


def problem_from_message(display: str, message: str) -> Problem:
    """A DataError message `file:line:col: text` as a located Problem."""
    rest = message[len(display) :] if message.startswith(display) else ": " + message
    line = column = None
    parts = rest.split(":", 3)
    if len(parts) >= 3 and parts[1].isdigit():
        line = int(parts[1])
        if len(parts) == 4 and parts[2].isdigit():
            column = int(parts[2])
            rest = ":" + parts[3]
        else:
            rest = ":" + ":".join(parts[2:])
    return Problem(display, rest.lstrip(": ").strip(), line, column)


def format_loc(loc: Sequence[str | int]) -> str:
    parts: list[str] = []
    for key in loc:
        if isinstance(key, int):
            parts.append(f"[{key}]")
        elif key.startswith(("function-", "constrained-")) or key[:1].isupper():
            continue  # pydantic's union member tags are noise to a reader
        else:
            shown = key if key.isprintable() and key else repr(key)  # one line, whatever the file holds
            parts.append(("." if parts else "") + shown)
    return "".join(parts) or "(top level)"
