"""`make bench`: speed and memory of the pipeline (and, once the server is up, of the pages).

Targets come from the issues; each figure is measured on this machine and printed beside its
target. Results are also written to artifacts/bench.json for the closing notes.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from dataclasses import asdict, dataclass
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))
ARTIFACTS = PROJECT / "artifacts"


@dataclass
class Figure:
    name: str
    value: float
    unit: str
    target: float | None = None  # upper bound

    @property
    def verdict(self) -> str:
        if self.target is None:
            return ""
        return "ok" if self.value <= self.target else "MISSED"


def timed_child(args: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    """Wall seconds, peak resident memory (MB) and exit code of one child process."""
    started = time.perf_counter()
    process = subprocess.Popen(args, cwd=PROJECT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    if process.returncode != 0:
        sys.stderr.write(process.stderr.read().decode())
    return seconds, usage.ru_maxrss / 1024, process.returncode


def bench_pipeline() -> list[Figure]:
    """Fresh fetch from the mirror and full build into temporary folders, then a no-op rebuild."""
    with tempfile.TemporaryDirectory(prefix="atlas-bench-") as tmp:
        env = {
            **os.environ,
            "ATLAS_RAW_DIR": f"{tmp}/raw",
            "ATLAS_PROCESSED_DIR": f"{tmp}/processed",
            "ATLAS_CACHE_DIR": f"{tmp}/cache",  # a first build on a new machine parses every workbook
        }
        fetch_s, fetch_mb, code1 = timed_child([sys.executable, "-m", "etl", "fetch"], env)
        build_s, build_mb, code2 = timed_child([sys.executable, "-m", "etl", "build"], env)
        again_s, _, code3 = timed_child([sys.executable, "-m", "etl", "build", "--force"], env)
        noop_s, _, code4 = timed_child([sys.executable, "-m", "etl", "build"], env)
        if code1 or code2 or code3 or code4:
            raise SystemExit("bench: the pipeline failed")
    return [
        Figure("fetch from mirror (wall)", fetch_s, "s"),
        Figure("first build, ten BMO years (wall)", build_s, "s"),
        Figure("fetch + first build (wall)", fetch_s + build_s, "s", 30.0),
        Figure("fetch + build (peak memory)", max(fetch_mb, build_mb), "MB", 2048.0),
        Figure("full rebuild, workbooks already parsed (wall)", again_s, "s", 15.0),
        Figure("no-op rebuild (wall)", noop_s, "s", 1.0),
    ]


def _median_load(browser, url: str, ready, runs: int = 5) -> float:
    """Median seconds from navigation to `ready(page)` in fresh browser contexts (server warmed first)."""
    import statistics

    timings = []
    for attempt in range(runs + 1):
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        page.set_default_timeout(60_000)
        started = time.perf_counter()
        page.goto(url, wait_until="commit")
        ready(page)
        elapsed = time.perf_counter() - started
        context.close()
        if attempt:  # the first load warms the server's caches
            timings.append(elapsed)
    return statistics.median(timings)


def _map_drawn(page) -> None:
    page.wait_for_function(
        "() => { const c = document.querySelector('.js-plotly-plot canvas');"
        " return c && c.width > 100 && c.height > 100; }"
    )
    page.wait_for_function(
        "() => { const p = document.querySelector('.js-plotly-plot');"
        " return p && p._fullLayout && p._fullLayout.map && p._fullLayout.map._subplot &&"
        " p._fullLayout.map._subplot.map.loaded(); }"
    )


def _text_shown(page) -> None:
    page.get_by_text("Atlas baseline: one line of text").wait_for()


def _headline_shown(page) -> None:
    page.locator('[data-testid="stMetricValue"]').nth(3).wait_for()


def _svg_drawn(page) -> None:
    page.locator('[data-testid="stMarkdownContainer"] svg[role="img"] path').nth(10).wait_for()


def _overview_map_shown(page) -> None:
    page.locator('[data-testid="stMarkdownContainer"] svg[role="img"] path').nth(30).wait_for()


def bench_pages() -> list[Figure]:
    """Page loads in headless Chromium beside two baselines, server rerun time, map payload."""
    from playwright.sync_api import sync_playwright

    from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, serve

    with ExitStack() as stack:
        text_url = stack.enter_context(serve("scripts/bench_apps/baseline_text.py"))
        map_url = stack.enter_context(serve("scripts/bench_apps/baseline_map.py"))
        app_url = stack.enter_context(serve("dashboard.py"))
        playwright = stack.enter_context(sync_playwright())
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        text = _median_load(browser, text_url + "/", _text_shown)
        bare_map = _median_load(browser, map_url + "/", _map_drawn)
        headline = _median_load(browser, app_url + "/", _headline_shown)
        overview_map = _median_load(browser, app_url + "/", _overview_map_shown)
        app_map = _median_load(browser, app_url + "/carte", _svg_drawn)
        france_map = _median_load(browser, app_url + "/carte?reg=FR", _svg_drawn)
        interactive = _median_load(browser, app_url + "/carte?reg=FR&view=interactive", _map_drawn)
        browser.close()
    return [
        Figure("baseline: one line of text (load)", text, "s"),
        Figure("baseline: bare map of 306 zones (load)", bare_map, "s"),
        Figure("overview: headline figures visible", headline, "s", 1.5),
        Figure("overview: zone map drawn (SVG)", overview_map, "s"),
        Figure("map page: map drawn (ARA zones, default view)", app_map, "s", bare_map + 0.5),
        Figure("map page: map drawn (France zones, default view)", france_map, "s", bare_map + 0.5),
        Figure("map page: interactive map drawn (France zones)", interactive, "s"),
        Figure("  interactive map minus bare map", interactive - bare_map, "s"),
    ]


def bench_server() -> list[Figure]:
    """Server time of reruns after widget changes (AppTest runs the scripts in-process), map payload."""
    import statistics

    import plotly.io

    from tests.app.conftest import open_app

    app = open_app("app_pages/map.py")
    timings = []
    for level in ["dep", "reg", "ze", "dep", "ze", "reg", "ze"]:
        started = time.perf_counter()
        app.segmented_control(key="url:level").set_value(level).run()
        timings.append(time.perf_counter() - started)
    for indicator in ["bmo_projects", "bmo_seasonal_share", "bmo_difficult_share"]:
        started = time.perf_counter()
        app.selectbox(key="url:indicator").select(indicator).run()
        timings.append(time.perf_counter() - started)
    app.sidebar.selectbox[0].select("FR").run()
    started = time.perf_counter()
    app.segmented_control(key="url:typology").set_value("rural").run()
    timings.append(time.perf_counter() - started)

    from atlas import maps, queries
    from atlas.scopes import Scope

    table = queries.indicator_table("bmo_difficult_share", "ze", 2025, Scope("industrial"), "FR")
    figure = maps.choropleth(table, "ze", title="Part", unit="%", value_format="pct", direction="higher_is_worse")
    payload = len(plotly.io.to_json(figure, validate=False).encode())
    geometry = len(json.dumps(maps.geojson("ze", table["code"].tolist()), separators=(",", ":")).encode())
    return [
        Figure("server rerun after a widget change (median)", statistics.median(timings) * 1000, "ms", 300.0),
        Figure("server rerun after a widget change (max)", max(timings) * 1000, "ms"),
        Figure("France zone map sent to the browser (figure JSON)", payload / 1024, "KB", 300.0),
        Figure("  of which zone geometry", geometry / 1024, "KB"),
    ]


def report(figures: list[Figure]) -> None:
    width = max(len(f.name) for f in figures)
    for figure in figures:
        target = f"target <= {figure.target:g} {figure.unit}" if figure.target is not None else ""
        print(f"{figure.name:<{width}}  {figure.value:>9.2f} {figure.unit:<3} {target:<22} {figure.verdict}")
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "bench.json").write_text(json.dumps([asdict(f) for f in figures], indent=1))


def main() -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", choices=["pipeline", "server", "pages"], help="run one group only")
    parser.add_argument(
        "--load",
        action="store_true",
        help="then the load benchmark too (scripts/bench_load.py, about 12 min more; alone: make bench-load)",
    )
    args = parser.parse_args()
    groups = {"pipeline": bench_pipeline, "server": bench_server, "pages": bench_pages}
    figures: list[Figure] = []
    for name, run in groups.items():
        if args.only in (None, name):
            figures.extend(run())
    report(figures)
    missed = any(f.verdict == "MISSED" for f in figures)
    if args.load:
        import bench_load

        print()
        missed = bench_load.main([]) != 0 or missed
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
