"""The load benchmark's floor phase: the server part of first loads, the report's floor column and lines, and the
floor app itself (it must offer every control the benchmark's Driver acts on, under the same keys)."""

from __future__ import annotations

import importlib.util
import inspect
import re
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from streamlit.util import calc_hash

PROJECT = Path(__file__).resolve().parents[2]


def _load_bench():
    spec = importlib.util.spec_from_file_location("bench_load", PROJECT / "scripts" / "bench_load.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("bench_load", module)
    spec.loader.exec_module(module)
    return module


bench = _load_bench()


def stats(p50: float | None = None, p95: float | None = None, top: float | None = None, n: int = 3) -> dict:
    return {"n": n, "p50": p50, "p95": p95, "max": top if top is not None else 0}


def phase(**changes) -> dict:
    """A phase result with every field the report reads, figures meeting all targets unless changed."""
    out = {
        "sessions": 3,
        "first_load_s": stats(2.0, 3.0, 3.5),
        "first_load_server_s": stats(0.2, 0.4, 0.5),
        "interaction_s": stats(0.8, 1.5, 2.0, n=12),
        "interaction_until_finished_s": stats(0.5, 1.0, 1.2),
        "interaction_drawing_s": stats(0.3, 0.5, 0.8),
        "server_response_s": stats(0.05, 0.1, 0.2),
        "errors": 0,
        "error_kinds": {},
        "error_examples": [],
        "skipped_actions": {},
        "interactions_unverified": 0,
        "server_runs": 15,
        "server_exceptions": 0,
        "server_cpu_per_run_s": stats(0.01, 0.02, 0.03),
        "server_cpu_per_run_all_in_s": 0.02,
        "server_run_wall_s": stats(0.02, 0.05, 0.1),
        "server_cpu_per_interaction_run_mean_s": 0.01,
        "think_mean_s": 4.5,
        "interactions_by_action": {"carte: year": stats(0.8, 1.5, 2.0)},
        "server_runs_by_page": {"carte": {"cpu_s": stats(0.01, 0.02), "wall_s": stats(0.02, 0.05)}},
        "wall_s": 30.0,
        "cpu_s": {"server": 3.0, "browser": 20.0, "driver": 2.0},
        "other_processes_s": 1.0,
        "machine_capacity_s": 60.0,
        "server_rss_mb": {"start": 100.0, "peak": 120.0, "end": 110.0},
        "loadavg_before": "0.10 0.20 0.30",
        "loadavg_after": "1.50 1.00 0.50",
    }
    out.update(changes)
    return out


# ---------------------------------------------------------------- first load, server part


def test_first_load_server_part_takes_each_sessions_first_run_from_its_request():
    runs = [
        {"session": "b", "start": 10.0, "end": 10.5, "requested": 9.0},  # b's first run, asked at 9.0
        {"session": "a", "start": 5.0, "end": 5.25, "requested": None},  # a's first run, request unknown
        {"session": "a", "start": 20.0, "end": 21.0, "requested": 19.0},  # a's interaction: not a first load
        {"session": "b", "start": 30.0, "end": 32.0, "requested": 29.5},
    ]
    assert bench.first_load_server_part(runs) == [0.25, 1.5]
    assert bench.first_load_server_part([]) == []


def test_first_load_server_part_row_is_in_the_table():
    lines = bench.report({"single": phase(), "crowd": phase(), "single_skipped": True, "floor": None})
    row = next(line for line in lines if line.startswith("Premier chargement, part du serveur max"))
    assert row.split()[-2:] == ["0.50", "0.50"]


# ---------------------------------------------------------------- the floor in the report


def test_floor_lines_tell_out_of_reach_from_the_dashboards_own_gap():
    crowd = phase(interaction_s=stats(1.0, 4.0, 6.0), first_load_s=stats(5.0, 8.0, 9.0))
    floor = phase(interaction_s=stats(0.5, 1.0, 2.0), first_load_s=stats(4.0, 6.0, 6.5))
    lines = bench.floor_lines(floor, crowd)
    by_target = {name: next(line for line in lines if line.strip().startswith(name)) for name in bench.verdicts(floor)}
    assert "gap is the dashboard's own" in by_target["interaction p95"]
    assert "out of reach" not in by_target["interaction p95"]
    assert "out of reach of any Streamlit page with 3 browsers" in by_target["first load max"]
    assert "6.50 s <= 5 s (Atlas 4.h: 9.00 s)" in by_target["first load max"]
    assert by_target["no error"].rstrip().endswith("met")
    assert by_target["server CPU per run median"].rstrip().endswith("met")


def test_floor_lines_count_sessions_that_never_loaded_as_missed():
    floor = phase(first_load_s=stats(1.0, 1.0, 1.0, n=2))
    line = next(line for line in bench.floor_lines(floor, phase()) if "first load max" in line)
    assert "(1 not loaded)" in line
    assert "MISSED" in line


def test_report_has_a_floor_column_and_keeps_verdicts_on_the_crowd():
    floor = phase(first_load_s=stats(1.0, 1.2, 1.25))
    lines = bench.report({"single": phase(), "crowd": phase(), "single_skipped": False, "floor": floor})
    assert "Streamlit floor" in lines[2]
    row = next(line for line in lines if line.startswith("Premier chargement max"))
    assert row.split()[-5:] == ["3.50", "3.50", "1.25", "<=", "5"]
    assert any(line.startswith("Cibles sur la page minimale") for line in lines)
    assert bench.verdicts(phase(errors=2))["no error"] is False
    without = bench.report({"single": phase(), "crowd": phase(), "single_skipped": False, "floor": None})
    assert not any("floor" in line.lower() for line in without)


# ---------------------------------------------------------------- the floor app


def _driver_keys() -> set[str]:
    return set(re.findall(r'"(url:\w+)"', inspect.getsource(bench.Driver.act)))


PAGE_KEYS = {
    "carte": {"url:indicator", "url:level", "url:scope", "url:year", "url:typology"},
    "territoire": {"url:level", "url:code", "url:trend", "url:year"},
    "comparer": {"url:zones", "url:year"},
}


@pytest.fixture(scope="module")
def app() -> AppTest:
    app = AppTest.from_file(str(PROJECT / bench.FLOOR_APP), default_timeout=30)
    app.run()
    return app


def _open(app: AppTest, page: str) -> AppTest:
    # Function pages have no file for AppTest.switch_page: a page's hash is that of its url_path.
    app._page_hash = calc_hash(page)
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def _keys(app: AppTest) -> set[str]:
    widgets = [*app.selectbox, *app.segmented_control, *app.multiselect, *app.button]
    return {w.key for w in widgets if w.key}


def test_floor_pages_cover_every_control_the_driver_uses():
    assert set().union(*PAGE_KEYS.values()) == _driver_keys()


@pytest.mark.parametrize("page", list(PAGE_KEYS))
def test_floor_page_runs_with_the_drivers_controls_and_footer(app: AppTest, page: str):
    _open(app, page)
    assert PAGE_KEYS[page] <= _keys(app)
    assert bench.FOOTER_TEXT in app.caption[-1].value
    if page == "carte":
        assert any('<svg role="img"' in m.value and "<path" in m.value for m in app.markdown)
    if page == "territoire":
        assert len(app.metric) >= 1
        labels = app.selectbox(key="url:code").options  # as shown, formatted
        assert all(any(letter.lower() in label.lower() for label in labels) for letter in bench.FILTER_LETTERS)


def test_floor_comparer_adds_a_zone_with_its_buttons(app: AppTest):
    _open(app, "comparer")
    assert len(app.multiselect(key="url:zones").value) == 2
    assert any(line.startswith("|") for m in app.markdown for line in m.value.splitlines())
    add = next(b for b in app.button if b.key.startswith("add-"))
    add.click().run()
    assert len(app.multiselect(key="url:zones").value) == 3
    assert not app.exception
