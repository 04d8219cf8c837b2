"""Read files as they were at a git revision (`git show REV:path`), without a checkout.

git runs as a subprocess with a list argv (no shell); a revision may not start with
`-`, so it can never be read as an option.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from mlhire_calc.domain.errors import InputError, UsageError

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

    def read(self, path: Path) -> bytes | None:
        """The bytes of `path` at this revision; None when it did not exist there."""
        relative = self.relative(path)
        shown = _git(["show", f"{self.ref}:{relative}"], cwd=self.root)
        if shown.returncode == 0:
            return shown.stdout
        exists = _git(["cat-file", "-e", f"{self.ref}:{relative}"], cwd=self.root)
        if exists.returncode != 0:
            return None
        raise InputError(
            f"cannot read {self.ref}:{relative}: {_first_line(shown.stderr)}", subject="base revision"
        )
