"""Dates as people write them: one parser for every date option and every plan column."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import typer
from hypothesis import given
from hypothesis import strategies as st

from mlhire_calc.datafiles.load import default_data_dir
from mlhire_calc.domain.choices import DateOrder
from mlhire_calc.domain.errors import UsageError
from mlhire_calc.domain.timeline import MONTHS, parse_date, parse_deadline

DAY0 = date(2026, 12, 1)
SEP30 = (date(2027, 9, 30), date(2027, 9, 30))
SEPTEMBER = (date(2027, 9, 1), date(2027, 9, 30))
Q3 = (date(2027, 7, 1), date(2027, 9, 30))
FORMS = {  # text -> (its first day: a start, its last day: a deadline)
    "2027-09-30": SEP30,
    "2027-9-30": SEP30,
    "2027/09/30": SEP30,
    "2027/9/30": SEP30,
    "2027.09.30": SEP30,
    "20270930": SEP30,
    " 2027-09-30 ": SEP30,
    "30.09.2027": SEP30,  # 30 can only be the day
    "30/09/2027": SEP30,
    "9/30/2027": SEP30,
    "30-09-2027": SEP30,
    "30 Sep 2027": SEP30,
    "30-Sep-2027": SEP30,
    "Sep 30, 2027": SEP30,
    "September 30 2027": SEP30,
    "04/04/2027": (date(2027, 4, 4), date(2027, 4, 4)),  # the same day either way
    "2027-09": SEPTEMBER,
    "2027-9": SEPTEMBER,
    "2027/9": SEPTEMBER,
    "Sep 2027": SEPTEMBER,
    "September 2027": SEPTEMBER,
    "sep-2027": SEPTEMBER,
    "SEPT 2027": SEPTEMBER,
    "Sep. 2027": SEPTEMBER,
    "2028-02": (date(2028, 2, 1), date(2028, 2, 29)),
    "2027-Q3": Q3,
    "Q3 2027": Q3,
    "Q3-2027": Q3,
    "2027Q3": Q3,
    "q3/2027": Q3,
    "0001-01-01": (date(1, 1, 1), date(1, 1, 1)),
    "9999-12": (date(9999, 12, 1), date(9999, 12, 31)),
    "9999-Q4": (date(9999, 10, 1), date(9999, 12, 31)),
}
ORDERED = {  # (text, order) -> the day
    ("04/05/2027", DateOrder.mdy): date(2027, 4, 5),
    ("04/05/2027", DateOrder.dmy): date(2027, 5, 4),
    ("04.01.27", DateOrder.dmy): date(2027, 1, 4),
    ("04.01.27", DateOrder.mdy): date(2027, 4, 1),
    ("1/15/27", DateOrder.mdy): date(2027, 1, 15),
    ("15.01.2027", DateOrder.dmy): date(2027, 1, 15),
    ("2027-09-30", DateOrder.dmy): date(2027, 9, 30),  # a year-first date needs no order
}
REFUSED = {  # text -> what the one-line error says
    "04/05/2027": "could be 2027-04-05 (mdy) or 2027-05-04 (dmy); give the date order (--date-order",
    "04.01.27": "'04.01.27' has a two-digit year; give the date order (--date-order mdy or dmy)",
    "2027-02-30": "'2027-02-30' is not a valid date: February 2027 has 28 days",
    "2027-13": "is not a valid date: there is no month 13",
    "2027-13-01": "is not a valid date: there is no month 13",
    "31/02/2027": "is not a valid date read either way",
    "0000-01-01": "years run from 1 to 9999",
    "0000-05": "years run from 1 to 9999",
    "Q3-0000": "years run from 1 to 9999",
    "10000-01-01": "is not a date; write a day (2027-09-30",
    "2027-Q5": "Q5 is not Q1 to Q4",
    "Q0": "Q0 is not Q1 to Q4",
    "next year": "is not a date",
    "Sep 27": "is not a date",  # September 27th, or September 2027?
    "Smarch 2027": "is not a date",
    "30 Sep 30 2027": "gives two days",
    "": "is not a date",
}


# ---------------------------------------------------------------- the parser


@pytest.mark.parametrize("text", list(FORMS))
def test_a_start_is_the_first_day_and_a_deadline_the_last(text: str) -> None:
    first, last = FORMS[text]
    assert parse_date(text) == first
    assert parse_deadline(text, start=DAY0) == last


@pytest.mark.parametrize(("text", "order"), list(ORDERED), ids=[f"{t} {o.value}" for t, o in ORDERED])
def test_the_date_order_reads_a_date_that_could_swap(text: str, order: DateOrder) -> None:
    assert parse_date(text, order=order) == ORDERED[text, order]
    assert parse_deadline(text, start=DAY0, order=order) == ORDERED[text, order]


@pytest.mark.parametrize("text", list(REFUSED))
def test_what_is_not_one_day_is_refused_saying_why(text: str) -> None:
    for parse in (lambda: parse_date(text, subject="start"), lambda: parse_deadline(text, start=DAY0)):
        with pytest.raises(UsageError) as caught:
            parse()
        assert REFUSED[text] in caught.value.message
        assert "\n" not in caught.value.message


def test_an_order_that_contradicts_the_date_is_refused() -> None:
    with pytest.raises(
        UsageError, match=r"'15/01/2027' is not a valid date read as mdy: there is no month 15"
    ):
        parse_date("15/01/2027", order=DateOrder.mdy)


def test_a_quarter_alone_is_the_next_one_for_a_deadline_and_needs_a_year_for_a_start() -> None:
    assert parse_deadline("Q3", start=DAY0) == date(2027, 9, 30)
    assert parse_deadline("Q4", start=DAY0) == date(2026, 12, 31)
    assert parse_deadline("q4", start=date(2027, 1, 1)) == date(2027, 12, 31)
    with pytest.raises(UsageError, match="is a quarter without a year; write it like 2027-Q3"):
        parse_date("Q3", subject="start")
    with pytest.raises(UsageError, match="dates end at 9999-12-31"):
        parse_deadline("Q3", start=date(9999, 10, 1))


def _renderings(day: date) -> Iterator[tuple[str, DateOrder | None]]:
    """Ways people write `day`, with the date order each needs (None: none)."""
    name = MONTHS[day.month - 1]
    yield day.isoformat(), None
    yield f"{day.year:04d}-{day.month}-{day.day}", None
    yield f"{day.year:04d}/{day.month:02d}/{day.day:02d}", None
    yield f"{day.day} {name[:3]} {day.year:04d}", None
    yield f"{name} {day.day}, {day.year:04d}", None
    yield f"{day.day:02d}.{day.month:02d}.{day.year:04d}", DateOrder.dmy
    yield f"{day.month}/{day.day}/{day.year:04d}", DateOrder.mdy
    if 2000 <= day.year <= 2099:
        yield f"{day.day:02d}.{day.month:02d}.{day.year % 100:02d}", DateOrder.dmy


@given(st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)))
def test_every_day_reads_back_from_every_form(day: date) -> None:
    for text, order in _renderings(day):
        assert parse_date(text, order=order) == day, text
        if order is None or day.day > 12 or day.day == day.month:
            continue
        with pytest.raises(UsageError, match="give the date order"):  # never guessed
            parse_date(text)


@given(st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)))
def test_a_numeric_date_without_an_order_reads_only_when_one_reading_is_a_day(day: date) -> None:
    text = f"{day.day}/{day.month}/{day.year:04d}"
    if day.day > 12 or day.day == day.month:
        assert parse_date(text) == day
    else:
        with pytest.raises(UsageError, match=r"could be .* \(mdy\) or .* \(dmy\)"):
            parse_date(text)


# ---------------------------------------------------------------- every date option

DATE_OPTIONS = [
    ("compare", "--start"),
    ("rank", "--start"),
    ("rank", "--deadline"),
    ("budget", "--start"),
    ("report", "--start"),
    ("report", "--deadline"),
    ("diff", "--start"),
]
OPTION_IDS = [" ".join(option) for option in DATE_OPTIONS]
# One form of each kind, for every option (the parser's tests above hold them all).
SAMPLE_FORMS = [
    "2027-09-30",
    "2027-9-30",
    "2027/09/30",
    "30.09.2027",
    "9/30/2027",
    "Sep 30, 2027",
    "2027-09",
    "Sep 2027",
    "September 2027",
    "sep-2027",
    "2027-Q3",
]


def _args(command: str, option: str, text: str, tmp_path: Path) -> list[str]:
    """A command line that gives `text` to `option`, and nothing that would fail without it."""
    args = [command, option, text]
    if option == "--deadline":
        args += ["--start", "2026-12-01"]
    elif command == "rank":
        args += ["--deadline", "2999-12-31"]
    if command == "report":
        args += ["--output", str(tmp_path / "page.html")]
    if command == "diff":
        args += ["--base", str(default_data_dir())]
    return args


@pytest.fixture
def dates_given(monkeypatch: pytest.MonkeyPatch) -> dict[str, date]:
    """The start and deadline each command hands its core, captured there (nothing is computed)."""
    import mlhire_calc.api
    import mlhire_calc.output.report.build

    seen: dict[str, date] = {}

    def fake(getter: Callable[..., dict[str, date]]) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            seen.update(getter(*args, **kwargs))
            raise typer.Exit(0)

        return call

    monkeypatch.setattr(mlhire_calc.api, "compare", fake(lambda *a, **k: {"--start": k["start"]}))
    monkeypatch.setattr(mlhire_calc.api, "budget", fake(lambda *a, **k: {"--start": k["start"]}))
    monkeypatch.setattr(
        mlhire_calc.api,
        "rank",
        fake(lambda _, deadline, start, **k: {"--start": start, "--deadline": deadline}),
    )
    monkeypatch.setattr(mlhire_calc.api, "diff", fake(lambda _, __, start, **k: {"--start": start}))
    monkeypatch.setattr(
        mlhire_calc.output.report.build,
        "build",
        fake(lambda _, question, *__: {"--start": question.start, "--deadline": question.deadline}),
    )
    return seen


@pytest.mark.parametrize("text", SAMPLE_FORMS)
@pytest.mark.parametrize(("command", "option"), DATE_OPTIONS, ids=OPTION_IDS)
def test_every_date_option_reads_every_form(  # type: ignore[no-untyped-def]
    cli, dates_given, tmp_path: Path, command: str, option: str, text: str
) -> None:
    cli(*_args(command, option, text, tmp_path))
    first, last = FORMS[text]
    assert dates_given[option] == (last if option == "--deadline" else first)


@pytest.mark.parametrize(("command", "option"), DATE_OPTIONS, ids=OPTION_IDS)
def test_every_date_option_refuses_an_ambiguous_date_and_takes_the_order(  # type: ignore[no-untyped-def]
    cli, dates_given, tmp_path: Path, command: str, option: str
) -> None:
    refused = cli(*_args(command, option, "04/05/2027", tmp_path), code=2)
    assert refused.stderr == (
        f"mlhire: error: {option}: '04/05/2027' could be 2027-04-05 (mdy) or 2027-05-04 (dmy); "
        "give the date order (--date-order mdy or dmy) or write YYYY-MM-DD\n"
    )
    cli(*_args(command, option, "04/05/2027", tmp_path), "--date-order", "dmy")
    assert dates_given[option] == date(2027, 5, 4)
    cli(*_args(command, option, "04.01.27", tmp_path), "--date-order", "dmy")
    assert dates_given[option] == date(2027, 1, 4)


def test_compare_and_rank_take_a_month_as_budget_does(cli) -> None:  # type: ignore[no-untyped-def]
    """Issue #25: `compare --start 2026-12` and `rank --start 2026-12` were refused."""
    assert cli("compare", "--start", "2026-12", "-f", "json").stdout == (
        cli("compare", "--start", "2026-12-01", "-f", "json").stdout
    )
    by_month = cli("rank", "--start", "2026-12", "-d", "Sep 2027", "-f", "json").stdout
    assert by_month == cli("rank", "--start", "2026-12-01", "-d", "2027-09-30", "-f", "json").stdout


EDGES = ["0001-01-01", "0001-01", "9999-12-31", "9999-12", "9999-Q4", "0000-01-01", "10000-01-01", "9999-13"]


@pytest.mark.parametrize("text", EDGES)
@pytest.mark.parametrize(("command", "option"), DATE_OPTIONS, ids=OPTION_IDS)
def test_the_first_and_last_years_are_answered_or_refused_in_one_line(  # type: ignore[no-untyped-def]
    cli, tmp_path: Path, command: str, option: str, text: str
) -> None:
    args = _args(command, option, text, tmp_path)
    if command == "rank" and option == "--start":
        args[args.index("2999-12-31")] = "9999-12-31"
    run = cli(*args, code=None)
    assert run.exit_code in (0, 2), (run.exit_code, run.stderr)
    if run.exit_code:
        assert run.stderr.startswith("mlhire: error: ") and run.stderr.count("\n") == 1, run.stderr
        assert "unexpected" not in run.stderr and "Traceback" not in run.stderr


@pytest.mark.parametrize("command", ["rank", "report"])
def test_a_deadline_more_than_100_years_out_is_refused(cli, tmp_path: Path, command: str) -> None:  # type: ignore[no-untyped-def]
    """The spend to a deadline compounds yearly raises; past MAX_MONTHS it cannot be computed."""
    args = _args(command, "--deadline", "2126-12-01", tmp_path)
    cli(*args[:3], "--work", "3m", *args[3:], "-p", "embedded")
    args = _args(command, "--deadline", "2126-12-02", tmp_path)
    refused = cli(*args, code=2)
    assert refused.stderr == (
        "mlhire: error: --deadline: 2126-12-02 is more than 100 years after the start 2026-12-01\n"
    )


def test_diff_skips_a_reference_question_more_than_100_years_out(cli) -> None:  # type: ignore[no-untyped-def]
    shown = cli("diff", "--base", str(default_data_dir()), "--start", "1900-01-01", "-f", "json").stdout
    assert "the deadline is more than 100 years after the start 1900-01-01" in shown


def test_every_command_that_reads_a_date_takes_the_date_order() -> None:
    from mlhire_calc.cli.app import HELP, app

    group = typer.main.get_command(app)
    context = typer.Context(group)
    with_dates = []
    for name in HELP:
        command = group.get_command(context, name)
        assert command is not None
        options = {option for param in command.params for option in param.opts}
        if options & {"--start", "--deadline", "--plan"}:
            with_dates.append(name)
            assert "--date-order" in options, name
    assert set(with_dates) == {
        "compare",
        "rank",
        "budget",
        "diff",
        "report",
        "sensitivity",
        "simulate",
        "afford",
    }


# ---------------------------------------------------------------- plan columns

HEADER = "role,path,decided,headcount,end"


def _budget(cli_json: Any, tmp_path: Path, decided: str, end: str, *args: str) -> Any:
    plan = tmp_path / "plan.csv"
    plan.write_text(f'{HEADER}\nml-engineer,embedded,"{decided}",1,"{end}"\n', encoding="utf-8")
    return cli_json("budget", "--plan", str(plan), "--start", "2027-01", *args)


@pytest.mark.parametrize(
    ("decided", "end"),
    [
        ("2027-1-1", "2027-9-30"),
        ("2027/01/01", "2027/09/30"),
        ("Jan 2027", "30 Sep 2027"),
        ("January 1, 2027", "Sep 30, 2027"),
        ("2027-Q1", "30.09.2027"),
        ("01.01.2027", "9/30/2027"),
        ("20270101", "20270930"),
    ],
)
def test_plan_dates_read_as_options_do(cli_json, tmp_path: Path, decided: str, end: str) -> None:  # type: ignore[no-untyped-def]
    assert _budget(cli_json, tmp_path, decided, end) == _budget(
        cli_json, tmp_path, "2027-01-01", "2027-09-30"
    )


def test_plan_two_digit_years_with_the_order(cli_json, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ordered = _budget(cli_json, tmp_path, "01.01.27", "04.10.27", "--date-order", "dmy")
    assert ordered == _budget(cli_json, tmp_path, "2027-01-01", "2027-10-04")


PLAN_COMMANDS = {  # each command that reads a plan, and where it prints its error
    "budget": (["budget", "--start", "2027-01", "--plan"], "stderr"),
    "validate": (["validate"], "stdout"),
    "report": (["report", "--start", "2027-01", "-o", "{tmp}/page.html", "--plan"], "stderr"),
    "diff": (["diff", "--base", str(default_data_dir()), "--start", "2027-01", "--plan"], "stderr"),
}


@pytest.mark.parametrize("name", list(PLAN_COMMANDS))
def test_every_plan_reader_refuses_an_ambiguous_date_and_takes_the_order(  # type: ignore[no-untyped-def]
    runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    import mlhire_calc.output.report.page
    from mlhire_calc.cli.app import app

    monkeypatch.setattr(
        mlhire_calc.output.report.page, "render_page", lambda page: "<html></html>"
    )  # no charts
    plan = tmp_path / "plan.csv"
    plan.write_text(f"{HEADER}\nml-engineer,embedded,04/05/2027,1,\n", encoding="utf-8")
    prefix, stream = PLAN_COMMANDS[name]
    args = [arg.replace("{tmp}", str(tmp_path)) for arg in prefix] + [str(plan)]
    refused = runner.invoke(app, args)
    assert refused.exit_code == 1, (refused.stdout, refused.stderr)
    shown = getattr(refused, stream)
    assert "decided '04/05/2027' could be 2027-04-05 (mdy) or 2027-05-04 (dmy)" in shown
    assert "(--date-order mdy or dmy)" in shown
    ordered = runner.invoke(app, [*args, "--date-order", "dmy"])
    assert ordered.exit_code == 0, (ordered.stdout, ordered.stderr)
