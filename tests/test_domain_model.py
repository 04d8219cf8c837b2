"""The dataclass catalog and the pydantic contract describe the same domain."""

from __future__ import annotations

import dataclasses
import inspect

import pytest
from pydantic import BaseModel

from mlhire_calc.datafiles import models
from mlhire_calc.datafiles.load import load_catalog
from mlhire_calc.domain import catalog
from mlhire_calc.domain.catalog import plain

FILE_LEVEL = {"Strict", "RolesFile", "PathsFile"}  # the files' envelopes; the catalog is their union
CATALOG_ONLY = {"Catalog", "RolesFile", "PathsFile"}


def _models() -> dict[str, type[BaseModel]]:
    return {
        name: cls
        for name, cls in inspect.getmembers(models, inspect.isclass)
        if issubclass(cls, BaseModel) and cls.__module__ == models.__name__ and name not in FILE_LEVEL
    }


def _dataclasses() -> dict[str, type]:
    return {
        name: cls
        for name, cls in inspect.getmembers(catalog, inspect.isclass)
        if dataclasses.is_dataclass(cls) and cls.__module__ == catalog.__name__ and name not in CATALOG_ONLY
    }


def test_every_model_has_a_dataclass_of_the_same_name_and_back() -> None:
    assert sorted(_models()) == sorted(_dataclasses())


@pytest.mark.parametrize("name", sorted(_models()))
def test_same_fields(name: str) -> None:
    model_fields = set(_models()[name].model_fields)
    dataclass_fields = {f.name for f in dataclasses.fields(_dataclasses()[name])}
    assert model_fields == dataclass_fields, (
        f"{name}: only in models.py {sorted(model_fields - dataclass_fields)}, "
        f"only in catalog.py {sorted(dataclass_fields - model_fields)}"
    )


def test_every_key_of_the_files_reaches_the_catalog(data_copy) -> None:  # type: ignore[no-untyped-def]
    """Each key the shipped files set on a path, item or role is in the catalog."""
    import yaml

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
