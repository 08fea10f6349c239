"""The BMO tables reconcile with France Travail's files, 2016 to 2025: totals, secret cells and their
bounds, bassins, headline shares, no orphan codes."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from python_calamine import CalamineWorkbook

# file and data sheet of each survey year (read here the plain way, without project code)
FILES = {
    2016: ("bmo_2016/ResMetBE16.xlsx", "#LN00137"),
    2017: ("bmo_2017/ResMetBE17.xlsx", "ResMetBe17"),
    2018: ("bmo_2018/ResMetBE18.xlsx", "ResMetBE18"),
    2019: ("bmo_2019/ResMetBE19.xlsx", "BMO_2019_open_data"),
    2020: ("bmo_2020/ResMetBE20.xlsx", "BMO_2020_open_data"),
    2021: ("bmo_2021/Base_open_data_21_def.xlsx", "BMO_2021_open_data"),
    2022: ("bmo_2022/Base_open_data_22_def.xlsx", "BMO_2022_open_data"),
    2023: ("bmo_2023/Base_open_data_23.xlsx", "BMO_2023_open_data"),
    2024: ("bmo_2024/Base_open_data_BMO_2024.xlsx", "BMO_2024_open_data"),
    2025: ("bmo_2025/Base_open_data_BMO_2025.xlsx", "BMO_2025_open_data"),
}
# National shares of difficult projects published by France Travail from its complete data.
PUBLISHED_DIFFICULT_SHARE = {
    2016: 0.324,
    2017: 0.375,
    2018: 0.444,
    2019: 0.501,
    2020: 0.512,
    2021: 0.449,
    2022: 0.579,
    2023: 0.61,
    2024: 0.574,
    2025: 0.501,
}


@pytest.fixture(scope="module")
def raw_surveys(raw_dir: Path) -> dict[int, pd.DataFrame]:
    """Each data sheet with the columns every year shares: dep, occupation, met, xmet, smet, bassin.
    Exact duplicate rows (2019, 2020: Mayotte) are counted once, as France Travail's totals do."""
    surveys = {}
    for year, (name, sheet) in FILES.items():
        rows = CalamineWorkbook.from_path(str(raw_dir / name)).get_sheet_by_name(sheet).to_python()
        frame = pd.DataFrame(rows[1:], columns=[str(c) for c in rows[0]])
        dep = next(c for c in frame.columns if c in ("Dept", "Département", "DEP"))
        bassin = next(c for c in frame.columns if c.upper() == f"BE{year % 100}")
        name_column = next(c for c in frame.columns if c.upper() == f"NOMBE{year % 100}")
        tidy = pd.DataFrame(
            {
                "dep": frame[dep].map(lambda v: str(int(v)).zfill(2) if isinstance(v, float) else str(v).zfill(2)),
                "occupation": frame["Code métier BMO"].astype(str),
                "bassin": frame[bassin].astype(str),
                "bassin_name": frame[name_column].astype(str),
                "met": frame["met"].astype(str),
                "xmet": frame["xmet"].astype(str),
                "smet": frame["smet"].astype(str),
            }
        )
        surveys[year] = tidy.drop_duplicates()
    return surveys


@pytest.fixture(scope="module")
def agg(processed_dir: Path) -> pd.DataFrame:
    return pd.read_parquet(processed_dir / "bmo_agg.parquet")


def known(values: pd.Series) -> pd.Series:
    return pd.to_numeric(values.where(values != "*"), errors="coerce")


def test_every_survey_year_is_built(agg: pd.DataFrame) -> None:
    assert sorted(agg["year"].unique()) == sorted(FILES)


@pytest.mark.parametrize("year", sorted(FILES))
def test_national_totals_and_secret_cells(year: int, raw_surveys: dict, agg: pd.DataFrame) -> None:
    raw = raw_surveys[year]
    france = agg[(agg["year"] == year) & (agg["level"] == "fr") & (agg["scope"] == "all")].iloc[0]
    for measure, column in (("projects", "met"), ("difficult", "xmet"), ("seasonal", "smet")):
        assert np.isclose(france[measure], known(raw[column]).sum())
        assert france[f"{measure}_secret"] == (raw[column] == "*").sum()
    assert france["cells"] == len(raw)
    # Published counts are never below 5: a secret cell hides 0 to 4 projects, less than 5 with decimals.
    published = pd.concat([known(raw[c]) for c in ("met", "xmet", "smet")]).dropna()
    assert published[published > 0].min() == 5 or not (raw["met"] == "*").any()
    ceiling = 4 if (published % 1 == 0).all() else 5
    assert np.isclose(france["projects_high"], france["projects"] + ceiling * (raw["met"] == "*").sum())


@pytest.mark.parametrize("year", sorted(FILES))
def test_regional_and_industrial_totals(year: int, raw_surveys: dict, agg: pd.DataFrame, processed_dir: Path) -> None:
    raw = raw_surveys[year]
    region_of = pd.read_parquet(processed_dir / "departements.parquet").set_index("dep")["reg"]
    # Saint-Barthélemy and Saint-Martin count with Guadeloupe's région, Monaco with Provence (as later files do).
    regions = raw["dep"].map(region_of).fillna(raw["dep"].map({"977": "01", "978": "01", "99": "93"}))
    regional = known(raw["met"]).groupby(regions).sum()
    ours = agg[(agg["year"] == year) & (agg["level"] == "reg") & (agg["scope"] == "all")].set_index("code")["projects"]
    for region, total in regional.items():
        assert np.isclose(ours[region], total), region
    industrial = raw["occupation"].str[0].isin(list("CDEFGH"))
    share = known(raw["xmet"])[industrial].sum() / known(raw["met"])[industrial].sum()
    ours = agg[(agg["year"] == year) & (agg["level"] == "fr") & (agg["scope"] == "industrial")].iloc[0]
    assert np.isclose(ours["difficult_share"], share)
    assert np.isclose(ours["projects"], known(raw["met"])[industrial].sum())


@pytest.mark.parametrize("year", sorted(FILES))
def test_headline_share_is_close_to_the_published_national_figure(year: int, agg: pd.DataFrame) -> None:
    france = agg[(agg["year"] == year) & (agg["level"] == "fr") & (agg["scope"] == "all")].iloc[0]
    assert abs(france["difficult_share"] - PUBLISHED_DIFFICULT_SHARE[year]) < 0.01
    assert france["difficult_share_low"] <= france["difficult_share"] <= france["difficult_share_high"]


def test_bounds_hold_everywhere(processed_dir: Path, agg: pd.DataFrame) -> None:
    for share in ("difficult", "seasonal"):
        known_rows = agg[f"{share}_share"].notna()
        rows = agg[known_rows]
        assert (rows[f"{share}_share_low"] <= rows[f"{share}_share"] + 1e-12).all()
        assert (rows[f"{share}_share"] <= rows[f"{share}_share_high"] + 1e-12).all()
    assert (agg["projects"] <= agg["projects_high"] + 1e-9).all()
    bmo = pd.read_parquet(processed_dir / "bmo.parquet")
    for measure in ("projects", "difficult", "seasonal"):
        published = bmo[measure].notna()
        assert (bmo.loc[published, f"{measure}_high"] == bmo.loc[published, measure]).all()
        assert (bmo.loc[~published, f"{measure}_high"] <= 5).all()


def test_zone_allocation_conserves_totals(processed_dir: Path, agg: pd.DataFrame) -> None:
    bassins = pd.read_parquet(processed_dir / "bmo_bassins.parquet")
    bmo_ze = pd.read_parquet(processed_dir / "bmo_ze.parquet")
    for year, group in bassins.groupby("year"):
        allocated = group.loc[group["method"] != "outside", "projects"].sum()
        assert np.isclose(bmo_ze.loc[bmo_ze["year"] == year, "projects"].sum(), allocated)
        zones_total = agg[(agg["year"] == year) & (agg["level"] == "ze") & (agg["scope"] == "all")]["projects"].sum()
        assert np.isclose(zones_total, allocated)
        outside = group.loc[group["method"] == "outside", "projects"].sum()
        france = agg[(agg["year"] == year) & (agg["level"] == "fr") & (agg["scope"] == "all")]["projects"].iloc[0]
        assert np.isclose(allocated + outside, france)
        assert outside < 0.005 * france


def test_bassins_are_matched_to_the_2021_zoning_mostly_by_code_or_name(processed_dir: Path) -> None:
    bassins = pd.read_parquet(processed_dir / "bmo_bassins.parquet")
    shares = bassins.pivot_table(index="year", columns="method", values="projects", aggfunc="sum", fill_value=0)
    shares = shares.div(shares.sum(axis=1), axis=0)
    matched = shares["table"] + shares.get("renamed", 0) + shares.get("neighbour", 0)
    assert matched[2016] > 0.7 and matched[2017] > 0.85  # codes renumbered with the 2016 régions: names help
    assert (matched[matched.index >= 2018] > 0.9).all()


def test_bassin_counts(processed_dir: Path, raw_surveys: dict) -> None:
    bmo = pd.read_parquet(processed_dir / "bmo.parquet", columns=["year", "bassin", "bassin_name"])
    for year, raw in raw_surveys.items():
        ours = bmo.loc[bmo["year"] == year].drop_duplicates(["bassin", "bassin_name"])
        named = raw.loc[~raw["bassin"].isin(["", "None", "nan"])].drop_duplicates(["bassin", "bassin_name"])
        assert len(ours[ours["bassin"] != "000"]) == len(named)
    assert bmo.loc[bmo["year"] == 2024, "bassin"].nunique() == 406


def test_no_orphan_codes(processed_dir: Path) -> None:
    bmo = pd.read_parquet(processed_dir / "bmo.parquet", columns=["dep", "reg", "occupation", "nomenclature"])
    deps = set(pd.read_parquet(processed_dir / "departements.parquet", columns=["dep"])["dep"])
    regs = set(pd.read_parquet(processed_dir / "regions.parquet", columns=["reg"])["reg"])
    zones = set(pd.read_parquet(processed_dir / "zones_emploi.parquet", columns=["ze2020"])["ze2020"])
    # Saint-Barthélemy, Saint-Martin and Monaco: surveyed, outside the commune geography.
    assert set(bmo["dep"]) - deps == {"977", "978", "99"}
    assert set(bmo["reg"]) <= regs
    assert set(pd.read_parquet(processed_dir / "bmo_ze.parquet", columns=["ze2020"])["ze2020"]) <= zones
    occupations = pd.read_parquet(processed_dir / "occupations.parquet")
    pairs = set(zip(bmo["nomenclature"], bmo["occupation"], strict=True))
    assert pairs == set(zip(occupations["nomenclature"], occupations["occupation"], strict=True))


def test_secret_cells_are_never_numbers_and_nomenclatures_follow_the_years(processed_dir: Path) -> None:
    bmo = pd.read_parquet(processed_dir / "bmo.parquet")
    for measure in ("projects", "difficult", "seasonal"):
        assert bmo.loc[bmo[f"{measure}_secret"], measure].isna().all()
    nomenclatures = bmo.groupby("year")["nomenclature"].unique().map(list).to_dict()
    assert nomenclatures == {year: ["FAP2009" if year <= 2023 else "FAP2021"] for year in FILES}


def test_fragile_figures_are_flagged_with_their_reason(agg: pd.DataFrame) -> None:
    oyonnax = agg[(agg["level"] == "ze") & (agg["code"] == "8425") & (agg["scope"] == "industrial")]
    latest = oyonnax.set_index("year").loc[2025]
    assert latest["flagged"] and "variation inhabituelle" in latest["caveat"]
    assert agg.loc[agg["flagged"], "caveat"].notna().all()
    assert agg.loc[~agg["flagged"], "caveat"].isna().all()
    france = agg[(agg["level"] == "fr") & agg["scope"].isin(["all", "industrial"])]
    assert not france["flagged"].any()
    zones = agg[(agg["level"] == "ze") & (agg["scope"] == "industrial")]
    assert 0.05 < zones["flagged"].mean() < 0.5
