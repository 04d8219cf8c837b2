"""`mlhire afford`: hires within a budget by a deadline, and the budget a body of work needs."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mlhire_calc.datafiles.load import load_catalog
from mlhire_calc.domain.choices import Point
from mlhire_calc.domain.errors import MlhireError
from mlhire_calc.domain.timeline import Duration
from mlhire_calc.engine.afford import afford
from mlhire_calc.engine.rank import rank

from .conftest import FIXTURE_DATA

CATALOG = load_catalog(FIXTURE_DATA)
START = date(2026, 12, 1)
DEADLINE = date(2027, 9, 30)


def _spend(path_id: str, hires: int, point: str = "mid") -> Decimal:
    outlook = rank(CATALOG, start=START, deadline=DEADLINE, path_ids=[path_id], headcount=hires).paths[0]
    return outlook.cost_to_deadline.pick(point)


def test_the_done_when(cli_json) -> None:  # type: ignore[no-untyped-def]
    base = ["afford", "--start", "2026-12-01", "--deadline", "2027-Q3"]
    small = cli_json(*base, "--budget", "300000")
    large = cli_json(*base, "--budget", "600000")
    assert small["schema"] == "mlhire.afford/1"
    for document, budget in ((small, 300000), (large, 600000)):
        for path in document["paths"]:
            assert path["cost"] <= budget
            assert {"hires", "cost", "work_by_deadline"} <= set(path)
    fewer = {path["id"]: path["hires"] for path in small["paths"]}
    assert all(path["hires"] >= fewer[path["id"]] for path in large["paths"])
    assert sum(path["hires"] for path in large["paths"]) > sum(fewer.values())


def test_one_more_hire_would_not_fit() -> None:
    result = afford(CATALOG, start=START, deadline=DEADLINE, budget=Decimal(300000))
    for item in result.paths:
        assert item.hires is not None and item.cost is not None
        assert item.cost == _spend(item.path.id, item.hires)
        assert _spend(item.path.id, item.hires + 1) > Decimal(300000)
        assert item.cost == item.per_hire * item.hires  # the same for every hire


def test_the_work_delivered_is_ranks() -> None:
    result = afford(CATALOG, start=START, deadline=DEADLINE, budget=Decimal(300000))
    latam = next(item for item in result.paths if item.path.id == "latam-direct")
    assert latam.hires == 3
    expected = rank(CATALOG, start=START, deadline=DEADLINE, path_ids=["latam-direct"], headcount=3)
    assert latam.work_by_deadline == expected.paths[0].work_by_deadline


def test_the_band_moves_the_cost() -> None:
    low = afford(CATALOG, start=START, deadline=DEADLINE, budget=Decimal(300000), point=Point.low)
    high = afford(CATALOG, start=START, deadline=DEADLINE, budget=Decimal(300000), point=Point.high)
    for cheap, dear in zip(low.paths, high.paths, strict=True):
        assert cheap.hires is not None and dear.hires is not None and cheap.hires >= dear.hires
        assert dear.per_hire >= cheap.per_hire


def test_a_budget_below_one_hire_buys_none() -> None:
    item = afford(CATALOG, start=START, deadline=DEADLINE, path_ids=["embedded"], budget=Decimal(1000)).paths[
        0
    ]
    assert item.hires == 0 and item.cost == 0 and item.work_by_deadline.at_confidence == 0


def test_a_hire_that_starts_after_the_deadline_buys_nothing() -> None:
    early = date(2027, 2, 1)
    item = afford(
        CATALOG, start=START, deadline=early, path_ids=["in-house-fte"], budget=Decimal(10**6)
    ).paths[0]
    assert item.hires == 0 and item.per_hire == 0


def test_the_budget_the_work_needs() -> None:
    wanted = Duration(36, "months")
    result = afford(CATALOG, start=START, deadline=DEADLINE, work=wanted)
    assert result.question == "work"
    for item in result.paths:
        if item.path.id == "in-house-fte":  # its first PR at 90% is the day before the deadline
            assert item.hires is None and item.cost is None
            continue
        assert item.hires is not None and item.work_by_deadline.at_confidence >= 36
        fewer = rank(
            CATALOG, start=START, deadline=DEADLINE, path_ids=[item.path.id], headcount=item.hires - 1
        )
        assert fewer.paths[0].work_by_deadline.at_confidence < 36
        assert item.cost == _spend(item.path.id, item.hires)


@settings(max_examples=20, deadline=None)
@given(
    budget=st.integers(min_value=0, max_value=2_000_000), extra=st.integers(min_value=0, max_value=2_000_000)
)
def test_more_budget_never_buys_fewer_hires(budget: int, extra: int) -> None:
    less = afford(CATALOG, start=START, deadline=DEADLINE, budget=Decimal(budget))
    more = afford(CATALOG, start=START, deadline=DEADLINE, budget=Decimal(budget + extra))
    for small, large in zip(less.paths, more.paths, strict=True):
        assert small.cost is not None and small.cost <= budget
        assert large.hires is not None and small.hires is not None and large.hires >= small.hires


def test_budget_or_work_not_both(cli) -> None:  # type: ignore[no-untyped-def]
    args = ["afford", "-d", "2027-Q3"]
    assert "--budget or --work" in cli(*args, code=2).stderr
    assert "--budget or --work" in cli(*args, "--budget", "1", "--work", "3m", code=2).stderr
    with pytest.raises(MlhireError):
        afford(CATALOG, start=START, deadline=DEADLINE)


@pytest.mark.parametrize("fmt", ["table", "csv", "markdown"])
def test_every_format(cli, fmt: str) -> None:  # type: ignore[no-untyped-def]
    output = cli("afford", "--start", "2026-12-01", "-d", "2027-Q3", "--work", "24m", "-f", fmt).stdout
    assert "latam-direct" in output
