"""Serve the explorer, open it in headless Chromium, time it and take screenshots.

``python -m python_jobs.explorer.snapshot`` (``make explorer-snapshot``) starts ``streamlit run`` on a free
localhost port against a warehouse, measures the cold start (process start until the overview has drawn
its table) and the load of every page, and writes the timings as JSON and the overview as PNG. The
explorer's browser test uses the same function. Chromium is Debian's (``/usr/bin/chromium``), driven by
Playwright without a browser download.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

from python_jobs.explorer.app import PAGES
from python_jobs.paths import warehouse_path

log = logging.getLogger(__name__)

APP = Path(__file__).with_name("app.py")
# Chromium on this kind of machine: no sandbox as root, and no background connections the closed network
# would refuse.
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
# Each page's first drawn element: the moment it counts as loaded.
PAGE_READY = '[data-testid="stMainBlockContainer"] h2'


@dataclass
class Timings:
    warehouse: str
    cold_start_seconds: float = 0.0
    page_seconds: dict[str, float] = field(default_factory=dict)


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        raise SystemExit("Chromium is missing: install Debian's package (apt-get install chromium)")
    return found


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_for(url: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            if time.monotonic() > deadline:
                raise
        time.sleep(0.2)


@contextmanager
def served(warehouse: Path) -> Iterator[tuple[str, float]]:
    """The explorer on a free port: yields its URL and the process start time (``time.monotonic``)."""
    port = _free_port()
    started = time.monotonic()
    command = [
        sys.executable, "-m", "streamlit", "run", str(APP), "--server.headless=true",
        f"--server.port={port}", "--server.address=127.0.0.1", "--browser.gatherUsageStats=false",
    ]  # fmt: skip
    env = dict(os.environ, EXPLORER_WAREHOUSE=str(warehouse))
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}"
        _wait_for(f"{url}/_stcore/health", 60)
        yield url, started
    finally:
        server.terminate()
        server.wait(timeout=30)


def snapshot(
    warehouse: Path,
    screenshot: Path | None = None,
    texts: dict[str, str] | None = None,
    timeout_ms: float = 60_000,
) -> Timings:
    """Time the cold start and every page of the explorer over ``warehouse``; screenshot the overview and
    collect each page's visible text into ``texts``."""
    from playwright.sync_api import sync_playwright

    timings = Timings(warehouse=str(warehouse))
    with served(warehouse) as (url, started), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium(), args=list(CHROMIUM_ARGS))
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(url)
            page.wait_for_selector('[data-testid="stDataFrame"]', timeout=timeout_ms)
            timings.cold_start_seconds = round(time.monotonic() - started, 2)
            if screenshot is not None:
                screenshot.parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(screenshot))
            for name in PAGES:
                clicked = time.monotonic()
                page.locator('[data-testid="stSidebar"] label').filter(has_text=name).first.click()
                page.locator(PAGE_READY).filter(has_text=name).first.wait_for(timeout=timeout_ms)
                page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached", timeout=timeout_ms)
                timings.page_seconds[name] = round(time.monotonic() - clicked, 2)
                if texts is not None:
                    texts[name] = page.locator('[data-testid="stMainBlockContainer"]').inner_text()
        finally:
            browser.close()
    log.info("explorer cold start %.2f s, pages %s", timings.cold_start_seconds, timings.page_seconds)
    return timings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m python_jobs.explorer.snapshot", description=__doc__)
    parser.add_argument("--warehouse", type=Path, default=None, help="DuckDB file (default: published)")
    parser.add_argument("--screenshot", type=Path, default=None, help="PNG of the overview page")
    parser.add_argument("--timings", type=Path, required=True, help="JSON file for the measured seconds")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    timings = snapshot(args.warehouse or warehouse_path(), args.screenshot)
    args.timings.parent.mkdir(parents=True, exist_ok=True)
    args.timings.write_text(json.dumps(asdict(timings), indent=2) + "\n")
    print(json.dumps(asdict(timings), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
