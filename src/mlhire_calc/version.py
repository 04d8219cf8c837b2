"""The version of mlhire, read by the build (pyproject.toml) and written into every document."""

__version__ = "0.1.0"
