"""`mlhire validate`, `mlhire schema` and `mlhire data init`."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import jsonschema
import pytest
import yaml

from mlhire_calc.datafiles.load import default_data_dir


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, count))


def line_of(path: Path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), start=1) if needle in line)


@pytest.mark.shipped_data
def test_shipped_data_is_valid_and_strict(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("validate", "--strict", str(default_data_dir()))
    assert result.stdout.strip().endswith("0 error(s), 0 warning(s): valid")


def test_default_target_is_the_active_data_dir(cli) -> None:  # type: ignore[no-untyped-def]
    assert "2 file(s) checked" in cli("validate").stdout


@pytest.mark.parametrize(
    ("file", "old", "new", "needle", "message"),
    [
        ("paths.yaml", "amount: 13500", "amount: -13500", "amount: -13500", "must not be negative"),
        ("paths.yaml", "amount: 13500", "amount: .nan", "amount: .nan", "must be a finite number"),
        ("paths.yaml", "amount: 13500", "amount: .inf", "amount: .inf", "must be a finite number"),
        (
            "paths.yaml",
            "{low: 2, high: 6, unit: weeks, source: seed",
            "{low: 7, high: 6, unit: weeks, source: seed",
            "{low: 7, high: 6",
            "must have low <= median <= high",
        ),
        (
            "paths.yaml",
            "{low: 2, high: 6, unit: weeks, source: seed",
            "{low: 2, high: 6, unit: sprints, source: seed",
            "unit: sprints",
            "expected 'days', 'business_days', 'weeks' or 'months'",
        ),
        (
            "paths.yaml",
            "  - id: ai-platform",
            "  - id: freelance",
            "- id: freelance",
            "duplicate path id 'freelance'",
        ),
        (
            "paths.yaml",
            "        of: hourly",
            "        of: hours",
            "of: hours",
            "refers to unknown item 'hours'",
        ),
        (
            "paths.yaml",
            "        of: pay",
            "        of: broker-margin",
            "of: broker-margin",
            "a percent applies to a monthly or hourly item",
        ),
        (
            "paths.yaml",
            "        per: month\n        amount: 13500",
            "        per: month\n        amount: 13500\n        colour: red",
            "colour: red",
            "unknown key",
        ),
        (
            "roles.yaml",
            "loaded_monthly: {low: 12000, high: 20000, source: seed",
            "loaded_monthly: {low: 12000, high: 20000, source: sead",
            "source: sead",
            "unknown source 'sead'",
        ),
        (
            "roles.yaml",
            "    ships: LLM features, RAG, agent workflows\n",
            "",
            "- id: applied-ai-engineer",
            "required key is missing",
        ),
        (
            "roles.yaml",
            'loaded_monthly: {low: 22000, high: 38000, source: seed, as_of: "2026-05"}',
            'loaded_monthly: {low: 22000, high: 38000, source: seed, as_of: "May 2026"}',
            'as_of: "May 2026"',
            "must be a date, YYYY-MM or YYYY-MM-DD",
        ),
        (
            "paths.yaml",
            "        amount: {role_band: loaded_monthly}",
            "        amount: {role_band: yearly}",
            "role_band: yearly",
            "role_band",
        ),
    ],
)
def test_each_kind_of_problem_has_its_line(cli, data_copy: Path, file, old, new, needle, message) -> None:  # type: ignore[no-untyped-def]
    target = data_copy / file
    edit(target, old, new)
    result = cli("validate", str(data_copy), code=1)
    lines = [n for n, text in enumerate(target.read_text().splitlines(), start=1) if needle in text]
    located = [
        row for row in result.stdout.splitlines() if any(row.startswith(f"{target}:{n}:") for n in lines)
    ]
    assert any(message in row for row in located), (lines, result.stdout)


def test_syntax_error_has_line_and_column(cli, data_copy: Path) -> None:  # type: ignore[no-untyped-def]
    edit(data_copy / "roles.yaml", "    title: ML engineer\n", "    title: [ML engineer\n")
    result = cli("validate", str(data_copy), code=1)
    assert f"{data_copy / 'roles.yaml'}:" in result.stdout and "YAML syntax error" in result.stdout


def test_currency_must_match(cli, data_copy: Path) -> None:  # type: ignore[no-untyped-def]
    edit(data_copy / "roles.yaml", "currency: USD", "currency: GBP")
    result = cli("validate", str(data_copy), code=1)
    assert "currency USD differs from GBP in roles.yaml, and paths.yaml has no rate for GBP" in result.stdout


def test_several_problems_in_two_files_all_reported(cli, data_copy: Path) -> None:  # type: ignore[no-untyped-def]
    paths, roles = data_copy / "paths.yaml", data_copy / "roles.yaml"
    edit(paths, "amount: 13500", "amount: -13500")
    edit(
        paths,
        '    time_to_first_pr: {low: 1, high: 4, unit: weeks, source: seed, as_of: "2026-05"}',
        '    time_to_first_pr: {low: 5, high: 4, unit: fortnights, source: seed, as_of: "2026-05"}',
    )
    edit(paths, "        of: hourly\n", "        of: hours\n")
    edit(paths, "  - id: ai-platform", "  - id: freelance")
    edit(
        roles,
        "loaded_monthly: {low: 12000, high: 20000, source: seed",
        "loaded_monthly: {low: 12000, high: 20000, source: sead",
    )
    edit(roles, "    ships: LLM features, RAG, agent workflows\n", "")
    result = cli("validate", str(data_copy), "--format", "json", code=1)
    doc = json.loads(result.stdout)
    assert doc["valid"] is False
    messages = [(Path(p["file"]).name, p["line"], p["message"]) for p in doc["problems"]]
    assert len([m for m in messages if m[0] == "paths.yaml"]) == 5
    assert len([m for m in messages if m[0] == "roles.yaml"]) == 2
    assert all(line is not None for _, line, _ in messages)
    for fragment in (
        "must not be negative",
        "low <= median <= high",
        "expected 'days'",
        "unknown item 'hours'",
        "duplicate path id",
        "unknown source 'sead'",
        "required key is missing",
    ):
        assert any(fragment in message for _, _, message in messages), fragment
    # the same data stops compare with the first problem, and points at validate
    stopped = cli("compare", "--data-dir", str(data_copy), code=1).stderr
    assert "(6 more problem(s)); run `mlhire validate" in stopped


def test_staleness_is_a_warning_or_an_error_when_strict(cli, data_copy: Path) -> None:  # type: ignore[no-untyped-def]
    edit(
        data_copy / "roles.yaml",
        'loaded_monthly: {low: 12000, high: 20000, source: seed, as_of: "2026-05"}',
        'loaded_monthly: {low: 12000, high: 20000, source: seed, as_of: "2020-01"}',
    )
    warned = cli("validate", str(data_copy), code=0)
    assert "warning: roles[0].loaded_monthly.as_of: as_of 2020-01-01 is older than 12 months" in warned.stdout
    strict = cli("validate", "--strict", str(data_copy), code=1)
    assert "error: roles[0].loaded_monthly.as_of" in strict.stdout
    assert "older than 120 months" not in cli("validate", "--max-age", "120", str(data_copy)).stdout


def test_github_annotations(cli, data_copy: Path) -> None:  # type: ignore[no-untyped-def]
    edit(data_copy / "paths.yaml", "amount: 13500", "amount: -13500")
    out = cli("validate", str(data_copy), "--format", "github", code=1).stdout
    line = line_of(data_copy / "paths.yaml", "amount: -13500")
    assert f"::error file={data_copy / 'paths.yaml'},line={line},col=" in out
    assert "::paths[0].items[0].amount: must not be negative" in out


def test_plans_are_validated_against_the_data(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    plan = tmp_path / "plan.csv"
    plan.write_text("role,path,start,headcount\nml-engineer,nope,2027-01,1\nwizard,embedded,2027-01,1\n")
    out = cli("validate", str(plan), code=1).stdout
    assert f"{plan}:2: error: row 1: unknown path 'nope'" in out
    assert f"{plan}:3: error: row 2: unknown role 'wizard'" in out
    assert "1 file(s) checked: 2 error(s)" in out


def _plain(value):  # type: ignore[no-untyped-def]
    """YAML dates as the strings they were written as, for a JSON Schema validator."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value.isoformat() if isinstance(value, date) else value


@pytest.mark.shipped_data
@pytest.mark.parametrize("kind", ["roles", "paths"])
def test_shipped_files_pass_the_json_schema_with_an_independent_validator(cli, kind: str) -> None:  # type: ignore[no-untyped-def]
    schema = json.loads(cli("schema", kind).stdout)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)
    document = _plain(yaml.safe_load((default_data_dir() / f"{kind}.yaml").read_text()))
    jsonschema.Draft202012Validator(schema).validate(document)
    broken = json.loads(json.dumps(document))
    broken[kind][0]["colour"] = "red"
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(broken))


def test_schema_unknown_kind(cli) -> None:  # type: ignore[no-untyped-def]
    assert "'teams' is not one of 'roles', 'paths', 'scenarios'" in cli("schema", "teams", code=2).stderr


@pytest.mark.shipped_data
def test_data_init_copies_and_refuses_to_overwrite(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "team-data"
    cli("data", "init", str(target))
    assert (target / "roles.yaml").read_text() == (default_data_dir() / "roles.yaml").read_text()
    edit(target / "paths.yaml", "amount: 13500", "amount: 12000")
    refused = cli("data", "init", str(target), code=2)
    assert "already exist" in refused.stderr and "--force" in refused.stderr
    assert "amount: 12000" in (target / "paths.yaml").read_text()
    cli("data", "init", str(target), "--force")
    assert "amount: 13500" in (target / "paths.yaml").read_text()
    cli("validate", "--strict", str(target))


# A value the strict reading refuses, of every kind, in each kind of file, beside a reversed range.
REFUSED = [
    ("015000", "has a leading zero"),
    ("0x3a98", "is a hexadecimal number"),
    ("4:10", "is base 60 in YAML 1.1"),
]


def _scenarios(directory: Path, value: str) -> Path:
    path = directory / "scenarios.yaml"
    path.write_text(
        "schema: mlhire.scenarios/1\nscenarios:\n"
        f"  fee-up:\n    set:\n      embedded.fee: {value}\n"
        "  backwards:\n    set:\n      ml-engineer.loaded_monthly: 38000-22000\n"
    )
    return path


@pytest.mark.parametrize(("value", "refused"), REFUSED)
@pytest.mark.parametrize("file", ["paths.yaml", "roles.yaml", "scenarios.yaml"])
def test_a_refused_value_hides_no_other_problem(
    cli, data_copy: Path, file: str, value: str, refused: str
) -> None:  # type: ignore[no-untyped-def]
    """Every problem in one run: a value the reading refuses, and a reversed range as one problem."""
    target = data_copy / file
    if file == "paths.yaml":
        edit(target, "amount: 13500", f"amount: {value}")
        edit(target, "amount: {low: 7000, high: 10000}", "amount: {low: 12000, high: 8000}")
        reversed_at = line_of(target, "amount: {low: 12000, high: 8000}")
    elif file == "roles.yaml":
        edit(target, "value: 20643", f"value: {value}")
        edit(target, "loaded_monthly: {low: 12000, high: 20000", "loaded_monthly: {low: 20000, high: 12000")
        reversed_at = line_of(target, "loaded_monthly: {low: 20000, high: 12000")
    else:
        _scenarios(data_copy, value)
        reversed_at = line_of(target, "38000-22000")
    document = json.loads(cli("validate", str(target), "--format", "json", code=1).stdout)
    problems = [(p["line"], p["message"]) for p in document["problems"]]
    assert any(refused in message and line == line_of(target, value) for line, message in problems), problems
    at_range = [message for line, message in problems if line == reversed_at]
    assert len(at_range) == 1 and "low <= median <= high" in at_range[0], problems
    assert not any("unknown key" in m or "required key" in m for line, m in problems if line == reversed_at)


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("{low: 12000, high: 8000}", "amount: must have low <= median <= high"),
        ("{high: 8000}", "amount.low: required key is missing"),
        (
            "{low: 1, high: 2, role_band: loaded_monthly}",
            "amount.role_band: unknown key (not part of the format)",
        ),
        ("{role_band: loaded_month}", "amount.role_band: expected 'loaded_monthly'"),
        ("twelve", "amount: expected a number, found str"),
    ],
)
def test_an_amount_is_judged_in_the_form_it_is_closest_to(
    cli, data_copy: Path, amount: str, message: str
) -> None:  # type: ignore[no-untyped-def]
    """An amount is a number, a range or a role band: one problem, in the form it reads as."""
    edit(data_copy / "paths.yaml", "amount: 13500", f"amount: {amount}")
    document = json.loads(cli("validate", str(data_copy), "--format", "json", code=1).stdout)
    assert [f"{p['where'].split('.', 1)[1]}: {p['message']}" for p in document["problems"]] == [
        f"items[0].{message}"
    ]
