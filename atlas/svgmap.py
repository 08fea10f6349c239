"""Static SVG choropleths: drawn by the browser at once, no map library, clickable, printable.

Used where a map must appear fast (the overview) or on paper (the brief). Coordinates are
projected equirectangularly around the map's mean latitude, which is faithful enough at the
scale of a region or of France.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable

import numpy as np
import pandas as pd
import shapely
from plotly.colors import sample_colorscale

from atlas import data, territories
from atlas.formats import fmt_value
from atlas.maps import MISSING_COLOUR, SCALES

LEGEND_HEIGHT = 46


def _rings(geometry: shapely.Geometry) -> list[np.ndarray]:
    rings = []
    for polygon in shapely.get_parts(geometry):
        rings.append(shapely.get_coordinates(polygon.exterior))
        rings.extend(shapely.get_coordinates(interior) for interior in polygon.interiors)
    return rings


def _path(rings: list[np.ndarray], project: Callable[[np.ndarray], np.ndarray]) -> str:
    parts = []
    for ring in rings:
        points = project(ring)
        coords = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        parts.append(f"M{coords}Z")
    return "".join(parts)


def colours(values: pd.Series, direction: str) -> list[str]:
    known = values.dropna()
    low, high = (float(known.min()), float(known.max())) if len(known) else (0.0, 1.0)
    span = high - low or 1.0
    scale = SCALES.get(direction, "Blues")
    return [MISSING_COLOUR if pd.isna(v) else sample_colorscale(scale, [(float(v) - low) / span])[0] for v in values]


def legend(values: pd.Series, direction: str, value_format: str, title: str, width: float, top: float) -> str:
    known = values.dropna()
    if known.empty:
        return ""
    low, high = float(known.min()), float(known.max())
    stops = "".join(
        f'<stop offset="{t:.2f}" stop-color="{sample_colorscale(SCALES.get(direction, "Blues"), [t])[0]}"/>'
        for t in np.linspace(0, 1, 6)
    )
    left, bar = width * 0.15, width * 0.7
    return (
        f'<defs><linearGradient id="legend-gradient">{stops}</linearGradient></defs>'
        f'<text x="{width / 2:.0f}" y="{top + 12:.0f}" text-anchor="middle" font-size="12" fill="#444">'
        f"{html.escape(title)}</text>"
        f'<rect x="{left:.0f}" y="{top + 18:.0f}" width="{bar:.0f}" height="10" fill="url(#legend-gradient)" '
        'stroke="#999" stroke-width="0.5"/>'
        f'<text x="{left:.0f}" y="{top + 42:.0f}" font-size="11" fill="#444">{fmt_value(low, value_format)}</text>'
        f'<text x="{left + bar:.0f}" y="{top + 42:.0f}" font-size="11" text-anchor="end" fill="#444">'
        f"{fmt_value(high, value_format)}</text>"
    )


def svg_choropleth(
    table: pd.DataFrame,
    level: str,
    *,
    value_format: str,
    direction: str,
    legend_title: str,
    tooltips: list[str],
    link: Callable[[str], str] | None = None,
    highlight: str | None = None,
    width: int = 560,
) -> str:
    """An SVG map of table['value'] by table['code'] with a legend; each zone links to link(code)."""
    frame = data.geo_table(territories.LEVEL_TABLES[level])
    key = territories.LEVEL_KEYS[level]
    shapes = frame.set_index(key).geometry.reindex(table["code"])
    minx, miny, maxx, maxy = shapely.total_bounds(shapes.to_numpy())
    stretch = math.cos(math.radians((miny + maxy) / 2))
    map_width = (maxx - minx) * stretch
    map_height = maxy - miny
    scale = (width - 8) / map_width
    height = map_height * scale + 8

    def project(points: np.ndarray) -> np.ndarray:
        x = (points[:, 0] - minx) * stretch * scale + 4
        y = (maxy - points[:, 1]) * scale + 4
        return np.column_stack([x, y])

    fills = colours(table["value"], direction)
    fragile = table["flagged"].fillna(False).astype(bool).tolist() if "flagged" in table else [False] * len(table)
    # Zones lying mostly in a neighbouring région: drawn paler, outside the région's rankings by default.
    elsewhere = table["elsewhere"].fillna(False).astype(bool).tolist() if "elsewhere" in table else [False] * len(table)
    paths = []
    for (code, geometry), fill, tip, hatched, outside in zip(
        shapes.items(), fills, tooltips, fragile, elsewhere, strict=True
    ):
        if geometry is None:
            continue
        d = _path(_rings(geometry), project)
        stroke = 'stroke="#111" stroke-width="2.5"' if code == highlight else 'stroke="white" stroke-width="0.7"'
        title = f"<title>{html.escape(tip)}</title>"
        paler = ' fill-opacity="0.35" class="elsewhere"' if outside else ""
        path = f'<path d="{d}" fill="{fill}"{paler} {stroke}>{title}</path>'
        if hatched:  # a fragile figure: hatched over its colour, the reason in the tooltip
            path += f'<path d="{d}" fill="url(#fragile)" stroke="none" class="fragile">{title}</path>'
        if link is not None:
            path = f'<a href="{html.escape(link(code))}" target="_self">{path}</a>'
        paths.append(path)
    total_height = height + LEGEND_HEIGHT
    note = ""
    if any(fragile):
        note += fragile_note(width, total_height)
        total_height += FRAGILE_NOTE_HEIGHT
    if any(elsewhere):
        note += elsewhere_note(width, total_height)
        total_height += FRAGILE_NOTE_HEIGHT
    return (
        "<style>svg.atlas-map a path:hover{stroke:#111;stroke-width:2}</style>"
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {total_height:.0f}" width="100%" '
        f'class="atlas-map" role="img" aria-label="{html.escape(legend_title)}" style="max-width:{width}px">'
        f"{FRAGILE_PATTERN}"
        f'<g font-family="sans-serif">{"".join(paths)}'
        f"{legend(table['value'], direction, value_format, legend_title, width, height)}{note}</g></svg>"
    )


FRAGILE_NOTE_HEIGHT = 22
FRAGILE_PATTERN = (
    '<defs><pattern id="fragile" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
    '<rect width="6" height="6" fill="white" fill-opacity="0.35"/>'
    '<line x1="0" y1="0" x2="0" y2="6" stroke="#333" stroke-width="1.4" stroke-opacity="0.75"/></pattern></defs>'
)


def elsewhere_note(width: float, top: float) -> str:
    """The legend's line for zones lying mostly in a neighbouring région."""
    left = width * 0.15
    return (
        f'<rect x="{left:.0f}" y="{top + 4:.0f}" width="18" height="12" fill="#888" fill-opacity="0.35" '
        'stroke="#999" stroke-width="0.5"/>'
        f'<text x="{left + 24:.0f}" y="{top + 14:.0f}" font-size="11" fill="#444">zone surtout située dans une '
        "région voisine</text>"
    )


def fragile_note(width: float, top: float) -> str:
    """The legend's line for hatched territories."""
    left = width * 0.15
    return (
        f'<rect x="{left:.0f}" y="{top + 4:.0f}" width="18" height="12" fill="url(#fragile)" stroke="#999" '
        'stroke-width="0.5"/>'
        f'<text x="{left + 24:.0f}" y="{top + 14:.0f}" font-size="11" fill="#444">chiffre fragile, à interpréter '
        "avec prudence (raison au survol)</text>"
    )
