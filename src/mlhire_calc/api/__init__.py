"""The Python API: the questions the CLI answers, as functions that return results.

Each function takes the same figures the command's options give, already parsed or as
the text a user would type, and returns a `Result`. `Result.to_dict()` is the document
`mlhire COMMAND --format json` prints for the same question; `Result.value` is the
engine's own answer, with exact `Decimal` amounts. The CLI calls these functions too.

    from datetime import date
    import mlhire_calc

    catalog = mlhire_calc.load_catalog()
    result = mlhire_calc.compare(catalog, paths=("embedded", "in-house-fte"), start=date(2026, 12, 1))
    result.to_dict()["paths"][0]["total"]["mid"]
"""

from __future__ import annotations

import os
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from mlhire_calc.domain.choices import Basis, BudgetBand, DateOrder, GroupBy, Point

from .results import (
    COMPARED_PATHS as COMPARED_PATHS,
)
from .results import (
    DEFAULT_BASELINE as DEFAULT_BASELINE,
)
from .results import (
    DEFAULT_ROLE as DEFAULT_ROLE,
)
from .results import (
    Amount,
    _amount,
    _duration,
    _months,
    _report_result,
    _today,
)
from .results import (
    Result as Result,
)
from .results import (
    _confidence as _confidence,
)
from .robustness import afford as afford
from .robustness import sensitivity as sensitivity
from .robustness import simulate as simulate

if TYPE_CHECKING:
    from mlhire_calc.datafiles.datasets import DataSet
    from mlhire_calc.datafiles.overrides import Override
    from mlhire_calc.datafiles.scenarios import Scenarios
    from mlhire_calc.domain.catalog import Catalog
    from mlhire_calc.domain.timeline import Duration
    from mlhire_calc.engine.budget import Budget
    from mlhire_calc.engine.cost import Comparison
    from mlhire_calc.engine.diff import Diff
    from mlhire_calc.engine.policies import Finding, Policy
    from mlhire_calc.engine.rank import Ranking
    from mlhire_calc.engine.validate import Validation


def load_catalog(
    data_dir: str | os.PathLike[str] | None = None,
    currency: str | None = None,
    overrides: Iterable[str | Override] = (),
    *,
    role: str | None = None,
    scenario: str | None = None,
    scenarios: str | os.PathLike[str] | None = None,
    country: str | None = None,
    engagement: str | None = None,
    dataset: str | None = None,
) -> Catalog:
    """The data a question is answered with, as the CLI builds it: the files of `data_dir`
    (default: `$MLHIRE_DATA_DIR`, else the shipped data set `dataset`, `seed` or `market`,
    default `$MLHIRE_DATASET` or `seed`), in `currency`, with the figures
    of `scenario` (a name in `scenarios`, default scenarios.yaml beside the data) and
    then `overrides` (`"embedded.fee=15000"`, `"in-house-fte.attrition=15%"`, as `--set`
    takes them) applied. `role` is the role the question is about: a time set on a path
    is that role's own where the path has one for it, and an amount set on an item
    scaled by role is that role's amount (without it, the path's time and the item's
    reference role). Paths that employ by country are costed in `country` (a code such as
    `"BR"`, or `"all"` for every country side by side) and `engagement` (`"contractor"`
    or `"eor"`)."""
    from mlhire_calc.datafiles.load import load_catalog as load
    from mlhire_calc.datafiles.load import resolve_data_dir

    directory = resolve_data_dir(data_dir, dataset)
    catalog = load(directory)
    if currency is not None:
        from mlhire_calc.datafiles.currency import in_currency

        catalog = in_currency(catalog, currency)
    changes = list(overrides)
    if not changes and scenario in (None, "base"):
        return _employed(catalog, country, engagement)
    from mlhire_calc.datafiles.overrides import parse_setting
    from mlhire_calc.datafiles.scenarios import in_scenario

    settings = [parse_setting(c) if isinstance(c, str) else c for c in changes]
    named = load_scenarios(directory, scenarios=scenarios) if scenario is not None else None
    if named is None:
        from mlhire_calc.datafiles.scenarios import Scenarios

        named = Scenarios()
    return _employed(
        in_scenario(catalog, named, scenario or "base", settings, role=role), country, engagement
    )


def _employed(catalog: Catalog, country: str | None, engagement: str | None) -> Catalog:
    """Paths that employ by country, costed in `country` and `engagement` from the
    catalog's country figures as they are now (after any override of them)."""
    if country is None and engagement is None and not catalog.countries:
        return catalog
    from mlhire_calc.datafiles.countries import employ

    return employ(catalog, country, engagement)


def load_scenarios(
    data_dir: str | os.PathLike[str] | None = None,
    *,
    scenarios: str | os.PathLike[str] | None = None,
    dataset: str | None = None,
) -> Scenarios:
    """The scenarios a run can name: `base`, and those of `scenarios` (default: scenarios.yaml
    beside the data files, if there is one); a DataError at file:line for a broken file."""
    from mlhire_calc.datafiles.load import resolve_data_dir
    from mlhire_calc.datafiles.scenarios import load_scenarios as load
    from mlhire_calc.datafiles.scenarios import scenarios_path

    return load(scenarios_path(resolve_data_dir(data_dir, dataset), scenarios))


def side_by_side(answers: Sequence[tuple[str, str | None, Result[Any]]]) -> Result[list[Any]]:
    """Several scenarios' answers to one question, as one result: (name, description, answer)
    each; `to_dict()["scenarios"]` holds each answer's document under its name."""
    from mlhire_calc.output.views.scenarios import Run, side_by_side_report

    runs = []
    for name, description, answer in answers:
        assert answer.report is not None  # every question's answer has one
        runs.append(Run(name, description, answer.report))
    warnings = [f"{name}: {warning}" for name, _, answer in answers for warning in answer.warnings]
    return _report_result([answer.value for _, _, answer in answers], side_by_side_report(runs), warnings)


# ---------------------------------------------------------------- the questions


def compare(
    catalog: Catalog,
    role: str = DEFAULT_ROLE,
    paths: Sequence[str] = COMPARED_PATHS,
    months: Amount = 12,
    start: date | None = None,
    *,
    headcount: int = 1,
    basis: Basis | str = Basis.work,
    baseline: str = DEFAULT_BASELINE,
) -> Result[Comparison]:
    """What each path costs for `months` of work (or calendar months), line by line, low/mid/high."""
    from mlhire_calc.domain.limits import check_headcount
    from mlhire_calc.engine.cost import compare as run
    from mlhire_calc.output.views.compare import compare_report

    check_headcount(headcount)
    value = run(
        catalog,
        role_id=role,
        path_ids=tuple(paths),
        months=_months(months),
        headcount=headcount,
        basis=Basis(basis),
        start=_today(start),
        baseline_id=baseline,
    )
    return _report_result(value, compare_report(value, catalog))


def rank(
    catalog: Catalog,
    deadline: date | str,
    start: date | None = None,
    *,
    role: str = DEFAULT_ROLE,
    paths: Sequence[str] = ("all",),
    work: Duration | str | None = None,
    headcount: int = 1,
    need: int | None = None,
    confidence: float | str = 0.9,
    delay_cost_per_month: Amount | None = None,
    date_order: DateOrder | str | None = None,
    budget: Amount | None = None,
) -> Result[Ranking]:
    """Which paths make `deadline` (a `date`, or text as `--deadline` takes it, read in
    `date_order`): work delivered by it, and with `work` the probability of being done
    and the last day to decide. With `budget` (for the cost of the work; needs numpy, the
    `simulate` extra), ranked by `p_joint`: done by the deadline and within the budget."""
    from mlhire_calc.domain.limits import check_headcount
    from mlhire_calc.domain.timeline import parse_deadline
    from mlhire_calc.engine.rank import rank as run
    from mlhire_calc.output.views.rank import rank_report

    check_headcount(headcount)
    decided = _today(start)
    order = None if date_order is None else DateOrder(date_order)
    due = parse_deadline(deadline, start=decided, order=order) if isinstance(deadline, str) else deadline
    value = run(
        catalog,
        start=decided,
        deadline=due,
        role_id=role,
        path_ids=tuple(paths),
        confidence=_confidence(confidence),
        work=_duration(work),
        headcount=headcount,
        need=need,
        delay_cost_per_month=_amount(delay_cost_per_month, "delay cost per month"),
    )
    limit = _amount(budget, "budget")
    if limit is not None:
        from mlhire_calc.engine.joint import joint_simulation, with_budget

        value = with_budget(value, joint_simulation(catalog, value, limit))
    return _report_result(value, rank_report(value, catalog))


def budget(
    catalog: Catalog,
    paths: Sequence[str] | None = None,
    role: str = DEFAULT_ROLE,
    start: date | None = None,
    months: Amount = 12,
    *,
    headcount: int = 1,
    band: BudgetBand | str = BudgetBand.mid,
    plan: str | os.PathLike[str] | None = None,
    by: GroupBy | str = GroupBy.path,
    date_order: DateOrder | str | None = None,
    totals: bool = False,
) -> Result[Budget]:
    """Month-by-month spend for `headcount` hires on each of `paths` [default: compare's,
    `COMPARED_PATHS`; `("all",)` for every path], or for a hiring `plan` file
    (CSV/TSV/YAML). `band="all"` gives low, mid and high side by side; `value` is then the
    high budget, the largest of the three."""
    from mlhire_calc.datafiles.files import named_path
    from mlhire_calc.domain.errors import UsageError
    from mlhire_calc.domain.limits import check_headcount
    from mlhire_calc.engine.budget import budget as run
    from mlhire_calc.engine.plans import Hire, load_plan
    from mlhire_calc.output.views.budget import budget_report
    from mlhire_calc.output.views.budget_bands import bands_report

    check_headcount(headcount)
    first = _today(start)
    window = _months(months)
    chosen = BudgetBand(band)
    warnings: list[str] = []
    if plan is not None:
        if paths is not None and tuple(paths) not in ((), ("all",)):
            raise UsageError("give a plan or paths, not both")
        order = None if date_order is None else DateOrder(date_order)
        loaded = load_plan(named_path(plan, subject="plan"), catalog, date_order=order)
        warnings = [note.located() for note in loaded.notes]
        hires: Collection[Hire] = loaded.hires  # read from the file as the budget needs them
    else:
        catalog.role(role)
        chosen_paths = tuple(paths) if paths else COMPARED_PATHS
        hires = [Hire(role, p.id, first, headcount) for p in catalog.select_paths(chosen_paths)]
    points = list(Point) if chosen is BudgetBand.all else [Point(chosen.value)]
    results = [
        run(
            catalog,
            hires,
            start=first,
            months=window,
            band=point,
            by=GroupBy(by),
            plan=str(plan) if plan is not None else None,
            alternatives=plan is None and len(hires) > 1,
        )
        for point in points
    ]
    if chosen is BudgetBand.all:
        report = bands_report(results, catalog, totals_in_flat=totals)
    else:
        report = budget_report(results[-1], catalog, totals_in_flat=totals)
    return _report_result(results[-1], report, warnings)


@dataclass(frozen=True)
class DiffAnswer:
    """What a change to the data does to the answers, with the findings of its policy."""

    diff: Diff
    findings: tuple[Finding, ...]


def diff(
    base: DataSet | str | os.PathLike[str],
    new: DataSet | str | os.PathLike[str] | None = None,
    start: date | None = None,
    *,
    plan: str | os.PathLike[str] | None = None,
    base_plan: str | os.PathLike[str] | None = None,
    policy: Policy | None = None,
    date_order: DateOrder | str | None = None,
) -> Result[DiffAnswer]:
    """What changes between the data in `base` and in `new` (directories, or data sets read
    with `mlhire_calc.datafiles.datasets`; `new` defaults to the active data directory)."""
    from mlhire_calc.datafiles.datasets import DataSet, data_from_directory
    from mlhire_calc.datafiles.files import named_path
    from mlhire_calc.datafiles.load import resolve_data_dir
    from mlhire_calc.engine.diff import diff as run
    from mlhire_calc.engine.policies import Policy, check
    from mlhire_calc.output.views.diff_report import diff_report

    def data_set(value: DataSet | str | os.PathLike[str] | None, subject: str) -> DataSet:
        if isinstance(value, DataSet):
            return value
        return data_from_directory(resolve_data_dir(value, subject=subject))

    old_data, new_data = data_set(base, "base directory"), data_set(new, "data directory")
    value = run(
        old_data,
        new_data,
        start=_today(start),
        plan=None if plan is None else named_path(plan, subject="plan"),
        base_plan=None if base_plan is None else named_path(base_plan, subject="base plan"),
        date_order=None if date_order is None else DateOrder(date_order),
    )
    findings = tuple(check(value, policy or Policy()))
    return _report_result(DiffAnswer(value, findings), diff_report(value, findings))


def validate(
    targets: Sequence[str | os.PathLike[str]] = (),
    *,
    data_dir: str | os.PathLike[str] | None = None,
    dataset: str | None = None,
    today: date | None = None,
    strict: bool = False,
    max_age_months: int = 12,
    date_order: DateOrder | str | None = None,
) -> Result[Validation]:
    """Check data files, directories, scenario files and plans (default: the active data
    directory, or the shipped data set `dataset`): every problem with its file and line.
    `value.ok` is False when any is an error."""
    from mlhire_calc.datafiles.files import named_path
    from mlhire_calc.datafiles.load import load_catalog as load
    from mlhire_calc.datafiles.load import resolve_data_dir
    from mlhire_calc.engine.validate import validate as run
    from mlhire_calc.output.views.validate import validate_report

    directory = resolve_data_dir(data_dir, dataset)
    chosen = [named_path(t) for t in targets] if targets else [directory]
    value = run(
        chosen,
        today=_today(today),
        max_age_months=max_age_months,
        strict=strict,
        catalog_for_plans=lambda: load(directory),
        date_order=None if date_order is None else DateOrder(date_order),
    )
    return _report_result(value, validate_report(value))


def datasets() -> Result[list[Catalog]]:
    """The data sets shipped with mlhire (`seed`, `market`): where each is, its date and
    what it holds; `value` is their catalogs, in order."""
    from mlhire_calc.datafiles.load import load_catalog as load
    from mlhire_calc.datafiles.load import shipped_datasets
    from mlhire_calc.output.views.datasets import datasets_report

    sets = {name: load(directory) for name, directory in shipped_datasets().items()}
    return _report_result(list(sets.values()), datasets_report(sets))
