"""BMO survey cells: secret cells stay missing with a flag, counts are checked, codes keep their zeros."""

from __future__ import annotations

import pandas as pd
import pytest

from contract.domain import INDUSTRIAL_DOMAINS
from etl.errors import InputError
from etl.steps.bmo.survey import parse_counts, tidy_survey

NOMENCLATURES = {
    "FAP2009": pd.DataFrame({"code": ["D1Z40", "A0Z40"]}),
    "FAP2021": pd.DataFrame({"code": ["D1X40", "A0X40"]}),
}


def raw_rows(**overrides: list) -> pd.DataFrame:
    data = {
        "year": [2024.0, 2024.0, 2024.0],
        "occupation": ["D1X40", "A0X40", "D1X40"],
        "occupation_name": ["Régleurs", "Agriculteurs", "Régleurs"],
        "family": ["I", "Z", "I"],
        "family_name": ["Ouvriers", "Autres", "Ouvriers"],
        "reg": ["84", "84", "1"],
        "dep": ["1", "01", "971"],
        "bassin": [8403.0, 8403.0, 101.0],
        "bassin_name": ["AMBERIEU", "AMBERIEU", "BASSE-TERRE"],
        "projects": ["120", "*", "15"],
        "difficult": ["*", "*", "10"],
        "seasonal": ["0", "*", "*"],
    }
    data.update(overrides)
    return pd.DataFrame(data, dtype=object)


def test_secret_cells_are_missing_with_a_flag() -> None:
    counts, secret = parse_counts(pd.Series(["12", "*", " 0 "]), "f.xlsx", "S", "met")
    assert counts.tolist()[0] == 12 and counts.isna().tolist() == [False, True, False]
    assert secret.tolist() == [False, True, False]


@pytest.mark.parametrize(
    ("value", "message"),
    [("-3", "negative count -3"), ("abc", "row 3: not a count: 'abc'"), ("", "row 3: not a count: ''")],
)
def test_bad_counts_name_the_column(value: str, message: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_counts(pd.Series(["1", value]), "Base_open_data_BMO_2024.xlsx", "BMO_2024_open_data", "xmet")
    assert str(caught.value) == f"Base_open_data_BMO_2024.xlsx, sheet 'BMO_2024_open_data', column 'xmet': {message}"


def test_tidy_survey_types_codes_and_domains() -> None:
    tidy = tidy_survey(raw_rows(), NOMENCLATURES, "f.xlsx", "S", 2024)
    assert tidy["bassin"].tolist() == ["8403", "8403", "101"]
    assert tidy["dep"].tolist() == ["01", "01", "971"]
    assert tidy["reg"].tolist() == ["84", "84", "01"]
    assert tidy["nomenclature"].unique().tolist() == ["FAP2021"]
    assert tidy["industrial"].tolist() == [True, False, True]
    assert tidy["projects"].isna().tolist() == [False, True, False]
    assert tidy["difficult_secret"].tolist() == [True, True, False]
    assert set(INDUSTRIAL_DOMAINS) == set("CDEFGH")


def test_weighted_estimates_keep_their_decimals() -> None:
    counts, secret = parse_counts(pd.Series(["7.18", "0.00", 38.47]), "ResMetBE16.xlsx", "S", "met")
    assert counts.tolist() == [7.18, 0.0, 38.47] and not secret.any()


def test_secret_cells_carry_the_most_they_can_hide() -> None:
    tidy = tidy_survey(raw_rows(projects=["120", "*", "15"], difficult=["*", "*", "10"]), NOMENCLATURES, "f", "S", 2024)
    # Published counts are never below 10 in this file: a secret cell holds 0 to 9.
    assert tidy["projects_high"].tolist() == [120, 9, 15]
    assert tidy["difficult_high"].tolist() == [9, 9, 10]  # never above the cell's projects
    assert (tidy["difficult_high"] <= tidy["projects_high"]).all()


def test_exact_duplicates_are_dropped_and_rows_without_bassin_are_kept() -> None:
    raw = raw_rows(
        dep=["1", "1", "2A"],
        bassin=[8403.0, 8403.0, None],
        bassin_name=["AMBERIEU", "AMBERIEU", None],
        occupation=["D1X40", "D1X40", "D1X40"],
        occupation_name=["Régleurs"] * 3,
        family=["I"] * 3,
        family_name=["Ouvriers"] * 3,
        reg=["84", "84", "94"],
        projects=["120", "120", "15"],
        difficult=["*", "*", "10"],
        seasonal=["*", "*", "*"],
    )
    tidy = tidy_survey(raw, NOMENCLATURES, "f.xlsx", "S", 2024)
    assert len(tidy) == 2
    assert tidy["bassin"].tolist() == ["8403", "000"]
    assert any("1 exact duplicate rows dropped" in note for note in tidy.attrs["quirks"])


def test_duplicate_cell_is_an_error() -> None:
    raw = raw_rows(dep=["01", "01", "01"], bassin=[8403.0, 8403.0, 8403.0], bassin_name=["AMBERIEU"] * 3)
    with pytest.raises(InputError, match=r"column 'Code métier BMO': duplicate bassin x département x occupation"):
        tidy_survey(raw, NOMENCLATURES, "f.xlsx", "S", 2024)


def test_unknown_occupation_code_is_an_error() -> None:
    raw = raw_rows(occupation=["D1X40", "A0X40", "Z9Z99"])
    with pytest.raises(InputError, match=r"occupation codes unknown to FAP2021: \['Z9Z99'\]"):
        tidy_survey(raw, NOMENCLATURES, "f.xlsx", "S", 2024)


def test_year_must_match_the_registered_source() -> None:
    with pytest.raises(InputError, match=r"column 'annee': survey year 2024 but the source is registered as 2025"):
        tidy_survey(raw_rows(), NOMENCLATURES, "f.xlsx", "S", 2025)


def test_a_survey_workbook_is_parsed_once_per_content(tmp_path) -> None:
    import xlsxwriter

    from etl.steps.bmo.survey import cached_survey, load_surveys

    path = tmp_path / "Base_open_data_BMO_2099.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("BMO_2099_open_data")
    header = ["annee", "Code métier BMO", "Nom métier BMO", "Famille_met", "Lbl_fam_met", "REG", "Dept"]
    header += ["BE99", "NOMBE99", "met", "xmet", "smet"]
    sheet.write_row(0, 0, header)
    sheet.write_row(1, 0, [2099, "D1X40", "Régleurs", "I", "Ouvriers", 84, 1, 8403, "AMBERIEU", 120, "*", 7.5])
    book.close()
    first, name = cached_survey(path, "ab" * 32, tmp_path / "cache")
    assert name == "BMO_2099_open_data"
    assert first.loc[0, "dep"] == "1.0" and first.loc[0, "difficult"] == "*" and first.loc[0, "seasonal"] == "7.5"
    path.unlink()  # the second read comes from the cache, not from the workbook
    again = load_surveys([(2099, path, "ab" * 32)], tmp_path / "cache")
    assert again[0][0].equals(first) and again[0][1] == name


def test_a_damaged_parse_cache_is_parsed_again(tmp_path, monkeypatch) -> None:
    import pandas as pd

    from etl.steps.bmo import survey

    cache = survey.cache_path("ab" * 32, tmp_path)
    cache.write_bytes(b"PAR1 not really parquet")
    parsed = pd.DataFrame({"a": [1]})
    monkeypatch.setattr(survey, "load_survey", lambda path: (parsed, "Sheet"))
    frame, sheet = survey.cached_survey(tmp_path / "x.xlsx", "ab" * 32, tmp_path)
    assert sheet == "Sheet" and frame["a"].tolist() == [1]
    assert pd.read_parquet(cache)["__sheet__"].iloc[0] == "Sheet"  # rewritten whole
