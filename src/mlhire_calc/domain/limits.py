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
MAX_FILE_BYTES = 1024 * 1024  # roles.yaml, paths.yaml, scenarios.yaml and YAML plans
MAX_PLAN_BYTES = 64 * 1024 * 1024  # CSV/TSV plans (and any file read at a git revision)
MAX_TEXT_CHARS = 2000  # a name or note in a data file, a cell of a plan
MAX_PLAN_COLUMNS = 1000  # cells in one row of a CSV/TSV plan, empty ones included
MAX_YAML_ALIASES = 100  # aliases (`*name`) in one YAML file
MAX_YAML_DEPTH = 32  # nested mappings and lists in one YAML file
MAX_YAML_VALUES = 200_000  # values in one YAML file, once its aliases are expanded
MAX_YAML_DIGITS = 40  # digits of an integer in YAML: far beyond any amount (int() balks at 4,300)
MAX_CACHE_BYTES = 8 * 1024 * 1024  # one entry of the catalog cache; a larger one is rebuilt
MAX_DURATION_DAYS = 365.25 * 50  # durations such as --work, and every time in the data
MONTHS_DECIMALS = 2  # --months and a plan's months: 0.01 month (about 7 hours) at the finest
MIN_EXCHANGE_RATE = Decimal("0.000001")  # what one unit of a currency is worth in another
MAX_EXCHANGE_RATE = Decimal("1000000")
MAX_HOURS_PER_MONTH = 744  # 31 days of 24 hours
MAX_PLACEMENTS_PER_MONTH = 1_000_000  # a path's placement capacity
MAX_SAMPLES = 1_000_000  # simulate --samples
MAX_PERCENT_THRESHOLD = Decimal(1_000_000)  # diff --fail-on-increase / --warn-on-increase, in %
# The largest result computed to the cent: Decimal keeps 28 digits, so a total this large
# still has its cents (figures in range can compound past it: a 100% yearly raise for 100 years)
MAX_RESULT = Decimal(10) ** 24
MAX_TABLE_ROWS = 10_000  # a terminal table is laid out whole: longer budgets go to a file format

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
    """`months` if it is above 0, at most MAX_MONTHS, with at most MONTHS_DECIMALS decimals."""
    if not 0 < months <= MAX_MONTHS:
        raise UsageError(f"{months} must be above 0 and at most {MAX_MONTHS}", subject=subject)
    exponent = months.normalize().as_tuple().exponent
    if isinstance(exponent, int) and exponent < -MONTHS_DECIMALS:
        raise UsageError(
            f"{months} has more than {MONTHS_DECIMALS} decimal places (0.01 month is about 7 hours)",
            subject=subject,
        )
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
