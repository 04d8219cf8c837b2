"""`mlhire rank`: closed-form probabilities, properties, and the CLI."""

from __future__ import annotations

import csv
import io
import random
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mlhire_calc.datafiles.load import load_catalog
from mlhire_calc.domain.errors import UsageError
from mlhire_calc.domain.timeline import Duration, TimeDist, expected_excess, parse_deadline
from mlhire_calc.engine.rank import probability_by, rank
from mlhire_calc.output.views.rank import headline
from tests.conftest import FIXTURE_DATA, START

CATALOG = load_catalog(FIXTURE_DATA)
PATHS = list(CATALOG.paths.values())
DAY0 = date(2026, 12, 1)

dists = st.tuples(
    st.floats(0, 400, allow_nan=False), st.floats(0, 400, allow_nan=False), st.floats(0, 400, allow_nan=False)
).map(lambda t: TimeDist(*sorted(t)))


@given(dists, st.floats(-50, 900), st.floats(0, 300))
def test_cdf_is_monotone_and_bounded(dist: TimeDist, x: float, dx: float) -> None:
    assert 0.0 <= dist.cdf(x) <= dist.cdf(x + dx) <= 1.0


@given(st.sampled_from(PATHS), st.integers(0, 800), st.integers(0, 400), st.integers(0, 200))
def test_later_deadline_never_lowers_probability(path, days: int, later: int, work: int) -> None:  # type: ignore[no-untyped-def]
    duration = Duration(work, "days")
    early = DAY0 + timedelta(days=days)
    assert probability_by(path, DAY0, early, duration) <= probability_by(
        path, DAY0, early + timedelta(days=later), duration
    )


@given(st.sampled_from(PATHS), st.integers(0, 800), st.integers(0, 300), st.integers(0, 300))
def test_more_work_never_raises_probability(path, days: int, work: int, more: int) -> None:  # type: ignore[no-untyped-def]
    deadline = DAY0 + timedelta(days=days)
    assert probability_by(path, DAY0, deadline, Duration(work + more, "days")) <= probability_by(
        path, DAY0, deadline, Duration(work, "days")
    )


@pytest.mark.parametrize("path", PATHS, ids=[p.id for p in PATHS])
def test_closed_form_agrees_with_a_100k_sample_simulation(path) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(20261201)
    dist = path.time_to_first_pr.dist()
    work = 10.0
    samples = [dist.sample(rng.random()) + work for _ in range(100_000)]
    for days in (10, 20, 30, 45, 120, 150, 180, 200, 250, 300):
        simulated = sum(1 for s in samples if s <= days) / len(samples)
        assert abs(simulated - dist.shifted(work).cdf(days)) < 0.01, (path.id, days)
    late = sum(max(0.0, s - 150) for s in samples) / len(samples)
    assert abs(late - expected_excess(dist.shifted(work), 150)) < 1.0


def test_q1_2027_in_house_misses_embedded_on_track() -> None:
    result = rank(
        CATALOG, start=DAY0, deadline=parse_deadline("2027-Q1", start=DAY0), work=Duration(0, "days")
    )
    by_id = {o.path.id: o for o in result.paths}
    assert result.deadline == date(2027, 3, 31)
    assert by_id["in-house-fte"].probability == 0.0
    assert by_id["in-house-fte"].verdict == "misses"
    assert by_id["embedded"].verdict == "on_track"
    assert result.paths[-1].path.id == "in-house-fte"  # ranked last
    assert "In-house full-time hire cannot make 2027-03-31 at 90%" in headline(result)


def test_decide_by_is_the_last_start_that_still_makes_it() -> None:
    deadline = DAY0 + timedelta(
        days=259
    )  # 8.5 months: in-house ML engineer's first PR median is 7.5, P90 past 9
    result = rank(CATALOG, start=DAY0, deadline=deadline, path_ids=["in-house-fte"])
    outlook = result.paths[0]
    assert outlook.verdict == "at_risk"  # P50 on time, P90 late
    on_decide_by = rank(CATALOG, start=outlook.decide_by, deadline=deadline, path_ids=["in-house-fte"])
    assert on_decide_by.paths[0].verdict == "on_track"
    day_later = outlook.decide_by + timedelta(days=1)
    assert (
        rank(CATALOG, start=day_later, deadline=deadline, path_ids=["in-house-fte"]).paths[0].verdict
        != "on_track"
    )
    assert outlook.slack_days == (outlook.decide_by - DAY0).days


def test_delay_cost_is_added_and_can_reorder() -> None:
    result = rank(
        CATALOG,
        start=DAY0,
        deadline=date(2027, 6, 30),
        work=Duration(6, "weeks"),
        delay_cost_per_month=__import__("decimal").Decimal(50000),
    )
    fte = next(o for o in result.paths if o.path.id == "in-house-fte")
    assert fte.expected_delay_cost is not None and fte.expected_delay_cost > 0
    assert fte.expected_total is not None
    assert fte.expected_total.mid == fte.cost_of_work.total.mid + fte.expected_delay_cost
    totals = [o.expected_total.mid for o in result.paths if o.expected_total is not None]
    assert totals == sorted(totals)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2027-Q3", date(2027, 9, 30)),
        ("Q3-2027", date(2027, 9, 30)),
        ("2027q1", date(2027, 3, 31)),
        ("Q3", date(2027, 9, 30)),
        ("Q4", date(2026, 12, 31)),
        ("2027-02-28", date(2027, 2, 28)),
        ("2027-09", date(2027, 9, 30)),
        ("2028-02", date(2028, 2, 29)),
        ("Q3 2027", date(2027, 9, 30)),
        ("2027Q3", date(2027, 9, 30)),
        ("q3-2027", date(2027, 9, 30)),
        ("2027 Q3", date(2027, 9, 30)),
    ],
)
def test_deadline_forms(text: str, expected: date) -> None:
    assert parse_deadline(text, start=DAY0) == expected


@pytest.mark.parametrize(
    "text", ["2027-Q5", "Q0", "next year", "2027-02-30", "2027-13-01", "Q3-0", "2027-13", "0000-05"]
)
def test_bad_deadlines(text: str) -> None:
    with pytest.raises(UsageError):
        parse_deadline(text, start=DAY0)


def test_rank_json(cli_json) -> None:  # type: ignore[no-untyped-def]
    doc = cli_json("rank", "--deadline", "2027-Q1", "--start", START)
    assert doc["schema"] == "mlhire.rank/1"
    assert (doc["start"], doc["deadline"], doc["confidence"]) == (START, "2027-03-31", 0.9)
    fte = next(p for p in doc["paths"] if p["id"] == "in-house-fte")
    assert fte["probability"] == 0 and fte["verdict"] == "misses"
    assert set(fte) >= {"p50_done", "p90_done", "decide_by", "slack_days", "cost_to_deadline"}
    assert set(fte["cost_to_deadline"]) == {"low", "mid", "high"}
    probabilities = [p["probability"] for p in doc["paths"]]
    assert probabilities == sorted(probabilities, reverse=True)


def test_rank_table_has_headline_and_timeline(cli) -> None:  # type: ignore[no-untyped-def]
    out = cli("rank", "--deadline", "2027-Q1", "--start", START, "--work", "0d").stdout
    assert out.startswith("Done = first PR + 0 days. In-house full-time hire cannot make 2027-03-31 at 90%")
    assert "= P10 to P90 done, o P50, | deadline" in out
    assert "misses" in out and "on track" in out


def test_rank_csv_is_flat(cli) -> None:  # type: ignore[no-untyped-def]
    rows = list(
        csv.DictReader(io.StringIO(cli("rank", "-d", "2027-Q3", "--start", START, "-f", "csv").stdout))
    )
    assert [row["rank"] for row in rows] == ["1", "2", "3", "4", "5"]
    assert rows[0]["currency"] == "USD"


def test_work_and_confidence_options(cli_json) -> None:  # type: ignore[no-untyped-def]
    base = cli_json("rank", "-d", "2027-09-30", "--start", START, "-p", "in-house-fte")
    more = cli_json("rank", "-d", "2027-09-30", "--start", START, "-p", "in-house-fte", "--work", "6w")
    assert more["paths"][0]["probability"] < base["paths"][0]["probability"]
    loose = cli_json("rank", "-d", "2027-09-30", "--start", START, "-p", "in-house-fte", "-c", "50%")
    assert loose["paths"][0]["verdict"] == "on_track"
