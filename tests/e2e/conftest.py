"""A real `streamlit run` on a free localhost port, and headless Debian Chromium driven by Playwright."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

PROJECT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("ATLAS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"]
SCREENSHOTS = PROJECT / "artifacts" / "screenshots"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_healthy(url: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with code {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("streamlit did not answer in time")


def warm_up(url: str, timeout: float = 180) -> None:
    """Run the app's script once on the server (Streamlit's script health check), as a readiness probe does
    before a replica takes users: the shared tables and indices are then loaded (atlas.data warm-up)."""
    with urllib.request.urlopen(f"{url}/_stcore/script-health-check", timeout=timeout) as response:
        if response.status != 200:
            raise RuntimeError(f"the app's script failed on the server: {response.read()[:200]!r}")


@contextmanager
def serve(script: str = "dashboard.py") -> Iterator[str]:
    """`streamlit run script` on a free localhost port, warmed up by one run of the script; yields its URL,
    stops it afterwards."""
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            script,
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--server.scriptHealthCheckEnabled",
            "true",
        ],
        cwd=PROJECT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(url, process)
        warm_up(url)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="session")
def server(processed_dir: Path) -> Iterator[str]:
    with serve() as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make browser` (Debian packages chromium, chromium-driver)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser, server: str) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="fr-FR")
    tab = context.new_page()
    tab.set_default_timeout(30_000)
    yield tab
    context.close()


def wait_for_app(page: Page) -> None:
    """Until the run finished: the router draws the footer last, and the status widget is gone."""
    page.get_by_text("Atlas 4.h · données ouvertes").wait_for()
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')")


def wait_for_map(page: Page, index: int = 0) -> None:
    """Until MapLibre drew a canvas inside the plotly chart."""
    page.wait_for_selector(".js-plotly-plot canvas", state="attached")
    page.wait_for_function(
        "(i) => { const c = document.querySelectorAll('.js-plotly-plot canvas')[i];"
        " return c && c.width > 100 && c.height > 100; }",
        arg=index,
    )
    page.wait_for_timeout(800)  # let MapLibre finish painting the polygons


def screenshot(page: Page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
