"""`--set NAME=VALUE` on every figure: items, times, rates, role bands, and fields found by reflection."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from mlhire_calc.datafiles.figures import Kind, resolve
from mlhire_calc.datafiles.load import load_catalog
from mlhire_calc.datafiles.overrides import apply, parse_setting
from mlhire_calc.domain.catalog import (
    Catalog,
)
from mlhire_calc.domain.errors import UsageError
from mlhire_calc.domain.money import parse_amount, parse_rate, parse_span

from .conftest import FIXTURE_DATA, START

CATALOG = load_catalog(FIXTURE_DATA)
# every command that costs, as a command line asking about in-house-fte for an ML engineer
COSTING = {
    "compare": ["compare", "--start", START, "-p", "in-house-fte"],
    "rank": ["rank", "--start", START, "-d", "2027-Q3", "-p", "in-house-fte"],
    "budget": ["budget", "--start", "2026-12", "-p", "in-house-fte"],
}


def _set(*settings: str, role: str | None = "ml-engineer") -> Catalog:
    return apply(CATALOG, [parse_setting(text) for text in settings], role=role)


# ---------------------------------------------------------------- the forms of a value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("15000", "15000"),
        ("13,500", "13500"),
        ("1,234,567.5", "1234567.5"),
        ("13.5k", "13500"),
        ("$900", "900"),
    ],
)
def test_amounts_take_a_comma_between_thousands(text: str, expected: str) -> None:
    assert parse_amount(text) == Decimal(expected)


@pytest.mark.parametrize("text", ["1,5", "13,50", "1,5000", ",500"])
def test_a_comma_is_never_a_decimal_point(text: str) -> None:
    with pytest.raises(UsageError, match="a comma may only group thousands"):
        parse_amount(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("8000-12000", ("8000", None, "12000")),
        ("8000/10000/12000", ("8000", "10000", "12000")),
        ("8-12k", ("8000", None, "12000")),
        ("15000", ("15000", None, "15000")),
    ],
)
def test_spans(text: str, expected: tuple[str, str | None, str]) -> None:
    assert parse_span(text) == tuple(None if v is None else Decimal(v) for v in expected)


def test_rates_as_percent_or_fraction() -> None:
    assert parse_rate("4%") == parse_rate("0.04") == Decimal("0.04")
    assert parse_span("3-5%", one=parse_rate) == (Decimal("0.03"), None, Decimal("0.05"))
    with pytest.raises(UsageError, match="above 100%"):
        parse_rate("150%")


# ---------------------------------------------------------------- names, by reflection


@pytest.mark.parametrize(
    ("name", "keys", "kind"),
    [
        ("embedded.fee", ("items", 0), Kind.ITEM),
        ("embedded.fee.amount", ("items", 0), Kind.ITEM),
        ("in-house-fte.time_to_start", ("time_to_start",), Kind.TIME),
        ("in-house-fte.attrition", ("lifecycle", "attrition"), Kind.FRACTION),
        ("in-house-fte.lifecycle.attrition", ("lifecycle", "attrition"), Kind.FRACTION),
        ("embedded.attrition", ("lifecycle", "attrition"), Kind.FRACTION),  # not in the data: made
        ("freelance.hourly.hours_per_month", ("items", 0, "hours_per_month"), Kind.VALUE),
        ("data-scientist.loaded_monthly", ("loaded_monthly",), Kind.RANGE),
        ("ml-engineer.market.in_house_time_to_fill", ("market", "in_house_time_to_fill"), Kind.TIME),
        (
            "in-house-fte.by_role.ml-engineer.time_to_start",
            ("by_role", "ml-engineer", "time_to_start"),
            Kind.TIME,
        ),
    ],
)
def test_names_resolve_by_reflection(name: str, keys: tuple[Any, ...], kind: Kind) -> None:
    place = resolve(CATALOG, name)
    assert (place.keys, place.kind) == (keys, kind)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("nowhere.fee", "'nowhere' is no path, role or section"),
        ("embedded.nope", "embedded has no figure 'nope'; known here: fee, conversion-fee, time_to_start"),
        ("in-house-fte.lifecycle", "is not a figure"),
        ("embedded.name", "is not a figure"),
        ("embedded.time_to_start.low", "is one figure; nothing is below it"),
        ("in-house-fte.by_role.data-scientist.time_to_start", "has no 'data-scientist'"),
    ],
)
def test_names_that_are_no_figure_say_what_is(name: str, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        resolve(CATALOG, name)


@pytest.mark.shipped_data
def test_the_new_fields_of_the_domain_are_settable(cli_json) -> None:  # type: ignore[no-untyped-def]
    """Placement, ramp and country figures are set like any other, with no code of their own."""
    settings = [
        "embedded.placement.failure=5%",
        "embedded.placement.time_lost=2-4w",
        "embedded.ramp.months=0-1",
        "countries.BR.employer_cost_rate=0.35",
        "countries.BR.eor_fee=400-700",
    ]
    asked = ["-p", "latam-direct", "-p", "embedded", "--country", "BR", "--start", "2026-12-01"]
    document = cli_json("compare", *asked, *(arg for text in settings for arg in ("--set", text)))
    latam = next(path for path in document["paths"] if path["id"] == "latam-direct")
    items = {item["id"]: item["amount"]["mid"] for item in latam["items"]}
    assert items["employer-costs"] == pytest.approx(0.35 * items["pay"])
    assert items["eor-fee"] == 12 * 550
    embedded = next(path for path in document["paths"] if path["id"] == "embedded")
    assert embedded["placement"]["failure"]["mid"] == 0.05
    assert embedded["productivity_ramp"]["months"]["high"] == 1
    assert sum("Override" in line for line in document["assumptions"]) >= len(settings)


# ---------------------------------------------------------------- what a setting changes


def test_times_are_the_role_own_where_the_path_has_one() -> None:
    for_ml = _set("in-house-fte.time_to_start=2/3/5m", role="ml-engineer").paths["in-house-fte"]
    assert for_ml.by_role["ml-engineer"].time_to_start.median == 3  # type: ignore[union-attr]
    assert for_ml.time_to_start == CATALOG.paths["in-house-fte"].time_to_start
    for_ds = _set("in-house-fte.time_to_start=2/3/5m", role="data-scientist").paths["in-house-fte"]
    assert for_ds.time_to_start.median == 3 and for_ds.time_to_start.source == "user"
    assert for_ds.by_role == CATALOG.paths["in-house-fte"].by_role
    every = _set("in-house-fte.time_to_start=2/3/5m", role=None)  # a plan: every role's time
    times = every.paths["in-house-fte"]
    assert {times.times(role)[0].median for role in CATALOG.roles} == {3}
    assert "Override: in-house-fte time_to_start for every role = 2-5 months, median 3" in every.overrides[-1]


def test_a_figure_set_is_the_user_own_with_what_the_data_gave() -> None:
    attrition = _set("in-house-fte.attrition=15%").paths["in-house-fte"].lifecycle.attrition  # type: ignore[union-attr]
    assert attrition is not None
    assert (attrition.low, attrition.high, attrition.source, attrition.estimate) == (
        Decimal("0.15"),
        Decimal("0.15"),
        "user",
        False,
    )
    assert attrition.note == "Set on the command line; the data gave 13.2%-30% (source: reference)."


@pytest.mark.parametrize(
    ("setting", "line"),
    [
        ("embedded.fee=13,500", "embedded fee = 13,500.00 a month"),
        ("in-house-fte.attrition=0.2", "in-house-fte attrition = 20%"),
        ("in-house-fte.annual_increase=3-5%", "in-house-fte annual_increase = 3%-5%"),
        (
            "in-house-fte.time_to_first_pr=7-11m",
            "in-house-fte time_to_first_pr for ml-engineer = 7-11 months",
        ),
        ("ml-engineer.loaded_monthly=20000-30000", "ml-engineer loaded_monthly = 20,000.00-30,000.00"),
        (
            "in-house-fte.internal-hiring=1000/2000/4000",
            "in-house-fte internal-hiring = 1,000.00-4,000.00, median",
        ),
        ("in-house-fte.recruiting-fee=15%", "in-house-fte recruiting-fee = 15%"),
    ],
)
@pytest.mark.parametrize("command", list(COSTING))
def test_every_form_on_every_costing_command(cli_json, command: str, setting: str, line: str) -> None:  # type: ignore[no-untyped-def]
    document = cli_json(*COSTING[command], "--set", setting)
    assert any(entry.startswith(f"Override: {line}") for entry in document["assumptions"]), document[
        "assumptions"
    ]


def test_the_report_names_every_override(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip("jinja2")
    page = tmp_path / "page.html"
    cli("report", "--start", START, "--set", "in-house-fte.attrition=20%", "-o", str(page))
    assert "Override: in-house-fte attrition = 20% (command line)." in page.read_text()


def test_the_deadline_moves_with_the_in_house_times(cli_json) -> None:  # type: ignore[no-untyped-def]
    question = ("rank", "--start", "2026-12-01", "--deadline", "2027-Q3", "-p", "in-house-fte")
    before = cli_json(*question)["paths"][0]["work_by_deadline"]["at_confidence"]
    times = ("--set", "in-house-fte.time_to_start=2/3/5m", "--set", "in-house-fte.time_to_first_pr=3/4/6m")
    after = cli_json(*question, *times)["paths"][0]["work_by_deadline"]["at_confidence"]
    assert before == 0.05 and after > 2


@pytest.mark.shipped_data
def test_the_shipped_in_house_times_decide_the_deadline(cli_json) -> None:  # type: ignore[no-untyped-def]
    """With the public times to hire, in-house delivers over two months by 2027-Q3 at 90%."""
    question = ("rank", "--start", "2026-12-01", "--deadline", "2027-Q3", "-p", "in-house-fte")
    times = ("--set", "in-house-fte.time_to_start=2/3/5m", "--set", "in-house-fte.time_to_first_pr=3/4/6m")
    before = cli_json(*question)["paths"][0]["work_by_deadline"]["at_confidence"]
    after = cli_json(*question, *times)["paths"][0]["work_by_deadline"]["at_confidence"]
    assert before < 0.1 and after > 2


def test_an_amount_on_a_role_scaled_item_is_the_role_own(cli_json) -> None:  # type: ignore[no-untyped-def]
    document = cli_json(
        "compare",
        "--start",
        START,
        "-r",
        "data-scientist",
        "-p",
        "latam-direct",
        "--set",
        "latam-direct.pay=8000",
    )
    pay = next(item for item in document["paths"][0]["items"] if item["id"] == "pay")
    assert pay["amount"] == {"low": 96000, "mid": 96000, "high": 96000}
    unset = cli_json("compare", "--start", START, "-r", "data-scientist", "-p", "latam-direct")
    assert next(item for item in unset["paths"][0]["items"] if item["id"] == "pay")["amount"]["low"] < 96000


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("in-house-fte.attrition=150%", "in-house-fte.attrition=150%: '150%' is above 100%"),
        ("in-house-fte.attrition=1.5", "in-house-fte.attrition=1.5: high 1.5 would mean"),
        ("embedded.time_to_start=4/2/1w", "embedded.time_to_start=4/2/1w: must have low <= median <= high"),
        (
            "in-house-fte.time_to_first_pr=1m",
            "in-house-fte.time_to_first_pr=1m: time_to_first_pr low is earlier than time_to_start low",
        ),
        ("nowhere.fee=1", "nowhere.fee: 'nowhere' is no path, role or section of the data"),
        ("embedded.nope=1", "embedded.nope: embedded has no figure 'nope'"),
        ("embedded.time_to_start=3x", "embedded.time_to_start=3x: '3x' is not a time"),
        ("embedded.fee=1,5", "embedded.fee=1,5: '1,5': a comma may only group thousands"),
        ("embedded.fee=8%", "embedded.fee=8%: embedded.fee is an amount per month, not a percent"),
        (
            "ml-engineer.loaded_monthly=30000-20000",
            "ml-engineer.loaded_monthly=30000-20000: must have low <= median <= high",
        ),
    ],
)
@pytest.mark.parametrize("command", list(COSTING))
def test_a_bad_override_is_a_usage_error_naming_it(cli, command: str, setting: str, message: str) -> None:  # type: ignore[no-untyped-def]
    result = cli(*COSTING[command], "--set", setting, code=2)
    assert result.stderr.startswith(f"mlhire: error: --set: {message}")
    assert result.stderr.count("\n") == 1 and result.stdout == ""


def test_the_same_figure_by_two_names_is_given_twice(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli(
        "compare",
        "--set",
        "in-house-fte.attrition=10%",
        "--set",
        "in-house-fte.lifecycle.attrition=20%",
        code=2,
    )
    assert "in-house-fte.lifecycle.attrition is given twice" in result.stderr
