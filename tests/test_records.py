"""`@record`: frozen for the type checker, hashed and compared by fields at run time."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from mlhire_calc.domain.money import Band
from mlhire_calc.domain.records import record

SRC = Path(__file__).parents[1] / "src" / "mlhire_calc"


@record
class Point:
    """A record with generated equality."""

    x: int
    y: int = 0


@record(kw_only=True, eq=False, repr=False)
class Handle:
    """A record compared by identity, as the catalog's classes are."""

    name: str


def test_a_record_is_equal_and_hashed_by_its_fields() -> None:
    assert Point(1) == Point(1, 0) and hash(Point(1)) == hash(Point(1, 0))
    assert len({Point(1), Point(1, 0), Point(2)}) == 2
    assert Band(1, 2, 3) == Band(1, 2, 3) and {Band(1, 2, 3): "x"}[Band(1, 2, 3)] == "x"
    assert repr(Point(1)) == "Point(x=1, y=0)"


def test_a_record_without_equality_is_compared_by_identity() -> None:
    first, second = Handle(name="a"), Handle(name="a")
    assert first != second and len({first, second}) == 2


def test_assigning_to_a_field_fails_the_type_check(tmp_path: Path) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text(
        "from mlhire_calc.domain.money import Band\n"
        "from mlhire_calc.domain.catalog import Source\n"
        "band = Band(1, 2, 3)\n"
        "band.low = 0\n"
        "def touch(source: Source) -> None:\n"
        "    source.title = 'changed'\n"
    )
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(probe)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert result.returncode == 1, result.stdout
    read_only = re.compile(r'probe\.py:(\d+): error: Property "\w+" defined in "\w+" is read-only')
    assert read_only.findall(result.stdout) == ["4", "6"], result.stdout


def test_every_frozen_dataclass_is_a_record() -> None:
    """One way to declare an immutable value, so its start-up cost is decided once."""
    offenders = [
        f"{path.relative_to(SRC)}:{number}"
        for path in sorted(SRC.rglob("*.py"))
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if re.search(r"@(?:dataclasses\.)?dataclass\(.*frozen=True", line)
    ]
    assert offenders == []
