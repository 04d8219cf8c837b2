"""One model of the domain: the data files validate into the domain's own dataclasses."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from mlhire_calc.datafiles.files import DATA_FILES
from mlhire_calc.datafiles.load import load_catalog
from mlhire_calc.datafiles.reader import read_yaml, validate_file
from mlhire_calc.domain import catalog
from mlhire_calc.domain.catalog import CostItem, Range, SourcingPath, plain
from mlhire_calc.domain.file_types import PathsFile, RolesFile


def _values(value: object) -> Iterator[object]:
    """Every value in a validated tree, containers included."""
    yield value
    if dataclasses.is_dataclass(value):
        for field in dataclasses.fields(value):
            yield from _values(getattr(value, field.name))
    elif isinstance(value, (tuple, list)):
        for entry in value:
            yield from _values(entry)
    elif isinstance(value, dict):
        for entry in value.values():
            yield from _values(entry)


@pytest.mark.parametrize("name", DATA_FILES)
def test_validation_yields_the_domain_classes(data_copy: Path, name: str) -> None:
    validated, problems = validate_file(read_yaml(data_copy / name), name, name)
    assert problems == []
    assert type(validated) is {"roles.yaml": RolesFile, "paths.yaml": PathsFile}[name]
    values = list(_values(validated))
    objects = [value for value in values if dataclasses.is_dataclass(value)]
    domain = {
        catalog.__name__,
        *(f"mlhire_calc.domain.{name}" for name in ("figures", "hiring", "file_types")),
    }
    assert {type(value).__module__ for value in objects} <= domain
    assert not any(isinstance(value, list) for value in values)  # YAML lists are tuples
    assert all(type(value) is not float for value in values)  # amounts stay Decimal


def test_the_text_forms_arrive_converted(data_copy: Path) -> None:
    paths = data_copy / "paths.yaml"
    paths.write_text(paths.read_text().replace("rate: {low: 0.05, high: 0.10}", 'rate: "8%"', 1))
    validated, problems = validate_file(read_yaml(paths), "paths.yaml", "paths.yaml")
    assert problems == []
    rates = [item.rate for path in validated.paths for item in path.items if item.per == "percent"]
    assert Decimal("0.08") in rates
    assert validated.paths[0].items[0].as_of == date(2026, 5, 1)  # written "2026-05"


def test_the_catalog_holds_the_same_classes(data_copy: Path) -> None:
    loaded = load_catalog(data_copy)
    assert all(type(path) is SourcingPath for path in loaded.paths.values())
    assert all(type(item) is CostItem for path in loaded.paths.values() for item in path.items)


def test_the_domain_checks_its_own_invariants() -> None:
    with pytest.raises(ValueError, match="low <= median <= high"):
        Range(low=Decimal(2), high=Decimal(1))
    with pytest.raises(ValueError, match="a per-month item needs `amount`"):
        CostItem(id="fee", name="Fee", per="month", source="seed", as_of=date(2026, 5, 1))


def test_the_domain_loads_without_pydantic() -> None:
    probe = "import sys, mlhire_calc.domain.catalog; print(sorted(m for m in sys.modules if 'pydantic' in m))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_every_key_of_the_files_reaches_the_catalog(data_copy: Path) -> None:
    """Each key the shipped files set on a path, item or role is in the catalog."""
    loaded = load_catalog(data_copy)
    paths = yaml.safe_load((data_copy / "paths.yaml").read_text())["paths"]
    roles = yaml.safe_load((data_copy / "roles.yaml").read_text())["roles"]
    for raw in paths:
        domain = plain(loaded.paths[raw["id"]])
        assert set(raw) <= set(domain), raw["id"]
        for raw_item, item in zip(raw["items"], domain["items"], strict=True):
            assert set(raw_item) <= set(item), (raw["id"], raw_item["id"])
    for raw in roles:
        assert set(raw) <= set(plain(loaded.roles[raw["id"]])), raw["id"]


def test_a_location_keeps_codes_and_drops_union_tags() -> None:
    from mlhire_calc.domain.problems import format_loc

    assert format_loc(("rates", "EUR", "value")) == "rates.EUR.value"
    assert (
        format_loc(("countries", "BR", "employer_cost_rate", "value"))
        == "countries.BR.employer_cost_rate.value"
    )
    assert format_loc(("paths", 0, "items", 1, "amount", "Range", "low")) == "paths[0].items[1].amount.low"
    assert format_loc(("paths", 0, "items", 1, "amount", "RoleBandRef", "role_band")) == (
        "paths[0].items[1].amount.role_band"
    )
