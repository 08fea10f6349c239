"""The BMO tables reconcile with France Travail's files: totals, secret cells, bassins, no orphan codes."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from python_calamine import CalamineWorkbook

FILES = {
    2023: "bmo_2023/Base_open_data_23.xlsx",
    2024: "bmo_2024/Base_open_data_BMO_2024.xlsx",
    2025: "bmo_2025/Base_open_data_BMO_2025.xlsx",
}


@pytest.fixture(scope="module")
def raw_surveys(raw_dir: Path) -> dict[int, pd.DataFrame]:
    """The raw data sheets, read the plain way (no project code)."""
    surveys = {}
    for year, name in FILES.items():
        workbook = CalamineWorkbook.from_path(str(raw_dir / name))
        rows = workbook.get_sheet_by_name(f"BMO_{year}_open_data").to_python()
        surveys[year] = pd.DataFrame(rows[1:], columns=rows[0])
    return surveys


@pytest.fixture(scope="module")
def agg(processed_dir: Path) -> pd.DataFrame:
    return pd.read_parquet(processed_dir / "bmo_agg.parquet")


def known(values: pd.Series) -> pd.Series:
    return pd.to_numeric(values.where(values != "*"), errors="coerce")


@pytest.mark.parametrize("year", sorted(FILES))
def test_national_totals_and_secret_cells(year: int, raw_surveys: dict, agg: pd.DataFrame) -> None:
    raw = raw_surveys[year]
    france = agg[(agg["year"] == year) & (agg["level"] == "fr") & (agg["scope"] == "all")].iloc[0]
    for measure, column in (("projects", "met"), ("difficult", "xmet"), ("seasonal", "smet")):
        assert france[measure] == known(raw[column]).sum()
        assert france[f"{measure}_secret"] == (raw[column] == "*").sum()
    assert france["cells"] == len(raw)


@pytest.mark.parametrize("year", sorted(FILES))
def test_regional_and_industrial_totals(year: int, raw_surveys: dict, agg: pd.DataFrame) -> None:
    raw = raw_surveys[year]
    regional = known(raw["met"]).groupby(raw["REG"].astype(str).str.zfill(2)).sum()
    ours = agg[(agg["year"] == year) & (agg["level"] == "reg") & (agg["scope"] == "all")].set_index("code")["projects"]
    assert ours.sort_index().to_dict() == regional.sort_index().astype(float).to_dict()
    industrial = raw["Code métier BMO"].str[0].isin(list("CDEFGH"))
    both = known(raw["met"]).notna() & known(raw["xmet"]).notna() & industrial
    share_known_cells = known(raw["xmet"])[both].sum() / known(raw["met"])[both].sum()
    share = known(raw["xmet"])[industrial].sum() / known(raw["met"])[industrial].sum()
    ours = agg[(agg["year"] == year) & (agg["level"] == "fr") & (agg["scope"] == "industrial")].iloc[0]
    assert np.isclose(ours["difficult_share_known_cells"], share_known_cells)
    assert np.isclose(ours["difficult_share"], share)


# National shares published by France Travail from its complete (unsecreted) data.
PUBLISHED_DIFFICULT_SHARE = {2023: 0.61, 2024: 0.574, 2025: 0.501}


@pytest.mark.parametrize("year", sorted(FILES))
def test_headline_share_is_close_to_the_published_national_figure(year: int, agg: pd.DataFrame) -> None:
    france = agg[(agg["year"] == year) & (agg["level"] == "fr") & (agg["scope"] == "all")].iloc[0]
    assert abs(france["difficult_share"] - PUBLISHED_DIFFICULT_SHARE[year]) < 0.01
    assert france["difficult_share_known_cells"] > france["difficult_share"]


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


def test_bassin_counts(processed_dir: Path, raw_surveys: dict) -> None:
    bmo = pd.read_parquet(processed_dir / "bmo.parquet", columns=["year", "bassin"])
    for year, raw in raw_surveys.items():
        be = next(c for c in raw.columns if str(c).startswith("BE"))
        assert bmo.loc[bmo["year"] == year, "bassin"].nunique() == raw[be].nunique()
    assert bmo.loc[bmo["year"] == 2024, "bassin"].nunique() == 406


def test_no_orphan_codes(processed_dir: Path) -> None:
    bmo = pd.read_parquet(processed_dir / "bmo.parquet", columns=["dep", "reg", "occupation", "nomenclature"])
    deps = set(pd.read_parquet(processed_dir / "departements.parquet", columns=["dep"])["dep"])
    regs = set(pd.read_parquet(processed_dir / "regions.parquet", columns=["reg"])["reg"])
    zones = set(pd.read_parquet(processed_dir / "zones_emploi.parquet", columns=["ze2020"])["ze2020"])
    assert set(bmo["dep"]) - deps == {"978"}  # Saint-Martin: surveyed, outside the commune geography
    assert set(bmo["reg"]) <= regs
    assert set(pd.read_parquet(processed_dir / "bmo_ze.parquet", columns=["ze2020"])["ze2020"]) <= zones
    occupations = pd.read_parquet(processed_dir / "occupations.parquet")
    pairs = set(zip(bmo["nomenclature"], bmo["occupation"], strict=True))
    assert pairs == set(zip(occupations["nomenclature"], occupations["occupation"], strict=True))


def test_secret_cells_are_never_numbers(processed_dir: Path) -> None:
    bmo = pd.read_parquet(processed_dir / "bmo.parquet")
    for measure in ("projects", "difficult", "seasonal"):
        assert bmo.loc[bmo[f"{measure}_secret"], measure].isna().all()
    assert bmo.groupby("year")["nomenclature"].unique().map(list).to_dict() == {
        2023: ["FAP2009"], 2024: ["FAP2021"], 2025: ["FAP2021"]}
