"""Domain errors and the exit codes they map to.

The core raises these and speaks the domain: an error about a quantity carries it
as `subject` ("months"), so a library caller reads "months: 0 must be above 0". The
CLI turns every error into one line on stderr and an exit code in a single place
(`cli.MlhireGroup`), naming the option instead ("--months: ...").
"""

from __future__ import annotations

from enum import IntEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .problems import Location, Problem


class ExitCode(IntEnum):
    """Exit codes of every mlhire command (also listed in the README)."""

    OK = 0
    INVALID = 1  # invalid input or data
    USAGE = 2  # bad command line: unknown option, malformed value
    OVER_BUDGET = 3  # budget --fail-over: the total is over the amount
    HANGUP = 129  # the terminal closed (128 + SIGHUP)
    INTERRUPTED = 130  # Ctrl-C (128 + SIGINT)
    TERMINATED = 143  # kill, a CI timeout (128 + SIGTERM)


class MlhireError(Exception):
    """An error the user can fix; its message is one line, without a traceback.

    An error about a place in a file carries that place as a `location`; its message
    is then formatted by the location, and `detail` is the message without it.
    """

    exit_code: ExitCode = ExitCode.INVALID

    def __init__(self, detail: str, *, subject: str | None = None, location: Location | None = None) -> None:
        self.detail = detail
        self.subject = subject  # the quantity the error is about: "months", "deadline", ...
        self.location = location  # the place in a file the error is about
        super().__init__(self.message)

    @property
    def message(self) -> str:
        """The one-line message: `[file:line:col: ][subject: ]detail`."""
        return self.naming(self.subject)

    def naming(self, subject: str | None) -> str:
        """The message with the subject called something else (an option name)."""
        text = f"{subject}: {self.detail}" if subject else self.detail
        return self.location.describe(text) if self.location is not None else text

    def problem(self, file: str) -> Problem:
        """This error as a finding of `mlhire validate` about `file`, at its location if it has one."""
        from .problems import Problem

        if self.location is None:
            return Problem(file, self.message)
        return Problem.at(self.location, self._unlocated())

    def _unlocated(self) -> str:
        return f"{self.subject}: {self.detail}" if self.subject else self.detail


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
