"""Scenarios: named sets of figures to change, kept in scenarios.yaml beside the data.

A scenario is what a list of `--set` would be, with a name and a description, so a
team can keep its questions ("what if the agency raises its fee?") beside its data and
ask them again. `base` is the data as it is: always there, never in a file.

    schema: mlhire.scenarios/1
    scenarios:
      fee-up:
        description: The agency raises its fee to 15,000 a month.
        set:
          embedded.fee: 15000
          in-house-fte.attrition: 20%

Like the data files, these dataclasses are the file's contract: `datafiles/` validates
scenarios.yaml into `ScenariosFile` with a TypeAdapter and publishes its JSON Schema.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Annotated, Literal

from .rules import STRICT, Constrain, Described, Id, Number, Text

BASE = "base"  # the scenario that changes nothing

FigureName = Annotated[
    str,
    Constrain(pattern=r"^[a-z0-9][a-z0-9-]*(\.[A-Za-z0-9_-]+)+$", max_length=200),
    Described("A figure's name, as `--set` takes it: embedded.fee, in-house-fte.time_to_start."),
]
FigureValue = Annotated[
    Number | Text,
    Described("A value as `--set` takes it: 15000, 8000-12000, 4% or 0.04, 3m, 1-4w, 2/3/5m."),
]


def value_text(value: Decimal | str) -> str:
    """A value of a scenario as `--set` would be given it."""
    return f"{value:f}" if isinstance(value, Decimal) else value


@dataclass(frozen=True, kw_only=True)
class Scenario:
    """What a scenario changes: figures by name, as `--set NAME=VALUE` changes them."""

    __pydantic_config__ = STRICT

    description: Text | None = None
    set: Annotated[dict[FigureName, FigureValue], Constrain(min_length=1, max_length=1000)]

    def settings(self) -> list[tuple[str, str]]:
        """(name, value) of each figure set, in the file's order."""
        return [(name, value_text(value)) for name, value in self.set.items()]


@dataclass(frozen=True, kw_only=True)
class ScenariosFile:
    """scenarios.yaml: scenarios by name."""

    __pydantic_config__ = STRICT

    schema: Literal["mlhire.scenarios/1"]
    scenarios: Annotated[dict[Id, Scenario], Constrain(max_length=1000)] = field(default_factory=dict)
