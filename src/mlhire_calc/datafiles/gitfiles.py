"""Read files as they were at a git revision (`git show REV:path`), without a checkout.

git runs as a subprocess with a list argv (no shell); a revision may not start with
`-`, so it can never be read as an option. A file's size is asked first (`git cat-file
-s`), so a blob over the limit of what it is read as is refused before its bytes are.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from mlhire_calc.domain.errors import InputError, MlhireError, UsageError
from mlhire_calc.domain.limits import MAX_PLAN_BYTES
from mlhire_calc.domain.problems import Location

GIT_TIMEOUT_SECONDS = 60


def _git(args: list[str], *, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            ["git", *args], cwd=cwd, capture_output=True, timeout=GIT_TIMEOUT_SECONDS, check=False
        )
    except FileNotFoundError:
        raise InputError(
            "needs git, and git is not installed (or not on PATH)", subject="base revision"
        ) from None
    except subprocess.TimeoutExpired:
        raise InputError(f"git {args[0]} took more than {GIT_TIMEOUT_SECONDS} s; giving up") from None


def _first_line(raw: bytes) -> str:
    lines = raw.decode("utf-8", "replace").strip().splitlines()
    return " ".join(lines[0].split()) if lines else "no message"


@dataclass(frozen=True)
class Revision:
    """A git revision of the repository that holds a directory."""

    root: Path  # the repository's top level
    ref: str

    @classmethod
    def of(cls, directory: Path, ref: str) -> Revision:
        """The repository around `directory`, at `ref` (checked to exist)."""
        if not ref.strip() or ref.startswith("-") or any(ch in ref for ch in "\0\n\r"):
            raise UsageError(f"{ref!r} is not a git revision", subject="base revision")
        found = _git(["rev-parse", "--show-toplevel"], cwd=directory)
        if found.returncode != 0:
            raise InputError(f"{directory} is not inside a git repository", subject="base revision")
        root = Path(found.stdout.decode("utf-8", "replace").strip())
        checked = _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], cwd=root)
        if checked.returncode != 0:
            raise InputError(f"unknown revision {ref!r} in {root}", subject="base revision")
        return cls(root, ref)

    def relative(self, path: Path) -> str:
        """`path` relative to the repository's top level, with `/` separators."""
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            raise InputError(
                f"{path} is outside the repository {self.root}", subject="base revision"
            ) from None

    def name(self, path: Path) -> str:
        """How a file at this revision is named in messages: `REF:path`."""
        return f"{self.ref}:{self.relative(path)}"

    def read(
        self, path: Path, *, limit: int | None = None, error: type[MlhireError] = InputError
    ) -> bytes | None:
        """The bytes of `path` at this revision; None when it did not exist there.

        A file over `limit` bytes (by default a plan's, the largest) is `error`, located
        in `REF:path`, and never read.
        """
        limit = MAX_PLAN_BYTES if limit is None else limit
        relative = self.relative(path)
        sized = _git(["cat-file", "-s", f"{self.ref}:{relative}"], cwd=self.root)
        if sized.returncode != 0:
            return None  # no such file at that revision
        size = sized.stdout.strip()
        if size.isdigit() and int(size) > limit:
            raise error(
                f"{int(size):,} bytes is over the {limit:,}-byte limit", location=Location(self.name(path))
            )
        shown = _git(["show", f"{self.ref}:{relative}"], cwd=self.root)
        if shown.returncode == 0:
            return shown.stdout
        raise InputError(
            f"cannot read {self.ref}:{relative}: {_first_line(shown.stderr)}", subject="base revision"
        )
