"""Take docs/report.png: the example report of docs/report.md, in headless Chromium.

Run from the repository root: .venv/bin/python docs/screenshot.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip
COMMAND = ["report", "--start", "2026-12-01", "--deadline", "2027-06-30", "--work", "6w",
           "-p", "embedded", "-p", "latam-direct", "-p", "in-house-fte"]  # fmt: skip

with tempfile.TemporaryDirectory() as folder:
    page_file = Path(folder) / "decision.html"
    subprocess.run([sys.executable, "-m", "mlhire_calc", *COMMAND, "-o", str(page_file)], check=True)
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(Path(folder) / "profile"), executable_path="/usr/bin/chromium", args=ARGS, headless=True,
            viewport={"width": 1000, "height": 2150}, device_scale_factor=1,
        )  # fmt: skip
        page = context.new_page()
        page.goto(page_file.as_uri())
        page.screenshot(path="docs/report.png")
        context.close()
print("wrote docs/report.png")
