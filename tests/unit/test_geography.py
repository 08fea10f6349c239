"""Geography transforms: density shares, typology thresholds, dissolve and gap-free simplification."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from etl.errors import InputError
from etl.geo_ops import dissolve, simplify_for_web
from etl.steps.geography import build_communes, main_area, population_profile, typology


def communes_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "commune": ["01001", "01002", "01003", "69001"],
            "ze2020": ["8405", "8405", "8405", "8426"],
            "reg": ["84", "84", "27", "84"],
            "density7": [1, 5, 7, 3],
            "population": [600, 300, 100, 50],
        }
    )


def test_population_profile_shares_and_typology() -> None:
    profile = population_profile(communes_frame(), "ze2020")
    zone = profile.loc["8405"]
    assert zone["population"] == 1000 and zone["n_communes"] == 3
    assert np.isclose(zone["rural_pop_share"], 0.4) and np.isclose(zone["urban_pop_share"], 0.6)
    assert np.isclose(zone["intermediate_pop_share"], 0.0)
    assert zone["typology"] == "intermediaire"
    assert profile.loc["8426", "typology"] == "urbain"


def test_typology_thresholds_are_thirds() -> None:
    shares = pd.Series([0.0, 0.33, 1 / 3, 0.66, 2 / 3, 1.0, np.nan])
    assert typology(shares).tolist()[:6] == ["urbain", "urbain", "intermediaire", "intermediaire", "rural", "rural"]
    assert pd.isna(typology(shares).iloc[6])


def test_main_region_is_the_most_populated() -> None:
    areas = main_area(communes_frame(), "ze2020", "reg")
    assert areas.loc["8405", "reg"] == "84" and areas.loc["8405", "regs"] == ["84", "27"]


def test_commune_unknown_to_the_density_grid_is_an_error() -> None:
    supracom = pd.DataFrame(
        {
            "CODGEO": ["01001", "01002"],
            "LIBGEO": ["A", "B"],
            "DEP": ["01", "01"],
            "REG": ["84", "84"],
            "ZE2020": ["8405", "8405"],
            "UU2020": ["01000", "01000"],
            "AAV2020": ["000", "000"],
        }
    )
    density = pd.DataFrame({"CODGEO": ["01001", "99999"], "density7": [1, 2], "population": [1, 2]})
    aav = pd.DataFrame({"CODGEO": ["01001"], "CATEAAV2020": ["30"]})
    with pytest.raises(InputError, match=r"column 'CODGEO': 2 commune\(s\) not in both .*'01002', '99999'"):
        build_communes(supracom, density, aav, "table_supracom_2024.csv")


def test_dissolve_then_simplify_leaves_no_gap_or_overlap() -> None:
    # A 6 x 6 grid of densified unit squares grouped into 4 zones.
    cells, keys = [], []
    for i in range(6):
        for j in range(6):
            square = shapely.box(i, j, i + 1, j + 1).segmentize(
                0.25
            )  # exact binary steps keep shared edges identically noded
            cells.append(square)
            keys.append(f"{(i // 3) * 2 + j // 3:04d}")
    geometry = gpd.GeoSeries(cells, crs="EPSG:4326")
    zones = dissolve(geometry, pd.Series(keys, name="ze2020"))
    assert len(zones) == 4
    simplified = simplify_for_web(zones)
    assert shapely.coverage_is_valid(np.asarray(simplified.values))
    assert np.isclose(shapely.union_all(simplified.values).area, 36.0)
    assert shapely.get_num_coordinates(simplified.values).sum() < shapely.get_num_coordinates(zones.values).sum()
