"""Fill the one-page HTML template: Jinja2 with autoescaping, charts inline.

Names, labels and notes come from data files and plans and are untrusted: the
template escapes every one of them. The only markup inserted as is are the SVG
charts, which matplotlib writes (escaping their text) from the same figures.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from mlhire_calc.output.layout import Exact, percent_cell
from mlhire_calc.output.report import charts, robust_charts
from mlhire_calc.output.report.build import DecisionPage, exact, whole
from mlhire_calc.version import __version__

DAGGER = "†"


def money(value: Any) -> str:
    """An amount as on every other output: thousands separators, two decimals (the tables
    finance reconciles: line items, subtotals, monthly spend, a plan's totals)."""
    if value is None:
        return "-"
    return f"{Decimal(str(value)):,.2f}"


def whole_money(value: Any) -> str:
    """An amount to the whole unit, where cents add nothing (a path's total, a saving)."""
    return "-" if value is None else f"{whole(value):,}"


def percent(value: Any) -> str:
    """A probability as every other output shows it: never 0% or 100% unless it is 0 or 1 (a
    sampled one never is: its document holds it inside)."""
    return "-" if value is None else percent_cell(Decimal(str(value)), human=True)


def day(value: Any) -> str:
    if value is None:
        return "never"
    return value.isoformat() if isinstance(value, date) else str(value)


def month(value: Any) -> str:
    """The calendar month of a date (a break-even falls in a month, on its first day)."""
    return "-" if value is None else f"{value:%Y-%m}"


def figure(value: Any, key: str, kind: str = "money") -> Markup:
    """A figure tagged with where it comes from (`compare/paths[id=x]/total/mid`).

    An `Exact` figure is shown as its JSON prints it, at its own places (kind `fixed:<places>`,
    or a percent of it).
    """
    if isinstance(value, Exact):
        if kind == "fixed":
            kind = f"fixed:{value.places}"
        value = exact(value)
    if kind.startswith("fixed:"):
        text = f"{value:,.{int(kind.removeprefix('fixed:'))}f}"
    else:
        shown = {"money": money, "whole": whole_money, "percent": percent, "date": day, "month": month}
        text = shown.get(kind, str)(value)
    return Markup('<span class="fig" data-key="{}" data-kind="{}">{}</span>').format(key, kind, text)


def footnote_numbers(page: DecisionPage) -> dict[str, int]:
    """`<path id> <item name>` (and `<path id> time to ...`) -> footnote number."""
    numbers = {}
    for number, line in enumerate(page.compare["footnotes"], start=1):
        label = line.removeprefix(f"{DAGGER} ").split(": estimate.", 1)[0]
        numbers[label] = number
    return numbers


def _environment() -> Environment:
    environment = Environment(
        loader=PackageLoader("mlhire_calc.output.report", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters.update(money=money, percent=percent, day=day)
    environment.globals.update(figure=figure)
    return environment


def render_page(page: DecisionPage, chart_svgs: Mapping[str, str] | None = None) -> str:
    """The whole page as one HTML document (no scripts, no external resources)."""
    svgs = dict(chart_svgs) if chart_svgs is not None else draw_charts(page)
    template = _environment().get_template("decision.html.j2")
    outlooks = {entry["id"]: entry for entry in page.rank["paths"]}
    return template.render(
        page=page,
        q=page.question,
        compare=page.compare,
        rank=page.rank,
        budget=page.budget,
        plan=page.plan_budget,
        outlooks=outlooks,
        notes=footnote_numbers(page),
        charts={name: Markup(svg) for name, svg in svgs.items()},
        version=__version__,
        dagger=DAGGER,
    )


def draw_charts(page: DecisionPage) -> dict[str, str]:
    drawn = {
        "cumulative": charts.cumulative_chart(page),
        "done_by": charts.done_by_chart(page),
        "timeline": charts.timeline_chart(page),
    }
    stacked = charts.plan_chart(page)
    if stacked is not None:
        drawn["plan"] = stacked
    for name, chart in (
        ("tornado", robust_charts.tornado_chart(page)),
        ("joint", robust_charts.joint_chart(page)),
    ):
        if chart is not None:
            drawn[name] = chart
    return drawn
