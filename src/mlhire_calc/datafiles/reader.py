"""Read YAML data files safely, validate them, and map problems back to lines.

Reading is defensive: a size limit, UTF-8 only, safe loading only (no Python tags),
a cap on aliases, nesting depth and expanded size (alias-expansion bombs), and YAML
numbers read as Decimal so no amount ever passes through float.

Reading is also strict, so a typo never becomes a different number: a key given twice
in one mapping is an error, and so is every YAML 1.1 form that YAML 1.2 reads otherwise
or not at all: a leading zero (`013500`, octal 5952 in YAML 1.1), hexadecimal, octal
and binary (`0x10`, `0o17`, `0b1`; amounts are written in decimal), base 60 (`1:30`
is 90 in YAML 1.1) and a date with a time of day where every field is a date.
`mlhire validate` reads on past such a value (`read_yaml(collect=True)`), taking what
it was meant to be, so one run reports every problem in the file.
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


def _refuse(loader: Any, node: yaml.Node, problem: str, meant: Any) -> Any:
    """Refuse a value: raise, or when the loader collects refusals, note it and read on
    with the value it was meant to be, so the rest of the file is still checked."""
    refusals: list[Refused] | None = getattr(loader, "refusals", None)
    if refusals is None:
        raise Refused(node, problem)
    refusals.append(Refused(node, problem))
    return meant


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
                    _refuse(self, key_node, f"duplicate key {key!r} (first given on line {line})", None)
        return super().construct_mapping(node, deep=deep)


_DECIMAL_INT = re.compile(r"[-+]?(?:0|[1-9][0-9_]*)")
_BASE_60 = "{text} is base 60 in YAML 1.1; write the number in decimal, or quote it if it is text"


def _construct_int(loader: Any, node: yaml.ScalarNode) -> Any:
    text = str(loader.construct_scalar(node))
    if not _DECIMAL_INT.fullmatch(text):
        problem, meant = _not_decimal(text)
        return _refuse(loader, node, problem, meant)
    digits = text.replace("_", "")
    if len(digits) > MAX_YAML_DIGITS:
        return _refuse(loader, node, f"{text[:20]}... is too large a number", text)
    return int(digits)


def _not_decimal(text: str) -> tuple[str, Any]:
    """Why an integer in a YAML 1.1 form is refused, what to write instead, and the
    value it was meant to be (a number, or the text itself)."""
    body = text.lstrip("+-").replace("_", "").lower()
    sign = -1 if text.startswith("-") else 1
    if ":" in body:
        return _BASE_60.format(text=text), text
    kinds = {"0x": ("a hexadecimal", 16), "0o": ("an octal", 8), "0b": ("a binary", 2)}
    if body[:2] in kinds:
        kind, base = kinds[body[:2]]
        try:
            value = sign * int(body[2:], base)
        except ValueError:
            return f"{text} is {kind} number; write numbers in decimal", text
        return f"{text} is {kind} number; write numbers in decimal ({value})", value
    plain = body.lstrip("0") or "0"
    problem = f"{text} has a leading zero (YAML 1.1 reads it as octal); write {plain}"
    return f"{problem}, or quote it if it is text", sign * int(plain) if plain.isdigit() else text


def _construct_decimal(loader: Any, node: yaml.ScalarNode) -> Any:
    text = str(loader.construct_scalar(node)).replace("_", "").lower()
    if ":" in text:
        return _refuse(loader, node, _BASE_60.format(text=text), text)
    special = {".nan": "NaN", ".inf": "Infinity", "+.inf": "Infinity", "-.inf": "-Infinity"}
    value = Decimal(special.get(text, text))
    return value.copy_abs() if value.is_zero() else value  # -0.0 is 0: it must never print "-0.00"


def _construct_date(loader: Any, node: yaml.ScalarNode) -> Any:
    text = str(loader.construct_scalar(node))
    if len(text) > 10:  # YYYY-MM-DD and a time
        problem = f"{text} has a time of day; a date is expected: write {text[:10]}"
        return _refuse(loader, node, problem, _timestamp(loader, node, text[:10]))
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError:
        return _refuse(loader, node, f"{text} is not a valid date", text)


def _timestamp(loader: Any, node: yaml.ScalarNode, day: str) -> Any:
    """The date `day` (YYYY-MM-DD) as YAML reads it, or the text when it is none."""
    try:
        return loader.construct_yaml_timestamp(yaml.ScalarNode(node.tag, day))
    except ValueError:
        return day


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
    """A data file read from disk: its text, its object tree and its YAML nodes; with
    `read_yaml(collect=True)`, the values the strict reading refused (`refused`)."""

    path: Path
    text: str
    content: Any
    _nodes: yaml.Node | None = field(default=None, repr=False)
    refused: list[Problem] = field(default_factory=list)

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


def _load(text: str, refusals: list[Refused] | None) -> Any:
    """The file's objects, as `yaml.load` makes them; refused values go to `refusals` if given."""
    loader = DecimalLoader(text)
    loader.refusals = refusals
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def read_yaml(path: Path, *, display: str | None = None, collect: bool = False) -> Parsed:
    """Read one YAML file safely; DataError names the file (and line) on any failure.

    With `collect`, a value the strict reading refuses (a leading zero, a duplicate key)
    does not stop the reading: it is kept in `Parsed.refused`, and the value it was meant
    to be is read in its place."""
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
        refusals: list[Refused] | None = [] if collect else None
        content = _load(text, refusals)
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
    refused = [_refused(name, refusal) for refusal in refusals or []]
    return Parsed(path, text, content, refused=refused)


def _refused(name: str, refusal: Refused) -> Problem:
    mark = refusal.problem_mark
    if mark is None:
        return Problem(name, str(refusal.problem))
    return Problem(name, str(refusal.problem), mark.line + 1, mark.column + 1)


def validation_problems(parsed: Parsed, exc: ValidationError, display: str) -> list[Problem]:
    """Pydantic errors as located problems, one per distinct key path.

    A value that fits none of a union's forms (an amount: a number, a range or a role
    band) is reported in the form it is closest to, alone: a reversed `{low, high}`
    is one problem, "must have low <= median <= high", not one per form tried. A value
    the reading refused (`Parsed.refused`) is reported there once, not again here."""
    refused = {(p.line, p.column) for p in parsed.refused}
    problems: dict[str, Problem] = {}
    for loc, error in _closest_forms(parsed.content, exc.errors(include_url=False)):
        where = format_loc(loc)
        if where in problems:
            continue
        line, column = parsed.locate(loc)
        if (line, column) in refused:
            continue
        problems[where] = Problem(display, humanize(error), line, column, where)
    return list(problems.values())


_MISMATCH = 2  # the value is not of the form's kind at all (a mapping for a number)
_KEYS = 1  # a key the form lacks or does not take


def _closest_forms(content: Any, errors: list[Any]) -> list[tuple[list[str | int], Any]]:
    """(key path, error) of each error, keeping at each union only the errors of the
    form the value is closest to: the fewest mismatched kinds, then unknown or missing
    keys, then errors. Key paths lose the union's form tags."""
    located = [(_split(content, error), error) for error in errors]
    forms: dict[tuple[str | int, ...], dict[str, list[Any]]] = {}
    for (path, tag, _), error in located:
        if tag is not None:
            forms.setdefault(tuple(path), {}).setdefault(tag, []).append(error)
    chosen = {union: min(by_tag, key=lambda tag: _distance(by_tag[tag])) for union, by_tag in forms.items()}
    kept = []
    for (path, tag, rest), error in located:
        if tag is None or chosen[tuple(path)] == tag:
            kept.append(([*path, *rest], error))
    return kept


def _split(content: Any, error: Any) -> tuple[list[str | int], str | None, list[str | int]]:
    """An error's key path cut at its first union form tag: (path to the union, tag, rest).

    A tag is a step the data does not have (the value is there, the step is not a key
    of it), except the missing key a `missing` error names last."""
    loc = [key for key in error["loc"] if isinstance(key, (str, int))]
    node = content
    for index, key in enumerate(loc):
        child = _step(node, key)
        if child is not _ABSENT:
            node = child
        elif error["type"] == "missing" and index == len(loc) - 1:
            break
        elif isinstance(key, str):
            return loc[:index], key, loc[index + 1 :]
        else:
            break
    return loc, None, []


_ABSENT = object()


def _step(node: Any, key: str | int) -> Any:
    """`node[key]` if the data has it, else `_ABSENT`."""
    if isinstance(node, dict):
        return node.get(key, _ABSENT)
    if isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node):
        return node[key]
    return _ABSENT


def _distance(errors: list[Any]) -> tuple[int, int]:
    """How far a value is from a union's form, by that form's errors."""
    far = 0
    for error in errors:
        kind = str(error["type"])
        if kind in ("missing", "unexpected_keyword_argument", "extra_forbidden"):
            far += _KEYS
        elif kind.endswith("_type") or kind in ("model_attributes_type",):
            far += _MISMATCH
    return far, len(errors)


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
