"""docs/limits.md states the bounds that `domain/limits.py` defines."""

from __future__ import annotations

from pathlib import Path

from mlhire_calc.domain import limits

PAGE = Path(__file__).parents[1] / "docs" / "limits.md"


def test_the_page_states_every_bound_on_files() -> None:
    text = PAGE.read_text(encoding="utf-8")
    stated = {
        "MAX_FILE_BYTES": f"1 MiB ({limits.MAX_FILE_BYTES:,} bytes)",
        "MAX_PLAN_BYTES": f"64 MiB ({limits.MAX_PLAN_BYTES:,} bytes)",
        "MAX_CACHE_BYTES": f"8 MiB ({limits.MAX_CACHE_BYTES:,} bytes)",
        "MAX_YAML_DEPTH": f"| {limits.MAX_YAML_DEPTH} levels |",
        "MAX_YAML_ALIASES": f"| {limits.MAX_YAML_ALIASES} in one file |",
        "MAX_YAML_VALUES": f"| {limits.MAX_YAML_VALUES:,} |",
        "MAX_YAML_DIGITS": f"| {limits.MAX_YAML_DIGITS} digits |",
        "MAX_TEXT_CHARS": f"| {limits.MAX_TEXT_CHARS:,} characters |",
        "MAX_PLAN_COLUMNS": f"| {limits.MAX_PLAN_COLUMNS:,} (empty ones included) |",
    }
    missing = {name: text_ for name, text_ in stated.items() if text_ not in text}
    assert not missing, missing
    assert limits.MAX_FILE_BYTES == 1024**2 and limits.MAX_PLAN_BYTES == 64 * 1024**2
    assert limits.MAX_CACHE_BYTES == 8 * 1024**2


def test_the_page_states_every_range_of_a_figure() -> None:
    text = PAGE.read_text(encoding="utf-8")
    days = limits.MAX_DURATION_DAYS
    stated = {
        "MAX_AMOUNT": f"| 0 to {limits.MAX_AMOUNT:,.0f} (",
        "exchange rates": f"| {limits.MIN_EXCHANGE_RATE:f} to {limits.MAX_EXCHANGE_RATE:,.0f} |",
        "MAX_DURATION_DAYS": f"({days:,.0f} days, {days / 30.4375:.0f} months)",
        "MAX_MONTHS": f"at most {limits.MAX_MONTHS:,}, at most {limits.MONTHS_DECIMALS} decimal places",
        "MAX_HOURS_PER_MONTH": f"| 0 to {limits.MAX_HOURS_PER_MONTH} |",
        "MAX_PLACEMENTS_PER_MONTH": f"| 1 to {limits.MAX_PLACEMENTS_PER_MONTH:,} |",
        "MAX_HEADCOUNT": f"| 1 to {limits.MAX_HEADCOUNT:,} |",
        "MAX_SAMPLES": f"| `--samples` | 1 to {limits.MAX_SAMPLES:,} |",
        "MAX_PERCENT_THRESHOLD": f"a percent up to {limits.MAX_PERCENT_THRESHOLD:,.0f}%",
        "MAX_RESULT": f"below 10^{limits.MAX_RESULT.adjusted()},",
    }
    missing = {name: text_ for name, text_ in stated.items() if text_ not in text}
    assert not missing, missing
