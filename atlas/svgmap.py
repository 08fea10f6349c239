"""Static SVG choropleths: drawn by the browser at once, no map library, clickable, printable.

Used where a map must appear fast (the overview) or on paper (the brief). Coordinates are
projected equirectangularly around the map's mean latitude, which is faithful enough at the
scale of a region or of France.

Colours come in five classes (quantiles, rounded), each named in the legend with its range in French
format; a short text summary (`<desc>`, and summary() for a caption beside the map) lists the highest and
lowest values for screen readers. A filter that hides territories leaves them greyed, inside the outline
of their région, so the map keeps its frame. download_buttons() offers the map as an SVG file and a PNG.
"""

from __future__ import annotations

import html
import itertools
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import shapely
import streamlit as st
from plotly.colors import sample_colorscale

from atlas import data, svgtext, territories
from atlas.caching import shared
from atlas.exports import slug
from atlas.formats import fmt_dec, fmt_int, fmt_value
from atlas.maps import MISSING_COLOUR, SCALES

CLASSES = 5
CONTEXT_COLOUR = "#ececec"


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


@shared(copy=False)  # read-only
def _geometries(level: str) -> pd.Series:
    """Each territory's shape at a level, by code."""
    frame = data.geo_table(territories.LEVEL_TABLES[level])
    return frame.set_index(territories.LEVEL_KEYS[level]).geometry


@dataclass(frozen=True)
class _Frame:
    """The equirectangular projection of a map: the framed area's west and north edges, and the pixels per
    degree of longitude (x) and of latitude (y)."""

    west: float
    north: float
    x_scale: float
    y_scale: float

    def project(self, points: np.ndarray) -> np.ndarray:
        x = (points[:, 0] - self.west) * self.x_scale + 4
        y = (self.north - points[:, 1]) * self.y_scale + 4
        return np.column_stack([x, y])


@shared(maxsize=8_000, copy=False)
def _shape_path(level: str, code: str, frame: _Frame) -> str:
    """A territory's outline as SVG path data in a map's frame. Most choices of a map page (indicator, year,
    occupations, filter) keep the frame of the région's territories: their outlines are written once."""
    return _path(_rings(_geometries(level)[code]), frame.project)


# ---------------------------------------------------------------- classes


def _step(span: float, value_format: str) -> float:
    """Rounding step of class limits: whole points (or tenths for a narrow range) for shares and changes,
    whole units or tenths for ratios, two significant digits for counts."""
    if value_format in ("pct", "points", "change"):
        return 0.01 if span >= 0.1 else 0.001
    if value_format == "dec1":
        return 1.0 if span >= 10 else 0.1
    magnitude = 10 ** max(math.floor(math.log10(span)) - 1, 0) if span > 0 else 1
    return float(magnitude)


def class_breaks(values: pd.Series, value_format: str, count: int = CLASSES) -> list[float]:
    """Limits of up to `count` classes holding about as many territories each (quantiles), inner limits
    rounded; the first and last are the smallest and largest values."""
    known = values.dropna().astype(float)
    if known.empty:
        return []
    low, high = float(known.min()), float(known.max())
    if high <= low:
        return [low, high]
    step = _step(high - low, value_format)
    inner = np.quantile(known, np.linspace(0, 1, count + 1)[1:-1])
    rounded = sorted({round(round(float(q) / step) * step, 10) for q in inner})
    inner_limits = [q for q in rounded if low < q < high]
    return [low, *inner_limits, high]


def class_of(value: float, breaks: Sequence[float]) -> int | None:
    """Class index of a value: [b0, b1], ]b1, b2], … (None when missing)."""
    if pd.isna(value) or len(breaks) < 2:
        return None
    for index in range(len(breaks) - 1):
        if value <= breaks[index + 1]:
            return index
    return len(breaks) - 2


def class_colours(direction: str, count: int) -> list[str]:
    scale = SCALES.get(direction, "Blues")
    if count <= 1:
        return [sample_colorscale(scale, [0.6])[0]]
    return sample_colorscale(scale, [0.08 + 0.84 * i / (count - 1) for i in range(count)])


def colours(values: pd.Series, direction: str, value_format: str = "dec1") -> list[str]:
    """Each value's class colour (grey when missing)."""
    breaks = class_breaks(values, value_format)
    palette = class_colours(direction, max(len(breaks) - 1, 1))
    out = []
    for value in values:
        index = class_of(value, breaks)
        out.append(MISSING_COLOUR if index is None else palette[index])
    return out


def number(value: float, value_format: str) -> str:
    """A class limit without its unit (the legend's title carries it): '56,8', '+2,5', '12 000'."""
    if value_format in ("pct", "points", "change"):
        points = 100 * value
        text = fmt_dec(abs(points) if value_format != "pct" else points, 1)
        if value_format != "pct":
            sign = "+" if round(points, 1) > 0 else ("-" if round(points, 1) < 0 else "")
            text = sign + text
        return text
    if value_format == "dec1":
        return fmt_dec(value, 1)
    return fmt_int(value)


def class_labels(breaks: Sequence[float], value_format: str) -> list[str]:
    """'46,4 à 55,0', '55,0 à 60,0', … (one class: its single value)."""
    if len(breaks) == 2 and breaks[0] == breaks[1]:
        return [number(breaks[0], value_format)]
    return [f"{number(low, value_format)} à {number(high, value_format)}" for low, high in itertools.pairwise(breaks)]


def summary(table: pd.DataFrame, value_format: str, title: str, count: int = 3) -> str:
    """One sentence a screen reader (or anyone) can read instead of the map: the highest and lowest values."""
    known = table.dropna(subset=["value"])
    if "rank" in known and known["rank"].notna().any():
        known = known[known["rank"].notna()]
    if known.empty:
        return f"{title} : aucune donnée disponible pour ces territoires."
    ordered = known.sort_values("value", ascending=False)

    def listing(rows: pd.DataFrame) -> str:
        pairs = zip(rows["name"].tolist(), rows["value"].tolist(), strict=True)
        return ", ".join(f"{name} ({fmt_value(value, value_format)})" for name, value in pairs)

    missing = int(table["value"].isna().sum())
    text = f"{title} : {len(known)} territoires. Valeurs les plus élevées : {listing(ordered.head(count))}"
    if len(ordered) > count:
        text += f" ; les plus faibles : {listing(ordered.tail(count).iloc[::-1])}"
    text += "."
    if missing:
        text += f" {missing} sans donnée."
    return text


# ---------------------------------------------------------------- map


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
    context: Sequence[str] | None = None,
    outline: str | None = None,
    description: str | None = None,
) -> str:
    """An SVG map of table['value'] by table['code'] with a legend of classes; each zone links to link(code).

    context: codes of territories a filter hides, drawn grey behind the others (the map keeps its frame);
    outline: a région code whose border is drawn over the zones; description: the map's text for screen
    readers (by default summary() of the table)."""
    geometry = _geometries(level)
    shapes = geometry.reindex(table["code"])
    hidden = [c for c in (context or []) if c not in set(table["code"]) and c in geometry.index]
    hidden_shapes = geometry.reindex(hidden)
    outlined = bool(
        outline and outline != territories.FRANCE and level != "reg" and outline in _geometries("reg").index
    )
    framed = np.concatenate([shapes.dropna().to_numpy(), hidden_shapes.dropna().to_numpy()])
    minx, miny, maxx, maxy = shapely.total_bounds(framed)
    stretch = math.cos(math.radians((miny + maxy) / 2))
    map_width = (maxx - minx) * stretch
    map_height = maxy - miny
    scale = (width - 8) / map_width
    height = map_height * scale + 8
    frame = _Frame(float(minx), float(maxy), float(stretch * scale), float(scale))

    breaks = class_breaks(table["value"], value_format)
    palette = class_colours(direction, max(len(breaks) - 1, 1))
    fills = [MISSING_COLOUR if (i := class_of(v, breaks)) is None else palette[i] for v in table["value"]]
    fragile = table["flagged"].fillna(False).astype(bool).tolist() if "flagged" in table else [False] * len(table)
    # Zones lying mostly in a neighbouring région: drawn paler, outside the région's rankings by default.
    elsewhere = table["elsewhere"].fillna(False).astype(bool).tolist() if "elsewhere" in table else [False] * len(table)
    paths = []
    names = territories.listing(level)["name"]
    for code, shape in hidden_shapes.items():
        if shape is None:
            continue
        tip = f"<title>{html.escape(str(names.get(code, code)))} : hors du filtre</title>"
        paths.append(
            f'<path d="{_shape_path(level, code, frame)}" fill="{CONTEXT_COLOUR}" stroke="white" stroke-width="0.7" '
            f'class="context">{tip}</path>'
        )
    for (code, shape), fill, tip, hatched, outside in zip(
        shapes.items(), fills, tooltips, fragile, elsewhere, strict=True
    ):
        if shape is None:
            continue
        d = _shape_path(level, code, frame)
        stroke = 'stroke="#111" stroke-width="2.5"' if code == highlight else 'stroke="white" stroke-width="0.7"'
        title = f"<title>{html.escape(tip)}</title>"
        paler = ' fill-opacity="0.35" class="elsewhere"' if outside else ""
        path = f'<path d="{d}" fill="{fill}"{paler} {stroke}>{title}</path>'
        if hatched:  # a fragile figure: hatched over its colour, the reason in the tooltip
            path += f'<path d="{d}" fill="url(#fragile)" stroke="none" class="fragile">{title}</path>'
        if link is not None:
            path = f'<a href="{html.escape(link(code))}" target="_self">{path}</a>'
        paths.append(path)
    if outlined:
        paths.append(
            f'<path d="{_shape_path("reg", outline, frame)}" fill="none" stroke="#222" stroke-width="2.2" '
            'stroke-linejoin="round" pointer-events="none" class="outline"/>'
        )
    legend_svg, legend_height = legend(
        table["value"],
        direction,
        value_format,
        legend_title,
        width,
        height,
        fragile=any(fragile),
        elsewhere=any(elsewhere),
        hidden=bool(hidden),
        outlined=outlined,
    )
    total_height = height + legend_height
    text = description if description is not None else summary(table, value_format, legend_title)
    return (
        "<style>svg.atlas-map a path:hover{stroke:#111;stroke-width:2}</style>"
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {total_height:.0f}" width="100%" '
        f'class="atlas-map" role="img" aria-label="{html.escape(legend_title)}" style="max-width:{width}px">'
        f"<desc>{html.escape(text)}</desc>{FRAGILE_PATTERN}"
        f'<g font-family="{svgtext.FONT_FAMILY}">{"".join(paths)}{legend_svg}</g></svg>'
    )


def legend(
    values: pd.Series,
    direction: str,
    value_format: str,
    title: str,
    width: float,
    top: float,
    *,
    fragile: bool = False,
    elsewhere: bool = False,
    hidden: bool = False,
    outlined: bool = False,
) -> tuple[str, float]:
    """The legend under the map: its title, one swatch per class with its range, then the notes; returns the
    markup and its height. Sizes follow the map's width so that the text stays readable once scaled."""
    size = max(13.0, width / 36)
    margin = width * 0.03
    usable = width - 2 * margin
    parts: list[str] = []
    y = top + size * 0.6
    for line in svgtext.wrap(title, size * 1.05, usable, bold=True):
        y += size * 1.3
        parts.append(svgtext.text(margin, y, line, size * 1.05, font_weight="bold"))
    breaks = class_breaks(values, value_format)
    items = list(
        zip(class_labels(breaks, value_format), class_colours(direction, max(len(breaks) - 1, 1)), strict=False)
    )
    if values.isna().any():
        items.append(("non disponible", MISSING_COLOUR))
    swatch = size * 1.4
    item_width = max((svgtext.text_width(label, size) for label, _ in items), default=0) + swatch + size * 1.4
    per_row = max(1, min(len(items), int(usable // item_width))) if items else 1
    per_row = math.ceil(len(items) / math.ceil(len(items) / per_row)) if items else 1  # rows of even length
    y += size * 0.7
    for index, (label, colour) in enumerate(items):
        row, column = divmod(index, per_row)
        x = margin + column * item_width
        top_of_row = y + row * size * 1.7
        parts.append(
            f'<rect x="{x:.0f}" y="{top_of_row:.0f}" width="{swatch:.0f}" height="{size:.0f}" fill="{colour}" '
            'stroke="#999" stroke-width="0.5"/>'
        )
        parts.append(svgtext.text(x + swatch + size * 0.4, top_of_row + size * 0.85, label, size))
    rows = math.ceil(len(items) / per_row) if items else 0
    y += rows * size * 1.7
    notes = []
    if fragile:
        notes.append(('fill="url(#fragile)"', "chiffre fragile, à interpréter avec prudence (raison au survol)"))
    if elsewhere:
        notes.append(('fill="#888" fill-opacity="0.35"', "zone surtout située dans une région voisine"))
    if hidden:
        notes.append((f'fill="{CONTEXT_COLOUR}"', "territoire écarté par le filtre"))
    if outlined:
        notes.append(('fill="none" stroke-width="2" stroke="#222"', "limite de la région"))
    note_size = size * 0.9
    for style, text in notes:
        lines = svgtext.wrap(text, note_size, usable - swatch - note_size)
        stroke = "" if "stroke=" in style else ' stroke="#999" stroke-width="0.5"'
        parts.append(
            f'<rect x="{margin:.0f}" y="{y:.0f}" width="{swatch:.0f}" height="{note_size:.0f}" {style}{stroke}/>'
        )
        for number_of_line, line in enumerate(lines):
            parts.append(
                svgtext.text(
                    margin + swatch + note_size * 0.5, y + note_size * (0.85 + 1.2 * number_of_line), line, note_size
                )
            )
        y += note_size * (1.2 * len(lines) + 0.6)
    return "".join(parts), y - top + size * 0.4


FRAGILE_PATTERN = (
    '<defs><pattern id="fragile" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
    '<rect width="6" height="6" fill="white" fill-opacity="0.35"/>'
    '<line x1="0" y1="0" x2="0" y2="6" stroke="#333" stroke-width="1.4" stroke-opacity="0.75"/></pattern></defs>'
)


# ---------------------------------------------------------------- files


def standalone(svg: str) -> str:
    """The map as an SVG file: a white background, its size in pixels, no links back to the app."""
    markup = svg[svg.index("<svg") :]
    markup = re.sub(r"<a [^>]*>|</a>", "", markup)
    box = re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', markup)
    width, height = (box.group(1), box.group(2)) if box else ("800", "600")
    markup = markup.replace('width="100%"', f'width="{width}" height="{height}"', 1)
    markup = re.sub(r' style="max-width:[^"]*"', "", markup, count=1)
    opening = markup.index(">") + 1
    background = f'<rect x="0" y="0" width="{width}" height="{height}" fill="white"/>'
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + markup[:opening] + background + markup[opening:]


class PngUnavailableError(RuntimeError):
    """cairosvg or the cairo library is missing."""


def png_bytes(svg: str, scale: float = 2.0) -> bytes:
    """The map as a PNG, rasterised by cairo (cairosvg) on the server at `scale` times its size."""
    try:
        import cairosvg
    except (ImportError, OSError) as error:  # OSError: libcairo2 absent from the machine
        raise PngUnavailableError(
            "L'image PNG demande la bibliothèque cairo (paquet Debian libcairo2) et cairosvg."
        ) from error
    return cairosvg.svg2png(bytestring=standalone(svg).encode("utf-8"), scale=scale)


def png_available() -> bool:
    try:
        import cairosvg  # noqa: F401
    except (ImportError, OSError):
        return False
    return True


def download_buttons(svg: str, basename: str, key: str, noun: str = "Carte") -> None:
    """SVG and PNG buttons for a map (or a static chart: noun "Graphique"); the files are made on click only."""
    row = st.container(horizontal=True, gap="small")
    name = slug(basename)
    with row:
        st.download_button(
            f"{noun} SVG",
            data=lambda: standalone(svg).encode("utf-8"),
            file_name=f"{name}.svg",
            mime="image/svg+xml",
            key=f"{key}-svg",
            on_click="ignore",
            icon=":material/download:",
            help="Image vectorielle : nette à toute taille, s'ouvre dans un navigateur ou un logiciel de dessin.",
        )
        available = png_available()
        st.download_button(
            f"{noun} PNG",
            data=(lambda: png_bytes(svg)) if available else b"",
            file_name=f"{name}.png",
            mime="image/png",
            key=f"{key}-png",
            on_click="ignore",
            icon=":material/download:",
            disabled=not available,
            help="Image à insérer dans un document ou une présentation."
            if available
            else "Indisponible : installez la bibliothèque cairo (paquet Debian libcairo2).",
        )
