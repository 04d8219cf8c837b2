"""The figures the product document gives, by key path in the data files.

The product document ("What an ML engineer actually does in 2026", FutureProofing.dev)
is the source called `seed` in the data files. `mlhire diff` flags a changed figure
that still says `source: seed` but no longer matches this table: either the document
changed, or the figure needs another source. The table is fixed here rather than read
from the packaged data files, because a team's data directory (or this repository's
own `data/`, in an editable install) may be the very file being changed. A test keeps
the shipped data equal to it.
"""

from __future__ import annotations

from decimal import Decimal

_BANDS = {
    "data-scientist": ("12000", "20000"),
    "ml-engineer": ("22000", "38000"),
    "applied-ai-engineer": ("22000", "38000"),
    "ml-platform-engineer": ("28000", "45000"),
}
_TIMES = {  # path: (low, high) in weeks, for time to start and to first PR
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
    "roles[ml-engineer].market.in_house_time_to_fill.low": Decimal(4),
    "roles[ml-engineer].market.in_house_time_to_fill.high": Decimal(5),
    "roles[ml-engineer].market.in_house_time_to_fill_senior_llm.low": Decimal(6),
    "paths[embedded].items[fee].amount": Decimal(13500),
    "paths[embedded].time_to_start.median": Decimal(2),
    "paths[embedded].time_to_first_pr.median": Decimal(2),
    **{
        f"paths[{path}].{time}.{point}": Decimal(value)
        for path, (low, high) in _TIMES.items()
        for time in ("time_to_start", "time_to_first_pr")
        for point, value in (("low", low), ("high", high))
    },
    "paths[freelance].items[hourly].amount.low": Decimal(80),
    "paths[freelance].items[hourly].amount.high": Decimal(180),
    "paths[in-house-fte].time_to_start.median": Decimal(6),
    "paths[in-house-fte].time_to_first_pr.median": Decimal(6),
}
