"""Bench baseline: a page holding only a plotly map of the 306 zones d'emploi (same geometry as the app)."""

import sys
from pathlib import Path

import geopandas as gpd
import plotly.express as px
import streamlit as st

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from atlas.data import processed_dir  # noqa: E402


@st.cache_resource
def zones() -> tuple[dict, list[str]]:
    frame = gpd.read_parquet(processed_dir() / "zones_emploi.parquet")
    return frame.set_index("ze2020")[["geometry"]].__geo_interface__, frame["ze2020"].tolist()


geojson, codes = zones()
figure = px.choropleth_map(
    geojson=geojson,
    locations=codes,
    color=[int(c[-2:]) for c in codes],
    map_style="white-bg",
    center={"lat": 46.5, "lon": 2.5},
    zoom=4.3,
    height=560,
)
st.plotly_chart(figure)
