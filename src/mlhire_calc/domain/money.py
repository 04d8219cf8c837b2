"""Money as Decimal and low / mid / high bands; rounding happens only at output.

Amounts are given as Decimal (data files, options, plans) and shown as Decimal
cents. Between the two the cost model computes with exact fractions (`ExactBand`,
`exact`): a ratio of two amounts, a month of days over 30.4375 or a yearly amount
over 12 has no finite decimal, and a 28-digit approximation carried into a product
can land a hair off an exact half cent and round the wrong way. `to_cents` rounds
the exact value once, half to even.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from fractions import Fraction

from .errors import InputError, UsageError
from .limits import MAX_RESULT, check_amount

CENT = Decimal("0.01")
ZERO = Decimal(0)


class Quotient(Decimal):
    """An amount that is a quotient (an amount in another currency, a yearly amount over
    12 months): shown as its 28-digit Decimal, and remembering its exact value, which
    the cost model computes with (`exact`). Arithmetic on it gives plain Decimals."""

    exact: Fraction

    def __new__(cls, value: Fraction | Decimal | str) -> Quotient:
        known = value if isinstance(value, Fraction) else Fraction(Decimal(value))
        self = super().__new__(cls, Decimal(known.numerator) / Decimal(known.denominator))
        self.exact = known
        return self

    def __reduce__(self) -> tuple[type[Quotient], tuple[Fraction]]:  # type: ignore[override]  # exact, not str
        return (type(self), (self.exact,))

    def __copy__(self) -> Quotient:
        return self

    def __deepcopy__(self, memo: object) -> Quotient:
        return self


def quotient(dividend: Decimal, divisor: Decimal | int) -> Decimal:
    """`dividend / divisor` as a Decimal that keeps its exact value (see `Quotient`)."""
    return Quotient(exact(dividend) / exact(divisor))


def exact(value: Decimal | Fraction | int) -> Fraction:
    """A number as an exact fraction: a Decimal's own value, a `Quotient`'s exact one."""
    if isinstance(value, Fraction):
        return value
    if isinstance(value, Quotient):
        return value.exact
    return Fraction(value)


def as_decimal(value: Fraction) -> Decimal:
    """An exact figure that is not money (months, counts) as a 28-digit Decimal, to show it."""
    return Decimal(value.numerator) / Decimal(value.denominator)


_RESULT_LIMIT = int(MAX_RESULT)


def to_cents(value: Decimal | Fraction) -> Decimal:
    """Round to cents, banker's rounding (the convention of accounting software); never -0.00.

    An exact value (a Fraction, a `Quotient`) is rounded from its exact value: the one
    rounding of a figure. A result beyond MAX_RESULT would have lost its cents: an
    error, never a wrong figure."""
    beyond = (
        not value.is_finite() or abs(value) >= MAX_RESULT
        if isinstance(value, Decimal)
        else abs(value) >= _RESULT_LIMIT
    )
    if beyond:
        shown = value if isinstance(value, Decimal) else Decimal(value.numerator) / value.denominator
        raise InputError(
            f"a result of {shown:.3E} is beyond what mlhire computes to the cent ({MAX_RESULT:.0E}); "
            "lower the figures, the months or the headcount"
        )
    if type(value) is Decimal:
        cents = value.quantize(CENT, rounding=ROUND_HALF_EVEN)
        return cents.copy_abs() if cents.is_zero() else cents
    return Decimal(round(exact(value) * 100)).scaleb(-2)  # Fraction's round: half to even


def amount_text(value: Decimal | Fraction) -> str:
    """`12,000` or `0.99`: thousands separators, cents only where there are any."""
    return f"{to_cents(value):,.2f}".removesuffix(".00")


def range_text(low: Decimal | Fraction, high: Decimal | Fraction) -> str:
    """`7,000-10,000`, or one amount when low and high agree."""
    return amount_text(low) if low == high else f"{amount_text(low)}-{amount_text(high)}"


def percent_text(rate: Decimal) -> str:
    """A rate as a percent without trailing zeros: 0.05 -> `5%`, 0.1384 -> `13.84%`."""
    return f"{(rate * 100).normalize():f}%"


_GROUPED = re.compile(r"[0-9]{1,3}(,[0-9]{3})+(\.[0-9]*)?")  # 13,500 and 1,234,567.89: thousands only
_SIGN = re.compile(r"^[+-]?")


def parse_amount(text: str, *, subject: str = "amount", allow_zero: bool = True) -> Decimal:
    """Parse a user-given amount: digits, an optional `$`, `_` between digits, a `k` for
    thousands, and a comma only between groups of three digits (`13,500`, `1,234,567.89`).

    Any other comma is refused, never guessed: `13,5k` is 13.5k in much of the world and
    135k where the comma groups thousands, so it says which to write instead.
    """
    cleaned = text.strip().replace("_", "").lstrip("$")
    multiplier = Decimal(1)
    if cleaned[-1:] in ("k", "K"):
        cleaned, multiplier = cleaned[:-1], Decimal(1000)
    if "," in cleaned:
        digits = _SIGN.sub("", cleaned, count=1)
        if not _GROUPED.fullmatch(digits):
            raise UsageError(f"{text!r}: {_comma_advice(cleaned, multiplier)}", subject=subject)
        cleaned = cleaned.replace(",", "")
    try:
        value = Decimal(cleaned) * multiplier
    except (InvalidOperation, ValueError):
        raise UsageError(f"{text!r} is not a number (e.g. 13500, 13,500 or 13.5k)", subject=subject) from None
    if not value.is_finite():
        raise UsageError(f"{text!r} is not a finite number", subject=subject)
    if value.is_zero():
        value = value.copy_abs()  # "-0" is 0
    if value < 0 or (value == 0 and not allow_zero):
        raise UsageError(f"{text!r} must be {'zero or ' if allow_zero else ''}positive", subject=subject)
    return check_amount(value, text=text, subject=subject)


_PERCENT = re.compile(r"[0-9]+(\.[0-9]*)?|\.[0-9]+")


def parse_percent(
    text: str, *, subject: str, at_most: Decimal = Decimal(100), expected: str = "a percent (e.g. 8% or 2.5%)"
) -> Decimal:
    """The number before the `%` of `8%` or `2.5%` (8, 2.5): plain digits and a decimal point,
    at most `at_most`. A decimal comma (`2,5%`) is refused with the form to write instead."""
    number = text.strip().removesuffix("%").strip()
    if "," in number and _PERCENT.fullmatch(number.replace(",", ".", 1)):
        raise UsageError(
            f"{text!r}: write a percent with a decimal point: {number.replace(',', '.')}%", subject=subject
        )
    if not _PERCENT.fullmatch(number):
        raise UsageError(f"{text!r} is not {expected}", subject=subject)
    value = Decimal(number)
    if value > at_most:
        raise UsageError(f"{text!r}: a rate of {value:f}% is above {at_most:f}%", subject=subject)
    return value


def _comma_advice(cleaned: str, multiplier: Decimal) -> str:
    """What to write instead of a comma that does not group thousands: `13,5k` -> 13.5k or 13500."""
    advice = "a comma may only group thousands (13,500)"
    general = f"{advice}; write the amount without it (e.g. 13500 or 13.5k)"
    if cleaned.count(",") != 1:
        return general
    try:
        as_decimal = Decimal(cleaned.replace(",", "."))
    except InvalidOperation:
        return general
    if not as_decimal.is_finite():
        return general
    if multiplier == 1:
        return f"{advice}; for a decimal point write {as_decimal:f}"
    return f"{advice}; for a decimal point write {as_decimal:f}k or {(as_decimal * multiplier).normalize():f}"


def parse_rate(text: str, *, subject: str = "rate") -> Decimal:
    """A rate as a fraction: `4%` or `0.04` are 0.04; a percent above 100% is refused
    (a bare number above 1 is left to the figure's own check, which says what it meant)."""
    written = text.strip()
    if not written.endswith("%"):
        return parse_amount(written, subject=subject)
    percent = parse_amount(written[:-1], subject=subject)
    if percent > 100:
        raise UsageError(f"{text.strip()!r} is above 100%", subject=subject)
    return percent / 100


Span = tuple[Decimal, Decimal | None, Decimal]  # low, median (if given), high


def parse_span(text: str, *, subject: str = "amount", one: Callable[..., Decimal] = parse_amount) -> Span:
    """`8000-12000` (low-high), `8000/10000/12000` (low/median/high) or one value (low =
    high), each part read by `one`; a trailing `%` or `k` counts for every part (`4-6%`)."""
    written = text.strip()
    if written.startswith("-"):  # a negative amount: its own parser says why not
        return one(written, subject=subject), None, one(written, subject=subject)
    parts = [part.strip() for part in re.split(r"/" if "/" in written else r"-", written)]
    if len(parts) not in (1, 2, 3) or ("/" in written) != (len(parts) == 3):
        raise UsageError(
            f"{text!r} is not a value, a range (8000-12000) or low/median/high (8000/10000/12000)",
            subject=subject,
        )
    suffix = parts[-1][-1:] if parts[-1][-1:] in ("%", "k", "K") else ""
    if suffix:  # `4-6%` is 4% to 6%, `8-12k` is 8,000 to 12,000
        parts = [part if part[-1:] in ("%", "k", "K") else part + suffix for part in parts]
    values = [one(part, subject=subject) for part in parts]
    if len(values) == 3:
        return values[0], values[1], values[2]
    return values[0], None, values[-1]


@dataclass(frozen=True)
class Band:
    """A low / mid / high triple of Decimal amounts (or rates)."""

    low: Decimal
    mid: Decimal
    high: Decimal

    @classmethod
    def point(cls, value: Decimal) -> Band:
        return cls(value, value, value)

    @classmethod
    def zero(cls) -> Band:
        return cls.point(ZERO)

    @classmethod
    def span(cls, low: Decimal, high: Decimal, median: Decimal | None = None) -> Band:
        """A range; mid is the median when given, else the midpoint."""
        mid = median if median is not None else (low + high) / 2
        return cls(low, mid, high)

    def __add__(self, other: Band) -> Band:
        if not isinstance(other, Band):
            return NotImplemented
        return Band(self.low + other.low, self.mid + other.mid, self.high + other.high)

    def __sub__(self, other: Band) -> Band:
        if not isinstance(other, Band):
            return NotImplemented
        return Band(self.low - other.low, self.mid - other.mid, self.high - other.high)

    def __mul__(self, other: Band | Decimal | int) -> Band:
        if isinstance(other, Band):
            return Band(self.low * other.low, self.mid * other.mid, self.high * other.high)
        if not isinstance(other, (Decimal, int)):
            return NotImplemented  # an exact band or fraction: exact arithmetic
        factor = Decimal(other)
        return Band(self.low * factor, self.mid * factor, self.high * factor)

    __rmul__ = __mul__

    def exact(self) -> ExactBand:
        return ExactBand(exact(self.low), exact(self.mid), exact(self.high))

    def pick(self, point: str) -> Decimal:
        """The value at `low`, `mid` or `high`."""
        return {"low": self.low, "mid": self.mid, "high": self.high}[point]

    def cents(self) -> Band:
        return Band(to_cents(self.low), to_cents(self.mid), to_cents(self.high))

    def as_dict(self) -> dict[str, Decimal]:
        return {"low": self.low, "mid": self.mid, "high": self.high}


def total(bands: Iterable[Band]) -> Band:
    result = Band.zero()
    for band in bands:
        result = result + band
    return result


Number = Fraction | Decimal | int


@dataclass(frozen=True)
class ExactBand:
    """A low / mid / high triple of exact fractions: what the cost model computes with.

    Arithmetic with a `Band`, a Decimal or an int is exact too; `cents()` rounds each
    point once, half to even, into a `Band` of Decimal cents."""

    low: Fraction
    mid: Fraction
    high: Fraction

    @classmethod
    def point(cls, value: Number) -> ExactBand:
        value = exact(value)
        return cls(value, value, value)

    @classmethod
    def zero(cls) -> ExactBand:
        return cls.point(0)

    @classmethod
    def span(cls, low: Number, high: Number, median: Number | None = None) -> ExactBand:
        """A range; mid is the median when given, else the exact midpoint."""
        low, high = exact(low), exact(high)
        return cls(low, (low + high) / 2 if median is None else exact(median), high)

    @staticmethod
    def of(value: ExactBand | Band) -> ExactBand:
        return value if isinstance(value, ExactBand) else value.exact()

    def __add__(self, other: ExactBand | Band) -> ExactBand:
        other = ExactBand.of(other)
        return ExactBand(self.low + other.low, self.mid + other.mid, self.high + other.high)

    __radd__ = __add__

    def __sub__(self, other: ExactBand | Band) -> ExactBand:
        other = ExactBand.of(other)
        return ExactBand(self.low - other.low, self.mid - other.mid, self.high - other.high)

    def __rsub__(self, other: Band) -> ExactBand:
        return ExactBand.of(other) - self

    def __mul__(self, other: ExactBand | Band | Number) -> ExactBand:
        if isinstance(other, (ExactBand, Band)):
            other = ExactBand.of(other)
            return ExactBand(self.low * other.low, self.mid * other.mid, self.high * other.high)
        factor = exact(other)
        return ExactBand(self.low * factor, self.mid * factor, self.high * factor)

    __rmul__ = __mul__

    def pick(self, point: str) -> Fraction:
        """The value at `low`, `mid` or `high`."""
        return {"low": self.low, "mid": self.mid, "high": self.high}[point]

    def cents(self) -> Band:
        return Band(to_cents(self.low), to_cents(self.mid), to_cents(self.high))

    def is_zero(self) -> bool:
        return not (self.low or self.mid or self.high)

    def as_decimals(self) -> dict[str, Decimal]:
        """Each point as a 28-digit Decimal, to show a figure that is not money (see `as_decimal`)."""
        return {"low": as_decimal(self.low), "mid": as_decimal(self.mid), "high": as_decimal(self.high)}


def exact_total(bands: Iterable[ExactBand | Band]) -> ExactBand:
    result = ExactBand.zero()
    for band in bands:
        result = result + band
    return result


POINTS = ("low", "mid", "high")
