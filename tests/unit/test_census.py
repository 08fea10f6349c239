"""Census transforms: shares become counts, arrondissements become cities, uncovered territories stay empty."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from etl.errors import InputError
from etl.step import Context
from etl.steps import census
from etl.steps.census import add_shares, aggregate, commune_of_iris, iris_counts


def iris_frame(**overrides: list) -> pd.DataFrame:
    data = {
        "code": ["010010000", "751010101", "751020101", "010030000"],
        "COM": ["01001", "75101", "75102", "01003"],
        "P22_POP": [1000.0, 200.0, 300.0, 0.0],
        "dm_0014_pct_22": [20.0, 10.0, 10.0, np.nan],
        "dm_1524_pct_22": [10.0, 10.0, 10.0, np.nan],
        "dm_2554_pct_22": [40.0, 50.0, 50.0, np.nan],
        "dm_5564_pct_22": [10.0, 10.0, 20.0, np.nan],
        "dm_6579_pct_22": [15.0, 15.0, 5.0, np.nan],
        "dm_80p_pct_22": [5.0, 5.0, 5.0, np.nan],
        "dmv_60p_pct_22": [25.0, 133.33, 15.0, np.nan],
        "eco_txemp_5564_22": [50.0, 60.0, 40.0, np.nan],
    }
    data.update(overrides)
    return pd.DataFrame(data)


def communes_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "commune": ["01001", "01003", "01004", "75056", "97101"],
            "ze2020": ["8405", "8405", "8406", "1109", "0101"],
            "dep": ["01", "01", "01", "75", "971"],
            "reg": ["84", "84", "84", "11", "01"],
            "population": pd.array([900, 10, 100, 480, 50], dtype="Int64"),
        }
    )


ZONES = {
    "ze": pd.Series(["0101", "1109", "8405", "8406"]),
    "dep": pd.Series(["01", "75", "971"]),
    "reg": pd.Series(["01", "11", "84"]),
}


def test_arrondissements_become_their_city() -> None:
    codes = pd.Series(["75101", "75120", "69381", "13216", "01004", "75056", "13055"])
    assert commune_of_iris(codes).tolist() == ["75056", "75056", "69123", "13055", "01004", "75056", "13055"]


def test_counts_are_population_times_share_and_empty_iris_count_zero() -> None:
    counts, notes = iris_counts(iris_frame())
    first = counts.iloc[0]
    assert first["commune"] == "01001"
    assert first["pop_5564"] == 100.0 and first["pop_2554"] == 400.0 and first["employed_5564"] == 50.0
    assert counts["commune"].tolist()[1:3] == ["75056", "75056"]
    empty = counts.iloc[3]  # nobody lives there: its missing shares weigh nothing
    assert empty["population"] == 0.0 and empty["pop_5564"] == 0.0 and empty["employed_5564"] == 0.0
    assert counts.loc[1, "pop_60p"] == 200.0  # 133.33 % clipped to 100 %
    assert "1 share(s) outside 0-100 clipped" in notes[0]


def test_missing_share_in_a_populated_iris_is_an_error() -> None:
    frame = iris_frame(dm_5564_pct_22=[np.nan, 10.0, 20.0, np.nan])
    with pytest.raises(InputError) as caught:
        iris_counts(frame)
    assert str(caught.value) == (
        "rp2022_iris_indicators.parquet, column 'dm_5564_pct_22': 1 populated IRIS without an age share"
    )


def test_missing_employment_rate_only_allowed_without_people_aged_55_64() -> None:
    allowed = iris_frame(dm_5564_pct_22=[0.0, 10.0, 20.0, np.nan], eco_txemp_5564_22=[np.nan, 60.0, 40.0, np.nan])
    counts, _ = iris_counts(allowed)
    assert counts.loc[0, "employed_5564"] == 0.0
    with pytest.raises(InputError, match="column 'eco_txemp_5564_22'"):
        iris_counts(iris_frame(eco_txemp_5564_22=[np.nan, 60.0, 40.0, np.nan]))


def test_negative_population_is_an_error() -> None:
    with pytest.raises(InputError, match="column 'P22_POP': population missing or negative"):
        iris_counts(iris_frame(P22_POP=[1000.0, -1.0, 300.0, 0.0]))


def test_shares_and_rates_from_counts() -> None:
    frame = pd.DataFrame(
        {
            "population": [1000.0, 0.0, np.nan],
            **{f"pop_{b}": [100.0, 0.0, np.nan] for b in census.AGE_SHARES},
            "employed_5564": [40.0, 0.0, np.nan],
        }
    )
    frame["pop_2554"] = [300.0, 0.0, np.nan]
    out = add_shares(frame)
    assert out.loc[0, "share_5564"] == 0.1
    assert out.loc[0, "share_5564_of_2564"] == 0.25  # 100 / (300 + 100)
    assert out.loc[0, "employment_rate_5564"] == 0.4
    assert out.loc[1, ["share_5564", "share_5564_of_2564", "employment_rate_5564"]].isna().all()  # 0/0
    assert out.loc[2, ["share_5564", "employment_rate_5564"]].isna().all()


def test_every_territory_gets_a_row_and_uncovered_ones_stay_missing() -> None:
    counts, _ = iris_counts(iris_frame())
    table = aggregate(counts, communes_frame(), ZONES).set_index(["level", "code"])
    assert len(table) == 5 + 4 + 3 + 3 + 1
    paris = table.loc[("commune", "75056")]
    assert paris["population"] == 500.0 and paris["n_iris"] == 2 and paris["census_covered"]
    assert paris["pop_5564"] == 20.0 + 60.0
    # a commune absent from the file, an overseas zone, département and region: missing, never zero
    for key in [("commune", "01004"), ("commune", "97101"), ("ze", "8406"), ("ze", "0101"), ("dep", "971")]:
        row = table.loc[key]
        assert not row["census_covered"] and np.isnan(row["population"]) and np.isnan(row["share_5564_of_2564"])
        assert row["n_iris"] == 0
    # a commune where nobody lives is covered, with population 0 and no share
    empty = table.loc[("commune", "01003")]
    assert empty["census_covered"] and empty["population"] == 0.0 and np.isnan(empty["share_5564"])
    ain = table.loc[("dep", "01")]
    assert ain["population"] == 1000.0 and ain["census_covered"]
    assert np.isclose(ain["covered_pop_share"], 910 / 1010)  # 01004 (100 inh.) is not in the file
    france = table.loc[("fr", "FR")]
    assert france["population"] == 1500.0 and france["pop_5564"] == 180.0
    assert np.isclose(france["employed_5564"], 50 + 12 + 24)
    assert np.isclose(france["covered_pop_share"], 1390 / 1540)


def test_unknown_commune_is_an_error() -> None:
    counts, _ = iris_counts(iris_frame(COM=["01001", "75101", "75102", "99999"]))
    with pytest.raises(InputError, match=r"column 'COM': 1 commune code\(s\) unknown to COG 2024: \['99999'\]"):
        aggregate(counts, communes_frame(), ZONES)


def test_loader_names_the_missing_column(scratch_ctx: Context) -> None:
    path = scratch_ctx.raw_dir / "census_iris_2022" / census.FILE
    path.parent.mkdir(parents=True)
    iris_frame().drop(columns=["dmv_60p_pct_22"]).to_parquet(path)
    with pytest.raises(InputError, match=r"^rp2022_iris_indicators\.parquet, column 'dmv_60p_pct_22': column not"):
        census.load_iris(scratch_ctx)


def test_loader_rejects_a_corrupt_file(scratch_ctx: Context) -> None:
    path = scratch_ctx.raw_dir / "census_iris_2022" / census.FILE
    path.parent.mkdir(parents=True)
    path.write_bytes(b"PAR1 truncated")
    with pytest.raises(InputError, match="not a readable Parquet file"):
        census.load_iris(scratch_ctx)
