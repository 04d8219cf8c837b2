"""Scenarios side by side: one command's answer for each scenario, in one document.

The document holds a `scenarios` list; each entry is the scenario's `name` and
`description` and the document a single run with that scenario gives (its `paths`,
`totals`, assumptions). Every other form is made from the single reports: the table
is one block per scenario, the CSV one table with a leading `scenario` column (its
totals add up within their own scenario), the notes those common to every scenario
once and each scenario's own after its name.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from mlhire_calc.output.layout import Column, Document, Lazy, Report, SumOf, Table
from mlhire_calc.version import __version__

SCHEMA = "mlhire.scenarios/1"


@dataclass(frozen=True)
class Run:
    """One scenario's answer: its name, its description and the report a single run makes."""

    name: str
    description: str | None
    report: Report


def side_by_side_report(runs: Sequence[Run]) -> Report:
    """One report of several scenarios' answers to one question."""
    first = runs[0].report.document
    document: Document = {
        "schema": SCHEMA,
        "mlhire_version": __version__,
        "currency": first["currency"],
        "data": first["data"],
        "scenarios": [
            {
                "name": run.name,
                "description": run.description,
                **{key: value for key, value in run.report.document.items() if key != "mlhire_version"},
            }
            for run in runs
        ],
    }
    flat = _flat(runs, sheet=False)
    return Report(
        document,
        to_tables=lambda _: _tables(runs),
        to_flat=lambda _: flat,
        to_headline=lambda _: [f"{run.name}: {line}" for run in runs for line in run.report.headline],
        to_notes=lambda _: _notes(runs),
        to_sheet=lambda _: _flat(runs, sheet=True),
        formats=runs[0].report.formats,
    )


def _tables(runs: Sequence[Run]) -> list[Table]:
    overview = Table(
        "Scenarios",
        [Column("scenario", "Scenario"), Column("description", "Description")],
        [{"scenario": run.name, "description": run.description or ""} for run in runs],
    )
    tables = [overview]
    for run in runs:
        for table in run.report.tables:
            title = f"{run.name}: {table.title}" if table.title else run.name
            tables.append(dataclasses.replace(table, title=title))
    return tables


def _flat(runs: Sequence[Run], *, sheet: bool) -> Table:
    """Every scenario's rows in one table, the scenario first; a total adds up its own scenario's."""
    tables = [(run.name, run.report.sheet if sheet else run.report.flat) for run in runs]
    columns = [Column("scenario", "Scenario"), *tables[0][1].columns]

    def rows() -> Iterator[Mapping[str, Any]]:
        for name, table in tables:
            for row in table.rows:
                yield {**row, **table.fixed, "scenario": name}

    sums = {name: table.sums for name, table in tables}

    def totals(row: Mapping[str, Any]) -> SumOf | None:
        found = sums[row["scenario"]](row)
        return None if found is None else SumOf(found.columns, {**found.where, "scenario": row["scenario"]})

    return Table(tables[0][1].title, columns, Lazy(rows), sums=totals)


def _notes(runs: Sequence[Run]) -> list[str]:
    """The notes every scenario shares, once; then each scenario's own, after its name."""
    each = [run.report.notes for run in runs]
    common = [line for line in each[0] if all(line in notes for notes in each[1:])]
    own = [
        f"{run.name}: {line}"
        for run, notes in zip(runs, each, strict=True)
        for line in notes
        if line not in common
    ]
    return [*common, *own]
