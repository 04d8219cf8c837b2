"""Rank with a budget: the joint answer, on time and within the budget together.

A path that makes the date can still overrun the budget (NASA funds projects at a joint
cost and schedule confidence level for that reason). With a budget, each path of a
ranking gets `p_joint`, P(done by the deadline and the cost of the work within the
budget), from the seeded Monte Carlo of `simulate` on the same question (the same
done, the same cost of the work), and the ranking is by it, highest first; ties as
without a budget. Needs numpy (the `simulate` extra).
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from mlhire_calc.domain.catalog import Catalog

from .rank import PathOutlook, Ranking, order_key, sampled_probability
from .simulate import DEFAULT_SAMPLES, DEFAULT_SEED, Simulation, simulate


def joint_simulation(
    catalog: Catalog,
    ranking: Ranking,
    budget: Decimal | None,
    *,
    samples: int = DEFAULT_SAMPLES,
    seed: int = DEFAULT_SEED,
    keep: int = 0,
) -> Simulation:
    """The ranking's question, sampled with the budget (or without one): the cost of the work
    and the time together, with `keep` samples a path for a chart."""
    return simulate(
        catalog,
        start=ranking.start,
        role_id=ranking.role.id,
        path_ids=[item.path.id for item in ranking.paths],
        deadline=ranking.deadline,
        work=ranking.work,
        headcount=ranking.headcount,
        need=ranking.needed,
        budget=budget,
        confidence=ranking.confidence,
        samples=samples,
        seed=seed,
        keep=keep,
    )


def with_budget(ranking: Ranking, simulation: Simulation) -> Ranking:
    """The ranking with each path's `p_joint` from `simulation`, ranked by it."""
    assert simulation.budget is not None
    joint = {outlook.path.id: outlook.p_joint for outlook in simulation.paths}
    paths = [dataclasses.replace(item, p_joint=joint[item.path.id]) for item in ranking.paths]
    result = dataclasses.replace(ranking, paths=paths, budget=simulation.budget)
    asks_work = ranking.work is not None

    def key(item: PathOutlook) -> tuple[Decimal | float | str, ...]:
        """On time and within the budget, most likely first; ties as without a budget."""
        then = order_key(ranking.ranked_without_budget, item, asks_work=asks_work)
        return (-sampled_probability(item.p_joint or 0.0), *then)

    paths.sort(key=key)
    return result
