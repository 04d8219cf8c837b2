"""scenarios.yaml: find it, read it with line numbers, and turn a scenario into overrides.

The file sits beside the data files (`DIR/scenarios.yaml`), or is named with
`--scenarios FILE`. It is validated into `ScenariosFile` by the same contract as the
data files, and each scenario's figures are checked against the data they change: a
broken one is an error at its `file:line`, at run time as in `mlhire validate`.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from pathlib import Path

from mlhire_calc.domain.catalog import Catalog
from mlhire_calc.domain.errors import DataError, MlhireError, UsageError
from mlhire_calc.domain.problems import Location, Problem
from mlhire_calc.domain.scenarios import BASE, Scenario, ScenariosFile

from .files import SCENARIOS_FILE
from .overrides import Override, apply
from .reader import Parsed, read_yaml, validate_file


@dataclass(frozen=True)
class Scenarios:
    """The scenarios a run can name: `base`, and those of a file (if there is one)."""

    file: ScenariosFile = field(default_factory=lambda: ScenariosFile(schema="mlhire.scenarios/1"))
    parsed: Parsed | None = None
    display: str = ""

    @property
    def names(self) -> list[str]:
        return [BASE, *self.file.scenarios]

    def scenario(self, name: str) -> Scenario | None:
        """The scenario called `name` (None: `base`); a usage error naming the known ones."""
        if name == BASE:
            return None
        found = self.file.scenarios.get(name)
        if found is None:
            where = f" in {self.display}" if self.display else " (no scenarios.yaml beside the data)"
            known = ", ".join(self.names)
            raise UsageError(f"no scenario {name!r}{where}; known: {known}", subject="scenario")
        return found

    def overrides(self, name: str) -> list[Override]:
        """The scenario's figures as overrides, each with its place in the file."""
        scenario = self.scenario(name)
        if scenario is None:
            return []
        result = []
        for figure, value in scenario.settings():
            line, column = (
                (None, None)
                if self.parsed is None
                else self.parsed.locate(("scenarios", name, "set", figure))
            )
            where = f"scenarios.{name}.set.{figure}"
            location = Location(self.display, line, column, where)
            result.append(Override(figure, value, origin=f"scenario {name}", location=location))
        return result

    def describe(self, name: str) -> str:
        """The assumption line that names the scenario a run computes with."""
        scenario = self.scenario(name)
        described = "" if scenario is None or scenario.description is None else f": {scenario.description}"
        return f"Scenario {name}{described}"


def scenarios_path(data_dir: Path, explicit: str | os.PathLike[str] | None = None) -> Path | None:
    """`--scenarios FILE`, else scenarios.yaml beside the data files if there is one."""
    if explicit is not None:
        return Path(explicit)
    beside = data_dir / SCENARIOS_FILE
    return beside if beside.is_file() else None


def file_problems(parsed: Parsed, display: str) -> tuple[ScenariosFile | None, list[Problem]]:
    """The file validated by its contract, and its problems: schema, and `base` reused."""
    validated, problems = validate_file(parsed, SCENARIOS_FILE, display)
    content = parsed.content if isinstance(parsed.content, dict) else {}
    named = content.get("scenarios")
    if isinstance(named, dict) and BASE in named:
        line, column = parsed.locate(("scenarios", BASE))
        message = "`base` is the data as it is, always there; name the scenario otherwise"
        problems.append(Problem(display, message, line, column, f"scenarios.{BASE}"))
    problems.sort(key=lambda p: (p.line or 0, p.column or 0))
    return (None if problems else validated), problems


def load_scenarios(path: Path | None) -> Scenarios:
    """The scenarios of the file at `path` (just `base` without one); DataError at file:line."""
    if path is None:
        return Scenarios()
    display = str(path)
    parsed = read_yaml(path, display=display)
    validated, problems = file_problems(parsed, display)
    if validated is None:
        first = problems[0]
        more = f" ({len(problems) - 1} more problem(s))" if len(problems) > 1 else ""
        raise DataError(f"{first.message}{more}; run `mlhire validate {display}`", location=first.location)
    return Scenarios(validated, parsed, display)


def figure_problems(scenarios: Scenarios, catalog: Catalog) -> list[Problem]:
    """Each scenario's figures against the data they change, as `mlhire validate` reports them."""
    problems = []
    for name in scenarios.file.scenarios:
        try:
            apply(catalog, scenarios.overrides(name))
        except MlhireError as exc:
            problems.append(exc.problem(scenarios.display))
    return problems


def in_scenario(
    catalog: Catalog,
    scenarios: Scenarios,
    name: str,
    overrides: list[Override],
    *,
    role: str | None = None,
) -> Catalog:
    """The catalog a run computes with: the scenario's figures, then the command line's."""
    own = scenarios.overrides(name)
    if not own:
        return apply(catalog, overrides, role=role)
    line = scenarios.describe(name)
    line += "" if line.endswith((".", "!", "?")) else "."
    named = dataclasses.replace(catalog, overrides=(*catalog.overrides, line))
    return apply(named, [*own, *overrides], role=role)
