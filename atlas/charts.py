"""The house style of the Plotly charts (interactive maps, scatters, pyramids, waterfalls), shared by the pages
and the PDF brief, and the colours and axis rules the static SVG charts (atlas.svgcharts) share with them."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

# Okabe-Ito: distinguishable with the common colour-vision deficiencies.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
TYPOLOGY_COLOURS = {"urbain": "#0072B2", "intermediaire": "#E69F00", "rural": "#009E73"}
FONT = {"family": "DejaVu Sans, Arial, sans-serif", "size": 13}


SEPARATORS = ",\u202f"  # decimal comma, narrow no-break space between thousands: as atlas.formats writes them
AXIS_TITLE_WIDTH = 42  # characters on one line of an axis title; longer titles go on two lines


def wrap_title(text: str | None, width: int = AXIS_TITLE_WIDTH) -> str | None:
    """A long axis title on two lines, cut at the space nearest its middle (plotly never wraps: a long title
    is cut by the chart's edge)."""
    if not text or len(text) <= width or "<br>" in text:
        return text
    middle = len(text) // 2
    spaces = [i for i, c in enumerate(text) if c == " "]
    if not spaces:
        return text
    cut = min(spaces, key=lambda i: abs(i - middle))
    return f"{text[:cut]}<br>{text[cut + 1 :]}"


def finish_layout(figure: go.Figure, height: int, title: str | None = None) -> go.Figure:
    """French separators, the house font, wrapped axis titles, and a legend that never covers anything.

    The legend sits above the plot (below it, it would run into a long x-axis title); plotly pushes the top
    margin to fit it however many lines it wraps to. A chart with a legend carries its title as the legend's
    title, so the two can never overlap."""
    figure.for_each_xaxis(lambda axis: axis.update(title_text=wrap_title(axis.title.text)))
    figure.for_each_yaxis(lambda axis: axis.update(title_text=wrap_title(axis.title.text)))
    shown = [t for t in figure.data if t.showlegend is not False]
    has_legend = figure.layout.showlegend is True or (figure.layout.showlegend is None and len(shown) > 1)
    legend = {"orientation": "h", "x": 0, "xanchor": "left", "y": 1.02, "yanchor": "bottom"}
    if title and has_legend:
        legend["title"] = {"text": f"<b>{title}</b>", "side": "top", "font": {"size": 15, "color": "#31333f"}}
    figure.update_layout(
        height=height,
        margin={"l": 60, "r": 20, "t": 40 if title and not has_legend else 16, "b": 10},
        separators=SEPARATORS,
        font=FONT,
        title={"text": title, "x": 0, "font": {"size": 15}} if title and not has_legend else None,
        plot_bgcolor="white",
        paper_bgcolor="white",
        legend=legend,
    )
    # exponentformat none: 10 000 rather than plotly's English '10k' on logarithmic axes.
    figure.update_xaxes(gridcolor="#e5e5e5", zeroline=False, automargin=True, exponentformat="none")
    figure.update_yaxes(gridcolor="#e5e5e5", zeroline=False, automargin=True, exponentformat="none")
    return figure


def outside_room(values: list[float], scale: float = 1, share: float = 0.22) -> list[float] | None:
    """An axis range leaving room for labels printed outside the bars (they would be cut at the edge)."""
    known = [v * scale for v in values if v is not None and pd.notna(v)]
    if not known:
        return None
    low, high = min(0.0, *known), max(0.0, *known)
    span = (high - low) or 1.0
    return [low - (share * span if low < 0 else 0), high + share * span]


def highlight_marker(x: float, y: float, name: str) -> go.Scatter:
    """A ring with its label around the chosen zone of a scatter of zones."""
    return go.Scatter(
        x=[x],
        y=[y],
        mode="markers+text",
        text=[name],
        textposition="top center",
        name="Zone choisie",
        hoverinfo="skip",
        marker={"size": 18, "color": "rgba(0,0,0,0)", "line": {"width": 2.5, "color": "#111"}},
    )


def year_ticks(years: list[int]) -> list[int]:
    """Every year up to six, else every other year ending on the latest (labels stay level and whole)."""
    if len(years) <= 6:
        return years
    return [y for y in years if (years[-1] - y) % 2 == 0]
