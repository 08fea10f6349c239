"""The charts of the profile, the comparison and the brief, built on the server as SVG strings.

Why: in a browser plotly.js costs about 2.6 s of CPU on a page's first visit, and building a Plotly figure costs
25-30 ms on the server (its validation): a room of users on the Territoire page spent most of its time there. These
charts are plain SVG, like the maps of atlas.svgmap: drawn by the
browser at once, no JavaScript library, printable, and built in a millisecond or two. Hover texts are SVG <title>
tooltips; each chart has a <title> and a one-sentence <desc> for screen readers, so svgmap.standalone() and
svgmap.png_bytes() apply unchanged. Numbers use the French formats of atlas.formats; texts are measured in DejaVu
Sans (atlas.svgtext) so that labels are wrapped or turned rather than cut. Output is deterministic.

Sizes are in pixels of the viewBox: pass a width near the width shown so that the text keeps its size.
"""

from __future__ import annotations

import hashlib
import html
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pandas as pd

from atlas import svgtext
from atlas.charts import PALETTE, TYPOLOGY_COLOURS, year_ticks
from atlas.formats import NNBSP, fmt_dec, fmt_int, fmt_pct, fmt_value

PAGE_WIDTH = 720  # pixels of a chart's drawing on a page: its text stays readable from a laptop to a wide screen
PAD = 10
TITLE_SIZE = 15.0
LEGEND_SIZE = 12.0
TICK_SIZE = 12.0
VALUE_SIZE = 11.0
MIN_VALUE_SIZE = 9.0
NOTE_SIZE = 11.0
LINE_HEIGHT = 15.0  # of a line of 12 px text
SWATCH = 22.0
GRID = "#e5e5e5"
ZERO_LINE = "#888"
FRAGILE_GREY = "#777"
BREAK_COLOUR = "#555"
BAND_COLOUR = "#0072B2"  # with BAND_OPACITY: rgba(0,114,178,0.15), as in atlas.charts
BAND_OPACITY = 0.15
BAND_LABEL = "bornes selon le secret"
BREAK_LABEL = "nomenclature FAP 2009 → FAP 2021"
CAUTION = "⚠ à interpréter avec prudence"
FRAGILE_POINT = "chiffre fragile (raison au survol)"
FRAGILE_YEAR = "année fragile (raison au survol)"
EMPTY = "Aucune donnée"
SCALED = ("pct", "points", "change")  # shares and changes of shares, drawn in percent
SUFFIXES = {"pct": f"{NNBSP}%", "points": f"{NNBSP}pt", "change": f"{NNBSP}%"}
COMPOSITION = (
    ("urban_pop_share", "Urbain dense (1)", TYPOLOGY_COLOURS["urbain"]),
    ("intermediate_pop_share", "Intermédiaire (2-4)", TYPOLOGY_COLOURS["intermediaire"]),
    ("rural_pop_share", "Rural (5-7)", TYPOLOGY_COLOURS["rural"]),
)
SUMMARY_ITEMS = 10  # territories or bars listed in a <desc>


# ---------------------------------------------------------------- values


def _esc(text: object) -> str:
    return html.escape(str(text))


def _number(value: object) -> float | None:
    """A float, or None when missing (None, NaN, pd.NA) or not a number."""
    if value is None or value is pd.NA:
        return None
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def _flag(value: object) -> bool:
    """A fragile flag: True only when set (missing counts as not fragile)."""
    if value is None or value is pd.NA:
        return False
    return not (isinstance(value, float) and math.isnan(value)) and bool(value)


def _caution(fragile: bool, caveat: object) -> str:
    """The tooltip line of a fragile figure, with its reason."""
    if not fragile:
        return ""
    return f"\n{CAUTION} : {caveat}" if isinstance(caveat, str) and caveat.strip() else f"\n{CAUTION}"


def _column(frame: pd.DataFrame, name: str, default: object = None) -> list[object]:
    return frame[name].tolist() if name in frame else [default] * len(frame)


def _uid(*parts: object) -> str:
    """An id unique to the chart's content (several charts share a page), deterministic."""
    return "hatch-" + hashlib.md5("|".join(map(str, parts)).encode(), usedforsecurity=False).hexdigest()[:10]


# ---------------------------------------------------------------- axes


@dataclass
class _Axis:
    low: float
    high: float
    step: float
    ticks: list[float]

    def scale(self, start: float, end: float) -> Callable[[float], float]:
        """Pixel position of a value, low at start and high at end."""
        ratio = (end - start) / (self.high - self.low) if self.high != self.low else 0.0
        low = self.low
        return lambda value: start + (value - low) * ratio

    def label(self, value: float, suffix: str) -> str:
        digits = next((d for d in range(6) if abs(round(self.step, d) - self.step) < 1e-9 * max(1, self.step)), 6)
        return fmt_dec(0.0 if abs(value) < self.step * 1e-6 else value, digits) + suffix

    def label_width(self, suffix: str) -> float:
        return max((svgtext.text_width(self.label(t, suffix), TICK_SIZE) for t in self.ticks), default=0.0)


def _step(span: float, count: float, integer: bool) -> float:
    """A round step (1, 2 or 5 times a power of ten) giving about `count` intervals over span."""
    raw = span / max(count, 1.0)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw * (1 - 1e-9))
    return max(step, 1.0) if integer else step


def _axis(low: float, high: float, count: float, integer: bool, room: tuple[float, float] | None = None) -> _Axis:
    """An axis from 0 or below to 0 or above. Without room: extended to whole steps (plotly's rangemode
    'tozero'); with room (pixels beyond the bars' ends, pixels of the axis): the ends leave that room for
    labels, and reach the next whole step when it is near."""
    low, high = min(0.0, low), max(0.0, high)
    if high == low:
        high = 1.0
    if room is not None:
        pixels, length = room
        ends = (high > 0) + (low < 0)
        extra = pixels * (high - low) / max(length - ends * pixels, length * 0.3)
        high, low = (high + extra if high > 0 else high), (low - extra if low < 0 else low)
    step = _step(high - low, count, integer)
    top, bottom = math.ceil(high / step - 1e-9) * step, math.floor(low / step + 1e-9) * step
    if room is None or top - high < 0.25 * step:
        high = top
    if room is None or low - bottom < 0.25 * step:
        low = bottom
    first, last = math.ceil(low / step - 1e-9), math.floor(high / step + 1e-9)
    return _Axis(low, high, step, [round(i * step, 10) for i in range(first, last + 1)])


def _x_axis(
    low: float, high: float, length: float, integer: bool, suffix: str, room: tuple[float, float] | None = None
) -> _Axis:
    """A horizontal axis with as many ticks as their labels allow side by side."""
    count = length / 45
    axis = _axis(low, high, count, integer, room)
    while count > 1 and (axis.label_width(suffix) + 14) * (axis.high - axis.low) / axis.step > length:
        count *= 0.75
        axis = _axis(low, high, count, integer, room)
    return axis


def _y_grid(axis: _Axis, y: Callable[[float], float], left: float, right: float, suffix: str) -> list[str]:
    """Horizontal grid lines with their labels on the left."""
    parts = []
    for tick in axis.ticks:
        position = y(tick)
        parts.append(_line(left, position, right, position, GRID))
        parts.append(svgtext.text(left - 6, position + 4, axis.label(tick, suffix), TICK_SIZE, text_anchor="end"))
    return parts


def _x_grid(axis: _Axis, x: Callable[[float], float], top: float, bottom: float, suffix: str) -> list[str]:
    """Vertical grid lines with their labels underneath."""
    parts = []
    for tick in axis.ticks:
        position = x(tick)
        parts.append(_line(position, top, position, bottom, GRID))
        parts.append(
            svgtext.text(position, bottom + TICK_SIZE + 5, axis.label(tick, suffix), TICK_SIZE, text_anchor="middle")
        )
    return parts


def _line(x1: float, y1: float, x2: float, y2: float, colour: str, extra: str = "", stroke: float = 1) -> str:
    return (
        f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{colour}" stroke-width="{stroke:g}"'
        f"{extra}/>"
    )


# ---------------------------------------------------------------- frame: title, legend, root


@dataclass
class _Key:
    """A legend entry: kind is line, rect, band, hatch or open (an open grey marker)."""

    kind: str
    colour: str
    label: str
    thick: bool = False


def _swatch(key: _Key, x: float, middle: float, uid: str) -> str:
    if key.kind == "line":
        return (
            _line(x, middle, x + SWATCH, middle, key.colour, stroke=3 if key.thick else 2)
            + f'<circle cx="{x + SWATCH / 2:.1f}" cy="{middle:.1f}" r="4" fill="{key.colour}"/>'
        )
    if key.kind == "open":
        return (
            f'<circle cx="{x + SWATCH / 2:.1f}" cy="{middle:.1f}" r="5" fill="white" stroke="{FRAGILE_GREY}" '
            'stroke-width="2"/>'
        )
    box = f'x="{x + 3:.1f}" y="{middle - 6:.1f}" width="16" height="12"'
    if key.kind == "band":
        return f'<rect {box} fill="{BAND_COLOUR}" fill-opacity="{BAND_OPACITY}"/>'
    if key.kind == "hatch":
        return f'<rect {box} fill="{key.colour}"/><rect {box} fill="url(#{uid})"/>'
    return f'<rect {box} fill="{key.colour}"/>'


def _legend(keys: Sequence[_Key], width: float, top: float, uid: str) -> tuple[list[str], float]:
    """Legend entries in rows under the title, wrapped to the width; returns the markup and its bottom."""
    usable = width - 2 * PAD
    placed: list[tuple[int, float, list[str], _Key]] = []
    rows = [1]
    x = PAD
    for key in keys:
        lines = svgtext.wrap(key.label, LEGEND_SIZE, usable - SWATCH - 6) or [""]
        item = SWATCH + 6 + max(svgtext.text_width(line, LEGEND_SIZE) for line in lines)
        if x > PAD and x + item > PAD + usable:
            rows.append(1)
            x = PAD
        rows[-1] = max(rows[-1], len(lines))
        placed.append((len(rows) - 1, x, lines, key))
        x += item + 16
    tops = [top + sum(rows[:r]) * LINE_HEIGHT + 4 * r for r in range(len(rows))]
    parts = ['<g class="legend">']
    for row, x, lines, key in placed:
        parts.append(_swatch(key, x, tops[row] + 7, uid))
        parts.extend(
            svgtext.text(x + SWATCH + 6, tops[row] + 11 + LINE_HEIGHT * i, line, LEGEND_SIZE)
            for i, line in enumerate(lines)
        )
    parts.append("</g>")
    return parts, tops[-1] + rows[-1] * LINE_HEIGHT


def _header(title: str | None, keys: Sequence[_Key], width: float, uid: str = "") -> tuple[list[str], float]:
    """The title (bold, wrapped) then the legend; returns the markup and the height they take."""
    parts: list[str] = []
    y = PAD * 0.6
    for line in svgtext.wrap(title or "", TITLE_SIZE, width - 2 * PAD, bold=True):
        parts.append(svgtext.text(PAD, y + 15, line, TITLE_SIZE, font_weight="bold"))
        y += 19
    if keys:
        legend, y = _legend(keys, width, y + 4, uid)
        parts.extend(legend)
    return parts, y + 8


ROOT_CLASS = "atlas-chart"  # the class of every chart's root element (pages and tests find the charts by it)


def _svg(width: float, height: float, label: str, summary: str, body: Sequence[str], defs: str = "") -> str:
    """The root element (as svgmap's maps: svgmap.standalone() and png_bytes() apply)."""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {math.ceil(height)}" width="100%" '
        f'style="max-width:{width:.0f}px" class="{ROOT_CLASS}" role="img" aria-label="{_esc(label)}">'
        f"<title>{_esc(label)}</title><desc>{_esc(summary)}</desc>{defs}"
        f'<g font-family="{svgtext.FONT_FAMILY}">{"".join(body)}</g></svg>'
    )


def _empty(title: str | None, label: str, width: float) -> str:
    """A small chart saying there is no data."""
    parts, top = _header(title, [], width)
    parts.append(svgtext.text(width / 2, top + 30, EMPTY, 14, fill="#666", text_anchor="middle"))
    return _svg(width, top + 50, label, f"{label} : aucune donnée.", parts)


def _hatch(uid: str) -> str:
    """The hatching of fragile bars (as svgmap's fragile zones)."""
    return (
        f'<defs><pattern id="{uid}" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        '<rect width="6" height="6" fill="white" fill-opacity="0.3"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#333" stroke-width="1.4" stroke-opacity="0.75"/></pattern></defs>'
    )


def _break_line(x: float, top: float, bottom: float, width: float) -> list[str]:
    """The dotted line between the two occupation nomenclatures, labelled above the plot beside it."""
    size = NOTE_SIZE
    label = svgtext.text_width(BREAK_LABEL, size)
    room_left, room_right = x - 4 - PAD / 2, width - PAD / 2 - x - 4
    if label > max(room_left, room_right):
        size *= max(room_left, room_right) / label
    left = label * size / NOTE_SIZE <= room_left
    return [
        _line(x, top - 14, x, bottom, BREAK_COLOUR, ' stroke-dasharray="2 3" class="nomenclature"'),
        svgtext.text(x - 4 if left else x + 4, top - 4, BREAK_LABEL, size, text_anchor="end" if left else "start"),
    ]


# ---------------------------------------------------------------- bars


def _bar(x: float, y: float, width: float, height: float, fill: str, tip: str, css: str = "bar") -> str:
    return (
        f'<rect class="{css}" x="{x:.1f}" y="{y:.1f}" width="{max(width, 0):.1f}" height="{max(height, 0):.1f}" '
        f'fill="{fill}"><title>{_esc(tip)}</title></rect>'
    )


def _fit_labels(texts: Sequence[str], bar: float) -> tuple[float, bool, float]:
    """How values print above vertical bars `bar` pixels wide: font size, turned upright or not, and the room
    they take beyond the bars' ends. Level (shrunk a little when needed), else turned."""
    widest = max((svgtext.text_width(t, VALUE_SIZE) for t in texts), default=0.0)
    if widest <= bar + 1:
        return VALUE_SIZE, False, VALUE_SIZE + 5
    size = VALUE_SIZE * (bar + 1) / widest
    if size >= MIN_VALUE_SIZE:
        return size, False, size + 5
    size = min(VALUE_SIZE, max(bar + 1, 7.0))
    return size, True, widest * size / VALUE_SIZE + 6


def _value_label(centre: float, end: float, text: str, fit: tuple[float, bool, float], negative: bool) -> str:
    """A value printed beyond the end of a vertical bar (below it for a negative value)."""
    size, upright, _ = fit
    if not upright:
        return svgtext.text(centre, end + size + 3 if negative else end - 4, text, size, text_anchor="middle")
    x, y = round(centre + size * 0.35), round(end + 4 if negative else end - 4)
    return svgtext.text(x, y, text, size, text_anchor="end" if negative else "start", transform=f"rotate(-90 {x} {y})")


# ---------------------------------------------------------------- trend lines


@dataclass
class _Series:
    name: str
    colour: str
    thick: bool
    points: dict[int, tuple[float | None, bool, object]]  # year -> value, fragile, caveat
    bounds: dict[int, tuple[float, float]]  # year -> low, high


def _series(series: dict[str, pd.DataFrame], column: str, band: bool) -> list[_Series]:
    """The territories with rows, each with its colour (by its place in series, as atlas.charts)."""
    out = []
    for index, (name, frame) in enumerate(series.items()):
        if frame is None or frame.empty or column not in frame or "year" not in frame:
            continue
        years = [int(y) if (y := _number(v)) is not None else None for v in frame["year"].tolist()]
        rows = zip(
            years, frame[column].tolist(), _column(frame, "flagged", False), _column(frame, "caveat"), strict=True
        )
        points = {y: (_number(v), _flag(f), c) for y, v, f, c in rows if y is not None}
        bounds = {}
        low, high = f"{column}_low", f"{column}_high"
        if band and index == 0 and low in frame and high in frame:
            for year, lo, hi in zip(years, frame[low].tolist(), frame[high].tolist(), strict=True):
                if year is not None and (lo := _number(lo)) is not None and (hi := _number(hi)) is not None:
                    bounds[year] = (lo, hi)
        out.append(_Series(str(name), PALETTE[index % len(PALETTE)], index == 0, points, bounds))
    return out


def _runs(values: dict[int, object], years: Sequence[int]) -> list[list[int]]:
    """Runs of consecutive shown years having a value: a missing value (or year) breaks a line."""
    runs: list[list[int]] = [[]]
    for year in years:
        if values.get(year) is None:
            if runs[-1]:
                runs.append([])
        else:
            runs[-1].append(year)
    return [run for run in runs if run]


def _trend_summary(label: str, lines: Sequence[_Series], value_format: str) -> str:
    parts = []
    for line in lines[:SUMMARY_ITEMS]:
        known = [(year, v, f) for year, (v, f, _) in sorted(line.points.items()) if v is not None]
        if not known:
            continue
        (first, start, _), (last, end, _) = known[0], known[-1]
        text = f"{line.name} : {fmt_value(start, value_format)} en {first}"
        if last != first:
            text = f"{line.name} : de {fmt_value(start, value_format)} en {first}"
            text += f" à {fmt_value(end, value_format)} en {last}"
        fragile = [str(year) for year, _, f in known if f]
        parts.append(text + (f" (années fragiles : {', '.join(fragile)})" if fragile else ""))
    return f"{label} — {' ; '.join(parts)}."


def _band(
    line: _Series, years: Sequence[int], x: Callable[[float], float], y: Callable[[float], float], k: float
) -> list[str]:
    """The shaded bounds of the first territory, one polygon per run of years having both bounds."""
    parts = []
    for run in _runs(line.bounds, years):
        if len(run) < 2:
            continue
        upper = [f"{x(year):.1f},{y(line.bounds[year][1] * k):.1f}" for year in run]
        lower = [f"{x(year):.1f},{y(line.bounds[year][0] * k):.1f}" for year in reversed(run)]
        parts.append(
            f'<polygon class="band" points="{" ".join(upper + lower)}" fill="{BAND_COLOUR}" '
            f'fill-opacity="{BAND_OPACITY}"><title>{_esc(line.name)} : {BAND_LABEL}</title></polygon>'
        )
    return parts


def _lines_and_markers(
    lines: Sequence[_Series],
    years: Sequence[int],
    x: Callable[[float], float],
    y: Callable[[float], float],
    scale: float,
    value_format: str,
) -> list[str]:
    """A path per run of known values (so a gap breaks the line), then every marker with its tooltip."""
    paths, markers = [], []
    for line in lines:
        values = {year: point[0] for year, point in line.points.items()}
        for run in _runs(values, years):
            if len(run) > 1:
                d = "M" + " L".join(f"{x(year):.1f},{y(values[year] * scale):.1f}" for year in run)
                paths.append(
                    f'<path class="line" d="{d}" fill="none" stroke="{line.colour}" '
                    f'stroke-width="{3 if line.thick else 2}" stroke-linejoin="round" stroke-linecap="round">'
                    f"<title>{_esc(line.name)}</title></path>"
                )
        for year in years:
            value, fragile, caveat = line.points.get(year, (None, False, None))
            if value is None:
                continue
            tip = _esc(f"{line.name} {year} : {fmt_value(value, value_format)}{_caution(fragile, caveat)}")
            centre = f'cx="{x(year):.1f}" cy="{y(value * scale):.1f}"'
            markers.append(
                f'<circle class="point fragile" {centre} r="5.5" fill="white" stroke="{FRAGILE_GREY}" stroke-width="2">'
                f"<title>{tip}</title></circle>"
                if fragile
                else f'<circle class="point" {centre} r="4" fill="{line.colour}" stroke="white" stroke-width="1">'
                f"<title>{tip}</title></circle>"
            )
    return paths + markers


def trend_lines(
    series: dict[str, pd.DataFrame],
    column: str,
    value_format: str,
    *,
    title: str | None = None,
    band: bool = False,
    nomenclature_break: int | None = None,
    width: int = 640,
    height: int = 340,
) -> str:
    """One line per territory across survey years (the first thicker). Fragile years
    are open grey markers with their reason in the tooltip; a missing value breaks the line; with band, the first
    territory's `<column>_low`-`<column>_high` bounds are shaded; a dotted line marks the change of occupation
    nomenclature when it falls inside the years shown."""
    label = title or "Évolution par année d'enquête"
    lines = _series(series, column, band)
    scale = 100.0 if value_format in SCALED else 1.0
    known = [v * scale for line in lines for v, _, _ in line.points.values() if v is not None]
    if not known:
        return _empty(title, label, width)
    known += [b * scale for line in lines for bounds in line.bounds.values() for b in bounds]
    years = sorted({year for line in lines for year in line.points})
    keys = [_Key("line", line.colour, line.name, line.thick) for line in lines]
    if lines[0].bounds:
        keys.insert(1, _Key("band", BAND_COLOUR, BAND_LABEL))
    if any(f and v is not None for line in lines for v, f, _ in line.points.values()):
        keys.append(_Key("open", FRAGILE_GREY, FRAGILE_POINT))
    parts, top = _header(title, keys if len(keys) > 1 else [], width)
    cut = nomenclature_break if nomenclature_break and years[0] < nomenclature_break <= years[-1] else None
    top += 16 if cut else 0
    bottom = max(height - PAD * 0.6 - TICK_SIZE - 8, top + 120)
    axis = _axis(min(known), max(known), (bottom - top) / 50, value_format == "int")
    suffix = SUFFIXES.get(value_format, "")
    left, right = PAD + axis.label_width(suffix) + 8, width - PAD
    pad = 0.4 if len(years) > 1 else 1.0
    x = _Axis(years[0] - pad, years[-1] + pad, 1, []).scale(left, right)
    y = axis.scale(bottom, top)
    parts += _y_grid(axis, y, left, right, suffix)
    for year in year_ticks(years):
        parts.append(_line(x(year), top, x(year), bottom, GRID))
        parts.append(svgtext.text(x(year), bottom + TICK_SIZE + 5, str(year), TICK_SIZE, text_anchor="middle"))
    if lines[0].bounds:
        parts += _band(lines[0], years, x, y, scale)
    if cut:
        parts += _break_line(x(cut - 0.5), top, bottom, width)
    parts += _lines_and_markers(lines, years, x, y, scale, value_format)
    return _svg(width, bottom + TICK_SIZE + 8 + PAD * 0.6, label, _trend_summary(label, lines, value_format), parts)


# ---------------------------------------------------------------- projects per year


def projects_bars(
    frame: pd.DataFrame,
    *,
    title: str | None = None,
    nomenclature_break: int | None = None,
    width: int = 640,
    height: int = 320,
) -> str:
    """Projects per survey year beside their difficult part; fragile years hatched,
    their reason in the tooltips; a dotted line at the change of occupation nomenclature."""
    label = title or "Projets de recrutement par année"
    if frame is None or frame.empty or "year" not in frame:
        return _empty(title, label, width)
    rows = sorted(
        (int(year), _number(p), _number(d), _flag(f), c)
        for year, p, d, f, c in zip(
            frame["year"].tolist(),
            _column(frame, "projects"),
            _column(frame, "difficult"),
            _column(frame, "flagged", False),
            _column(frame, "caveat"),
            strict=True,
        )
        if _number(year) is not None
    )
    values = [v for row in rows for v in row[1:3] if v is not None]
    if not values:
        return _empty(title, label, width)
    keys = [_Key("rect", PALETTE[4], "Projets"), _Key("rect", PALETTE[5], "dont difficiles")]
    fragile = any(row[3] for row in rows)
    uid = _uid("projects", *rows)
    if fragile:
        keys.append(_Key("hatch", "#bbb", FRAGILE_YEAR))
    parts, top = _header(title, keys, width, uid)
    years = [row[0] for row in rows]
    cut = nomenclature_break if nomenclature_break and years[0] < nomenclature_break <= years[-1] else None
    top += 16 if cut else 0
    bottom = max(height - PAD * 0.6 - TICK_SIZE - 8, top + 120)
    texts = [fmt_int(v) for row in rows for v in row[1:3] if v is not None]
    left = PAD + 50.0
    for _ in range(2):  # the labels' room and the axis's labels depend on each other
        slot = (width - PAD - left) / (years[-1] - years[0] + 1)
        fit = _fit_labels(texts, slot * 0.4)
        axis = _axis(min(values), max(values), (bottom - top) / 50, True, (fit[2], bottom - top))
        left = PAD + axis.label_width("") + 8
    slot = (width - PAD - left) / (years[-1] - years[0] + 1)
    y = axis.scale(bottom, top)
    parts += _y_grid(axis, y, left, width - PAD, "")
    for year in year_ticks(years):
        centre = left + (year - years[0] + 0.5) * slot
        parts.append(svgtext.text(centre, bottom + TICK_SIZE + 5, str(year), TICK_SIZE, text_anchor="middle"))
    if cut:
        parts += _break_line(left + (cut - years[0]) * slot, top, bottom, width)
    for year, projects, difficult, hatched, caveat in rows:
        start = left + (year - years[0] + 0.1) * slot
        for offset, value, colour, what in (
            (0, projects, PALETTE[4], "projets"),
            (1, difficult, PALETTE[5], "projets difficiles"),
        ):
            if value is None:
                continue
            x, end = start + offset * slot * 0.4, y(value)
            tip = f"{year} : {fmt_int(value)} {what}{_caution(hatched, caveat)}"
            parts.append(
                _bar(x, min(end, y(0)), slot * 0.4, abs(y(0) - end), colour, tip, "bar fragile" if hatched else "bar")
            )
            if hatched:
                parts.append(
                    f'<rect class="hatch" x="{x:.1f}" y="{min(end, y(0)):.1f}" width="{slot * 0.4:.1f}" '
                    f'height="{abs(y(0) - end):.1f}" fill="url(#{uid})" pointer-events="none"/>'
                )
            parts.append(_value_label(x + slot * 0.2, end, fmt_int(value), fit, value < 0))
    first, last = rows[0], rows[-1]
    summary = f"{label} : {fmt_int(first[1])} projets en {first[0]}"
    if last[0] != first[0]:
        summary += f", {fmt_int(last[1])} en {last[0]} dont {fmt_int(last[2])} jugés difficiles"
    fragile_years = [str(row[0]) for row in rows if row[3]]
    if fragile_years:
        summary += f" ; années fragiles : {', '.join(fragile_years)}"
    return _svg(width, bottom + TICK_SIZE + 8 + PAD * 0.6, label, summary + ".", parts, _hatch(uid) if fragile else "")


# ---------------------------------------------------------------- horizontal bars


def _row_labels(names: Sequence[str], width: float, share: float) -> tuple[list[list[str]], float]:
    """Labels on the left of horizontal bars, wrapped to at most `share` of the width: lines and column width."""
    column = min(max(svgtext.text_width(n, TICK_SIZE) for n in names), width * share)
    lines = [svgtext.wrap(n, TICK_SIZE, column) or [""] for n in names]
    return lines, max(svgtext.text_width(line, TICK_SIZE) for label in lines for line in label)


def _row_label(right: float, middle: float, lines: Sequence[str]) -> list[str]:
    first = middle + 4 - (len(lines) - 1) * LINE_HEIGHT / 2
    return [
        svgtext.text(right, first + i * LINE_HEIGHT, line, TICK_SIZE, text_anchor="end") for i, line in enumerate(lines)
    ]


def _ink(colour: str) -> str:
    """Dark or white text on a colour, by its brightness (as plotly picks the colour of text inside bars)."""
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#222" if (red * 299 + green * 587 + blue * 114) / 1000 >= 128 else "white"


def composition_bar(rows: dict[str, dict[str, float]], *, title: str | None = None, width: int = 640) -> str:
    """Shares of population in dense urban, intermediate and rural communes: one 100 % stacked bar per territory,
    each share printed inside its part when it fits, always in the tooltip."""
    label = title or "Population par type de commune"
    names = [str(n) for n in rows]
    shares = [[_number((rows[n] or {}).get(column)) for column, _, _ in COMPOSITION] for n in rows]
    if not any(v is not None for row in shares for v in row):
        return _empty(title, label, width)
    parts, top = _header(title, [_Key("rect", colour, text) for _, text, colour in COMPOSITION], width)
    lines, column = _row_labels(names, width, 0.3)
    left, right = PAD + column + 8, width - PAD - 16
    heights = [max(40.0, len(label_lines) * LINE_HEIGHT + 12) for label_lines in lines]
    bottom = top + sum(heights)
    axis = _axis(0, 100, 5, True)
    x = axis.scale(left, right)
    parts += _x_grid(axis, x, top, bottom, SUFFIXES["pct"])
    row_top = top
    for name, label_lines, values, row_height in zip(names, lines, shares, heights, strict=True):
        middle, start = row_top + row_height / 2, 0.0
        parts += _row_label(left - 8, middle, label_lines)
        for value, (_, part, colour) in zip(values, COMPOSITION, strict=True):
            if value is None:
                continue
            end = min(start + value * 100, 100.0)
            tip = f"{name} – {part} : {fmt_pct(value)}"
            parts.append(_bar(x(start), middle - 14, x(end) - x(start), 28, colour, tip))
            shown = fmt_pct(value, 0)
            if svgtext.text_width(shown, VALUE_SIZE) + 6 <= x(end) - x(start):
                parts.append(
                    svgtext.text(
                        (x(start) + x(end)) / 2, middle + 4, shown, VALUE_SIZE, fill=_ink(colour), text_anchor="middle"
                    )
                )
            start = end
        row_top += row_height
    summary = " ; ".join(
        f"{name} : "
        + ", ".join(f"{part.lower()} {fmt_pct(v, 0)}" for v, (_, part, _) in zip(values, COMPOSITION, strict=True))
        for name, values in list(zip(names, shares, strict=True))[:SUMMARY_ITEMS]
    )
    return _svg(width, bottom + TICK_SIZE + 8 + PAD * 0.6, label, f"{label} — {summary}.", parts)


def ranking_bars(
    labels: list[str],
    values: list[float],
    value_format: str,
    *,
    title: str | None = None,
    highlight: int | None = None,
    partial: list[bool] | None = None,
    width: int = 640,
) -> str:
    """Horizontal bars in the order given (the first on top), values printed beyond their ends in French format
    ('≥ ' before a count with secret cells), the highlighted bar in orange."""
    label = title or "Classement"
    numbers = [_number(v) for v in values]
    if not any(v is not None for v in numbers):
        return _empty(title, label, width)
    partial = list(partial) if partial is not None else [False] * len(numbers)
    texts = [
        ("≥ " if _flag(p) and value_format == "int" and v is not None else "") + fmt_value(v, value_format)
        for v, p in zip(numbers, partial, strict=True)
    ]
    scale = 100.0 if value_format in SCALED else 1.0
    names = [str(n) for n in labels]
    parts, top = _header(title, [], width)
    lines, column = _row_labels(names, width, 0.38)
    left, right = PAD + column + 8, width - PAD - 16
    heights = [max(34.0, len(label_lines) * LINE_HEIGHT + 12) for label_lines in lines]
    bottom = top + sum(heights)
    room = max(svgtext.text_width(t, VALUE_SIZE + 1) for t in texts) + 8
    known = [v * scale for v in numbers if v is not None]
    suffix = SUFFIXES.get(value_format, "")
    axis = _x_axis(min(known), max(known), right - left, value_format == "int", suffix, (room, right - left))
    x = axis.scale(left, right)
    parts += _x_grid(axis, x, top, bottom, suffix)
    row_top = top
    for index, (name, label_lines, value, text, row_height) in enumerate(
        zip(names, lines, numbers, texts, heights, strict=True)
    ):
        middle = row_top + row_height / 2
        row_top += row_height
        parts += _row_label(left - 8, middle, label_lines)
        end = x((value or 0.0) * scale)
        if value is not None:
            colour = PALETTE[5] if index == highlight else PALETTE[0]
            bar = min(row_height * 0.8, 27)
            parts.append(_bar(min(end, x(0)), middle - bar / 2, abs(end - x(0)), bar, colour, f"{name} : {text}"))
        negative = value is not None and value < 0
        parts.append(
            svgtext.text(
                end - 4 if negative else end + 4,
                middle + 4,
                text,
                VALUE_SIZE + 1,
                text_anchor="end" if negative else "start",
            )
        )
    if axis.low < 0 < axis.high:
        parts.append(_line(x(0), top, x(0), bottom, ZERO_LINE))
    listed = [f"{i + 1}. {n} ({t})" for i, (n, t) in enumerate(zip(names, texts, strict=True))]
    more = " …" if len(listed) > SUMMARY_ITEMS else ""
    summary = f"{label} — {' ; '.join(listed[:SUMMARY_ITEMS])}{more}."
    return _svg(width, max(bottom + TICK_SIZE + 8 + PAD * 0.6, 160), label, summary, parts)


# ---------------------------------------------------------------- grouped bars


def _category_layout(names: Sequence[str], slot: float) -> tuple[list[list[str]], float, float]:
    """Category labels under their group: wrapped to the group's width (three lines at most), else turned by
    45 degrees (90 when groups are very narrow). Returns the lines, the angle and the height they take."""
    room = slot - 8
    wrapped = [svgtext.wrap(n, TICK_SIZE, room) or [""] for n in names]
    if all(len(lines) <= 3 and all(svgtext.text_width(line, TICK_SIZE) <= room for line in lines) for lines in wrapped):
        return wrapped, 0.0, max(len(lines) for lines in wrapped) * LINE_HEIGHT + 6
    angle = 45.0 if slot >= 22 else 90.0
    widest = max(svgtext.text_width(n, TICK_SIZE) for n in names)
    return [[n] for n in names], angle, widest * math.sin(math.radians(angle)) + TICK_SIZE + 8


def _category_labels(lines: Sequence[Sequence[str]], angle: float, centres: Sequence[float], top: float) -> list[str]:
    parts = []
    for centre, label_lines in zip(centres, lines, strict=True):
        if not angle:
            parts += [
                svgtext.text(centre, top + TICK_SIZE + 3 + i * LINE_HEIGHT, line, TICK_SIZE, text_anchor="middle")
                for i, line in enumerate(label_lines)
            ]
            continue
        x, y = round(centre + TICK_SIZE * 0.35), round(top + 6)
        parts.append(
            svgtext.text(x, y, label_lines[0], TICK_SIZE, text_anchor="end", transform=f"rotate(-{angle:.0f} {x} {y})")
        )
    return parts


def grouped_bars(
    table: pd.DataFrame,
    category: str,
    columns: dict[str, str],
    value_format: str,
    *,
    title: str | None = None,
    width: int = 640,
    height: int = 360,
) -> str:
    """Vertical bars grouped by category (e.g. zones), one colour per measure (columns: column -> label), values
    printed beyond the bars' ends."""
    label = title or "Comparaison"
    if table is None or table.empty or category not in table or not columns:
        return _empty(title, label, width)
    names = [str(n) for n in table[category].tolist()]
    measures = [
        (column, text, PALETTE[i % len(PALETTE)], [_number(v) for v in _column(table, column)])
        for i, (column, text) in enumerate(columns.items())
    ]
    scale = 100.0 if value_format in SCALED else 1.0
    known = [v * scale for *_, values in measures for v in values if v is not None]
    if not known:
        return _empty(title, label, width)
    keys = [_Key("rect", colour, text) for _, text, colour, _ in measures]
    parts, top = _header(title, keys if len(keys) > 1 else [], width)
    suffix = SUFFIXES.get(value_format, "")
    texts = [fmt_value(v, value_format) for *_, values in measures for v in values if v is not None]
    left, bottom = PAD + 50.0, height - PAD
    for _ in range(3):  # the labels' room, the axis's labels and the category labels depend on each other
        slot = (width - PAD - left) / len(names)
        lines, angle, under = _category_layout(names, slot)
        bottom = max(height - PAD * 0.6 - under, top + 140)
        fit = _fit_labels(texts, slot * 0.8 / len(measures))
        axis = _axis(min(known), max(known), (bottom - top) / 50, value_format == "int", (fit[2], bottom - top))
        left = PAD + axis.label_width(suffix) + 8
        if angle:  # a turned label reaches left of its group
            cosine = math.cos(math.radians(angle))
            reach = [svgtext.text_width(n, TICK_SIZE) * cosine - (i + 0.5) * slot + 4 for i, n in enumerate(names)]
            left = max(left, PAD / 2 + max(reach))
    slot = (width - PAD - left) / len(names)
    bar = slot * 0.8 / len(measures)
    y = axis.scale(bottom, top)
    parts += _y_grid(axis, y, left, width - PAD, suffix)
    parts += _category_labels(lines, angle, [left + (i + 0.5) * slot for i in range(len(names))], bottom)
    for index, (_, text, colour, values) in enumerate(measures):
        for group, (name, value) in enumerate(zip(names, values, strict=True)):
            if value is None:
                continue
            x, end, shown = left + (group + 0.1) * slot + index * bar, y(value * scale), fmt_value(value, value_format)
            parts.append(_bar(x, min(end, y(0)), bar, abs(y(0) - end), colour, f"{name} – {text} : {shown}"))
            parts.append(_value_label(x + bar / 2, end, shown, fit, value < 0))
    parts.append(_line(left, y(0), width - PAD, y(0), ZERO_LINE, ' class="zero"'))
    summary = " ; ".join(
        f"{name} : " + ", ".join(f"{text} {fmt_value(values[g], value_format)}" for _, text, _, values in measures)
        for g, name in enumerate(names[:SUMMARY_ITEMS])
    )
    return _svg(width, bottom + under + PAD * 0.6, label, f"{label} — {summary}.", parts)
