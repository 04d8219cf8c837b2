"""JSON: the document itself, indented, written as its rows are made.

Money is already in cents and prints as a JSON number; dates print as ISO text;
lazy rows (`Lazy`) are written element by element, never held whole.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import IO, Any

from mlhire_calc.output.escape import json_text
from mlhire_calc.output.layout import Exact, Lazy, Report, WriteOptions


def json_ready(value: Any) -> Any:
    """Decimals as JSON numbers (money already in cents), dates as ISO text, lazy rows as lists."""
    if isinstance(value, Exact):
        return json_ready(value.rounded)
    if isinstance(value, Decimal):
        return (
            int(value)
            if value == value.to_integral_value() and value.as_tuple().exponent == 0
            else float(value)
        )
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: json_ready(entry) for key, entry in value.items()}
    if isinstance(value, (list, tuple, Lazy)):
        return [json_ready(entry) for entry in value]
    return value


def _holds_lazy(value: Any) -> bool:
    if isinstance(value, Lazy):
        return True
    if isinstance(value, dict):
        return any(_holds_lazy(entry) for entry in value.values())
    if isinstance(value, (list, tuple)):
        return any(_holds_lazy(entry) for entry in value)
    return False


def _write_json(value: Any, out: IO[str], level: int) -> None:
    """`value` as `json.dumps(json_ready(value), indent=2)` would print it at `level`,
    written piece by piece: lazy arrays element by element, never whole."""
    import json

    if not _holds_lazy(value):
        text = json_text(json.dumps(json_ready(value), indent=2, ensure_ascii=False))
        out.write(text.replace("\n", "\n" + "  " * level) if level and "\n" in text else text)
        return
    pad, end = "\n" + "  " * (level + 1), "\n" + "  " * level
    if isinstance(value, dict):
        if not value:
            out.write("{}")
            return
        for position, (key, entry) in enumerate(value.items()):
            key_text = json_text(json.dumps({key: 0}, ensure_ascii=False)[1:-4])  # as json.dumps names it
            out.write(("{" if position == 0 else ",") + pad + key_text + ": ")
            _write_json(entry, out, level + 1)
        out.write(end + "}")
        return
    empty = True
    for entry in value:  # a Lazy, or a list or tuple that holds one
        out.write(("[" if empty else ",") + pad)
        _write_json(entry, out, level + 1)
        empty = False
    out.write("[]" if empty else end + "]")


def write_json(report: Report, out: IO[str], options: WriteOptions) -> None:
    """The document as indented JSON, written to `out` as its rows are made."""
    _write_json(report.document, out, 0)
    out.write("\n")
