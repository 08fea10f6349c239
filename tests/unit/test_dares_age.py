"""DARES age by occupation: aggregates dropped before summing, levels rebuilt, shares from thousands."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from etl.errors import InputError
from etl.step import Context
from etl.steps import dares_age
from etl.steps.dares_age import add_labels, age_band, build_age, build_shares, check_levels, labels, parse_thousands

BANDS = ["15-24", "25-29", "30-34", "35-39", "40-44", "45-49", "50-54", "55-59", "60+"]
STARTS = [15, 25, 30, 35, 40, 45, 50, 55, 60]


def fap225(values: dict[str, list[float]], period: str = "2017-2019") -> pd.DataFrame:
    rows = [
        {"code": code, "period": period, "age_band": band, "age_start": start, "employed": value}
        for code, series in values.items()
        for band, start, value in zip(BANDS, STARTS, series, strict=True)
    ]
    return pd.DataFrame(rows).astype({"age_start": "int16"})


FLAT = [1.0] * 9
DETAIL = {
    "C1Z40": FLAT,  # industrial
    "D0Z20": [2.0] * 9,  # industrial
    "T2A60": FLAT,
    "T2B60": FLAT,
    "T2Z60": [2.0] * 9,  # = T2A60 + T2B60
    "X0Z00": [0.0] * 9,
    "X0Z01": [np.nan] + [1.0] * 8,  # a cell DARES leaves empty
    "ENSEM": [6.0] * 9,  # everything, again
}


def test_age_labels() -> None:
    band, start = age_band(pd.Series(["15-24 ans", "60 ans ou plus", "25-29 ans"]), "f.csv", "age")
    assert band.tolist() == ["15-24", "60+", "25-29"] and start.tolist() == [15, 60, 25]
    with pytest.raises(InputError, match=r"^f\.csv, column 'age': unknown age band '65 ans et plus'"):
        age_band(pd.Series(["65 ans et plus"]), "f.csv", "age")


def test_thousands_keep_na_missing_and_reject_text() -> None:
    values = parse_thousands(pd.Series(["1.5", "NA", ""]), "f.csv", "effectif")
    assert values.iloc[0] == 1.5 and values.iloc[1:].isna().all()
    with pytest.raises(InputError, match=r"column 'effectif': not a count: 'abc'"):
        parse_thousands(pd.Series(["abc"]), "f.csv", "effectif")
    with pytest.raises(InputError, match="not a count: '-1'"):
        parse_thousands(pd.Series(["-1"]), "f.csv", "effectif")


def test_aggregates_are_not_counted_twice() -> None:
    age = build_age(fap225(DETAIL))
    total = age[(age["level"] == "group") & (age["code"] == "all")]["employed"].sum()
    assert total == 9 + 18 + 9 + 9 + 8  # no ENSEM, no T2Z60
    industrial = age[(age["level"] == "group") & (age["code"] == "industrial")]["employed"].sum()
    assert industrial == 27
    assert set(age.loc[age["level"] == "fap87", "code"]) == {"C1Z", "D0Z", "T2A", "T2B", "X0Z"}
    assert age[(age["level"] == "domain") & (age["code"] == "T")]["employed"].sum() == 18
    assert "T2Z60" not in set(age["code"]) and "ENSEM" not in set(age["code"])


def test_missing_cell_stays_missing_in_detail_and_counts_as_nothing_in_sums() -> None:
    age = build_age(fap225(DETAIL)).set_index(["level", "code", "age_band"])
    assert np.isnan(age.loc[("fap225", "X0Z01", "15-24"), "employed"])
    assert age.loc[("domain", "X", "15-24"), "employed"] == 0.0  # as DARES's own X0Z and X rows
    assert age.loc[("domain", "X", "25-29"), "employed"] == 1.0
    assert age.loc[("group", "all", "15-24"), "employed"] == 5.0


def test_unexpected_code_is_an_error() -> None:
    with pytest.raises(InputError, match=r"^age_fap225\.csv, column 'Fap': unexpected occupation code 'C1Z4'"):
        build_age(fap225({"C1Z4": FLAT}))


def test_shares_aged_50_55_60() -> None:
    detail = {"C1Z40": [10.0, 10.0, 10.0, 10.0, 10.0, 10.0, 20.0, 15.0, 5.0]}  # 100 in all
    age = add_labels(build_age(fap225(detail)), pd.Series({"C1Z40": "Bobiniers"}))
    shares = build_shares(age).set_index(["level", "code"])
    row = shares.loc[("fap225", "C1Z40")]
    assert row["employed_thousands"] == 100.0 and row["label"] == "Bobiniers" and row["industrial"]
    assert np.isclose(row["share_50p"], 0.40) and np.isclose(row["share_55p"], 0.20)
    assert np.isclose(row["share_60p"], 0.05)
    assert shares.loc[("group", "industrial"), "industrial"] and not shares.loc[("group", "all"), "industrial"]
    assert shares.loc[("group", "all"), "label"] == "Ensemble des métiers"


def test_zero_employment_gives_no_share() -> None:
    age = add_labels(build_age(fap225({"C1Z40": [0.0] * 9})), pd.Series(dtype=str))
    shares = build_shares(age)
    assert shares["share_55p"].isna().all()
    assert (shares.loc[shares["level"] == "fap225", "label"] == "C1Z40").all()  # no label: the code


def test_three_level_file_must_agree() -> None:
    age = build_age(fap225({"C1Z40": FLAT, "D0Z20": FLAT}))
    levels = fap225({"C": FLAT, "D": FLAT, "C1Z": FLAT, "D0Z": FLAT, "ENSEMBLE": [2.0] * 9, "T2Z": FLAT})
    levels = levels.drop(columns=["period"])
    assert "equal" in check_levels(age, levels, "2017-2019")[0]
    levels.loc[(levels["code"] == "D") & (levels["age_band"] == "60+"), "employed"] = 1.5
    with pytest.raises(InputError, match=r"^age_2017_2019_3niv\.csv, column 'annee_2017_2019': D 60\+: 1\.500"):
        check_levels(age, levels, "2017-2019")


def test_labels_fall_back_to_the_group_label() -> None:
    levels = pd.DataFrame(
        {
            "code": ["T2A60", "C1Z40"],
            "label": ["T2A60", "Bobiniers"],
            "group_label": ["Aides à domicile et aides ménagères", "Électriciens"],
        }
    )
    assert labels(levels).to_dict() == {"T2A60": "Aides à domicile et aides ménagères", "C1Z40": "Bobiniers"}


def test_loader_names_the_missing_column(scratch_ctx: Context) -> None:
    path = scratch_ctx.raw_dir / "dares_age_fap" / dares_age.LEVELS_FILE
    path.parent.mkdir(parents=True)
    path.write_bytes(
        '"fap","annee_2017_2019","libelle","libelle_fap_agregee"\n"C",1.0,"Électricité","NA"\n'.encode("latin-1")
    )
    with pytest.raises(InputError, match=r"^age_2017_2019_3niv\.csv, column 'tr_age': column not found"):
        dares_age.load_levels(scratch_ctx)


def test_fap225_loader_rejects_text_counts(scratch_ctx: Context) -> None:
    path = scratch_ctx.raw_dir / "dares_age_fap" / dares_age.FAP225_FILE
    path.parent.mkdir(parents=True)
    path.write_text('"Fap","annee","effectif","age","pourcentage"\n"C1Z40","2017-2019","n.d.","15-24 ans",0.1\n')
    with pytest.raises(InputError, match=r"^age_fap225\.csv, column 'effectif': not a count: 'n\.d\.'"):
        dares_age.load_fap225(scratch_ctx)
