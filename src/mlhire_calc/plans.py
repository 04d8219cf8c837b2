"""Read hiring plans: CSV/TSV (role,path,start,headcount[,label]) or YAML (`hires:`).

Each row becomes a `Hire`; a bad row is an error located at its file and line, so
`mlhire budget` stops at the first one and `mlhire validate` reports them all.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from .catalog import Catalog
from .errors import InputError, MlhireError, UsageError
from .files import read_limited
from .limits import MAX_HEADCOUNT, MAX_PLAN_BYTES
from .problems import Location, Problem
from .timeline import parse_month_or_date

PLAN_COLUMNS = ("role", "path", "start", "headcount")


@dataclass(frozen=True, slots=True)
class Hire:
    """One row of a hiring plan: `headcount` hires of `role` through `path`, decided on `start`."""

    role: str
    path: str
    start: date
    headcount: int = 1
    label: str = ""
    row: int = 0  # 1-based data row in the plan file (0: from the command line)


class _RowError(Exception):
    """What is wrong with one row; the caller adds the file, line and row number."""


def _hire_from(record: dict[str, Any], catalog: Catalog) -> Hire:
    def text(key: str) -> str:
        value = record.get(key)
        if value is None or str(value).strip() == "":
            raise _RowError(f"missing {key}")
        return str(value).strip()

    role, path = text("role"), text("path")
    if role not in catalog.roles:
        raise _RowError(f"unknown role {role!r}; known roles: {', '.join(catalog.roles)}")
    if path not in catalog.paths:
        raise _RowError(f"unknown path {path!r}; known paths: {', '.join(catalog.paths)}")
    raw_start = record.get("start")
    if isinstance(raw_start, date):
        start = raw_start
    else:
        try:
            start = parse_month_or_date(text("start"), subject="start")
        except UsageError as exc:
            raise _RowError(exc.message) from None
    raw_count = record.get("headcount")
    count_text = text("headcount")
    try:
        headcount = (
            raw_count if isinstance(raw_count, int) and not isinstance(raw_count, bool) else int(count_text)
        )
    except ValueError:
        raise _RowError(f"headcount {count_text!r} is not a whole number") from None
    if not 1 <= headcount <= MAX_HEADCOUNT:
        raise _RowError(f"headcount {headcount} must be 1 to {MAX_HEADCOUNT}")
    label = record.get("label")
    return Hire(role, path, start, headcount, "" if label is None else str(label).strip())


def _csv_records(text: str, name: str) -> Iterable[tuple[int, int, dict[str, Any]]]:
    dialect = "excel-tab" if name.lower().endswith(".tsv") else "excel"
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    header = [column.strip().lower() for column in reader.fieldnames or []]
    missing = [column for column in PLAN_COLUMNS if column not in header]
    if missing:
        raise InputError(
            f"missing column(s) {', '.join(missing)}; expected {','.join(PLAN_COLUMNS)}[,label]",
            location=Location(name),
        )
    reader.fieldnames = header
    for index, record in enumerate(reader, start=1):
        if None in record:
            raise InputError(
                f"row {index}: more cells than columns", location=Location(name, reader.line_num)
            )
        if not any((value or "").strip() for value in record.values()):
            continue  # blank line
        yield index, reader.line_num, record


def _yaml_records(path: Path, name: str) -> Iterable[tuple[int, int | None, dict[str, Any]]]:
    from .reader import read_yaml  # YAML plans only: CSV plans never load the YAML reader

    parsed = read_yaml(path, display=name)
    hires = parsed.content.get("hires") if isinstance(parsed.content, dict) else None
    if not isinstance(hires, list):
        raise InputError("expected a mapping with a `hires:` list", location=Location(name))
    for index, record in enumerate(hires, start=1):
        line, _ = parsed.locate(("hires", index - 1))
        if not isinstance(record, dict):
            raise InputError(
                f"row {index}: expected a mapping with role, path, start, headcount",
                location=Location(name, line),
            )
        unknown = sorted(str(key) for key in record if key not in {*PLAN_COLUMNS, "label"})
        if unknown:
            listed = ", ".join(key if key.isprintable() else repr(key) for key in unknown)
            raise InputError(f"row {index}: unknown key(s) {listed}", location=Location(name, line))
        yield index, line, record


def _plan_records(path: Path) -> Iterable[tuple[int, int | None, dict[str, Any]]]:
    """(row number, line, record) of each plan row; InputError for a bad file."""
    name = str(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".tsv", ".yaml", ".yml"):
        raise UsageError(f"--plan: {name}: use a .csv, .tsv, .yaml or .yml file")
    if suffix in (".yaml", ".yml"):
        return _yaml_records(path, name)
    try:
        raw = read_limited(path, display=name, limit=MAX_PLAN_BYTES, error=InputError)
    except InputError as exc:
        raise InputError(f"--plan: {exc.message}") from None  # named by the option, as a whole
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"--plan: {name}: not UTF-8 text") from None
    return _csv_records(text, name)


def _hires(path: Path, catalog: Catalog) -> Iterable[Hire | InputError]:
    """Each plan row as a Hire, or the error that row has (file errors are raised)."""
    name = str(path)
    try:
        for index, line, record in _plan_records(path):
            try:
                hire = _hire_from(record, catalog)
            except _RowError as exc:
                yield InputError(f"row {index}: {exc}", location=Location(name, line or None))
            else:
                yield Hire(hire.role, hire.path, hire.start, hire.headcount, hire.label, index)
    except csv.Error as exc:
        raise InputError(f"invalid CSV ({exc})", location=Location(name)) from None


def read_plan(path: Path, catalog: Catalog) -> list[Hire]:
    """Read a CSV/TSV (role,path,start,headcount[,label]) or YAML (`hires:`) plan."""
    hires = []
    for hire in _hires(path, catalog):
        if isinstance(hire, InputError):
            raise hire
        hires.append(hire)
    if not hires:
        raise InputError("the plan has no hires", location=Location(str(path)))
    return hires


def plan_problems(path: Path, catalog: Catalog) -> list[Problem]:
    """Every problem of a plan file (for `mlhire validate`), not only the first."""
    problems: list[Problem] = []
    rows = 0
    try:
        for hire in _hires(path, catalog):
            rows += 1
            if isinstance(hire, InputError):
                problems.append(hire.problem(str(path)))
    except MlhireError as exc:  # the file as a whole: unreadable, not YAML, missing columns
        return [exc.problem(str(path))]
    if rows == 0:
        problems.append(Problem(str(path), "the plan has no hires"))
    return problems
