"""Domain errors and the exit codes they map to.

The core raises these; the CLI turns them into one line on stderr and an exit code
in a single place (`cli.main`).
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Exit codes of every mlhire command (also listed in the README)."""

    OK = 0
    INVALID = 1  # invalid input or data
    USAGE = 2  # bad command line: unknown option, malformed value
    OVER_BUDGET = 3  # budget --fail-over: the total is over the amount
    INTERRUPTED = 130  # Ctrl-C


class MlhireError(Exception):
    """An error the user can fix; its message is one line, without a traceback."""

    exit_code: ExitCode = ExitCode.INVALID

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UsageError(MlhireError):
    """A malformed option value: a bad date, number, duration or format."""

    exit_code = ExitCode.USAGE


class DataError(MlhireError):
    """A data file is missing, unreadable or invalid."""

    exit_code = ExitCode.INVALID


class InputError(MlhireError):
    """A well-formed request naming something that does not exist (role, path, item)."""

    exit_code = ExitCode.INVALID


class OverBudget(MlhireError):
    """`budget --fail-over`: the output was printed and the total is over the amount."""

    exit_code = ExitCode.OVER_BUDGET


class PolicyFailed(MlhireError):
    """`diff --fail-on-increase` / `--fail-if-misses`: the output was printed and a policy failed."""

    exit_code = ExitCode.OVER_BUDGET
