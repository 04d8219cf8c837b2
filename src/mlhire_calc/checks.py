"""Whole-file checks behind `mlhire validate`: ids, references, currency, staleness.

Schema checks (types, ranges, required keys) are the models' job; these need more
than one value at a time. Every problem is located with a YAML line number.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any

from pydantic import BaseModel

from .data import Parsed, Problem, format_loc
from .models import PathsFile, RolesFile
from .timeline import add_months

Loc = tuple[str | int, ...]


def _walk_sourced(value: Any, loc: Loc = ()) -> Iterator[tuple[Loc, Any]]:
    """Every model on the tree that carries `source` and `as_of`, with its key path."""
    if isinstance(value, BaseModel):
        fields = type(value).model_fields
        if "as_of" in fields and "source" in fields:
            yield loc, value
        for name in fields:
            key = "schema" if name == "schema_" else name
            yield from _walk_sourced(getattr(value, name), (*loc, key))
    elif isinstance(value, list):
        for index, entry in enumerate(value):
            yield from _walk_sourced(entry, (*loc, index))
    elif isinstance(value, dict):
        for key, entry in value.items():
            yield from _walk_sourced(entry, (*loc, key))


class _Reporter:
    def __init__(self, parsed: Parsed) -> None:
        self.parsed = parsed
        self.problems: list[Problem] = []

    def add(self, loc: Loc, message: str, severity: str = "error") -> None:
        line, column = self.parsed.locate(loc)
        self.problems.append(
            Problem(str(self.parsed.path), message, line, column, format_loc(loc), severity)  # type: ignore[arg-type]
        )


def _check_unique(report: _Reporter, entries: Sequence[Any], loc: Loc, what: str) -> None:
    seen: dict[str, int] = {}
    for index, entry in enumerate(entries):
        if entry.id in seen:
            report.add((*loc, index, "id"), f"duplicate {what} id {entry.id!r} (first at [{seen[entry.id]}])")
        else:
            seen[entry.id] = index


def _check_sources(report: _Reporter, model: RolesFile | PathsFile) -> None:
    for loc, figure in _walk_sourced(model):
        if figure.source not in model.sources:
            known = ", ".join(model.sources) or "none"
            report.add((*loc, "source"), f"unknown source {figure.source!r}; this file defines: {known}")


def _check_staleness(
    report: _Reporter, model: BaseModel, today: date, max_age_months: int, strict: bool
) -> None:
    oldest_allowed = add_months(today, -max_age_months)
    for loc, figure in _walk_sourced(model):
        if figure.as_of < oldest_allowed:
            report.add(
                (*loc, "as_of"),
                f"as_of {figure.as_of.isoformat()} is older than {max_age_months} months",
                "error" if strict else "warning",
            )
        elif figure.as_of > today:
            report.add((*loc, "as_of"), f"as_of {figure.as_of.isoformat()} is in the future", "warning")


def check_roles(roles: RolesFile, parsed: Parsed) -> list[Problem]:
    report = _Reporter(parsed)
    _check_unique(report, roles.roles, ("roles",), "role")
    _check_sources(report, roles)
    return report.problems


def check_paths(paths: PathsFile, parsed: Parsed) -> list[Problem]:
    report = _Reporter(parsed)
    _check_unique(report, paths.paths, ("paths",), "path")
    _check_sources(report, paths)
    for p_index, path in enumerate(paths.paths):
        loc: Loc = ("paths", p_index)
        _check_unique(report, path.items, (*loc, "items"), "item")
        items = {item.id: item for item in path.items}
        for i_index, item in enumerate(path.items):
            if item.of is None:
                continue
            target = items.get(item.of)
            if target is None:
                report.add(
                    (*loc, "items", i_index, "of"),
                    f"refers to unknown item {item.of!r}; items of {path.id!r}: {', '.join(items)}",
                )
            elif target.per not in ("month", "hour"):
                report.add(
                    (*loc, "items", i_index, "of"),
                    f"refers to {item.of!r}, a per-{target.per} item; "
                    "a percent applies to a monthly or hourly item",
                )
        start, first_pr = path.time_to_start.dist(), path.time_to_first_pr.dist()
        if first_pr.low < start.low or first_pr.median < start.median or first_pr.high < start.high:
            report.add((*loc, "time_to_first_pr"), "time_to_first_pr is earlier than time_to_start")
    return report.problems


def check_catalog(
    roles: RolesFile,
    paths: PathsFile,
    parsed: Sequence[Parsed],
    *,
    today: date | None = None,
    max_age_months: int | None = None,
    strict: bool = False,
) -> list[Problem]:
    """All cross-checks of a roles file and a paths file (parsed in that order)."""
    roles_parsed, paths_parsed = parsed
    problems = check_roles(roles, roles_parsed) + check_paths(paths, paths_parsed)
    if roles.currency != paths.currency:
        report = _Reporter(paths_parsed)
        report.add(
            ("currency",), f"currency {paths.currency} differs from {roles.currency} in the roles file"
        )
        problems += report.problems
    if today is not None and max_age_months is not None:
        for model, source in ((roles, roles_parsed), (paths, paths_parsed)):
            report = _Reporter(source)
            _check_staleness(report, model, today, max_age_months, strict)
            problems += report.problems
    return problems
