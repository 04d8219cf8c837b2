"""`mlhire report`: the page's figures equal the JSON of compare, rank and budget."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from markupsafe import escape

from mlhire_calc.datafiles.load import default_data_dir, load_catalog
from mlhire_calc.domain.timeline import parse_duration
from mlhire_calc.engine.curves import done_by_curve
from mlhire_calc.engine.rank import completion_dist, probability_by
from mlhire_calc.output.formats.json import json_ready
from mlhire_calc.output.layout import percent_cell
from mlhire_calc.output.report.build import Question, build, default_deadline

from .report_support import formatted, page_text, parse, resolve, sentences

START = "2026-12-01"
QUESTION = ["--start", START, "-p", "embedded", "-p", "latam-direct", "-p", "in-house-fte"]
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"  # holds data/, the fixture data


def _report(cli: Any, tmp_path: Path, *args: str, name: str = "decision.html") -> str:
    target = tmp_path / name
    result = cli("report", *args, "-o", str(target))
    assert result.stdout.strip() == f"wrote {target}"
    return target.read_text(encoding="utf-8")


def _check_figures(html: str, documents: dict[str, Any]) -> int:
    """Every tagged figure of the documents given equals its JSON value; returns how many
    were checked (a test may leave out sensitivity and simulate, which the others check, and
    the second data set's compare and rank, which only a page with --vs-dataset has)."""
    parsed = parse(html)
    checked = 0
    for key, kind, text in parsed.figures:
        source, _, path = key.partition("/")
        if source in documents or source not in ("sensitivity", "simulate", "vs_compare", "vs_rank"):
            assert text == formatted(resolve(documents[source], path), kind), key
            checked += 1
    return checked


ASKED = ["--deadline", "2027-06-30", "--work", "6w"]
SAMPLED = ["--samples", "20000", "--seed", "1", "--confidence", "0.9"]


def test_every_figure_equals_the_json_of_compare_rank_and_budget(cli, cli_json, tmp_path) -> None:  # type: ignore[no-untyped-def]
    html = _report(cli, tmp_path, *QUESTION, *ASKED)
    rank = cli_json("rank", *QUESTION, *ASKED)
    ranked = [arg for entry in rank["paths"] for arg in ("-p", entry["id"])]
    documents = {
        "compare": cli_json("compare", *QUESTION),
        "rank": rank,
        "budget": cli_json("budget", *QUESTION),
        "sensitivity": cli_json("sensitivity", *QUESTION, *ASKED),
        "simulate": cli_json("simulate", "--start", START, *ranked, *ASKED, *SAMPLED),
    }
    assert _check_figures(html, documents) > 100
    keys = {key.partition("/")[0] for key, _, _ in parse(html).figures}
    assert {"sensitivity", "simulate"} <= keys  # the tornado's and the joint chart's tables
    compare = {p["id"]: p for p in documents["compare"]["paths"]}
    cheapest = min(compare.values(), key=lambda p: p["total"]["mid"])
    assert f"USD {round(cheapest['total']['mid']):,} for 12 months of shipped work" in html
    assert documents["rank"]["headline"] in html
    assert documents["compare"]["data"]["fingerprint"] in html
    assert documents["compare"]["data"]["as_of"] in html
    for line in documents["compare"]["footnotes"]:
        assert str(escape(line.removeprefix("† "))) in html
    # the lifecycle's figures are on the page, tagged (so checked above)
    keys = {key for key, _, _ in parse(html).figures}
    for entry in compare.values():
        key = f"compare/paths[id={entry['id']}]"
        assert {f"{key}/expected/mid", f"{key}/cost_per_work_month/mid", f"{key}/ramp_months"} <= keys
        for item in entry["items"]:
            assert f"{key}/items[id={item['id']}]/amount/mid" in keys
        if entry["break_even"] is not None:
            assert f"{key}/break_even/on" in keys and f"{key}/break_even/text" in keys
    assert any(item["kind"] == "expected" for entry in compare.values() for item in entry["items"])


def test_every_date_says_what_it_promises(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Without --work "done" is the first PR: a sentence that puts a date within 11 months of
    the start next to "done" says "first PR", so no one reads a year's work done in weeks."""
    question = ["-p", "all", "--start", START, "--deadline", "2027-06-30"]
    soon = date(2027, 11, 1)  # 11 months after the start
    checked = 0
    for args in ([], ["--headcount", "2"]):
        html = _report(cli, tmp_path, *question, *args)
        for sentence in sentences(page_text(html)):
            days = [date.fromisoformat(day) for day in re.findall(r"\b\d{4}-\d{2}-\d{2}\b", sentence)]
            if re.search(r"\bdone\b", sentence, re.IGNORECASE) and any(day < soon for day in days):
                assert "first PR" in sentence, sentence
                checked += 1
    assert checked >= 2
    headline = page_text(html.split('id="headline"', 1)[1].split("</section>", 1)[0])
    assert "first PRs (both hires at first PR) by 2027-" in headline
    assert re.search(r"the 12 months of shipped work run to about 2027-1\d-\d\d \(median\)", headline)
    with_work = page_text(_report(cli, tmp_path, *question, "--work", "6w"))
    assert "with its work done (first PR + 6 weeks) by 2027-06-30 at 90%" in with_work
    assert re.search(r"work done \(first PR \+ 6 weeks\) by 2027-\d\d-\d\d at 90%", with_work)


def test_expected_replacement_lines_are_marked_expected(cli, cli_json, tmp_path) -> None:  # type: ignore[no-untyped-def]
    html = _report(cli, tmp_path, *QUESTION)
    compare = cli_json("compare", *QUESTION)
    for entry in compare["paths"]:
        table = html.split(f'<table class="items" data-path="{entry["id"]}">', 1)[1].split("</table>", 1)[0]
        rows = table.split("<tr")[2:]  # after the header row
        for item, row in zip(entry["items"], rows, strict=False):
            assert str(escape(item["name"])) in row
            assert (' expected"' in row.split(">", 1)[0]) == (item["kind"] == "expected"), item["id"]
            kind_cell = '<td class="kind-expected">expected' if item["kind"] == "expected" else "<td>"
            assert kind_cell in row
        subtotal = next(row for row in rows if "Expected subtotal" in row)
        assert f"{entry['expected']['mid']:,.2f}" in subtotal


def test_break_even_is_compares_and_the_spend_lines_cross_there(cli, cli_json, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """One rule: the chart marks compare's break-even, where budget's cumulative lines cross."""
    html = _report(cli, tmp_path, *QUESTION)
    compare = cli_json("compare", *QUESTION)
    budget = cli_json("budget", *QUESTION)
    spend: dict[str, list[tuple[str, float]]] = {}
    for row in budget["rows"]:
        spend.setdefault(row["path"], []).append((row["month"], row["cumulative"]))
    baseline = spend[compare["baseline"]]
    crossings = 0
    for entry in compare["paths"]:
        found = entry["break_even"]
        if found is None or found["month"] is None:
            continue
        crossings += 1
        month = found["on"][:7]
        assert f"break-even {month}:" in html and entry["id"] in html.split(f"break-even {month}:", 1)[1][:80]
        signs = [(a > b) - (a < b) for (_, a), (_, b) in zip(spend[entry["id"]], baseline, strict=True)]
        first = next(sign for sign in signs if sign)
        crossed = next(index for index, sign in enumerate(signs) if sign and sign != first)
        assert spend[entry["id"]][crossed][0] == month
        assert found["cheaper_after"] == (signs[crossed] < 0)
    assert crossings >= 1


def test_the_page_is_built_from_the_commands_documents(cli_json) -> None:  # type: ignore[no-untyped-def]
    question = Question(
        start=date(2026, 12, 1),
        deadline=date(2027, 6, 30),
        path_ids=("embedded", "latam-direct", "in-house-fte"),
        work=parse_duration("6w"),
    )
    page = build(load_catalog(), question)
    rank = cli_json("rank", *QUESTION, "--deadline", "2027-06-30", "--work", "6w")
    assert json_ready(page.compare) == cli_json("compare", *QUESTION)
    assert json_ready(page.rank) == rank
    budget = cli_json("budget", *QUESTION)
    assert json_ready(page.budget) == budget and budget["alternatives"] is True
    assert page.robust is not None and page.robust.simulate is not None
    assert json_ready(page.robust.sensitivity) == cli_json("sensitivity", *QUESTION, *ASKED)
    ranked = [arg for entry in rank["paths"] for arg in ("-p", entry["id"])]
    sampled = cli_json("simulate", "--start", START, *ranked, *ASKED, *SAMPLED)
    assert json_ready(page.robust.simulate) == sampled


def test_a_plan_stacked_by_role_equals_budget_with_the_plan(cli, cli_json, tmp_path) -> None:  # type: ignore[no-untyped-def]
    plan = str(EXAMPLES / "hiring-plan.csv")
    html = _report(cli, tmp_path, "--start", "2027-01", "--plan", plan, "--by", "role")
    paths = ["-p", "ai-platform", "-p", "embedded", "-p", "in-house-fte", "-p", "latam-direct"]
    deadline = default_deadline(date(2027, 1, 1)).isoformat()
    documents = {
        "compare": cli_json("compare", "--start", "2027-01-01", *paths),
        "rank": cli_json("rank", "--start", "2027-01-01", *paths, "--deadline", deadline),
        "budget": cli_json("budget", "--start", "2027-01", "--plan", plan, "--by", "path"),
        "plan": cli_json("budget", "--start", "2027-01", "--plan", plan, "--by", "role"),
    }
    _check_figures(html, documents)
    assert 'data-key="plan/totals/total"' in html
    assert 'id="chart-plan"' in html
    assert "Recommendations pipeline (bridge)" in html


def test_overrides_reach_every_figure(cli, cli_json, tmp_path) -> None:  # type: ignore[no-untyped-def]
    overrides = ["--fte-annual", "288000", "--embedded-monthly", "12k"]
    html = _report(cli, tmp_path, *QUESTION, *overrides, "--basis", "calendar")
    deadline = default_deadline(date(2026, 12, 1)).isoformat()
    compare = cli_json("compare", *QUESTION, *overrides, "--basis", "calendar")
    documents = {
        "compare": compare,
        "rank": cli_json("rank", *QUESTION, *overrides, "--deadline", deadline),
        "budget": cli_json("budget", *QUESTION, *overrides),
    }
    assert _check_figures(html, documents) > 100
    # the monthly spend with overrides adds up to compare --basis calendar, path by path
    spent = {key: text for key, _, text in parse(html).figures if key.startswith("budget/totals/groups")}
    for entry in compare["paths"]:
        assert spent[f"budget/totals/groups[path={entry['id']}]/total"] == f"{entry['total']['mid']:,.2f}"
    assert "--embedded-monthly 12k --fte-annual 288000" in html
    block = html.split('<pre id="json-commands"><code>', 1)[1].split("</code>", 1)[0]
    assert all("--embedded-monthly 12k --fte-annual 288000" in line for line in block.strip().splitlines())


def test_the_page_asks_for_nothing_from_the_network(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    html = _report(cli, tmp_path, *QUESTION)
    parsed = parse(html)
    names = {tag for tag, _ in parsed.tags}
    assert not names & {"script", "link", "img", "iframe", "object", "embed", "audio", "video", "source"}
    for tag, attrs in parsed.tags:
        for name in ("src", "href", "xlink:href", "action", "poster"):
            value = attrs.get(name)
            assert value is None or value.startswith("#"), (tag, name, value)
    assert "@import" not in html and "url(http" not in html and "@font-face" not in html
    assert "Content-Security-Policy" in html


def test_plan_labels_and_data_names_are_text(cli, tmp_path, data_copy) -> None:  # type: ignore[no-untyped-def]
    plan = tmp_path / "plan.csv"
    plan.write_text(
        "role,path,start,headcount,label\n"
        'ml-engineer,embedded,2027-01-04,1,"<script>alert(1)</script>"\n'
        "ml-engineer,in-house-fte,2027-01-04,1,$5 & <b>bold</b>\n",
        encoding="utf-8",
    )
    paths = data_copy / "paths.yaml"
    text = paths.read_text(encoding="utf-8")
    paths.write_text(
        text.replace(
            "name: Embedded engineer (agency, flat monthly fee)",
            'name: "Embedded <img src=x onerror=alert(2)> $13.5K"',
        ),
        encoding="utf-8",
    )
    html = _report(
        cli, tmp_path, "--start", "2027-01", "--plan", str(plan), "--data-dir", str(data_copy), "--by", "role"
    )
    assert "<script" not in html and "<img" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "$5 &amp; &lt;b&gt;bold&lt;/b&gt;" in html
    assert "Embedded &lt;img src=x onerror=alert(2)&gt; $13.5K" in html


def test_the_command_on_the_page_regenerates_it(cli, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(FIXTURES)  # the page names the data directory relative to here: `data`
    first = _report(cli, tmp_path, *QUESTION, "-d", "Q3", "-w", "3w", "--delay-cost-per-month", "20000")
    line = first.split('<pre id="command"><code>', 1)[1].split("</code>", 1)[0]
    args = line.replace("&#39;", "'").split()
    assert args[:2] == ["mlhire", "report"] and args[-2:] == ["-o", "decision.html"]  # by its name
    assert "--data-dir data " in line
    again = tmp_path / "again.html"
    cli(*args[1:-2], "-o", str(again))
    second = again.read_text(encoding="utf-8").replace("-o again.html", "-o OUT")
    assert second == first.replace("-o decision.html", "-o OUT")


ABSOLUTE = re.compile(r"(?<![\w.:/-])/(?:[\w.-]+/)+[\w.-]*")  # /a/b or /a/b/c.txt, not a URL's path


def test_the_page_names_no_path_of_this_machine(cli, tmp_path, monkeypatch, data_copy) -> None:  # type: ignore[no-untyped-def]
    """A forwarded page carries no home directory, temporary folder or site-packages: the shipped
    data by its name, a --data-dir and a plan by their names (or relative to here)."""
    import sysconfig

    plan = tmp_path / "plans" / "q1.csv"
    plan.parent.mkdir()
    plan.write_text("role,path,start,headcount\nml-engineer,embedded,2027-01-04,1\n", encoding="utf-8")
    elsewhere = tmp_path / "pages"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    machine = {str(Path.home()), str(tmp_path), str(data_copy), sysconfig.get_paths()["purelib"], sys.prefix}
    machine |= {str(Path(__file__).resolve().parent.parent), str(default_data_dir())}
    local = _report(cli, tmp_path, "--start", "2027-01", "--plan", str(plan), "--data-dir", str(data_copy))
    monkeypatch.delenv("MLHIRE_DATA_DIR")  # the shipped data, wherever it is installed
    shipped = _report(cli, tmp_path, *QUESTION)
    for html, name in ((shipped, "shipped data (seed)"), (local, data_copy.name)):
        text = html.split("<body>", 1)[1]
        assert not [place for place in machine if place in text]
        assert ABSOLUTE.findall(page_text(text)) == []
        assert f'<dd id="data-name">{name}</dd>' in text
    assert "from q1.csv</caption>" in local and "--plan q1.csv" in local
    assert f"--data-dir {data_copy.name} " in local and "-o decision.html" in local


def test_usage_errors(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    assert "--output" in cli("report", "-o", "-", code=2).stderr
    assert "--by" in cli("report", "--by", "month", "-o", str(tmp_path / "x.html"), code=2).stderr
    plan = str(EXAMPLES / "hiring-plan.csv")
    result = cli("report", "--plan", plan, "-p", "embedded", "-o", str(tmp_path / "x.html"), code=2)
    assert "--plan or --path" in result.stderr
    assert "unknown path" in cli("report", "-p", "nope", "-o", str(tmp_path / "x.html"), code=1).stderr
    assert not (tmp_path / "x.html").exists()


PROBE = """
import sys
for name in ("matplotlib", "jinja2"):
    sys.modules[name] = None  # as if the report extra were not installed
sys.argv = ["mlhire", "report", "-o", sys.argv[1]]
from mlhire_calc.cli.app import main
main()
"""


def test_without_the_extra_one_line_names_the_install_command(tmp_path) -> None:
    target = tmp_path / "decision.html"
    result = subprocess.run([sys.executable, "-c", PROBE, str(target)], capture_output=True, text=True)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "pip install 'mlhire[report]'" in result.stderr
    assert not target.exists()


LOADED = """
import sys
sys.argv = ["mlhire", *sys.argv[1:]]
from mlhire_calc.cli.app import main
try:
    main()
except SystemExit:
    pass
print("LOADED", ",".join(sorted({m.split(".")[0] for m in sys.modules})), file=sys.stderr)
"""


@pytest.mark.parametrize(
    "args", [["--help"], ["report", "--help"], ["compare", "-f", "csv"], ["rank", "-d", "Q3", "-f", "json"]]
)
def test_other_commands_never_load_the_report_extra(args: list[str]) -> None:
    result = subprocess.run(
        [sys.executable, "-c", LOADED, *args], capture_output=True, text=True, env=dict(os.environ)
    )
    line = next(line for line in result.stderr.splitlines() if line.startswith("LOADED"))
    loaded = set(line.removeprefix("LOADED ").split(","))
    assert not loaded & {"jinja2", "matplotlib", "markupsafe", "numpy", "playwright"}, loaded


def test_done_by_curve_matches_rank_and_runs_weekly_past_the_p99() -> None:
    catalog = load_catalog()
    start, deadline = date(2026, 12, 1), date(2027, 6, 30)
    work = parse_duration("6w")
    for path in catalog.paths.values():
        completion = completion_dist(path, work, "ml-engineer")
        points = done_by_curve(completion, start, through=deadline, extra_days=[deadline])
        days = [p.day for p in points]
        assert days[0] == start and days == sorted(days)
        weekly = {start + timedelta(days=7 * n) for n in range((days[-1] - start).days // 7 + 1)}
        assert weekly <= set(days)
        assert (days[-1] - start).days > completion.quantile(0.99)
        assert points[-1].probability >= 0.99
        probabilities = [p.probability for p in points]
        assert probabilities == sorted(probabilities)
        at_deadline = next(p for p in points if p.day == deadline)
        assert at_deadline.probability == probability_by(path, start, deadline, work, "ml-engineer")


def test_default_deadline_is_the_end_of_the_quarter_six_months_out() -> None:
    assert default_deadline(date(2026, 12, 1)) == date(2027, 6, 30)
    assert default_deadline(date(2027, 1, 15)) == date(2027, 9, 30)


@pytest.mark.parametrize("beside", [[], ["--vs-dataset", "market"]])
def test_json_commands_on_the_page_are_runnable(cli, tmp_path, monkeypatch, beside) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(FIXTURES)
    html = _report(cli, tmp_path, *QUESTION, "--deadline", "2027-Q3", *beside)
    assert ("--dataset market -f json" in html) == bool(beside)
    block = html.split('<pre id="json-commands"><code>', 1)[1].split("</code>", 1)[0]
    for line in block.strip().splitlines():
        args = line.split()
        assert args[0] == "mlhire"
        json.loads(cli(*args[1:]).stdout)


def test_a_shared_file_name_is_relative_or_its_name() -> None:
    from mlhire_calc.output.provenance import shareable_path

    assert shareable_path("plans/q1.csv") == "plans/q1.csv"
    assert shareable_path("/home/a/work/plans/q1.csv", cwd="/home/a/work") == "plans/q1.csv"
    assert shareable_path("/tmp/x/q1.csv", cwd="/home/a") == "q1.csv"
    assert shareable_path("/tmp/x/q1.csv", cwd="/") == "q1.csv"
    assert shareable_path("~/q1.csv", cwd="/srv") == "q1.csv"


def _series_colours(svg: str, path_ids: list[str]) -> dict[str, str]:
    """Each path's stroke colour in a chart, from its series group (in the legend's order)."""
    colours = {}
    for index, path_id in enumerate(path_ids):
        group = svg.split(f'id="cumulative-series-{index}"', 1)[1].split("</g>", 1)[0]
        colours[path_id] = re.search(r"stroke: (#[0-9a-f]{6})", group).group(1)  # type: ignore[union-attr]
    return colours


def test_a_path_keeps_its_colour_whichever_paths_are_compared() -> None:
    from mlhire_calc.output.report.charts import cumulative_chart

    catalog = load_catalog()
    colours = []
    for path_ids in (("embedded", "latam-direct", "in-house-fte"), ("all",), ("in-house-fte", "freelance")):
        question = Question(start=date(2026, 12, 1), deadline=date(2027, 6, 30), path_ids=path_ids)
        page = build(catalog, question)
        shown = [group["path"] for group in page.budget["totals"]["groups"]]
        colours.append(_series_colours(cumulative_chart(page), shown))
    for path_id, colour in colours[1].items():
        assert all(found.get(path_id, colour) == colour for found in colours), path_id
    assert len(set(colours[1].values())) == len(colours[1])  # and no two paths share one
    assert colours[0]["in-house-fte"] == colours[2]["in-house-fte"]


def test_with_a_budget_the_headline_gives_the_joint_answer(cli, cli_json, tmp_path) -> None:  # type: ignore[no-untyped-def]
    asked = ["--deadline", "2027-Q3", "--work", "3m"]
    rank = cli_json("rank", *QUESTION, *asked, "--budget", "60000")
    assert rank["ranked_by"] == "p_joint" and rank["budget"] == 60000
    best = rank["paths"][0]
    html = _report(cli, tmp_path, *QUESTION, *asked, "--budget", "60k")
    headline = html.split('id="headline"', 1)[1].split(">", 1)[1].split("</section>", 1)[0]
    first = page_text(headline).strip().splitlines()[0]
    assert first.startswith(f"Within USD 60,000 for the cost of the work, {best['name']} ({best['id']})")
    shown = percent_cell(Decimal(str(best["p_joint"])), human=True)
    assert f"{shown} likely to have its work done (first PR + 3 months) by 2027-09-30" in first
    # every amount of the headline to the dollar (rank's own sentence, in cents, is not repeated)
    assert not re.search(r"\d,\d{3}\.\d\d", page_text(headline)), page_text(headline)
    assert best["p_joint"] < 1  # a sample is never certainty: at most 0.999999, shown >99.9%
    block = html.split('<pre id="json-commands"><code>', 1)[1].split("</code>", 1)[0]
    assert "mlhire rank " in block and "--budget 60000" in block.split("mlhire rank ", 1)[1].split("\n")[0]
    assert 'id="data-joint"' in html and 'data-key="simulate/paths[id=embedded]/p_joint"' in html
    without = _report(cli, tmp_path, *QUESTION, *asked, name="plain.html")
    assert "joint answer" not in without and "p_joint" not in without.split('id="chart-joint"')[0]


NO_NUMPY = """
import sys
sys.modules["numpy"] = None  # as if the simulate extra were not installed
sys.argv = ["mlhire", *sys.argv[1:]]
from mlhire_calc.cli.app import main
main()
"""


def test_without_numpy_the_page_still_comes_out_and_says_what_the_chart_needs(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """matplotlib imports numpy, so the report extra always brings it; should the simulation
    still be unable to run, the page comes out and says what its joint chart needs."""
    from mlhire_calc.output.report import robust
    from mlhire_calc.output.report.page import render_page

    monkeypatch.setattr(robust, "has_numpy", lambda: False)
    question = Question(
        start=date(2026, 12, 1), deadline=date(2027, 9, 30), path_ids=("all",), budget=Decimal(300000)
    )
    page = build(load_catalog(), question)
    html = render_page(page)
    assert page.robust is not None and page.robust.simulate is None
    assert "pip install &#39;mlhire[simulate]&#39;" in html and 'id="chart-tornado"' in html
    assert "joint answer needs numpy" in page_text(html) and "mlhire simulate --role" not in html
    assert "budget" not in page.rank  # rank could not sample it either: the page says so instead


def test_without_numpy_one_line_names_the_extra(tmp_path) -> None:
    for args, extra in (
        (["report", "--start", START, "-o", str(tmp_path / "decision.html")], "report"),
        (["rank", "--start", START, "-d", "2027-Q3", "--budget", "300k"], "simulate"),
    ):
        result = subprocess.run([sys.executable, "-c", NO_NUMPY, *args], capture_output=True, text=True)
        assert result.returncode == 2 and result.stderr.count("\n") == 1, result.stderr
        assert f"pip install 'mlhire[{extra}]'" in result.stderr and "numpy" in result.stderr
    assert not (tmp_path / "decision.html").exists()


SAMPLE = re.compile(r"<!-- report-headline: (mlhire [^>]*?) -->\n(.*?)\n *<!-- /report-headline -->", re.S)


@pytest.mark.shipped_data
def test_the_headline_in_the_docs_is_the_pages(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """docs/report.md quotes pages' headlines (one with a budget, one with --vs-dataset);
    MLHIRE_UPDATE_README=1 writes the real ones."""
    import shlex

    page = Path(__file__).resolve().parent.parent / "docs" / "report.md"
    text = page.read_text(encoding="utf-8")
    found = SAMPLE.findall(text)
    assert len(found) == 2 and any("--vs-dataset" in command for command, _ in found)
    for command, quoted in found:
        html = _report(cli, tmp_path, *shlex.split(command)[2:])
        block = html.split('id="headline"', 1)[1].split(">", 1)[1].split("</section>", 1)[0]
        paragraphs = [" ".join(page_text(p).split()) for p in re.findall(r"<p>(.*?)</p>", block, re.S)]
        indent = quoted[: len(quoted) - len(quoted.lstrip())]
        shown = f"\n{indent}>\n".join(f"{indent}> {paragraph}" for paragraph in paragraphs)
        if os.environ.get("MLHIRE_UPDATE_README"):
            text = text.replace(quoted, shown, 1)
        else:
            assert " ".join(quoted.split()) == " ".join(shown.split())
    if os.environ.get("MLHIRE_UPDATE_README"):
        page.write_text(text, encoding="utf-8")


def test_markdown_and_tables_name_the_data_set_not_its_path(cli, data_copy, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    for fmt in ("markdown", "table"):
        shown = cli("compare", "--start", START, "--data-dir", str(data_copy), "-f", fmt).stdout
        assert str(data_copy.parent) not in shown and f"Data: {data_copy.name} (as of" in shown
    monkeypatch.delenv("MLHIRE_DATA_DIR")
    shipped = cli("rank", "--start", START, "-d", "Q3", "-f", "markdown").stdout
    assert "Data: shipped data (seed) (as of" in shipped and str(default_data_dir()) not in shipped


def test_a_second_data_set_side_by_side(cli, cli_json, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """--vs-dataset: each path's totals under both shipped sets equal compare's JSON with each
    set, the dates and probabilities rank's, and the headline says whether the choice holds."""
    monkeypatch.delenv("MLHIRE_DATA_DIR")  # the shipped sets, by name
    asked = ["--deadline", "2027-Q3", "--work", "3m"]
    html = _report(cli, tmp_path, *QUESTION, *asked, "--dataset", "seed", "--vs-dataset", "market")
    documents = {
        f"{prefix}{command}": cli_json(
            command, *QUESTION, *(asked if command == "rank" else []), "--dataset", name
        )
        for prefix, name in (("", "seed"), ("vs_", "market"))
        for command in ("compare", "rank")
    }
    documents["budget"] = cli_json("budget", *QUESTION, "--dataset", "seed")
    assert _check_figures(html, documents) > 100
    section = html.split('<section id="versus">', 1)[1].split("</section>", 1)[0]
    shown = {key: text for key, _, text in parse(section).figures}
    for prefix in ("", "vs_"):
        for entry in documents[f"{prefix}compare"]["paths"]:
            mid = Decimal(str(entry["total"]["mid"])).quantize(Decimal(1))
            assert shown[f"{prefix}compare/paths[id={entry['id']}]/total/mid"] == f"{mid:,}"
            for key in ("total/low", "total/high", "cost_per_work_month/mid"):
                assert f"{prefix}compare/paths[id={entry['id']}]/{key}" in shown
        for entry in documents[f"{prefix}rank"]["paths"]:
            assert f"{prefix}rank/paths[id={entry['id']}]/done_at_confidence" in shown
            assert f"{prefix}rank/paths[id={entry['id']}]/probability" in shown
    seed = {p["id"]: p["total"]["mid"] for p in documents["compare"]["paths"]}
    market = {p["id"]: p["total"]["mid"] for p in documents["vs_compare"]["paths"]}
    assert seed != market  # the public figures move the answer
    change = Decimal(str(market["in-house-fte"])) - Decimal(str(seed["in-house-fte"]))
    assert f"{change.quantize(Decimal(1)):+,}" in section
    assert section.count('<tr><th scope="row" class="key">') == 5  # the figures that differ most
    assert "roles[ml-engineer].loaded_monthly" in section
    headline = page_text(html.split('id="headline"', 1)[1].split("</section>", 1)[0])
    assert "Under market data the choice " in headline
    block = html.split('<pre id="json-commands"><code>', 1)[1].split("</code>", 1)[0]
    assert "mlhire compare " in block and "--dataset market -f json" in block
    assert "--dataset seed --vs-dataset market -o decision.html" in html


def test_the_choice_changes_is_said_with_what_changes(cli, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Without on-time paths in one set, the sentence names what differs; never a silent "same"."""
    from mlhire_calc.output.report.versus import Choice, _headline

    monkeypatch.delenv("MLHIRE_DATA_DIR")
    compare = {
        "paths": [{"id": "a", "total": {"mid": Decimal(100)}}, {"id": "b", "total": {"mid": Decimal(90)}}]
    }
    other = {
        "paths": [{"id": "a", "total": {"mid": Decimal(80)}}, {"id": "b", "total": {"mid": Decimal(95)}}]
    }
    rank = {
        "confidence": 0.9,
        "deadline": date(2027, 9, 30),
        "done": "first PR",
        "paths": [{"id": "a", "verdict": "on_track"}, {"id": "b", "verdict": "misses"}],
    }
    documents = {"compare": compare, "rank": rank, "vs_compare": other, "vs_rank": rank}
    line, this, that = _headline("seed", "market", ("USD", "USD"), documents)
    assert (this, that) == (Choice("a", "b"), Choice("a", "a"))
    assert line == (
        "Under market data the choice changes: the cheapest overall is a at USD 80, not b "
        "(USD 90 under seed, USD 95 under market). The largest move is a's total: USD 100 under seed, "
        "USD 80 under market."
    )


def test_an_unknown_second_data_set_is_a_usage_error(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "x.html"
    result = cli("report", "--start", START, "--vs-dataset", "nope", "-o", str(target), code=2)
    assert result.stderr.count("\n") == 1
    assert "--vs-dataset" in result.stderr and "seed" in result.stderr and "market" in result.stderr
    assert not target.exists()
