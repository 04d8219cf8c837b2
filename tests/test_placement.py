"""Retries and capacity: the placement CDF against a simulation, and its limits."""

from __future__ import annotations

import itertools
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mlhire_calc.domain.timeline import TimeDist
from mlhire_calc.engine.placement import Placement, PlacementTime
from mlhire_calc.engine.team import TeamTime

ONE = TimeDist(7.0, 14.0, 28.0)


def _simulated(time: PlacementTime, x: float, runs: int = 40_000, seed: int = 3) -> float:
    rng = random.Random(seed)
    pace = time.placement.per_month
    done = 0
    for _ in range(runs):
        finished = []
        for hire in range(time.hires):
            failures = 0
            while rng.random() < time.placement.fail:
                failures += 1
            offset = 0.0 if pace is None else (hire // pace) * 30.4375
            finished.append(offset + failures * time.placement.lost_days + time.one.quantile(rng.random()))
        done += sorted(finished)[time.need - 1] <= x
    return done / runs


@pytest.mark.parametrize(
    ("placement", "hires", "need", "x"),
    [
        (Placement(0.2, 42.0), 1, 1, 30.0),
        (Placement(0.2, 42.0), 1, 1, 60.0),
        (Placement(0.1, 30.0, 2), 5, 5, 90.0),
        (Placement(0.1, 30.0, 2), 5, 3, 45.0),
        (Placement(0.3, 20.0), 4, 2, 25.0),
    ],
)
def test_the_cdf_agrees_with_a_simulation(placement: Placement, hires: int, need: int, x: float) -> None:
    time = PlacementTime(ONE, placement, hires, need)
    assert time.cdf(x) == pytest.approx(_simulated(time, x), abs=0.01)


def test_certain_unlimited_placement_is_the_closed_form() -> None:
    time = PlacementTime(ONE, Placement(), 3, 2)
    team = TeamTime.of_team(ONE, 3, 2)
    for x in (5.0, 10.0, 14.0, 20.0, 30.0):
        assert time.cdf(x) == team.cdf(x)
    assert time.quantile(0.9) == team.quantile(0.9)


def test_a_risky_placement_is_never_certain() -> None:
    time = PlacementTime(ONE, Placement(0.05, 30.0))
    assert time.cdf(1000.0) < 1.0 or time.cdf(1000.0) == pytest.approx(1.0)
    assert time.cdf(ONE.high) < 1.0


def test_capacity_delays_a_large_team() -> None:
    """60 hires at 12 a month: the last 12 cannot begin before month 4."""
    time = PlacementTime(ONE, Placement(0.1, 42.0, 12), 60, 60)
    assert time.cdf(4 * 30.4375) == 0.0
    assert time.quantile(0.9) >= 4 * 30.4375 + ONE.low


@settings(max_examples=60, deadline=None)
@given(
    fail=st.floats(0.0, 0.6),
    lost=st.floats(1.0, 90.0),
    pace=st.one_of(st.none(), st.integers(1, 5)),
    hires=st.integers(1, 8),
    data=st.data(),
)
def test_the_cdf_never_falls_and_quantiles_invert_it(
    fail: float, lost: float, pace: int | None, hires: int, data: st.DataObject
) -> None:
    need = data.draw(st.integers(1, hires))
    time = PlacementTime(ONE, Placement(fail, lost, pace), hires, need)
    points = [time.cdf(x) for x in range(0, 400, 7)]
    assert all(b >= a - 1e-12 for a, b in itertools.pairwise(points))
    for q in (0.1, 0.5, 0.9):
        day = time.quantile(q)
        assert time.cdf(day) >= q - 1e-9
        assert time.cdf(day - 0.01) <= q + 1e-9


def test_expected_lateness_matches_the_survival_integral() -> None:
    time = PlacementTime(ONE, Placement(0.2, 42.0), 1, 1)
    rng = random.Random(5)
    samples = []
    for _ in range(60_000):
        failures = 0
        while rng.random() < 0.2:
            failures += 1
        samples.append(failures * 42.0 + ONE.quantile(rng.random()))
    simulated = sum(max(0.0, s - 20.0) for s in samples) / len(samples)
    assert time.expected_excess(20.0) == pytest.approx(simulated, rel=0.03)
