"""The view of `mlhire diff`: one document, and the table, Markdown and GitHub views of it.

The JSON document (`mlhire.diff/1`) is built once; the tables are functions of it, so
a field is added in one place. Money is text with two decimals in the document
("180000.00"), never a float.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from mlhire_calc import __version__
from mlhire_calc.diff import VERDICT_WORDS, DataSet, Diff, FigureChange
from mlhire_calc.errors import UsageError
from mlhire_calc.money import Band, to_cents
from mlhire_calc.policies import Finding
from mlhire_calc.render import Column, Report, Table, cell_text, write_atomic

DIFF_FORMATS = ("table", "markdown", "json", "github")
EXTENSIONS = {".md": "markdown", ".json": "json", ".txt": "table"}
MARKER = "<!-- mlhire-diff -->"  # lets a workflow find and update its own comment
SHORT = 60
SIGNED = ("change", "percent", "low_high")  # signed figures shown as text: right-aligned in Markdown


def diff_format(fmt: str | None, output: Path | None) -> str:
    if fmt is None:
        return EXTENSIONS.get(output.suffix.lower(), "table") if output is not None else "table"
    if fmt not in DIFF_FORMATS:
        raise UsageError(f"--format: {fmt!r} is not one of {', '.join(DIFF_FORMATS)}")
    return fmt


# ---------------------------------------------------------------- the document


def money(value: Decimal | None) -> str | None:
    return None if value is None else f"{to_cents(value):.2f}"


def band(value: Band | None) -> dict[str, str | None] | None:
    return None if value is None else {point: money(amount) for point, amount in value.as_dict().items()}


def percent(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def figure(value: Any) -> Any:
    """A value from a data file as JSON: numbers as text (exact), dates as ISO text."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, (int, Decimal)):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(key): figure(entry) for key, entry in value.items()}
    if isinstance(value, (list, tuple)):
        return [figure(entry) for entry in value]
    return str(value)


def _side(side: DataSet) -> dict[str, Any]:
    catalog = side.catalog
    return {
        "label": side.label,
        "ref": side.revision.ref if side.revision else None,
        "files": list(side.names.values()),
        "as_of": catalog.as_of.isoformat(),
        "fingerprint": f"sha256:{catalog.fingerprint}",
    }


def _change(change: FigureChange) -> dict[str, Any]:
    return {
        "file": change.file,
        "line": change.line,
        "key": change.key,
        "kind": change.kind,
        "old": figure(change.old),
        "new": figure(change.new),
        "old_source": change.old_provenance.source,
        "old_as_of": change.old_provenance.as_of,
        "new_source": change.new_provenance.source,
        "new_as_of": change.new_provenance.as_of,
        "flags": list(change.flags),
    }


def _signed(value: Decimal) -> str:
    return f"{to_cents(value):+,.2f}"


def _pct(value: Decimal | None) -> str:
    return "-" if value is None else f"{value:+.1f}%"


def _summary(result: Diff, document: dict[str, Any], findings: Sequence[Finding]) -> list[str]:
    """The short summary: what changed, and what it does to the answers, in sentences."""
    heading = f"{result.base.label} → {result.new.label}"
    if not result.changed:
        return [f"{heading}: no changes (same figures, same answers)."]
    lines = []
    changes = document["changes"]
    if changes:
        files = sorted({Path(c["file"]).name for c in changes})
        lines.append(f"{heading}: {len(changes)} figure(s) changed in {', '.join(files)}.")
    else:
        lines.append(f"{heading}: the data files give the same figures.")
    moved = [e for e in document["effects"] if e["change"] is not None and e["change"]["mid"] != "0.00"]
    roles = len({e["role"] for e in document["effects"]})
    for direction, rising in (("rises", True), ("falls", False)):
        group = [e for e in moved if (Decimal(e["change"]["mid"]) > 0) == rising]
        if not group:
            continue
        top = max(_every_role(group, roles), key=lambda e: abs(Decimal(e["change"]["mid"])))
        lines.append(
            f"Yearly cost (mid) {direction} for {len(group)} role/path pair(s); the most: {top['path']} for "
            f"{top['role']}, {Decimal(top['before']['mid']):,.2f} → {Decimal(top['after']['mid']):,.2f} "
            f"({_signed(Decimal(top['change']['mid']))}, {_pct(_mid_percent(top))})."
        )
    if not moved:
        lines.append("Yearly costs: unchanged.")
    new_or_gone = [e for e in document["effects"] if e["change"] is None]
    if new_or_gone:
        lines.append(f"{len(new_or_gone)} role/path pair(s) are new or gone.")
    savings = [e for e in document["effects"] if e["savings"]["change"] not in (None, "0.00")]
    if savings:
        lines.append(f"Savings against {result.baseline} (mid) move for {len(savings)} role/path pair(s).")
    flips = [f"{q['title']}: {'; '.join(q['flips'])}." for q in document["questions"] if q["flips"]]
    lines += flips or ["Deadline rankings and verdicts of the reference questions: unchanged."]
    plan = document["plan"]
    if plan is not None:
        lines.append(
            f"Plan {plan['plan']}: total (mid) {Decimal(plan['before']):,.2f} → "
            f"{Decimal(plan['after']):,.2f} ({_signed(Decimal(plan['change']))}, "
            f"{_pct(None if plan['percent'] is None else Decimal(plan['percent']))})."
        )
    stale = sum(1 for c in changes if any(f.startswith("as_of") for f in c["flags"]))
    seed = sum(1 for c in changes if any(f.startswith("seed, but") for f in c["flags"]))
    if stale:
        lines.append(f"{stale} changed figure(s) kept their as_of date.")
    if seed:
        lines.append(f"{seed} figure(s) marked source: seed no longer match the product document.")
    failed = [f for f in findings if f.level == "fail"]
    warned = [f for f in findings if f.level == "warn"]
    if failed or warned:
        lines.append(f"Policy: {len(failed)} failure(s), {len(warned)} warning(s).")
    return lines


def _mid_percent(effect: dict[str, Any]) -> Decimal | None:
    value = (effect["percent"] or {}).get("mid")
    return None if value is None else Decimal(value)


def diff_document(result: Diff, findings: Sequence[Finding]) -> dict[str, Any]:
    """The diff as the versioned JSON document every other view is made from."""
    document: dict[str, Any] = {
        "schema": "mlhire.diff/1",
        "mlhire_version": __version__,
        "currency": result.new.catalog.currency,
        "base": _side(result.base),
        "new": _side(result.new),
        "start": result.start.isoformat(),
        "changed": result.changed,
        "assumptions": [
            "Yearly cost: 12 months of shipped work, headcount 1, as `mlhire compare` computes it; "
            "low / mid / high point by point.",
            f"Savings: against {result.baseline}, as `mlhire compare` measures them.",
            "Reference questions: `mlhire rank` at 90% confidence from the start date.",
            "Plans: `mlhire budget --by month` at mid, from the month of the first decision "
            "to a year after the last one.",
            "as_of is shown beside each change rather than listed as a change of its own.",
        ],
        "changes": [_change(change) for change in result.changes],
        "effects": [
            {
                "role": effect.role,
                "path": effect.path,
                "before": band(effect.before),
                "after": band(effect.after),
                "change": band(effect.change),
                "percent": None
                if (p := effect.percent()) is None
                else {point: percent(value) for point, value in p.items()},
                "savings": {
                    "against": result.baseline,
                    "before": band(effect.savings_before),
                    "after": band(effect.savings_after),
                    "change": None
                    if effect.savings_before is None or effect.savings_after is None
                    else money((effect.savings_after - effect.savings_before).mid),
                },
            }
            for effect in result.effects
        ],
        "questions": [
            {
                "title": q.question.title,
                "role": q.question.role,
                "deadline": q.deadline.isoformat(),
                "work": q.question.work,
                "confidence": q.question.confidence,
                "before": [_standing(s) for s in q.before],
                "after": [_standing(s) for s in q.after],
                "flips": q.flips(),
            }
            for q in result.questions
        ],
        "skipped": result.skipped,
        "plan": None
        if result.plan is None
        else {
            "plan": result.plan.plan,
            "base_plan": result.plan.base_plan,
            "start": result.plan.start.isoformat(),
            "months": result.plan.months,
            "band": "mid",
            "before": money(result.plan.before),
            "after": money(result.plan.after),
            "change": money(result.plan.change),
            "percent": percent(result.plan.percent),
            "by_month": [
                {"month": month.strftime("%Y-%m"), "before": money(old), "after": money(new)}
                for month, old, new in result.plan.by_month
            ],
        },
        "policy": {
            "failed": any(f.level == "fail" for f in findings),
            "findings": [{"level": f.level, "message": f.message} for f in findings],
        },
    }
    document["summary"] = _summary(result, document, findings)
    return document


def _standing(standing: Any) -> dict[str, Any]:
    return {
        "path": standing.path,
        "rank": standing.rank,
        "probability": round(standing.probability, 6),
        "verdict": standing.verdict,
    }


# ---------------------------------------------------------------- tables of the document


def _short(value: Any) -> str:
    if value is None:
        return "-"
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= SHORT else text[: SHORT - 1] + "…"


def _both(old: Any, new: Any) -> str:
    return str(new) if old == new else f"{old} → {new}"


def _money_or_none(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def _arrow(old: str | None, new: str | None) -> str:
    if old == new:
        return old or "-"
    return f"{old or '-'} → {new or '-'}"


def _every_role(effects: list[dict[str, Any]], roles: int) -> list[dict[str, Any]]:
    """One row for a path whose cost moves the same for every role (a flat fee)."""
    same: dict[str, list[dict[str, Any]]] = {}
    for effect in effects:
        same.setdefault(json.dumps([effect["path"], effect["before"], effect["after"]]), []).append(effect)
    rows, seen = [], set()
    for effect in effects:
        group = same[json.dumps([effect["path"], effect["before"], effect["after"]])]
        if roles > 1 and len(group) == roles:
            if effect["path"] not in seen:
                seen.add(effect["path"])
                rows.append({**effect, "role": "every role"})
        else:
            rows.append(effect)
    return rows


def diff_tables(document: dict[str, Any], *, everything: bool) -> list[Table]:
    """The document as tables; without `everything`, only rows that moved."""
    tables = []
    changes = [
        {
            "where": f"{Path(c['file']).name}:{c['line']}" if c["line"] else Path(c["file"]).name,
            "key": c["key"],
            "old": _short(c["old"]) if c["kind"] != "added" else "(added)",
            "new": _short(c["new"]) if c["kind"] != "removed" else "(removed)",
            "source": _both(c["old_source"], c["new_source"]),
            "as_of": _both(c["old_as_of"], c["new_as_of"]),
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
        effects = _every_role(effects, len({e["role"] for e in document["effects"]}))
    if effects:
        rows = []
        for e in effects:
            before, after, change = e["before"] or {}, e["after"] or {}, e["change"] or {}
            pct = e["percent"] or {}
            rows.append(
                {
                    "role": e["role"],
                    "path": e["path"],
                    **{f"before_{p}": _money_or_none(before.get(p)) for p in ("low", "mid", "high")},
                    **{f"after_{p}": _money_or_none(after.get(p)) for p in ("low", "mid", "high")},
                    "change": "-" if not change else _signed(Decimal(change["mid"])),
                    "percent": _pct(None if pct.get("mid") is None else Decimal(pct["mid"])),
                    "low_high": "/".join(
                        _pct(None if pct.get(p) is None else Decimal(pct[p])) for p in ("low", "high")
                    ),
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
                        "before": _money_or_none((e["savings"]["before"] or {}).get("mid")),
                        "after": _money_or_none((e["savings"]["after"] or {}).get("mid")),
                        "change": "-"
                        if e["savings"]["change"] is None
                        else _signed(Decimal(e["savings"]["change"])),
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
                    "probability": _arrow(*(f"{s['probability']:.1%}" if s else None for s in (old, new))),
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
                        "before": Decimal(m["before"]),
                        "after": Decimal(m["after"]),
                        "change": _signed(Decimal(m["after"]) - Decimal(m["before"])),
                    }
                    for m in months
                ],
            )
        )
    return tables


# ---------------------------------------------------------------- formats


def _policy_lines(document: dict[str, Any]) -> list[str]:
    return [f"{f['level']}: {f['message']}" for f in document["policy"]["findings"]]


def render_table_view(document: dict[str, Any], *, to_terminal: bool) -> str:
    from mlhire_calc.render import render

    tables = diff_tables(document, everything=False) if document["changed"] else []
    flat = Table("diff", [], [])
    notes = [*_policy_lines(document), *document["skipped"]]
    report = Report(document, tables, flat, headline=document["summary"], notes=notes)
    return render(report, "table", to_terminal=to_terminal)


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ").replace("<", "&lt;").replace(">", "&gt;")


def _md_table(table: Table) -> list[str]:
    def right(column: Column) -> bool:
        return column.kind in ("money", "int", "number", "percent") or column.key in SIGNED

    out = ["| " + " | ".join(_md(c.header) for c in table.columns) + " |"]
    out.append("|" + "|".join("---:" if right(c) else "---" for c in table.columns) + "|")
    for row in table.rows:
        cells = [_md(cell_text(row.get(c.key), c.kind, human=True)) for c in table.columns]
        out.append("| " + " | ".join(cell or " " for cell in cells) + " |")
    return out


def render_markdown_view(document: dict[str, Any]) -> str:
    """A pull-request comment: the summary, then each table folded in <details>."""
    out = [MARKER, f"### mlhire diff: {_md(document['base']['label'])} → {_md(document['new']['label'])}", ""]
    out += [f"- {_md(line)}" for line in document["summary"]]
    out += [f"- **{_md(line)}**" for line in _policy_lines(document)]
    out.append("")
    if document["changed"]:
        for table in diff_tables(document, everything=False):
            out += [
                "<details>",
                f"<summary>{_md(table.title)}</summary>",
                "",
                *_md_table(table),
                "",
                "</details>",
            ]
            out.append("")
    out.append(
        f"<sub>mlhire {document['mlhire_version']}; start {document['start']}; "
        f"data as of {document['base']['as_of']} → {document['new']['as_of']}.</sub>"
    )
    return "\n".join(out) + "\n"


def _github_escape(text: str, *, property_value: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def render_github(document: dict[str, Any]) -> str:
    """GitHub Actions annotations on the changed lines, and the policy findings."""
    lines = []
    for change in document["changes"]:
        props = [f"file={_github_escape(change['file'], property_value=True)}"]
        if change["line"]:
            props.append(f"line={change['line']}")
        props.append("title=" + _github_escape(f"mlhire diff: {change['key']}", property_value=True))
        message = f"{change['key']}: {_short(change['old'])} → {_short(change['new'])}"
        if change["flags"]:
            message += f" ({'; '.join(change['flags'])})"
        lines.append(f"::warning {','.join(props)}::{_github_escape(message)}")
    for finding in document["policy"]["findings"]:
        level = "error" if finding["level"] == "fail" else "warning"
        lines.append(f"::{level} title=mlhire diff policy::{_github_escape(finding['message'])}")
    lines += document["summary"]
    return "\n".join(lines) + "\n"


def render_diff(document: dict[str, Any], fmt: str, *, to_terminal: bool = False) -> str:
    if fmt == "json":
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    if fmt == "markdown":
        return render_markdown_view(document)
    if fmt == "github":
        return render_github(document)
    return render_table_view(document, to_terminal=to_terminal)


def emit_diff(document: dict[str, Any], fmt: str, output: Path | None) -> None:
    if output is not None:
        write_atomic(output, render_diff(document, fmt))
        return
    sys.stdout.write(render_diff(document, fmt, to_terminal=sys.stdout.isatty()))
    sys.stdout.flush()
