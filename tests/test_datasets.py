"""The shipped data sets: seed (data/) and market (data/market), chosen with --dataset."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from mlhire_calc.datafiles.load import default_data_dir, load_catalog, shipped_datasets
from mlhire_calc.domain.catalog import Sourced

from .conftest import START

ROOT = Path(__file__).parents[1]
pytestmark = pytest.mark.shipped_data  # every test here reads the shipped data sets

# every command that reads data, with the rest of a question it can answer
READERS = {
    "compare": ["compare", "--start", START],
    "rank": ["rank", "--start", START, "-d", "2027-Q3"],
    "budget": ["budget", "--start", "2026-12"],
    "sensitivity": ["sensitivity", "--start", START],
    "simulate": ["simulate", "--start", START, "-d", "2027-Q3", "--samples", "200"],
    "afford": ["afford", "--start", START, "-d", "2027-Q3", "--budget", "200000"],
    "roles": ["roles"],
    "countries": ["countries"],
    "paths": ["paths"],
    "validate": ["validate", "--strict"],
    "diff": ["diff", "--base-dataset", "seed", "--start", START],
}


def _figures(value: object) -> list[Sourced]:
    import dataclasses

    found = [value] if isinstance(value, Sourced) else []
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for entry in dataclasses.fields(value):
            found += _figures(getattr(value, entry.name))
    elif isinstance(value, (tuple, list)):
        for entry in value:
            found += _figures(entry)
    elif isinstance(value, dict):
        for entry in value.values():
            found += _figures(entry)
    return found


def test_the_shipped_sets_are_seed_and_market() -> None:
    assert shipped_datasets() == {"seed": default_data_dir(), "market": default_data_dir() / "market"}


def test_the_market_ml_engineer_band_is_a_public_figure(cli_json) -> None:  # type: ignore[no-untyped-def]
    document = cli_json("roles", "--dataset", "market")
    band = next(role for role in document["roles"] if role["id"] == "ml-engineer")["loaded_monthly"]
    assert (band["low"], band["high"]) != (22000, 38000)
    assert band["source"] != "seed" and band["estimate"] is True
    title = document["sources"][band["source"]]["title"]
    assert "Bureau of Labor Statistics" in title and "FutureProofing" not in title
    assert "$145,080" in band["note"] and "69.2%" in band["note"]


def test_market_figures_say_where_they_come_from() -> None:
    """Each figure has a source and a date; one kept from the document says so in its note."""
    market = load_catalog(shipped_datasets()["market"])
    seed = load_catalog(default_data_dir())
    assert set(market.roles) == set(seed.roles) and set(market.paths) == set(seed.paths)
    assert set(market.countries) == set(seed.countries)  # the same countries, ramps and placements
    for path_id, path in seed.paths.items():
        shape = {field for field in vars(path) if getattr(path, field) is not None} - {"by_role"}
        assert shape <= {
            field
            for field in vars(market.paths[path_id])
            if getattr(market.paths[path_id], field) is not None
        }
    figures = _figures([market.roles, market.paths])
    assert figures and all(figure.source and figure.as_of for figure in figures)
    kept = [figure for figure in figures if figure.source == "seed" and figure.note is not None]
    assert kept and all(re.search(r"the (product )?document", figure.note or "", re.I) for figure in kept)
    public = [figure for figure in figures if figure.source != "seed"]
    assert len(public) > len(figures) / 2
    by_reference = [figure for figure in figures if figure.source == "reference"]
    seed_by_reference = [
        figure for figure in _figures([seed.roles, seed.paths]) if figure.source == "reference"
    ]
    assert len(by_reference) < len(seed_by_reference)  # one publisher's figures name it
    used = {figure.source for figure in figures}
    assert {"bls", "hiring-benchmarks", "merit", "turnover", "cost-per-hire", "upwork"} <= used


@pytest.mark.parametrize("command", list(READERS))
def test_every_command_that_reads_data_takes_the_dataset(cli, command: str) -> None:  # type: ignore[no-untyped-def]
    market = cli(*READERS[command], "--dataset", "market", "-f", "json").stdout
    if command == "validate":
        assert json.loads(market)["valid"] is True
        return
    seed = cli(*READERS[command], "--dataset", "seed", "-f", "json").stdout
    assert market != seed
    if command == "diff":  # a diff names a shipped set as --dataset does
        assert json.loads(market)["new"]["label"] == "market"
        return
    assert str(default_data_dir() / "market") in market


def test_the_report_takes_the_dataset(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip("jinja2")
    page = tmp_path / "page.html"
    cli("report", "--start", START, "--dataset", "market", "-o", str(page))
    assert "--dataset market" in page.read_text()


def test_the_dataset_from_the_environment(cli_json, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("MLHIRE_DATASET", "market")
    assert cli_json("compare", "--start", START)["data"]["directory"].endswith("market")
    monkeypatch.setenv("MLHIRE_DATASET", "nope")
    assert cli_json("compare", "--start", START, "--dataset", "seed")["data"]["directory"] == str(
        default_data_dir()
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--dataset", "nope"], "--dataset: 'nope' is not a shipped data set; there are: seed, market"),
        (["--dataset", "market", "--data-dir", "data"], "--dataset: give --data-dir or --dataset, not both"),
    ],
)
def test_a_wrong_dataset_is_a_usage_error(cli, args: list[str], message: str) -> None:  # type: ignore[no-untyped-def]
    assert cli("compare", *args, code=2).stderr == f"mlhire: error: {message}\n"


def test_data_list_shows_the_sets(cli, cli_json) -> None:  # type: ignore[no-untyped-def]
    table = cli("data", "list").stdout
    assert re.search(r"^seed\s+2026-\d\d-\d\d", table, re.M) and re.search(r"^market\s+2026", table, re.M)
    document = cli_json("data", "list")
    assert [entry["name"] for entry in document["datasets"]] == ["seed", "market"]
    seed, market = document["datasets"]
    assert market["from_document"] < seed["from_document"]
    assert market["roles"] == seed["roles"] and market["paths"] == seed["paths"]


def test_diff_shows_what_the_public_figures_change(cli_json) -> None:  # type: ignore[no-untyped-def]
    document = cli_json("diff", "--base-dataset", "seed", "--dataset", "market", "--start", START)
    keys = {change["key"] for change in document["changes"]}
    assert {"roles[ml-engineer].loaded_monthly.low", "paths[in-house-fte].time_to_start.low"} <= keys
    assert document["summary"]


def test_a_diff_of_shipped_sets_names_them_not_where_mlhire_is_installed(cli, cli_json) -> None:  # type: ignore[no-untyped-def]
    """The same JSON and text on every machine: `seed:paths.yaml`, never a site-packages path."""
    args = ("diff", "--base-dataset", "seed", "--dataset", "market", "--start", START)
    document = cli_json(*args)
    assert (document["base"]["label"], document["new"]["label"]) == ("seed", "market")
    assert document["new"]["files"] == ["market:roles.yaml", "market:paths.yaml"]
    assert {change["file"] for change in document["changes"]} <= {"market:roles.yaml", "market:paths.yaml"}
    installed = str(default_data_dir())
    assert installed not in json.dumps(document) and installed not in cli(*args).stdout


def test_data_init_copies_a_set(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    cli("data", "init", str(tmp_path / "team"), "--dataset", "market")
    shipped = default_data_dir() / "market" / "roles.yaml"
    assert (tmp_path / "team" / "roles.yaml").read_text() == shipped.read_text()


def test_validate_strict_passes_on_each_set_and_the_data_folder(cli) -> None:  # type: ignore[no-untyped-def]
    for target in ("data", "data/market"):
        assert "0 error(s), 0 warning(s): valid" in cli("validate", "--strict", str(ROOT / target)).stdout


def test_the_wheel_ships_every_set() -> None:
    """pyproject force-includes the whole data/ folder, so data/market ships in the wheel."""
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    section = text.split("[tool.hatch.build.targets.wheel.force-include]", 1)[1].split("\n[", 1)[0]
    assert '"data" = "mlhire_calc/data"' in section


def test_a_folder_given_as_a_path_keeps_its_path_even_if_it_is_a_shipped_set(cli_json) -> None:  # type: ignore[no-untyped-def]
    """`--data-dir data` in a checkout is the seed's folder, and its changes must name files
    an editor and a GitHub annotation can open."""
    folder = str(default_data_dir())
    document = cli_json("diff", "--base-dataset", "market", "--data-dir", folder, "--start", START)
    assert (document["base"]["label"], document["new"]["label"]) == ("market", folder)
    changed = {change["file"] for change in document["changes"]}
    assert changed and all(Path(name).is_file() for name in changed)
