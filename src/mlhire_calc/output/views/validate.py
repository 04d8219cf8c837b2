"""The view of `mlhire validate`: one versioned document (`mlhire.validate/1`).

Its formats: text (the table format's other name), each problem on its line and a
summary; JSON, the document; github, one annotation per problem. The lines and the
annotations are this view's own writers, made from the document.
"""

from __future__ import annotations

import json
from typing import IO, Any

from mlhire_calc.domain.choices import ProblemFormat
from mlhire_calc.domain.problems import Location
from mlhire_calc.engine.validate import Validation
from mlhire_calc.output.escape import terminal_line
from mlhire_calc.output.formats.github import annotation, plain_line
from mlhire_calc.output.layout import Document, Report, WriteOptions
from mlhire_calc.version import __version__

SCHEMA = "mlhire.validate/1"


def validate_report(result: Validation) -> Report:
    return Report(
        validate_document(result),
        formats=tuple(ProblemFormat),
        writers={"table": write_lines, "json": write_json, "github": write_annotations},
    )


def validate_document(result: Validation) -> Document:
    return {
        "schema": SCHEMA,
        "mlhire_version": __version__,
        "valid": result.ok,
        "files": result.files,
        "errors": len(result.errors),
        "warnings": len(result.warnings),
        "problems": [
            {
                "file": p.file,
                "line": p.line,
                "column": p.column,
                "where": p.where or None,
                "severity": p.severity,
                "message": p.message,
            }
            for p in result.problems
        ],
    }


def summary(document: Document) -> str:
    verdict = "valid" if document["valid"] else "invalid"
    return (
        f"{len(document['files'])} file(s) checked: {document['errors']} error(s), "
        f"{document['warnings']} warning(s): {verdict}"
    )


def _located(problem: dict[str, Any]) -> str:
    """`file:line:col: severity: where: message`, as every located message reads."""
    at = Location(problem["file"], problem["line"], problem["column"], problem["where"] or "")
    return at.describe(problem["message"], severity=problem["severity"])


def write_lines(report: Report, out: IO[str], options: WriteOptions) -> None:
    """Each problem on its own line, then the summary."""
    document = report.document
    lines = [*map(_located, document["problems"]), summary(document)]
    out.write("\n".join(map(terminal_line, lines)) + "\n")


def write_json(report: Report, out: IO[str], options: WriteOptions) -> None:
    """The document, with anything beyond ASCII escaped (`\\u00e9`), as scripts have read it."""
    out.write(json.dumps(report.document, indent=2) + "\n")


def write_annotations(report: Report, out: IO[str], options: WriteOptions) -> None:
    """GitHub Actions workflow commands: one annotation per problem, then the summary."""
    document = report.document
    lines = []
    for problem in document["problems"]:
        where: list[tuple[str, str | int]] = [("file", problem["file"])]
        if problem["line"] is not None:
            where.append(("line", problem["line"]))
        if problem["column"] is not None:
            where.append(("col", problem["column"]))
        key = f"{problem['where']}: " if problem["where"] else ""
        lines.append(annotation(problem["severity"], key + problem["message"], where))
    lines.append(plain_line(summary(document)))
    out.write("\n".join(lines) + "\n")
