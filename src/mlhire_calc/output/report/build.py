"""Ask the core the report's questions; keep the JSON documents the commands print.

Every figure on the page comes from the documents built here by the views of
`compare`, `rank` and `budget`, so the page and `mlhire <command> -f json` agree to
the cent. Needs no optional dependency.
"""

from __future__ import annotations

import shlex
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

from mlhire_calc.domain.catalog import Catalog
from mlhire_calc.domain.choices import GroupBy
from mlhire_calc.domain.timeline import add_days, add_months, quarter_end
from mlhire_calc.engine.budget import budget as run_budget
from mlhire_calc.engine.curves import CurvePoint, curve_end, done_by_curve
from mlhire_calc.engine.joint import with_budget
from mlhire_calc.engine.plans import Hire, read_plan
from mlhire_calc.output.layout import Exact, percent_cell
from mlhire_calc.output.provenance import data_name, shareable_path
from mlhire_calc.output.report.question import Question as Question  # the report API names it here
from mlhire_calc.output.report.question import compare_document
from mlhire_calc.output.report.question import ranking as rank_question
from mlhire_calc.output.report.robust import Robustness, robustness, simulation_for
from mlhire_calc.output.report.robust import commands as robust_commands
from mlhire_calc.output.report.versus import Versus, versus
from mlhire_calc.output.views.budget import budget_report
from mlhire_calc.output.views.rank import headline as rank_headline
from mlhire_calc.output.views.rank import rank_report

QUANTILES = (0.1, 0.5, 0.9)


def default_deadline(start: date) -> date:
    """Without --deadline: the last day of the quarter six months after the start."""
    later = add_months(start, 6)
    return quarter_end(later.year, (later.month - 1) // 3 + 1)


@dataclass(frozen=True)
class Spread:
    """P10, P50 and P90 dates of one time (to first PR, or to done)."""

    p10: date
    p50: date
    p90: date


@dataclass
class DecisionPage:
    """Everything the report page shows, computed once."""

    question: Question
    compare: dict[str, Any]
    rank: dict[str, Any]
    budget: dict[str, Any]  # by path: cumulative spend of each path
    plan_budget: dict[str, Any] | None  # a plan's budget grouped by --by
    hires: list[Hire]
    curves: dict[str, list[CurvePoint]]  # path id -> P(done by day)
    first_pr: dict[str, Spread]
    done: dict[str, Spread]
    headline: list[str]
    command: str
    json_commands: list[str]
    assumptions: list[str]
    currency: str
    sources: dict[str, dict[str, str | None]]  # source id -> title, kind, url
    robust: Robustness | None = None  # the tornado's and the joint chart's documents
    data_name: str = ""  # the data set as a reader may see it: `shipped data (seed)`, a folder's name
    path_order: tuple[str, ...] = ()  # every path id of the catalog, in its order: a path's colour
    versus: Versus | None = None  # the question under a second data set (--vs-dataset)

    @property
    def plan_name(self) -> str | None:
        """The plan file as the page names it (relative, or its name alone)."""
        return None if self.question.plan is None else shareable_path(self.question.plan)

    def style_of(self, path_id: str) -> int:
        """A path's place in the catalog: the same colour and marker in every chart, and in
        every report, whichever paths it compares."""
        ids = list(self.path_order) or [entry["id"] for entry in self.compare["paths"]]
        return ids.index(path_id) if path_id in ids else len(ids)

    @property
    def break_evens(self) -> list[dict[str, Any]]:
        """The break-evens the spend chart marks: compare's, within its horizon, each with the
        path's id; none when the chart is a plan's spend (they are for one hire)."""
        if self.plan_budget is not None:
            return []
        return [
            {"path": entry["id"], **entry["break_even"]}
            for entry in self.compare["paths"]
            if entry["break_even"] is not None and entry["break_even"]["month"] is not None
        ]


def _spread(start: date, quantile: Any) -> Spread:
    p10, p50, p90 = (add_days(start, quantile(p)) for p in QUANTILES)
    return Spread(p10, p50, p90)


def exact(value: Any) -> Any:
    """A document's figure as its JSON prints it: an `Exact` rounded to its places."""
    return value.rounded if isinstance(value, Exact) else value


def _money(value: Any, currency: str) -> str:
    """An amount in a sentence: to the whole unit (cents add nothing to a six-figure total)."""
    return f"{currency} {whole(value):,}"


def whole(value: Any) -> Decimal:
    """An amount rounded once, half to even, to the whole unit of its currency."""
    return Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_EVEN)


def _percent(value: Any) -> str:
    """A probability in a sentence, as in every table: never 0% or 100% unless it is 0 or 1."""
    return percent_cell(Decimal(str(value)), human=True)


def _promise(question: Question, rank: Mapping[str, Any]) -> tuple[str, str]:
    """What a date on the page promises, with and without its article: (`a first PR`,
    `first PR`), or with --work (`its work done (first PR + 6 weeks)`, `work done (...)`):
    never a bare "done" that a reader could take for all the months costed."""
    if question.work is None:
        if question.headcount == 1:
            return "a first PR", "first PR"
        firsts = f"first PRs ({rank['done']})"
        return firsts, firsts
    done = f"work done ({rank['done']})"
    return f"its {done}", done


def _joint(question: Question, rank: Mapping[str, Any], currency: str, found: Robustness) -> str:
    """With a budget: the path with the best joint answer, on time and within the budget."""
    assert question.budget is not None
    budget = f"{_money(question.budget, currency)} for the cost of the work"
    if found.simulate is None:
        return f"A budget of {budget} was given, but its joint answer needs numpy: {found.missing}."
    with_noun, _ = _promise(question, rank)
    best = rank["paths"][0]  # ranked by p_joint
    level = exact(best["p_joint"])
    meets = "meets" if level >= question.confidence else "falls short of"
    return (
        f"Within {budget}, {best['name']} ({best['id']}) has the best joint answer: "
        f"{_percent(level)} likely to have {with_noun} by {rank['deadline'].isoformat()} and stay within "
        f"budget, which {meets} the {question.confidence:.0%} wanted."
    )


def _headline(
    question: Question,
    compare: Mapping[str, Any],
    rank: Mapping[str, Any],
    currency: str,
    found: Robustness,
    rank_words: str,
) -> list[str]:
    """The answer in a few sentences: the cheapest path, the one that makes the date, waiting;
    then `rank_words`, rank's headline (without a budget's sentence, which the first line gives).

    Every date says what it promises: a first PR, or the work done (first PR plus --work),
    never a bare "done" that a reader could take for the whole of the months costed."""
    costs = {p["id"]: p for p in compare["paths"]}
    outlooks = {p["id"]: p for p in rank["paths"]}
    months = f"{question.months.normalize():f}"
    scope = f"{months} months of shipped work" if question.basis == "work" else f"{months} calendar months"
    if question.headcount != 1:
        scope += f" x {question.headcount} hires"
    pct = f"{question.confidence:.0%}"
    deadline = rank["deadline"].isoformat()
    with_noun, noun = _promise(question, rank)
    cheapest = min(compare["paths"], key=lambda p: (p["total"]["mid"], p["id"]))
    on_track = [costs[o["id"]] for o in rank["paths"] if o["verdict"] == "on_track"]
    lines = []
    if on_track:
        pick = min(on_track, key=lambda p: (p["total"]["mid"], p["id"]))
        outlook = outlooks[pick["id"]]
        per_month = pick["cost_per_work_month"]
        per_month_text = (
            "" if per_month is None else f", {_money(per_month['mid'], currency)} per month of shipped work"
        )
        finished = ""
        if question.basis == "work" and pick.get("done_on") is not None:
            finished = f"; the {months} months of shipped work run to about {pick['done_on'].isoformat()}"
            finished += " (median)"
        lines.append(
            f"{pick['name']} ({pick['id']}) is the cheapest path with {with_noun} by {deadline} at {pct}: "
            f"{_money(pick['total']['mid'], currency)} for {scope} (mid){per_month_text}; {noun} by "
            f"{outlook['done_at_confidence'].isoformat()} at {pct}{finished}."
        )
        if pick["id"] != cheapest["id"]:
            other = outlooks[cheapest["id"]]
            lines.append(
                f"The cheapest path overall, {cheapest['name']} ({cheapest['id']}) at "
                f"{_money(cheapest['total']['mid'], currency)}, has {with_noun} by {deadline} with "
                f"probability {_percent(exact(other['probability']))}."
            )
        waiting = (
            f"Waiting: decide by {outlook['decide_by'].isoformat()} or {pick['id']} no longer has "
            f"{with_noun} by {deadline} at {pct} ({outlook['slack_days']} days to spare today)."
        )
    else:
        likely = rank["paths"][0]
        lines.append(
            f"No path has {with_noun} by {deadline} at {pct}. The cheapest path is {cheapest['name']} "
            f"({cheapest['id']}) at {_money(cheapest['total']['mid'], currency)} for {scope} (mid); "
            f"the most likely to have {with_noun} on time is {likely['id']} "
            f"({_percent(exact(likely['probability']))})."
        )
        waiting = f"Waiting: every day of waiting moves each path's {noun} date by a day."
    delays = [o for o in rank["paths"] if o["expected_delay_cost"]]
    if delays:
        waiting += " Expected cost of lateness: " + "; ".join(
            f"{o['id']} {_money(o['expected_delay_cost'], currency)}" for o in delays
        )
        waiting += "."
    lines.append(waiting + " " + rank_words)
    if question.budget is not None:
        lines.insert(0, _joint(question, rank, currency, found))
    return lines


def _commands(question: Question, path_ids: Sequence[str], found: Robustness) -> tuple[str, list[str]]:
    q = question
    months = f"{q.months.normalize():f}"
    common = ["--role", q.role_id, "--start", q.start.isoformat()]
    paths = [arg for path_id in path_ids for arg in ("-p", path_id)]
    # files as the page may name them: relative, or by name (never this machine's paths)
    data = (
        ["--dataset", q.dataset]
        if q.dataset
        else ["--data-dir", shareable_path(q.data_dir)]
        if q.data_dir
        else []
    )
    plan_file = None if q.plan is None else shareable_path(q.plan)
    overrides = [arg for pair in q.override_options for arg in pair]
    headcount = ["--headcount", str(q.headcount)]
    work = ["--work", q.work_text] if q.work_text else []
    delay = [] if q.delay_cost_per_month is None else ["--delay-cost-per-month", str(q.delay_cost_per_month)]
    delay += [] if q.budget is None else ["--budget", f"{q.budget.normalize():f}"]
    confidence = ["--confidence", f"{q.confidence:g}"]
    order = ["--date-order", q.date_order] if q.date_order is not None else []
    plan = ["--plan", plan_file, *order, "--by", q.by] if plan_file is not None else []
    vs = [] if q.vs_dataset is None else ["--vs-dataset", q.vs_dataset]
    report = [
        "mlhire", "report", *common, *(plan or paths), "--months", months, *headcount,
        "--basis", q.basis, "--deadline", q.deadline.isoformat(), *confidence, *work, *delay,
        "--baseline", q.baseline_id, *overrides, *data, *vs, "-o", shareable_path(q.output),
    ]  # fmt: skip
    compare = [
        "mlhire", "compare", *common, *paths, "--months", months, *headcount, "--basis", q.basis,
        "--baseline", q.baseline_id, *overrides, *data, "-f", "json",
    ]  # fmt: skip
    rank = [
        "mlhire", "rank", *common, *paths, *headcount, "--deadline", q.deadline.isoformat(),
        *confidence, *work, *delay, *overrides, *data, "-f", "json",
    ]  # fmt: skip
    budget_paths = ["--plan", plan_file, *order] if plan_file is not None else paths + headcount
    budget = ["mlhire", "budget", "--role", q.role_id, "--start", q.start.isoformat(), *budget_paths]
    budget += ["--months", months, *overrides, *data, "-f", "json"]
    lines = [compare, rank, [*budget, "--by", "path"] if q.plan is not None else budget]
    if q.plan is not None and q.by != "path":
        lines.append([*budget, "--by", q.by])
    lines += robust_commands(q, found, path_ids, common, [*overrides, *data, "-f", "json"])
    if q.vs_dataset is not None:  # the same compare and rank with the other data set
        other = ["--dataset", q.vs_dataset]
        lines += [[*line[: len(line) - len(data) - 2], *other, "-f", "json"] for line in (compare, rank)]
    return shlex.join(report), [shlex.join(line) for line in lines]


def _assumptions(
    question: Question, compare: Mapping[str, Any], rank: Mapping[str, Any], budget: Mapping[str, Any]
) -> list[str]:
    """Every assumption of the three commands, once, and the report's own."""
    own = []
    if question.deadline_is_default:
        own.append(
            f"Deadline: {question.deadline.isoformat()}, the default (the last day of the quarter six "
            "months after the start); give --deadline for your own date."
        )
    own += [
        "Charts of spend use the mid point of every range, by calendar month (as `mlhire budget`); "
        "the comparison table shows low, mid and high.",
        "P(done by date) is the exact distribution behind `mlhire rank`, at whole days from the start, "
        "drawn every week until past its 99th percentile.",
        "Break-even is compare's: the first calendar month in which a path's cumulative spend (mid, "
        "one hire) crosses the baseline's; the spend chart marks it without a plan.",
    ]
    if question.override_options:
        own.append("Overrides apply to every figure on the page, as the same options do on every command.")
    seen: list[str] = []
    for line in [*compare["assumptions"], *rank["assumptions"], *budget["assumptions"], *own]:
        if line not in seen:
            seen.append(line)
    return seen


def build(catalog: Catalog, question: Question, other: Catalog | None = None) -> DecisionPage:
    """Run compare, rank and budget for the question; the page's data. With `other` (the data
    set `question.vs_dataset` names), the same compare and rank with its figures beside them."""
    hires = (
        read_plan(question.plan, catalog, date_order=question.date_order) if question.plan is not None else []
    )
    if hires:
        path_ids: Sequence[str] = sorted({hire.path for hire in hires})
    else:
        path_ids = [path.id for path in catalog.select_paths(question.path_ids)]
    compare_doc = compare_document(catalog, question, path_ids)
    ranking = rank_question(catalog, question, path_ids)
    rank_words = rank_headline(ranking)  # as `mlhire rank` without --budget
    simulation = simulation_for(catalog, ranking, question)
    if question.budget is not None and simulation is not None:
        ranking = with_budget(ranking, simulation)  # as `mlhire rank --budget`
    rank_doc = rank_report(ranking, catalog).document
    assert isinstance(rank_doc, dict)

    budget_catalog = catalog
    single = [Hire(question.role_id, path_id, question.start, question.headcount) for path_id in path_ids]

    def budget_doc(by: str) -> dict[str, Any]:
        result = run_budget(
            budget_catalog,
            hires or single,
            start=question.start,
            months=question.months,
            by=GroupBy(by),
            plan=str(question.plan) if question.plan is not None else None,
            alternatives=not hires and len(single) > 1,  # as `mlhire budget -p a -p b`
        )
        document = budget_report(result, catalog).document
        return document() if callable(document) else document

    by_path = budget_doc("path")
    plan_doc = None
    if hires:
        plan_doc = by_path if question.by == "path" else budget_doc(question.by)

    curves: dict[str, list[CurvePoint]] = {}
    first_pr: dict[str, Spread] = {}
    done: dict[str, Spread] = {}
    # one shared axis: every curve runs to past the latest P99 (and the deadline)
    end = max([question.deadline, *(curve_end(item.completion, question.start) for item in ranking.paths)])
    for item in ranking.paths:
        path_id = item.path.id
        first_pr[path_id] = _spread(question.start, item.path.times(question.role_id)[1].dist().quantile)
        done[path_id] = Spread(item.p10_done, item.p50_done, item.p90_done)
        curves[path_id] = done_by_curve(
            item.completion, question.start, through=end, extra_days=[question.deadline]
        )
    found = robustness(catalog, question, path_ids, simulation)
    command, json_commands = _commands(question, path_ids, found)
    assumptions = _assumptions(question, compare_doc, rank_doc, by_path)
    headline = _headline(question, compare_doc, rank_doc, catalog.currency, found, rank_words)
    beside = None
    if other is not None:
        beside = versus(catalog, other, question, path_ids, {"compare": compare_doc, "rank": rank_doc})
        headline.insert(len(headline) - 1, beside.headline)  # before waiting
    return DecisionPage(
        question=question,
        compare=compare_doc,
        rank=rank_doc,
        budget=by_path,
        plan_budget=plan_doc,
        hires=hires,
        curves=curves,
        first_pr=first_pr,
        done=done,
        headline=headline,
        versus=beside,
        robust=found,
        command=command,
        json_commands=json_commands,
        assumptions=assumptions,
        currency=catalog.currency,
        data_name=data_name(catalog.directory),
        path_order=tuple(catalog.paths),
        sources={
            key: {"title": source.title, "kind": source.kind, "url": source.url}
            for key, source in {**catalog.role_sources, **catalog.path_sources}.items()
        },
    )
