"""The geography tables reconcile with INSEE's files: counts, codes, population, map weight."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from python_calamine import CalamineWorkbook


@pytest.fixture(scope="module")
def communes(processed_dir: Path) -> pd.DataFrame:
    return pd.read_parquet(processed_dir / "communes.parquet")


@pytest.fixture(scope="module")
def zones(processed_dir: Path) -> gpd.GeoDataFrame:
    return gpd.read_parquet(processed_dir / "zones_emploi.parquet")


def official_ze_table(raw_dir: Path) -> pd.DataFrame:
    rows = CalamineWorkbook.from_path(str(raw_dir / "insee_ze2020" / "ZE2020_au_01-01-2022.xlsx")).get_sheet_by_name(
        "ZE2020").to_python()
    header = rows.index(next(r for r in rows if r[:2] == ["ZE2020", "LIBZE2020"]))
    return pd.DataFrame(rows[header + 1 :], columns=rows[header]).astype(str)


def test_counts(communes: pd.DataFrame, zones: gpd.GeoDataFrame, processed_dir: Path) -> None:
    assert len(communes) == 34_935
    assert len(zones) == 306
    assert int((~zones["overseas"]).sum()) == 287 and int(zones["overseas"].sum()) == 19
    assert len(pd.read_parquet(processed_dir / "departements.parquet", columns=["dep"])) == 101
    assert len(pd.read_parquet(processed_dir / "regions.parquet", columns=["reg"])) == 18


def test_every_commune_has_exactly_one_known_zone(communes: pd.DataFrame, zones: gpd.GeoDataFrame) -> None:
    assert communes["commune"].is_unique
    assert communes["ze2020"].notna().all()
    assert set(communes["ze2020"]) == set(zones["ze2020"])


def test_zone_codes_and_names_equal_insee_2022_table(zones: gpd.GeoDataFrame, raw_dir: Path) -> None:
    official = official_ze_table(raw_dir)
    assert set(zones["ze2020"]) == set(official["ZE2020"])
    names = zones.set_index("ze2020")["name"]
    assert (names[official["ZE2020"]].to_numpy() == official["LIBZE2020"].to_numpy()).all()


def test_39_zones_touch_auvergne_rhone_alpes(zones: gpd.GeoDataFrame, communes: pd.DataFrame) -> None:
    touching = zones[zones["regs"].map(lambda regs: "84" in list(regs))]
    assert len(touching) == 39
    assert set(touching["ze2020"]) == set(communes.loc[communes["reg"] == "84", "ze2020"])


def test_population_adds_up_to_the_density_grid(communes: pd.DataFrame, zones: gpd.GeoDataFrame,
                                                raw_dir: Path) -> None:
    rows = CalamineWorkbook.from_path(
        str(raw_dir / "insee_grille_densite_2024" / "grille_densite_7_niveaux_2024.xlsx")
    ).get_sheet_by_name("Grille_Densite").to_python()
    column = rows[4].index("PMUN21")
    grid_total = sum(r[column] for r in rows[5:] if isinstance(r[column], float))
    assert communes["population"].sum() == grid_total == zones["population"].sum()
    rural = communes.loc[communes["density7"] >= 5, "population"].sum()
    national_share = rural / communes["population"].sum()
    weighted = (zones["rural_pop_share"] * zones["population"]).sum() / zones["population"].sum()
    assert np.isclose(weighted, national_share)


def test_zone_map_is_light_and_gap_free(zones: gpd.GeoDataFrame) -> None:
    features = json.dumps(zones[["ze2020", "geometry"]].to_geo_dict(), separators=(",", ":"))
    assert len(features) < 300_000
    metropolitan = zones.loc[~zones["overseas"], "geometry"].to_numpy()
    assert shapely.coverage_is_valid(metropolitan)
    assert shapely.is_valid(zones.geometry.to_numpy()).all()
