"""`mlhire rank` answers the questions people ask: work delivered by a date, teams of
N hires (K of N), an honest ranking, the CDF for pictures, and the document's example."""

from __future__ import annotations

import itertools
import json
import math
import random
import shlex
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mlhire_calc.datafiles.load import load_catalog
from mlhire_calc.domain.timeline import DAYS_PER_MONTH, Duration, TimeDist, parse_duration
from mlhire_calc.engine.lifecycle import tenure_for
from mlhire_calc.engine.rank import completion_dist, probability_by, rank
from mlhire_calc.engine.team import TeamTime, _tail_integral, at_least, one_hire_level
from mlhire_calc.output.views.rank import headline

from .conftest import FIXTURE_DATA

CATALOG = load_catalog(FIXTURE_DATA)
DAY0 = date(2026, 12, 1)
Q3 = date(2027, 9, 30)
ONE_IN_HOUSE = completion_dist(CATALOG.path("in-house-fte"), None)


def _by_id(result):  # type: ignore[no-untyped-def]
    return {o.path.id: o for o in result.paths}


# ---------------------------------------------------------------- the document's example


def test_the_documents_example_reproduces_from_its_own_date(cli_json) -> None:  # type: ignore[no-untyped-def]
    """ "If your roadmap depends on shipping an ML pipeline by Q3, in-house FTE will not get
    you there. Embedded does." Asked on the document's date (May 2026)."""
    doc = cli_json(
        "rank",
        "--start",
        "2026-05-15",
        "--deadline",
        "Q3",
        "--work",
        "3m",
        "-p",
        "embedded",
        "-p",
        "in-house-fte",
    )
    assert doc["deadline"] == "2026-09-30"
    verdicts = {p["id"]: p["verdict"] for p in doc["paths"]}
    assert verdicts == {"embedded": "on_track", "in-house-fte": "misses"}
    assert [p["id"] for p in doc["paths"]] == ["embedded", "in-house-fte"]
    assert doc["headline"].startswith(
        "Done = first PR + 3 months. In-house full-time hire cannot make 2026-09-30"
    )


def test_without_work_the_document_point_is_visible(cli_json) -> None:  # type: ignore[no-untyped-def]
    doc = cli_json(
        "rank", "--start", "2026-05-15", "--deadline", "Q3", "-p", "embedded", "-p", "in-house-fte"
    )
    assert doc["ranked_by"] == "work_by_deadline"
    embedded, in_house = doc["paths"]
    assert (embedded["id"], in_house["id"]) == ("embedded", "in-house-fte")
    assert embedded["work_by_deadline"]["at_confidence"] > 3
    assert in_house["work_by_deadline"] == {"at_confidence": 0, "median": 0}
    assert doc["headline"] == (
        f"By 2026-09-30, at 90%, embedded delivers {embedded['work_by_deadline']['at_confidence']:.1f} "
        "months of work; in-house-fte 0.0."
    )


# ---------------------------------------------------------------- work by the deadline


def test_work_by_deadline_is_the_months_from_the_first_pr_at_each_level() -> None:
    result = rank(CATALOG, start=DAY0, deadline=Q3)
    horizon = (Q3 - DAY0).days
    for item in result.paths:
        one = completion_dist(item.path, None)
        life = tenure_for(item.path, "ml-engineer", DAY0)
        shipping = 1 - float(life.departures.mid) * float(life.lost_per_departure) / 12  # lost time
        expected = max(0.0, horizon - one.quantile(0.9)) / DAYS_PER_MONTH * shipping
        assert item.work_by_deadline.at_confidence == pytest.approx(round(expected, 2), abs=0.011)
        median = max(0.0, horizon - one.quantile(0.5)) / DAYS_PER_MONTH * shipping
        assert item.work_by_deadline.median == pytest.approx(round(median, 2), abs=0.011)
    works = [(o.work_by_deadline.at_confidence, o.work_by_deadline.median) for o in result.paths]
    assert works == sorted(works, reverse=True)
    assert result.paths[-1].path.id == "in-house-fte"
    assert headline(result).startswith("By 2027-09-30, at 90%, ")


@given(st.sampled_from(sorted(CATALOG.paths)), st.integers(1, 400), st.integers(1, 200), st.integers(1, 4))
def test_work_by_deadline_agrees_with_the_probability_of_that_work(
    path_id: str, days: int, work: int, n: int
) -> None:
    """At least w months by the deadline at 90% exactly when first PR + w is on track at 90%."""
    deadline = DAY0 + timedelta(days=days)
    plain = rank(CATALOG, start=DAY0, deadline=deadline, path_ids=[path_id], headcount=n).paths[0]
    delivered = plain.work_by_deadline.at_confidence / n  # per hire of the team
    asked = Duration(work, "days")
    timed = rank(CATALOG, start=DAY0, deadline=deadline, path_ids=[path_id], work=asked, headcount=n).paths[0]
    months = work / DAYS_PER_MONTH
    if abs(delivered - months) > 0.05:  # away from the rounding of the months shown and of whole days
        assert (timed.verdict == "on_track") == (delivered > months)


# ---------------------------------------------------------------- headcount


@pytest.mark.parametrize("path_id", sorted(CATALOG.paths))
def test_three_hires_all_in_place_is_the_cube_of_one(path_id: str) -> None:
    deadline = date(2027, 8, 15)
    one = probability_by(CATALOG.path(path_id), DAY0, deadline, Duration(3, "months"))
    three = rank(
        CATALOG, start=DAY0, deadline=deadline, path_ids=[path_id], work=Duration(3, "months"), headcount=3
    ).paths[0]
    assert three.probability == pytest.approx(one**3, abs=1e-15)


def test_three_in_house_hires_by_q3_are_far_less_likely_than_one(cli_json) -> None:  # type: ignore[no-untyped-def]
    args = ("rank", "--start", "2026-12-01", "-d", "2027-09-30", "-p", "in-house-fte", "--work", "0d")
    one = cli_json(*args)["paths"][0]["probability"]
    three = cli_json(*args, "--headcount", "3")["paths"][0]["probability"]
    two_of_three = cli_json(*args, "--headcount", "3", "--need", "2")
    assert three == pytest.approx(one**3, abs=2e-6)
    p = two_of_three["paths"][0]["probability"]
    assert p == pytest.approx(3 * one**2 * (1 - one) + one**3, abs=2e-6)
    assert three < one < p  # all three is far less likely than one; two of three (p > 0.5) is more
    assert two_of_three["need"] == 2 and "2 of 3 hires" in two_of_three["done"]
    assert any("P(Binomial(3, F) >= 2)" in line for line in two_of_three["assumptions"])


@pytest.mark.parametrize(("hires", "need"), [(3, 3), (3, 2), (3, 1), (5, 4), (12, 6)])
def test_team_times_agree_with_a_seeded_simulation(hires: int, need: int) -> None:
    rng = random.Random(20261201 + hires * 10 + need)
    team = TeamTime.of_team(ONE_IN_HOUSE.one, hires, need)
    samples = sorted(
        sorted(ONE_IN_HOUSE.one.sample(rng.random()) for _ in range(hires))[need - 1] for _ in range(40_000)
    )
    for days in (150, 200, 228, 250, 280, 300):
        simulated = sum(1 for s in samples if s <= days) / len(samples)
        assert abs(simulated - team.cdf(days)) < 0.01, days
    for level in (0.1, 0.5, 0.9):
        assert abs(samples[int(level * len(samples))] - team.quantile(level)) < 2.0, level
    for days in (150, 250):
        late = sum(max(0.0, s - days) for s in samples) / len(samples)
        assert abs(late - team.expected_excess(days)) < 1.0, days


def test_team_decide_by_is_the_last_start_that_still_makes_it() -> None:
    path = ["in-house-fte"]
    deadline = date(2027, 10, 15)
    first = rank(CATALOG, start=DAY0, deadline=deadline, path_ids=path, headcount=3, work=Duration(0, "days"))
    item = first.paths[0]
    assert item.decide_by is not None
    again = rank(
        CATALOG, start=item.decide_by, deadline=deadline, path_ids=path, headcount=3, work=Duration(0, "days")
    )
    assert again.paths[0].probability >= 0.9 - 1e-12
    later = rank(
        CATALOG,
        start=item.decide_by + timedelta(days=1),
        deadline=deadline,
        path_ids=path,
        headcount=3,
        work=Duration(0, "days"),
    )
    assert later.paths[0].probability < 0.9


@given(
    st.tuples(st.floats(0, 300), st.floats(0, 300), st.floats(0, 300)).map(lambda t: TimeDist(*sorted(t))),
    st.integers(1, 60),
    st.data(),
)
def test_team_quantile_inverts_the_team_cdf(one: TimeDist, hires: int, data: st.DataObject) -> None:
    need = data.draw(st.integers(1, hires))
    team = TeamTime.of_team(one, hires, need)
    level = data.draw(st.floats(0.01, 0.99))
    x = team.quantile(level)
    assert one.low - 1e-9 <= x <= one.high + 1e-9
    if one.high - one.low > 1e-6 and one.median - one.low > 1e-6 and one.high - one.median > 1e-6:
        assert team.cdf(x) == pytest.approx(level, abs=1e-9)
    assert team.cdf(x - 1) <= team.cdf(x) <= team.cdf(x + 1)


@given(st.integers(1, 200), st.data())
def test_binomial_tail_inverse(hires: int, data: st.DataObject) -> None:
    need = data.draw(st.integers(1, hires))
    level = data.draw(st.floats(1e-6, 1 - 1e-6))
    assert at_least(need, hires, one_hire_level(need, hires, level)) == pytest.approx(level, abs=1e-9)


def test_a_large_team_stays_fast_and_finite() -> None:
    team = TeamTime.of_team(ONE_IN_HOUSE.one, 100_000, 50_000)
    assert team.quantile(0.9) == pytest.approx(ONE_IN_HOUSE.quantile(0.5), abs=1.0)
    assert math.isfinite(team.expected_excess(200))


def test_need_must_be_within_the_headcount(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("rank", "--start", "2026-12-01", "-d", "Q3", "-n", "2", "--need", "3", code=2)
    assert "--need" in result.stderr and "1 to the headcount, 2" in result.stderr
    cli("rank", "--start", "2026-12-01", "-d", "Q3", "--need", "0", code=2)


# ---------------------------------------------------------------- honest ranking


def test_when_every_path_misses_the_one_closest_to_done_ranks_first(cli_json) -> None:  # type: ignore[no-untyped-def]
    doc = cli_json(
        "rank",
        "--start",
        "2026-09-01",
        "--deadline",
        "Q3",
        "-w",
        "6w",
        "-p",
        "embedded",
        "-p",
        "in-house-fte",
    )
    assert [p["verdict"] for p in doc["paths"]] == ["misses", "misses"]
    assert [p["id"] for p in doc["paths"]] == ["embedded", "in-house-fte"]
    late = [p["expected_late_days"] for p in doc["paths"]]
    assert late == sorted(late)
    assert doc["ranked_by"] == "probability"
    # the cost shown is the cost of the same work (first PR + 6 weeks), never $0 for a path not started
    assert all(p["cost_of_work"]["mid"] > 0 for p in doc["paths"])


@pytest.mark.parametrize(
    "args",
    [
        ("-d", "2027-06-30", "-w", "6w"),
        ("-d", "2027-06-30", "-w", "6w", "-n", "2"),
        ("-d", "2027-03-31", "-w", "3m", "-c", "80%"),
        ("-d", "2027-09-30"),
    ],
)
def test_with_a_delay_cost_the_order_is_ascending_in_the_expected_total(cli_json, args) -> None:  # type: ignore[no-untyped-def]
    doc = cli_json("rank", "--start", "2026-12-01", *args, "--delay-cost-per-month", "60000")
    assert doc["ranked_by"] == "expected_total"
    totals = [p["expected_total"]["mid"] for p in doc["paths"]]
    assert totals == sorted(totals)
    for path in doc["paths"]:
        expected = Decimal(str(path["cost_of_work"]["mid"])) + Decimal(str(path["expected_delay_cost"]))
        assert Decimal(str(path["expected_total"]["mid"])) == expected
    assert any("Ranked by expected total (mid)" in line for line in doc["assumptions"])


def test_the_cost_shown_is_the_cost_of_the_work_asked_for(cli_json) -> None:  # type: ignore[no-untyped-def]
    rank_doc = cli_json("rank", "--start", "2026-12-01", "-d", "2027-09-30", "-w", "3m", "-p", "in-house-fte")
    compare_doc = cli_json("compare", "--start", "2026-12-01", "-m", "3", "-p", "in-house-fte")
    assert rank_doc["paths"][0]["cost_of_work"] == compare_doc["paths"][0]["total"]


# ---------------------------------------------------------------- the CDF for pictures


def test_json_has_the_cdf_weekly_from_the_start_to_past_the_p99(cli_json) -> None:  # type: ignore[no-untyped-def]
    doc = cli_json("rank", "--start", "2026-12-01", "-d", "2027-03-31", "-w", "6w", "-n", "3")
    for path in doc["paths"]:
        points = [(date.fromisoformat(day), p) for day, p in path["cdf"]]
        days = [day for day, _ in points]
        assert days[0] == DAY0 and days == sorted(days)
        assert all((b - a).days <= 7 for a, b in itertools.pairwise(days))
        probabilities = [p for _, p in points]
        assert probabilities == sorted(probabilities)
        assert probabilities[-1] >= 0.99
        assert dict(points)[date(2027, 3, 31)] == path["probability"]


def test_the_terminal_timeline_still_draws(cli) -> None:  # type: ignore[no-untyped-def]
    out = cli("rank", "--start", "2026-12-01", "-d", "Q3", "-n", "3", "--need", "2").stdout
    assert "= P10 to P90 done, o P50, | deadline" in out
    assert "months of work delivered by 2027-09-30 (done = 2 of 3 hires at first PR)" in out


# ---------------------------------------------------------------- what people type


@pytest.mark.parametrize(
    ("text", "amount", "unit"),
    [
        ("3 months", 3, "months"),
        ("15 business days", 15, "business_days"),
        ("6 wks", 6, "weeks"),
        ("2mo", 2, "months"),
    ],
)
def test_work_as_people_type_it(text: str, amount: float, unit: str) -> None:
    assert parse_duration(text) == Duration(amount, unit)


def test_work_in_words_on_the_command_line(cli_json) -> None:  # type: ignore[no-untyped-def]
    words = cli_json("rank", "--start", "2026-12-01", "-d", "Q3 2027", "--work", "3 months")
    short = cli_json("rank", "--start", "2026-12-01", "-d", "2027Q3", "--work", "3m")
    assert words["paths"] == short["paths"] and words["deadline"] == "2027-09-30"


# ---------------------------------------------------------------- the docs show real output

RANK_PAGES = ("README.md", "docs/rank.md")


def _docs_rank_examples() -> list[tuple[str, list[str]]]:
    """The `mlhire rank` console samples of the README and docs/rank.md: (command, lines shown)."""
    examples = []
    for name in RANK_PAGES:
        text = (Path(__file__).parents[1] / name).read_text(encoding="utf-8")
        for block in text.split("```console\n")[1:]:
            lines = block.split("\n```", 1)[0].splitlines()
            starts = [i for i, line in enumerate(lines) if line.startswith("$ mlhire ")]
            for first, after in zip(starts, [*starts[1:], len(lines)], strict=True):
                if lines[first].startswith("$ mlhire rank "):
                    examples.append((lines[first][2:], lines[first + 1 : after]))
    return examples


def test_the_rank_page_has_examples() -> None:
    assert len(_docs_rank_examples()) >= 8


@pytest.mark.shipped_data
@pytest.mark.parametrize(("command", "shown"), _docs_rank_examples())
def test_the_docs_rank_examples_are_real_output(cli, command: str, shown: list[str]) -> None:  # type: ignore[no-untyped-def]
    if "abridged" in command:
        command = command.split("#", 1)[0]
    pipeline = command.split(" | cut -d, -f")
    args = shlex.split(pipeline[0])[1:]
    lines = [line.rstrip() for line in cli(*args).stdout.splitlines()]
    if len(pipeline) == 2:  # `cut -d, -f2,6-11`
        fields: list[int] = []
        for part in pipeline[1].split(","):
            low, _, high = part.partition("-")
            fields += range(int(low), int(high or low) + 1)
        lines = [",".join(line.split(",")[f - 1] for f in fields) for line in lines]
    if "abridged" in shown[0] or args[-1] == "json":
        document = json.loads("\n".join(lines))
        assert document["paths"][0]["id"] in shown[0]
        return
    assert lines[: len(shown)] == shown


@given(st.integers(1, 40), st.data())
def test_binomial_sums_equal_exact_rational_arithmetic(hires: int, data: st.DataObject) -> None:
    """The tail sums (from the tail inward, by the pmf ratio) against exact fractions."""
    need = data.draw(st.integers(1, hires))
    p = Fraction(data.draw(st.integers(1, 999)), 1000)
    pmf = [math.comb(hires, k) * p**k * (1 - p) ** (hires - k) for k in range(hires + 1)]
    assert at_least(need, hires, float(p)) == pytest.approx(float(sum(pmf[need:])), abs=1e-12)
    n = hires + 1
    bigger = [math.comb(n, k) * p**k * (1 - p) ** (n - k) for k in range(n + 1)]
    integral = sum(min(k, need) * q for k, q in enumerate(bigger)) / n
    assert _tail_integral(need, hires, float(p)) == pytest.approx(float(integral), abs=1e-12)
