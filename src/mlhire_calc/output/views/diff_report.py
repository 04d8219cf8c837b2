"""The Report of `mlhire diff`: its tables, its pull-request comment, its annotations.

Everything here is made from the diff's JSON document (`diff.py`). The table and
JSON formats are the registry's; Markdown is a pull-request comment (a marker, the
summary, each table folded in <details>) and github is GitHub Actions annotations on
the changed lines, both written by this view.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from mlhire_calc.domain.choices import DiffFormat
from mlhire_calc.engine.diff import VERDICT_WORDS, Diff
from mlhire_calc.engine.policies import Finding
from mlhire_calc.output.escape import markdown
from mlhire_calc.output.formats.github import annotation, plain_line
from mlhire_calc.output.layout import Column, Document, Report, Table, WriteOptions, cell_text, percent_cell

from .diff import diff_document, every_role, exact, signed, signed_percent

MARKER = "<!-- mlhire-diff -->"  # lets a workflow find and update its own comment
SHORT = 60
SIGNED = ("change", "percent", "low_high")  # signed figures shown as text: right-aligned in Markdown


def diff_report(result: Diff, findings: Sequence[Finding]) -> Report:
    """The diff's document, written as a table, its JSON, a pull-request comment or annotations."""
    return Report(
        diff_document(result, findings),
        lambda document: diff_tables(document, everything=False) if document["changed"] else [],
        to_headline=lambda document: list(document["summary"]),
        to_notes=lambda document: [*_policy_lines(document), *document["skipped"]],
        formats=tuple(DiffFormat),
        writers={"markdown": write_comment, "github": write_annotations},
    )


# ---------------------------------------------------------------- tables of the document


def _short(value: Any) -> str:
    from mlhire_calc.output.formats.json import json_ready

    if value is None:
        return "-"
    if isinstance(value, (str, int, Decimal)):
        text = str(value)  # a figure as the data file writes it
    else:
        text = json.dumps(json_ready(value), ensure_ascii=False)
    return text if len(text) <= SHORT else text[: SHORT - 1] + "…"


def _both(change: dict[str, Any], field: str) -> str:
    """A provenance field of a change: one side for an added or removed entry, `-` for none."""
    old, new = change[f"old_{field}"], change[f"new_{field}"]
    if change["kind"] == "added":
        return new or "-"
    if change["kind"] == "removed":
        return old or "-"
    return _arrow(old, new)


def _arrow(old: str | None, new: str | None) -> str:
    if old == new:
        return old or "-"
    return f"{old or '-'} → {new or '-'}"


def diff_tables(document: dict[str, Any], *, everything: bool) -> list[Table]:
    """The document as tables; without `everything`, only rows that moved."""
    tables = []
    changes = [
        {
            "where": f"{Path(c['file']).name}:{c['line']}" if c["line"] else Path(c["file"]).name,
            "key": c["key"],
            "old": _short(c["old"]) if c["kind"] != "added" else "(added)",
            "new": _short(c["new"]) if c["kind"] != "removed" else "(removed)",
            "source": _both(c, "source"),
            "as_of": _both(c, "as_of"),
            "flags": "; ".join(c["flags"]),
        }
        for c in document["changes"]
    ]
    if changes:
        tables.append(
            Table(
                f"Changed figures ({len(changes)})",
                [
                    Column("where", "File:line"),
                    Column("key", "Key"),
                    Column("old", "Old"),
                    Column("new", "New"),
                    Column("source", "Source"),
                    Column("as_of", "As of"),
                    Column("flags", "Check"),
                ],
                changes,
            )
        )
    effects = [e for e in document["effects"] if everything or e["before"] != e["after"]]
    if not everything:
        effects = every_role(effects, len({e["role"] for e in document["effects"]}))
    if effects:
        rows = []
        for e in effects:
            before, after, change = e["before"] or {}, e["after"] or {}, e["change"] or {}
            pct = e["percent"] or {}
            rows.append(
                {
                    "role": e["role"],
                    "path": e["path"],
                    **{f"before_{p}": before.get(p) for p in ("low", "mid", "high")},
                    **{f"after_{p}": after.get(p) for p in ("low", "mid", "high")},
                    "change": "-" if not change else signed(change["mid"]),
                    "percent": signed_percent(exact(pct.get("mid"))),
                    "low_high": "/".join(signed_percent(exact(pct.get(p))) for p in ("low", "high")),
                }
            )
        points = ("low", "mid", "high") if everything else ("mid",)
        tables.append(
            Table(
                "Yearly cost (12 months of shipped work, headcount 1)",
                [
                    Column("role", "Role"),
                    Column("path", "Path"),
                    *(Column(f"before_{p}", f"Before {p}", "money") for p in points),
                    *(Column(f"after_{p}", f"After {p}", "money") for p in points),
                    Column("change", "Change (mid)"),
                    Column("percent", "% (mid)"),
                    Column("low_high", "% low/high"),
                ],
                rows,
            )
        )
    savings = [
        e for e in document["effects"] if everything or e["savings"]["before"] != e["savings"]["after"]
    ]
    savings = [e for e in savings if e["savings"]["before"] or e["savings"]["after"]]
    if savings:
        tables.append(
            Table(
                f"Savings against {document['effects'][0]['savings']['against']} (mid)",
                [
                    Column("role", "Role"),
                    Column("path", "Path"),
                    Column("before", "Before", "money"),
                    Column("after", "After", "money"),
                    Column("change", "Change"),
                ],
                [
                    {
                        "role": e["role"],
                        "path": e["path"],
                        "before": (e["savings"]["before"] or {}).get("mid"),
                        "after": (e["savings"]["after"] or {}).get("mid"),
                        "change": "-" if e["savings"]["change"] is None else signed(e["savings"]["change"]),
                    }
                    for e in savings
                ],
            )
        )
    for question in document["questions"]:
        if not everything and question["before"] == question["after"]:
            continue
        before = {s["path"]: s for s in question["before"]}
        after = {s["path"]: s for s in question["after"]}
        rows = []
        for path in dict.fromkeys([*after, *before]):
            old, new = before.get(path, {}), after.get(path, {})
            rows.append(
                {
                    "path": path,
                    "rank": _arrow(*(f"#{s['rank']}" if s else None for s in (old, new))),
                    "probability": _arrow(
                        *(
                            percent_cell(Decimal(str(s["probability"])), human=True) if s else None
                            for s in (old, new)
                        )
                    ),
                    "verdict": _arrow(*(VERDICT_WORDS[s["verdict"]] if s else None for s in (old, new))),
                }
            )
        tables.append(
            Table(
                f"{question['title']} (deadline {question['deadline']}, 90% confidence)",
                [
                    Column("path", "Path"),
                    Column("rank", "Rank"),
                    Column("probability", "P(on time)"),
                    Column("verdict", "Verdict"),
                ],
                rows,
            )
        )
    plan = document["plan"]
    if plan is not None:
        months = [m for m in plan["by_month"] if everything or m["before"] != m["after"]]
        tables.append(
            Table(
                f"Plan {plan['plan']} (mid), month by month",
                [
                    Column("month", "Month"),
                    Column("before", "Before", "money"),
                    Column("after", "After", "money"),
                    Column("change", "Change"),
                ],
                [
                    {
                        "month": m["month"],
                        "before": m["before"],
                        "after": m["after"],
                        "change": signed(m["after"] - m["before"]),
                    }
                    for m in months
                ],
            )
        )
    return tables


# ---------------------------------------------------------------- diff's own formats


def _policy_lines(document: Document) -> list[str]:
    return [f"{f['level']}: {f['message']}" for f in document["policy"]["findings"]]


def _md(text: str) -> str:
    return markdown(text)


def _md_table(table: Table) -> list[str]:
    def right(column: Column) -> bool:
        return column.kind in ("money", "int", "number", "percent") or column.key in SIGNED

    out = ["| " + " | ".join(_md(c.header) for c in table.columns) + " |"]
    out.append("|" + "|".join("---:" if right(c) else "---" for c in table.columns) + "|")
    for row in table.rows:
        cells = [_md(cell_text(row.get(c.key), c.kind, human=True)) for c in table.columns]
        out.append("| " + " | ".join(cell or " " for cell in cells) + " |")
    return out


def write_comment(report: Report, out: IO[str], options: WriteOptions) -> None:
    """A pull-request comment: the summary, then each table folded in <details>."""
    document = report.document
    lines = [
        MARKER,
        f"### mlhire diff: {_md(document['base']['label'])} → {_md(document['new']['label'])}",
        "",
    ]
    lines += [f"- {_md(line)}" for line in document["summary"]]
    lines += [f"- **{_md(line)}**" for line in _policy_lines(document)]
    lines.append("")
    for table in report.tables:
        lines += [
            "<details>",
            f"<summary>{_md(table.title)}</summary>",
            "",
            *_md_table(table),
            "",
            "</details>",
        ]
        lines.append("")
    lines.append(
        f"<sub>mlhire {document['mlhire_version']}; start {document['start']}; "
        f"data as of {document['base']['as_of']} → {document['new']['as_of']}.</sub>"
    )
    out.write("\n".join(lines) + "\n")


def write_annotations(report: Report, out: IO[str], options: WriteOptions) -> None:
    """GitHub Actions annotations on the changed lines, and the policy findings."""
    document = report.document
    lines = []
    for change in document["changes"]:
        where: list[tuple[str, str | int]] = [("file", change["file"])]
        if change["line"]:
            where.append(("line", change["line"]))
        where.append(("title", f"mlhire diff: {change['key']}"))
        message = f"{change['key']}: {_short(change['old'])} → {_short(change['new'])}"
        if change["flags"]:
            message += f" ({'; '.join(change['flags'])})"
        lines.append(annotation("warning", message, where))
    for finding in document["policy"]["findings"]:
        level = "error" if finding["level"] == "fail" else "warning"
        lines.append(annotation(level, finding["message"], [("title", "mlhire diff policy")]))
    lines += map(plain_line, document["summary"])
    out.write("\n".join(lines) + "\n")


def _chance(standing: dict[str, Any]) -> str:
    """A path's P(on time) by the tables' rule: never 100% (or 0%) unless it is."""
    return percent_cell(Decimal(str(standing["probability"])), human=True)
