"""The view of `mlhire diff`: one versioned document (`mlhire.diff/2`).

The document is built once; the Report (`diff_report.py`) derives the table, the
pull-request comment and the annotations from it, so a field is added in one place.
Money is in cents and prints as a JSON number, as in every other document; a percent
is kept exact (`Exact`), so JSON, tables and the policy lines each round it once.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from mlhire_calc.datafiles.datasets import DataSet, FigureChange
from mlhire_calc.domain.money import Band, to_cents
from mlhire_calc.engine.diff import Diff
from mlhire_calc.engine.policies import Finding
from mlhire_calc.engine.rank import shown_probability
from mlhire_calc.output.layout import Exact
from mlhire_calc.version import __version__

SCHEMA = "mlhire.diff/2"  # 2: money and figures are JSON numbers (they were text)

# ---------------------------------------------------------------- the document


def money(value: Decimal | None) -> Decimal | None:
    return None if value is None else to_cents(value)


def band(value: Band | None) -> dict[str, Decimal | None] | None:
    return None if value is None else {point: money(amount) for point, amount in value.as_dict().items()}


def percent(value: Decimal | None) -> Exact | None:
    """A percent, exact; JSON prints it to two places, tables to one, each from this value."""
    return None if value is None else Exact(value, 2)


def exact(value: Exact | None) -> Decimal | None:
    """The exact value of a percent of the document."""
    return None if value is None else Decimal(value.value)


def figure(value: Any) -> Any:
    """A value from a data file as JSON: numbers as numbers, dates as ISO text."""
    if isinstance(value, bool) or value is None or isinstance(value, (str, int, Decimal)):
        return value
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


def signed(value: Decimal) -> str:
    return f"{to_cents(value):+,.2f}"


def signed_percent(value: Decimal | None) -> str:
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
    moved = [e for e in document["effects"] if e["change"] is not None and e["change"]["mid"] != 0]
    roles = len({e["role"] for e in document["effects"]})
    for direction, rising in (("rises", True), ("falls", False)):
        group = [e for e in moved if (Decimal(e["change"]["mid"]) > 0) == rising]
        if not group:
            continue
        top = max(every_role(group, roles), key=lambda e: abs(Decimal(e["change"]["mid"])))
        lines.append(
            f"Yearly cost (mid) {direction} for {len(group)} role/path pair(s); the most: {top['path']} for "
            f"{top['role']}, {Decimal(top['before']['mid']):,.2f} → {Decimal(top['after']['mid']):,.2f} "
            f"({signed(Decimal(top['change']['mid']))}, {signed_percent(_mid_percent(top))})."
        )
    held = [e for e in document["effects"] if e["change"] is not None and e["change"]["mid"] == 0]
    spread = [e for e in held if e["before"] != e["after"]]
    if spread:  # a range widened or narrowed around the same mid (say, attrition low down, high up)
        lines.append(f"Yearly cost (mid) holds, but low or high moves for {len(spread)} role/path pair(s).")
    elif not moved:
        lines.append("Yearly costs: unchanged.")
    new_or_gone = [e for e in document["effects"] if e["change"] is None]
    if new_or_gone:
        lines.append(f"{len(new_or_gone)} role/path pair(s) are new or gone.")
    savings = [
        e for e in document["effects"] if e["savings"]["change"] is not None and e["savings"]["change"] != 0
    ]
    if savings:
        lines.append(f"Savings against {result.baseline} (mid) move for {len(savings)} role/path pair(s).")
    flips = [f"{q['title']}: {'; '.join(q['flips'])}." for q in document["questions"] if q["flips"]]
    lines += flips or ["Deadline rankings and verdicts of the reference questions: unchanged."]
    plan = document["plan"]
    if plan is not None:
        lines.append(
            f"Plan {plan['plan']}: total (mid) {Decimal(plan['before']):,.2f} → "
            f"{Decimal(plan['after']):,.2f} ({signed(Decimal(plan['change']))}, "
            f"{signed_percent(exact(plan['percent']))})."
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


def every_role(effects: list[dict[str, Any]], roles: int) -> list[dict[str, Any]]:
    """One row for a path whose cost moves the same for every role (a flat fee)."""
    same: dict[str, list[dict[str, Any]]] = {}
    for effect in effects:
        same.setdefault(
            json.dumps([effect["path"], effect["before"], effect["after"]], default=str), []
        ).append(effect)
    rows, seen = [], set()
    for effect in effects:
        group = same[json.dumps([effect["path"], effect["before"], effect["after"]], default=str)]
        if roles > 1 and len(group) == roles:
            if effect["path"] not in seen:
                seen.add(effect["path"])
                rows.append({**effect, "role": "every role"})
        else:
            rows.append(effect)
    return rows


def _mid_percent(effect: dict[str, Any]) -> Decimal | None:
    return exact((effect["percent"] or {}).get("mid"))


def diff_document(result: Diff, findings: Sequence[Finding]) -> dict[str, Any]:
    """The diff as the versioned JSON document every other view is made from."""
    document: dict[str, Any] = {
        "schema": SCHEMA,
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
        "probability": shown_probability(standing.probability),
        "verdict": standing.verdict,
    }
