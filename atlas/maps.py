"""Choropleth maps that draw offline: MapLibre with a blank style, light simplified geometry.

Tiled basemaps need the internet; the default "white-bg" style draws only our polygons, so the
map works on a machine with no network. A tiled style stays available as an option.
"""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from atlas import data, territories
from atlas.formats import MONTHS, SECRET_ONLY, fmt_count, fmt_int, fmt_value, with_unit

BASEMAPS = {"white-bg": "Sans fond de carte (hors ligne)", "carto-positron": "Fond OpenStreetMap (Internet requis)"}
DEFAULT_BASEMAP = "white-bg"
SCALES = {"higher_is_worse": "YlOrRd", "higher_is_better": "YlGnBu", "neutral": "Blues"}
MISSING_COLOUR = "#d9d9d9"
MAP_HEIGHT = 560


@st.cache_resource(show_spinner=False)
def features(level: str) -> dict[str, dict]:
    """GeoJSON feature of each territory, keyed by code (geometry already simplified by the ETL)."""
    frame = data.geo_table(territories.LEVEL_TABLES[level])
    key = territories.LEVEL_KEYS[level]
    collection = json.loads(frame[[key, "geometry"]].to_json(drop_id=True))
    return {
        f["properties"][key]: {
            "type": "Feature",
            "id": f["properties"][key],
            "properties": {},
            "geometry": f["geometry"],
        }
        for f in collection["features"]
    }


@st.cache_resource(show_spinner=False)
def bounds(level: str) -> pd.DataFrame:
    frame = data.geo_table(territories.LEVEL_TABLES[level])
    box = frame.geometry.bounds
    box.index = frame[territories.LEVEL_KEYS[level]].to_numpy()
    return box


def geojson(level: str, codes: list[str]) -> dict:
    every = features(level)
    return {"type": "FeatureCollection", "features": [every[c] for c in codes if c in every]}


def view(level: str, codes: list[str], height: int = MAP_HEIGHT, width: int = 800) -> tuple[dict, float]:
    """Centre and zoom that fit the territories shown (Web Mercator arithmetic)."""
    box = bounds(level).loc[[c for c in codes if c in bounds(level).index]]
    west, south, east, north = box["minx"].min(), box["miny"].min(), box["maxx"].max(), box["maxy"].max()

    def mercator_y(lat: float) -> float:
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    lon_span = max(east - west, 1e-3)
    y_span = max(mercator_y(north) - mercator_y(south), 1e-3)
    zoom_x = math.log2(width * 360 / (512 * lon_span))  # MapLibre: the world is 512 px wide at zoom 0
    zoom_y = math.log2(height * 2 * math.pi / (512 * y_span))
    zoom = max(min(zoom_x, zoom_y) - 0.25, 1.0)
    centre_y = (mercator_y(north) + mercator_y(south)) / 2
    centre = {"lon": (west + east) / 2, "lat": math.degrees(2 * math.atan(math.exp(centre_y)) - math.pi / 2)}
    return centre, zoom


def hover_texts(
    table: pd.DataFrame, value_format: str, unit: str, *, separator: str = "<br>", bold: bool = True
) -> list[str]:
    """Name, value (with "au moins" when partial, its bounds when published), rank, secret cells, and the
    reason to read it with caution when the figure is fragile."""
    count = int(table["rank"].notna().sum()) if "rank" in table else int(table["value"].notna().sum())
    texts = []
    for row in table.itertuples():
        if value_format == "int" and not pd.isna(row.value):
            value = fmt_count(row.value, row.partial)
        else:
            value = fmt_value(row.value, value_format, missing="donnée non disponible")
        name = f"<b>{row.name}</b>" if bold else str(row.name)
        known = not pd.isna(row.value)
        shown_unit = unit if known and value_format in ("int", "dec1") and value != SECRET_ONLY else ""
        lines = [f"{name} ({row.code})", f"{value} {shown_unit}".strip()]
        low, high = getattr(row, "low", None), getattr(row, "high", None)
        if low is not None and high is not None and not pd.isna(low) and not pd.isna(high) and high > low:
            lines.append(f"entre {fmt_value(low, value_format)} et {fmt_value(high, value_format)} selon le secret")
        if not pd.isna(row.rank):
            lines.append(f"rang {int(row.rank)}/{count}")
        if row.partial:
            cells = int(row.secret_cells)
            lines.append(f"{fmt_int(cells)} cellule{'s' if cells > 1 else ''} secrète{'s' if cells > 1 else ''}")
        if getattr(row, "flagged", False):
            lines.append(f"⚠ à interpréter avec prudence : {row.caveat}")
        if getattr(row, "elsewhere", False):
            unranked = " : hors classement" if pd.isna(row.rank) else ""
            lines.append(f"zone surtout située dans une autre région{unranked}")
        texts.append(separator.join(lines))
    return texts


def choropleth(
    table: pd.DataFrame,
    level: str,
    *,
    title: str,
    unit: str,
    value_format: str,
    direction: str,
    basemap: str = DEFAULT_BASEMAP,
    highlight: str | None = None,
    height: int = MAP_HEIGHT,
    width_hint: int = 640,
) -> go.Figure:
    """A choropleth of table['value'] by table['code'], with a legend carrying the unit.

    width_hint is the expected width of the map in pixels (the server cannot know it), used to
    choose a zoom that shows every territory; the legend sits below the map to leave it the width.
    """
    codes = table["code"].tolist()
    values = table["value"].astype(float)
    known = values.notna()
    legend_space = 70
    centre, zoom = view(level, codes, height - legend_space, width_hint)
    known_codes = np.array(codes, dtype=object)[known.to_numpy()].tolist()
    missing_codes = np.array(codes, dtype=object)[~known.to_numpy()].tolist()
    texts = hover_texts(table, value_format, unit)
    in_percent = value_format in ("pct", "points", "change")  # shares and changes are stored as fractions
    scale_values = values[known] * (100 if in_percent else 1)
    colorbar_title = with_unit(title, {"pct": "%", "points": "points", "change": "%"}.get(value_format, unit))
    figure = go.Figure()
    if (~known).any():
        figure.add_trace(
            go.Choroplethmap(
                geojson=geojson(level, missing_codes),
                locations=missing_codes,
                z=np.zeros(len(missing_codes)),
                colorscale=[[0, MISSING_COLOUR], [1, MISSING_COLOUR]],
                showscale=False,
                text=np.array(texts, dtype=object)[~known.to_numpy()],
                hovertemplate="%{text}<extra></extra>",
                marker={"line": {"width": 0.6, "color": "white"}},
                name="Donnée non disponible",
            )
        )
    figure.add_trace(
        go.Choroplethmap(
            geojson=geojson(level, known_codes),
            locations=known_codes,
            z=scale_values.round(3).to_numpy(),
            colorscale=SCALES.get(direction, "Blues"),
            colorbar={
                "title": {"text": colorbar_title, "side": "top"},
                "thickness": 12,
                "len": 0.9,
                "orientation": "h",
                "x": 0.5,
                "xanchor": "center",
                "y": 0,
                "yanchor": "top",
                "ypad": 4,
                "tickformat": ",.0f" if value_format == "int" else ",.1f",
                "tickfont": {"size": 12},
                "title_font": {"size": 13},
                "separatethousands": True,
            },
            text=np.array(texts, dtype=object)[known.to_numpy()],
            hovertemplate="%{text}<extra></extra>",
            marker={"line": {"width": 0.6, "color": "white"}, "opacity": 0.92},
            name=title,
        )
    )
    if highlight and highlight in codes:
        figure.add_trace(
            go.Choroplethmap(
                geojson=geojson(level, [highlight]),
                locations=[highlight],
                z=[0],
                showscale=False,
                colorscale=[[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]],
                hoverinfo="skip",
                marker={"line": {"width": 3, "color": "#111111"}},
                name="Territoire choisi",
            )
        )
    figure.update_layout(
        map={"style": basemap, "center": centre, "zoom": zoom},
        margin={"l": 0, "r": 0, "t": 0, "b": legend_space},
        height=height,
        separators=",\u202f",
        showlegend=False,
        clickmode="event+select",
        dragmode=False,
    )
    return figure


# plotly.js speaks English unless a locale is registered; Streamlit's bundle registers none, so the French
# dictionary travels in each chart's config (`locales`), with French number and date formats.
PLOTLY_FRENCH = {
    "dictionary": {
        "Autoscale": "Échelle automatique",
        "Box Select": "Sélection rectangulaire",
        "Lasso Select": "Sélection au lasso",
        "Compare data on hover": "Comparer les données au survol",
        "Show closest data on hover": "Donnée la plus proche au survol",
        "Toggle show closest data on hover": "Activer ou désactiver le survol",
        "Toggle Spike Lines": "Afficher ou masquer les lignes de repère",
        "Double-click on legend to isolate one trace": "Double-cliquez sur la légende pour isoler une série",
        "Double-click to zoom back out": "Double-cliquez pour revenir en arrière",
        "Download plot as a PNG": "Télécharger le graphique en PNG",
        "Download plot": "Télécharger le graphique",
        "Pan": "Déplacer",
        "Produced with Plotly.js": "Réalisé avec Plotly.js",
        "Reset": "Réinitialiser",
        "Reset axes": "Réinitialiser les axes",
        "Reset view": "Réinitialiser la vue",
        "Reset views": "Réinitialiser les vues",
        "Reset camera to default": "Caméra par défaut",
        "Reset camera to last save": "Dernière caméra enregistrée",
        "Snapshot succeeded": "Image enregistrée",
        "Sorry, there was a problem downloading your snapshot!": "Désolé, l'image n'a pas pu être téléchargée.",
        "Taking snapshot - this may take a few seconds": "Préparation de l'image, quelques secondes…",
        "Zoom": "Zoom",
        "Zoom in": "Zoom avant",
        "Zoom out": "Zoom arrière",
        "Orbital rotation": "Rotation orbitale",
        "Turntable rotation": "Rotation horizontale",
        "trace": "série",
        "new text": "nouveau texte",
        "lat:": "lat. :",
        "lon:": "long. :",
        "min:": "min. :",
        "max:": "max. :",
        "mean:": "moyenne :",
        "median:": "médiane :",
        "q1:": "q1 :",
        "q3:": "q3 :",
    },
    "format": {
        "days": ["dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"],
        "shortDays": ["dim.", "lun.", "mar.", "mer.", "jeu.", "ven.", "sam."],
        "months": list(MONTHS),
        "shortMonths": [
            "janv.",
            "févr.",
            "mars",
            "avr.",
            "mai",
            "juin",
            "juil.",
            "août",
            "sept.",
            "oct.",
            "nov.",
            "déc.",
        ],
        "date": "%d/%m/%Y",
        "decimal": ",",
        "thousands": "\u202f",
        "year": "%Y",
        "month": "%b %Y",
        "dayMonth": "%-d %b",
        "dayMonthYear": "%-d %b %Y",
    },
}

PLOT_CONFIG = {
    "displaylogo": False,
    "scrollZoom": True,
    "modeBarButtonsToRemove": ["select2d", "lasso2d"],
    "locale": "fr",
    "locales": {"fr": PLOTLY_FRENCH},
}


def plot_config(filename: str) -> dict:
    """Plotly config in French (toolbar, numbers, dates) whose camera button downloads a PNG named after the
    view."""
    return {**PLOT_CONFIG, "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 2}}
