"""What the report answers: the options of compare, rank and budget in one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from mlhire_calc.domain.choices import Basis, DateOrder, StackBy
from mlhire_calc.domain.timeline import Duration


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
