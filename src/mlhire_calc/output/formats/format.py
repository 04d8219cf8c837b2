"""What the registry knows of a format: its names, its files, how it is written."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mlhire_calc.output.layout import Writer


@dataclass(frozen=True)
class Format:
    """One output format: what `--format` calls it, the extensions of `--output` files
    that pick it, and where its writer of any report is (None: only a view's own,
    `Report.writers`).

    The writer is named, `"delimited:write_csv"` (a module of this package and a
    function in it), and imported only when a report is written: naming the formats
    (for `--format`'s choices) loads none of them.
    """

    name: str
    extensions: tuple[str, ...]  # lower case, with the dot; the first is named in messages
    writer: str | None  # "module:function" in this package
    binary: bool = False  # bytes: written to a file, never to stdout
    streams: bool = False  # written to its destination as it is made; else made whole, then written
    decimal_comma: bool = False  # takes --decimal-comma (numbers as text)
    decimal_comma_note: str = ""  # why --decimal-comma does not apply, when that is not obvious
    aliases: tuple[str, ...] = ()  # other names `--format` may give it

    @property
    def write(self) -> Writer | None:
        """The writer of any report, imported now."""
        if self.writer is None:
            return None
        module, _, function = self.writer.partition(":")
        found: Writer = getattr(import_module(f"{__package__}.{module}"), function)
        return found
