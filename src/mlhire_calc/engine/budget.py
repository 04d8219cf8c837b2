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

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal
from typing import NamedTuple

from mlhire_calc.domain.catalog import Catalog, Role, SourcingPath
from mlhire_calc.domain.choices import GroupBy, Point
from mlhire_calc.domain.errors import UsageError
from mlhire_calc.domain.limits import check_months
from mlhire_calc.domain.money import total
from mlhire_calc.domain.timeline import add_months_fractional

from .lifecycle import Tenure, tenure
from .plans import Hire, monthly_rate
from .rates import item_rates
from .schedule import Costing, Month, Situation, situations, window_months

ALL = "all"


class BudgetRow(NamedTuple):  # a tuple: a large plan makes tens of millions, one at a time
    month: date
    path: str
    role: str
    label: str
    recurring: Decimal
    one_time: Decimal
    expected: Decimal
    cumulative: Decimal
    estimate: bool  # some of the figures behind it are estimates
    total: Decimal  # recurring + one-time + expected


@dataclass(frozen=True)
class GroupTotal:
    """One group's totals over the budget window."""

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


@dataclass(slots=True)
class _Group:
    """One group of hires: who it is, its cents per month (times `factor`), its totals in cents."""

    path: str
    role: str
    label: str
    estimate: bool
    cells: Sequence[tuple[int, int, int]]  # (recurring, one-time, expected) cents for each month
    factor: int  # engineers the cells are multiplied by (1 when the cells are already summed)
    recurring: int
    one_time: int
    expected: int


class _Rows:
    """A budget's monthly rows, made each time they are read: month by month, groups in order.

    Holds the groups (one per plan row with `--by row`), never the rows: a plan of a
    million hires over 36 months is read row by row in memory flat in the months.
    """

    def __init__(self, months: Sequence[Month], groups: Sequence[_Group]) -> None:
        self._months = months
        self._groups = groups

    def __len__(self) -> int:
        return len(self._months) * len(self._groups)

    def __iter__(self) -> Iterator[BudgetRow]:
        groups = self._groups
        running = [0] * len(groups)
        money = _MONEY
        make = tuple.__new__  # BudgetRow's fields in order, without a Python-level __new__ per row
        for index, month in enumerate(self._months):
            first = month.first
            for position, group in enumerate(groups):
                recurring, one_time, expected = group.cells[index]
                factor = group.factor
                if factor != 1:
                    recurring, one_time, expected = recurring * factor, one_time * factor, expected * factor
                total = recurring + one_time + expected
                cumulative = running[position] = running[position] + total
                yield make(
                    BudgetRow,
                    (
                        first,
                        group.path,
                        group.role,
                        group.label,
                        money[recurring],
                        money[one_time],
                        money[expected],
                        Decimal(cumulative).scaleb(-2),  # running totals rarely repeat: not memoised
                        group.estimate,
                        money[total],
                    ),
                )


class _Totals:
    """Each group's total over the window, made each time they are read."""

    def __init__(self, groups: Sequence[_Group]) -> None:
        self._groups = groups

    def __len__(self) -> int:
        return len(self._groups)

    def __iter__(self) -> Iterator[GroupTotal]:
        for group in self._groups:
            yield GroupTotal(
                group.path,
                group.role,
                group.label,
                _money(group.recurring),
                _money(group.one_time),
                _money(group.expected),
                group.estimate,
            )


@dataclass
class Budget:
    """A budget's window, its rows and group totals (both read lazily), and its grand total.

    `rows` and `totals` can be read any number of times; each read makes them anew.
    """

    window_start: date
    window_end: date  # exclusive
    months: Decimal
    band: Point
    by: GroupBy
    hires: int
    plan_rows: int
    rows: Iterable[BudgetRow]
    totals: Iterable[GroupTotal]
    currency: str
    plan: str | None = None
    plan_features: frozenset[str] = frozenset()  # what the plan's rows use: joins, ends, monthly
    paths_used: list[str] = field(default_factory=list)
    alternatives: bool = False  # alternative paths for one need, not a plan: no grand total
    recurring: Decimal = Decimal("0.00")  # the sums over every group
    one_time: Decimal = Decimal("0.00")
    expected: Decimal = Decimal("0.00")
    groups: int = 0  # how many groups (rows per month)

    @property
    def calendar_months(self) -> int:
        """How many calendar months the window touches (monthly rows per group)."""
        return len(window_months(self.window_start, self.window_end))

    @property
    def total(self) -> Decimal:
        return self.recurring + self.one_time + self.expected


_ZERO = (0, 0, 0)


@dataclass(frozen=True, slots=True, eq=False)  # hashed by identity: one per distinct schedule
class _Schedule:
    """One engineer's cents in each month of the window, and their sums."""

    cells: tuple[tuple[int, int, int], ...]  # (recurring, one-time, expected) for each month
    recurring: int
    one_time: int
    expected: int


class _Schedules:
    """Per-hire monthly cents of each distinct (role, path, dates, monthly), memoised.

    Plans repeat schedules (the same role and path decided the same day), so a plan of
    a million rows has far fewer of them than rows.
    """

    def __init__(self, catalog: Catalog, window_start: date, window_end: date, point: Point) -> None:
        self.catalog = catalog
        self.window_start = window_start
        self.window_end = window_end
        self.point = point
        self.months = window_months(window_start, window_end)
        self._hires: dict[tuple[object, ...], _Schedule] = {}
        self._costings: dict[tuple[object, ...], Callable[[Situation], tuple[int, int, int]]] = {}

    def of(self, hire: Hire) -> _Schedule:
        """One engineer of `hire`, month by month.

        Recurring costs accrue from the join date through the last day (inclusive);
        one-time costs fall in the month of the join date, a conversion fee in the month
        of the day after the last day.
        """
        key = (hire.role, hire.path, hire.start, hire.joins, hire.last_day, hire.monthly, hire.converts)
        cached = self._hires.get(key)
        if cached is None:
            cached = self._hires[key] = self._make(hire)
        return cached

    def _make(self, hire: Hire) -> _Schedule:
        path, role = self.catalog.paths[hire.path], self.catalog.roles[hire.role]
        life = tenure(path, role, hire.start)
        if hire.joins is not None:
            life = replace(
                life, starts_on=hire.joins, first_pr_on=hire.joins + (life.first_pr_on - life.starts_on)
            )
        until = None if hire.last_day is None else hire.last_day + timedelta(days=1)
        month_cents = self._month_cents(hire, path, role, life)
        converts_on = until if hire.converts else None
        cells = [
            month_cents(situation)
            for _, situation in situations(
                life, self.window_start, self.window_end, accrue_until=until, converts_on=converts_on
            )
        ]
        sums = [sum(column) for column in zip(*cells, strict=True)] if cells else [0, 0, 0]
        return _Schedule(tuple(cells), *sums)

    def _month_cents(
        self, hire: Hire, path: SourcingPath, role: Role, life: Tenure
    ) -> Callable[[Situation], tuple[int, int, int]]:
        """(recurring, one-time, expected) cents of a month by its situation, for the hire's
        rates: shared by every hire of the same role, path and `monthly`."""
        key = (hire.role, hire.path, hire.monthly, hire.converts)
        found = self._costings.get(key)
        if found is not None:
            return found
        rates = item_rates(path, role, self.catalog, converts=hire.converts)
        if hire.monthly is not None:  # the row's own monthly cost replaces the recurring items
            rates = [monthly_rate(hire.monthly), *(rate for rate in rates if rate.kind != "recurring")]
        costing = Costing(rates, life)
        kinds = [rate.kind for rate in rates]
        point = self.point
        memo: dict[Situation, tuple[int, int, int]] = {}

        def month_cents(situation: Situation) -> tuple[int, int, int]:
            cents = memo.get(situation)
            if cents is None:
                items, raises, hiring, ramp = costing.cost(situation)  # memoised here, as cents
                pairs = list(zip(items, kinds, strict=True))
                recurring = total(cell for cell, kind in pairs if kind == "recurring") + raises
                one_time = total(cell for cell, kind in pairs if kind in ("one_time", "conversion"))
                cents = (
                    _cents(recurring.pick(point)),
                    _cents(one_time.pick(point)),
                    _cents((hiring + ramp).pick(point)),
                )
                cents = memo[situation] = cents if any(cents) else _ZERO
            return cents

        self._costings[key] = month_cents
        return month_cents


def _cents(value: Decimal) -> int:
    return int(value * 100)


class _Amounts(dict[int, Decimal]):
    """Integer cents as Decimals with two places, each made once: plans repeat amounts."""

    def __missing__(self, cents: int) -> Decimal:
        value = Decimal(cents).scaleb(-2)
        if len(self) >= 100_000:
            self.clear()
        self[cents] = value
        return value


_MONEY = _Amounts()


def _money(cents: int) -> Decimal:
    """Integer cents as a Decimal with two places."""
    return _MONEY[cents]


def _group(hire: Hire, by: GroupBy) -> tuple[str, ...]:
    if by == "path":
        return (hire.path,)
    if by == "role":
        return (hire.role,)
    if by == "row":
        return (hire.label or f"row {hire.row}", hire.path, hire.role)
    return ()


@dataclass
class _Seen:
    """What one pass over a plan's rows notes besides the groups."""

    engineers: int = 0
    rows: int = 0
    paths: set[str] = field(default_factory=set)
    joins: bool = False  # some row gives `joins`
    ends: bool = False  # some row has a last day
    monthly: bool = False  # some row gives `monthly`


def _groups(
    catalog: Catalog, hires: Iterable[Hire], by: GroupBy, schedules: _Schedules
) -> tuple[list[_Group], _Seen]:
    """The groups in key order, and what else the one pass over the hires saw.

    Keeps per group only its members' distinct schedules and their headcounts, never a
    grid of months: a group's cells are its one schedule's (times the headcount), or
    summed once from its distinct schedules.
    """
    members: dict[tuple[str, ...], dict[_Schedule, int] | tuple[_Schedule, int]] = {}
    who: dict[_Schedule, tuple[str, str]] = {}
    seen = _Seen()
    for hire in hires:
        seen.rows += 1
        seen.engineers += hire.headcount
        key = _group(hire, by)
        plan = schedules.of(hire)
        if plan not in who:
            who[plan] = (hire.path, hire.role)
            seen.paths.add(hire.path)
            seen.joins = seen.joins or hire.joins is not None
            seen.ends = seen.ends or hire.last_day is not None
            seen.monthly = seen.monthly or hire.monthly is not None
        found = members.get(key)
        if found is None:  # most groups of `--by row` have one member: kept as a pair
            members[key] = (plan, hire.headcount)
            continue
        if isinstance(found, tuple):
            found = members[key] = {found[0]: found[1]}
        found[plan] = found.get(plan, 0) + hire.headcount
    estimated = {name: any(item.estimate for item in path.items) for name, path in catalog.paths.items()}
    groups = []
    for key in sorted(members):
        found = members.pop(key)
        parts = [found] if isinstance(found, tuple) else list(found.items())
        paths = {who[plan][0] for plan, _ in parts}
        roles = {who[plan][1] for plan, _ in parts}
        path_id = next(iter(paths)) if len(paths) == 1 else ALL
        role_id = next(iter(roles)) if len(roles) == 1 else ALL
        label = key[0] if by == "row" else ""
        estimate = any(estimated[path] for path in paths)
        if len(parts) == 1:
            plan, factor = parts[0]
            cells: Sequence[tuple[int, int, int]] = plan.cells
        else:
            factor = 1
            cells = [
                (
                    sum(plan.cells[index][0] * count for plan, count in parts),
                    sum(plan.cells[index][1] * count for plan, count in parts),
                    sum(plan.cells[index][2] * count for plan, count in parts),
                )
                for index in range(len(schedules.months))
            ]
        groups.append(
            _Group(
                path_id,
                role_id,
                label,
                estimate,
                cells,
                factor,
                sum(plan.recurring * count for plan, count in parts),
                sum(plan.one_time * count for plan, count in parts),
                sum(plan.expected * count for plan, count in parts),
            )
        )
    return groups, seen


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

    One pass over the hires sums each group's totals; the monthly rows are made when
    `rows` is read, one at a time, so memory grows with the groups, not the rows.
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
    groups, seen = _groups(catalog, hires, by, schedules)
    features = frozenset(
        name
        for name, present in (("joins", seen.joins), ("ends", seen.ends), ("monthly", seen.monthly))
        if present
    )
    return Budget(
        start,
        window_end,
        months,
        band,
        by,
        seen.engineers,
        seen.rows,
        _Rows(schedules.months, groups),
        _Totals(groups),
        catalog.currency,
        plan,
        features,
        sorted(seen.paths),
        alternatives,
        _money(sum(group.recurring for group in groups)),
        _money(sum(group.one_time for group in groups)),
        _money(sum(group.expected for group in groups)),
        len(groups),
    )
