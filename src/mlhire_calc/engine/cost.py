"""The cost model: line items -> subtotals -> totals, per path, for one question.

Pure functions over the validated catalog. Rules (also in the README's cost model):
- recurring items accrue from the path's start (engagement or hire date); the
  months from the start to the first PR are paid ramp, shown as their own line;
- shipped work counts from the first PR;
- one-time items fall on the start date, once per hire;
- recurring items grow by the path's yearly increase on each anniversary of the
  start (their own line);
- where you bear replacements, their expected hiring costs and paid ramp are
  `expected` lines, and the expected empty months move the done date;
- dates use each time range's median; low / mid / high vary the amounts and rates;
- amounts, months and counts are exact fractions until a line item is priced;
  every line item is then rounded to the cent once, half to even, and subtotals
  and totals are sums of rounded items, so every output format adds up exactly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from fractions import Fraction

from mlhire_calc.domain.catalog import Catalog, Role, Sourced, SourcingPath
from mlhire_calc.domain.choices import Basis
from mlhire_calc.domain.limits import check_headcount, check_months
from mlhire_calc.domain.money import POINTS, Band, ExactBand, as_decimal, exact, exact_total, to_cents, total
from mlhire_calc.domain.timeline import add_months_fractional

from .lifecycle import Tenure, escalated_months, median_months, months_between, tenure
from .rates import KINDS as KINDS
from .rates import Kind, Rate, item_rates, percents
from .schedule import MonthCost, schedule

DEFAULT_BASELINE = "in-house-fte"


@dataclass(frozen=True)
class LineItem:
    """One priced line of a path's cost, rounded to the cent, with its provenance."""

    id: str
    name: str
    kind: Kind
    amount: Band  # rounded to cents
    estimate: bool
    source: str
    source_title: str
    as_of: date | None
    note: str | None
    detail: str


@dataclass(frozen=True)
class BreakEven:
    """When a path's cumulative spend crosses the baseline's, month by month (mid)."""

    against: str
    month: int | None  # months from the start; None: no crossing within the horizon
    on: date | None  # the first day of that month
    cheaper_after: bool | None  # after the crossing, the path has spent less than the baseline
    horizon_months: int


@dataclass(frozen=True)
class PathCost:
    """A path's line items and dates for one question."""

    path: SourcingPath
    items: list[LineItem]
    starts_on: date
    first_pr_on: date
    paid_months: Fraction  # months and counts are exact; `as_decimal` shows them
    work_months: Fraction
    done_on: date | None  # work basis: the day the months of work are done (expected)
    ramp_months: Fraction = Fraction(0)
    expected_replacements: ExactBand = field(default_factory=ExactBand.zero)
    expected_vacancy_months: ExactBand = field(default_factory=ExactBand.zero)
    break_even: BreakEven | None = None

    def subtotal(self, kind: Kind) -> Band:
        return total(i.amount for i in self.items if i.kind == kind)

    @property
    def recurring(self) -> Band:
        return self.subtotal("recurring")

    @property
    def one_time(self) -> Band:
        return self.subtotal("one_time")

    @property
    def expected(self) -> Band:
        return self.subtotal("expected")

    @property
    def total(self) -> Band:
        return self.recurring + self.one_time + self.expected

    @property
    def estimate(self) -> bool:
        return any(i.estimate for i in self.items)

    @property
    def cost_per_work_month(self) -> Band | None:
        """Total over months of shipped work, point by point; None without shipped work."""
        if self.work_months <= 0:
            return None
        return (self.total.exact() * (1 / self.work_months)).cents()


@dataclass(frozen=True)
class Comparison:
    """Every path's cost for the same role, months and headcount."""

    role: Role
    basis: Basis
    months: Decimal
    headcount: int
    start: date
    paths: list[PathCost]
    baseline: PathCost | None
    currency: str

    def savings(self, cost: PathCost) -> tuple[Band, dict[str, Decimal | None]] | None:
        """Against the baseline: (amount, fraction of the baseline's total at each point).

        A fraction of a baseline total of zero is undefined: None, never 0.
        """
        if self.baseline is None or cost.path.id == self.baseline.path.id:
            return None
        base = self.baseline.total
        amount = base - cost.total
        share = {p: amount.pick(p) / base.pick(p) if base.pick(p) else None for p in POINTS}
        return amount, share


# ---------------------------------------------------------------- lines


def _line(rate: Rate, amount: Band | ExactBand, detail: str, catalog: Catalog) -> LineItem:
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


@dataclass(frozen=True)
class _Derived:
    """A line the lifecycle adds: ramp, increases, expected replacements."""

    id: str
    name: str
    kind: Kind


RAMP = _Derived("ramp", "Paid ramp: start to first PR", "recurring")
PRODUCTIVITY = _Derived("productivity-ramp", "Productivity ramp: months below full speed", "recurring")
RAISES = _Derived("raises", "Yearly increases on each anniversary of the start", "recurring")
REPLACEMENT_HIRING = _Derived("replacement-hiring", "Expected replacements: hiring again", "expected")
REPLACEMENT_RAMP = _Derived("replacement-ramp", "Expected replacements: their paid ramp", "expected")


def _derived(
    line: _Derived, amount: Band | ExactBand, detail: str, path: SourcingPath, figures: Sequence[Sourced]
) -> LineItem:
    """A lifecycle line: an estimate when any figure behind it is; sourced to the path's data."""
    estimate = any(getattr(f, "estimate", False) for f in figures)
    notes = [str(f.note) for f in figures if getattr(f, "note", None)]
    sources = sorted({str(f.source) for f in figures if getattr(f, "source", None)})
    as_of = max((f.as_of for f in figures if getattr(f, "as_of", None)), default=None)
    return LineItem(
        id=line.id,
        name=line.name,
        kind=line.kind,
        amount=amount.cents(),
        estimate=estimate,
        source=", ".join(sources) or "model",
        source_title=f"mlhire cost model over {path.id}'s data",
        as_of=as_of,
        note=" ".join(notes) or None,
        detail=detail,
    )


def _months_text(value: Decimal | Fraction) -> str:
    return f"{to_cents(value).normalize():f}"  # two places, half to even


def _lifecycle_figures(path: SourcingPath, role: Role, *names: str) -> list[Sourced]:
    start, first_pr = path.times(role.id)
    lifecycle = path.lifecycle
    figures: dict[str, Sourced | None] = {
        "times": start,
        "first_pr": first_pr,
        "increase": lifecycle.annual_increase if lifecycle else None,
        "attrition": lifecycle.attrition if lifecycle else None,
        "ramp": path.ramp.months if path.ramp else None,
        "productivity": path.ramp.productivity if path.ramp else None,
    }
    return [figure for name in names if (figure := figures[name]) is not None]


def work_cost(
    path: SourcingPath, role: Role, catalog: Catalog, *, start: date, months: Decimal, headcount: int
) -> PathCost:
    """Cost of `months` of shipped work: paid from the start until the work is done."""
    life = tenure(path, role, start)
    rates = item_rates(path, role, catalog)
    ramp = life.ramp_months
    shortfall = life.shortfall
    paid = exact(months) + ramp + shortfall.mid
    hires = f" x {headcount} hires" if headcount != 1 else ""
    lines = []
    for rate in rates:
        if rate.kind == "recurring":
            amount = (rate.amount * months).cents() * headcount
            detail = f"{rate.detail} x {_months_text(months)} months of shipped work"
        else:
            amount = rate.amount.cents() * headcount
            detail = rate.detail
        lines.append(_line(rate, amount, detail + hires, catalog))
    monthly = exact_total(rate.amount for rate in rates if rate.kind == "recurring")
    if ramp > 0:
        detail = f"{_months_text(ramp)} months from the start to the first PR, at the recurring rate{hires}"
        figures = _lifecycle_figures(path, role, "times", "first_pr")
        lines.append(_derived(RAMP, (monthly * ramp).cents() * headcount, detail, path, figures))
    if not shortfall.is_zero():
        ramp_months, productivity = life.productivity_ramp
        speed = percents(ExactBand.point(productivity))
        detail = (
            f"{_months_text(ramp_months)} months after the first PR at {speed} "
            f"of full speed (mid): {_months_text(shortfall.mid)} more paid months for the same work{hires}"
        )
        figures = _lifecycle_figures(path, role, "ramp", "productivity")
        lines.append(_derived(PRODUCTIVITY, (monthly * shortfall).cents() * headcount, detail, path, figures))
    if life.increase != Band.zero() and paid > 12:
        extra = ExactBand(*(escalated_months(paid, life.increase.pick(p)) - paid for p in POINTS))
        detail = f"{percents(life.increase)} a year on {_months_text(paid)} paid months{hires}"
        figures = _lifecycle_figures(path, role, "increase")
        lines.append(_derived(RAISES, (monthly * extra).cents() * headcount, detail, path, figures))
    replacements = life.expected_replacements(paid)
    departures = life.expected_departures(paid)
    vacancy = departures * life.refill_months
    if life.replaces:
        count = f"{percents(life.attrition)} a year x {_months_text(paid)} paid months / 12"
        figures = _lifecycle_figures(path, role, "attrition")
        hiring = _replacement_hiring(rates, life, replacements, paid)
        if not hiring.is_zero():
            detail = f"{count} x one-time hiring costs (none again within a guarantee){hires}"
            lines.append(_derived(REPLACEMENT_HIRING, hiring.cents() * headcount, detail, path, figures))
        unproductive = shortfall + ExactBand.point(ramp)
        if not unproductive.is_zero():
            detail = f"{count} x their paid ramp and productivity ramp at the recurring rate{hires}"
            amount = (replacements * monthly * unproductive).cents() * headcount
            figures += _lifecycle_figures(path, role, "times", "ramp", "productivity")
            lines.append(_derived(REPLACEMENT_RAMP, amount, detail, path, figures))
    lost = departures.mid * life.lost_per_departure  # months without shipped work, in expectation
    done_on = add_months_fractional(life.first_pr_on, as_decimal(exact(months) + shortfall.mid + lost))
    return PathCost(
        path, lines, life.starts_on, life.first_pr_on, paid, exact(months), done_on, ramp, departures, vacancy
    )


def _replacement_hiring(
    rates: Sequence[Rate], life: Tenure, replacements: ExactBand, paid: Fraction
) -> ExactBand:
    """Expected one-time hiring costs of replacements you bear. An item with a guarantee is not
    paid again for a departure inside it: those are the departures of the guarantee's first
    months, a x min(G, P) / 12."""
    amounts = []
    for rate in rates:
        if rate.kind != "one_time":
            continue
        count = replacements
        guarantee = rate.item.guarantee
        if guarantee is not None:
            months = min(median_months(guarantee.dist().median), paid)
            covered = life.attrition.exact() * (months / 12)
            count = ExactBand(*(max(Fraction(0), count.pick(p) - covered.pick(p)) for p in POINTS))
        amounts.append(rate.amount * count)
    return exact_total(amounts)


# ---------------------------------------------------------------- calendar windows


def monthly_schedule(
    path: SourcingPath, role: Role, catalog: Catalog, *, start: date, window_end: date
) -> tuple[Tenure, list[Rate], list[MonthCost]]:
    """One hire's month-by-month cost in [start, window_end), with its tenure and rates."""
    life = tenure(path, role, start)
    rates = item_rates(path, role, catalog)
    return life, rates, schedule(rates, life, start, window_end)


def window_cost(
    path: SourcingPath, role: Role, catalog: Catalog, *, start: date, window_end: date, headcount: int
) -> PathCost:
    """What is spent, and how much work is delivered, in [start, window_end)."""
    life, rates, rows = monthly_schedule(path, role, catalog, start=start, window_end=window_end)
    hires = f" x {headcount} hires" if headcount != 1 else ""
    lines = []
    for index, rate in enumerate(rates):
        amount = total(row.items[index] for row in rows) * headcount
        suffix = " (within the window)" if rate.kind == "recurring" else ""
        if rate.kind == "one_time" and not start <= life.starts_on < window_end:
            suffix = " (falls after the window)"
        lines.append(_line(rate, amount, rate.detail + suffix + hires, catalog))
    paid = (
        months_between(max(life.starts_on, start), window_end) if life.starts_on < window_end else Fraction(0)
    )
    raises = total(row.raises for row in rows)
    if raises != Band.zero():
        detail = (
            f"{percents(life.increase)} a year from each anniversary of the start, within the window{hires}"
        )
        figures = _lifecycle_figures(path, role, "increase")
        lines.append(_derived(RAISES, raises * headcount, detail, path, figures))
    if life.replaces:
        figures = _lifecycle_figures(path, role, "attrition")
        per_month = f"{percents(life.attrition)} a year / 12, each month of the window"
        hiring = total(row.replacement_hiring for row in rows)
        if hiring != Band.zero():
            detail = f"{per_month} x one-time hiring costs{hires}"
            lines.append(_derived(REPLACEMENT_HIRING, hiring * headcount, detail, path, figures))
        ramp_cost = total(row.replacement_ramp for row in rows)
        if ramp_cost != Band.zero():
            detail = f"{per_month} x {_months_text(life.ramp_months)} months of ramp{hires}"
            lines.append(_derived(REPLACEMENT_RAMP, ramp_cost * headcount, detail, path, figures))
    departures = life.expected_departures(paid)
    vacancy = departures * life.refill_months
    lost = departures.mid * life.lost_per_departure
    after_first_pr = (
        months_between(life.first_pr_on, window_end) if life.first_pr_on < window_end else Fraction(0)
    )
    work = max(Fraction(0), life.delivered(after_first_pr) - lost)
    return PathCost(
        path,
        lines,
        life.starts_on,
        life.first_pr_on,
        paid,
        work,
        None,
        life.ramp_months,
        departures,
        vacancy,
    )


def calendar_cost(
    path: SourcingPath, role: Role, catalog: Catalog, *, start: date, months: Decimal, headcount: int
) -> PathCost:
    """What is spent, and how much work is delivered, within `months` calendar months."""
    window_end = add_months_fractional(start, months)
    return window_cost(path, role, catalog, start=start, window_end=window_end, headcount=headcount)


def cumulative_mid(
    path: SourcingPath, role: Role, catalog: Catalog, *, start: date, months: int
) -> list[tuple[date, Decimal]]:
    """(month, cumulative spend at its end), mid, one hire, for each calendar month from `start`."""
    window_end = add_months_fractional(start, Decimal(months))
    _, _, rows = monthly_schedule(path, role, catalog, start=start, window_end=window_end)
    running, result = Decimal(0), []
    for row in rows:
        running += total(row.items).mid + row.raises.mid + row.expected.mid
        result.append((row.month, running))
    return result


def break_even(
    ours: Sequence[tuple[date, Decimal]], theirs: Sequence[tuple[date, Decimal]], *, against: str
) -> BreakEven:
    """The first calendar month whose cumulative spend has crossed the other's (see `cumulative_mid`)."""
    first_sign = 0
    for index, ((month, a), (_, b)) in enumerate(zip(ours, theirs, strict=True)):
        sign = (a > b) - (a < b)
        if sign == 0:
            continue
        if first_sign == 0:
            first_sign = sign
        elif sign != first_sign:
            return BreakEven(against, index + 1, month, sign < 0, len(ours))
    return BreakEven(against, None, None, None, len(ours))


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
        horizon = max(1, int(months.to_integral_value(rounding="ROUND_CEILING")))

        def spend(path: SourcingPath) -> list[tuple[date, Decimal]]:
            return cumulative_mid(path, role, catalog, start=start, months=horizon)

        theirs = spend(baseline_path)
        results = [
            r
            if r.path.id == baseline_id
            else replace(r, break_even=break_even(spend(r.path), theirs, against=baseline_id))
            for r in results
        ]
    return Comparison(role, basis, months, headcount, start, results, baseline, catalog.currency)
