"""The README's worked example of the cost model is what the tool computes."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

README = Path(__file__).parents[1] / "README.md"
LINES = {
    "Loaded cost": "loaded-cost",
    "Agency recruiting fee": "recruiting-fee",
    "Internal cost per hire": "internal-hiring",
    "Paid ramp": "ramp",
    "Yearly increases": "raises",
    "Expected replacements, hiring": "replacement-hiring",
    "Expected replacements, ramp": "replacement-ramp",
}


def test_the_worked_example_matches_compare(cli_json) -> None:  # type: ignore[no-untyped-def]
    section = README.read_text(encoding="utf-8").split("### A worked example", 1)[1].split("\n## ", 1)[0]
    rows = dict(
        re.findall(r"^\| (?:\*\*)?([^|]+?)(?:\*\*)? \| (?:\*\*)?([\d,]+\.\d\d)(?:\*\*)? \|$", section, re.M)
    )
    doc = cli_json("compare", "--start", "2026-12-01", "-p", "in-house-fte")
    fte = doc["paths"][0]
    items = {item["id"]: Decimal(str(item["amount"]["mid"])) for item in fte["items"]}
    shown = {
        next(v for k, v in LINES.items() if label.startswith(k)): amount
        for label, amount in rows.items()
        if any(label.startswith(k) for k in LINES)
    }
    assert set(shown) == set(LINES.values())
    for item_id, amount in shown.items():
        assert Decimal(amount.replace(",", "")) == items[item_id], item_id
    assert Decimal(rows["Total"].replace(",", "")) == Decimal(str(fte["total"]["mid"]))
    per_month = next(v for k, v in rows.items() if k.startswith("Cost per work month"))
    assert Decimal(per_month.replace(",", "")) == Decimal(str(fte["cost_per_work_month"]["mid"]))
    assert fte["done_on"] in section and fte["starts_on"] in section and fte["first_pr_on"] in section


def test_the_layout_names_every_module() -> None:
    layout = README.read_text(encoding="utf-8").split("## Layout", 1)[1].split("```", 2)[1]
    package = Path(__file__).parents[1] / "src" / "mlhire_calc"
    modules = {path.name for path in package.glob("*.py") if path.name != "__init__.py"}
    folders = {
        f"{path.name}/" for path in package.iterdir() if path.is_dir() and (path / "__init__.py").exists()
    }
    missing = sorted(name for name in modules | folders if name not in layout)
    assert not missing, f"README Layout leaves out {missing}"
