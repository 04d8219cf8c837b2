"""Figures set on the command line: `--set NAME=VALUE`, its shorthands, and scenarios.

NAME is any figure of the data, resolved by reflection (`figures.py`): a cost item
(`embedded.fee`), a time (`in-house-fte.time_to_start`), a rate (`in-house-fte.attrition`),
a role's band (`data-scientist.loaded_monthly`), or any range, rate or time a path or
a keyed section holds (`countries.BR.employer_cost_rate`). VALUE is written as the
figure's kind asks: an amount `15000` or `13,500`, a range `8000-12000`, a rate `4%` or
`0.04`, a time `3m`, `1-4w` or `2/3/5m`.

The changed path or role is validated by the data files' own contract (the domain's
checks, through the same TypeAdapter) and cross-checks (`checks.py`: the first PR never
before the start), so an override obeys the rules a data file does; a bad one is a
usage error naming it. A figure set is marked `source: user`, not an estimate, with a
note of what the data gave, and each override adds an assumption line: every command
computes with it and every output says so.

A time or an amount is the role's where the role matters: `PATH.time_to_start` sets the
role's own time where the path has one for it (`by_role`), and an amount set on an item
scaled by role (`scales_with`) is the amount for that role, not scaled again.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

from mlhire_calc.domain.catalog import USER_SOURCE, Catalog, CostItem, Range, TimeRange, plain
from mlhire_calc.domain.errors import DataError, MlhireError, UsageError
from mlhire_calc.domain.money import (
    Quotient,
    amount_text,
    exact,
    parse_amount,
    parse_rate,
    parse_span,
    percent_text,
    to_cents,
)
from mlhire_calc.domain.problems import Location
from mlhire_calc.domain.timeline import parse_time_span

from .countries import GENERATED
from .figures import Kind, Place, fields_of, leaf, replaced, resolve

_SETTING = re.compile(r"^\s*([a-z0-9][A-Za-z0-9_.-]*)\s*=\s*(.+?)\s*$")
BY_ROLE = "by_role"  # a path's times for one role, where they differ from the path's own


COMMAND_LINE = "command line"


@dataclass(frozen=True)
class Override:
    """One figure to set: its name (`embedded.fee`) and value as written, and who set it
    (the command line, or a scenario at a place in its file)."""

    name: str
    value: str
    origin: str = COMMAND_LINE  # `command line`, or `scenario fee-up`
    location: Location | None = None  # where a scenario's file sets it
    exact: Fraction | None = None  # a shorthand's quotient (--fte-annual / 12): its exact value

    @property
    def text(self) -> str:
        return f"{self.name}={self.value}"

    def error(self, detail: str) -> MlhireError:
        """What is wrong with it: a usage error, or a data error at its place in a scenario file."""
        if self.location is not None:
            return DataError(detail, location=self.location)
        return UsageError(detail, subject="setting")


def parse_setting(text: str, *, subject: str = "setting") -> Override:
    """`embedded.fee=15000`, `in-house-fte.attrition=15%`, `embedded.time_to_start=1-3w`."""
    match = _SETTING.match(text)
    if not match or "." not in match.group(1):
        raise UsageError(f"{text!r} is not NAME=VALUE (e.g. embedded.fee=15000)", subject=subject)
    return Override(match.group(1), match.group(2))


def shorthands(
    *, embedded_monthly: Decimal | None, fte_annual: Decimal | None, fte_monthly: Decimal | None
) -> list[Override]:
    """`--embedded-monthly`, `--fte-annual` and `--fte-monthly` as overrides."""
    if fte_monthly is not None and fte_annual is not None:
        raise UsageError("give --fte-monthly or --fte-annual, not both")
    result = []
    if embedded_monthly is not None:
        result.append(Override("embedded.fee", f"{embedded_monthly:f}"))
    if fte_annual is not None:
        monthly = exact(fte_annual) / 12  # 100,000 a year is 8,333.33... a month: kept exact
        result.append(Override("in-house-fte.loaded-cost", f"{Quotient(monthly):f}", exact=monthly))
    elif fte_monthly is not None:
        result.append(Override("in-house-fte.loaded-cost", f"{fte_monthly:f}"))
    return result


# ---------------------------------------------------------------- values as the figure's kind asks


def _span(low: Decimal, median: Decimal | None, high: Decimal) -> dict[str, Any]:
    return {"low": low, "median": median, "high": high}


def _amount_or_range(value: str, subject: str) -> Decimal | dict[str, Any]:
    low, median, high = parse_span(value, subject=subject)
    return low if low == high and median is None else _span(low, median, high)


def _item_fields(item: CostItem, override: Override, role: str | None) -> dict[str, Any]:
    """The fields of a cost item that the value sets: a percent item's rate, else its amount."""
    value, subject = override.value, "setting"
    if item.per == "percent":
        low, median, high = parse_span(value, subject=subject, one=parse_rate)
        rate = low if low == high and median is None else _span(low, median, high)
        return {"rate": rate}
    if "%" in value:
        raise UsageError(
            f"{override.text}: {override.name} is an amount per {item.per}, not a percent", subject=subject
        )
    changed: dict[str, Any] = {"amount": _amount_or_range(value, subject)}
    if item.scales_with is not None and role is not None:  # the amount is the role's own: not scaled again
        changed["scales_with"] = {**plain(item.scales_with), "reference": role}
    return changed


def _fragment(place: Place, override: Override) -> Any:
    """The value as the figure's kind asks: the fields of its dataclass, or a number."""
    value, subject = override.value, "setting"
    if place.kind is Kind.TIME:
        low, median, high, unit = parse_time_span(value, subject=subject)
        return {**_span(low, median, high), "unit": unit}
    if place.kind is Kind.FRACTION:
        return _span(*parse_span(value, subject=subject, one=parse_rate))
    if place.kind is Kind.RANGE:
        return _span(*parse_span(value, subject=subject))
    if place.kind is Kind.VALUE:
        return {"value": parse_amount(value, subject=subject)}
    if place.kind is Kind.SHARE:
        return {"value": parse_rate(value, subject=subject)}
    if place.kind is Kind.AMOUNT:
        return _amount_or_range(value, subject)
    if place.kind is Kind.WHOLE:
        number = parse_amount(value, subject=subject)
        if number != number.to_integral_value():
            raise UsageError(f"{override.text}: {value!r} is not a whole number", subject=subject)
        return int(number)
    return parse_rate(value, subject=subject)  # Kind.NUMBER: a number, or a rate as a percent


# ---------------------------------------------------------------- describing a figure


def _amounts(figure: Range) -> str:
    text = (
        f"{to_cents(figure.low):,.2f}"
        if figure.low == figure.high
        else (f"{to_cents(figure.low):,.2f}-{to_cents(figure.high):,.2f}")
    )
    return text if figure.median is None else f"{text}, median {to_cents(figure.median):,.2f}"


def _rates(rate: Decimal | Range) -> str:
    if isinstance(rate, Decimal):
        return percent_text(rate)
    text = (
        percent_text(rate.low)
        if rate.low == rate.high
        else f"{percent_text(rate.low)}-{percent_text(rate.high)}"
    )
    return text if rate.median is None else f"{text}, median {percent_text(rate.median)}"


def describe(kind: Kind, figure: Any, catalog: Catalog) -> str:
    """A figure's value as an assumption line writes it."""
    if figure is None:
        return "none"
    if kind is Kind.ITEM:
        return _describe_item(figure, catalog)
    if isinstance(figure, TimeRange):
        return figure.describe()
    if kind is Kind.FRACTION:
        return _rates(figure)
    if isinstance(figure, Range):
        return _amounts(figure)
    if kind is Kind.VALUE:
        return amount_text(figure.value)
    if kind is Kind.SHARE:
        return percent_text(figure.value)
    if isinstance(figure, Decimal):
        return f"{figure.normalize():f}"
    return str(figure)


def _describe_item(item: CostItem, catalog: Catalog) -> str:
    if item.per == "percent":
        assert item.rate is not None  # guaranteed by the model
        return _rates(item.rate)
    unit = {"month": "a month", "hour": "an hour", "hire": "per hire"}[item.per]
    if isinstance(item.amount, Decimal):
        text = f"{to_cents(item.amount):,.2f} {unit}"
    elif isinstance(item.amount, Range):
        text = f"{_amounts(item.amount)} {unit}"
    else:
        text = "the role's loaded monthly band"
    if item.scales_with is not None:
        reference = catalog.roles.get(item.scales_with.reference)
        title = reference.title if reference is not None else item.scales_with.reference
        text += f" for {title}, scaled to other roles by loaded cost band"
    return text


# ---------------------------------------------------------------- applying


def _places(catalog: Catalog, override: Override, role: str | None) -> list[Place]:
    """Where an override goes: one place, or a path's time for the role (`by_role`)."""
    place = resolve(catalog, override.name)
    _refuse_made_from_country(catalog, place, override)
    if place.section != "paths" or len(place.keys) != 1 or BY_ROLE not in fields_of(place.root):
        return [place]
    path = catalog.paths[place.entry]
    own = {
        role_id: times
        for role_id, times in path.by_role.items()
        if getattr(times, str(place.keys[0]), None) is not None
    }
    if not own:
        return [place]

    def for_role(role_id: str) -> Place:
        keys = (BY_ROLE, role_id, place.keys[0])
        return dataclasses.replace(place, keys=keys, figure=leaf(path, keys))

    if role is not None:
        return [for_role(role)] if role in own else [place]
    return [place, *(for_role(role_id) for role_id in own)]  # no one role asked: every role's time


def _refuse_made_from_country(catalog: Catalog, place: Place, override: Override) -> None:
    """An item a country adds (`employer-costs`, `eor-fee`) is made anew for each country
    asked: set the country's figure it is made from, not the item."""
    if place.kind is not Kind.ITEM or place.figure.id not in GENERATED:
        return
    employment = catalog.paths[place.entry].employment
    country = employment.country if employment is not None else "CODE"
    field = "employer_cost_rate" if place.figure.id == GENERATED[0] else "eor_fee"
    raise UsageError(
        f"{override.text}: {place.name} is made from the country's figures for each country asked; "
        f"set countries.{country}.{field} instead",
        subject="setting",
    )


def _write(tree: dict[str, Any], place: Place, fragment: Any, as_of: Any, note: str) -> None:
    """Put a value at the place in an entry's plain tree, marked as set by the user."""
    parent: Any = tree
    for key in place.keys[:-1]:
        if isinstance(key, str) and parent.get(key) is None:
            parent[key] = {}  # a part the data leaves out (a path without `lifecycle:`)
        parent = parent[key]
    provenance = {"source": USER_SOURCE, "estimate": False, "note": note}
    if not place.keys:  # the entry is the figure (a keyed section of figures)
        tree.update({**fragment, **provenance} if place.sourced else fragment)
        return
    last = place.keys[-1]
    if isinstance(fragment, dict):
        target = parent[last] if isinstance(last, int) else parent.get(last)
        new = {**(target or {}), **fragment}
        if place.sourced:
            new = {"as_of": as_of, **new, **provenance}
        parent[last] = new
        return
    parent[last] = fragment
    if "source" in parent:  # a number's provenance is its owner's
        parent.update(provenance)


class _Entries:
    """The paths, roles and keyed entries being changed: plain trees, and each one validated."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.trees: dict[tuple[str, str], dict[str, Any]] = {}
        self.validated: dict[tuple[str, str], Any] = {}
        self.settings: dict[tuple[str, str], list[Override]] = {}

    def tree(self, place: Place) -> dict[str, Any]:
        key = (place.section, place.entry)
        if key not in self.trees:
            self.trees[key] = plain(getattr(self.catalog, place.section)[place.entry])
        return self.trees[key]

    def validate(self, place: Place, override: Override) -> Any:
        """The entry validated by the data contract; a usage error naming the override."""
        from pydantic import ValidationError

        from .contract import adapter_for
        from .reader import humanize

        key = (place.section, place.entry)
        try:
            entry = adapter_for(place.root).validate_python(self.tree(place))
        except ValidationError as exc:
            error = exc.errors(include_url=False)[0]
            loc = tuple(part for part in error["loc"] if isinstance(part, (str, int)))
            where = "" if loc[: len(place.keys)] == place.keys else f" ({'.'.join(map(str, loc))})"
            raise UsageError(f"{override.text}: {humanize(error)}{where}", subject="setting") from None
        self.validated[key] = entry
        self.settings.setdefault(key, []).append(override)
        return entry


def _check_paths(catalog: Catalog, entries: _Entries) -> None:
    """The data files' cross-checks on each path changed: the first PR never before the start."""
    from .checks import check_paths
    from .reader import Parsed

    sources = {**plain(catalog.path_sources), USER_SOURCE: {"title": "command line", "kind": "primary"}}
    for (section, entry), tree in entries.trees.items():
        if section != "paths":
            continue
        problems = check_paths(Parsed(Path(entry), "", {"sources": sources, "paths": [tree]}))
        if problems:
            given = list(dict.fromkeys(entries.settings[(section, entry)]))
            texts = ", ".join(override.text for override in given)
            raise given[-1].error(f"{texts}: {problems[0].message}")


def _one(
    catalog: Catalog, entries: _Entries, override: Override, role: str | None, seen: dict[Any, str]
) -> list[str]:
    """Put one override in place; its assumption lines."""
    lines = []
    places = _places(catalog, override, role)
    for place in places:
        where = (place.section, place.entry, *place.keys)
        if where in seen:  # which one was meant is a guess: never made
            raise UsageError(
                f"{place.name} is given twice ({seen[where]} and {override.text}, by --set, "
                "a scenario or a shorthand); give it once",
                subject="setting",
            )
        seen[where] = override.text
        was = describe(place.kind, place.figure, catalog)
        source = getattr(place.figure, "source", None)
        by = "on the command line" if override.origin == COMMAND_LINE else f"by {override.origin}"
        note = f"Set {by}; the data gave {was}" + (f" (source: {source})." if source else ".")
        if place.kind is Kind.ITEM:
            fragment: Any = _item_fields(place.figure, override, role)
        else:
            fragment = _fragment(place, override)
        _write(entries.tree(place), place, fragment, catalog.as_of, note)
        entry = entries.validate(place, override)
        if override.exact is not None:
            entry = entries.validated[(place.section, place.entry)] = _exactly(entry, place, override.exact)
        by_role = len(place.keys) == 3 and place.keys[0] == BY_ROLE and BY_ROLE not in override.name
        whose = " for every role" if len(places) > 1 else f" for {place.keys[1]}" if by_role else ""
        shown = describe(place.kind, leaf(entry, place.keys), catalog)
        lines.append(f"Override: {place.label}{whose} = {shown} ({override.origin}).")
    return lines[:1]  # one line for one override, however many roles' times it sets


def _exactly(entry: Any, place: Place, value: Fraction) -> Any:
    """The entry with the amount just set as the exact quotient it was given as."""
    keys = (*place.keys, "amount") if place.kind is Kind.ITEM else place.keys
    return replaced(entry, keys, Quotient(value)) if isinstance(leaf(entry, keys), Decimal) else entry


def apply(catalog: Catalog, overrides: Sequence[Override], *, role: str | None = None) -> Catalog:
    """The catalog with each override in place, for a question about `role` (None: any role).

    A usage error names an override that is malformed, names no figure, breaks a rule
    of the data files, or sets a figure another override has set.
    """
    if not overrides:
        return catalog
    if role is not None:
        catalog.role(role)  # an unknown role is that error, not one about an override
    entries = _Entries(catalog)
    seen: dict[tuple[Any, ...], str] = {}
    lines = list(catalog.overrides)
    for override in overrides:
        try:
            lines += _one(catalog, entries, override, role, seen)
        except UsageError as exc:  # say which override, as given, and where a scenario gives it
            named = exc.detail.startswith(override.name)
            raise override.error(exc.detail if named else f"{override.text}: {exc.detail}") from None
    _check_paths(catalog, entries)
    changed: dict[str, Any] = {}
    for (section, entry_id), entry in entries.validated.items():
        changed.setdefault(section, dict(getattr(catalog, section)))[entry_id] = entry
    return dataclasses.replace(catalog, **changed, overrides=tuple(lines))
