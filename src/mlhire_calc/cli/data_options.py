"""The options every costing command shares to choose and change its data, declared once.

compare, rank, budget, report, sensitivity, simulate and afford all read their figures
the same way: a data set or directory, a scenario, `--set` and its shorthands, a
currency, a country and an engagement. `catalog_from` (options.py) reads them from
`ctx.params`, so a command's own function never takes them: `with_data_options` adds
them to what typer sees of the command, after its own options, and drops them from the
call (as sqlite-utils bundles its output options in one decorator).
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any, TypeVar, get_type_hints

from .options import (
    CountryOpt,
    CurrencyOpt,
    DataDirOpt,
    DatasetOpt,
    EmbeddedMonthlyOpt,
    EngagementOpt,
    FteAnnualOpt,
    FteMonthlyOpt,
    ScenarioOpt,
    ScenariosOpt,
    SetOpt,
)

Command = TypeVar("Command", bound=Callable[..., Any])

DATA_OPTIONS: tuple[tuple[str, Any], ...] = (
    ("scenario", ScenarioOpt),
    ("scenarios", ScenariosOpt),
    ("settings", SetOpt),
    ("embedded_monthly", EmbeddedMonthlyOpt),
    ("fte_annual", FteAnnualOpt),
    ("fte_monthly", FteMonthlyOpt),
    ("currency", CurrencyOpt),
    ("country", CountryOpt),
    ("engagement", EngagementOpt),
    ("data_dir", DataDirOpt),
    ("dataset", DatasetOpt),
)


def with_data_options(command: Command) -> Command:
    """`command` as typer sees it with the data options added (each defaulting to None);
    called, it gets only its own parameters."""
    own = inspect.signature(command, eval_str=True)
    added = [
        inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=None, annotation=annotation)
        for name, annotation in DATA_OPTIONS
    ]
    names = {name for name, _ in DATA_OPTIONS}

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        return command(*args, **{key: value for key, value in kwargs.items() if key not in names})

    parameters = [p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in own.parameters.values()]
    run.__signature__ = own.replace(parameters=[*parameters, *added])  # type: ignore[attr-defined]
    run.__annotations__ = {**get_type_hints(command, include_extras=True), **dict(DATA_OPTIONS)}
    return run  # type: ignore[return-value]
