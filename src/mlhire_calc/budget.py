"""Monthly budget schedules for one hire or a whole hiring plan.

Each hire's months come from the cost model's one monthly schedule
(`schedule.schedule`): recurring items and their yearly increases accrue from the
join date (a plan row's `joins`, else decision date + the path's median time to
start) through the row's last day if it has one, prorated by calendar days in a
partial month; one-time items fall in the month of the join date; expected
replacement costs accrue monthly where you bear them. Amounts are summed in integer cents, so a
plan of any size adds up exactly and matches `mlhire compare --basis calendar` to
the cent.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal

from .catalog import Catalog
from .choices import GroupBy, Point
from .errors import UsageError
from .lifecycle import tenure
from .limits import check_months
from .money import total
from .plans import Hire, monthly_rate
from .rates import item_rates
from .schedule import schedule, window_months
from .timeline import add_months_fractional

ALL = "all"


@dataclass(slots=True)  # not frozen: a large plan makes hundreds of thousands of these
class BudgetRow:
    month: date
    path: str
    role: str
    label: str
    recurring: Decimal
    one_time: Decimal
    expected: Decimal
    cumulative: Decimal
    estimate: bool  # some of the figures behind it are estimates

    @property
    def total(self) -> Decimal:
        return self.recurring + self.one_time + self.expected


@dataclass(frozen=True)
class GroupTotal:
    path: str
    role: str
    label: str
    recurring: Decimal
    one_time: Decimal
    expected: Decimal
    estimate: bool

    @property
    def total(self) -> Decimal:
        return self.recurring + self.one_time + self.expected


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
    alternatives: bool = False  # alternative paths for one need, not a plan: no grand total

    @property
    def recurring(self) -> Decimal:
        return sum((t.recurring for t in self.totals), Decimal("0.00"))

    @property
    def one_time(self) -> Decimal:
        return sum((t.one_time for t in self.totals), Decimal("0.00"))

    @property
    def expected(self) -> Decimal:
        return sum((t.expected for t in self.totals), Decimal("0.00"))

    @property
    def total(self) -> Decimal:
        return self.recurring + self.one_time + self.expected


class _Schedules:
    """Per-hire monthly cents of each (role, path, decision date), memoised."""

    def __init__(self, catalog: Catalog, window_start: date, window_end: date, point: Point) -> None:
        self.catalog = catalog
        self.window_start = window_start
        self.window_end = window_end
        self.point = point
        self.months = window_months(window_start, window_end)
        self._hires: dict[tuple[object, ...], list[tuple[int, int, int, int]]] = {}

    def cells(self, hire: Hire) -> list[tuple[int, int, int, int]]:
        """(month index, recurring, one-time and expected cents) for one engineer of `hire`.

        Recurring costs accrue from the join date through the last day (inclusive);
        one-time costs fall in the month of the join date.
        """
        key = (hire.role, hire.path, hire.start, hire.joins, hire.last_day, hire.monthly)
        cached = self._hires.get(key)
        if cached is not None:
            return cached
        path, role = self.catalog.paths[hire.path], self.catalog.roles[hire.role]
        rates = item_rates(path, role, self.catalog)
        if hire.monthly is not None:  # the row's own monthly cost replaces the recurring items
            rates = [monthly_rate(hire.monthly), *(rate for rate in rates if rate.kind != "recurring")]
        life = tenure(path, role, hire.start)
        if hire.joins is not None:
            life = replace(
                life, starts_on=hire.joins, first_pr_on=hire.joins + (life.first_pr_on - life.starts_on)
            )
        until = None if hire.last_day is None else hire.last_day + timedelta(days=1)
        kinds = [rate.kind for rate in rates]
        rows = schedule(rates, life, self.window_start, self.window_end, accrue_until=until)
        point = self.point
        result = []
        for index, row in enumerate(rows):
            cells = list(zip(row.items, kinds, strict=True))
            recurring = total(cell for cell, kind in cells if kind == "recurring") + row.raises
            one_time = total(cell for cell, kind in cells if kind == "one_time")
            cents = (
                _cents(recurring.pick(point)),
                _cents(one_time.pick(point)),
                _cents(row.expected.pick(point)),
            )
            if any(cents):
                result.append((index, *cents))
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
    alternatives: bool = False,
) -> Budget:
    """Month-by-month cost of `hires` within [start, start + months).

    With `alternatives`, the hires are paths to choose between (one per path), so
    they are only grouped by path or row and have no grand total.
    """
    band, by = Point(band), GroupBy(by)  # ValueError for a word outside the enums
    check_months(months)
    if alternatives and by in (GroupBy.month, GroupBy.role):
        raise UsageError(
            f"alternative paths are shown side by side; grouping them by {by} would add them up "
            "(a hiring plan adds up its rows)",
            subject="group by",
        )
    window_end = add_months_fractional(start, months)
    schedules = _Schedules(catalog, start, window_end, band)
    sums: dict[tuple[str, ...], list[list[int]]] = {}
    members: dict[tuple[str, ...], tuple[set[str], set[str], str]] = {}
    count = len(schedules.months)
    for hire in hires:
        key = _group(hire, by)
        grid = sums.get(key)
        if grid is None:
            grid = sums[key] = [[0, 0, 0] for _ in range(count)]
            members[key] = (set(), set(), key[0] if by == "row" else "")
        members[key][0].add(hire.path)
        members[key][1].add(hire.role)
        for index, recurring, one_time, expected in schedules.cells(hire):
            cell = grid[index]
            cell[0] += recurring * hire.headcount
            cell[1] += one_time * hire.headcount
            cell[2] += expected * hire.headcount
    keys = sorted(sums)
    names = []
    totals: list[GroupTotal] = []
    for key in keys:
        paths, roles, label = members[key]
        path_id = next(iter(paths)) if len(paths) == 1 else ALL
        role_id = next(iter(roles)) if len(roles) == 1 else ALL
        estimate = any(item.estimate for path in paths for item in catalog.paths[path].items)
        names.append((path_id, role_id, label, estimate))
        recurring_total, one_time_total, expected_total = (
            sum(column) for column in zip(*sums[key], strict=True)
        )
        totals.append(
            GroupTotal(
                path_id,
                role_id,
                label,
                _money(recurring_total),
                _money(one_time_total),
                _money(expected_total),
                estimate,
            )
        )
    rows: list[BudgetRow] = []  # month by month, groups in key order within a month
    running = [0] * len(keys)
    for index, month in enumerate(schedules.months):
        for position, key in enumerate(keys):
            recurring, one_time, expected = sums[key][index]
            running[position] += recurring + one_time + expected
            path_id, role_id, label, estimate = names[position]
            rows.append(
                BudgetRow(
                    month.first,
                    path_id,
                    role_id,
                    label,
                    _money(recurring),
                    _money(one_time),
                    _money(expected),
                    _money(running[position]),
                    estimate,
                )
            )
    n = f"{months.normalize():f}"
    assumptions = [
        f"Window: {start.isoformat()} to {window_end.isoformat()} (exclusive), {n} months; band: {band}.",
        "Each hire's start = its decision date + the path's median time to start; recurring costs "
        "accrue from then, prorated by calendar days (days in the window / days in the month), "
        "and grow by the path's yearly increase on each anniversary of the start.",
        "One-time costs fall in the month of the start, once per hire, if the start is in the window.",
        "Where you bear replacement, expected replacement costs (yearly attrition / 12 x hiring costs "
        "and paid ramp) accrue each month.",
        "Each item is rounded to the cent per month and hire; sums are exact.",
        *catalog.overrides,
    ]
    if any(hire.joins is not None for hire in hires):
        assumptions.insert(2, "A plan row that gives `joins` starts on that day instead.")
    if any(hire.last_day is not None for hire in hires):
        assumptions.append(
            "A plan row with end, months or until stops accruing recurring costs after its last day "
            "(inclusive; until: the day before the named row's engineer joins), prorated by calendar days."
        )
    if any(hire.monthly is not None for hire in hires):
        assumptions.append(
            "A plan row's `monthly` replaces the sum of its path's recurring items "
            "(per month, per hour and percent of those)."
        )
    if alternatives:
        assumptions.append(
            "The paths are alternatives for the same hire, side by side: they are not added up."
        )
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
        alternatives,
    )
