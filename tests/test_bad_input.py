"""Every command fed the way a careless or hostile user would: one clear line on
stderr, a documented exit code, no traceback, and no output file damaged."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

import mlhire_calc.engine.cost
from mlhire_calc.cli.app import app

PRECIOUS = "precious: the user's earlier output\n"


@dataclass(frozen=True)
class Case:
    args: tuple[str, ...]
    code: int
    message: str
    writes_output: bool = True  # the command takes --output: check it survives


def data_case(
    file: str, change: Callable[[Path], None], message: str
) -> tuple[Callable[[Path], None], str, str]:
    return (lambda d: change(d / file)), message, file


def replace(old: str, new: str) -> Callable[[Path], None]:
    def change(path: Path) -> None:
        text = path.read_text()
        assert old in text, old
        path.write_text(text.replace(old, new, 1))

    return change


def content(data: bytes | str) -> Callable[[Path], None]:
    def change(path: Path) -> None:
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data)

    return change


def make_dir(path: Path) -> None:
    path.unlink()
    path.mkdir()


BOMB = "".join(
    f"{name}: &{name} [{', '.join([f'*{prev}'] * 9) if prev else ', '.join(['lol'] * 9)}]\n"
    for prev, name in zip(["", "a", "b", "c", "d", "e", "f", "g", "h"], "abcdefghi", strict=True)
)

DATA_CASES = {
    "empty file": data_case("roles.yaml", content(""), "expected a mapping at the top level, found empty"),
    "binary file": data_case("paths.yaml", content(b"\x00\x01\x02schema"), "binary file, expected YAML text"),
    "not utf-8": data_case("paths.yaml", content(b"schema: \xff\xfe\n"), "not UTF-8 text"),
    "top-level list": data_case("roles.yaml", content("- a\n- b\n"), "found list"),
    "top-level scalar": data_case("roles.yaml", content("just text\n"), "found str"),
    "mapping where a list belongs": data_case(
        "roles.yaml",
        replace("    tools: [Python, Jupyter, SQL]", "    tools: {first: Python}"),
        "tools: expected a list",
    ),
    "scalar where a mapping belongs": data_case(
        "paths.yaml",
        replace(
            '    absorbs: {vetting: you, replacement: you, source: seed, as_of: "2026-05"}',
            "    absorbs: you",
        ),
        "absorbs: expected a mapping, found str",
    ),
    "wrong type": data_case(
        "roles.yaml", replace("{low: 12000, high: 20000", "{low: cheap, high: 20000"), "loaded_monthly.low"
    ),
    "negative amount": data_case(
        "paths.yaml", replace("amount: 13500", "amount: -1"), "must not be negative"
    ),
    "nan amount": data_case(
        "paths.yaml", replace("amount: 13500", "amount: .nan"), "must be a finite number"
    ),
    "infinite amount": data_case(
        "paths.yaml", replace("amount: 13500", "amount: -.inf"), "must be a finite number"
    ),
    "low above high": data_case(
        "roles.yaml",
        replace("{low: 12000, high: 20000", "{low: 21000, high: 20000"),
        "must have low <= median <= high",
    ),
    "duplicate role id": data_case(
        "roles.yaml",
        replace("- id: applied-ai-engineer", "- id: ml-engineer"),
        "duplicate role id 'ml-engineer'",
    ),
    "duplicate item id": data_case(
        "paths.yaml", replace("- id: contract-fee", "- id: hourly"), "duplicate item id 'hourly'"
    ),
    "unknown source": data_case(
        "paths.yaml", replace("        source: seed\n", "        source: gossip\n"), "unknown source 'gossip'"
    ),
    "unknown item reference": data_case(
        "paths.yaml", replace("of: pay", "of: salary"), "refers to unknown item 'salary'"
    ),
    "unknown unit": data_case("paths.yaml", replace("unit: months", "unit: moons"), "expected 'days'"),
    "unknown key": data_case(
        "paths.yaml", replace("permanent_seat: true", "permanent_seat: true\n    perks: free"), "unknown key"
    ),
    "bad id": data_case(
        "roles.yaml",
        replace("- id: data-scientist", "- id: Data Scientist"),
        "'Data Scientist' is not a valid id",
    ),
    "control characters": data_case(
        "paths.yaml",
        replace("name: Flat monthly fee, all-in", 'name: "Fee \\e[31mred"'),
        "contains control characters",
    ),
    "bad as_of": data_case(
        "roles.yaml",
        replace('as_of: "2026-05"}', 'as_of: "last spring"}'),
        "must be a date, YYYY-MM or YYYY-MM-DD",
    ),
    "missing key": data_case(
        "paths.yaml", replace("currency: USD\n", ""), "currency: required key is missing"
    ),
    "wrong schema version": data_case(
        "roles.yaml", replace("schema: mlhire.roles/1", "schema: mlhire.roles/2"), "expected 'mlhire.roles/1'"
    ),
    "percent item without rate": data_case(
        "paths.yaml",
        replace("        rate: {low: 0.25, high: 0.50}\n", ""),
        "a percent item needs `rate`, `of` and `basis`",
    ),
    "currency mismatch": data_case(
        "paths.yaml", replace("currency: USD", "currency: EUR"), "differs from USD"
    ),
    "first pr before start": data_case(
        "paths.yaml",
        replace(
            '    time_to_first_pr: {low: 2, high: 6, unit: weeks, source: seed, as_of: "2026-05"}',
            '    time_to_first_pr: {low: 1, high: 6, unit: weeks, source: seed, as_of: "2026-05"}',
        ),
        "time_to_first_pr low is earlier than time_to_start low",
    ),
    "yaml syntax error": data_case(
        "roles.yaml", replace("title: ML engineer", "title: [ML engineer"), "YAML syntax error"
    ),
    "python tag": data_case(
        "roles.yaml",
        content('x: !!python/object/apply:os.system ["touch /tmp/mlhire-pwned"]\n'),
        "unsupported YAML tag",
    ),
    "alias bomb": data_case("roles.yaml", content(BOMB), "once YAML aliases are expanded"),
    "too many aliases": data_case(
        "roles.yaml", content("a: &a 1\nb: [" + ", ".join(["*a"] * 101) + "]\n"), "more than 100 YAML aliases"
    ),
    "deep nesting": data_case(
        "roles.yaml", content("x: " + "[" * 60 + "]" * 60 + "\n"), "nesting deeper than 32"
    ),
    "huge file": data_case("paths.yaml", content("# " + "x" * (2 * 1024 * 1024) + "\n"), "byte limit"),
    "missing file": data_case("paths.yaml", lambda p: p.unlink(), "no such file"),
    "directory where a file belongs": data_case("roles.yaml", make_dir, "is a directory, expected a file"),
}


@pytest.mark.parametrize("name", list(DATA_CASES))
def test_bad_data_files(runner, data_copy: Path, tmp_path: Path, name: str) -> None:  # type: ignore[no-untyped-def]
    change, message, file = DATA_CASES[name]
    change(data_copy)
    out = tmp_path / "out.csv"
    out.write_text(PRECIOUS)
    result = runner.invoke(app, ["compare", "--data-dir", str(data_copy), "--output", str(out)])
    assert result.exit_code == 1, (result.stdout, result.stderr)
    assert message in result.stderr, result.stderr
    assert result.stderr.startswith(f"mlhire: error: {data_copy / file}")
    assert len(result.stderr.splitlines()) == 1 and "Traceback" not in result.stderr
    assert out.read_text() == PRECIOUS and sorted(p.name for p in tmp_path.iterdir()) == ["data", "out.csv"]
    assert not Path("/tmp/mlhire-pwned").exists()
    validated = runner.invoke(app, ["validate", str(data_copy)])
    assert validated.exit_code == 1 and message in validated.stdout, validated.stdout


S = ("--start", "2026-12-01")
OPTION_CASES = {
    # compare
    "months zero": Case(("compare", *S, "--months", "0"), 2, "--months: '0' must be positive"),
    "months negative": Case(("compare", *S, "--months", "-3"), 2, "--months: '-3' must be positive"),
    "months absurd": Case(
        ("compare", *S, "--months", "5000"), 2, "--months: 5000 must be above 0 and at most 1200"
    ),
    "months not a number": Case(("compare", *S, "--months", "a year"), 2, "'a year' is not a number"),
    "months nan": Case(("compare", *S, "--months", "NaN"), 2, "is not a finite number"),
    "months infinity": Case(("compare", *S, "--months", "inf"), 2, "is not a finite number"),
    "headcount zero": Case(("compare", *S, "--headcount", "0"), 2, "--headcount: 0 must be 1 to 100000"),
    "headcount negative": Case(
        ("compare", *S, "--headcount", "-1"), 2, "--headcount: -1 must be 1 to 100000"
    ),
    "headcount absurd": Case(("compare", *S, "--headcount", "1000001"), 2, "must be 1 to 100000"),
    "headcount not a number": Case(
        ("compare", *S, "--headcount", "two"), 2, "Invalid value for '--headcount' / '-n'"
    ),
    "fte annual nan": Case(
        ("compare", *S, "--fte-annual", "nan"), 2, "--fte-annual: 'nan' is not a finite number"
    ),
    "fte annual absurd": Case(("compare", *S, "--fte-annual", "1e400"), 2, "is above 1,000,000,000,000"),
    "fte annual negative": Case(("compare", *S, "--fte-annual", "-288000"), 2, "must be positive"),
    "embedded monthly zero": Case(("compare", *S, "--embedded-monthly", "0"), 2, "must be positive"),
    "fte both ways": Case(("compare", *S, "--fte-annual", "1", "--fte-monthly", "1"), 2, "not both"),
    "impossible date": Case(("compare", "--start", "2026-02-30"), 2, "'2026-02-30' is not a valid date"),
    "not a date": Case(
        ("compare", "--start", "yesterday"), 2, "--start: 'yesterday' is not a date; write a day"
    ),
    "unknown format": Case(
        ("compare", *S, "--format", "xml"),
        2,
        "Invalid value for '--format' / '-f': 'xml' is not one of 'table'",
    ),
    "xlsx to a terminal": Case(
        ("compare", *S, "--format", "xlsx"), 2, "write it to a file with --output", False
    ),
    "unknown role": Case(("compare", *S, "--role", "wizard"), 1, "unknown role 'wizard'; known roles:"),
    "unknown path": Case(("compare", *S, "--path", "nope"), 1, "unknown path 'nope'; known paths:"),
    "unknown baseline": Case(("compare", *S, "--baseline", "nope"), 1, "unknown path 'nope'"),
    "unknown basis": Case(
        ("compare", *S, "--basis", "lunar"),
        2,
        "Invalid value for '--basis': 'lunar' is not one of 'work', 'calendar'",
    ),
    "unknown option": Case(("compare", "--colour"), 2, "No such option: --colour"),
    "output is a directory": Case(("compare", *S, "--output", "{tmp}"), 1, "is a directory", False),
    "output folder missing": Case(
        ("compare", *S, "--output", "{tmp}/no/such/x.csv"), 1, "does not exist", False
    ),
    "date past the calendar": Case(
        ("compare", "--start", "9999-12-01"), 2, "date out of range: 9999-12-15 plus 12"
    ),
    # rank
    "deadline missing": Case(("rank", *S), 2, "Missing option '--deadline'"),
    "quarter out of range": Case(
        ("rank", *S, "-d", "2027-Q5"), 2, "'2027-Q5' is not a valid quarter: Q5 is not Q1"
    ),
    "quarter zero": Case(("rank", *S, "-d", "Q0"), 2, "Q0 is not Q1 to Q4"),
    "deadline unparseable": Case(("rank", *S, "-d", "soon"), 2, "or Q3 for the next third quarter"),
    "deadline impossible": Case(("rank", *S, "-d", "2027-02-29"), 2, "'2027-02-29' is not a valid date"),
    "deadline before start": Case(("rank", *S, "-d", "2026-11-30"), 2, "is before the start 2026-12-01"),
    "work malformed": Case(
        ("rank", *S, "-d", "Q3", "--work", "3 sprints"), 2, "'3 sprints' is not a duration"
    ),
    "work negative": Case(("rank", *S, "-d", "Q3", "--work", "-2w"), 2, "is not a duration"),
    "rank past the calendar": Case(
        ("rank", "--start", "9999-12-01", "-d", "9999-12-31"), 2, "dates end at 9999-12-31"
    ),
    "work absurd": Case(("rank", *S, "-d", "Q3", "--work", "900m"), 2, "longer than 50 years"),
    "confidence one": Case(("rank", *S, "-d", "Q3", "-c", "1"), 2, "strictly between 0 and 1"),
    "confidence above one": Case(("rank", *S, "-d", "Q3", "-c", "150%"), 2, "strictly between 0 and 1"),
    "confidence nan": Case(("rank", *S, "-d", "Q3", "-c", "nan"), 2, "strictly between 0 and 1"),
    "confidence word": Case(("rank", *S, "-d", "Q3", "-c", "high"), 2, "'high' is not a number"),
    "delay cost negative": Case(
        ("rank", *S, "-d", "Q3", "--delay-cost-per-month", "-5"), 2, "must be zero or"
    ),
    # budget
    "band unknown": Case(
        ("budget", "-p", "embedded", "--band", "max"),
        2,
        "Invalid value for '--band': 'max' is not one of 'low'",
    ),
    "group unknown": Case(
        ("budget", "-p", "embedded", "--by", "team"),
        2,
        "Invalid value for '--by': 'team' is not one of 'month'",
    ),
    "budget month impossible": Case(
        ("budget", "-p", "embedded", "--start", "2027-13"), 2, "is not a valid date"
    ),
    "fail-over not a number": Case(
        ("budget", "-p", "embedded", "--fail-over", "lots"), 2, "'lots' is not a number"
    ),
    "plan missing": Case(("budget", "--plan", "{tmp}/nope.csv"), 1, "no such file"),
    "plan is a directory": Case(("budget", "--plan", "{tmp}/folder.csv"), 1, "is a directory"),
    "plan wrong suffix": Case(
        ("budget", "--plan", "{tmp}/plan.xlsx"), 2, "use a .csv, .tsv, .yaml or .yml file"
    ),
    "plan and path": Case(
        ("budget", "--plan", "{tmp}/good.csv", "-p", "embedded"), 2, "give --plan or --path"
    ),
    "plan bad row": Case(
        ("budget", "--plan", "{tmp}/bad-row.csv"), 1, "bad-row.csv:3: row 2: unknown path 'nope'"
    ),
    "plan bad headcount": Case(("budget", "--plan", "{tmp}/zero.csv"), 1, "zero.csv:2: row 1: headcount 0"),
    "plan empty": Case(("budget", "--plan", "{tmp}/empty.csv"), 1, "the plan has no hires"),
    "plan binary": Case(("budget", "--plan", "{tmp}/binary.csv"), 1, "not UTF-8 text"),
    "plan missing columns": Case(
        ("budget", "--plan", "{tmp}/columns.csv"), 1, "missing column(s) headcount, decided or joins"
    ),
    "plan ragged row": Case(("budget", "--plan", "{tmp}/ragged.csv"), 1, "row 1: more cells than columns"),
    "plan yaml not a list": Case(
        ("budget", "--plan", "{tmp}/hires.yaml"), 1, "expected a mapping with a `hires:`"
    ),
    # validate, schema, data
    "max-age negative": Case(("validate", "--max-age", "-1"), 2, "Invalid value for '--max-age'", False),
    "validate format": Case(
        ("validate", "--format", "sarif"), 2, "'sarif' is not one of 'text', 'json', 'github'", False
    ),
    "validate missing target": Case(("validate", "{tmp}/nothing"), 2, "no such file or directory", False),
    "schema unknown": Case(
        ("schema", "teams"), 2, "'teams' is not one of 'roles', 'paths', 'scenarios'", False
    ),
    "data init over files": Case(("data", "init", "{tmp}/team"), 2, "already exist(s); use --force", False),
    "data init onto a file": Case(
        ("data", "init", "{tmp}/good.csv"), 2, "exists and is not a directory", False
    ),
    "unknown command": Case(("forecast",), 2, "No such command 'forecast'", False),
}


def _fixtures(tmp: Path) -> None:
    (tmp / "folder.csv").mkdir()
    (tmp / "plan.xlsx").write_bytes(b"PK\x03\x04")
    (tmp / "good.csv").write_text("role,path,start,headcount\nml-engineer,embedded,2027-01,1\n")
    (tmp / "bad-row.csv").write_text(
        "role,path,start,headcount\nml-engineer,embedded,2027-01,1\nml-engineer,nope,2027-01,1\n"
    )
    (tmp / "zero.csv").write_text("role,path,start,headcount\nml-engineer,embedded,2027-01,0\n")
    (tmp / "empty.csv").write_text("role,path,start,headcount\n")
    (tmp / "binary.csv").write_bytes(b"role,path\xff\xfe\x00")
    (tmp / "columns.csv").write_text("role,path\nml-engineer,embedded\n")
    (tmp / "ragged.csv").write_text("role,path,start,headcount\nml-engineer,embedded,2027-01,1,extra,cells\n")
    (tmp / "hires.yaml").write_text("hires: {role: ml-engineer}\n")
    (tmp / "team").mkdir()
    (tmp / "team" / "roles.yaml").write_text("keep me\n")


@pytest.mark.parametrize("name", list(OPTION_CASES))
def test_bad_options(runner, tmp_path: Path, name: str) -> None:  # type: ignore[no-untyped-def]
    case = OPTION_CASES[name]
    _fixtures(tmp_path)
    args = [arg.replace("{tmp}", str(tmp_path)) for arg in case.args]
    out = tmp_path / "out.json"
    out.write_text(PRECIOUS)
    if case.writes_output and "--output" not in args:
        args += ["--output", str(out)]
    result = runner.invoke(app, args)
    assert result.exit_code == case.code, (result.exit_code, result.stdout, result.stderr)
    assert case.message in result.stderr, result.stderr
    assert ("Traceback" not in result.stderr and result.exception is None) or isinstance(
        result.exception, SystemExit
    )
    assert result.stderr.startswith("mlhire: error: ") and len(result.stderr.strip().splitlines()) == 1, (
        result.stderr
    )
    assert out.read_text() == PRECIOUS
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out")]  # no temporary files left
    assert (tmp_path / "team" / "roles.yaml").read_text() == "keep me\n"


def test_case_count() -> None:
    assert len(DATA_CASES) + len(OPTION_CASES) >= 90


def test_unexpected_errors_are_one_line_unless_debugging(runner, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the cost model fell over\nsecond line")

    monkeypatch.setattr(mlhire_calc.engine.cost, "compare", broken)
    result = runner.invoke(app, ["compare"])
    assert result.exit_code == 1
    assert result.stderr == (
        "mlhire: error: unexpected RuntimeError: the cost model fell over "
        "(a bug; rerun with MLHIRE_DEBUG=1 for the traceback)\n"
    )
    debug = runner.invoke(app, ["compare"], env={"MLHIRE_DEBUG": "1"})
    assert isinstance(debug.exception, RuntimeError)


def test_closed_stdout_ends_quietly(tmp_path: Path) -> None:
    import subprocess
    import sys

    plan = tmp_path / "plan.csv"
    plan.write_text("role,path,decided,headcount\n" + "ml-engineer,embedded,2027-01-01,1\n" * 3000)
    for args in (
        ["compare", "-p", "all", "-f", "csv"],
        ["budget", "--plan", str(plan), "--by", "row", "-f", "csv"],
    ):
        process = subprocess.Popen(
            [sys.executable, "-m", "mlhire_calc", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        assert process.stdout is not None and process.stderr is not None
        process.stdout.readline()
        process.stdout.close()  # like `| head -1`
        stderr = process.stderr.read().decode()
        assert process.wait() == 0, stderr
        assert stderr == ""
