"""Hiring plans: what each row means, checked against the data (roles and paths).

A row hires `headcount` engineers of `role` through `path`. It gives exactly one of
`decided` (the decision date; the path's median time to start is added to it) or
`joins` (the day the engineer starts). It may end: `end` (the last day paid,
inclusive), `months` (paid for that many months from the start) or `until: LABEL`
(paid until the day the labelled row's engineer joins: the bridge "embedded until
our in-house hire joins"). A row that ends may `converts: yes`: the engineer becomes
your permanent employee the day after the last day, and the path's conversion fee
(`basis: conversion` items) is paid on that day. `monthly` replaces the sum of the path's recurring
monthly items for that row. The old column `start` is read as `decided`, with a note.

`mlhire budget` stops at a plan's first problem; `mlhire validate` reports them all.
Reading files and parsing cells is `plan_input.py`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from mlhire_calc.datafiles.plan_input import (
    CellError,
    Record,
    amount_cell,
    date_cell,
    flag_cell,
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
    converts: bool = False  # becomes a permanent employee the day after `last_day`: a conversion fee


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
    converts = bool(cell("converts", lambda text: flag_cell(text, "converts")))
    stops = [column for column in ("end", "months", "until") if cells.get(column) is not None]
    if len(stops) > 1:
        problems.append(
            (stops[1], f"give at most one of end, months and until (this row has {' and '.join(stops)})")
        )
    if converts and not stops:
        problems.append(
            ("converts", "converts needs the row to end (end, months or until): it converts the day after")
        )
    if problems:
        return None, problems
    assert role is not None and path is not None and headcount is not None
    start = decided if decided is not None else joins
    assert start is not None
    # the catalog's own id strings: one object per role and path, however many rows name it
    role, path = catalog.roles[role].id, catalog.paths[path].id
    hire = Hire(role, path, start, headcount, label, record.index, joins, end, monthly, converts)
    return _Row(hire, record.line, months, until), []


class _Joins:
    """Each row's join date (`join_date`), memoised by what it depends on: plans repeat it."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.known: dict[tuple[str, str, date, date | None], date] = {}

    def __call__(self, hire: Hire) -> date:
        key = (hire.role, hire.path, hire.start, hire.joins)  # times to start differ by role
        found = self.known.get(key)
        if found is None:
            found = self.known[key] = join_date(hire, self.catalog)
        return found


def _ends(row: _Row, joins: _Joins, last_day: date | None = None) -> tuple[date | None, str | None]:
    """The row's last day (its end, its months, or `last_day` for `until`), or why it cannot
    be: it would end before it starts."""
    hire = row.hire
    last_day = hire.last_day if last_day is None else last_day
    if last_day is None and row.months is None:
        return None, None  # no end: nothing to resolve
    starts_on = joins(hire)
    if row.months is not None:
        last_day = add_months_fractional(starts_on, row.months) - timedelta(days=1)
    assert last_day is not None
    if last_day < starts_on:
        return None, f"ends on {last_day.isoformat()}, before it starts on {starts_on.isoformat()}"
    return last_day, None


SHOWN_LABELS = 10  # an `until` that names no row lists at most this many of the plan's labels


def _until(
    rows: Sequence[_Row], by_label: dict[str, list[_Row]], labels: list[str], joins: _Joins
) -> tuple[dict[int, date], list[tuple[_Row, str]]]:
    """The last day of each row that ends `until` another row joins, by row number; the
    problems of those that cannot have one. `by_label`: the rows the `until`s name."""
    last_days: dict[int, date] = {}
    problems: list[tuple[_Row, str]] = []
    for row in rows:
        assert row.until is not None
        targets = by_label.get(row.until, [])
        if not targets:
            shown = ", ".join(repr(label) for label in labels[:SHOWN_LABELS]) or "none"
            more = ", ..." if len(labels) > SHOWN_LABELS else ""  # a plan of a million rows: not all
            problems.append((row, f"until {row.until!r} names no row; labels in this plan: {shown}{more}"))
            continue
        if len(targets) > 1:
            problems.append((row, f"until {row.until!r} names {len(targets)} rows; give labels once"))
            continue
        cycle = _cycle(row, by_label)
        if cycle:
            problems.append((row, f"until makes a cycle: {' -> '.join(repr(label) for label in cycle)}"))
            continue
        last_day, problem = _ends(row, joins, joins(targets[0].hire) - timedelta(days=1))
        if problem is not None:
            problems.append((row, problem))
            continue
        assert last_day is not None
        last_days[row.hire.row] = last_day
    return last_days, problems


def _cycle(row: _Row, by_label: dict[str, list[_Row]]) -> list[str]:
    """The labels of an `until` chain that comes back to `row`, if it does."""
    chain = [row.hire.label or f"row {row.hire.row}"]
    seen = {row.hire.row}
    current = row
    while current.until is not None:
        targets = by_label.get(current.until, [])
        if len(targets) != 1:
            return []
        current = targets[0]
        chain.append(current.hire.label)
        if current.hire.row == row.hire.row:
            return chain
        if current.hire.row in seen:
            return []  # a cycle that `row` only leads into: reported on its own rows
        seen.add(current.hire.row)
    return []


def _rows(
    path: Path, catalog: Catalog, order: DateOrder | None
) -> Iterator[tuple[Record, _Row | None, list[tuple[str, str]]]]:
    """Each record of the plan file, read anew, with its row or its cells' problems."""
    for entry in plan_records(path):
        if isinstance(entry, Record):
            yield (entry, *_row(entry, catalog, order))


class PlanHires:
    """A plan's hires, read from its file each time they are iterated, their last days
    resolved: a CSV/TSV plan is streamed, so a million rows hold no more memory than ten.

    The rows were checked by a first reading (`load_plan`); a row that reads differently
    now (the file changed in between) is an error, never a silent difference.
    """

    def __init__(
        self, path: Path, catalog: Catalog, order: DateOrder | None, until: dict[int, date], count: int
    ):
        self.path, self.catalog, self.order = path, catalog, order
        self.until = until
        self.count = count

    def __len__(self) -> int:
        return self.count

    def __contains__(self, hire: object) -> bool:
        return any(hire == each for each in self)

    def __iter__(self) -> Iterator[Hire]:
        joins = _Joins(self.catalog)
        count = 0
        for _, row, problems in _rows(self.path, self.catalog, self.order):
            if row is None or problems:
                raise self._changed()
            count += 1
            if row.until is not None:
                last_day = self.until.get(row.hire.row)
                if last_day is None:
                    raise self._changed()
            else:
                last_day, problem = _ends(row, joins)
                if problem is not None:
                    raise self._changed()
            yield row.hire if last_day == row.hire.last_day else replace(row.hire, last_day=last_day)
        if count != self.count:
            raise self._changed()

    def _changed(self) -> InputError:
        return InputError("the plan changed while it was read; run again", location=Location(str(self.path)))


@dataclass
class Plan:
    """A plan's rows (read from the file when iterated), and notes for the reader
    (deprecated columns) that are not errors."""

    hires: PlanHires
    notes: list[Problem] = field(default_factory=list)


def _read(path: Path, catalog: Catalog, order: DateOrder | None) -> tuple[list[MlhireError], Plan]:
    """Every problem (in line order), and the plan. One reading checks every row and holds
    only what `until` needs (the rows that give it); a second, only when some row gives
    `until`, finds the rows it names. Nothing else of the rows is kept."""
    name = str(path)
    errors: list[MlhireError] = []
    notes: list[Problem] = []
    joins = _Joins(catalog)
    bridging: list[_Row] = []
    labels: dict[str, None] = {}  # the first few, in order, for an `until` that names none
    count = 0
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
        if row is None:
            continue
        count += 1
        if row.hire.label and len(labels) <= SHOWN_LABELS:
            labels.setdefault(row.hire.label)
        if row.until is not None:
            bridging.append(row)
            continue
        _, problem = _ends(row, joins)
        if problem is not None:
            errors.append(InputError(f"row {row.hire.row}: {problem}", location=Location(name, row.line)))
    until: dict[int, date] = {}
    if bridging:
        named = {row.until for row in bridging}
        by_label: dict[str, list[_Row]] = {}
        for _, target, _ in _rows(path, catalog, order):
            if target is not None and target.hire.label in named:
                by_label.setdefault(target.hire.label, []).append(target)
        until, unresolved = _until(bridging, by_label, list(labels), joins)
        for bridge, message in unresolved:
            errors.append(
                InputError(f"row {bridge.hire.row}: {message}", location=Location(name, bridge.line))
            )
    errors.sort(key=lambda error: (error.location.line or 0) if error.location else 0)
    return errors, Plan(PlanHires(path, catalog, order, until, count), notes)


def load_plan(path: Path, catalog: Catalog, *, date_order: DateOrder | None = None) -> Plan:
    """A plan's rows and notes; the first problem (in line order) is raised."""
    errors, plan = _read(path, catalog, date_order)
    if errors:
        raise errors[0]
    if not plan.hires.count:
        raise InputError("the plan has no hires", location=Location(str(path)))
    return plan


def read_plan(path: Path, catalog: Catalog, *, date_order: DateOrder | None = None) -> list[Hire]:
    """The rows of a CSV/TSV or YAML plan (see the module docstring); InputError at the first problem."""
    return list(load_plan(path, catalog, date_order=date_order).hires)


def plan_problems(path: Path, catalog: Catalog, *, date_order: DateOrder | None = None) -> list[Problem]:
    """Every problem of a plan file (for `mlhire validate`), not only the first; notes as warnings."""
    name = str(path)
    try:
        errors, plan = _read(path, catalog, date_order)
    except MlhireError as exc:  # the file as a whole: unreadable, not YAML
        return [exc.problem(name)]
    problems = [*plan.notes, *(error.problem(name) for error in errors)]
    if not plan.hires.count and not errors:
        problems.append(Problem(name, "the plan has no hires"))
    return problems
