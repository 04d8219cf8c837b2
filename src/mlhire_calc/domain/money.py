"""Money as Decimal and low / mid / high bands; rounding happens only at output."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation

from .errors import UsageError
from .limits import check_amount

CENT = Decimal("0.01")
ZERO = Decimal(0)


def to_cents(value: Decimal) -> Decimal:
    """Round to cents, banker's rounding (the convention of accounting software); never -0.00."""
    cents = value.quantize(CENT, rounding=ROUND_HALF_EVEN)
    return cents.copy_abs() if cents.is_zero() else cents


def amount_text(value: Decimal) -> str:
    """`12,000` or `0.99`: thousands separators, cents only where there are any."""
    return f"{to_cents(value):,.2f}".removesuffix(".00")


def range_text(low: Decimal, high: Decimal) -> str:
    """`7,000-10,000`, or one amount when low and high agree."""
    return amount_text(low) if low == high else f"{amount_text(low)}-{amount_text(high)}"


def percent_text(rate: Decimal) -> str:
    """A rate as a percent without trailing zeros: 0.05 -> `5%`, 0.1384 -> `13.84%`."""
    return f"{(rate * 100).normalize():f}%"


def parse_amount(text: str, *, subject: str = "amount", allow_zero: bool = True) -> Decimal:
    """Parse a user-given amount: plain digits, optional `$`, `_` or `,` separators, `k`."""
    cleaned = text.strip().replace(",", "").replace("_", "").lstrip("$")
    multiplier = Decimal(1)
    if cleaned[-1:] in ("k", "K"):
        cleaned, multiplier = cleaned[:-1], Decimal(1000)
    try:
        value = Decimal(cleaned) * multiplier
    except (InvalidOperation, ValueError):
        raise UsageError(f"{text!r} is not a number (e.g. 13500, 13.5k)", subject=subject) from None
    if not value.is_finite():
        raise UsageError(f"{text!r} is not a finite number", subject=subject)
    if value.is_zero():
        value = value.copy_abs()  # "-0" is 0
    if value < 0 or (value == 0 and not allow_zero):
        raise UsageError(f"{text!r} must be {'zero or ' if allow_zero else ''}positive", subject=subject)
    return check_amount(value, text=text, subject=subject)


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
        return Band(self.low + other.low, self.mid + other.mid, self.high + other.high)

    def __sub__(self, other: Band) -> Band:
        return Band(self.low - other.low, self.mid - other.mid, self.high - other.high)

    def __mul__(self, other: Band | Decimal | int) -> Band:
        if isinstance(other, Band):
            return Band(self.low * other.low, self.mid * other.mid, self.high * other.high)
        factor = Decimal(other)
        return Band(self.low * factor, self.mid * factor, self.high * factor)

    __rmul__ = __mul__

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


POINTS = ("low", "mid", "high")
