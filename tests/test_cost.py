"""The cost model against the product document's figures and its own rules."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from mlhire_calc.datafiles.load import default_data_dir, load_catalog
from mlhire_calc.datafiles.overrides import apply, shorthands
from mlhire_calc.domain.errors import InputError, UsageError
from mlhire_calc.domain.money import Band
from mlhire_calc.engine.cost import compare

START = date(2026, 12, 1)


@pytest.fixture(scope="module")
def catalog():  # type: ignore[no-untyped-def]
    return load_catalog()


def by_id(result):  # type: ignore[no-untyped-def]
    return {cost.path.id: cost for cost in result.paths}


@pytest.mark.shipped_data
def test_embedded_year_is_162k() -> None:
    embedded = by_id(compare(load_catalog(default_data_dir()), start=START))["embedded"]
    assert embedded.total == Band.point(Decimal("162000.00"))
    assert embedded.one_time == Band.zero()


def test_fte_annual_288k_gives_288k_recurring_plus_one_time(catalog) -> None:  # type: ignore[no-untyped-def]
    overridden = apply(
        catalog, shorthands(embedded_monthly=None, fte_annual=Decimal(288000), fte_monthly=None)
    )
    fte = by_id(compare(overridden, start=START))["in-house-fte"]
    lines = {item.id: item for item in fte.items}
    assert lines["loaded-cost"].amount == Band.point(Decimal("288000.00"))  # the shipped year
    assert fte.one_time.low > 0 and lines["ramp"].amount.low > 0  # the document's "plus"
    assert fte.total == fte.recurring + fte.one_time + fte.expected
    assert fte.total == sum((item.amount for item in fte.items), Band.zero())


def test_in_house_year_spans_the_role_band(catalog) -> None:  # type: ignore[no-untyped-def]
    loaded = {item.id: item for item in by_id(compare(catalog, start=START))["in-house-fte"].items}[
        "loaded-cost"
    ]
    assert (loaded.amount.low, loaded.amount.high) == (Decimal("264000.00"), Decimal("456000.00"))
    assert loaded.amount.mid == Decimal("360000.00")


def test_role_band_follows_the_role(catalog) -> None:  # type: ignore[no-untyped-def]
    fte = by_id(compare(catalog, start=START, role_id="ml-platform-engineer"))["in-house-fte"]
    loaded = {item.id: item for item in fte.items}["loaded-cost"]
    assert (loaded.amount.low, loaded.amount.high) == (Decimal(28000 * 12), Decimal(45000 * 12))


def test_percent_and_hourly_items(catalog) -> None:  # type: ignore[no-untyped-def]
    result = by_id(compare(catalog, start=START, path_ids=["freelance", "ai-platform"]))
    freelance = {item.id: item.amount for item in result["freelance"].items}
    hourly = next(item for item in catalog.paths["freelance"].items if item.id == "hourly")
    assert hourly.hours_per_month is not None
    hours = hourly.hours_per_month.value
    assert freelance["hourly"].low == 80 * hours * 12  # the document's $80-$180 for an ML engineer
    assert freelance["hourly"].high == 180 * hours * 12
    assert freelance["marketplace-fee"].low == 80 * hours * 12 * Decimal("0.05")
    platform = {item.id: item.amount for item in result["ai-platform"].items}
    assert platform["broker-margin"].high == platform["pay"].high * Decimal("0.5")


def test_headcount_scales_every_item(catalog) -> None:  # type: ignore[no-untyped-def]
    one = by_id(compare(catalog, start=START, path_ids=["all"]))
    three = by_id(compare(catalog, start=START, path_ids=["all"], headcount=3))
    for path_id, cost in one.items():
        assert three[path_id].total == cost.total * 3


def test_money_is_decimal_end_to_end(catalog) -> None:  # type: ignore[no-untyped-def]
    for cost in compare(catalog, start=START, path_ids=["all"]).paths:
        for item in cost.items:
            for value in item.amount.as_dict().values():
                assert isinstance(value, Decimal)
                assert value == value.quantize(Decimal("0.01"))


def test_calendar_basis_counts_spend_and_work_within_the_window(catalog) -> None:  # type: ignore[no-untyped-def]
    result = by_id(compare(catalog, start=START, basis="calendar", path_ids=["all"]))
    fte = result["in-house-fte"]
    embedded = result["embedded"]
    assert fte.work_months < Decimal(7)  # hired around month 6 of 12
    assert embedded.work_months > Decimal(11)
    # embedded engages 2026-12-15: 17 of 31 days of December, then Jan..Nov, none of Dec 2027
    assert embedded.recurring.mid == (Decimal(13500) * 17 / 31).quantize(Decimal("0.01")) + 11 * 13500


def test_a_new_line_item_is_a_yaml_edit(data_copy: Path) -> None:
    paths = data_copy / "paths.yaml"
    text = paths.read_text()
    laptop = (
        "      - id: laptop\n        name: Laptop\n        per: hire\n        amount: 3000\n"
        '        source: reference\n        as_of: "2026-11"\n        estimate: true\n'
        "        note: Example equipment cost.\n"
    )
    anchor = "      - id: internal-hiring\n"
    paths.write_text(text.replace(anchor, laptop + anchor))
    before = by_id(compare(load_catalog(), start=START, headcount=2))["in-house-fte"]
    after = by_id(compare(load_catalog(data_copy), start=START, headcount=2))["in-house-fte"]
    assert after.one_time == before.one_time + Band.point(Decimal(6000))


def test_unknown_role_and_path_name_what_is_accepted(catalog) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InputError, match="known roles: data-scientist"):
        compare(catalog, start=START, role_id="wizard")
    with pytest.raises(InputError, match="known paths: embedded"):
        compare(catalog, start=START, path_ids=["nope"])


def test_bad_months_and_headcount(catalog) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UsageError):
        compare(catalog, start=START, months=Decimal(0))
    with pytest.raises(UsageError):
        compare(catalog, start=START, headcount=0)
    with pytest.raises(UsageError, match="not both"):
        shorthands(embedded_monthly=None, fte_annual=Decimal(1), fte_monthly=Decimal(1))


@pytest.mark.parametrize(
    ("setting", "path", "expected_mid"),
    [
        ("embedded.fee=15000", "embedded", Decimal("180000.00")),
        ("embedded.fee=15k", "embedded", Decimal("180000.00")),
        ("in-house-fte.loaded-cost=24000", "in-house-fte", None),
        ("freelance.hourly=100", "freelance", None),
        ("freelance.marketplace-fee=0%", "freelance", None),
        ("latam-direct.hiring=0", "latam-direct", None),
    ],
)
def test_set_changes_exactly_one_item(catalog, setting: str, path: str, expected_mid) -> None:  # type: ignore[no-untyped-def]
    from mlhire_calc.datafiles.overrides import parse_setting

    override = parse_setting(setting)
    before = by_id(compare(catalog, start=START, path_ids=[path]))[path]
    after = by_id(compare(apply(catalog, [override]), start=START, path_ids=[path]))[path]
    old = {item.id: item.amount for item in before.items}
    new = {item.id: item.amount for item in after.items}
    touched = {item_id for item_id in old.keys() | new.keys() if old.get(item_id) != new.get(item_id)}
    item_id = override.name.split(".")[1]
    set_item = next(i for i in after.items if i.id == item_id)
    assert set_item.source == "user" and not set_item.estimate
    if expected_mid is not None:
        assert after.total.mid == expected_mid
    # only the item set moves, with what is computed from it: percent items of it, and the
    # lifecycle lines over the recurring or one-time costs (ramp, increases, replacements)
    dependants = {i.id for i in catalog.paths[path].items if i.of == item_id}
    lifecycle = {"ramp", "raises", "replacement-hiring", "replacement-ramp"}
    assert item_id in touched
    assert touched <= {item_id, *dependants, *lifecycle}


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("embedded=15000", "is not NAME=VALUE"),
        ("embedded.nope=1", "has no figure 'nope'"),
        ("nowhere.fee=1", "'nowhere' is no path, role or section"),
        ("freelance.marketplace-fee=25", "would mean 2500%"),
        ("embedded.fee=8%", "not a percent"),
        ("embedded.fee=-5", "must be zero or positive"),
        ("embedded.fee=1e13", "is above"),
    ],
)
def test_bad_settings_are_one_line_errors(catalog, setting: str, message: str) -> None:  # type: ignore[no-untyped-def]
    from mlhire_calc.datafiles.overrides import parse_setting
    from mlhire_calc.domain.errors import MlhireError

    with pytest.raises(MlhireError, match=message):
        apply(catalog, [parse_setting(setting)])
