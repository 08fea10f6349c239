"""French number formats, as the interface shows them."""

from __future__ import annotations

import math

import numpy as np

from atlas.formats import NNBSP, fmt_change, fmt_count, fmt_dec, fmt_int, fmt_pct, fmt_points, fmt_value


def test_integers_use_a_narrow_no_break_space() -> None:
    assert fmt_int(12345.4) == f"12{NNBSP}345"
    assert fmt_int(1234567) == f"1{NNBSP}234{NNBSP}567"
    assert fmt_int(999) == "999"


def test_percentages_and_decimals_use_a_comma() -> None:
    assert fmt_pct(0.568) == f"56,8{NNBSP}%"
    assert fmt_dec(2.54) == "2,5"
    assert fmt_dec(12345.678, 2) == f"12{NNBSP}345,68"


def test_changes_carry_a_sign_and_no_negative_zero() -> None:
    assert fmt_points(0.012) == f"+1,2{NNBSP}pt"
    assert fmt_points(-0.0004) == f"0,0{NNBSP}pt"
    assert fmt_change(-0.147) == f"-14,7{NNBSP}%"


def test_missing_values() -> None:
    assert fmt_int(None) == "–"
    assert fmt_pct(math.nan) == "–"
    assert fmt_value(float("nan"), "pct", missing="n.d.") == "n.d."


def test_counts_say_at_least_only_above_zero_and_never_at_least_zero() -> None:
    assert fmt_count(1234.4, 0) == "1\u202f234"
    assert fmt_count(1234.4, 3) == "au moins 1\u202f234"
    assert fmt_count(1.02, 1) == "au moins 1"
    assert fmt_count(0.4, 2) == "secret statistique"
    assert fmt_count(0.0, True) == "secret statistique"
    assert fmt_count(0.0, 0) == "0"
    assert fmt_count(12.0, False) == "12"
    assert fmt_count(np.nan, 4) == "–"
    assert fmt_count(7.0, np.nan) == "7"


def test_a_series_of_yearly_sources_is_cited_once() -> None:
    from atlas.catalogue import collapse_years

    bmo = [f"France Travail, enquête BMO {y}" for y in range(2016, 2026)]
    assert collapse_years([*bmo, "INSEE, FLORES 2023"]) == [
        "France Travail, enquête BMO 2016-2025",
        "INSEE, FLORES 2023",
    ]
    assert collapse_years(["X 2016", "X 2018"]) == ["X 2016, 2018"]
