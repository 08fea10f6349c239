"""Departures: the formula on its stored inputs; no census means no estimate (never zero, never ratio 1)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from etl.steps.departures import build_departures, national_share_55p


def jobs_frame() -> pd.DataFrame:
    rows = [
        ("ze", "0051", 1000.0, False),
        ("ze", "0401", 200.0, False),  # overseas: jobs, no census
        ("ze", "0601", np.nan, False),  # Mayotte: neither
        ("dep", "01", 600.0, True),
        ("fr", "FR", 1200.0, False),
    ]
    frame = pd.DataFrame(rows, columns=["level", "code", "jobs_industry", "estimated"])
    latest = frame.assign(year=2023, source="FLORES")
    older = frame.assign(year=2022, source="FLORES", jobs_industry=1.0)
    urssaf = frame.assign(year=2024, source="URSSAF", jobs_industry=2.0)
    return pd.concat([latest, older, urssaf], ignore_index=True)


def age_frame(france: float = 0.25) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "level": ["ze", "ze", "ze", "dep", "fr"],
            "code": ["0051", "0401", "0601", "01", "FR"],
            "share_5564_of_2564": [0.30, np.nan, np.nan, 0.20, france],
        }
    )


def shares_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "level": ["group", "group", "group"],
            "code": ["industrial", "industrial", "all"],
            "period": ["2016-2018", "2017-2019", "2017-2019"],
            "share_55p": [0.10, 0.15, 0.17],
        }
    )


def test_national_share_is_the_latest_period() -> None:
    assert national_share_55p(shares_frame()) == (0.15, "2017-2019")


def test_formula_and_inputs_side_by_side() -> None:
    table, notes = build_departures(jobs_frame(), age_frame(), shares_frame())
    table = table.set_index(["level", "code"])
    zone = table.loc[("ze", "0051")]
    assert np.isclose(zone["ageing_ratio"], 0.30 / 0.25)
    assert np.isclose(zone["departures_10y"], 1000 * 0.15 * 1.2)
    assert np.isclose(zone["departures_per_year"], 18.0)
    assert zone["jobs_year"] == 2023 and zone["census_year"] == 2022 and zone["age_period"] == "2017-2019"
    assert table.loc[("dep", "01"), "jobs_estimated"]
    assert np.isclose(table.loc[("dep", "01"), "departures_10y"], 600 * 0.15 * 0.8)
    france = table.loc[("fr", "FR")]
    assert france["ageing_ratio"] == 1.0 and np.isclose(france["departures_10y"], 180.0)
    assert "2 zones" in notes[0]


def test_no_census_or_no_jobs_means_no_estimate() -> None:
    table, _ = build_departures(jobs_frame(), age_frame(), shares_frame())
    table = table.set_index(["level", "code"])
    for code in ("0401", "0601"):
        row = table.loc[("ze", code)]
        assert (
            np.isnan(row["ageing_ratio"]) and np.isnan(row["departures_10y"]) and np.isnan(row["departures_per_year"])
        )
    assert table.loc[("ze", "0401"), "industrial_jobs"] == 200.0  # the input is still shown


def test_missing_france_reference_is_an_error() -> None:
    with pytest.raises(ValueError, match="no share_5564_of_2564 for France"):
        build_departures(jobs_frame(), age_frame(france=np.nan), shares_frame())
    with pytest.raises(ValueError, match="no 'industrial' group row"):
        build_departures(jobs_frame(), age_frame(), shares_frame().assign(code="all"))
