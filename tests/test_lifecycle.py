"""The lifecycle of a hire: paid ramp, yearly increases, replacements, role-specific pay, break-even."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mlhire_calc.datafiles.load import default_data_dir, load_catalog
from mlhire_calc.domain.catalog import Catalog
from mlhire_calc.engine.budget import budget
from mlhire_calc.engine.cost import compare
from mlhire_calc.engine.lifecycle import escalated_months, factor_on
from mlhire_calc.engine.plans import Hire

from .conftest import FIXTURE_DATA

CATALOG = load_catalog(FIXTURE_DATA)
DAY0 = date(2026, 12, 1)
ROLES = list(CATALOG.roles)
PATHS = list(CATALOG.paths)
LIFECYCLE_LINES = {"ramp", "raises", "replacement-hiring", "replacement-ramp"}


def _by_id(catalog: Catalog = CATALOG, **options) -> dict:  # type: ignore[no-untyped-def,type-arg]
    result = compare(catalog, start=DAY0, path_ids=["all"], **options)
    return {cost.path.id: cost for cost in result.paths}


@pytest.mark.shipped_data
def test_the_documents_figures_still_hold() -> None:
    costs = _by_id(load_catalog(default_data_dir()))
    assert costs["embedded"].total.mid == Decimal(
        "162000.00"
    )  # 12 x $13.5K: no ramp, no raise, the agency replaces
    assert {line.id for line in costs["embedded"].items} == {"fee"}


@pytest.mark.parametrize("role", ROLES)
def test_in_house_pay_starts_before_the_first_pr_for_every_role(cli_json, role: str) -> None:  # type: ignore[no-untyped-def]
    doc = cli_json("compare", "--start", "2026-12-01", "-p", "all", "-r", role)
    fte = next(path for path in doc["paths"] if path["id"] == "in-house-fte")
    assert fte["starts_on"] < fte["first_pr_on"]
    ramp = next(item for item in fte["items"] if item["id"] == "ramp")
    assert ramp["kind"] == "recurring" and ramp["amount"]["low"] > 0
    for path in doc["paths"]:
        assert set(path["cost_per_work_month"]) == {"low", "mid", "high"}
        assert path["cost_per_work_month"]["mid"] == pytest.approx(path["total"]["mid"] / 12, abs=0.01)
        if path["id"] != "in-house-fte":  # the baseline
            assert {"against", "month", "on", "text"} <= set(path["break_even"])


def test_senior_llm_roles_take_longer_to_fill_in_house() -> None:
    starts = {role: _by_id(role_id=role)["in-house-fte"].starts_on for role in ROLES}
    assert starts["ml-engineer"] == starts["applied-ai-engineer"]
    assert starts["data-scientist"] == starts["ml-platform-engineer"] < starts["ml-engineer"]
    first_pr = _by_id(role_id="data-scientist")["in-house-fte"].first_pr_on
    assert (first_pr - DAY0).days >= 6 * 30  # the document's "6 plus months" to first PR


def test_replacements_cost_money_only_where_you_bear_them_and_time_everywhere() -> None:
    costs = _by_id()
    for path_id, cost in costs.items():
        expected = {line.id for line in cost.items if line.kind == "expected"}
        path = CATALOG.paths[path_id]
        if path.absorbs.replacement == "you":
            assert "replacement-hiring" in expected, path_id
            assert cost.expected.low > 0
        else:
            assert not expected, path_id
        departs = path.lifecycle is not None and path.lifecycle.attrition is not None
        assert (cost.expected_vacancy_months.mid > 0) == departs, path_id


def test_latam_freelance_and_platform_pay_follows_the_role() -> None:
    scientist, platform = _by_id(role_id="data-scientist"), _by_id(role_id="ml-platform-engineer")
    for path_id in ("latam-direct", "freelance", "ai-platform"):
        assert scientist[path_id].total.mid < platform[path_id].total.mid, path_id
        for line in scientist[path_id].items:
            assert "ML engineer" not in line.name, (path_id, line.name)
    engineer = _by_id(role_id="ml-engineer")
    pay = next(line for line in engineer["latam-direct"].items if line.id == "pay")
    assert (pay.amount.low, pay.amount.high) == (Decimal("84000.00"), Decimal("120000.00"))  # 12 x $7K-$10K


def test_in_house_year_three_costs_more_a_month_than_year_one(cli_json) -> None:  # type: ignore[no-untyped-def]
    doc = cli_json("budget", "-p", "in-house-fte", "--start", "2027-01", "--months", "48", "-f", "json")
    monthly = {row["month"]: row["recurring"] for row in doc["rows"]}
    starts_on = _by_id()["in-house-fte"].starts_on
    year_one = monthly[f"{starts_on.year}-{starts_on.month + 2:02d}"]  # a full month of the first year
    year_three = monthly[f"{starts_on.year + 2}-{starts_on.month + 2:02d}"]
    assert year_three > year_one > 0
    assert year_three == pytest.approx(year_one * (1.0335**2), rel=1e-6)  # mid of 3.2%-3.5%, twice


def test_escalated_months_is_the_month_by_month_sum() -> None:
    rate = Decimal("0.035")
    for months in (1, 11, 12, 13, 30, 60):
        by_month = sum((1 + rate) ** (m // 12) for m in range(months))  # month m of the tenure
        assert escalated_months(Decimal(months), rate) == by_month
    assert escalated_months(Decimal("12.5"), rate) == 12 + Decimal("0.5") * (1 + rate)
    start = date(2027, 3, 17)  # the factor on a day counts the anniversaries passed
    assert factor_on(date(2028, 3, 16), start, rate) == 1
    assert factor_on(date(2028, 3, 17), start, rate) == 1 + rate
    assert factor_on(date(2030, 3, 17), start, rate) == (1 + rate) ** 3


def test_break_even_is_where_cumulative_budgets_cross(cli_json) -> None:  # type: ignore[no-untyped-def]
    """Checked from the budget's own monthly rows, not from the cost model's."""
    months = 36
    doc = cli_json("compare", "--start", "2027-01-01", "-p", "all", "-m", str(months))
    rows = cli_json(
        "budget", "-p", "all", "--start", "2027-01-01", "-m", str(months), "--by", "path", "-f", "json"
    )["rows"]
    cumulative: dict[str, list[float]] = {}
    for row in rows:
        cumulative.setdefault(row["path"], []).append(row["cumulative"])
    base = cumulative["in-house-fte"]
    for path in doc["paths"]:
        if path["id"] == "in-house-fte":
            assert path["break_even"] is None
            continue
        ours = cumulative[path["id"]]
        signs = [(a > b) - (a < b) for a, b in zip(ours, base, strict=True)]
        first = next((s for s in signs if s), 0)
        crossing = next((i + 1 for i, s in enumerate(signs) if s and s != first), None)
        assert path["break_even"]["month"] == crossing, path["id"]
        if crossing is None:
            assert path["break_even"]["text"] == f"never within {months} months"


@pytest.mark.parametrize("months", ["36", "60", "120"])
def test_multi_year_figures(cli_json, months: str) -> None:  # type: ignore[no-untyped-def]
    doc = cli_json("compare", "--start", "2026-12-01", "-p", "all", "-m", months)
    fte = next(path for path in doc["paths"] if path["id"] == "in-house-fte")
    raises = next(item for item in fte["items"] if item["id"] == "raises")
    assert raises["amount"]["low"] > 0
    embedded = next(path for path in doc["paths"] if path["id"] == "embedded")
    assert embedded["total"]["mid"] == 13500 * int(months)  # a flat fee stays flat


# ---------------------------------------------------------------- properties


def _with_attrition(path_id: str, high: Decimal) -> Catalog:
    path = CATALOG.paths[path_id]
    assert path.lifecycle is not None and path.lifecycle.attrition is not None
    attrition = dataclasses.replace(
        path.lifecycle.attrition, low=min(high, path.lifecycle.attrition.low), high=high
    )
    lifecycle = dataclasses.replace(path.lifecycle, attrition=attrition)
    paths = {**CATALOG.paths, path_id: dataclasses.replace(path, lifecycle=lifecycle)}
    return dataclasses.replace(CATALOG, paths=paths)


@settings(max_examples=40, deadline=None)
@given(
    role=st.sampled_from(ROLES),
    basis=st.sampled_from(["work", "calendar"]),
    shorter=st.integers(1, 119),
    extra=st.integers(1, 60),
    start=st.dates(date(2026, 1, 1), date(2030, 12, 31)),
)
def test_longer_horizons_never_cost_less(
    role: str, basis: str, shorter: int, extra: int, start: date
) -> None:
    def totals(months: int) -> dict[str, Decimal]:
        result = compare(
            CATALOG, role_id=role, path_ids=["all"], months=Decimal(months), basis=basis, start=start
        )
        return {cost.path.id: cost.total for cost in result.paths}

    short, long = totals(shorter), totals(min(1200, shorter + extra))
    for path_id, band in short.items():
        for point in ("low", "mid", "high"):
            assert long[path_id].pick(point) >= band.pick(point), (path_id, point)


@settings(max_examples=40, deadline=None)
@given(
    path_id=st.sampled_from(["latam-direct", "freelance", "in-house-fte"]),
    role=st.sampled_from(ROLES),
    basis=st.sampled_from(["work", "calendar"]),
    low=st.decimals(Decimal("0.3"), Decimal("0.6"), places=3),
    more=st.decimals(Decimal("0.001"), Decimal("0.4"), places=3),
    months=st.integers(1, 72),
)
def test_a_higher_attrition_never_costs_less(
    path_id: str, role: str, basis: str, low: Decimal, more: Decimal, months: int
) -> None:
    def total(high: Decimal) -> Decimal:
        catalog = _with_attrition(path_id, high)
        result = compare(
            catalog, role_id=role, path_ids=[path_id], months=Decimal(months), basis=basis, start=DAY0
        )
        return result.paths[0].total.high

    assert total(min(Decimal(1), low + more)) >= total(low)


@settings(max_examples=30, deadline=None)
@given(
    role=st.sampled_from(ROLES),
    path_id=st.sampled_from(PATHS),
    months=st.integers(1, 60),
    start=st.dates(date(2026, 1, 1), date(2030, 12, 31)),
    point=st.sampled_from(["low", "mid", "high"]),
)
def test_budget_rows_reconcile_with_compare_calendar(
    role: str, path_id: str, months: int, start: date, point: str
) -> None:
    result = compare(
        CATALOG,
        role_id=role,
        path_ids=[path_id],
        months=Decimal(months),
        basis="calendar",
        start=start,
    )
    plan = budget(CATALOG, [Hire(role, path_id, start, 1)], start=start, months=Decimal(months), band=point)
    assert sum(row.total for row in plan.rows) == result.paths[0].total.pick(point)
    assert plan.total == result.paths[0].total.pick(point)


def test_attrition_above_one_is_refused(data_copy) -> None:  # type: ignore[no-untyped-def]
    from mlhire_calc.domain.errors import DataError

    paths = data_copy / "paths.yaml"
    paths.write_text(paths.read_text().replace("{low: 0.25, high: 0.50,", "{low: 0.25, high: 50,"))
    with pytest.raises(DataError, match="would mean 5000%"):
        load_catalog(data_copy)
