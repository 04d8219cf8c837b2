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

from array import array
from collections.abc import Iterable, Iterator, MutableSequence, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import NamedTuple, overload

from mlhire_calc.domain.catalog import Catalog
from mlhire_calc.domain.choices import GroupBy, Point
from mlhire_calc.domain.errors import UsageError
from mlhire_calc.domain.limits import check_months
from mlhire_calc.domain.timeline import add_months_fractional

from .plans import Hire
from .schedule import Month, window_months
from .schedules import Schedule, Schedules

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
        running: MutableSequence[int] = array("q", bytes(8 * len(groups)))  # 8 bytes a group, not 40
        money = _MONEY
        make = tuple.__new__  # BudgetRow's fields in order, without a Python-level __new__ per row
        for index, month in enumerate(self._months):
            first = month.first
            for position, (path, role, label, estimate, cells, factor) in enumerate(_parts(groups)):
                recurring, one_time, expected = cells[index]
                if factor != 1:
                    recurring, one_time, expected = recurring * factor, one_time * factor, expected * factor
                total = recurring + one_time + expected
                cumulative = running[position] + total
                try:
                    running[position] = cumulative
                except OverflowError:  # past 2**63 cents: Python's own ints from here on
                    running = list(running)
                    running[position] = cumulative
                yield make(
                    BudgetRow,
                    (
                        first,
                        path,
                        role,
                        label,
                        money[recurring],
                        money[one_time],
                        money[expected],
                        Decimal(cumulative).scaleb(-2),  # running totals rarely repeat: not memoised
                        estimate,
                        money[total],
                    ),
                )


_Parts = tuple[str, str, str, bool, Sequence[tuple[int, int, int]], int]


def _parts(groups: Sequence[_Group]) -> Iterator[_Parts]:
    """(path, role, label, estimate, cells, factor) of each group: what a monthly row needs."""
    if isinstance(groups, _RowGroups):
        return groups.parts()
    return ((g.path, g.role, g.label, g.estimate, g.cells, g.factor) for g in groups)


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


class _Amounts(dict[int, Decimal]):
    """Integer cents as Decimals with two places, each made once: plans repeat amounts."""

    def __missing__(self, cents: int) -> Decimal:
        value = Decimal(cents).scaleb(-2)
        if len(self) >= 20_000:  # about 2.5 MiB
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
    return ()


class _RowGroups(Sequence[_Group]):
    """`--by row`: one group per plan row, in the plan's order, held in a few bytes a row
    (its schedule's number, its headcount, its label's UTF-8 in one buffer), so a plan of a
    million rows is held in tens of MiB, not hundreds. Each `_Group` is made when read."""

    def __init__(self, schedules: Schedules, estimated: dict[str, bool]) -> None:
        self.made = schedules.made  # the distinct schedules, by number
        self.estimated = estimated
        self.schedule = array("L")  # each row's schedule, by number
        self.factor = array("L")  # each row's headcount
        self.ends = array("Q")  # where each row's label ends in `text`
        self.text = bytearray()

    def add(self, hire: Hire, plan: Schedule) -> None:
        self.schedule.append(plan.number)
        self.factor.append(hire.headcount)
        self.text += (hire.label or f"row {hire.row}").encode()
        self.ends.append(len(self.text))

    def __len__(self) -> int:
        return len(self.schedule)

    def __iter__(self) -> Iterator[_Group]:
        for (path, role, label, estimate, cells, factor), number in zip(
            self.parts(), self.schedule, strict=True
        ):
            plan = self.made[number]
            yield _Group(
                path,
                role,
                label,
                estimate,
                cells,
                factor,
                plan.recurring * factor,
                plan.one_time * factor,
                plan.expected * factor,
            )

    def parts(self) -> Iterator[_Parts]:
        """What a monthly row needs of each group, without making the group."""
        made, estimated, text = self.made, self.estimated, self.text
        begin = 0
        for number, factor, end in zip(self.schedule, self.factor, self.ends, strict=True):
            plan = made[number]
            path, role = plan.who
            label = text[begin:end].decode()
            begin = end
            yield path, role, label, estimated[path], plan.cells, factor

    @overload
    def __getitem__(self, index: int) -> _Group: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[_Group]: ...
    def __getitem__(self, index: int | slice) -> _Group | Sequence[_Group]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        plan, factor = self.made[self.schedule[index]], self.factor[index]
        path, role = plan.who
        label = self.text[self.ends[index - 1] if index else 0 : self.ends[index]].decode()
        return _Group(
            path,
            role,
            label,
            self.estimated[path],
            plan.cells,
            factor,
            plan.recurring * factor,
            plan.one_time * factor,
            plan.expected * factor,
        )


@dataclass
class _Seen:
    """What one pass over a plan's rows notes besides the groups."""

    engineers: int = 0
    rows: int = 0
    paths: set[str] = field(default_factory=set)
    joins: bool = False  # some row gives `joins`
    ends: bool = False  # some row has a last day
    monthly: bool = False  # some row gives `monthly`

    def note(self, hire: Hire) -> None:
        """What a hire of a new schedule shows of the plan."""
        self.paths.add(hire.path)
        self.joins = self.joins or hire.joins is not None
        self.ends = self.ends or hire.last_day is not None
        self.monthly = self.monthly or hire.monthly is not None


class _Estimates(dict[str, bool]):
    """Whether each path's costs rest on an estimate: its items', and its conversion fee's
    once a row on it converts."""

    def __init__(self, catalog: Catalog) -> None:
        super().__init__()
        self.converting: dict[str, bool] = {}
        for name, path in catalog.paths.items():
            self[name] = any(item.estimate for item in path.items if item.basis != "conversion")
            self.converting[name] = any(item.estimate for item in path.items if item.basis == "conversion")

    def note(self, hire: Hire) -> None:
        if hire.converts and self.converting[hire.path]:
            self[hire.path] = True


def _rows_of(hires: Iterable[Hire], schedules: Schedules, estimated: _Estimates) -> tuple[_RowGroups, _Seen]:
    """`--by row`: the one pass over the hires, keeping each row compactly."""
    groups = _RowGroups(schedules, estimated)
    seen = _Seen()
    for hire in hires:
        estimated.note(hire)
        seen.rows += 1
        seen.engineers += hire.headcount
        known = len(schedules.made)
        groups.add(hire, schedules.of(hire))
        if len(schedules.made) > known:  # a new schedule
            seen.note(hire)
    return groups, seen


def _groups(
    catalog: Catalog, hires: Iterable[Hire], by: GroupBy, schedules: Schedules
) -> tuple[Sequence[_Group], _Seen]:
    """The groups in key order, and what else the one pass over the hires saw.

    Keeps per group only its members' distinct schedules and their headcounts, never a
    grid of months: a group's cells are its one schedule's (times the headcount), or
    summed once from its distinct schedules.
    """
    # a path's conversion fee counts only where a row converts (`_Estimates.note`)
    estimated = _Estimates(catalog)
    if by == "row":
        return _rows_of(hires, schedules, estimated)
    members: dict[tuple[str, ...], dict[Schedule, int] | tuple[Schedule, int]] = {}
    who: dict[Schedule, tuple[str, str]] = {}
    seen = _Seen()
    for hire in hires:
        seen.rows += 1
        seen.engineers += hire.headcount
        estimated.note(hire)
        key = _group(hire, by)
        plan = schedules.of(hire)
        if plan not in who:
            who[plan] = (hire.path, hire.role)
            seen.note(hire)
        found = members.get(key)
        if found is None:  # most groups of `--by row` have one member: kept as a pair
            members[key] = (plan, hire.headcount)
            continue
        if isinstance(found, tuple):
            found = members[key] = {found[0]: found[1]}
        found[plan] = found.get(plan, 0) + hire.headcount
    groups = []
    for key in sorted(members):
        found = members.pop(key)
        parts = [found] if isinstance(found, tuple) else list(found.items())
        paths = {who[plan][0] for plan, _ in parts}
        roles = {who[plan][1] for plan, _ in parts}
        path_id = next(iter(paths)) if len(paths) == 1 else ALL
        role_id = next(iter(roles)) if len(roles) == 1 else ALL
        label = ""
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
    hires: Iterable[Hire],
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
    schedules = Schedules(catalog, start, window_end, band)
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
