"""The report in a real browser: headless Chromium through Playwright, from file://.

Skipped when Playwright or Chromium is missing, unless MLHIRE_REQUIRE_BROWSER=1 (set
by CI), which turns the skip into a failure. Screenshots and PDFs go to
$MLHIRE_ARTIFACTS (default .ci/artifacts/).
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from mlhire_calc.cli.app import app

CHROMIUM = os.environ.get("MLHIRE_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = Path(os.environ.get("MLHIRE_ARTIFACTS") or ROOT / ".ci" / "artifacts")
A4_WIDTH = 794  # CSS pixels: 210 mm at 96 dpi
QUESTION = ["--start", "2026-12-01", "-d", "2027-06-30", "-w", "6w"]
PATHS = ["-p", "embedded", "-p", "latam-direct", "-p", "in-house-fte"]


def _browser_missing() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install playwright)"
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        return f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    return None


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    missing = _browser_missing()
    if missing:
        if os.environ.get("MLHIRE_REQUIRE_BROWSER") == "1":
            pytest.fail(f"MLHIRE_REQUIRE_BROWSER=1 but {missing}")
        pytest.skip(missing)
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    print(f"\nreport screenshots and PDFs: {ARTIFACTS}")
    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as profile:
        context = playwright.chromium.launch_persistent_context(
            profile,
            executable_path=CHROMIUM,
            args=ARGS,
            headless=True,
            viewport={"width": 1100, "height": 900},
        )
        yield context
        context.close()


def _write(tmp_path: Path, name: str, *args: str) -> Path:
    from typer.testing import CliRunner

    target = tmp_path / name
    result = CliRunner().invoke(app, ["report", *args, "-o", str(target)])
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return target


class Visit:
    """A page opened from file://, with every request, console error and dialog recorded."""

    def __init__(self, context: Any, target: Path, width: int = 1100) -> None:
        self.url = target.as_uri()
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page = context.new_page()
        self.page.set_viewport_size({"width": width, "height": 900})
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("dialog", lambda dialog: (self.dialogs.append(dialog.message), dialog.dismiss()))
        self.page.goto(self.url, wait_until="load")

    def others(self) -> list[str]:
        return [url for url in self.requests if url != self.url]

    def close(self) -> None:
        self.page.close()


def _variance(png: bytes) -> float:
    import io

    from PIL import Image, ImageStat

    with Image.open(io.BytesIO(png)) as image:
        return float(max(ImageStat.Stat(image.convert("L")).var))


def _series(page: Any, figure: str) -> int:
    ids = page.eval_on_selector_all(f"#{figure} svg [id]", "nodes => nodes.map(n => n.id)")
    return len({match.group(1) for i in ids if (match := re.search(r"-series-(\d+)$", i))})


def test_the_page_in_chromium(browser: Any, tmp_path: Path) -> None:
    target = _write(tmp_path, "decision.html", *QUESTION, *PATHS)
    visit = Visit(browser, target)
    page = visit.page
    assert visit.others() == [], visit.others()
    assert visit.errors == []
    for figure in ("chart-cumulative", "chart-done-by", "chart-timeline"):
        assert page.locator(f"#{figure} svg").count() == 1, figure
        assert page.locator(f"#{figure} svg").bounding_box()["width"] > 300
        assert _series(page, figure) == 3, figure
        assert page.locator(f"#{figure} figcaption").inner_text().strip()
    assert page.locator("#chart-tornado svg").count() == 1 and _series(page, "chart-joint") == 3
    headline = page.locator("#headline").inner_text()
    assert "cheapest path with its work done (first PR + 6 weeks) by 2027-06-30 at 90%" in headline
    summary = page.locator("#summary-table").inner_text()
    assert "480,179" in summary and "162,000" in summary and "110,093" in summary  # to the dollar
    assert "162,000 to" not in summary  # a total without a range is one amount
    assert "40,015" in summary  # in-house-fte per month of shipped work
    assert re.search(r"2027-07\s+cheaper after", summary)  # embedded's break-even against in-house-fte
    expected = page.locator('table.items[data-path="in-house-fte"] tr.expected').all_inner_texts()
    assert len(expected) == 3 and all("expected" in row for row in expected)  # 2 lines and their subtotal
    shot = page.screenshot(full_page=True, path=str(ARTIFACTS / "report-desktop.png"))
    assert _variance(shot) > 200
    visit.close()


PHONE = 390  # CSS pixels: a current phone's viewport
TABLES_AT = """() => [...document.querySelectorAll("table")].map(table => {
  const wrap = table.closest(".table-wrap");
  const hint = wrap && wrap.previousElementSibling;
  return {
    table: table.id || table.dataset.path || table.className,
    width: table.getBoundingClientRect().width,
    wrap: wrap ? wrap.getBoundingClientRect().width : null,
    scrolls: wrap ? getComputedStyle(wrap).overflowX === "auto" : false,
    hint: !!(hint && hint.classList.contains("scroll-hint") && hint.getBoundingClientRect().height > 0),
  };
})"""
SMALLEST_TEXT = """() => Object.fromEntries([...document.querySelectorAll("svg.chart")].map(svg => {
  const sizes = [...svg.querySelectorAll("text")].map(text => {
    const m = text.getScreenCTM();  // a rotated label scales by the length of its axis
    return parseFloat(getComputedStyle(text).fontSize) * Math.hypot(m.a, m.b);
  });
  return [svg.closest("figure").id, Math.min(...sizes)];
}))"""
OVERLAPS = """() => {
  const boxes = selector => [...document.querySelectorAll(selector)].map(n => n.getBoundingClientRect());
  const labels = boxes('[id^="cumulative-break-even-label"] text');
  const markers = boxes('[id^="cumulative-series-"] use');
  const meet = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  return {labels: labels.length, markers: markers.length,
          overlaps: labels.flatMap(l => markers.filter(m => meet(l, m))).length};
}"""
KEPT_TOGETHER = """() => [...document.querySelectorAll("main *")]
  .filter(n => ["avoid", "avoid-page"].includes(getComputedStyle(n).breakInside))
  .map(n => [n.tagName + (n.id ? "#" + n.id : ""), n.getBoundingClientRect().height])"""
A4_PRINTABLE = 1017  # CSS pixels: 297 mm less the page's 14 mm margins, at 96 dpi


def test_phone_width_and_print_to_a4(browser: Any, tmp_path: Path) -> None:
    """At 390 px nothing runs off the page: wide tables scroll in a box that fits and say so,
    chart text stays at least 10.5 px; break-even labels sit clear of the markers; in print
    no block that is kept together takes more than 40% of a page (no half-empty pages)."""
    target = _write(tmp_path, "decision.html", "-p", "all", "--start", "2026-12-01", "-d", "2027-06-30")
    visit = Visit(browser, target, width=PHONE)
    page = visit.page
    overflow = "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    assert page.evaluate(overflow)
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    assert page.evaluate(overflow)
    tables = page.evaluate(TABLES_AT)
    assert len(tables) >= 9
    for table in tables:
        if table["width"] > PHONE:
            assert table["wrap"] is not None and table["wrap"] <= PHONE and table["scrolls"], table
            assert table["hint"], table
    assert sum(table["width"] > PHONE for table in tables) >= 2  # the wide ones are tested
    smallest = page.evaluate(SMALLEST_TEXT)
    assert len(smallest) == 5 and min(smallest.values()) >= 10.5, smallest  # the tornado and joint too
    for width in (PHONE, 1100):
        page.set_viewport_size({"width": width, "height": 900})
        found = page.evaluate(OVERLAPS)
        assert found["labels"] >= 1 and found["markers"] > 20 and found["overlaps"] == 0, (width, found)
    page.set_viewport_size({"width": PHONE, "height": 900})
    assert _variance(page.screenshot(full_page=True, path=str(ARTIFACTS / "report-phone.png"))) > 200
    page.set_viewport_size({"width": A4_WIDTH, "height": 1123})
    page.emulate_media(media="print")
    assert page.evaluate(overflow)
    tall = [(name, h) for name, h in page.evaluate(KEPT_TOGETHER) if h > 0.4 * A4_PRINTABLE]
    assert tall == []
    pdf = page.pdf(format="A4", print_background=True)
    (ARTIFACTS / "report.pdf").write_bytes(pdf)
    pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))
    assert 2 <= pages <= 12, pages
    assert visit.others() == []
    visit.close()


def test_a_plan_with_a_script_label_renders_it_as_text(browser: Any, tmp_path: Path) -> None:
    plan = tmp_path / "plan.csv"
    plan.write_text(
        "role,path,start,headcount,label\n"
        'ml-engineer,embedded,2027-01-04,2,"<script>alert(1)</script>"\n'
        "ml-engineer,in-house-fte,2027-02-01,1,<img src=x onerror=alert(2)>\n",
        encoding="utf-8",
    )
    target = _write(tmp_path, "plan.html", "--start", "2027-01", "--plan", str(plan), "--by", "path")
    visit = Visit(browser, target)
    page = visit.page
    labels = page.locator("#plan-rows td.label").all_inner_texts()
    assert labels == ["<script>alert(1)</script>", "<img src=x onerror=alert(2)>"]
    assert page.locator("script").count() == 0 and page.locator("main img").count() == 0
    assert visit.dialogs == [] and visit.errors == [] and visit.others() == []
    assert _series(page, "chart-plan") == 2
    page.screenshot(full_page=True, path=str(ARTIFACTS / "report-plan.png"))
    visit.close()


def test_the_second_data_set_fits_a_phone(browser: Any, tmp_path: Path, monkeypatch: Any) -> None:
    """--vs-dataset's section fits 390 px as it is: its tables need no sideways scroll."""
    monkeypatch.delenv("MLHIRE_DATA_DIR", raising=False)
    target = _write(tmp_path, "versus.html", *PATHS, *QUESTION, "--dataset", "seed", "--vs-dataset", "market")
    visit = Visit(browser, target, width=PHONE)
    page = visit.page
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    tables = {table["table"]: table for table in page.evaluate(TABLES_AT)}
    for name in ("versus-table", "versus-figures"):
        assert tables[name]["width"] <= tables[name]["wrap"] <= PHONE, tables[name]
    section = page.locator("#versus")
    assert section.bounding_box()["width"] <= PHONE
    section.screenshot(path=str(ARTIFACTS / "report-versus-phone.png"))
    assert visit.others() == [] and visit.errors == []
    visit.close()
