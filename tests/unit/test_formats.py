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


def test_dates_are_french() -> None:
    from atlas.formats import fmt_date, fmt_datetime

    assert fmt_date("2026-12-03T00:15:47+00:00") == "3 décembre 2026"  # Paris time
    assert fmt_date("2026-12-31T23:30:00+00:00") == "1er janvier 2027"
    assert fmt_date("2025-08-15") == "15 août 2025"
    assert fmt_datetime("2026-12-03T00:15:47+00:00") == "3 décembre 2026 à 1 h 15"
    assert fmt_date(None) == "–"


def test_a_unit_is_added_once() -> None:
    from atlas.formats import with_unit

    assert with_unit("Projets industriels pour 100 emplois industriels", "pour 100 emplois") == (
        "Projets industriels pour 100 emplois industriels"
    )
    assert with_unit("Part difficile", "%") == "Part difficile (%)"
    assert with_unit("Part difficile (%)", "%") == "Part difficile (%)"
    assert with_unit("Taux d'emploi", "part (0-1)") == "Taux d'emploi (%)"
    assert with_unit("Population", "habitants") == "Population (habitants)"
    assert with_unit("Projets de recrutement", "projets") == "Projets de recrutement"
    assert with_unit("Rang", None) == "Rang"


def test_map_classes_are_rounded_and_labelled_in_french() -> None:
    import pandas as pd

    from atlas.svgmap import class_breaks, class_labels, class_of

    values = pd.Series([0.464, 0.52, 0.55, 0.58, 0.6, 0.61, 0.63, 0.65, 0.7, 0.777, None])
    breaks = class_breaks(values, "pct")
    assert breaks[0] == 0.464 and breaks[-1] == 0.777 and 3 <= len(breaks) - 1 <= 5
    assert all(round(b * 100, 6) == round(b * 100) for b in breaks[1:-1])  # inner limits on whole points
    labels = class_labels(breaks, "pct")
    assert labels[0].startswith("46,4 à ") and labels[-1].endswith(" à 77,7")
    assert class_of(0.464, breaks) == 0 and class_of(0.777, breaks) == len(breaks) - 2
    assert class_of(float("nan"), breaks) is None
    assert class_labels(class_breaks(pd.Series([12_345.0, 45_678.0, 30_000.0]), "int"), "int")[0].startswith(
        "12\u202f345 à "
    )
    assert class_labels(class_breaks(pd.Series([-0.05, 0.0, 0.03]), "points"), "points")[0].startswith("-5,0 à ")


def test_pandas_missing_values_print_as_a_dash() -> None:
    import pandas as pd

    assert fmt_int(pd.NA) == "–" and fmt_pct(pd.NA) == "–" and fmt_count(pd.NA, 2) == "–"
