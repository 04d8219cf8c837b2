"""Helpers for the report tests: read the tagged figures of a page, resolve JSON keys."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_EVEN, Decimal
from html.parser import HTMLParser
from typing import Any

_SELECTOR = re.compile(r"^([a-z_]+)\[([^\]]+)\]$")


class FigureParser(HTMLParser):
    """Collects (data-key, data-kind, text) of every tagged figure, and every tag seen."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.figures: list[tuple[str, str, str]] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self._open: tuple[str, str] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.tags.append((tag, found))
        if tag == "span" and found.get("data-key"):
            self._open = (found["data-key"] or "", found.get("data-kind") or "")
            self._text = []

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "span" and self._open is not None:
            self.figures.append((*self._open, "".join(self._text)))
            self._open = None


def parse(html: str) -> FigureParser:
    parser = FigureParser()
    parser.feed(html)
    return parser


def resolve(document: Any, path: str) -> Any:
    """`paths[id=x]/total/mid` in a JSON document; `[k=v,k2=v2]` picks a list entry."""
    value = document
    for segment in path.split("/"):
        match = _SELECTOR.match(segment)
        if match:
            wanted = dict(pair.split("=", 1) for pair in match.group(2).split(","))
            entries = [e for e in value[match.group(1)] if all(str(e[k]) == v for k, v in wanted.items())]
            assert len(entries) == 1, (path, segment, len(entries))
            value = entries[0]
        else:
            value = value[segment]
    return value


def formatted(value: Any, kind: str) -> str:
    """A JSON value as the page shows it."""
    if value is None:
        return "never" if kind == "date" else "-"
    if kind == "money":
        return f"{value:,.2f}"
    if kind == "whole":  # to the whole unit, half to even, from the JSON's exact cents
        return f"{Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_EVEN):,}"
    if kind == "percent":  # as every output shows a probability: never 0% or 100% unless it is
        from mlhire_calc.output.layout import percent_cell

        return percent_cell(Decimal(str(value)), human=True)
    if kind == "month":
        return str(value)[:7]
    if kind.startswith("fixed:"):
        return f"{value:,.{int(kind.removeprefix('fixed:'))}f}"
    return str(value)


def page_text(html: str) -> str:
    """The words a reader sees: no style, no chart markup, tags dropped, entities read."""
    import html as markup

    text = re.sub(r"<(style|svg)\b.*?</\1>", " ", html, flags=re.DOTALL)
    text = re.sub(r"<br\s*/?>", " ", text)
    text = re.sub(r"</(p|li|td|th|tr|caption|figcaption|h\d|dt|dd|summary|pre)>", "\n", text)
    return markup.unescape(re.sub(r"<[^>]+>", "", text))


def sentences(text: str) -> list[str]:
    """The text cut into sentences (and table cells, which end a line)."""
    found = []
    for line in text.splitlines():
        found += [part.strip() for part in re.split(r"(?<=[.;])\s+(?=[A-Z])", line) if part.strip()]
    return found
