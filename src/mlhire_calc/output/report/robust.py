"""The report's robustness: which figures move the answer (`mlhire sensitivity`), and cost
and time sampled together (`mlhire simulate`), kept as those commands' JSON documents.

The simulation needs numpy (the `simulate` extra); without it the page still comes out,
and says what the joint chart and a budget's joint answer need.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from mlhire_calc.engine.sensitivity import Question as Swing
from mlhire_calc.engine.sensitivity import sensitivity
from mlhire_calc.engine.simulate import DEFAULT_SAMPLES, DEFAULT_SEED, EXTRA_HINT
from mlhire_calc.output.views.sensitivity import sensitivity_report
from mlhire_calc.output.views.simulate import simulate_report

if TYPE_CHECKING:
    from collections.abc import Sequence

    from mlhire_calc.domain.catalog import Catalog
    from mlhire_calc.engine.rank import Ranking
    from mlhire_calc.engine.simulate import Simulation

    from .question import Question

KEEP = 80  # samples a path the joint chart draws (of DEFAULT_SAMPLES), evenly spaced in time
TORNADO_ROWS = 8  # the figures that move the answer most


@dataclass
class Robustness:
    """The documents behind the tornado and the joint chart."""

    sensitivity: dict[str, Any]  # `mlhire sensitivity -f json`
    simulate: dict[str, Any] | None  # `mlhire simulate -f json`; None without numpy
    samples: dict[str, tuple[tuple[float, float], ...]] = field(default_factory=dict)  # path -> (days, cost)
    missing: str | None = None  # what the joint chart needs, when it is missing

    @property
    def tornado_measure(self) -> str:
        """The measure the tornado draws: the decision's saving against the baseline, or its total."""
        decision = self.sensitivity["decision"]
        measures = [row["measure"] for row in self.sensitivity["rows"]]
        saving = f"{decision}.saving"
        return saving if saving in measures else f"{decision}.total"

    @property
    def tornado(self) -> list[dict[str, Any]]:
        """The rows of that measure with the largest swings, largest first."""
        measure = self.tornado_measure
        return [row for row in self.sensitivity["rows"] if row["measure"] == measure][:TORNADO_ROWS]


def has_numpy() -> bool:
    try:
        return importlib.util.find_spec("numpy") is not None
    except (ImportError, ValueError):
        return False


def simulation_for(catalog: Catalog, ranking: Ranking, question: Question) -> Simulation | None:
    """The ranking's question sampled (with the budget, if any); None without numpy."""
    if not has_numpy():
        return None
    from mlhire_calc.engine.joint import joint_simulation

    return joint_simulation(catalog, ranking, question.budget, keep=KEEP)


def robustness(
    catalog: Catalog, question: Question, path_ids: Sequence[str], simulation: Simulation | None
) -> Robustness:
    swing = Swing(
        question.role_id,
        tuple(path_ids),
        question.months,
        question.start,
        question.headcount,
        question.baseline_id,
        question.deadline,
        question.work,
        question.confidence,
    )
    swings = sensitivity_report(sensitivity(catalog, swing), catalog).document
    assert isinstance(swings, dict)
    if simulation is None:
        return Robustness(swings, None, missing=f"{EXTRA_HINT} (numpy is not installed)")
    sampled = simulate_report(simulation, catalog).document
    assert isinstance(sampled, dict)
    return Robustness(swings, sampled, {item.path.id: item.sample for item in simulation.paths})


def commands(
    question: Question, found: Robustness, path_ids: Sequence[str], common: list[str], tail: list[str]
) -> list[list[str]]:
    """The `sensitivity` and `simulate` commands whose JSON holds the same figures (simulate's
    with the paths in the ranking's order, as the page asks it)."""
    q = question
    paths = [arg for path_id in path_ids for arg in ("-p", path_id)]
    work = ["--work", q.work_text] if q.work_text else []
    confidence = ["--confidence", f"{q.confidence:g}"]
    swings = [
        "mlhire", "sensitivity", *common, *paths, "--months", f"{q.months.normalize():f}",
        "--headcount", str(q.headcount), "--baseline", q.baseline_id, "--deadline", q.deadline.isoformat(),
        *work, *confidence, *tail,
    ]  # fmt: skip
    if found.simulate is None:
        return [swings]
    budget = [] if q.budget is None else ["--budget", f"{q.budget.normalize():f}"]
    ranked = [arg for entry in found.simulate["paths"] for arg in ("-p", entry["id"])]
    sampled = [
        "mlhire", "simulate", *common, *ranked, "--headcount", str(q.headcount),
        "--deadline", q.deadline.isoformat(), *work, *budget, *confidence,
        "--samples", str(DEFAULT_SAMPLES), "--seed", str(DEFAULT_SEED), *tail,
    ]  # fmt: skip
    return [swings, sampled]
