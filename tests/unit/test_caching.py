"""Shared caches of the read side: computed once however many sessions ask at the same moment (no stampede),
private copies for the callers, and indices that give the same rows as filtering the published tables."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pandas as pd
import pytest

from atlas import caching
from atlas.caching import Once, shared

THREADS = 20


def ask_at_once(function, args_of) -> list:
    """Call `function(*args_of(i))` from THREADS threads released together; their results in order."""
    barrier = threading.Barrier(THREADS)
    results: list = [None] * THREADS

    def ask(i: int) -> None:
        barrier.wait()
        results[i] = function(*args_of(i))

    threads = [threading.Thread(target=ask, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_many_threads_asking_for_the_same_missing_key_compute_it_once() -> None:
    calls: list[int] = []

    @shared
    def slow(key: int) -> int:
        calls.append(key)
        time.sleep(0.2)
        return key * 10

    results = ask_at_once(slow, lambda i: (7,))
    assert results == [70] * THREADS
    assert calls == [7]
    assert slow.misses == 1


def test_different_keys_are_computed_at_the_same_time() -> None:
    @shared
    def slow(key: int) -> int:
        time.sleep(0.3)
        return key

    started = time.perf_counter()
    results = ask_at_once(slow, lambda i: (i % 4,))
    elapsed = time.perf_counter() - started
    assert results == [i % 4 for i in range(THREADS)]
    assert slow.misses == 4
    assert elapsed < 0.3 * 4 * 0.75  # four keys side by side, not one after the other


def test_a_failure_is_not_cached_and_the_next_caller_computes_again() -> None:
    attempts: list[int] = []

    @shared
    def flaky(key: str) -> str:
        attempts.append(1)
        if len(attempts) == 1:
            raise RuntimeError("first attempt fails")
        return key.upper()

    with pytest.raises(RuntimeError):
        flaky("a")
    assert flaky("a") == "A"
    assert flaky("a") == "A"
    assert len(attempts) == 2


def test_keyword_arguments_are_part_of_the_key() -> None:
    @shared
    def add(a: int, *, b: int = 0) -> int:
        return a + b

    assert add(1) == 1
    assert add(1, b=2) == 3
    assert add(1, b=2) == 3
    assert add.misses == 2


def test_a_bounded_cache_forgets_its_oldest_entries() -> None:
    @shared(maxsize=3)
    def square(x: int) -> int:
        return x * x

    for x in range(5):
        square(x)
    assert len(square.values) == 3
    assert square(4) == 16 and square.misses == 5  # kept
    assert square(0) == 0 and square.misses == 6  # forgotten, computed again


def test_callers_get_private_frames_lists_and_dicts() -> None:
    @shared
    def frame() -> pd.DataFrame:
        return pd.DataFrame({"value": [1.0, 2.0]}, index=["a", "b"])

    @shared
    def listing() -> list[int]:
        return [1, 2]

    mine = frame()
    mine["value"] = 0.0
    mine.loc["a", "value"] = 5.0
    mine["other"] = 1
    assert frame()["value"].tolist() == [1.0, 2.0]
    assert list(frame().columns) == ["value"]
    listing().append(3)
    assert listing() == [1, 2]


def test_shared_read_only_values_are_the_same_object() -> None:
    @shared(copy=False)
    def table() -> pd.DataFrame:
        return pd.DataFrame({"x": [1]})

    assert table() is table()


def test_clear_all_forgets_every_value() -> None:
    @shared
    def value() -> int:
        return 1

    value()
    caching.clear_all()
    value()
    assert value.misses == 2


def test_once_runs_a_single_time_per_key_whatever_the_threads() -> None:
    runs: list[str] = []

    def warm(key: str) -> None:
        runs.append(key)
        time.sleep(0.1)

    once = Once(warm)
    ask_at_once(once, lambda i: ("data",))
    assert runs == ["data"]
    assert once("other") is True and once("other") is False
    assert runs == ["data", "other"]


def test_the_warm_up_does_nothing_outside_a_streamlit_server() -> None:
    import gc

    from atlas import data

    frozen = gc.get_freeze_count()
    data._warm(Path("/nonexistent"))  # no runtime in a unit test: returns before reading anything
    assert gc.get_freeze_count() == frozen


# ---------------------------------------------------------------- indices against plain filters


def test_indices_give_the_rows_a_filter_gives(processed_dir: Path) -> None:
    from atlas import queries

    agg = pd.read_parquet(processed_dir / "bmo_agg.parquet")
    for year, level, scope in [
        (2025, "ze", "industrial"),
        (2016, "dep", "all"),
        (2024, "reg", "C"),
        (2020, "fr", "all"),
    ]:
        expected = agg[(agg["year"] == year) & (agg["level"] == level) & (agg["scope"] == scope)].set_index("code")
        pd.testing.assert_frame_equal(queries.agg_values(level, year, scope), expected)
    assert queries.agg_values("ze", 1990, "all").empty

    indicators = pd.read_parquet(processed_dir / "territory_indicators.parquet")
    for level, year in [("ze", 2025), ("dep", 2019), ("reg", 2023)]:
        expected = indicators[(indicators["level"] == level) & (indicators["year"] == year)].set_index("code")
        pd.testing.assert_frame_equal(queries.territory_values(level, year), expected)

    cells = pd.read_parquet(processed_dir / "bmo_ze.parquet")
    for year, zone in [(2025, "8409"), (2017, "0051")]:
        expected = cells[(cells["year"] == year) & (cells["ze2020"] == zone)]
        pd.testing.assert_frame_equal(queries.cells_of("bmo_ze", "ze2020", year, zone), expected)
    assert queries.cells_of("bmo_ze", "ze2020", 2025, "no such zone").empty


def test_a_cached_table_changed_by_a_caller_stays_intact(processed_dir: Path) -> None:
    from atlas import queries
    from atlas.scopes import Scope

    first = queries.indicator_table("bmo_difficult_share", "ze", 2025, Scope("industrial"), "84")
    first["value"] = -1.0
    again = queries.indicator_table("bmo_difficult_share", "ze", 2025, Scope("industrial"), "84")
    assert (again["value"].dropna() >= 0).all()
