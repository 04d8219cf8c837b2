"""One engineer's cents in each month of a budget window, for each distinct schedule.

A schedule is what a plan row's months depend on: its role, path, decision and join
dates, last day and `monthly`. Plans repeat them (the same role and path decided the
same day), so each is costed once, and each month's situation once per role, path and
`monthly` (`schedule.Costing`): a plan of a million rows has far fewer of either.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal

from mlhire_calc.domain.catalog import Catalog, Role, SourcingPath
from mlhire_calc.domain.choices import Point
from mlhire_calc.domain.money import total

from .lifecycle import Tenure, tenure
from .plans import Hire, monthly_rate
from .rates import item_rates
from .schedule import Costing, Situation, situations, window_months

_ZERO = (0, 0, 0)


@dataclass(frozen=True, slots=True, eq=False)  # hashed by identity: one per distinct schedule
class Schedule:
    """One engineer's cents in each month of the window, and their sums."""

    cells: tuple[tuple[int, int, int], ...]  # (recurring, one-time, expected) for each month
    recurring: int
    one_time: int
    expected: int
    number: int  # its place in `Schedules.made`
    who: tuple[str, str]  # (path, role), one tuple shared by their schedules


class Schedules:
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
        self._hires: dict[tuple[object, ...], Schedule] = {}
        self.made: list[Schedule] = []  # every distinct schedule, in the order first met
        self._who: dict[tuple[str, str], tuple[str, str]] = {}
        self._costings: dict[tuple[object, ...], Callable[[Situation], tuple[int, int, int]]] = {}

    def of(self, hire: Hire) -> Schedule:
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

    def _make(self, hire: Hire) -> Schedule:
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
        recurring, one_time, expected = (
            (sum(column) for column in zip(*cells, strict=True)) if cells else (0, 0, 0)
        )
        who = self._who.setdefault((hire.path, hire.role), (hire.path, hire.role))
        made = Schedule(tuple(cells), recurring, one_time, expected, len(self.made), who)
        self.made.append(made)
        return made

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
