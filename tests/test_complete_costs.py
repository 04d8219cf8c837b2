"""Every path costed the same way: countries, ramp, placement risk and capacity, hiring fees.

These check the shipped data's answers (the issue's figures), so they read data/.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from mlhire_calc import compare, load_catalog
from mlhire_calc.datafiles.load import default_data_dir

pytestmark = pytest.mark.shipped_data
START = "2026-12-01"
LATAM = ("BR", "MX", "AR", "CO", "CL", "PE", "UY")


def _items(path: dict[str, Any]) -> dict[str, float]:
    return {item["id"]: item["amount"]["mid"] for item in path["items"]}


def test_countries_list_each_country_with_its_source(cli_json) -> None:  # type: ignore[no-untyped-def]
    doc = cli_json("countries")
    listed = {entry["code"]: entry for entry in doc["countries"]}
    assert set(LATAM) <= set(listed)
    for entry in listed.values():
        assert 0 < entry["employer_cost_rate"] < 1 and entry["source"] and entry["as_of"]
    assert listed["CL"]["employer_cost_rate"] < listed["BR"]["employer_cost_rate"]


def test_an_eor_in_brazil_adds_employer_costs_beside_pay(cli_json) -> None:  # type: ignore[no-untyped-def]
    doc = cli_json(
        "compare", "-p", "latam-direct", "--country", "BR", "--engagement", "eor", "--start", START
    )
    items = _items(doc["paths"][0])
    assert 0.25 * items["pay"] <= items["employer-costs"] <= 0.80 * items["pay"]
    assert doc["paths"][0]["country"] == "BR" and doc["paths"][0]["engagement"] == "eor"


def test_a_contractor_pays_no_employer_costs(cli_json) -> None:  # type: ignore[no-untyped-def]
    doc = cli_json("compare", "-p", "latam-direct", "--engagement", "contractor", "--start", START)
    items = _items(doc["paths"][0])
    assert "employer-costs" not in items and "eor-fee" not in items


def test_every_country_side_by_side(cli_json) -> None:  # type: ignore[no-untyped-def]
    doc = cli_json("compare", "-p", "latam-direct", "--country", "all", "--start", START)
    countries = [path["country"] for path in doc["paths"] if path["id"] == "latam-direct"]
    assert len(countries) >= 7 and set(LATAM) <= set(countries)
    totals = {path["country"]: path["total"]["mid"] for path in doc["paths"]}
    assert totals["CL"] < totals["BR"]


@pytest.mark.parametrize("command", ["compare", "rank", "budget"])
def test_every_output_states_the_default_country_and_engagement(cli_json, command: str) -> None:  # type: ignore[no-untyped-def]
    extra = ["-d", "2027-Q3"] if command == "rank" else []
    doc = cli_json(command, "-p", "latam-direct", "--start", START, *extra)
    assert any("Mexico (MX)" in line and "employer of record" in line for line in doc["assumptions"])


def test_an_unknown_country_is_refused(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("compare", "--country", "ZZ", code=1)
    assert "unknown country 'ZZ'" in result.stderr


def test_no_path_is_certain_to_make_a_close_deadline(cli_json) -> None:  # type: ignore[no-untyped-def]
    doc = cli_json("rank", "--start", START, "--deadline", "2027-01-31", "--work", "0d", "-p", "all")
    assert all(path["probability"] < 1 for path in doc["paths"])


def test_capacity_holds_a_large_team_back(cli_json) -> None:  # type: ignore[no-untyped-def]
    doc = cli_json(
        "rank",
        "--start",
        START,
        "--deadline",
        "2027-12-31",
        "--work",
        "0d",
        "-p",
        "embedded",
        "--headcount",
        "60",
    )
    done = date.fromisoformat(doc["paths"][0]["p90_done"])
    assert (done - date(2026, 12, 1)).days >= 110


def test_the_agency_fee_is_paid_on_the_agency_share_only(cli_json) -> None:  # type: ignore[no-untyped-def]
    doc = cli_json("compare", "-p", "in-house-fte", "--start", START)
    assert _items(doc["paths"][0])["recruiting-fee"] < 0.9 * 62_280.00


def test_the_seed_year_holds_and_every_path_states_its_ramp(cli_json) -> None:  # type: ignore[no-untyped-def]
    doc = cli_json("compare", "-p", "all", "--start", START)
    by_id = {path["id"]: path for path in doc["paths"]}
    assert by_id["embedded"]["total"]["mid"] == 162_000.00
    for path in doc["paths"]:
        assert "ramp_months" in path and "productivity_ramp" in path
        assert path["productivity_ramp"]["months"]["source"] is not None
        assert path["placement"] is not None
    assert by_id["embedded"]["productivity_ramp"]["months"]["mid"] == 0
    assert by_id["in-house-fte"]["productivity_ramp"]["months"]["mid"] > 0


def test_onboarding_is_paid_on_every_path_but_the_day_one_one() -> None:
    answer = compare(load_catalog(default_data_dir()), paths=("all",), start=date(2026, 12, 1))
    for cost in answer.value.paths:
        lines = {line.id for line in cost.items}
        if cost.path.id == "embedded":
            assert "ramp" not in lines and "productivity-ramp" not in lines
        else:
            assert "ramp" in lines and "productivity-ramp" in lines, cost.path.id


def test_departures_cost_time_on_an_agency_path_too() -> None:
    answer = compare(load_catalog(default_data_dir()), paths=("embedded",), start=date(2026, 12, 1))
    embedded = answer.value.paths[0]
    assert embedded.done_on is not None
    # 12 months of work from a first PR on 2026-12-15 would end mid-December 2027 without departures
    assert embedded.done_on > date(2027, 12, 15)
    assert embedded.total.mid == 162_000


def test_paths_shows_ramp_placement_and_country_with_sources(cli) -> None:  # type: ignore[no-untyped-def]
    """`mlhire paths` lists each path's ramp, placement risk and capacity, and where it employs."""
    markdown = cli("paths", "--format", "markdown").stdout
    rows = [[cell.strip() for cell in line.split("|")[1:-1]] for line in markdown.splitlines()]
    figures = {(row[0], row[1]) for row in rows if len(row) == 5}
    for path in ("embedded", "latam-direct", "freelance", "ai-platform", "in-house-fte"):
        for name in (
            "months to full speed after first PR",
            "productivity during the ramp",
            "placement fails in trial",
            "time lost per failed placement",
            "placements a month",
        ):
            assert (path, name) in figures, (path, name)
    assert ("latam-direct", "employs by default in") in figures
    lines = cli("paths").stdout
    assert "12 " in next(line for line in lines.splitlines() if "placements a month" in line)


def test_a_setting_reaches_every_country_asked(cli_json) -> None:  # type: ignore[no-untyped-def]
    """With --country all, a path's figure is set in every country, a country's in that one."""
    document = cli_json(
        "compare", "--start", START, "-p", "latam-direct", "--country", "all",
        "--set", "latam-direct.pay=8000", "--set", "countries.BR.employer_cost_rate=40%",
    )  # fmt: skip
    by_country = {path["country"]: _items(path) for path in document["paths"]}
    assert {items["pay"] for items in by_country.values()} == {96000}
    assert by_country["BR"]["employer-costs"] == 38400  # 40% of 96,000
    assert by_country["MX"]["employer-costs"] == 28608  # Mexico's own 29.8%
    assert any("BR.employer_cost_rate = 40%" in line for line in document["assumptions"])


@pytest.mark.parametrize(
    ("item", "figure"), [("employer-costs", "employer_cost_rate"), ("eor-fee", "eor_fee")]
)
def test_an_item_a_country_makes_is_set_through_the_country(cli, item: str, figure: str) -> None:  # type: ignore[no-untyped-def]
    result = cli("compare", "-p", "latam-direct", "--set", f"latam-direct.{item}=20", code=2)
    assert f"set countries.MX.{figure} instead" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_every_path_has_a_conversion_fee_with_its_source(cli_json, tmp_path) -> None:  # type: ignore[no-untyped-def]
    paths = cli_json("paths")["paths"]
    fees = {p["id"]: next(i for i in p["items"] if i["id"] == "conversion-fee") for p in paths}
    assert set(fees) == {p["id"] for p in paths}
    assert all(fee["basis"] == "conversion" and fee["source"] and fee["as_of"] for fee in fees.values())
    assert fees["latam-direct"]["rate"] == 0 and fees["in-house-fte"]["rate"] == 0
    plan = tmp_path / "plan.csv"
    plan.write_text("role,path,decided,headcount,months,converts\nml-engineer,embedded,2027-01-04,1,6,yes\n")
    document = cli_json(
        "budget", "--plan", str(plan), "--start", "2027-01", "--months", "12", "--by", "month"
    )
    assert {row["month"]: row["one_time"] for row in document["rows"] if row["one_time"]} == {
        "2027-07": 32400
    }
