"""What the API returns: a `Result`, and the parsing of the plain values its functions take."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:
    from mlhire_calc.domain.timeline import Duration
    from mlhire_calc.output.layout import Report

T = TypeVar("T")
Amount = Decimal | int | str
DEFAULT_ROLE = "ml-engineer"
COMPARED_PATHS = ("embedded", "in-house-fte")
DEFAULT_BASELINE = "in-house-fte"


@dataclass(frozen=True)
class Result(Generic[T]):
    """An answer: the engine's `value`, and the one document every output format is made from."""

    value: T
    _json: Callable[[], str] = field(repr=False)
    _render: Callable[[str], str | bytes] = field(repr=False)
    warnings: tuple[str, ...] = ()
    report: Report | None = field(default=None, repr=False)  # what the output formats are made from

    def to_json(self) -> str:
        """The JSON document, as `--format json` prints it."""
        return self._json()

    def to_dict(self) -> dict[str, Any]:
        """The JSON document as Python data (amounts as JSON numbers; `value` keeps them exact)."""
        document: dict[str, Any] = json.loads(self.to_json())
        return document

    def render(self, fmt: str = "table") -> str | bytes:
        """The answer in one of the command's formats (`table`, `csv`, `markdown`, ...; xlsx is bytes)."""
        return self._render(fmt)


def _report_result(value: T, report: Report, warnings: Sequence[str] = ()) -> Result[T]:
    from mlhire_calc.output.formats import made, render

    return Result(
        value, lambda: render(report, "json"), lambda fmt: made(report, fmt), tuple(warnings), report
    )


# ---------------------------------------------------------------- parsing of plain values


def _today(start: date | None) -> date:
    return date.today() if start is None else start


def _months(months: Amount) -> Decimal:
    from mlhire_calc.domain.limits import check_months
    from mlhire_calc.domain.money import parse_amount

    if isinstance(months, str):
        return check_months(parse_amount(months, subject="months", allow_zero=False))
    return check_months(Decimal(months))


def _amount(value: Amount | None, subject: str) -> Decimal | None:
    from mlhire_calc.domain.money import parse_amount

    if value is None or isinstance(value, Decimal):
        return value
    return parse_amount(str(value), subject=subject)


def _duration(work: Duration | str | None) -> Duration | None:
    from mlhire_calc.domain.timeline import parse_duration

    return parse_duration(work, subject="work") if isinstance(work, str) else work


def _confidence(confidence: float | str) -> float:
    from mlhire_calc.domain.limits import parse_probability

    return parse_probability(confidence)


# ---------------------------------------------------------------- the catalog
