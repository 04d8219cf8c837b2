"""Policies on a diff: fail or warn when a yearly cost rises too far, or a path starts to miss.

A team says "fail when any yearly cost rises more than 10%, warn above 2%" as two
thresholds; a threshold is a percent (`10%`) or an amount (`10000`). Each role and
path's yearly cost is checked at low, mid and high, and so is a plan's total.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from mlhire_calc.domain.limits import MAX_PERCENT_THRESHOLD
from mlhire_calc.domain.money import POINTS, Band, parse_amount, parse_percent

from .diff import VERDICT_WORDS, Diff

Level = Literal["fail", "warn"]


@dataclass(frozen=True)
class Threshold:
    """A rise that is too much: a percent of the old figure, or an amount."""

    text: str
    amount: Decimal | None = None
    percent: Decimal | None = None

    def exceeded(self, before: Decimal, after: Decimal) -> bool:
        rise = after - before
        if rise <= 0:
            return False
        if self.amount is not None:
            return rise > self.amount
        assert self.percent is not None
        return before <= 0 or rise * 100 > self.percent * before  # exact: no quotient to cut


def parse_threshold(text: str, *, subject: str) -> Threshold:
    """`10%`, `2.5%`, `10000`, `10k`, `$10,000`."""
    cleaned = text.strip()
    if not cleaned.endswith("%"):
        return Threshold(cleaned, amount=parse_amount(cleaned, subject=subject))
    expected = "a percent or an amount (e.g. 10% or 10000)"
    percent = parse_percent(cleaned, subject=subject, at_most=MAX_PERCENT_THRESHOLD, expected=expected)
    return Threshold(cleaned, percent=percent)


@dataclass(frozen=True)
class Policy:
    """The gates on a diff: fail or warn thresholds, and paths that must not miss."""

    fail_on_increase: tuple[Threshold, ...] = ()
    warn_on_increase: tuple[Threshold, ...] = ()
    fail_if_misses: tuple[str, ...] = ()  # path ids


@dataclass(frozen=True)
class Finding:
    """A policy that tripped: its level and its message."""

    level: Level
    message: str


def _rise(before: Decimal, after: Decimal) -> str:
    if before <= 0:
        return f"from {before:,.2f} to {after:,.2f}"
    return f"{(after - before) * 100 / before:+.1f}% ({before:,.2f} → {after:,.2f})"


def _increase(what: str, points: dict[str, tuple[Decimal, Decimal]], policy: Policy) -> Finding | None:
    """The first limit a rise goes over, failing limits first; None when within all."""
    levels: tuple[tuple[Level, tuple[Threshold, ...]], ...] = (
        ("fail", policy.fail_on_increase),
        ("warn", policy.warn_on_increase),
    )
    for level, thresholds in levels:
        for threshold in thresholds:
            over = [point for point, (old, new) in points.items() if threshold.exceeded(old, new)]
            if over:
                point = "mid" if "mid" in over else over[0]
                old, new = points[point]
                label = "fail-on-increase" if level == "fail" else "warn-on-increase"
                return Finding(
                    level,
                    f"{what} rises {_rise(old, new)} at {point}, over the {label} limit {threshold.text}",
                )
    return None


def check(result: Diff, policy: Policy) -> list[Finding]:
    """Every policy the diff trips, failures first."""
    findings: list[Finding] = []
    roles = {effect.role for effect in result.effects}
    alike: dict[tuple[str, Band, Band], list[str]] = {}
    for effect in result.effects:
        if effect.before is not None and effect.after is not None:
            alike.setdefault((effect.path, effect.before, effect.after), []).append(effect.role)
    for (path, before, after), members in alike.items():
        points = {point: (before.pick(point), after.pick(point)) for point in POINTS}
        who = "every role" if len(roles) > 1 and len(members) == len(roles) else ", ".join(members)
        found = _increase(f"yearly cost via {path} ({who})", points, policy)
        if found is not None:
            findings.append(found)
    if result.plan is not None:
        found = _increase(
            f"plan total ({result.plan.plan})", {"mid": (result.plan.before, result.plan.after)}, policy
        )
        if found is not None:
            findings.append(found)
    for question in result.questions:
        standings = {standing.path: standing for standing in question.before}
        for standing in question.after:
            if standing.path not in policy.fail_if_misses or standing.verdict != "misses":
                continue
            old = standings.get(standing.path)
            if old is None or old.verdict != "misses":
                was = "new" if old is None else VERDICT_WORDS[old.verdict]
                findings.append(
                    Finding(
                        "fail",
                        f"{standing.path} now misses {question.question.title!r} (was {was}), "
                        "and fail-if-misses names it",
                    )
                )
    return sorted(findings, key=lambda finding: finding.level != "fail")
