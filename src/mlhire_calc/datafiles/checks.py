"""Whole-file checks behind `mlhire validate`: ids, references, ranges, currency, staleness.

They run on the raw YAML tree, defensively, so they report problems even in a file
that also has schema errors: one run shows everything. Each problem is located with
a YAML line number.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

from mlhire_calc.domain.problems import Problem, format_loc
from mlhire_calc.domain.rules import parse_as_of
from mlhire_calc.domain.timeline import UNIT_DAYS, add_months

from .reader import Parsed

Loc = tuple[str | int, ...]


def _walk(value: Any, loc: Loc = ()) -> Iterator[tuple[Loc, dict[str, Any]]]:
    """Every mapping in the tree, with its key path."""
    if isinstance(value, dict):
        yield loc, value
        for key, entry in value.items():
            yield from _walk(entry, (*loc, str(key)))
    elif isinstance(value, list):
        for index, entry in enumerate(value):
            yield from _walk(entry, (*loc, index))


def _number(value: Any) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        return None
    number = Decimal(value)
    return number if number.is_finite() else None


def _as_of(value: Any) -> date | None:
    try:
        return parse_as_of(value)
    except ValueError:
        return None


class _Reporter:
    def __init__(self, parsed: Parsed) -> None:
        self.parsed = parsed
        self.problems: list[Problem] = []

    def add(self, loc: Loc, message: str, *, warning: bool = False) -> None:
        line, column = self.parsed.locate(loc)
        self.problems.append(
            Problem(
                str(self.parsed.path),
                message,
                line,
                column,
                format_loc(loc),
                "warning" if warning else "error",
            )
        )


def _entries(content: Any, key: str) -> list[tuple[int, dict[str, Any]]]:
    value = content.get(key) if isinstance(content, dict) else None
    if not isinstance(value, list):
        return []
    return [(index, entry) for index, entry in enumerate(value) if isinstance(entry, dict)]


def _check_unique(report: _Reporter, entries: list[tuple[int, dict[str, Any]]], loc: Loc, what: str) -> None:
    seen: dict[str, int] = {}
    for index, entry in entries:
        ident = entry.get("id")
        if not isinstance(ident, str):
            continue
        if ident in seen:
            report.add((*loc, index, "id"), f"duplicate {what} id {ident!r} (first at [{seen[ident]}])")
        else:
            seen[ident] = index


def _check_figures(report: _Reporter, content: Any) -> None:
    """Sources resolve; ranges are ordered."""
    sources = content.get("sources") if isinstance(content, dict) else None
    known = set(sources) if isinstance(sources, dict) else set()
    for loc, mapping in _walk(content):
        if "source" in mapping and "as_of" in mapping:
            source = mapping["source"]
            if isinstance(source, str) and source not in known:
                listed = ", ".join(sorted(map(str, known))) or "none"
                report.add((*loc, "source"), f"unknown source {source!r}; this file defines: {listed}")
        low, high, median = (_number(mapping.get(key)) for key in ("low", "high", "median"))
        if low is not None and high is not None:
            middle = median if median is not None else low
            if not low <= middle <= high:
                report.add(loc, "must have low <= median <= high")


def _check_items(report: _Reporter, path_loc: Loc, path: dict[str, Any]) -> None:
    items = _entries(path, "items")
    _check_unique(report, items, (*path_loc, "items"), "item")
    per = {entry.get("id"): entry.get("per") for _, entry in items}
    for index, item in items:
        target = item.get("of")
        if target is None or not isinstance(target, str):
            continue
        if target not in per:
            listed = ", ".join(str(key) for key in per)
            report.add(
                (*path_loc, "items", index, "of"), f"refers to unknown item {target!r}; items here: {listed}"
            )
        elif per[target] not in ("month", "hour"):
            report.add(
                (*path_loc, "items", index, "of"),
                f"refers to {target!r}, a per-{per[target]} item; "
                "a percent applies to a monthly or hourly item",
            )


def _days(time: Any, key: str) -> float | None:
    if not isinstance(time, dict) or time.get("unit") not in UNIT_DAYS:
        return None
    value = _number(time.get(key))
    return None if value is None else float(value) * UNIT_DAYS[time["unit"]]


def _check_times(report: _Reporter, path_loc: Loc, path: dict[str, Any]) -> None:
    """The first PR never comes before the start: for the path, and for each role it has times for."""
    times: list[tuple[Loc, Any, Any]] = [(path_loc, path.get("time_to_start"), path.get("time_to_first_pr"))]
    by_role = path.get("by_role")
    if isinstance(by_role, dict):
        for role, own in by_role.items():
            if isinstance(own, dict):
                start = own.get("time_to_start", path.get("time_to_start"))
                first_pr = own.get("time_to_first_pr", path.get("time_to_first_pr"))
                times.append(((*path_loc, "by_role", str(role)), start, first_pr))
    for loc, start, first_pr in times:
        for key in ("low", "median", "high"):
            begins, ships = _days(start, key), _days(first_pr, key)
            if begins is not None and ships is not None and ships < begins:
                report.add(
                    (*loc, "time_to_first_pr"), f"time_to_first_pr {key} is earlier than time_to_start {key}"
                )
                break


def check_roles(parsed: Parsed) -> list[Problem]:
    report = _Reporter(parsed)
    _check_unique(report, _entries(parsed.content, "roles"), ("roles",), "role")
    _check_figures(report, parsed.content)
    return report.problems


def check_paths(parsed: Parsed) -> list[Problem]:
    report = _Reporter(parsed)
    paths = _entries(parsed.content, "paths")
    _check_unique(report, paths, ("paths",), "path")
    _check_figures(report, parsed.content)
    for index, path in paths:
        _check_items(report, ("paths", index), path)
        _check_times(report, ("paths", index), path)
    return report.problems


def check_currency(roles: Parsed, paths: Parsed) -> list[Problem]:
    """The roles and paths of one data directory are in one currency, or paths.yaml has the rate.

    A roles.yaml in another currency is converted at paths.yaml's `rates:` entry for it;
    without one it is an error, never a relabel of its amounts.
    """
    report = _Reporter(paths)
    ours = paths.content.get("currency") if isinstance(paths.content, dict) else None
    theirs = roles.content.get("currency") if isinstance(roles.content, dict) else None
    rates = paths.content.get("rates") if isinstance(paths.content, dict) else None
    rates = rates if isinstance(rates, dict) else {}
    if isinstance(ours, str) and isinstance(theirs, str) and ours != theirs and theirs not in rates:
        report.add(
            ("currency",),
            f"currency {ours} differs from {theirs} in {roles.path.name}, and {paths.path.name} has no "
            f"rate for {theirs}: add `rates: {{{theirs}: {{value: ..., source: ..., as_of: ...}}}}` "
            f"({theirs} 1 = {ours} value) or give both files one currency",
        )
    if isinstance(ours, str) and ours in rates:
        report.add(("rates", ours), f"a rate for {ours}, this file's own currency, means nothing")
    return report.problems


def check_staleness(parsed: Parsed, *, today: date, max_age_months: int, strict: bool) -> list[Problem]:
    """Figures older than `max_age_months` (warnings, errors when strict) or dated in the future."""
    report = _Reporter(parsed)
    oldest_allowed = add_months(today, -max_age_months)
    for loc, mapping in _walk(parsed.content):
        if "as_of" not in mapping:
            continue
        as_of = _as_of(mapping["as_of"])
        if as_of is None:
            continue
        if as_of < oldest_allowed:
            report.add(
                (*loc, "as_of"),
                f"as_of {as_of.isoformat()} is older than {max_age_months} months",
                warning=not strict,
            )
        elif as_of > today:
            report.add((*loc, "as_of"), f"as_of {as_of.isoformat()} is in the future", warning=True)
    return report.problems


def check_role_references(roles: Parsed, paths: Parsed) -> list[Problem]:
    """Roles named in the paths file (`by_role`, `scales_with.reference`) exist in the roles file."""
    report = _Reporter(paths)
    known = {str(entry.get("id")) for _, entry in _entries(roles.content, "roles")}
    listed = ", ".join(sorted(known)) or "none"
    for loc, mapping in _walk(paths.content):
        if loc and loc[-1] == "by_role":
            for role in mapping:
                if str(role) not in known:
                    report.add(
                        (*loc, str(role)), f"unknown role {role!r}; {roles.path.name} defines: {listed}"
                    )
        reference = mapping.get("reference") if loc and loc[-1] == "scales_with" else None
        if isinstance(reference, str) and reference not in known:
            report.add(
                (*loc, "reference"), f"unknown role {reference!r}; {roles.path.name} defines: {listed}"
            )
    return report.problems


def check_catalog(roles: Parsed, paths: Parsed) -> list[Problem]:
    """All cross-checks of one data directory's roles and paths files."""
    return (
        check_roles(roles)
        + check_paths(paths)
        + check_currency(roles, paths)
        + check_role_references(roles, paths)
    )
