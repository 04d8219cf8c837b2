"""`mlhire compare`, `roles` and `paths` through the CLI, in every format."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest

from tests.conftest import START


@pytest.mark.shipped_data
def test_default_compare_json_has_the_documents_figures(cli_json) -> None:  # type: ignore[no-untyped-def]
    doc = cli_json("compare", "--start", START)
    assert doc["schema"] == "mlhire.compare/1"
    assert doc["currency"] == "USD"
    assert doc["data"]["fingerprint"].startswith("sha256:") and len(doc["data"]["fingerprint"]) == 71
    assert doc["assumptions"]
    ids = [path["id"] for path in doc["paths"]]
    assert ids == ["embedded", "in-house-fte"]
    embedded, fte = doc["paths"]
    assert embedded["total"] == {"low": 162000, "mid": 162000, "high": 162000}
    loaded = next(item for item in fte["items"] if item["id"] == "loaded-cost")
    assert loaded["amount"]["low"] == 264000 and loaded["amount"]["high"] == 456000  # 12 x $22K-$38K
    item = fte["items"][1]
    assert set(item) >= {"name", "kind", "amount", "estimate", "source"}
    assert item["kind"] == "one_time" and item["estimate"] is True
    assert embedded["savings"]["amount"]["mid"] == pytest.approx(fte["total"]["mid"] - 162000, abs=0.001)


def test_fte_annual_override(cli_json) -> None:  # type: ignore[no-untyped-def]
    """The document's $288K: the loaded-cost line of the shipped year, with the "plus" as its own lines."""
    doc = cli_json("compare", "--start", START, "--fte-annual", "288000")
    fte = doc["paths"][1]
    items = {item["id"]: item for item in fte["items"]}
    assert items["loaded-cost"]["amount"] == {"low": 288000, "mid": 288000, "high": 288000}
    assert items["loaded-cost"]["source"] == "user" and items["loaded-cost"]["kind"] == "recurring"
    plus = {"recruiting-fee", "internal-hiring", "ramp", "replacement-hiring", "replacement-ramp"}
    assert plus <= set(items)
    # ramp: the loaded cost for the months from the hire date to the first PR (shown to 2 places)
    assert abs(items["ramp"]["amount"]["mid"] - 24000 * fte["ramp_months"]) <= 24000 * 0.005
    assert {items[i]["kind"] for i in ("replacement-hiring", "replacement-ramp")} == {"expected"}
    assert fte["total"]["mid"] == sum(item["amount"]["mid"] for item in fte["items"])


def test_fte_monthly_and_embedded_monthly(cli_json) -> None:  # type: ignore[no-untyped-def]
    doc = cli_json("compare", "--start", START, "--fte-monthly", "24k", "--embedded-monthly", "12,000")
    assert doc["paths"][0]["total"]["mid"] == 144000
    loaded = next(item for item in doc["paths"][1]["items"] if item["id"] == "loaded-cost")
    assert loaded["amount"]["mid"] == 288000


def _csv_totals(text: str, delimiter: str = ",") -> dict[str, Decimal]:
    rows = list(csv.DictReader(io.StringIO(text), delimiter=delimiter))
    return {row["path"]: Decimal(row["mid"]) for row in rows if row["row"] == "total"}


@pytest.mark.parametrize("basis", ["work", "calendar"])
def test_totals_reconcile_across_formats(cli, basis: str) -> None:  # type: ignore[no-untyped-def]
    args = ("compare", "--start", START, "--path", "all", "--basis", basis)
    doc = json.loads(cli(*args, "-f", "json").stdout)
    from_json = {p["id"]: Decimal(str(p["total"]["mid"])) for p in doc["paths"]}
    assert _csv_totals(cli(*args, "-f", "csv").stdout) == from_json
    assert _csv_totals(cli(*args, "-f", "tsv").stdout, "\t") == from_json
    markdown = cli(*args, "-f", "markdown").stdout
    table = cli(*args).stdout
    for total in from_json.values():
        assert f"{total:,.2f}" in markdown
        assert f"{total:,.2f}" in table
    for path in doc["paths"]:  # items add up to the totals, to the cent
        items = sum(Decimal(str(i["amount"]["mid"])) for i in path["items"])
        assert items == Decimal(str(path["total"]["mid"]))


def test_csv_is_raw_numbers_with_a_currency_column(cli) -> None:  # type: ignore[no-untyped-def]
    text = cli("compare", "--start", START, "-f", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows[0]["currency"] == "USD"
    assert "$" not in text
    for row in rows:
        Decimal(row["low"])  # parses: no separators
        assert "," not in row["mid"]


def test_table_marks_estimates_and_lists_assumptions(cli) -> None:  # type: ignore[no-untyped-def]
    out = cli("compare", "--start", START).stdout
    assert "162,000.00" in out
    assert "†" in out and "estimate" in out
    assert "Costs accrue from each path's start" in out
    assert "Savings are measured against in-house-fte" in out


def test_markdown_has_notes(cli) -> None:  # type: ignore[no-untyped-def]
    out = cli("compare", "--start", START, "-f", "markdown").stdout
    assert out.startswith("### ML engineer")
    assert "| Total | - | - | **162,000.00**" in out or "**162,000.00**" in out
    assert "**Notes**" in out


def test_headcount_and_months(cli_json) -> None:  # type: ignore[no-untyped-def]
    doc = cli_json("compare", "--start", START, "-p", "embedded", "--months", "6", "--headcount", "3")
    assert doc["paths"][0]["total"]["mid"] == 13500 * 6 * 3
    assert doc["headcount"] == 3


def test_work_basis_done_date(cli_json) -> None:  # type: ignore[no-untyped-def]
    doc = cli_json("compare", "--start", START, "-p", "embedded")
    assert doc["paths"][0]["first_pr_on"] == "2026-12-15"
    assert doc["paths"][0]["done_on"] == "2027-12-15"


def test_output_file_is_written_atomically(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "out.csv"
    result = cli("compare", "--start", START, "--output", str(target))
    assert result.stdout == ""
    assert target.read_text().startswith("path,row,item")  # format from the extension
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_failed_run_leaves_existing_output_untouched(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "out.json"
    target.write_text("precious")
    cli("compare", "--start", "2026-13-01", "--output", str(target), code=2)
    cli("compare", "--start", START, "--role", "wizard", "--output", str(target), code=1)
    assert target.read_text() == "precious"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_missing_and_invalid_data_files(cli, data_copy: Path) -> None:  # type: ignore[no-untyped-def]
    (data_copy / "roles.yaml").unlink()
    result = cli("compare", "--data-dir", str(data_copy), code=1)
    assert "roles.yaml: no such file" in result.stderr
    (data_copy / "roles.yaml").write_text(
        "schema: mlhire.roles/1\ncurrency: USD\nsources: {}\nroles:\n  - id: x\n"
    )
    result = cli("compare", "--data-dir", str(data_copy), code=1)
    assert "roles.yaml:5" in result.stderr and "required key is missing" in result.stderr


def test_data_dir_from_the_environment(runner, data_copy: Path) -> None:  # type: ignore[no-untyped-def]
    from mlhire_calc.cli.app import app

    text = (data_copy / "paths.yaml").read_text().replace("amount: 13500", "amount: 10000")
    (data_copy / "paths.yaml").write_text(text)
    result = runner.invoke(
        app, ["compare", "-p", "embedded", "-f", "csv"], env={"MLHIRE_DATA_DIR": str(data_copy)}
    )
    assert result.exit_code == 0
    assert "120000.00" in result.stdout


def test_roles_and_paths_show_sources(cli, cli_json) -> None:  # type: ignore[no-untyped-def]
    roles = cli("roles").stdout
    assert "ml-engineer" in roles and "22,000.00" in roles and "2026-05-01" in roles
    assert "20,643" in roles
    doc = cli_json("roles")
    ml = next(r for r in doc["roles"] if r["id"] == "ml-engineer")
    assert ml["loaded_monthly"]["low"] == 22000 and ml["loaded_monthly"]["source"] == "seed"
    paths = cli("paths").stdout
    for path_id in ("embedded", "latam-direct", "freelance", "ai-platform", "in-house-fte"):
        assert path_id in paths
    assert "12 of 2,000+" in paths
    rows = list(csv.DictReader(io.StringIO(cli("paths", "-f", "csv").stdout)))
    assert {r["id"]: r["permanent_seat"] for r in rows}["in-house-fte"] == "true"


def _compare_figures(doc: dict) -> list[str]:  # type: ignore[type-arg]
    return [f"{p['total']['high']:,.2f}" for p in doc["paths"]] + [p["done_on"] for p in doc["paths"]]


def _rank_figures(doc: dict) -> list[str]:  # type: ignore[type-arg]
    return [p["p90_done"] for p in doc["paths"]]


@pytest.mark.parametrize("columns", ["60", "80", "200"])
@pytest.mark.parametrize(
    ("args", "figures"),
    [
        (["compare", "-p", "all", "--start", START], _compare_figures),
        (["rank", "-d", "2027-Q3", "--start", START], _rank_figures),
        (["roles"], ["45,000.00", "2026-05-01", "ml-platform-engineer"]),
        (["paths"], ["2026-11-01", "13.84%-20.76%", "0.99-14.99"]),
    ],
)
def test_tables_never_cut_a_figure(columns: str, args: list[str], figures) -> None:  # type: ignore[no-untyped-def]
    import json

    from typer.testing import CliRunner

    from mlhire_calc.cli.app import app

    if callable(figures):  # the figures the JSON of the same command has
        figures = figures(json.loads(CliRunner().invoke(app, [*args, "-f", "json"]).stdout))
    result = CliRunner(env={"COLUMNS": columns, "NO_COLOR": "1"}).invoke(app, args)
    assert result.exit_code == 0, result.stderr
    for figure in figures:
        assert figure in result.stdout, (args, columns, figure)


def test_names_from_data_are_never_rich_markup(cli, data_copy: Path) -> None:  # type: ignore[no-untyped-def]
    paths = data_copy / "paths.yaml"
    paths.write_text(
        paths.read_text().replace("name: Flat monthly fee, all-in", 'name: "Fee [/bold] [red]x[/red]"')
    )
    for command in (["compare", "-p", "embedded"], ["paths"], ["rank", "-d", "Q3"]):
        out = cli(*command, "--data-dir", str(data_copy)).stdout
        if command[0] != "rank":
            assert "Fee [/bold]" in out and "[red]x[/red]" in out


def test_output_to_a_device(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import stat

    real = tmp_path / "real.csv"
    real.write_text("old")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    cli("compare", "--start", START, "-o", str(link), code=1)  # never through a link: test_file_safety.py
    assert link.is_symlink() and real.read_text() == "old"
    cli("compare", "--start", START, "-f", "csv", "-o", "/dev/null")  # written in place, never renamed over
    assert stat.S_ISCHR(Path("/dev/null").stat().st_mode)


def test_set_works_on_compare_rank_and_budget(cli_json) -> None:  # type: ignore[no-untyped-def]
    setting = ("--set", "embedded.fee=15000", "--set", "freelance.marketplace-fee=8%")
    compared = cli_json("compare", "--start", START, "-p", "embedded", *setting)
    assert compared["paths"][0]["total"]["mid"] == 180000
    assert compared["paths"][0]["items"][0]["source"] == "user"
    assert "Override: embedded fee = 15,000.00 a month (command line)." in compared["assumptions"]
    assert "Override: freelance marketplace-fee = 8% (command line)." in compared["assumptions"]
    budget = cli_json("budget", "--start", "2027-01", "-m", "12", "-p", "embedded", *setting)
    calendar = cli_json(
        "compare", "--start", "2027-01-01", "-m", "12", "--basis", "calendar", "-p", "embedded", *setting
    )
    assert budget["totals"]["total"] == calendar["paths"][0]["total"]["mid"] > 162000
    assert "Override: embedded fee = 15,000.00 a month (command line)." in budget["assumptions"]
    ranked = cli_json("rank", "--start", START, "-d", "2027-Q3", "-p", "embedded", *setting)
    assert "Override: embedded fee = 15,000.00 a month (command line)." in ranked["assumptions"]
    shorthand = cli_json("compare", "--start", START, "-p", "embedded", "--embedded-monthly", "15000")
    assert shorthand["paths"][0]["total"] == compared["paths"][0]["total"]


def test_set_errors_name_the_option(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("compare", "--set", "embedded.nope=1", code=2)
    assert result.stderr.startswith("mlhire: error: --set: embedded.nope: embedded has no figure 'nope'")
    assert "mlhire: error: --set: 'fee' is not NAME=VALUE" in cli("budget", "--set", "fee", code=2).stderr


@pytest.mark.parametrize(
    "args",
    [
        ["--embedded-monthly", "13.5k", "--set", "embedded.fee=1"],
        ["--set", "embedded.fee=1", "--set", "embedded.fee=2"],
        ["--fte-monthly", "30000", "--set", "in-house-fte.loaded-cost=31000"],
        ["--set", "freelance.marketplace-fee=8%", "--set", "freelance.marketplace-fee=0.1"],
    ],
)
@pytest.mark.parametrize("command", [["compare"], ["rank", "-d", "2027-Q3"], ["budget"]])
def test_a_figure_set_twice_is_refused_not_guessed(cli, command: list[str], args: list[str]) -> None:  # type: ignore[no-untyped-def]
    result = cli(*command, *args, code=2)
    assert result.stderr.count("\n") == 1 and "given twice" in result.stderr, result.stderr
    assert result.stderr.startswith("mlhire: error: --set: ")
    assert result.stdout == ""
