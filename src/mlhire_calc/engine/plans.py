"""Hiring plans: what each row means, checked against the data (roles and paths).

A row hires `headcount` engineers of `role` through `path`. It gives exactly one of
`decided` (the decision date; the path's median time to start is added to it) or
`joins` (the day the engineer starts). It may end: `end` (the last day paid,
inclusive), `months` (paid for that many months from the start) or `until: LABEL`
(paid until the day the labelled row's engineer joins: the bridge "embedded until
our in-house hire joins"). `monthly` replaces the sum of the path's recurring
monthly items for that row. The old column `start` is read as `decided`, with a note.

`mlhire budget` stops at a plan's first problem; `mlhire validate` reports them all.
Reading files and parsing cells is `plan_input.py`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from mlhire_calc.datafiles.plan_input import (
    CellError,
    Record,
    amount_cell,
    date_cell,
    label_cell,
    months_cell,
    plan_records,
    whole_number,
)
from mlhire_calc.domain.catalog import USER_SOURCE, Catalog, CostItem
from mlhire_calc.domain.choices import DateOrder
from mlhire_calc.domain.errors import InputError, MlhireError
from mlhire_calc.domain.money import ExactBand
from mlhire_calc.domain.problems import Location, Problem
from mlhire_calc.domain.timeline import add_months_fractional

from .lifecycle import tenure
from .rates import Rate

START_NOTE = (
    "the `start` column is read as `decided` (the decision date); rename it `decided`, "
    "or give `joins` for the day the engineer starts"
)


@dataclass(frozen=True, slots=True)
class Hire:
    """One row of a hiring plan, its dates resolved.

    `start` is the decision date; for a row that gives `joins` it is that join date.
    """

    role: str
    path: str
    start: date
    headcount: int = 1
    label: str = ""
    row: int = 0  # 1-based data row in the plan file (0: from the command line)
    joins: date | None = None  # the day the engineer starts, when the plan gives it
    last_day: date | None = None  # the last day paid, inclusive (from end, months or until)
    monthly: Decimal | None = None  # replaces the sum of the path's recurring monthly items


def join_date(hire: Hire, catalog: Catalog) -> date:
    """The day `hire`'s engineer starts: its `joins`, or decision + the path's median time to start."""
    if hire.joins is not None:
        return hire.joins
    return tenure(catalog.paths[hire.path], catalog.roles[hire.role], hire.start).starts_on


def monthly_rate(amount: Decimal) -> Rate:
    """A plan row's own `monthly` cost, standing in for its path's recurring items."""
    item = CostItem(
        id="monthly",
        name="Monthly cost (plan row)",
        per="month",
        amount=amount,
        source=USER_SOURCE,
        as_of=date.min,  # budget rows carry no per-item dates
    )
    return Rate(item, "recurring", ExactBand.point(amount), f"{amount:,.2f}/month (plan row)")


@dataclass
class Plan:
    """A plan's rows, and notes for the reader (deprecated columns) that are not errors."""

    hires: list[Hire]
    notes: list[Problem] = field(default_factory=list)


@dataclass
class _Row:
    """A row whose cells are valid, before `months` and `until` are turned into a last day."""

    hire: Hire
    line: int | None
    months: Decimal | None = None
    until: str | None = None


def _row(
    record: Record, catalog: Catalog, order: DateOrder | None
) -> tuple[_Row | None, list[tuple[str, str]]]:
    """The row, or every problem of its cells as (column, message)."""
    cells = record.cells
    problems: list[tuple[str, str]] = []

    def cell(column: str, parse):  # type: ignore[no-untyped-def]
        text = cells.get(column)
        if text is None:
            return None
        try:
            return parse(text)
        except CellError as exc:
            problems.append((column, str(exc)))
            return None

    role, path = cells.get("role"), cells.get("path")
    if role is None:
        problems.append(("role", "missing role"))
    elif role not in catalog.roles:
        problems.append(("role", f"unknown role {role!r}; known roles: {', '.join(catalog.roles)}"))
    if path is None:
        problems.append(("path", "missing path"))
    elif path not in catalog.paths:
        problems.append(("path", f"unknown path {path!r}; known paths: {', '.join(catalog.paths)}"))
    headcount = cell("headcount", lambda text: whole_number(text, "headcount"))
    if cells.get("headcount") is None:
        problems.append(("headcount", "missing headcount"))
    if cells.get("start") is not None and cells.get("decided") is not None:
        problems.append(("start", "start is the old name of decided; give one of them"))
    decided_column = "decided" if cells.get("decided") is not None else "start"
    decided = cell(decided_column, lambda text: date_cell(text, decided_column, order))
    joins = cell("joins", lambda text: date_cell(text, "joins", order))
    given = [column for column in ("decided", "joins") if cells.get(column) is not None]
    if cells.get("start") is not None and cells.get("decided") is None:
        given.insert(0, "decided")
    if len(given) != 1:
        problems.append(
            (
                "decided",
                "give either decided (the decision date) or joins (the day the engineer starts), not both",
            )
            if given
            else ("decided", "missing decided (the decision date) or joins (the day the engineer starts)")
        )
    end = cell("end", lambda text: date_cell(text, "end", order))
    months = cell("months", months_cell)
    monthly = cell("monthly", lambda text: amount_cell(text, "monthly"))
    label = cell("label", label_cell) or ""
    until = cell("until", lambda text: label_cell(text, "until"))
    stops = [column for column in ("end", "months", "until") if cells.get(column) is not None]
    if len(stops) > 1:
        problems.append(
            (stops[1], f"give at most one of end, months and until (this row has {' and '.join(stops)})")
        )
    if problems:
        return None, problems
    assert role is not None and path is not None and headcount is not None
    start = decided if decided is not None else joins
    assert start is not None
    hire = Hire(role, path, start, headcount, label, record.index, joins, end, monthly)
    return _Row(hire, record.line, months, until), []


def _bridges(rows: Sequence[_Row], catalog: Catalog) -> list[tuple[_Row, str]]:
    """Give each row its last day (from months or until); the problems of the rows that cannot have one."""
    by_label: dict[str, list[_Row]] = {}
    for row in rows:
        if row.hire.label:
            by_label.setdefault(row.hire.label, []).append(row)
    problems: list[tuple[_Row, str]] = []
    joined: dict[tuple[str, date, date | None], date] = {}

    def joins(hire: Hire) -> date:
        key = (hire.path, hire.start, hire.joins)
        if key not in joined:
            joined[key] = join_date(hire, catalog)
        return joined[key]

    for row in rows:
        hire = row.hire
        if hire.last_day is None and row.months is None and row.until is None:
            continue  # no end: nothing to resolve
        starts_on = joins(hire)
        last_day = hire.last_day
        if row.months is not None:
            last_day = add_months_fractional(starts_on, row.months) - timedelta(days=1)
        if row.until is not None:
            targets = by_label.get(row.until, [])
            if not targets:
                labels = ", ".join(repr(label) for label in by_label) or "none"
                problems.append((row, f"until {row.until!r} names no row; labels in this plan: {labels}"))
                continue
            if len(targets) > 1:
                problems.append((row, f"until {row.until!r} names {len(targets)} rows; give labels once"))
                continue
            cycle = _cycle(row, by_label)
            if cycle:
                problems.append((row, f"until makes a cycle: {' -> '.join(repr(label) for label in cycle)}"))
                continue
            last_day = joins(targets[0].hire) - timedelta(days=1)
        if last_day is not None and last_day < starts_on:
            problems.append(
                (row, f"ends on {last_day.isoformat()}, before it starts on {starts_on.isoformat()}")
            )
            continue
        row.hire = replace(hire, last_day=last_day)
    return problems


def _cycle(row: _Row, by_label: dict[str, list[_Row]]) -> list[str]:
    """The labels of an `until` chain that comes back to `row`, if it does."""
    chain = [row.hire.label or f"row {row.hire.row}"]
    seen = {id(row)}
    current = row
    while current.until is not None:
        targets = by_label.get(current.until, [])
        if len(targets) != 1:
            return []
        current = targets[0]
        chain.append(current.hire.label)
        if id(current) == id(row):
            return chain
        if id(current) in seen:
            return []  # a cycle that `row` only leads into: reported on its own rows
        seen.add(id(current))
    return []


def _read(
    path: Path, catalog: Catalog, order: DateOrder | None
) -> tuple[list[Hire], list[MlhireError], Plan]:
    """Every row that is valid, every problem (in line order), and the notes."""
    name = str(path)
    errors: list[MlhireError] = []
    rows: list[_Row] = []
    notes: list[Problem] = []
    for entry in plan_records(path):
        if isinstance(entry, InputError):
            errors.append(entry)
            continue
        if "start" in entry.cells and not notes:  # YAML: the first row that has it; CSV: the file
            notes.append(Problem(name, START_NOTE, entry.lines.get("start"), severity="warning"))
        row, problems = _row(entry, catalog, order)
        for column, message in problems:
            line = entry.lines.get(column, entry.line)
            errors.append(InputError(f"row {entry.index}: {message}", location=Location(name, line)))
        if row is not None:
            rows.append(row)
    for row, message in _bridges(rows, catalog):
        errors.append(InputError(f"row {row.hire.row}: {message}", location=Location(name, row.line)))
    errors.sort(key=lambda error: (error.location.line or 0) if error.location else 0)
    hires = [row.hire for row in rows]
    return hires, errors, Plan(hires, notes)


def load_plan(path: Path, catalog: Catalog, *, date_order: DateOrder | None = None) -> Plan:
    """A plan's rows and notes; the first problem (in line order) is raised."""
    _, errors, plan = _read(path, catalog, date_order)
    if errors:
        raise errors[0]
    if not plan.hires:
        raise InputError("the plan has no hires", location=Location(str(path)))
    return plan


def read_plan(path: Path, catalog: Catalog, *, date_order: DateOrder | None = None) -> list[Hire]:
    """The rows of a CSV/TSV or YAML plan (see the module docstring); InputError at the first problem."""
    return load_plan(path, catalog, date_order=date_order).hires


def plan_problems(path: Path, catalog: Catalog, *, date_order: DateOrder | None = None) -> list[Problem]:
    """Every problem of a plan file (for `mlhire validate`), not only the first; notes as warnings."""
    name = str(path)
    try:
        hires, errors, plan = _read(path, catalog, date_order)
    except MlhireError as exc:  # the file as a whole: unreadable, not YAML
        return [exc.problem(name)]
    problems = [*plan.notes, *(error.problem(name) for error in errors)]
    if not hires and not errors:
        problems.append(Problem(name, "the plan has no hires"))
    return problems
