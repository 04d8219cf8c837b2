"""Domain errors and the exit codes they map to.

The core raises these and speaks the domain: an error about a quantity carries it
as `subject` ("months"), so a library caller reads "months: 0 must be above 0". The
CLI turns every error into one line on stderr and an exit code in a single place
(`cli.MlhireGroup`), naming the option instead ("--months: ...").
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Exit codes of every mlhire command (also listed in the README)."""

    OK = 0
    INVALID = 1  # invalid input or data
    USAGE = 2  # bad command line: unknown option, malformed value
    OVER_BUDGET = 3  # budget --fail-over: the total is over the amount
    INTERRUPTED = 130  # Ctrl-C (128 + SIGINT)


class MlhireError(Exception):
    """An error the user can fix; its message is one line, without a traceback."""

    exit_code: ExitCode = ExitCode.INVALID

    def __init__(self, detail: str, *, subject: str | None = None) -> None:
        self.detail = detail
        self.subject = subject  # the quantity the error is about: "months", "deadline", ...
        super().__init__(self.message)

    @property
    def message(self) -> str:
        """The one-line message: `subject: detail`, or the detail alone."""
        return f"{self.subject}: {self.detail}" if self.subject else self.detail

    def naming(self, subject: str) -> str:
        """The message with the subject called something else (an option name)."""
        return f"{subject}: {self.detail}"


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
