"""No silent bad numbers: inputs that used to pass as wrong figures (or crash) are one
located line: duplicate keys, YAML 1.1 numbers, timestamps, percents, devices, dates
past 9999, environment switches, long names and unwritable folders."""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

import mlhire_calc.engine.cost
from mlhire_calc.cli.app import app
from mlhire_calc.datafiles import cache
from mlhire_calc.domain.errors import UsageError
from mlhire_calc.engine.validate import validate

from .conftest import START

EMBEDDED_FEE = "        amount: 13500\n"
EMBEDDED_AS_OF = '        as_of: "2026-05"\n'  # the first as_of after the fee
MARKETPLACE_RATE = "        rate: {low: 0.05, high: 0.10}\n"


def _edit(folder: Path, old: str, new: str) -> int:
    """Replace the first `old` in paths.yaml with `new`; the 1-based line it starts on."""
    path = folder / "paths.yaml"
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))
    return text[: text.index(old)].count("\n") + 1


# (what is wrong, the text to replace, its replacement, line offset of the problem, message)
DATA_CASES = {
    "duplicate key": (EMBEDDED_FEE, EMBEDDED_FEE + "        amount: 1350\n", 1, "duplicate key 'amount'"),
    "leading zero (YAML 1.1 octal)": (
        EMBEDDED_FEE,
        "        amount: 013500\n",
        0,
        "013500 has a leading zero",
    ),
    "leading zero, not octal": (EMBEDDED_FEE, "        amount: 09\n", 0, "09 has a leading zero"),
    "hexadecimal": (EMBEDDED_FEE, "        amount: 0x10\n", 0, "0x10 is a hexadecimal number"),
    "octal 0o": (EMBEDDED_FEE, "        amount: 0o17\n", 0, "0o17 is an octal number"),
    "binary": (EMBEDDED_FEE, "        amount: 0b101\n", 0, "0b101 is a binary number"),
    "base 60 (3:45:00 is 13500)": (EMBEDDED_FEE, "        amount: 3:45:00\n", 0, "base 60"),
    "base 60 (1:30 is 90)": (EMBEDDED_FEE, "        amount: 1:30\n", 0, "base 60"),
    "base 60 float": (EMBEDDED_FEE, "        amount: 1:30.5\n", 0, "base 60"),
    "thousands of digits": (EMBEDDED_FEE, f"        amount: {'9' * 5000}\n", 0, "too large a number"),
    "date and time for as_of": (
        EMBEDDED_AS_OF,
        "        as_of: 2026-05-01 10:00:00\n",
        0,
        "has a time of day; a date is expected: write 2026-05-01",
    ),
    "ISO date-time for as_of": (EMBEDDED_AS_OF, "        as_of: 2026-05-01T10:00:00Z\n", 0, "time of day"),
    "impossible date": (EMBEDDED_AS_OF, "        as_of: 2026-02-30\n", 0, "2026-02-30 is not a valid date"),
    "rate 25 meaning 25%": (
        MARKETPLACE_RATE,
        "        rate: 25\n",
        0,
        "rate 25 would mean 2500%; write 0.25 or 25%",
    ),
    "rate range in whole percents": (
        MARKETPLACE_RATE,
        "        rate: {low: 5, high: 10}\n",
        0,
        "rate 5 would mean 500%; write 0.05 or 5%",
    ),
    "percent text above 100%": (MARKETPLACE_RATE, '        rate: "150%"\n', 0, "rate 150% is above 100%"),
    "percent text that is no number": (MARKETPLACE_RATE, '        rate: "abc%"\n', 0, "is not a percent"),
}


@pytest.mark.parametrize("case", DATA_CASES.values(), ids=list(DATA_CASES))
def test_bad_data_is_one_located_line_everywhere(
    cli, data_copy: Path, case: tuple[str, str, int, str]
) -> None:  # type: ignore[no-untyped-def]
    old, new, offset, message = case
    line = _edit(data_copy, old, new) + offset
    where = f"{data_copy / 'paths.yaml'}:{line}:"

    run = cli("compare", "--start", START, "-f", "csv", "--data-dir", str(data_copy), code=1)
    assert run.stdout == ""
    assert run.stderr.startswith(f"mlhire: error: {where}") and run.stderr.count("\n") == 1, run.stderr
    assert message in run.stderr

    checked = cli("validate", str(data_copy), code=1)
    assert f"{where}" in checked.stdout and message in checked.stdout, checked.stdout
    assert "error(s)" in checked.stdout


GOOD_CASES = {
    "merge keys may be overridden beside them": (
        "      - id: fee\n",
        "      - <<: {id: fee, per: hire}\n        id: fee\n",
    ),
    "quoted numbers are text, read as written": (EMBEDDED_FEE, '        amount: "013500"\n'),
    "digit grouping": (EMBEDDED_FEE, "        amount: 13_500\n"),
    "plain date": (EMBEDDED_AS_OF, "        as_of: 2026-05-01\n"),
    "rate as percent text": (MARKETPLACE_RATE, '        rate: {low: "5%", high: "10%"}\n'),
}


@pytest.mark.parametrize("case", GOOD_CASES.values(), ids=list(GOOD_CASES))
def test_unambiguous_forms_read_as_before(cli, data_copy: Path, case: tuple[str, str]) -> None:  # type: ignore[no-untyped-def]
    before = cli("compare", "--start", START, "-p", "all", "-f", "csv").stdout
    _edit(data_copy, *case)
    after = cli("compare", "--start", START, "-p", "all", "-f", "csv", "--data-dir", str(data_copy)).stdout
    assert after == before


def test_a_rate_reads_the_same_as_a_fraction_or_as_percent_text(cli, data_copy: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    other = tmp_path / "percent"
    other.mkdir()
    for name in ("roles.yaml", "paths.yaml"):
        (other / name).write_text((data_copy / name).read_text())
    _edit(data_copy, MARKETPLACE_RATE, "        rate: 0.25\n")
    _edit(other, MARKETPLACE_RATE, '        rate: "25%"\n')
    fraction, percent = (
        cli("compare", "--start", START, "-p", "freelance", "-f", "csv", "--data-dir", str(d)).stdout
        for d in (data_copy, other)
    )
    assert fraction == percent
    assert "marketplace-fee" in fraction


def test_the_shipped_schema_accepts_percent_text_and_describes_rates() -> None:
    import jsonschema

    from mlhire_calc.datafiles.schema import schema_document

    schema = schema_document("paths")
    rate = schema["$defs"]["CostItem"]["properties"]["rate"]
    assert "100%" in rate["description"]
    item = {"id": "fee", "name": "Fee", "per": "percent", "rate": "25%", "of": "x", "basis": "monthly"}
    item |= {"source": "seed", "as_of": "2026-05"}
    jsonschema.Draft202012Validator(schema["$defs"]["CostItem"] | {"$defs": schema["$defs"]}).validate(item)


PLAN_HEAD = "hires:\n  - role: ml-engineer\n    path: embedded\n"  # lines 1 to 3
PLAN_CASES = {
    "duplicate key": (
        "    start: 2027-01-04\n    headcount: 2\n    headcount: 3\n",
        6,
        "duplicate key 'headcount'",
    ),
    "start with a time of day": ("    start: 2027-01-04T10:00:00\n    headcount: 2\n", 4, "time of day"),
    "headcount with a leading zero": ("    start: 2027-01-04\n    headcount: 010\n", 5, "leading zero"),
}


@pytest.mark.parametrize("case", PLAN_CASES.values(), ids=list(PLAN_CASES))
def test_bad_yaml_plans_are_one_located_line(cli, tmp_path: Path, case: tuple[str, int, str]) -> None:  # type: ignore[no-untyped-def]
    rows, line, message = case
    plan = tmp_path / "plan.yaml"
    plan.write_text(PLAN_HEAD + rows)
    run = cli("budget", "--plan", str(plan), "-f", "csv", code=1)
    assert run.stderr.startswith(f"mlhire: error: {plan}:{line}:") and message in run.stderr, run.stderr
    assert run.stderr.count("\n") == 1
    checked = cli("validate", str(plan), code=1)
    assert f"{plan}:{line}:" in checked.stdout and message in checked.stdout, checked.stdout


def test_as_of_after_today_is_a_warning(data_copy: Path) -> None:
    _edit(data_copy, EMBEDDED_AS_OF, '        as_of: "2027-01"\n')
    result = validate([data_copy], today=date(2026, 11, 26))
    assert result.ok
    [warning] = result.warnings
    lines = (data_copy / "paths.yaml").read_text().splitlines()
    line = next(number for number, text in enumerate(lines, start=1) if text == '        as_of: "2027-01"')
    assert "as_of 2027-01-01 is in the future" in warning.message and warning.line == line
    assert validate([data_copy], today=date(2027, 1, 1)).warnings == []


def test_negative_zero_prints_as_zero(cli, data_copy: Path) -> None:  # type: ignore[no-untyped-def]
    _edit(data_copy, EMBEDDED_FEE, "        amount: -0.0\n")
    for fmt in ("csv", "table", "json", "markdown"):
        output = cli(
            "compare", "--start", START, "-p", "embedded", "-f", fmt, "--data-dir", str(data_copy)
        ).stdout
        assert "-0.0" not in output, fmt
        assert fmt == "json" or "0.00" in output
    delay = cli("rank", "-d", "2027-06-30", "--start", START, "--delay-cost-per-month", "-0").stdout
    assert "-0.00" not in delay


# ---------------------------------------------------------------- devices


@pytest.fixture
def fail_fast() -> Iterator[None]:
    """A read that blocks (a FIFO without a writer) fails the test in 5 s instead of hanging it."""

    def hung(signum: int, frame: object) -> None:
        raise TimeoutError("hung on a device or pipe")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(5)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _dev_zero(path: Path) -> None:
    path.symlink_to("/dev/zero")


DEVICES = {"FIFO": _fifo, "symlink to /dev/zero": _dev_zero}


@pytest.mark.skipif(not hasattr(os, "mkfifo") or not Path("/dev/zero").exists(), reason="POSIX devices")
@pytest.mark.parametrize("make", DEVICES.values(), ids=list(DEVICES))
@pytest.mark.parametrize(
    "where",
    ["data file", "validate data file", "YAML plan", "validate YAML plan", "CSV plan", "validate CSV plan"],
)
def test_devices_and_pipes_are_refused_not_read(
    cli, data_copy: Path, tmp_path: Path, fail_fast: None, make, where: str
) -> None:  # type: ignore[no-untyped-def]
    if "data file" in where:
        (data_copy / "paths.yaml").unlink()
        make(data_copy / "paths.yaml")
        args = (
            ["validate", str(data_copy)]
            if where.startswith("validate")
            else ["compare", "--data-dir", str(data_copy)]
        )
    else:
        plan = tmp_path / ("plan.yaml" if "YAML" in where else "plan.csv")
        make(plan)
        args = ["validate", str(plan)] if where.startswith("validate") else ["budget", "--plan", str(plan)]
    run = cli(*args, code=1)
    shown = run.stdout if where.startswith("validate") else run.stderr
    assert "not a regular file (a device, pipe or socket)" in shown, shown


# ---------------------------------------------------------------- dates, switches, names, folders

DATE_CASES = {
    "next Q3 after 9999-10-01": ("rank", "--start", "9999-10-01", "-d", "Q3"),
    "deadline past the end": ("rank", "--start", "9999-12-30", "-d", "9999-12-31", "--work", "3m"),
    "budget window past 9999": ("budget", "--start", "9999-06", "-m", "12"),
    "calendar basis past 9999": ("compare", "--basis", "calendar", "--start", "9999-06-01", "-m", "12"),
    "work past 9999": ("compare", "--start", "9999-12-31", "-m", "1200"),
}


@pytest.mark.parametrize("args", DATE_CASES.values(), ids=list(DATE_CASES))
def test_dates_past_9999_are_one_usage_line(cli, args: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    run = cli(*args, code=2)
    assert run.stderr.startswith("mlhire: error: ") and run.stderr.count("\n") == 1
    assert "9999" in run.stderr and "unexpected" not in run.stderr


@pytest.mark.parametrize(
    ("value", "shows_traceback"),
    [
        ("", False),
        ("0", False),
        ("false", False),
        ("No", False),
        ("off", False),
        ("1", True),
        ("true", True),
        ("YES", True),
        (" on ", True),
    ],
)
def test_mlhire_debug_reads_on_and_off(runner, monkeypatch, value: str, shows_traceback: bool) -> None:  # type: ignore[no-untyped-def]
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the cost model fell over")

    monkeypatch.setattr(mlhire_calc.engine.cost, "compare", broken)
    result = runner.invoke(app, ["compare"], env={"MLHIRE_DEBUG": value})
    if shows_traceback:
        assert isinstance(result.exception, RuntimeError)
    else:
        assert result.exit_code == 1 and "unexpected RuntimeError" in result.stderr


def test_a_switch_that_is_neither_on_nor_off_is_a_usage_error(runner, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(app, ["compare"], env={"MLHIRE_DEBUG": "maybe"})
    assert result.exit_code == 2
    assert result.stderr == (
        "mlhire: error: MLHIRE_DEBUG: 'maybe' is not one of 1, true, yes, on, 0, false, no, off\n"
    )
    monkeypatch.setenv("MLHIRE_NO_CACHE", "sometimes")
    with pytest.raises(UsageError, match="MLHIRE_NO_CACHE"):
        cache.directory()


@pytest.mark.parametrize(
    ("value", "off"), [("1", True), ("yes", True), ("0", False), ("off", False), ("", False)]
)
def test_mlhire_no_cache_reads_on_and_off(monkeypatch, value: str, off: bool) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("MLHIRE_NO_CACHE", value)
    assert (cache.directory() is None) == off


def test_a_250_character_output_name_works(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / ("a" * 246 + ".csv")
    cli("compare", "--start", START, "-o", str(target))
    assert target.read_text().startswith("path,")
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


@pytest.mark.parametrize("target", ["{tmp}/" + "a" * 400 + ".csv", "{tmp}/" + "b/" * 2100 + "x.csv"])
def test_a_name_too_long_is_one_line(cli, tmp_path: Path, target: str) -> None:  # type: ignore[no-untyped-def]
    run = cli("compare", "--start", START, "-o", target.format(tmp=tmp_path), code=1)
    assert run.stderr.startswith("mlhire: error: ") and run.stderr.count("\n") == 1
    assert "too long" in run.stderr and "unexpected" not in run.stderr and len(run.stderr) < 300


def test_a_read_only_output_folder_exits_1(cli, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o555)
    if os.access(folder, os.W_OK):  # root writes anywhere: ask as a user would be answered
        real_access = os.access
        monkeypatch.setattr(
            os, "access", lambda p, mode, **kw: False if mode == os.W_OK else real_access(p, mode, **kw)
        )
    try:
        run = cli("compare", "--start", START, "-o", str(folder / "out.csv"), code=1)
    finally:
        folder.chmod(0o755)
    assert run.stderr == f"mlhire: error: --output: folder {folder} is not writable\n"
    assert list(folder.iterdir()) == []


def test_the_docs_exit_code_table_matches_the_codes() -> None:
    from mlhire_calc.domain.errors import ExitCode

    page = (Path(__file__).parents[1] / "docs" / "errors.md").read_text(encoding="utf-8")
    table = page.split("| code | meaning |", 1)[1].split("\n\n", 1)[0]
    listed = {int(line.split("|")[1]) for line in table.strip().splitlines()[1:]}
    assert listed == {int(code) for code in ExitCode}
    assert sys.platform == "win32" or {129, 130, 143} <= listed
