"""A sampled probability is never shown as certain (or impossible), in any output."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any

import pytest

from mlhire_calc.engine.rank import sampled_probability
from mlhire_calc.output.layout import percent_cell

START = "2026-12-01"
EVERY_SAMPLE = ["--start", START, "-d", "2027-Q3", "-p", "embedded", "-p", "in-house-fte", "--budget", "300k"]


def test_all_or_none_of_the_samples_is_never_0_or_1() -> None:
    assert sampled_probability(1.0) == 0.999999 and sampled_probability(0.0) == 0.000001
    assert sampled_probability(1.0, 4) == 0.9999 and sampled_probability(0.0, 4) == 0.0001
    assert sampled_probability(0.81815, 4) in (0.8181, 0.8182)
    for value, shown in ((1.0, ">99.9%"), (0.0, "<0.1%")):
        assert percent_cell(Decimal(repr(sampled_probability(value, 4))), human=True) == shown


def test_rank_and_simulate_say_above_99_9_not_100(cli: Any, cli_json: Any) -> None:
    """Every sample of embedded is on time and within 300k: its p_joint reads >99.9%, never
    100.0%, and stays below rank's closed-form P(on time) when that is below 1."""
    ranked = cli_json("rank", *EVERY_SAMPLE)
    embedded = next(entry for entry in ranked["paths"] if entry["id"] == "embedded")
    assert embedded["p_joint"] == 0.999999 and embedded["p_joint"] <= embedded["probability"]
    table = cli("rank", *EVERY_SAMPLE).stdout
    assert "p_joint >99.9%" in table and "100.0%" not in table
    sampled = cli_json("simulate", *EVERY_SAMPLE)
    exact = {entry["id"]: entry["probability"] for entry in ranked["paths"]}
    for entry in sampled["paths"]:
        for key in ("p_on_time", "p_under_budget", "p_joint"):
            assert 0 < entry[key] < 1, (entry["id"], key)
        assert entry["probability"] == exact[entry["id"]]  # rank's closed form, as rank holds it
    shown = cli("simulate", *EVERY_SAMPLE).stdout
    assert ">99.9%" in shown and "100.0%" not in shown
    rows = list(csv.DictReader(io.StringIO(cli("simulate", *EVERY_SAMPLE, "-f", "csv").stdout)))
    assert rows and all(row[key] == "0.9999" for row in rows[:1] for key in ("p_joint", "p_under_budget"))


def test_a_workbook_shows_above_99_9_not_100(cli: Any, tmp_path: Any) -> None:
    """xlsx keeps the sampled value and shows it as the table does: `>99.9%`, not 100.0%."""
    from openpyxl import load_workbook

    target = tmp_path / "rank.xlsx"
    cli("rank", *EVERY_SAMPLE, "-o", str(target))
    header, *rows = load_workbook(target).worksheets[0].iter_rows()
    column = [cell.value for cell in header].index("p_joint")
    embedded = next(row for row in rows if "embedded" in [cell.value for cell in row])
    assert embedded[column].value == 0.999999
    assert embedded[column].number_format == '">99.9%"'


@pytest.mark.parametrize(
    ("value", "human", "machine"),
    [
        ("0.99996", ">99.9%", "0.9999"),
        ("0.00004", "<0.1%", "0.0001"),
        ("1", "100.0%", "1.0000"),
        ("0", "0.0%", "0.0000"),
        ("-1.0001", "-100.0%", "-1.0001"),  # a saving of -100.01%: not a fraction near 1
        ("-1.00004", "-100.0%", "-1.0000"),
        ("-0.99996", "-100.0%", "-1.0000"),
        ("1.00004", "100.0%", "1.0000"),  # a share above 1 is rounded as it is
    ],
)
def test_only_a_fraction_between_0_and_1_is_kept_off_its_ends(value: str, human: str, machine: str) -> None:
    assert percent_cell(Decimal(value), human=True) == human
    assert percent_cell(Decimal(value), human=False) == machine
