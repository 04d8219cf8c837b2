"""Property tests over the core, and a fuzz test of the data loader."""

from __future__ import annotations

import csv
import io
import json
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mlhire_calc.datafiles.load import load_catalog
from mlhire_calc.domain.errors import DataError
from mlhire_calc.engine.cost import compare
from mlhire_calc.engine.validate import validate
from mlhire_calc.output.formats import render
from mlhire_calc.output.views.compare import compare_report

from .conftest import FIXTURE_DATA

CATALOG = load_catalog(FIXTURE_DATA)


@contextmanager
def data_dir(paths_text: str | None = None, roles_text: str | None = None) -> Iterator[Path]:
    """A fresh data directory (a new path each time, so the catalog cache never hides a change)."""
    folder = Path(tempfile.mkdtemp(prefix="mlhire-prop-"))
    try:
        shutil.copy(FIXTURE_DATA / "roles.yaml", folder / "roles.yaml")
        shutil.copy(FIXTURE_DATA / "paths.yaml", folder / "paths.yaml")
        if paths_text is not None:
            (folder / "paths.yaml").write_text(paths_text)
        if roles_text is not None:
            (folder / "roles.yaml").write_text(roles_text)
        yield folder
    finally:
        shutil.rmtree(folder)


@settings(max_examples=40, deadline=None)
@given(
    role=st.sampled_from(list(CATALOG.roles)),
    paths=st.lists(st.sampled_from(list(CATALOG.paths)), min_size=1, max_size=5, unique=True),
    months=st.integers(1, 60),
    headcount=st.integers(1, 500),
    basis=st.sampled_from(["work", "calendar"]),
    start=st.dates(date(2025, 1, 1), date(2030, 12, 31)),
)
def test_totals_reconcile_across_formats(role, paths, months, headcount, basis, start) -> None:  # type: ignore[no-untyped-def]
    result = compare(
        CATALOG,
        role_id=role,
        path_ids=paths,
        months=Decimal(months),
        headcount=headcount,
        basis=basis,
        start=start,
    )
    report = compare_report(result, CATALOG)
    document = json.loads(render(report, "json"))
    rows = list(csv.DictReader(io.StringIO(render(report, "csv"))))
    tsv = list(csv.DictReader(io.StringIO(render(report, "tsv")), delimiter="\t"))
    markdown = render(report, "markdown")
    for path in document["paths"]:
        for point in ("low", "mid", "high"):
            total = Decimal(str(path["total"][point]))
            items = sum((Decimal(str(i["amount"][point])) for i in path["items"]), Decimal(0))
            assert items == total
            for table in (rows, tsv):
                row = next(r for r in table if r["path"] == path["id"] and r["row"] == "total")
                assert Decimal(row[point]) == total
            assert f"{total:,.2f}" in markdown


amounts = st.decimals(min_value=0, max_value=10**7, places=2, allow_nan=False, allow_infinity=False)


@st.composite
def cost_items(draw: Any) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    for index in range(draw(st.integers(1, 5))):
        low = draw(amounts)
        amount: Any = low if draw(st.booleans()) else {"low": low, "high": low + draw(amounts)}
        per = draw(st.sampled_from(["month", "hour", "hire"]))
        item: dict[str, Any] = {"id": f"item-{index}", "name": f"Item {index}", "per": per, "amount": amount}
        if per == "hour":
            item["hours_per_month"] = {
                "value": draw(st.integers(0, 300)),
                "source": "seed",
                "as_of": "2026-05",
            }
        items.append({**item, "source": "seed", "as_of": "2026-05"})
    monthly = [item["id"] for item in items if item["per"] in ("month", "hour")]
    if monthly and draw(st.booleans()):
        rate = draw(st.decimals(min_value=0, max_value=1, places=4))
        items.append(
            {
                "id": "share",
                "name": "Share",
                "per": "percent",
                "of": draw(st.sampled_from(monthly)),
                "basis": draw(st.sampled_from(["monthly", "first_year"])),
                "rate": rate,
                "source": "seed",
                "as_of": "2026-05",
            }
        )
    return items


class _Dumper(yaml.SafeDumper):
    """Writes Decimal amounts as plain YAML numbers, exactly."""


_Dumper.add_representer(
    Decimal, lambda dumper, value: dumper.represent_scalar("tag:yaml.org,2002:float", str(value))
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(items=cost_items(), months=st.integers(1, 36), basis=st.sampled_from(["work", "calendar"]))
def test_no_negative_cost_from_valid_data(items: list[dict[str, Any]], months: int, basis: str) -> None:
    document = yaml.safe_load((FIXTURE_DATA / "paths.yaml").read_text())
    document["paths"][0]["items"] = items
    text = yaml.dump(document, Dumper=_Dumper, sort_keys=False)
    with data_dir(paths_text=text) as folder:
        catalog = load_catalog(folder)
        for cost in compare(
            catalog, path_ids=["all"], months=Decimal(months), basis=basis, start=date(2026, 12, 1)
        ).paths:  # type: ignore[arg-type]
            for item in cost.items:
                assert min(item.amount.low, item.amount.mid, item.amount.high) >= 0
            assert cost.total.low <= cost.total.mid <= cost.total.high


yaml_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20) | st.dates(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=30,
)


def _loads_or_refuses(folder: Path) -> None:
    """Loading gives a catalog or one clean line; `validate` reports, never raises."""
    try:
        load_catalog(folder)
    except DataError as exc:
        assert exc.message and "\n" not in exc.message
    report = validate([folder], today=date(2026, 11, 26))
    assert all(problem.message for problem in report.problems)


@settings(max_examples=150, deadline=None)
@given(document=yaml_values, target=st.sampled_from(["roles.yaml", "paths.yaml"]))
def test_fuzz_arbitrary_yaml_loads_or_gives_a_clean_error(document: Any, target: str) -> None:
    text = yaml.safe_dump(document)
    with data_dir(**{"paths_text" if target == "paths.yaml" else "roles_text": text}) as folder:
        _loads_or_refuses(folder)


SHIPPED = {name: (FIXTURE_DATA / name).read_text() for name in ("roles.yaml", "paths.yaml")}


@settings(max_examples=200, deadline=None)
@given(
    target=st.sampled_from(sorted(SHIPPED)),
    cut=st.floats(0, 1),
    length=st.integers(0, 200),
    insert=st.text(alphabet=st.sampled_from(list(" -:{}[]&*!|>'\"#\n\t0123456789.e-abc")), max_size=30),
)
def test_fuzz_mutated_data_file_loads_or_gives_a_clean_error(
    target: str, cut: float, length: int, insert: str
) -> None:
    text = SHIPPED[target]
    at = int(cut * len(text))
    mutated = text[:at] + insert + text[at + length :]
    with data_dir(**{"paths_text" if target == "paths.yaml" else "roles_text": mutated}) as folder:
        _loads_or_refuses(folder)


EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
PLANS = {suffix: (EXAMPLES / f"hiring-plan{suffix}").read_text() for suffix in (".csv", ".yaml")}


@settings(max_examples=200, deadline=None)
@given(
    suffix=st.sampled_from([".csv", ".tsv", ".yaml"]),
    cut=st.floats(0, 1),
    length=st.integers(0, 80),
    insert=st.text(alphabet=st.sampled_from(list(',;\t"\n\r-: []{}&*0123456789abQ')), max_size=20),
)
def test_fuzz_plans_read_or_give_a_clean_error(suffix: str, cut: float, length: int, insert: str) -> None:
    from mlhire_calc.domain.errors import MlhireError
    from mlhire_calc.engine.plans import plan_problems, read_plan

    text = PLANS[".yaml" if suffix == ".yaml" else ".csv"]
    at = int(cut * len(text))
    mutated = text[:at] + insert + text[at + length :]
    with tempfile.TemporaryDirectory() as folder:
        plan = Path(folder) / f"plan{suffix}"
        plan.write_text(mutated.replace(",", "\t") if suffix == ".tsv" else mutated)
        try:
            read_plan(plan, CATALOG)
        except MlhireError as exc:
            assert exc.message and "\n" not in exc.message
        assert all(problem.message for problem in plan_problems(plan, CATALOG))


option_values = st.text(alphabet=st.sampled_from(list("0123456789-.,:eEQqkK$%_ abdmwn/+\t")), max_size=14)


@settings(max_examples=300, deadline=None)
@given(
    command=st.sampled_from(
        [
            ("compare", "--months"),
            ("compare", "--start"),
            ("compare", "--fte-annual"),
            ("compare", "--embedded-monthly"),
            ("rank", "--deadline"),
            ("rank", "--work"),
            ("rank", "--confidence"),
            ("rank", "--delay-cost-per-month"),
            ("budget", "--start"),
            ("budget", "--months"),
            ("budget", "--fail-over"),
        ]
    ),
    value=option_values,
)
def test_fuzz_option_values_end_in_an_exit_code_never_a_traceback(
    command: tuple[str, str], value: str
) -> None:
    from typer.testing import CliRunner

    from mlhire_calc.cli.app import app

    name, option = command
    args = [name, option, value, "-f", "csv"]
    if name == "rank" and option != "--deadline":
        args += ["--deadline", "2027-Q3"]
    if name != "budget" and option != "--start":
        args += ["--start", "2026-12-01"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code in (0, 1, 2, 3), (args, result.exit_code, result.exception)
    assert result.exception is None or isinstance(result.exception, SystemExit), (args, result.exception)
    assert "Traceback" not in result.stderr
    if result.exit_code:
        assert result.stderr.startswith("mlhire: error: ") and len(result.stderr.strip().splitlines()) == 1, (
            args,
            result.stderr,
        )
