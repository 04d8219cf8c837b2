"""The figures the product document gives, by key path in the data files.

The product document ("What an ML engineer actually does in 2026", FutureProofing.dev)
is the source called `seed` in the data files. `mlhire diff` flags a changed figure
that still says `source: seed` but no longer matches this table: either the document
changed, or the figure needs another source. The table is fixed here rather than read
from the packaged data files, because a team's data directory (or this repository's
own `data/`, in an editable install) may be the very file being changed. A test keeps
the shipped data equal to it.

Only a figure the document states, at the key that holds it verbatim, is listed.
A `source: seed` figure derived from the document (`estimate: true`, with the
derivation in its `note`) is not: the in-house times are the document's "4 to 5
months average" time to fill and "6 plus months" for senior LLM/RAG profiles, plus
two weeks' notice (4.5 to 5.5 and a 6.5 median to start) and a month of onboarding
(5.5 to 6.5, and a 7.5 median, to the first PR); none of these is a document
figure, so a change to them is not checked against it. The document's own in-house
figures are kept verbatim in roles.yaml (`market.in_house_time_to_fill*`) and are
listed here.
"""

from __future__ import annotations

from decimal import Decimal

_BANDS = {
    "data-scientist": ("12000", "20000"),
    "ml-engineer": ("22000", "38000"),
    "applied-ai-engineer": ("22000", "38000"),
    "ml-platform-engineer": ("28000", "45000"),
}
_TIMES = {  # path: (low, high) in weeks: the document's time to first PR, repeated for the start
    "latam-direct": ("1", "4"),
    "freelance": ("1", "4"),
    "ai-platform": ("2", "6"),
}

SEED_FIGURES: dict[str, Decimal] = {
    **{
        f"roles[{role}].loaded_monthly.{point}": Decimal(value)
        for role, (low, high) in _BANDS.items()
        for point, value in (("low", low), ("high", high))
    },
    "roles[ml-engineer].market.open_us_roles.value": Decimal(20643),
    "roles[ml-engineer].market.senior_median_total_comp_annual.low": Decimal(260000),
    "roles[ml-engineer].market.senior_median_total_comp_annual.high": Decimal(450000),
    "roles[ml-engineer].market.in_house_time_to_fill.low": Decimal(4),  # "4 to 5 months average"
    "roles[ml-engineer].market.in_house_time_to_fill.high": Decimal(5),
    "roles[ml-engineer].market.in_house_time_to_fill_senior_llm.low": Decimal(6),  # "6 plus months"
    "paths[embedded].items[fee].amount": Decimal(13500),
    "paths[embedded].time_to_start.median": Decimal(2),
    "paths[embedded].time_to_first_pr.median": Decimal(2),
    **{
        f"paths[{path}].{time}.{point}": Decimal(value)
        for path, (low, high) in _TIMES.items()
        for time in ("time_to_first_pr",)  # the document gives the time to first PR only
        for point, value in (("low", low), ("high", high))
    },
    "paths[embedded].placement.capacity.per_month": Decimal(12),  # "12 of 2,000+ contacted monthly survive"
    "paths[freelance].items[hourly].amount.low": Decimal(80),
    "paths[freelance].items[hourly].amount.high": Decimal(180),
}

SEED_READINGS: tuple[str, ...] = (
    # `source: seed` and not an estimate, yet no figure of the document: its reading.
    # "$13.5K per month flat all-in" gives no escalator; the data takes the fee as flat.
    "paths[embedded].lifecycle.annual_increase.low",
    "paths[embedded].lifecycle.annual_increase.high",
    # "Claude Code Max-fluent day 1": no productivity ramp on the embedded path.
    "paths[embedded].ramp.months.low",
    "paths[embedded].ramp.months.high",
    "paths[embedded].ramp.productivity.low",
    "paths[embedded].ramp.productivity.high",
)
"""Keys that say `source: seed` for the data's reading of the document, not a figure it gives."""
