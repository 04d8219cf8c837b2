"""Monthly budget schedules for one hire or a whole hiring plan.

Each hire's cost follows the cost model (`cost.py`): recurring items accrue from the
path's start (decision date + median time to start), prorated by calendar days in a
partial month; one-time items fall in the month of that start. Amounts are summed in
integer cents, so a plan of any size adds up exactly and matches
`mlhire compare --basis calendar` to the cent.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from .catalog import Catalog
from .choices import GroupBy, Point
from .cost import item_rates, median_dates, prorate, window_months
from .errors import InputError, MlhireError, UsageError
from .files import read_limited
from .limits import MAX_HEADCOUNT, check_months
from .money import to_cents
from .problems import Problem, problem_from_message
from .timeline import add_months_fractional, parse_month_or_date

PLAN_COLUMNS = ("role", "path", "start", "headcount")
MAX_PLAN_BYTES = 64 * 1024 * 1024
ALL = "all"


@dataclass(frozen=True, slots=True)
class Hire:
    """One row of a hiring plan: `headcount` hires of `role` through `path`, decided on `start`."""

    role: str
    path: str
    start: date
    headcount: int = 1
    label: str = ""
    row: int = 0  # 1-based data row in the plan file (0: from the command line)


@dataclass(slots=True)  # not frozen: a large plan makes hundreds of thousands of these
class BudgetRow:
    month: date
    path: str
    role: str
    label: str
    recurring: Decimal
    one_time: Decimal
    cumulative: Decimal
    estimate: bool  # some of the figures behind it are estimates

    @property
    def total(self) -> Decimal:
        return self.recurring + self.one_time


@dataclass(frozen=True)
class GroupTotal:
    path: str
    role: str
    label: str
    recurring: Decimal
    one_time: Decimal
    estimate: bool

    @property
    def total(self) -> Decimal:
        return self.recurring + self.one_time


@dataclass
class Budget:
    window_start: date
    window_end: date  # exclusive
    months: Decimal
    band: Point
    by: GroupBy
    hires: int
    plan_rows: int
    rows: list[BudgetRow]
    totals: list[GroupTotal]
    currency: str
    plan: str | None = None
    assumptions: list[str] = field(default_factory=list)
    paths_used: list[str] = field(default_factory=list)

    @property
    def recurring(self) -> Decimal:
        return sum((t.recurring for t in self.totals), Decimal("0.00"))

    @property
    def one_time(self) -> Decimal:
        return sum((t.one_time for t in self.totals), Decimal("0.00"))

    @property
    def total(self) -> Decimal:
        return self.recurring + self.one_time


# ---------------------------------------------------------------- plans


class _PlanError(Exception):
    pass


def _hire_from(record: dict[str, Any], catalog: Catalog) -> Hire:
    def text(key: str) -> str:
        value = record.get(key)
        if value is None or str(value).strip() == "":
            raise _PlanError(f"missing {key}")
        return str(value).strip()

    role, path = text("role"), text("path")
    if role not in catalog.roles:
        raise _PlanError(f"unknown role {role!r}; known roles: {', '.join(catalog.roles)}")
    if path not in catalog.paths:
        raise _PlanError(f"unknown path {path!r}; known paths: {', '.join(catalog.paths)}")
    raw_start = record.get("start")
    if isinstance(raw_start, date):
        start = raw_start
    else:
        try:
            start = parse_month_or_date(text("start"), subject="start")
        except UsageError as exc:
            raise _PlanError(exc.message) from None
    raw_count = record.get("headcount")
    count_text = text("headcount")
    try:
        headcount = (
            raw_count if isinstance(raw_count, int) and not isinstance(raw_count, bool) else int(count_text)
        )
    except ValueError:
        raise _PlanError(f"headcount {count_text!r} is not a whole number") from None
    if not 1 <= headcount <= MAX_HEADCOUNT:
        raise _PlanError(f"headcount {headcount} must be 1 to {MAX_HEADCOUNT}")
    label = record.get("label")
    return Hire(role, path, start, headcount, "" if label is None else str(label).strip())


def _csv_records(text: str, name: str) -> Iterable[tuple[int, int, dict[str, Any]]]:
    dialect = "excel-tab" if name.lower().endswith(".tsv") else "excel"
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    header = [column.strip().lower() for column in reader.fieldnames or []]
    missing = [column for column in PLAN_COLUMNS if column not in header]
    if missing:
        raise InputError(
            f"{name}: missing column(s) {', '.join(missing)}; expected {','.join(PLAN_COLUMNS)}[,label]"
        )
    reader.fieldnames = header
    for index, record in enumerate(reader, start=1):
        if None in record:
            raise InputError(f"{name}:{reader.line_num}: row {index}: more cells than columns")
        if not any((value or "").strip() for value in record.values()):
            continue  # blank line
        yield index, reader.line_num, record


def _yaml_records(path: Path, name: str) -> Iterable[tuple[int, int | None, dict[str, Any]]]:
    from .reader import read_yaml  # YAML plans only: CSV plans never load the YAML reader

    parsed = read_yaml(path, display=name)
    hires = parsed.content.get("hires") if isinstance(parsed.content, dict) else None
    if not isinstance(hires, list):
        raise InputError(f"{name}: expected a mapping with a `hires:` list")
    for index, record in enumerate(hires, start=1):
        line, _ = parsed.locate(("hires", index - 1))
        if not isinstance(record, dict):
            raise InputError(
                f"{name}:{line}: row {index}: expected a mapping with role, path, start, headcount"
            )
        unknown = sorted(str(key) for key in record if key not in {*PLAN_COLUMNS, "label"})
        if unknown:
            listed = ", ".join(key if key.isprintable() else repr(key) for key in unknown)
            raise InputError(f"{name}:{line}: row {index}: unknown key(s) {listed}")
        yield index, line, record


def _plan_records(path: Path) -> Iterable[tuple[int, int | None, dict[str, Any]]]:
    """(row number, line, record) of each plan row; InputError for a bad file."""
    name = str(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".tsv", ".yaml", ".yml"):
        raise UsageError(f"--plan: {name}: use a .csv, .tsv, .yaml or .yml file")
    if suffix in (".yaml", ".yml"):
        return _yaml_records(path, name)
    raw = read_limited(path, display=f"--plan: {name}", limit=MAX_PLAN_BYTES, error=InputError)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"--plan: {name}: not UTF-8 text") from None
    return _csv_records(text, name)


def _hires(path: Path, catalog: Catalog) -> Iterable[Hire | InputError]:
    """Each plan row as a Hire, or the error that row has (file errors are raised)."""
    name = str(path)
    try:
        for index, line, record in _plan_records(path):
            try:
                hire = _hire_from(record, catalog)
            except _PlanError as exc:
                where = f"{name}:{line}" if line else name
                yield InputError(f"{where}: row {index}: {exc}")
            else:
                yield Hire(hire.role, hire.path, hire.start, hire.headcount, hire.label, index)
    except csv.Error as exc:
        raise InputError(f"{name}: invalid CSV ({exc})") from None


def read_plan(path: Path, catalog: Catalog) -> list[Hire]:
    """Read a CSV/TSV (role,path,start,headcount[,label]) or YAML (`hires:`) plan."""
    hires = []
    for hire in _hires(path, catalog):
        if isinstance(hire, InputError):
            raise hire
        hires.append(hire)
    if not hires:
        raise InputError(f"{path}: the plan has no hires")
    return hires


def plan_problems(path: Path, catalog: Catalog) -> list[Problem]:
    """Every problem of a plan file (for `mlhire validate`), not only the first."""
    problems: list[Problem] = []
    rows = 0
    try:
        for hire in _hires(path, catalog):
            rows += 1
            if isinstance(hire, InputError):
                problems.append(problem_from_message(str(path), hire.message))
    except MlhireError as exc:  # the file as a whole: unreadable, not YAML, missing columns
        return [problem_from_message(str(path), exc.message)]
    if rows == 0:
        problems.append(Problem(str(path), "the plan has no hires"))
    return problems


# ---------------------------------------------------------------- schedules


class _Schedules:
    """Per-hire monthly cents of each (role, path, decision date), memoised."""

    def __init__(self, catalog: Catalog, window_start: date, window_end: date, point: Point) -> None:
        self.catalog = catalog
        self.window_start = window_start
        self.window_end = window_end
        self.point = point
        self.months = window_months(window_start, window_end)
        self._rates: dict[tuple[str, str], tuple[list[Decimal], int]] = {}
        self._hires: dict[tuple[str, str, date], list[tuple[int, int, int]]] = {}

    def _rates_of(self, role_id: str, path_id: str) -> tuple[list[Decimal], int]:
        """Monthly amounts of the recurring items, and the one-time cents, per hire."""
        key = (role_id, path_id)
        if key not in self._rates:
            rates = item_rates(self.catalog.paths[path_id], self.catalog.roles[role_id])
            recurring = [r.amount.pick(self.point) for r in rates if r.kind == "recurring"]
            one_time = sum(_cents(to_cents(r.amount.pick(self.point))) for r in rates if r.kind == "one_time")
            self._rates[key] = (recurring, one_time)
        return self._rates[key]

    def cells(self, role_id: str, path_id: str, decided: date) -> list[tuple[int, int, int]]:
        """(month index, recurring cents, one-time cents) for one hire."""
        key = (role_id, path_id, decided)
        cached = self._hires.get(key)
        if cached is not None:
            return cached
        recurring, one_time = self._rates_of(role_id, path_id)
        starts_on, _ = median_dates(self.catalog.paths[path_id], decided)
        accrue_from = max(starts_on, self.window_start)
        starts_inside = self.window_start <= starts_on < self.window_end
        full = sum(_cents(to_cents(amount)) for amount in recurring)
        result = []
        for index, month in enumerate(self.months):
            active = month.active_days(accrue_from, self.window_end)
            if active == 0:
                continue
            if active == month.days:
                cents = full
            else:
                cents = sum(_cents(prorate(amount, active, month.days)) for amount in recurring)
            result.append((index, cents, one_time if starts_inside and month.holds(starts_on) else 0))
        self._hires[key] = result
        return result


def _cents(value: Decimal) -> int:
    return int(value * 100)


_MONEY: dict[int, Decimal] = {}


def _money(cents: int) -> Decimal:
    """Integer cents as a Decimal with two places (memoised: plans repeat amounts)."""
    value = _MONEY.get(cents)
    if value is None:
        value = _MONEY[cents] = Decimal(cents).scaleb(-2)
        if len(_MONEY) > 1_000_000:
            _MONEY.clear()
    return value


def _group(hire: Hire, by: GroupBy) -> tuple[str, ...]:
    if by == "path":
        return (hire.path,)
    if by == "role":
        return (hire.role,)
    if by == "row":
        return (hire.label or f"row {hire.row}", hire.path, hire.role)
    return ()


def budget(
    catalog: Catalog,
    hires: Sequence[Hire],
    *,
    start: date,
    months: Decimal,
    band: Point = Point.mid,
    by: GroupBy = GroupBy.path,
    plan: str | None = None,
) -> Budget:
    """Month-by-month cost of `hires` within [start, start + months)."""
    band, by = Point(band), GroupBy(by)  # ValueError for a word outside the enums
    check_months(months)
    window_end = add_months_fractional(start, months)
    schedules = _Schedules(catalog, start, window_end, band)
    sums: dict[tuple[str, ...], list[list[int]]] = {}
    members: dict[tuple[str, ...], tuple[set[str], set[str], str]] = {}
    count = len(schedules.months)
    for hire in hires:
        key = _group(hire, by)
        grid = sums.get(key)
        if grid is None:
            grid = sums[key] = [[0, 0] for _ in range(count)]
            members[key] = (set(), set(), key[0] if by == "row" else "")
        members[key][0].add(hire.path)
        members[key][1].add(hire.role)
        for index, recurring, one_time in schedules.cells(hire.role, hire.path, hire.start):
            cell = grid[index]
            cell[0] += recurring * hire.headcount
            cell[1] += one_time * hire.headcount
    keys = sorted(sums)
    names = []
    totals: list[GroupTotal] = []
    for key in keys:
        paths, roles, label = members[key]
        path_id = next(iter(paths)) if len(paths) == 1 else ALL
        role_id = next(iter(roles)) if len(roles) == 1 else ALL
        estimate = any(item.estimate for path in paths for item in catalog.paths[path].items)
        names.append((path_id, role_id, label, estimate))
        recurring_total = sum(cell[0] for cell in sums[key])
        one_time_total = sum(cell[1] for cell in sums[key])
        totals.append(
            GroupTotal(path_id, role_id, label, _money(recurring_total), _money(one_time_total), estimate)
        )
    rows: list[BudgetRow] = []  # month by month, groups in key order within a month
    running = [0] * len(keys)
    for index, month in enumerate(schedules.months):
        for position, key in enumerate(keys):
            recurring, one_time = sums[key][index]
            running[position] += recurring + one_time
            path_id, role_id, label, estimate = names[position]
            rows.append(
                BudgetRow(
                    month.first,
                    path_id,
                    role_id,
                    label,
                    _money(recurring),
                    _money(one_time),
                    _money(running[position]),
                    estimate,
                )
            )
    n = f"{months.normalize():f}"
    assumptions = [
        f"Window: {start.isoformat()} to {window_end.isoformat()} (exclusive), {n} months; band: {band}.",
        "Each hire's start = its decision date + the path's median time to start; recurring costs "
        "accrue from then, prorated by calendar days (days in the window / days in the month).",
        "One-time costs fall in the month of the start, once per hire, if the start is in the window.",
        "Each item is rounded to the cent per month and hire; sums are exact.",
    ]
    return Budget(
        start,
        window_end,
        months,
        band,
        by,
        sum(h.headcount for h in hires),
        len(hires),
        rows,
        totals,
        catalog.currency,
        plan,
        assumptions,
        sorted({hire.path for hire in hires}),
    )
