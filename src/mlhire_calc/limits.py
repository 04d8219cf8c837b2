"""Size limits on the files mlhire reads, shared by the data-file and plan readers."""

from __future__ import annotations

MAX_FILE_BYTES = 1024 * 1024  # roles.yaml, paths.yaml and YAML plans
MAX_PLAN_BYTES = 64 * 1024 * 1024  # CSV and TSV plans
