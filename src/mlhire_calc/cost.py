"""The cost model: line items -> subtotals -> totals, and monthly schedules.

Pure functions over the validated catalog. Rules (also in the README):
- recurring items accrue from the path's start (engagement or hire date);
- shipped work counts from the first PR;
- one-time items fall on the start date, once per hire;
- dates use each time range's median; low / mid / high vary the amounts;
- every line item is rounded to the cent once, and subtotals and totals are sums
  of rounded items, so every output format adds up exactly.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Literal

from .catalog import Catalog, CostItem, Range, Role, RoleBandRef, SourcingPath
from .choices import Basis
from .errors import InputError
from .limits import check_headcount, check_months
from .money import POINTS, Band, percent_text, range_text, to_cents, total
from .timeline import DAYS_PER_MONTH, add_days, add_months_fractional

Kind = Literal["recurring", "one_time"]
DEFAULT_BASELINE = "in-house-fte"
MONTH_DAYS = Decimal(str(DAYS_PER_MONTH))


@dataclass(frozen=True)
class Rate:
    """What an item costs per hire: per month (recurring) or once (one-time)."""

    item: CostItem
    kind: Kind
    amount: Band  # per month for recurring items, per hire for one-time items
    detail: str


@dataclass(frozen=True)
class LineItem:
    id: str
    name: str
    kind: Kind
    amount: Band  # rounded to cents
    estimate: bool
    source: str
    source_title: str
    as_of: date
    note: str | None
    detail: str


@dataclass(frozen=True)
class PathCost:
    path: SourcingPath
    items: list[LineItem]
    starts_on: date
    first_pr_on: date
    paid_months: Decimal
    work_months: Decimal
    done_on: date | None  # work basis: the day the months of work are done

    @property
    def recurring(self) -> Band:
        return total(i.amount for i in self.items if i.kind == "recurring")

    @property
    def one_time(self) -> Band:
        return total(i.amount for i in self.items if i.kind == "one_time")

    @property
    def total(self) -> Band:
        return self.recurring + self.one_time

    @property
    def estimate(self) -> bool:
        return any(i.estimate for i in self.items)


@dataclass(frozen=True)
class Comparison:
    role: Role
    basis: Basis
    months: Decimal
    headcount: int
    start: date
    paths: list[PathCost]
    baseline: PathCost | None
    currency: str
    assumptions: list[str] = field(default_factory=list)

    def savings(self, cost: PathCost) -> tuple[Band, Band] | None:
        """Against the baseline: (amount, fraction of the baseline's total)."""
        if self.baseline is None or cost.path.id == self.baseline.path.id:
            return None
        base = self.baseline.total
        amount = base - cost.total
        share = Band(*((amount.pick(p) / base.pick(p)) if base.pick(p) else Decimal(0) for p in POINTS))
        return amount, share


def _band(value: Decimal | Range | RoleBandRef | None, role: Role) -> Band:
    if isinstance(value, Decimal):
        return Band.point(value)
    if isinstance(value, RoleBandRef):
        return role.loaded_monthly.band()
    if isinstance(value, Range):
        return value.band()
    return Band.zero()


def _range_text(band: Band) -> str:
    return range_text(band.low, band.high)


def _percents(rate: Band) -> str:
    if rate.low == rate.high:
        return percent_text(rate.low)
    return f"{percent_text(rate.low)}-{percent_text(rate.high)}"


def item_rates(path: SourcingPath, role: Role) -> list[Rate]:
    """Per-hire monthly or one-time amounts of each item, percent items resolved."""
    monthly: dict[str, Band] = {}
    rates: list[Rate] = []
    for item in path.items:
        if item.per in ("month", "hour"):
            base = _band(item.amount, role)
            if item.per == "hour":
                assert item.hours_per_month is not None  # guaranteed by the model
                hours = item.hours_per_month.value
                amount = base * hours
                detail = f"{_range_text(base)}/hour x {hours:g} hours"
            else:
                amount = base
                detail = f"{_range_text(base)}/month"
            monthly[item.id] = amount
            rates.append(Rate(item, "recurring", amount, detail))
    for item in path.items:
        if item.per == "hire":
            base = _band(item.amount, role)
            rates.append(Rate(item, "one_time", base, f"{_range_text(base)} per hire"))
        elif item.per == "percent":
            target = monthly.get(item.of or "")
            if target is None:
                raise InputError(f"path {path.id!r}: item {item.id!r} refers to unknown item {item.of!r}")
            rate = _band(item.rate, role)
            pct = f"{_percents(rate)} of {item.of}"
            if item.basis == "first_year":
                rates.append(Rate(item, "one_time", target * rate * 12, f"{pct} x 12 months"))
            else:
                rates.append(Rate(item, "recurring", target * rate, pct))
    order = {item.id: index for index, item in enumerate(path.items)}
    return sorted(rates, key=lambda r: order[r.item.id])


def median_dates(path: SourcingPath, start: date) -> tuple[date, date]:
    """The start (engagement or hire) date and the first-PR date, at their medians."""
    starts_on = add_days(start, path.time_to_start.dist().median)
    first_pr_on = add_days(start, path.time_to_first_pr.dist().median)
    return starts_on, max(first_pr_on, starts_on)


def _line(rate: Rate, amount: Band, detail: str, catalog: Catalog) -> LineItem:
    item = rate.item
    return LineItem(
        id=item.id,
        name=item.name,
        kind=rate.kind,
        amount=amount.cents(),
        estimate=item.estimate,
        source=item.source,
        source_title=catalog.source_title(item.source),
        as_of=item.as_of,
        note=item.note,
        detail=detail,
    )


def months_between(first: date, last: date) -> Decimal:
    """Calendar days from `first` to `last` in average months (never negative)."""
    return max(Decimal(0), Decimal((last - first).days) / MONTH_DAYS)


def work_cost(
    path: SourcingPath,
    role: Role,
    catalog: Catalog,
    *,
    start: date,
    months: Decimal,
    headcount: int,
) -> PathCost:
    """Cost of `months` of shipped work: paid from the start until the work is done."""
    starts_on, first_pr_on = median_dates(path, start)
    ramp = months_between(starts_on, first_pr_on)
    paid = months + ramp
    done_on = add_months_fractional(first_pr_on, months)
    lines = []
    for rate in item_rates(path, role):
        if rate.kind == "recurring":
            amount = (rate.amount * paid).cents() * headcount
            detail = f"{rate.detail} x {paid.normalize():f} months"
        else:
            amount = rate.amount.cents() * headcount
            detail = rate.detail
        if headcount != 1:
            detail += f" x {headcount} hires"
        lines.append(_line(rate, amount, detail, catalog))
    return PathCost(path, lines, starts_on, first_pr_on, paid, months, done_on)


# ---------------------------------------------------------------- calendar schedules


@dataclass(frozen=True)
class Month:
    """A calendar month of a window: where recurring costs are prorated by days."""

    first: date
    days: int
    after: date  # the first day of the next month

    def active_days(self, accrue_from: date, window_end: date) -> int:
        """Days of this month inside the window and on or after `accrue_from`."""
        return max(0, (min(self.after, window_end) - max(self.first, accrue_from)).days)

    def holds(self, day: date) -> bool:
        return self.first <= day < self.after


def window_months(window_start: date, window_end: date) -> list[Month]:
    """Every calendar month that overlaps [window_start, window_end)."""
    result = []
    first = window_start.replace(day=1)
    while first < window_end:
        days = calendar.monthrange(first.year, first.month)[1]
        after = first + timedelta(days=days)
        result.append(Month(first, days, after))
        first = after
    return result


def prorate(monthly: Decimal, active_days: int, days_in_month: int) -> Decimal:
    """A monthly amount for `active_days` of a month, rounded to the cent.

    The one formula behind both `compare --basis calendar` and `budget`, so their
    figures agree to the cent.
    """
    if active_days <= 0:
        return Decimal("0.00")
    if active_days >= days_in_month:
        return to_cents(monthly)
    return to_cents(monthly * active_days / days_in_month)


@dataclass(frozen=True)
class MonthCost:
    """One path's cost in one calendar month, per hire, each item rounded to cents."""

    month: date
    items: tuple[Band, ...]  # aligned with the path's rates


def schedule(rates: Sequence[Rate], starts_on: date, window_start: date, window_end: date) -> list[MonthCost]:
    """Per-hire cost of each calendar month in [window_start, window_end).

    Recurring items accrue from `starts_on`, prorated by calendar days within each
    month; one-time items fall in the month of `starts_on`.
    """
    rows = []
    accrue_from = max(starts_on, window_start)
    starts_inside = window_start <= starts_on < window_end
    for month in window_months(window_start, window_end):
        active = month.active_days(accrue_from, window_end)
        one_time_here = starts_inside and month.holds(starts_on)
        cells = []
        for rate in rates:
            if rate.kind == "recurring":
                amount = rate.amount
                cells.append(Band(*(prorate(amount.pick(p), active, month.days) for p in POINTS)))
            else:
                cells.append(rate.amount.cents() if one_time_here else Band.zero())
        rows.append(MonthCost(month.first, tuple(cells)))
    return rows


def calendar_cost(
    path: SourcingPath,
    role: Role,
    catalog: Catalog,
    *,
    start: date,
    months: Decimal,
    headcount: int,
) -> PathCost:
    """What is spent, and how much work is delivered, within `months` calendar months."""
    window_end = add_months_fractional(start, months)
    return window_cost(path, role, catalog, start=start, window_end=window_end, headcount=headcount)


def window_cost(
    path: SourcingPath,
    role: Role,
    catalog: Catalog,
    *,
    start: date,
    window_end: date,
    headcount: int,
) -> PathCost:
    """What is spent, and how much work is delivered, in [start, window_end)."""
    starts_on, first_pr_on = median_dates(path, start)
    rates = item_rates(path, role)
    rows = schedule(rates, starts_on, start, window_end)
    lines = []
    for index, rate in enumerate(rates):
        amount = total(row.items[index] for row in rows) * headcount
        suffix = " (within the window)" if rate.kind == "recurring" else ""
        if rate.kind == "one_time" and not start <= starts_on < window_end:
            suffix = " (falls after the window)"
        detail = rate.detail + suffix + (f" x {headcount} hires" if headcount != 1 else "")
        lines.append(_line(rate, amount, detail, catalog))
    paid = months_between(max(starts_on, start), window_end) if starts_on < window_end else Decimal(0)
    work = months_between(first_pr_on, window_end) if first_pr_on < window_end else Decimal(0)
    return PathCost(path, lines, starts_on, first_pr_on, paid, work, None)


# ---------------------------------------------------------------- compare


def compare(
    catalog: Catalog,
    *,
    role_id: str = "ml-engineer",
    path_ids: Sequence[str] = ("embedded", DEFAULT_BASELINE),
    months: Decimal = Decimal(12),
    headcount: int = 1,
    basis: Basis = Basis.work,
    start: date,
    baseline_id: str | None = DEFAULT_BASELINE,
) -> Comparison:
    """Cost of each path for the same role, months and headcount."""
    check_months(months)
    check_headcount(headcount)
    role = catalog.role(role_id)
    paths = catalog.select_paths(path_ids)
    cost_of = work_cost if basis == "work" else calendar_cost

    def cost(path: SourcingPath) -> PathCost:
        return cost_of(path, role, catalog, start=start, months=months, headcount=headcount)

    results = [cost(path) for path in paths]
    baseline = None
    if baseline_id:
        baseline_path = catalog.path(baseline_id)  # InputError for an unknown path
        baseline = next((r for r in results if r.path.id == baseline_id), None) or cost(baseline_path)
    assumptions = describe_assumptions(
        role, basis, months, headcount, start, catalog.overrides, baseline_id if baseline else None
    )
    return Comparison(role, basis, months, headcount, start, results, baseline, catalog.currency, assumptions)


def describe_assumptions(
    role: Role,
    basis: Basis,
    months: Decimal,
    headcount: int,
    start: date,
    overrides: Sequence[str],
    baseline_id: str | None,
) -> list[str]:
    n = f"{months.normalize():f}"
    if basis == "work":
        scope = f"{n} months of shipped work per hire, paid from each path's start until the work is done"
    else:
        scope = (
            f"what is spent within {n} calendar months from {start.isoformat()}, prorated by calendar days"
        )
    lines = [
        f"Role: {role.title} ({role.id}); headcount {headcount}; {scope}.",
        "Costs accrue from each path's start (engagement or hire date); "
        "shipped work counts from its first PR.",
        "One-time costs fall on the start date, once per hire.",
        "Dates use the median of each time range; low / mid / high vary the amounts "
        "(mid is the median where the data gives one, else the midpoint).",
        "Each line item is rounded to the cent; subtotals and totals are sums of the rounded items.",
    ]
    lines += overrides
    lines.append("Start and First PR are median dates; see `mlhire paths` for the full ranges.")
    if baseline_id:
        lines.append(
            f"Savings are measured against {baseline_id}, point by point "
            "(low vs low, mid vs mid, high vs high)."
        )
    return lines
