"""What the report answers: the options of compare, rank and budget in one, and the
compare and rank documents it asks for with a given data set."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from mlhire_calc.domain.catalog import Catalog
from mlhire_calc.domain.choices import Basis, DateOrder, StackBy
from mlhire_calc.domain.timeline import Duration
from mlhire_calc.engine.cost import compare as run_compare
from mlhire_calc.engine.rank import Ranking
from mlhire_calc.engine.rank import rank as run_rank
from mlhire_calc.output.views.compare import compare_report


@dataclass(frozen=True)
class Question:
    """What the report answers: the options of compare, rank and budget in one."""

    start: date
    deadline: date
    deadline_is_default: bool = False
    role_id: str = "ml-engineer"
    path_ids: tuple[str, ...] = ("embedded", "in-house-fte")
    months: Decimal = Decimal(12)
    headcount: int = 1
    basis: Basis = Basis.work
    work: Duration | None = None
    work_text: str | None = None  # as given, for the command line shown on the page
    confidence: float = 0.9
    delay_cost_per_month: Decimal | None = None
    override_options: tuple[tuple[str, str], ...] = ()  # (option, value) as given
    baseline_id: str = "in-house-fte"
    plan: Path | None = None
    date_order: DateOrder | None = None  # how the plan's numeric dates read
    by: StackBy = StackBy.path
    data_dir: str | None = None
    dataset: str | None = None  # a shipped data set, as --dataset names it
    output: str = "decision.html"
    budget: Decimal | None = None  # for the cost of the work: the headline gives the joint answer
    vs_dataset: str | None = None  # a second shipped data set, shown beside this one


def compare_document(catalog: Catalog, question: Question, path_ids: Sequence[str]) -> dict[str, Any]:
    """`mlhire compare -f json` for the question, with `catalog`'s figures."""
    comparison = run_compare(
        catalog,
        role_id=question.role_id,
        path_ids=path_ids,
        months=question.months,
        headcount=question.headcount,
        basis=question.basis,
        start=question.start,
        baseline_id=question.baseline_id,
    )
    document = compare_report(comparison, catalog).document
    assert isinstance(document, dict)
    return document


def ranking(catalog: Catalog, question: Question, path_ids: Sequence[str]) -> Ranking:
    """`mlhire rank` for the question (without its budget), with `catalog`'s figures."""
    return run_rank(
        catalog,
        start=question.start,
        deadline=question.deadline,
        role_id=question.role_id,
        path_ids=path_ids,
        confidence=question.confidence,
        work=question.work,
        headcount=question.headcount,
        delay_cost_per_month=question.delay_cost_per_month,
    )
