"""DARES age shares reconcile with the three-level 2017-2019 file and the FAP-225 file read independently."""

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
def levels(raw_dir: Path) -> pd.DataFrame:
    return pd.read_csv(raw_dir / "dares_age_fap" / "age_2017_2019_3niv.csv", encoding="latin-1", dtype={"fap": str})


def share(frame: pd.DataFrame, code: str, period: str = "2017-2019") -> pd.Series:
    return frame[(frame["code"] == code) & (frame["period"] == period)].iloc[0]


def test_industrial_and_all_shares_2017_2019(tables: dict) -> None:
    shares = tables["fap_age_share"]
    assert abs(share(shares, "industrial")["share_55p"] - 0.1465) <= 0.0001
    assert abs(share(shares, "all")["share_55p"] - 0.1742) <= 0.0001
    assert round(share(shares, "industrial")["employed_thousands"], 1) == 3217.7
    assert round(share(shares, "all")["employed_thousands"], 1) == 26438.0
    assert round(share(shares, "industrial", "2003-2005")["share_55p"], 4) == 0.0736


def test_domain_shares_equal_the_three_level_file(tables: dict, levels: pd.DataFrame) -> None:
    domains = levels[levels["fap"].str.len() == 1]
    older = domains["tr_age"].isin(["55-59 ans", "60 ans ou plus"])
    expected = domains[older].groupby("fap")["annee_2017_2019"].sum() / domains.groupby("fap")["annee_2017_2019"].sum()
    ours = tables["fap_age_share"]
    ours = ours[(ours["level"] == "domain") & (ours["period"] == "2017-2019")].set_index("code")["share_55p"]
    assert np.allclose(ours.sort_index(), expected.sort_index(), atol=1e-6)
    industrial = domains[domains["fap"].isin(list("CDEFGH"))]
    industrial_older = industrial["tr_age"].isin(["55-59 ans", "60 ans ou plus"])
    rate = industrial.loc[industrial_older, "annee_2017_2019"].sum() / industrial["annee_2017_2019"].sum()
    assert np.isclose(share(tables["fap_age_share"], "industrial")["share_55p"], rate, atol=1e-6)
    ensemble = levels.loc[levels["fap"] == "ENSEMBLE", "annee_2017_2019"].sum()
    assert np.isclose(share(tables["fap_age_share"], "all")["employed_thousands"], ensemble, atol=1e-3)


def test_no_double_counting_in_any_period(tables: dict, raw_dir: Path) -> None:
    raw = pd.read_csv(raw_dir / "dares_age_fap" / "age_fap225.csv")
    ensem = raw[raw["Fap"] == "ENSEM"].groupby("annee")["effectif"].sum()
    shares = tables["fap_age_share"]
    alls = shares[shares["code"] == "all"].set_index("period")["employed_thousands"]
    assert np.allclose(alls.sort_index(), ensem.sort_index(), atol=1e-3)
    assert len(alls) == 15
    codes = set(tables["fap_age"]["code"])
    assert not codes & {"ENSEM", "ENSEMBLE", "T2Z60", "T2Z"}


def test_levels_and_counts(tables: dict) -> None:
    fap_age = tables["fap_age"]
    latest = fap_age[fap_age["period"] == "2017-2019"]
    counts = latest.groupby("level")["code"].nunique().to_dict()
    assert counts == {"domain": 23, "fap87": 88, "fap225": 226, "group": 2}
    assert (latest.groupby(["level", "code"]).size() == 9).all()
    assert fap_age["employed_thousands"].isna().sum() == 15  # clergy 15-24, every period, left empty
