"""The report's charts as static, inline SVG (matplotlib, no JavaScript, no fonts).

Text stays text (`svg.fonttype: none`); every series has its own colour from the
Okabe-Ito palette (safe for colour-blind readers) and its own line style, marker or
hatch (readable in grayscale). Each series is an SVG group `<chart>-series-<n>`, in
the order of the legend.
"""

from __future__ import annotations

import html
import io
import math
import re
from collections.abc import Sequence
from datetime import date
from typing import Any

import matplotlib
from matplotlib.axes import Axes
from matplotlib.dates import AutoDateLocator, ConciseDateFormatter
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator, PercentFormatter

from mlhire_calc.output.report.build import DecisionPage

PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000", "#F0E442")
LINES: tuple[Any, ...] = ("-", "--", ":", "-.", (0, (5, 1, 1, 1, 1, 1)), (0, (1, 3)), (0, (8, 2)))
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
HATCHES = ("", "///", "\\\\\\", "xxx", "---", "|||", "+++", "//")  # lines only: dots make big SVGs
EPOCH = date(1970, 1, 1)
# matplotlib's stubs type rc keys as a Literal of every setting name; a plain dict is not one
RC: Any = {
    "date.epoch": "1970-01-01T00:00:00",  # the day numbers of `_x`
    "svg.fonttype": "none",  # real <text>, no glyph paths, no font files
    "svg.hashsalt": "mlhire",  # the same input draws the same SVG
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans", "Helvetica", "Arial", "Liberation Sans"],
    "font.size": 11.5,  # with WIDTH: at least 11 px on a 390 px phone, where the SVG is ~370 px wide
    "axes.titlesize": 11.5,
    "axes.titleweight": "bold",
    "axes.labelsize": 11.5,
    "xtick.labelsize": 11.5,
    "ytick.labelsize": 11.5,
    "legend.fontsize": 11,
    "legend.title_fontsize": 11,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": "#d9d9d9",
    "grid.linewidth": 0.6,
    "legend.frameon": False,
    "hatch.linewidth": 0.8,
}
# inches (SVG units are points, 72 an inch): about as wide as a phone's column, so the text
# stays readable there; the page sets charts two abreast where it is wide
WIDTH, HEIGHT = 5.0, 4.0
NOTE_SIZE = 11  # annotations: deadline, confidence, break-even


def _plain(text: str) -> str:
    """Text for matplotlib, shown as given: `$` would start mathtext."""
    return text.replace("\\", "\\\\").replace("$", r"\$")


def _mark_deadline(ax: Axes, deadline: date, *, at_top: bool) -> None:
    """The deadline as a dashed vertical line, labelled at the top or the bottom of the axes."""
    ax.axvline(_x(deadline), color="#000000", linewidth=1.2, linestyle=(0, (4, 2)), gid="deadline")
    ax.annotate(
        _plain(f"deadline {deadline.isoformat()}"),
        (_x(deadline), 1.0 if at_top else 0.02),
        xycoords=("data", "axes fraction"),
        xytext=(4, -2 if at_top else 0),
        textcoords="offset points",
        va="top" if at_top else "baseline",
        fontsize=NOTE_SIZE,
    )


def _title(figure: Figure, title: str) -> None:
    """The title at the top left of the figure, above anything marked over the plot."""
    figure.suptitle(_plain(title), x=0.01, ha="left", fontsize=11.5, fontweight="bold")


def _legend(figure: Figure, ax: Axes, title: str, markerscale: float = 1.0) -> None:
    """The legend under the plot, across its width: a narrow chart keeps its plot wide."""
    handles, labels = ax.get_legend_handles_labels()
    columns = max(min(len(labels), 3), 1)
    figure.legend(
        handles, labels, title=title, loc="outside lower center", ncols=columns, markerscale=markerscale
    )


def _x(day: date) -> float:
    """A date as matplotlib's day number (days since EPOCH)."""
    return float((day - EPOCH).days)


def _style(index: int) -> dict[str, Any]:
    return {
        "color": PALETTE[index % len(PALETTE)],
        "linestyle": LINES[index % len(LINES)],
        "marker": MARKERS[index % len(MARKERS)],
    }


def _money_axis(ax: Axes, currency: str) -> None:
    ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:,.0f}"))
    ax.set_ylabel(_plain(f"{currency}, mid"))


def _date_axis(ax: Axes) -> None:
    left, right = ax.get_xlim()  # matplotlib's dates run from year 1 to 9999, as mlhire's do
    ax.set_xlim(max(left, _x(date.min)), min(right, _x(date.max)))
    locator = AutoDateLocator(minticks=3, maxticks=7)  # type: ignore[no-untyped-call]  # untyped module
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))  # type: ignore[no-untyped-call]


def _month_axis(ax: Axes, months: Sequence[str]) -> None:
    step = max(1, math.ceil(len(months) / 5))  # at most 5 or 6 labels fit a narrow chart
    ticks = list(range(0, len(months), step))
    ax.set_xticks(ticks, [months[i] for i in ticks], rotation=0)
    ax.set_xlim(-0.6, len(months) - 0.4)
    ax.set_xlabel("Calendar month")


def _svg(figure: Figure, name: str, title: str) -> str:
    """The figure as an <svg> element for inlining: responsive, titled, ids prefixed."""
    buffer = io.StringIO()
    with matplotlib.rc_context(RC):
        figure.savefig(buffer, format="svg", metadata={"Date": None}, bbox_inches="tight")
    text = buffer.getvalue()
    text = text[text.index("<svg") :]
    text = re.sub(r"<metadata>.*?</metadata>\s*", "", text, flags=re.DOTALL)
    ids = set(re.findall(r'\bid="([^"]+)"', text))
    text = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{name}-{m.group(1)}"', text)
    text = re.sub(
        r"(url\(#|xlink:href=\"#|href=\"#)([^)\"]+)",
        lambda m: m.group(1) + (f"{name}-{m.group(2)}" if m.group(2) in ids else m.group(2)),
        text,
    )
    head_end = text.index(">")
    head = re.sub(r'\s(width|height)="[^"]*"', "", text[:head_end])
    head += f' role="img" aria-labelledby="{name}-title" class="chart"'
    return f'{head}>\n<title id="{name}-title">{html.escape(title)}</title>{text[head_end + 1 :]}'


def _figure() -> tuple[Figure, Axes]:
    with matplotlib.rc_context(RC):
        figure = Figure(figsize=(WIDTH, HEIGHT), layout="constrained")
        return figure, figure.add_subplot()


def cumulative_chart(page: DecisionPage) -> str:
    """Cumulative spend by month per path, with compare's break-even months marked."""
    series: dict[str, list[Any]] = {}
    months: list[str] = []
    for row in page.budget["rows"]:
        if row["month"] not in months:
            months.append(row["month"])
        series.setdefault(row["path"], []).append(row["cumulative"])
    title = "Cumulative spend by month"
    with matplotlib.rc_context(RC):
        figure, ax = _figure()
        for index, (path_id, values) in enumerate(series.items()):
            ax.plot(
                range(len(values)),
                [float(v) for v in values],
                label=_plain(path_id),
                linewidth=2,
                markersize=5,
                gid=f"series-{index}",
                **_style(page.style_of(path_id)),
            )
        marked: dict[str, list[str]] = {}
        for found in page.break_evens:  # none on a plan's spend
            month = found["on"].strftime("%Y-%m")
            if month in months:
                marked.setdefault(month, []).append(found["path"])
        shown = sorted(marked.items())[:3]
        for number, (month, path_ids) in enumerate(shown):
            x = months.index(month)
            ax.axvline(x, color="#555555", linewidth=1, linestyle=(0, (2, 2)), gid=f"break-even-{number}")
            # above the plot, a row each (the latest lowest): never over a line or a marker
            right = x > (len(months) - 1) / 2
            ax.annotate(
                _plain(f"break-even {month}: {', '.join(path_ids)}"),
                (x, 1),
                xycoords=("data", "axes fraction"),
                xytext=(3 if not right else -3, 3 + 14 * (len(shown) - 1 - number)),
                textcoords="offset points",
                va="bottom",
                ha="right" if right else "left",
                fontsize=NOTE_SIZE,
                color="#333333",
                annotation_clip=False,
                gid=f"break-even-label-{number}",
            )
        _title(figure, title)
        _month_axis(ax, months)
        _money_axis(ax, page.currency)
        ax.set_ylim(bottom=0)
        _legend(figure, ax, "Path")
        return _svg(figure, "cumulative", title)


def done_by_chart(page: DecisionPage) -> str:
    """P(done by date) per path, with the deadline and the confidence level."""
    question = page.question
    title = "Probability of being done, by date"
    with matplotlib.rc_context(RC):
        figure, ax = _figure()
        for index, (path_id, points) in enumerate(page.curves.items()):
            every = max(1, len(points) // 12)
            ax.plot(
                [_x(p.day) for p in points],
                [p.probability * 100 for p in points],
                label=_plain(path_id),
                linewidth=2,
                markersize=5,
                markevery=every,
                gid=f"series-{index}",
                **_style(page.style_of(path_id)),
            )
        _mark_deadline(ax, question.deadline, at_top=False)
        level = question.confidence * 100
        ax.axhline(level, color="#777777", linewidth=0.9, linestyle=":", gid="confidence")
        ax.annotate(
            _plain(f"{question.confidence:.0%} confidence"),
            (0.01, level),
            xycoords=("axes fraction", "data"),
            xytext=(0, 3),
            textcoords="offset points",
            fontsize=NOTE_SIZE,
            color="#444444",
        )
        ax.set_ylim(0, 102)
        ax.yaxis.set_major_formatter(PercentFormatter())
        ax.set_ylabel("P(done on or before the date)")
        ax.set_xlabel("Date (done = first PR + work)" if question.work else "Date (done = first PR)")
        _date_axis(ax)
        _title(figure, title)
        _legend(figure, ax, "Path")
        return _svg(figure, "done-by", title)


def timeline_chart(page: DecisionPage) -> str:
    """P10-P90 bars of the time to first PR and to done per path, P50 marked."""
    question = page.question
    with_work = question.work is not None
    rows: list[tuple[str, int, date, date, date, bool]] = []
    for index, path_id in enumerate(page.done):
        first = page.first_pr[path_id]
        rows.append((f"{path_id}: first PR", index, first.p10, first.p50, first.p90, False))
        if with_work:
            done = page.done[path_id]
            rows.append((f"{path_id}: done", index, done.p10, done.p50, done.p90, True))
    styles = {index: page.style_of(path_id) for index, path_id in enumerate(page.done)}
    title = "Timeline: P10 to P90, first PR" + (" and done" if with_work else "")
    with matplotlib.rc_context(RC):
        figure = Figure(figsize=(WIDTH, max(2.4, 0.9 + 0.42 * len(rows))), layout="constrained")
        ax = figure.add_subplot()
        ax.grid(axis="y", visible=False)
        for position, (_, index, p10, p50, p90, is_done) in enumerate(rows):
            y = len(rows) - 1 - position
            color = PALETTE[styles[index] % len(PALETTE)]
            span = max((p90 - p10).days, 0.6)
            ax.barh(
                y,
                span,
                left=_x(p10),
                height=0.55,
                facecolor=color if is_done or not with_work else "white",
                edgecolor="black" if is_done or not with_work else color,
                hatch=HATCHES[styles[index] % len(HATCHES)] if is_done or not with_work else "",
                linewidth=0.8 if is_done or not with_work else 2,
                gid=f"series-{index}" + ("-done" if is_done else ""),
                label=_plain(rows[position][0]),
            )
            ax.plot(
                [_x(p50)],
                [y],
                marker="D",
                markersize=7,
                color="black",
                markerfacecolor="white",
                linestyle="none",
                gid=f"series-{index}-p50" + ("-done" if is_done else ""),
            )
        _mark_deadline(ax, question.deadline, at_top=True)
        ax.set_yticks(range(len(rows)), [_plain(row[0]) for row in reversed(rows)])
        ax.set_ylim(-0.7, len(rows) - 0.3)
        ax.set_xlim(left=_x(question.start) - 4)
        _date_axis(ax)
        ax.set_xlabel("Date (bar: P10 to P90; diamond: P50)")
        _title(figure, title)
        return _svg(figure, "timeline", title)


def plan_chart(page: DecisionPage) -> str | None:
    """A plan's spend per month, stacked by path or role."""
    if page.plan_budget is None:
        return None
    by = page.question.by
    months: list[str] = []
    series: dict[str, dict[str, float]] = {}
    for row in page.plan_budget["rows"]:
        if row["month"] not in months:
            months.append(row["month"])
        series.setdefault(row[by], {})[row["month"]] = float(row["total"])
    title = f"Plan spend per month, stacked by {by}"
    with matplotlib.rc_context(RC):
        figure, ax = _figure()
        bottom = [0.0] * len(months)
        for index, (group, values) in enumerate(series.items()):
            style = page.style_of(group) if by == "path" else index
            heights = [values.get(month, 0.0) for month in months]
            ax.bar(
                range(len(months)),
                heights,
                bottom=bottom,
                width=0.75,
                color=PALETTE[style % len(PALETTE)],
                edgecolor="black",
                linewidth=0.6,
                hatch=HATCHES[style % len(HATCHES)],
                label=_plain(group),
                gid=f"series-{index}",
            )
            bottom = [b + h for b, h in zip(bottom, heights, strict=True)]
        _title(figure, title)
        _month_axis(ax, months)
        _money_axis(ax, page.currency)
        ax.yaxis.set_major_locator(MaxNLocator(6))
        _legend(figure, ax, by.capitalize())
        return _svg(figure, "plan", title)
