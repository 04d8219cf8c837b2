"""What the registry knows of a format: its names, its files, how it is written."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mlhire_calc.output.layout import Writer


@dataclass(frozen=True)
class Format:
    """One output format: what `--format` calls it, the extensions of `--output` files
    that pick it, and its writer of any report (None: only a view's own,
    `Report.writers`)."""

    name: str
    extensions: tuple[str, ...]  # lower case, with the dot; the first is named in messages
    writer: Writer | None
    binary: bool = False  # bytes: written to a file, never to stdout
    streams: bool = False  # written to its destination as it is made; else made whole, then written
    decimal_comma: bool = False  # takes --decimal-comma (numbers as text)
    decimal_comma_note: str = ""  # why --decimal-comma does not apply, when that is not obvious
    aliases: tuple[str, ...] = ()  # other names `--format` may give it
