"""`mlhire report`: the page's figures equal the JSON of compare, rank and budget."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from markupsafe import escape

from mlhire_calc.datafiles.load import default_data_dir, load_catalog
from mlhire_calc.domain.timeline import parse_duration
from mlhire_calc.engine.curves import done_by_curve
from mlhire_calc.engine.rank import completion_dist, probability_by
from mlhire_calc.output.formats.json import json_ready
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
    """Every tagged figure equals its JSON value; returns how many were checked."""
    parsed = parse(html)
    for key, kind, text in parsed.figures:
        source, _, path = key.partition("/")
        assert text == formatted(resolve(documents[source], path), kind), key
    return len(parsed.figures)


def test_every_figure_equals_the_json_of_compare_rank_and_budget(cli, cli_json, tmp_path) -> None:  # type: ignore[no-untyped-def]
    html = _report(cli, tmp_path, *QUESTION, "--deadline", "2027-06-30", "--work", "6w")
    documents = {
        "compare": cli_json("compare", *QUESTION),
        "rank": cli_json("rank", *QUESTION, "--deadline", "2027-06-30", "--work", "6w"),
        "budget": cli_json("budget", *QUESTION),
    }
    assert _check_figures(html, documents) > 100
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


def test_json_commands_on_the_page_are_runnable(cli, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(FIXTURES)
    html = _report(cli, tmp_path, *QUESTION, "--deadline", "2027-Q3")
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
