"""Every bound on what mlhire accepts, in one place.

The core checks its inputs against these and raises domain errors that name the
quantity ("months"); the CLI names the option ("--months").
"""

from __future__ import annotations

import re
from decimal import Decimal

from .errors import UsageError

MAX_MONTHS = 1200  # 100 years of work or calendar
MAX_HEADCOUNT = 100_000
MAX_AMOUNT = Decimal("1e12")  # any amount, in the data or on the command line
MAX_FILE_BYTES = 1024 * 1024  # roles.yaml, paths.yaml and YAML plans
MAX_PLAN_BYTES = 64 * 1024 * 1024  # CSV/TSV plans
MAX_TABLE_ROWS = 10_000  # a terminal table is laid out whole: longer budgets go to a file format
MAX_DURATION_DAYS = 365.25 * 50  # durations such as --work

# Characters no name, note or plan label may hold, besides C0 controls (ranges of a regex
# character class): DEL and the C1 controls, zero-width space, non-joiner and joiner,
# the bidi embeddings and overrides (U+202A-202E) and isolates (U+2066-2069), and U+FEFF.
# Each can move a terminal's cursor, reorder what a reader sees, or make two names that
# look alike differ.
UNSEEN = r"\x7f-\x9f\u200b-\u200d\u202a-\u202e\u2066-\u2069\ufeff"
# What a data file's names and notes may not hold, and what output escapes: the C0
# controls but tab and newline, and UNSEEN (plan labels refuse tab and newline too).
HIDDEN = rf"\x00-\x08\x0b-\x1f{UNSEEN}"
HIDDEN_CHARACTER = re.compile(f"[{HIDDEN}]")


def check_months(months: Decimal, *, subject: str = "months") -> Decimal:
    """`months` if it is above 0 and at most MAX_MONTHS."""
    if not 0 < months <= MAX_MONTHS:
        raise UsageError(f"{months} must be above 0 and at most {MAX_MONTHS}", subject=subject)
    return months


def check_headcount(headcount: int, *, subject: str = "headcount") -> int:
    """`headcount` if it is 1 to MAX_HEADCOUNT."""
    if not 1 <= headcount <= MAX_HEADCOUNT:
        raise UsageError(f"{headcount} must be 1 to {MAX_HEADCOUNT}", subject=subject)
    return headcount


def check_amount(value: Decimal, *, text: str, subject: str = "amount") -> Decimal:
    """`value` if it is at most MAX_AMOUNT (`text` is what the user wrote)."""
    if value > MAX_AMOUNT:
        raise UsageError(f"{text!r} is above {MAX_AMOUNT:,.0f}", subject=subject)
    return value


def check_need(need: int, headcount: int, *, subject: str = "need") -> int:
    """`need` if it is 1 to `headcount` (how many of the hires must be done)."""
    if not 1 <= need <= headcount:
        raise UsageError(f"{need} must be 1 to the headcount, {headcount}", subject=subject)
    return need


def parse_probability(text: float | str, *, subject: str = "confidence") -> float:
    """A probability strictly between 0 and 1, written `0.9` or `90%`."""
    written = str(text).strip()
    scale = 100.0 if written.endswith("%") else 1.0
    try:
        value = float(written.rstrip("%")) / scale
    except ValueError:
        raise UsageError(f"{text!r} is not a number (e.g. 0.9 or 90%)", subject=subject) from None
    if not 0 < value < 1:  # also rejects NaN
        raise UsageError(f"{text!r} must be strictly between 0 and 1", subject=subject)
    return value
