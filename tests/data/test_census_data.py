"""The age structure reconciles with the IRIS file read independently: totals, national shares, coverage."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tests.data.workforce_build import workforce_tables

pytestmark = pytest.mark.xdist_group("workforce")
OVERSEAS_DEPS = ["971", "972", "973", "974", "976"]


@pytest.fixture(scope="module")
def tables(raw_dir: Path) -> dict[str, pd.DataFrame]:
    return workforce_tables(raw_dir)


@pytest.fixture(scope="module")
def iris(raw_dir: Path) -> pd.DataFrame:
    return pd.read_parquet(raw_dir / "census_iris_2022" / "rp2022_iris_indicators.parquet")


@pytest.fixture(scope="module")
def ages(tables: dict) -> pd.DataFrame:
    return tables["age_structure"].set_index(["level", "code"])


def test_france_population_is_the_sum_of_iris(ages: pd.DataFrame, iris: pd.DataFrame) -> None:
    assert iris["P22_POP"].sum() == 65_765_984
    assert ages.loc[("fr", "FR"), "population"] == iris["P22_POP"].sum()
    for level in ("commune", "ze", "dep", "reg"):
        assert np.isclose(ages.loc[level, "population"].sum(), 65_765_984)


def test_national_shares_weighted_by_population(ages: pd.DataFrame, iris: pd.DataFrame) -> None:
    france = ages.loc[("fr", "FR")]
    weight = iris["P22_POP"]
    for band, column, published in (
        ("5564", "dm_5564_pct_22", 0.1268),
        ("60p", "dmv_60p_pct_22", 0.2717),
        ("0014", "dm_0014_pct_22", 0.1721),
    ):
        independent = (weight * iris[column].clip(upper=100)).sum() / weight.sum() / 100
        assert np.isclose(france[f"share_{band}"], independent)
        assert round(france[f"share_{band}"], 4) == published
    pop_5564 = weight * iris["dm_5564_pct_22"] / 100
    rate = (pop_5564 * iris["eco_txemp_5564_22"].fillna(0)).sum() / pop_5564.sum() / 100
    assert np.isclose(france["employment_rate_5564"], rate) and round(rate, 4) == 0.5491


def test_departement_population_matches_the_iris_dep_column(ages: pd.DataFrame, iris: pd.DataFrame) -> None:
    by_dep = iris.groupby("dep")["P22_POP"].sum()
    ours = ages.loc["dep", "population"].dropna()
    assert ours.sort_index().to_dict() == by_dep.sort_index().to_dict()


def test_every_territory_has_a_row(tables: dict, ages: pd.DataFrame) -> None:
    expected = {
        "commune": set(tables["communes"]["commune"]),
        "ze": set(tables["zones_emploi"]["ze2020"]),
        "dep": set(tables["departements"]["dep"]),
        "reg": set(tables["regions"]["reg"]),
        "fr": {"FR"},
    }
    for level, codes in expected.items():
        assert set(ages.loc[level].index) == codes, level
    assert len(ages) == 34_935 + 306 + 101 + 18 + 1


def test_uncovered_territories_are_overseas_or_the_68_missing_communes(tables: dict, ages: pd.DataFrame) -> None:
    uncovered = ages[~ages["census_covered"]]
    zones = tables["zones_emploi"].set_index("ze2020")
    assert len(uncovered.loc["ze"]) == 19 and zones.loc[uncovered.loc["ze"].index, "overseas"].all()
    assert sorted(uncovered.loc["dep"].index) == OVERSEAS_DEPS
    assert sorted(uncovered.loc["reg"].index) == ["01", "02", "03", "04", "06"]
    communes = uncovered.loc["commune"].index
    assert len(communes) == 129 + 68 and (~communes.str.startswith("97")).sum() == 68
    assert "93059" in communes  # Pierrefitte-sur-Seine
    # no zero where there is no data
    figures = ["population", "pop_5564", "share_5564", "share_5564_of_2564", "employment_rate_5564"]
    assert uncovered[figures].isna().all().all()


def test_plm_cities_gather_their_arrondissements(ages: pd.DataFrame, iris: pd.DataFrame) -> None:
    for city, prefix in (("75056", "751"), ("69123", "6938"), ("13055", "132")):
        expected = iris.loc[iris["COM"].str.startswith(prefix), "P22_POP"].sum()
        assert ages.loc[("commune", city), "population"] == expected
    assert ages.loc[("commune", "75056"), "population"] == 2_113_697


def test_zone_shares_are_plausible(ages: pd.DataFrame) -> None:
    zones = ages.loc["ze"].dropna(subset=["share_5564"])
    assert zones["share_5564"].between(0.10, 0.18).all()
    assert zones["share_5564_of_2564"].between(0.15, 0.40).all()
    assert zones["employment_rate_5564"].between(0.35, 0.75).all()
