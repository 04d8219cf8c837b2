"""The report's robustness charts: the tornado of `mlhire sensitivity` and the joint cost and
schedule scatter of `mlhire simulate`, drawn like the other charts (see `charts`)."""

from __future__ import annotations

from datetime import timedelta

import matplotlib
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from .build import DecisionPage
from .charts import (
    MARKERS,
    NOTE_SIZE,
    PALETTE,
    RC,
    WIDTH,
    _date_axis,
    _figure,
    _legend,
    _mark_deadline,
    _plain,
    _svg,
    _title,
    _x,
)

LOW, HIGH = "#56B4E9", "#D55E00"  # the figure at its low, at its high (Okabe-Ito)


def _money_ticks(value: float, _: object) -> str:
    return f"{value:,.0f}"


def tornado_chart(page: DecisionPage) -> str | None:
    """The figures that move the decision's saving (or total) most, each from its low to its high."""
    found = page.robust
    if found is None or not found.tornado:
        return None
    rows = found.tornado
    measure = found.tornado_measure
    path_id, _, kind = measure.partition(".")
    what = (
        f"{path_id}'s saving against {found.sensitivity['baseline']}"
        if kind == "saving"
        else f"{path_id}'s total"
    )
    title = "What moves the answer most"
    base = float(rows[0]["base"])
    with matplotlib.rc_context(RC):
        figure = Figure(figsize=(WIDTH, 1.2 + 0.44 * len(rows)), layout="constrained")
        ax = figure.add_subplot()
        ax.grid(axis="y", visible=False)
        for position, row in enumerate(rows):
            y = len(rows) - 1 - position
            hatch = "///" if row["flips"] else ""
            for end, colour, name in ((row["at_low"], LOW, "low"), (row["at_high"], HIGH, "high")):
                ax.barh(
                    y,
                    float(end) - base,
                    left=base,
                    height=0.4,
                    color=colour,
                    edgecolor="black",
                    linewidth=0.6,
                    hatch=hatch,
                    label=_plain(f"figure at its {name}") if position == 0 else None,
                    gid=f"series-{position}-{name}",
                )
            # the figure's name above its bar, across the plot: a narrow chart keeps its bars wide
            ax.annotate(
                _plain(row["figure"] + (" (flips the decision)" if row["flips"] else "")),
                (0, y + 0.27),
                xycoords=("axes fraction", "data"),
                va="bottom",
                fontsize=NOTE_SIZE,
                gid=f"label-{position}",
            )
        ax.axvline(base, color="#000000", linewidth=1, gid="base")
        ax.set_yticks([])
        ax.set_ylim(-0.5, len(rows) - 0.1)
        ax.xaxis.set_major_locator(MaxNLocator(4))
        ax.xaxis.set_major_formatter(FuncFormatter(_money_ticks))
        ax.set_xlabel(_plain(f"{what}, {page.currency}"))
        _title(figure, title)
        _legend(figure, ax, "Bar")
        return _svg(figure, "tornado", title)


def joint_chart(page: DecisionPage) -> str | None:
    """Sampled cost of the work against the date done, per path, with the frontier of
    (deadline, budget) pairs met together at the confidence level."""
    found = page.robust
    if found is None or found.simulate is None:
        return None
    document = found.simulate
    start = page.question.start
    title = "Cost and date together, sampled"
    with matplotlib.rc_context(RC):
        figure, ax = _figure()
        for index, entry in enumerate(document["paths"]):
            style = page.style_of(entry["id"])
            colour = PALETTE[style % len(PALETTE)]
            pairs = found.samples.get(entry["id"], ())
            ax.scatter(
                [_x(start + timedelta(days=round(days))) for days, _ in pairs],
                [cost for _, cost in pairs],
                s=12,
                color=colour,
                marker=MARKERS[style % len(MARKERS)],
                alpha=0.5,
                linewidths=0,
                label=_plain(entry["id"]),
                gid=f"series-{index}",
            )
            frontier = entry["frontier"]
            if frontier:
                ax.step(
                    [_x(point["date"]) for point in frontier],
                    [float(point["budget"]) for point in frontier],
                    where="post",
                    color=colour,
                    linewidth=1.8,
                    gid=f"series-{index}-frontier",
                )
        _mark_deadline(ax, page.question.deadline, at_top=True)
        if page.question.budget is not None:
            ax.axhline(
                float(page.question.budget), color="#000000", linewidth=1.1, linestyle=":", gid="budget"
            )
            ax.annotate(
                _plain(f"budget {page.question.budget:,.0f}"),
                (0.01, float(page.question.budget)),
                xycoords=("axes fraction", "data"),
                xytext=(0, 3),
                textcoords="offset points",
                fontsize=NOTE_SIZE,
            )
        ax.yaxis.set_major_formatter(FuncFormatter(_money_ticks))
        ax.set_ylabel(_plain(f"{page.currency}, cost of the work"))
        ax.set_ylim(bottom=0)
        _date_axis(ax)
        ax.set_xlabel("Date done (" + str(page.rank["done"]) + ")")
        _title(figure, title)
        _legend(figure, ax, "Path (line: the frontier)", markerscale=2.5)
        return _svg(figure, "joint", title)
