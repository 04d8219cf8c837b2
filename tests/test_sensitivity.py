"""`mlhire sensitivity`: the figures found by reflection, their swings, and the flips of the decision."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from mlhire_calc import sensitivity
from mlhire_calc.datafiles.load import load_catalog
from mlhire_calc.datafiles.overrides import Override, apply
from mlhire_calc.domain.catalog import Range, TimeRange
from mlhire_calc.engine.cost import compare
from mlhire_calc.engine.figures import figures, moves_only_its_path, pinned
from mlhire_calc.engine.sensitivity import Question
from mlhire_calc.engine.sensitivity import sensitivity as run

from .conftest import FIXTURE_DATA

CATALOG = load_catalog(FIXTURE_DATA)
START = date(2026, 12, 1)
ROW_FIELDS = {"figure", "measure", "at_low", "at_high", "swing", "flips"}


def _total(catalog: Any, path_id: str, role: str = "ml-engineer") -> Decimal:
    result = compare(catalog, role_id=role, path_ids=(path_id,), start=START, baseline_id=None)
    return result.paths[0].total.mid


# ---------------------------------------------------------------- the figures, by reflection


def test_every_uncertain_range_the_question_reads_is_a_figure() -> None:
    names = {figure.name for figure in figures(CATALOG, "ml-engineer", list(CATALOG.paths))}
    assert {
        "in-house-fte.loaded-cost",
        "in-house-fte.time_to_start",
        "in-house-fte.time_to_first_pr",
        "in-house-fte.recruiting-fee",
        "in-house-fte.attrition",
        "freelance.hourly",
        "freelance.marketplace-fee",
        "latam-direct.pay",
    } <= names
    assert "data-scientist.loaded_monthly" not in names  # another role: the question cannot read it
    # the band is taken whole by the in-house loaded cost, and scales nothing against another role
    assert "ml-engineer.loaded_monthly" not in names
    assert not any(name.startswith("embedded.fee") for name in names)  # a point: nothing to swing


def test_a_role_the_paths_scale_from_is_read() -> None:
    names = {figure.name for figure in figures(CATALOG, "data-scientist", ["latam-direct"])}
    assert {"data-scientist.loaded_monthly", "ml-engineer.loaded_monthly", "latam-direct.pay"} <= names


def test_an_item_that_takes_the_band_whole_is_its_paths_figure() -> None:
    """Swinging the in-house loaded cost moves in-house alone, exactly as `--set` would."""
    (item,) = [f for f in figures(CATALOG, "ml-engineer", ["in-house-fte"]) if f.name.endswith("loaded-cost")]
    band = CATALOG.roles["ml-engineer"].loaded_monthly
    assert (item.value.low, item.value.high) == (band.low, band.high) and moves_only_its_path(item)
    at_high = pinned(CATALOG, item, band.high)
    assert at_high.paths["in-house-fte"].items[0].amount.low == band.high  # type: ignore[union-attr]
    assert at_high.roles == CATALOG.roles and at_high.paths["embedded"] == CATALOG.paths["embedded"]


def test_a_paths_time_for_the_role_stands_in_for_its_own() -> None:
    found = {f.name: f for f in figures(CATALOG, "ml-engineer", ["in-house-fte"])}
    time_to_start = found["in-house-fte.time_to_start"]
    assert "by_role" in time_to_start.where  # the role's own time, not the path's 4.5-5.5 months
    assert isinstance(time_to_start.value, TimeRange) and time_to_start.value.high == Decimal("9.5")
    other = {f.name: f for f in figures(CATALOG, "data-scientist", ["in-house-fte"])}
    assert "by_role" not in other["in-house-fte.time_to_start"].where


def test_pinned_changes_one_figure_and_nothing_else() -> None:
    figure = next(
        f for f in figures(CATALOG, "ml-engineer", ["in-house-fte"]) if f.name.endswith("attrition")
    )
    changed = pinned(CATALOG, figure, figure.value.low)
    lifecycle = changed.paths["in-house-fte"].lifecycle
    assert lifecycle is not None and lifecycle.attrition is not None
    assert lifecycle.attrition.low == lifecycle.attrition.high == figure.value.low
    assert CATALOG.paths["in-house-fte"].lifecycle.attrition.high != figure.value.low  # type: ignore[union-attr]
    assert changed.paths["embedded"] is CATALOG.paths["embedded"]


def test_a_new_range_field_is_found_without_code(tmp_path: Any) -> None:
    """A range anywhere in a record is a figure: here a path's cost item given as a range."""
    path = CATALOG.paths["embedded"]
    item = dataclasses.replace(path.items[0], amount=Range(low=Decimal(12000), high=Decimal(15000)))
    catalog = dataclasses.replace(
        CATALOG, paths={**CATALOG.paths, "embedded": dataclasses.replace(path, items=(item,))}
    )
    assert "embedded.fee" in {f.name for f in figures(catalog, "ml-engineer", ["embedded"])}


# ---------------------------------------------------------------- the swings


def _question(**changes: Any) -> Question:
    return dataclasses.replace(Question("ml-engineer", ("all",), Decimal(12), START), **changes)


def test_rows_are_sorted_by_swing_and_the_in_house_band_leads() -> None:
    result = run(CATALOG, _question())
    swings = [row.swing for row in result.rows]
    assert swings == sorted(swings, reverse=True)
    assert len(result.rows) >= 8
    top = result.rows[0]
    assert top.figure.name == "in-house-fte.loaded-cost" and top.measure == "in-house-fte.total"


def test_a_swing_is_the_engine_with_that_figure_set() -> None:
    """At low and at high are what compare gives with the figure set there (`--set`)."""
    result = run(CATALOG, _question())
    row = next(
        r
        for r in result.rows
        if r.figure.name == "in-house-fte.recruiting-fee" and r.measure.endswith("total")
    )
    for at, value in ((row.figure.value.low, row.at_low), (row.figure.value.high, row.at_high)):
        catalog = apply(CATALOG, [Override("in-house-fte.recruiting-fee", f"{at:f}")])
        assert _total(catalog, "in-house-fte") == value


def test_every_amount_swing_is_what_set_gives() -> None:
    """Each amount row's figure is a `--set` name, and its value at low is compare's with it set.

    (A time pinned alone may fall outside the other time's range, which `--set` refuses.)
    """
    result = run(CATALOG, _question(path_ids=("in-house-fte",)))
    rows = [r for r in result.rows if r.measure == "in-house-fte.total" and r.figure.kind == "amount"]
    assert len(rows) >= 5
    for row in rows:
        catalog = apply(CATALOG, [Override(row.figure.name, f"{row.figure.value.low:f}")])
        assert _total(catalog, "in-house-fte") == row.at_low, row.figure.name


def test_the_saving_is_of_the_chosen_path_against_the_baseline() -> None:
    result = run(CATALOG, _question())
    assert result.decision == "latam-direct"
    row = next(r for r in result.rows if r.measure == "latam-direct.saving")
    assert row.base == result.base.totals["in-house-fte"] - result.base.totals["latam-direct"]


def test_a_swing_that_makes_another_path_cheapest_flips_the_decision() -> None:
    catalog = apply(CATALOG, [Override("embedded.fee", "10000")])  # 120,000 a year, mid
    result = run(catalog, _question())
    assert result.decision == "latam-direct"
    pay = next(r for r in result.rows if r.figure.name == "latam-direct.pay")
    assert pay.flips and pay.decision_at_high == "embedded" and pay.decision_at_low == "latam-direct"
    steady = next(r for r in result.rows if r.figure.name == "in-house-fte.recruiting-fee")
    assert not steady.flips


def test_with_a_deadline_the_decision_must_make_it() -> None:
    result = run(CATALOG, _question(deadline=date(2027, 9, 30), work=None))
    assert result.decision == "latam-direct"
    assert result.schedule and all(row.unit == "months" for row in result.schedule)
    top = result.schedule[0]
    assert top.figure.name == "in-house-fte.time_to_first_pr"
    assert top.at_low > top.at_high  # an earlier first PR: more work by the deadline


def test_a_deadline_no_path_makes_is_no_decision() -> None:
    from mlhire_calc.domain.timeline import Duration

    result = run(CATALOG, _question(deadline=date(2026, 12, 10), work=Duration(3, "months")))
    assert result.decision is None
    assert all(row.unit == "probability" for row in result.schedule)


def test_the_api_checks_its_input() -> None:
    from mlhire_calc.domain.errors import MlhireError

    with pytest.raises(MlhireError, match="before the start"):
        sensitivity(CATALOG, start=START, deadline=date(2026, 1, 1))
    with pytest.raises(MlhireError, match="unknown path"):
        sensitivity(CATALOG, start=START, baseline="nope")


# ---------------------------------------------------------------- the command


def test_the_json_document(cli_json) -> None:  # type: ignore[no-untyped-def]
    document = cli_json("sensitivity", "--start", "2026-12-01")
    assert document["schema"] == "mlhire.sensitivity/1"
    rows = document["rows"]
    assert len(rows) >= 8
    assert all(set(row) >= ROW_FIELDS for row in rows)
    swings = [row["swing"] for row in rows]
    assert swings == sorted(swings, reverse=True)
    top = rows[0]
    assert top["figure"] == "in-house-fte.loaded-cost" and top["measure"] == "in-house-fte.total"
    for row in rows:
        assert row["swing"] == pytest.approx(abs(row["at_high"] - row["at_low"]), abs=0.011)


def test_the_schedule_with_a_deadline_and_work(cli_json) -> None:  # type: ignore[no-untyped-def]
    document = cli_json("sensitivity", "--start", "2026-12-01", "-d", "2027-Q3", "-w", "3m")
    assert document["decision"] == "latam-direct"
    assert document["schedule"] and all(0 <= row["at_low"] <= 1 for row in document["schedule"])


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "markdown"])
def test_every_format(cli, fmt: str) -> None:  # type: ignore[no-untyped-def]
    output = cli("sensitivity", "--start", "2026-12-01", "-d", "2027-Q3", "-f", fmt).stdout
    assert "in-house-fte.loaded-cost" in output and "in-house-fte.total" in output


def test_work_needs_a_deadline(cli) -> None:  # type: ignore[no-untyped-def]
    assert "--work needs --deadline" in cli("sensitivity", "-w", "3m", code=2).stderr
