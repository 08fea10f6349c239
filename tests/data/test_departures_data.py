"""Departures: the stored inputs reproduce the result, overseas stays missing, France uses the national share."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tests.data.workforce_build import workforce_tables

pytestmark = pytest.mark.xdist_group("workforce")


@pytest.fixture(scope="module")
def tables(raw_dir: Path) -> dict[str, pd.DataFrame]:
    return workforce_tables(raw_dir)


@pytest.fixture(scope="module")
def departures(tables: dict) -> pd.DataFrame:
    return tables["departures"].set_index(["level", "code"])


def test_france(departures: pd.DataFrame) -> None:
    france = departures.loc[("fr", "FR")]
    assert france["industrial_jobs"] == 3_266_136 and france["ageing_ratio"] == 1.0
    assert round(france["national_share_55p_industrial"], 4) == 0.1465
    assert round(france["departures_10y"]) == round(3_266_136 * france["national_share_55p_industrial"])
    assert (france["jobs_year"], france["census_year"], france["age_period"]) == (2023, 2022, "2017-2019")


def test_formula_holds_on_every_row(departures: pd.DataFrame) -> None:
    ratio = departures["share_5564_of_2564"] / departures["france_share_5564_of_2564"]
    assert np.allclose(departures["ageing_ratio"], ratio, equal_nan=True)
    product = departures["industrial_jobs"] * departures["national_share_55p_industrial"] * ratio
    assert np.allclose(departures["departures_10y"], product, equal_nan=True)
    assert np.allclose(departures["departures_per_year"] * 10, departures["departures_10y"], equal_nan=True)


def test_inputs_are_the_other_tables(tables: dict, departures: pd.DataFrame) -> None:
    ages = tables["age_structure"].set_index(["level", "code"])["share_5564_of_2564"]
    zones = departures.loc["ze"]
    assert np.allclose(zones["share_5564_of_2564"], ages.loc["ze"].reindex(zones.index), equal_nan=True)
    jobs = tables["jobs"]
    flores = jobs[(jobs["source"] == "FLORES") & (jobs["year"] == 2023)].set_index(["level", "code"])
    assert np.allclose(departures["industrial_jobs"], flores["jobs_industry"].reindex(departures.index), equal_nan=True)
    assert departures.loc["dep", "jobs_estimated"].sum() == flores.loc["dep", "estimated"].sum()


def test_overseas_has_no_estimate(tables: dict, departures: pd.DataFrame) -> None:
    zones = tables["zones_emploi"].set_index("ze2020")
    missing = departures.loc["ze"][departures.loc["ze", "departures_10y"].isna()]
    assert len(missing) == 19 and zones.loc[missing.index, "overseas"].all()
    assert missing["ageing_ratio"].isna().all()
    assert missing["industrial_jobs"].notna().sum() == 18  # jobs known, census not: still no estimate
    for dep in ("971", "972", "973", "974", "976"):
        assert np.isnan(departures.loc[("dep", dep), "departures_10y"])
    present = departures["departures_10y"].dropna()
    assert (present > 0).all() and len(departures) == 306 + 101 + 18 + 1


def test_zone_figures_are_plausible(departures: pd.DataFrame) -> None:
    zones = departures.loc["ze"].dropna(subset=["departures_10y"])
    assert zones["ageing_ratio"].between(0.7, 1.5).all()
    assert np.isclose(zones["departures_10y"].sum(), departures.loc[("fr", "FR"), "departures_10y"], rtol=0.01)
