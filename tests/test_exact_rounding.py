"""Money is computed exactly and rounded once, half to even: checked against fractions.Fraction.

A scaled amount is a ratio of loaded bands, a prorated month is days over days, an amount
in another currency is a quotient: none has a finite decimal. Carried as 28-digit Decimals
into a product, an exact half cent comes out a hair above or below the half and rounds
the wrong way. Here an independent reference computes each line with Fractions from the
same figures, and every line, subtotal and total must match it to the cent.
"""

from __future__ import annotations

import calendar
import copy
import dataclasses
import json
import pickle
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from mlhire_calc.datafiles.currency import in_currency
from mlhire_calc.datafiles.load import load_catalog
from mlhire_calc.datafiles.overrides import apply, shorthands
from mlhire_calc.domain.catalog import Catalog
from mlhire_calc.domain.money import Quotient, exact, quotient, to_cents
from mlhire_calc.domain.timeline import add_months_fractional
from mlhire_calc.engine.cost import compare

from .conftest import FIXTURE_DATA

CATALOG = load_catalog(FIXTURE_DATA)
POINTS = ("low", "mid", "high")


def half_even(value: Fraction) -> Decimal:
    """The reference rounding: to the cent, an exact half to the even cent."""
    cents = round(value * 100)  # int: Fraction rounds halves to even
    return Decimal(cents) / 100


def _span(low: Fraction, high: Fraction) -> dict[str, Fraction]:
    return {"low": low, "mid": (low + high) / 2, "high": high}


def _catalog(ours: tuple[Decimal, Decimal], theirs: tuple[Decimal, Decimal], pay, rate, fx) -> Catalog:  # type: ignore[no-untyped-def]
    """The fixture with the figures drawn: ML engineer's band, the AI platform engineer's, the
    platform's pay and margin, and the euro's rate."""

    def band(role_id: str, low: Decimal, high: Decimal):  # type: ignore[no-untyped-def]
        role = CATALOG.roles[role_id]
        return dataclasses.replace(
            role, loaded_monthly=dataclasses.replace(role.loaded_monthly, low=low, high=high)
        )

    path = CATALOG.paths["ai-platform"]
    items = tuple(
        dataclasses.replace(item, amount=dataclasses.replace(item.amount, low=pay[0], high=pay[1]))
        if item.id == "pay"
        else dataclasses.replace(item, rate=dataclasses.replace(item.rate, low=rate[0], high=rate[1]))
        for item in path.items
    )
    catalog = dataclasses.replace(
        CATALOG,
        roles={
            **CATALOG.roles,
            "ml-engineer": band("ml-engineer", *theirs),
            "ml-platform-engineer": band("ml-platform-engineer", *ours),
        },
        paths={**CATALOG.paths, "ai-platform": dataclasses.replace(path, items=items)},
        rates={"EUR": dataclasses.replace(CATALOG.rates["EUR"], value=fx)} if fx else CATALOG.rates,
    )
    return in_currency(catalog, "EUR") if fx else catalog


def _reference_monthly(ours, theirs, pay, rate, fx) -> dict[str, dict[str, Fraction]]:  # type: ignore[no-untyped-def]
    """Each item's exact monthly amount for the AI platform engineer, by point."""
    scale = 1 / Fraction(fx) if fx else Fraction(1)
    base = _span(Fraction(pay[0]) * scale, Fraction(pay[1]) * scale)
    mine = _span(Fraction(ours[0]), Fraction(ours[1]))
    reference = _span(Fraction(theirs[0]), Fraction(theirs[1]))
    margin = _span(Fraction(rate[0]), Fraction(rate[1]))
    scaled = {p: base[p] * mine[p] / reference[p] for p in POINTS}
    return {"pay": scaled, "broker-margin": {p: scaled[p] * margin[p] for p in POINTS}}


cents = st.integers(100_000, 5_000_000).map(lambda n: Decimal(n).scaleb(-2))  # 1,000.00 to 50,000.00
rates = st.integers(1, 10_000).map(lambda n: Decimal(n).scaleb(-4))  # 0.0001 to 1
exchange = st.one_of(st.none(), st.integers(1_000, 30_000).map(lambda n: Decimal(n).scaleb(-4)))


def _ordered(pair: tuple[Decimal, Decimal]) -> tuple[Decimal, Decimal]:
    return (min(pair), max(pair))


ISSUE = {  # the shipped figures of `compare -r ml-platform-engineer -m 1 -p ai-platform`
    "ours": (Decimal(28000), Decimal(45000)),
    "theirs": (Decimal(22000), Decimal(38000)),
    "pay": (Decimal(7000), Decimal(10000)),
    "rate": (Decimal("0.25"), Decimal("0.50")),
}


@settings(max_examples=150, deadline=None)
@given(
    ours=st.tuples(cents, cents).map(_ordered),
    theirs=st.tuples(cents, cents).map(_ordered),
    pay=st.tuples(cents, cents).map(_ordered),
    rate=st.tuples(rates, rates).map(_ordered),
    fx=exchange,
    months=st.integers(1, 1200).map(lambda n: Decimal(n).scaleb(-2)),  # 0.01 to 12 months
    headcount=st.integers(1, 50),
)
@example(**ISSUE, fx=None, months=Decimal(1), headcount=1)  # the margin (mid) is 3,878.125 exactly
@example(**ISSUE, fx=None, months=Decimal(3), headcount=7)
def test_work_lines_match_exact_fractions(ours, theirs, pay, rate, fx, months, headcount) -> None:  # type: ignore[no-untyped-def]
    catalog = _catalog(ours, theirs, pay, rate, fx)
    result = compare(
        catalog,
        role_id="ml-platform-engineer",
        path_ids=["ai-platform"],
        months=months,
        headcount=headcount,
        start=date(2027, 1, 1),
        baseline_id=None,
    )
    (cost,) = result.paths
    assert cost.ramp_months == 0  # the fixture's platform starts and ships the same day: no ramp line
    monthly = _reference_monthly(ours, theirs, pay, rate, fx)
    lines = {line.id: line for line in cost.items}
    assert set(lines) == {"pay", "broker-margin"}
    for item, by_point in monthly.items():
        for point in POINTS:
            expected = half_even(by_point[point] * Fraction(months)) * headcount
            assert lines[item].amount.pick(point) == expected, (item, point)
    for point in POINTS:
        assert cost.total.pick(point) == sum(line.amount.pick(point) for line in lines.values())


@settings(max_examples=60, deadline=None)
@given(
    ours=st.tuples(cents, cents).map(_ordered),
    theirs=st.tuples(cents, cents).map(_ordered),
    pay=st.tuples(cents, cents).map(_ordered),
    rate=st.tuples(rates, rates).map(_ordered),
    fx=exchange,
    months=st.integers(1, 11),
    start=st.dates(date(2026, 1, 1), date(2030, 12, 31)),
)
@example(**ISSUE, fx=None, months=1, start=date(2027, 1, 1))
def test_calendar_months_prorate_exactly(ours, theirs, pay, rate, fx, months, start) -> None:  # type: ignore[no-untyped-def]
    """`--basis calendar`: each month's cell is the exact monthly amount x days / days in the
    month, rounded once; a line is the sum of its cells."""
    catalog = _catalog(ours, theirs, pay, rate, fx)
    result = compare(
        catalog,
        role_id="ml-platform-engineer",
        path_ids=["ai-platform"],
        months=Decimal(months),
        basis="calendar",
        start=start,
        baseline_id=None,
    )
    (cost,) = result.paths
    window_end = add_months_fractional(start, Decimal(months))
    monthly = _reference_monthly(ours, theirs, pay, rate, fx)
    lines = {line.id: line for line in cost.items}
    for item, by_point in monthly.items():
        for point in POINTS:
            expected = Decimal("0.00")
            first = start.replace(day=1)
            while first < window_end:
                days = calendar.monthrange(first.year, first.month)[1]
                after = first + timedelta(days=days)
                active = max(0, (min(after, window_end) - max(first, cost.starts_on)).days)
                expected += half_even(by_point[point] * Fraction(active, days))
                first = after
            assert lines[item].amount.pick(point) == expected, (item, point)


@given(st.fractions(min_value=-(10**9), max_value=10**9))
def test_to_cents_rounds_an_exact_value_half_to_even(value: Fraction) -> None:
    rounded = to_cents(value)
    assert rounded == half_even(value)
    assert str(rounded) != "-0.00" and rounded.as_tuple().exponent == -2


def test_a_quotient_keeps_its_exact_value() -> None:
    third = quotient(Decimal(100000), 12)
    assert isinstance(third, Quotient) and exact(third) == Fraction(25000, 3)
    assert str(third) == "8333.333333333333333333333333"  # shown as a Decimal
    assert to_cents(third) == Decimal("8333.33")
    for copied in (copy.copy(third), copy.deepcopy(third), pickle.loads(pickle.dumps(third))):
        assert isinstance(copied, Quotient) and exact(copied) == Fraction(25000, 3)
    # 100,000.10 a year is 8,333.341666... a month; three months are 25,000.025 exactly: .02
    assert to_cents(exact(quotient(Decimal("100000.10"), 12)) * 3) == Decimal("25000.02")


def test_fte_annual_is_divided_by_12_exactly() -> None:
    """`--fte-annual` over 12 is kept exact: three months of 100,000.10 a year round
    25,000.025 to the even 25,000.02."""
    overrides = shorthands(embedded_monthly=None, fte_annual=Decimal("100000.10"), fte_monthly=None)
    catalog = apply(CATALOG, overrides)
    item = catalog.paths["in-house-fte"].items[0]
    assert exact(item.amount) == Fraction(Decimal("100000.10")) / 12
    result = compare(
        catalog,
        role_id="ml-engineer",
        path_ids=["in-house-fte"],
        months=Decimal(3),
        start=date(2027, 1, 1),
        baseline_id=None,
    )
    line = next(line for line in result.paths[0].items if line.id == item.id)
    assert line.amount.mid == Decimal("25000.02")


@pytest.mark.shipped_data
def test_broker_margin_of_the_shipped_data_rounds_its_half_cent_to_even(cli) -> None:  # type: ignore[no-untyped-def]
    """10,341.666... x 0.375 = 3,878.125 exactly: 3,878.12, not 3,878.13."""
    result = cli(
        "compare", "-r", "ml-platform-engineer", "-m", "1", "-p", "ai-platform",
        "--start", "2027-01-01", "--format", "json",
    )  # fmt: skip
    document = json.loads(result.stdout)
    path = next(p for p in document["paths"] if p["id"] == "ai-platform")
    margin = next(item for item in path["items"] if item["id"] == "broker-margin")
    assert Decimal(str(margin["amount"]["mid"])) == Decimal("3878.12")
