"""`mlhire report`: the decision on one self-contained HTML page, with charts.

`build` asks the core the same questions as `compare`, `rank` and `budget` and keeps
their JSON documents; `charts` draws them as inline SVG (matplotlib); `page` fills
the Jinja2 template. Only `charts` and `page` need the `report` extra.
"""

from __future__ import annotations

from mlhire_calc.domain.errors import UsageError

EXTRA_HINT = "mlhire report needs the report extra: pip install 'mlhire[report]'"


def require_extra() -> None:
    """Fail with one line naming the install command when Jinja2 or matplotlib (or numpy,
    which matplotlib imports) is missing."""
    import importlib.util

    for module in ("jinja2", "matplotlib", "numpy"):  # matplotlib needs numpy to import
        try:
            found = importlib.util.find_spec(module) is not None
        except (ImportError, ValueError):
            found = False
        if not found:
            raise UsageError(f"{EXTRA_HINT} ({module} is not installed)")
