"""sensitivity, simulate and afford: each table and CSV figure is one of the JSON document's."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from mlhire_calc.domain.timeline import Duration
from mlhire_calc.engine.afford import afford
from mlhire_calc.engine.sensitivity import Question, sensitivity
from mlhire_calc.engine.simulate import simulate
from mlhire_calc.output.layout import Report
from mlhire_calc.output.views.afford import afford_report
from mlhire_calc.output.views.sensitivity import sensitivity_report
from mlhire_calc.output.views.simulate import simulate_report

from .test_documents import CATALOG, START, Figures, _check_csv, _document

DEADLINE = date(2027, 9, 30)


def _sensitivity(**changes: Any) -> Report:
    question = Question("ml-engineer", ("all",), Decimal(12), START, **changes)
    return sensitivity_report(sensitivity(CATALOG, question), CATALOG)


REPORTS = {
    "sensitivity": lambda: _sensitivity(),
    "sensitivity, deadline": lambda: _sensitivity(deadline=DEADLINE),
    "sensitivity, deadline and work": lambda: _sensitivity(deadline=DEADLINE, work=Duration(3, "months")),
    "simulate": lambda: simulate_report(
        simulate(CATALOG, start=START, deadline=DEADLINE, budget=Decimal(150000), samples=2000), CATALOG
    ),
    "afford, budget": lambda: afford_report(
        afford(CATALOG, start=START, deadline=DEADLINE, budget=Decimal(300000)), CATALOG
    ),
    "afford, work": lambda: afford_report(
        afford(CATALOG, start=START, deadline=DEADLINE, work=Duration(24, "months")), CATALOG
    ),
}


@pytest.mark.parametrize("case", list(REPORTS))
def test_tables_and_csv_derive_from_the_document(case: str) -> None:
    report = REPORTS[case]()
    document = _document(report)
    figures = Figures(document)
    _check_csv(report, figures, skip=("rank",))
    for table in report.tables:
        for row in table.rows:
            figures.check(table, dict(row), skip=("rank",))
    assert report.headline == [document["headline"]]
