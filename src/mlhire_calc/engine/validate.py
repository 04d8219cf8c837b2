"""`mlhire validate`: check data files (and hiring plans), finding every problem.

Files are classified by their `schema:` key (or their name), validated into the
domain's classes (the data contract), cross-checked (ids, references, currency) and
checked for staleness. Nothing stops at the first problem; each one carries a file, a
line and a key path.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from mlhire_calc.datafiles.files import DATA_FILES, PATHS_FILE, ROLES_FILE, SCENARIOS_FILE
from mlhire_calc.datafiles.reader import Parsed, read_yaml, validate_file
from mlhire_calc.domain.catalog import Catalog
from mlhire_calc.domain.choices import DateOrder
from mlhire_calc.domain.errors import DataError, MlhireError, UsageError
from mlhire_calc.domain.problems import Problem

SCHEMA_KIND = {
    "mlhire.roles/1": ROLES_FILE,
    "mlhire.paths/1": PATHS_FILE,
    "mlhire.scenarios/1": SCENARIOS_FILE,
}
PLAN_SUFFIXES = (".csv", ".tsv")


@dataclass
class Validation:
    """The files checked and every problem found."""

    files: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def ok(self) -> bool:
        return not self.errors


def expand(targets: Sequence[Path]) -> list[Path]:
    """Directories become their roles.yaml and paths.yaml (and scenarios.yaml); files stay as given."""
    files: list[Path] = []
    for target in targets:
        if target.is_dir():
            files += [target / name for name in DATA_FILES]
            if (target / SCENARIOS_FILE).is_file():  # optional: checked when it is there
                files.append(target / SCENARIOS_FILE)
        elif target.exists() or target.suffix:
            files.append(target)
        else:
            raise UsageError(f"{target}: no such file or directory")
    return files


def _kind(parsed: Parsed) -> str | None:
    content = parsed.content
    if isinstance(content, dict):
        schema = content.get("schema")
        if schema in SCHEMA_KIND:
            return SCHEMA_KIND[schema]
        if "hires" in content:
            return "plan"
    return parsed.path.name if parsed.path.name in (*DATA_FILES, SCENARIOS_FILE) else None


def validate(
    targets: Sequence[Path],
    *,
    today: date,
    max_age_months: int = 12,
    strict: bool = False,
    catalog_for_plans: Any = None,
    date_order: DateOrder | None = None,
) -> Validation:
    """Check every file; `catalog_for_plans` returns the Catalog plans (and a scenarios file
    without data beside it) refer to [default: the active data]."""
    from mlhire_calc.datafiles.checks import (
        check_currency,
        check_paths,
        check_role_references,
        check_roles,
        check_staleness,
    )

    result = Validation()
    by_directory: dict[Path, dict[str, Parsed]] = {}
    for path in expand(targets):
        display = str(path)
        result.files.append(display)
        if path.suffix.lower() in PLAN_SUFFIXES:
            result.problems += _plan_problems(path, catalog_for_plans, date_order)
            continue
        try:
            parsed = read_yaml(path, display=display, collect=True)  # every refused value, not the first
        except DataError as exc:
            result.problems.append(exc.problem(display))
            continue
        kind = _kind(parsed)
        if kind == "plan":
            result.problems += _plan_problems(path, catalog_for_plans, date_order)
            continue
        if kind == SCENARIOS_FILE:
            result.problems += _merge(parsed.refused, _scenario_problems(parsed, display, catalog_for_plans))
            continue
        if kind is None:
            expected = "expected `schema: mlhire.roles/1`, `mlhire.paths/1` or `mlhire.scenarios/1`"
            result.problems.append(Problem(display, f"not an mlhire data file: {expected}", 1, 1))
            continue
        _, problems = validate_file(parsed, kind, display)
        checks = check_roles(parsed) if kind == ROLES_FILE else check_paths(parsed)
        checks += check_staleness(parsed, today=today, max_age_months=max_age_months, strict=strict)
        result.problems += _merge(parsed.refused + problems, checks)
        by_directory.setdefault(path.parent.resolve(), {})[kind] = parsed
    for directory, pair in by_directory.items():
        _add_sibling(directory, pair)  # a file checked alone is still checked against its partner
        if ROLES_FILE in pair and PATHS_FILE in pair:
            result.problems += check_currency(pair[ROLES_FILE], pair[PATHS_FILE])
            result.problems += check_role_references(pair[ROLES_FILE], pair[PATHS_FILE])
    return result


def _add_sibling(directory: Path, pair: dict[str, Parsed]) -> None:
    """The other data file of `directory`, read for the cross-checks only, when it is there and readable."""
    for name in (ROLES_FILE, PATHS_FILE):
        sibling = directory / name
        if name not in pair and len(pair) == 1 and sibling.is_file():
            try:
                pair[name] = read_yaml(sibling, display=str(sibling))
            except DataError:
                return  # its own problems are reported when it is validated


def _merge(schema: list[Problem], checks: list[Problem]) -> list[Problem]:
    """Schema problems and cross-check problems, without saying the same thing twice, in line order."""
    seen = {(p.where, p.message) for p in schema}
    merged = schema + [p for p in checks if (p.where, p.message) not in seen]
    return sorted(merged, key=lambda p: (p.line or 0, p.column or 0))


def _plan_problems(path: Path, catalog_for_plans: Any, date_order: DateOrder | None) -> list[Problem]:
    from mlhire_calc.datafiles.load import load_catalog

    from .plans import plan_problems

    try:
        catalog: Catalog = catalog_for_plans() if catalog_for_plans is not None else load_catalog(None)
    except MlhireError as exc:
        return [Problem(str(path), f"cannot check the plan: {exc.message}")]
    return plan_problems(path, catalog, date_order=date_order)


def _scenario_problems(parsed: Parsed, display: str, catalog_for_data: Any) -> list[Problem]:
    """scenarios.yaml: its contract, then each scenario's figures against the data beside it
    (or the active data, for a file elsewhere)."""
    from mlhire_calc.datafiles.load import load_catalog
    from mlhire_calc.datafiles.scenarios import Scenarios, figure_problems, file_problems

    validated, problems = file_problems(parsed, display)
    if validated is None:
        return problems
    directory = parsed.path.parent
    beside = all((directory / name).is_file() for name in DATA_FILES)
    try:
        catalog: Catalog = load_catalog(directory) if beside else _active(catalog_for_data)
    except MlhireError as exc:
        return [Problem(display, f"cannot check the scenarios against the data: {exc.message}")]
    return figure_problems(Scenarios(validated, parsed, display), catalog)


def _active(catalog_for_data: Any) -> Catalog:
    from mlhire_calc.datafiles.load import load_catalog

    catalog: Catalog = catalog_for_data() if catalog_for_data is not None else load_catalog(None)
    return catalog
