"""Read YAML data files safely, validate them, and map problems back to lines.

Reading is defensive: a size limit, UTF-8 only, safe loading only (no Python tags),
a cap on aliases, nesting depth and expanded size (alias-expansion bombs), and YAML
numbers read as Decimal so no amount ever passes through float.

Reading is also strict, so a typo never becomes a different number: a key given twice
in one mapping is an error, and so is every YAML 1.1 form that YAML 1.2 reads otherwise
or not at all: a leading zero (`013500`, octal 5952 in YAML 1.1), hexadecimal, octal
and binary (`0x10`, `0o17`, `0b1`; amounts are written in decimal), base 60 (`1:30`
is 90 in YAML 1.1) and a date with a time of day where every field is a date.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from mlhire_calc.domain.errors import DataError
from mlhire_calc.domain.limits import (
    HIDDEN_CHARACTER,
    MAX_FILE_BYTES,
    MAX_YAML_ALIASES,
    MAX_YAML_DEPTH,
    MAX_YAML_DIGITS,
    MAX_YAML_VALUES,
)
from mlhire_calc.domain.problems import Location, Problem, format_loc

from .contract import adapter
from .files import read_limited

_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Refused(yaml.MarkedYAMLError):
    """A value or key the strict reading refuses; `problem` says why, `problem_mark` where."""

    def __init__(self, node: yaml.Node, problem: str) -> None:
        super().__init__(problem=problem, problem_mark=node.start_mark)


class DecimalLoader(_BaseLoader):  # type: ignore[misc]
    """Safe loader whose floats are Decimal, parsed from the YAML text itself, and strict:
    duplicate keys and YAML 1.1 number and timestamp forms are refused (see the module)."""

    def construct_mapping(self, node: yaml.Node, deep: bool = False) -> Any:
        if isinstance(node, yaml.MappingNode):
            seen: dict[Any, yaml.Node] = {}
            for key_node, _ in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    continue  # `<<: *defaults` may be overridden by the keys beside it
                key = self.construct_object(key_node, deep=True)
                try:
                    first = seen.setdefault(key, key_node)
                except TypeError:
                    continue  # an unhashable key: the base constructor reports it
                if first is not key_node:
                    line = first.start_mark.line + 1
                    raise Refused(key_node, f"duplicate key {key!r} (first given on line {line})")
        return super().construct_mapping(node, deep=deep)


_DECIMAL_INT = re.compile(r"[-+]?(?:0|[1-9][0-9_]*)")
_BASE_60 = "{text} is base 60 in YAML 1.1; write the number in decimal, or quote it if it is text"


def _construct_int(loader: Any, node: yaml.ScalarNode) -> int:
    text = str(loader.construct_scalar(node))
    if not _DECIMAL_INT.fullmatch(text):
        raise Refused(node, _not_decimal(text))
    digits = text.replace("_", "")
    if len(digits) > MAX_YAML_DIGITS:
        raise Refused(node, f"{text[:20]}... is too large a number")
    return int(digits)


def _not_decimal(text: str) -> str:
    """Why an integer in a YAML 1.1 form is refused, and what to write instead."""
    body = text.lstrip("+-").replace("_", "").lower()
    if ":" in body:
        return _BASE_60.format(text=text)
    kinds = {"0x": ("a hexadecimal", 16), "0o": ("an octal", 8), "0b": ("a binary", 2)}
    if body[:2] in kinds:
        kind, base = kinds[body[:2]]
        try:
            meant = f" ({int(body[2:], base)})"
        except ValueError:
            meant = ""
        return f"{text} is {kind} number; write numbers in decimal{meant}"
    plain = body.lstrip("0") or "0"
    return f"{text} has a leading zero (YAML 1.1 reads it as octal); write {plain}, or quote it if it is text"


def _construct_decimal(loader: Any, node: yaml.ScalarNode) -> Decimal:
    text = str(loader.construct_scalar(node)).replace("_", "").lower()
    if ":" in text:
        raise Refused(node, _BASE_60.format(text=text))
    special = {".nan": "NaN", ".inf": "Infinity", "+.inf": "Infinity", "-.inf": "-Infinity"}
    value = Decimal(special.get(text, text))
    return value.copy_abs() if value.is_zero() else value  # -0.0 is 0: it must never print "-0.00"


def _construct_date(loader: Any, node: yaml.ScalarNode) -> Any:
    text = str(loader.construct_scalar(node))
    if len(text) > 10:  # YYYY-MM-DD and a time
        raise Refused(node, f"{text} has a time of day; a date is expected: write {text[:10]}")
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError:
        raise Refused(node, f"{text} is not a valid date") from None


DecimalLoader.add_constructor("tag:yaml.org,2002:float", _construct_decimal)
DecimalLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)
DecimalLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_date)
# YAML 1.1 reads these as text and YAML 1.2 as numbers: resolve them as integers, to refuse them.
for _first in "0+-":
    DecimalLoader.add_implicit_resolver(
        "tag:yaml.org,2002:int", re.compile(r"^[-+]?0(?:o[0-7_]+|[0-9_]+)$"), list(_first)
    )


@dataclass
class Parsed:
    """A data file read from disk: its text, its object tree and its YAML nodes."""

    path: Path
    text: str
    content: Any
    _nodes: yaml.Node | None = field(default=None, repr=False)

    def locate(self, loc: Sequence[str | int]) -> tuple[int | None, int | None]:
        """1-based line and column of the deepest node on a key path."""
        if self._nodes is None:
            try:
                self._nodes = yaml.compose(self.text, Loader=yaml.SafeLoader)
            except yaml.YAMLError:
                return None, None
        node = self._nodes
        if node is None:
            return None, None
        mark = node.start_mark
        for key in loc:
            child = _child(node, key)
            if child is None:
                continue  # a pydantic union tag or a missing key: stay on the parent
            node, mark = child
        return mark.line + 1, mark.column + 1


def _child(node: yaml.Node, key: str | int) -> tuple[yaml.Node, Any] | None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if key_node.value == key:
                return value_node, value_node.start_mark
    elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and 0 <= key < len(node.value):
        child = node.value[key]
        return child, child.start_mark
    return None


def _at(name: str, mark: Any) -> Location:
    """The location in file `name` of a YAML mark (0-based; PyYAML's or libyaml's), if any."""
    return Location(name, mark.line + 1, mark.column + 1) if mark else Location(name)


def _check_structure(text: str, name: str) -> None:
    """Refuse alias bombs and runaway nesting before building any object.

    Counts the nodes the document would have once every alias is expanded, from
    the parser's events alone, so a few hundred bytes of nested aliases ("billion
    laughs") are refused without ever being expanded.
    """
    aliases = 0
    sizes: dict[str, int] = {}  # anchor -> expanded node count
    stack: list[list[Any]] = [[None, 0]]  # [anchor, expanded node count] per open collection
    for event in yaml.parse(text, Loader=_BaseLoader):
        if isinstance(event, yaml.AliasEvent):
            aliases += 1
            if aliases > MAX_YAML_ALIASES:
                raise DataError(
                    f"more than {MAX_YAML_ALIASES} YAML aliases; refusing to expand", location=Location(name)
                )
            stack[-1][1] += sizes.get(event.anchor or "", 1)
        elif isinstance(event, yaml.ScalarEvent):
            stack[-1][1] += 1
            if event.anchor:
                sizes[event.anchor] = 1
        elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            if len(stack) > MAX_YAML_DEPTH:
                raise DataError(
                    f"nesting deeper than {MAX_YAML_DEPTH} levels", location=_at(name, event.start_mark)
                )
            stack.append([event.anchor, 1])
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            anchor, size = stack.pop()
            if anchor:
                sizes[anchor] = size
            stack[-1][1] += size
        if stack[-1][1] > MAX_YAML_VALUES:
            raise DataError(
                f"over {MAX_YAML_VALUES:,} values once YAML aliases are expanded; refusing",
                location=Location(name),
            )


def read_yaml(path: Path, *, display: str | None = None) -> Parsed:
    """Read one YAML file safely; DataError names the file (and line) on any failure."""
    name = display or str(path)
    raw = read_limited(path, display=name, limit=MAX_FILE_BYTES, error=DataError)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DataError(f"not UTF-8 text (bad byte at offset {exc.start})", location=Location(name)) from None
    if "\x00" in text:
        raise DataError("binary file, expected YAML text", location=Location(name))
    try:
        _check_structure(text, name)
        content = yaml.load(text, Loader=DecimalLoader)
    except DataError:
        raise
    except Refused as exc:
        raise DataError(str(exc.problem), location=_at(name, exc.problem_mark)) from None
    except yaml.MarkedYAMLError as exc:
        problem = exc.problem or exc.context or "invalid YAML"
        kind = (
            "unsupported YAML tag"
            if isinstance(exc, yaml.constructor.ConstructorError)
            else "YAML syntax error"
        )
        raise DataError(
            f"{kind}: {problem}", location=_at(name, exc.problem_mark or exc.context_mark)
        ) from None
    except (yaml.YAMLError, ValueError, ArithmeticError, RecursionError) as exc:
        raise DataError(f"invalid YAML ({type(exc).__name__})", location=Location(name)) from None
    return Parsed(path, text, content)


def validation_problems(parsed: Parsed, exc: ValidationError, display: str) -> list[Problem]:
    """Pydantic errors as located problems, one per distinct key path."""
    problems: dict[str, Problem] = {}
    for error in exc.errors(include_url=False):
        loc = [key for key in error["loc"] if isinstance(key, (str, int))]
        where = format_loc(loc)
        if where in problems:
            continue  # a union reports each alternative; the first one is enough
        line, column = parsed.locate(loc)
        message = humanize(error)
        problems[where] = Problem(display, message, line, column, where)
    return list(problems.values())


_EXPECTED = {
    "dict_type": "expected a mapping",
    "dataclass_type": "expected a mapping",
    "list_type": "expected a list",
    "string_type": "expected text",
    "bool_type": "expected true or false",
    "bool_parsing": "expected true or false",
    "int_type": "expected a whole number",
    "int_parsing": "expected a whole number",
    "decimal_type": "expected a number",
    "decimal_parsing": "expected a number",
    "date_type": "expected a date",
    "date_from_datetime_parsing": "expected a date, YYYY-MM or YYYY-MM-DD",
}


def humanize(error: Any) -> str:
    """One pydantic error as a short sentence in the data's words."""
    kind, message = str(error["type"]), str(error["msg"])
    if kind == "missing":
        return "required key is missing"
    if kind == "unexpected_keyword_argument":
        return "unknown key (not part of the format)"
    if kind in _EXPECTED:
        found = error.get("input")
        shown = "nothing" if found is None else type(found).__name__
        return f"{_EXPECTED[kind]}, found {shown}"
    if kind == "literal_error":
        return message.replace("Input should be", "expected")
    if kind == "string_pattern_mismatch":
        pattern = str(error.get("ctx", {}).get("pattern", ""))
        if "a-z0-9" in pattern:
            return f"{error.get('input')!r} is not a valid id (lowercase letters, digits and '-')"
        if "[A-Z]{3}" in pattern:
            return f"{error.get('input')!r} is not a currency code (three capital letters: USD, EUR)"
        return _unseen_message(str(error.get("input")))
    if message.startswith("Value error, "):
        message = message[len("Value error, ") :]
    return message[:1].lower() + message[1:]


def _unseen_message(text: str) -> str:
    """Which control, bidi or zero-width character a name or note holds, and where."""
    found = HIDDEN_CHARACTER.search(text)
    where = "" if found is None else f": U+{ord(found.group()):04X} at character {found.start() + 1}"
    return f"{text!r} contains control characters (control, bidi or zero-width){where}; write plain text"


def validate_file(parsed: Parsed, name: str, display: str) -> tuple[Any, list[Problem]]:
    """Data file `name` (roles.yaml or paths.yaml) as its domain object, or its problems."""
    if not isinstance(parsed.content, dict):
        kind = type(parsed.content).__name__ if parsed.content is not None else "empty"
        return None, [Problem(display, f"expected a mapping at the top level, found {kind}", 1, 1)]
    try:
        return adapter(name).validate_python(parsed.content), []
    except ValidationError as exc:
        return None, validation_problems(parsed, exc, display)
