"""mlhire: TCO and sourcing-path calculator for hiring ML engineers.

The library the `mlhire` command is built on. Each question the CLI answers is a
function here that returns a `Result`; `Result.to_dict()` is the JSON document the
command prints with `--format json`:

    from datetime import date
    from mlhire_calc import compare, load_catalog

    result = compare(load_catalog(), start=date(2026, 12, 1))
    result.to_dict()["paths"][0]["total"]

See docs/python-api.md. Names load on first use, so `mlhire --help` stays fast.
"""

from typing import TYPE_CHECKING, Any

from mlhire_calc.version import __version__

__all__ = [
    "DiffAnswer",
    "Result",
    "__version__",
    "afford",
    "budget",
    "compare",
    "datasets",
    "diff",
    "load_catalog",
    "load_scenarios",
    "rank",
    "sensitivity",
    "side_by_side",
    "simulate",
    "validate",
]

if TYPE_CHECKING:
    from mlhire_calc.api import (
        DiffAnswer,
        Result,
        afford,
        budget,
        compare,
        datasets,
        diff,
        load_catalog,
        load_scenarios,
        rank,
        sensitivity,
        side_by_side,
        simulate,
        validate,
    )


def __getattr__(name: str) -> Any:
    if name in __all__:
        from mlhire_calc import api

        return getattr(api, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
