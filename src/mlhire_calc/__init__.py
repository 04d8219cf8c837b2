"""mlhire: TCO and sourcing-path calculator for hiring ML engineers.

The core is importable without the CLI:

    from datetime import date
    from mlhire_calc.datafiles.load import load_catalog
    from mlhire_calc.engine.cost import compare

    result = compare(load_catalog(), start=date(2026, 12, 1))
"""

__version__ = "0.1.0"
