"""The robustness questions: which figures move the answer, cost and time sampled together,
and what a budget buys (`mlhire sensitivity`, `simulate`, `afford`)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from mlhire_calc.domain.choices import Point

from .results import (
    DEFAULT_BASELINE,
    DEFAULT_ROLE,
    Amount,
    Result,
    _amount,
    _confidence,
    _duration,
    _months,
    _report_result,
    _today,
)

if TYPE_CHECKING:
    from mlhire_calc.domain.catalog import Catalog
    from mlhire_calc.domain.timeline import Duration
    from mlhire_calc.engine.afford import Affordability
    from mlhire_calc.engine.sensitivity import Sensitivity
    from mlhire_calc.engine.simulate import Simulation


def sensitivity(
    catalog: Catalog,
    role: str = DEFAULT_ROLE,
    paths: Sequence[str] = ("all",),
    months: Amount = 12,
    start: date | None = None,
    *,
    headcount: int = 1,
    baseline: str = DEFAULT_BASELINE,
    deadline: date | str | None = None,
    work: Duration | str | None = None,
    confidence: float | str = 0.9,
) -> Result[Sensitivity]:
    """Which uncertain figures move each path's cost (and with `deadline` its schedule) most,
    each swung from its low to its high, and which swings change the cheapest path."""
    from mlhire_calc.domain.limits import check_headcount
    from mlhire_calc.domain.timeline import parse_deadline
    from mlhire_calc.engine.sensitivity import Question
    from mlhire_calc.engine.sensitivity import sensitivity as run
    from mlhire_calc.output.views.sensitivity import sensitivity_report

    check_headcount(headcount)
    decided = _today(start)
    due = parse_deadline(deadline, start=decided) if isinstance(deadline, str) else deadline
    question = Question(
        role,
        tuple(paths),
        _months(months),
        decided,
        headcount,
        baseline,
        due,
        _duration(work),
        _confidence(confidence),
    )
    value = run(catalog, question)
    return _report_result(value, sensitivity_report(value, catalog))


def simulate(
    catalog: Catalog,
    deadline: date | str | None = None,
    start: date | None = None,
    *,
    role: str = DEFAULT_ROLE,
    paths: Sequence[str] = ("all",),
    work: Duration | str | None = None,
    headcount: int = 1,
    need: int | None = None,
    budget: Amount | None = None,
    confidence: float | str = 0.7,
    samples: int = 20_000,
    seed: int = 1,
) -> Result[Simulation]:
    """Each path's cost of the work and completion time sampled together (needs numpy, the
    `simulate` extra): P(on time), P(within `budget`), both, and what `confidence` costs."""
    from mlhire_calc.domain.limits import check_headcount
    from mlhire_calc.domain.timeline import parse_deadline
    from mlhire_calc.engine.simulate import simulate as run
    from mlhire_calc.output.views.simulate import simulate_report

    check_headcount(headcount)
    decided = _today(start)
    due = parse_deadline(deadline, start=decided) if isinstance(deadline, str) else deadline
    value = run(
        catalog,
        start=decided,
        role_id=role,
        path_ids=tuple(paths),
        deadline=due,
        work=_duration(work),
        headcount=headcount,
        need=need,
        budget=_amount(budget, "budget"),
        confidence=_confidence(confidence),
        samples=samples,
        seed=seed,
    )
    return _report_result(value, simulate_report(value, catalog))


def afford(
    catalog: Catalog,
    deadline: date | str,
    start: date | None = None,
    *,
    budget: Amount | None = None,
    work: Duration | str | None = None,
    role: str = DEFAULT_ROLE,
    paths: Sequence[str] = ("all",),
    confidence: float | str = 0.9,
    band: Point | str = Point.mid,
) -> Result[Affordability]:
    """With `budget`: the most hires each path can pay for until `deadline`, and the work they
    deliver by it; with `work` (months of shipped work wanted by then): the budget each needs."""
    from mlhire_calc.domain.timeline import parse_deadline
    from mlhire_calc.engine.afford import afford as run
    from mlhire_calc.output.views.afford import afford_report

    decided = _today(start)
    due = parse_deadline(deadline, start=decided) if isinstance(deadline, str) else deadline
    value = run(
        catalog,
        start=decided,
        deadline=due,
        role_id=role,
        path_ids=tuple(paths),
        budget=_amount(budget, "budget"),
        work=_duration(work),
        confidence=_confidence(confidence),
        point=Point(band),
    )
    return _report_result(value, afford_report(value, catalog))
