"""Plotly charts shared by the pages and the PDF brief (one source of truth for every figure)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from atlas.formats import fmt_int, fmt_pct, fmt_value

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


def ranking_bars(
    labels: list[str],
    values: list[float],
    value_format: str,
    *,
    title: str | None = None,
    highlight: int | None = None,
    partial: list[bool] | None = None,
) -> go.Figure:
    """Horizontal bars, largest on top, values printed in French format."""
    partial = partial or [False] * len(values)
    texts = [
        ("≥ " if p and value_format == "int" else "") + fmt_value(v, value_format)
        for v, p in zip(values, partial, strict=True)
    ]
    colours = [PALETTE[5] if i == highlight else PALETTE[0] for i in range(len(values))]
    scale = 100 if value_format == "pct" else 1
    figure = go.Figure(
        go.Bar(
            x=[v * scale if pd.notna(v) else None for v in values],
            y=labels,
            orientation="h",
            marker_color=colours,
            text=texts,
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{text}<extra></extra>",
        )
    )
    figure.update_yaxes(autorange="reversed")
    figure.update_xaxes(
        ticksuffix=" %" if value_format == "pct" else "", showticklabels=True, range=outside_room(values, scale)
    )
    return finish_layout(figure, max(160, 34 * len(values) + 60), title)


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


def trend_lines(
    series: dict[str, pd.DataFrame],
    column: str,
    value_format: str,
    *,
    title: str | None = None,
    band: bool = False,
    nomenclature_break: int | None = None,
) -> go.Figure:
    """One line per territory across survey years. Fragile years are drawn as open grey markers with their
    reason on hover; with band, the first territory's `<column>_low`-`<column>_high` bounds are shaded; a
    dotted line marks the change of occupation nomenclature."""
    figure = go.Figure()
    scale = 100 if value_format == "pct" else 1
    for index, (name, frame) in enumerate(series.items()):
        if frame.empty:
            continue
        years = frame["year"].astype(int)
        colour = PALETTE[index % len(PALETTE)]
        if band and index == 0 and f"{column}_low" in frame:
            figure.add_trace(
                go.Scatter(
                    x=[*years, *years[::-1]],
                    y=[*(frame[f"{column}_high"] * scale), *(frame[f"{column}_low"] * scale)[::-1]],
                    fill="toself",
                    fillcolor="rgba(0,114,178,0.15)",
                    line={"width": 0},
                    name="bornes selon le secret",
                    hoverinfo="skip",
                )
            )
        flagged = frame["flagged"].fillna(False).astype(bool) if "flagged" in frame else pd.Series(False, frame.index)
        caveats = frame["caveat"] if "caveat" in frame else pd.Series(None, index=frame.index)
        hover = [
            fmt_value(v, value_format) + (f"<br>⚠ à interpréter avec prudence : {c}" if f else "")
            for v, f, c in zip(frame[column], flagged, caveats, strict=True)
        ]
        fragile = flagged
        figure.add_trace(
            go.Scatter(
                x=years,
                y=frame[column] * scale,
                name=name,
                mode="lines+markers",
                customdata=hover,
                line={"color": colour, "width": 3 if index == 0 else 2},
                marker={
                    "size": [11 if f else 7 for f in fragile],
                    "symbol": ["circle-open" if f else "circle" for f in fragile],
                    "color": ["#777" if f else colour for f in fragile],
                    "line": {"width": 2},
                },
                hovertemplate=f"{name} %{{x}} : %{{customdata}}<extra></extra>",
            )
        )
    years = sorted({int(y) for f in series.values() if not f.empty for y in f["year"]})
    if nomenclature_break and years and years[0] < nomenclature_break <= years[-1]:
        figure.add_vline(
            x=nomenclature_break - 0.5,
            line={"dash": "dot", "color": "#555"},
            annotation_text="nomenclature FAP 2009 → FAP 2021",
            annotation_position="top left",
            annotation_font_size=11,
        )
    labelled = year_ticks(years)
    figure.update_xaxes(tickmode="array", tickvals=labelled, ticktext=[str(y) for y in labelled], tickangle=0)
    figure.update_yaxes(ticksuffix=" %" if value_format == "pct" else "", rangemode="tozero")
    return finish_layout(figure, 340, title)


def year_ticks(years: list[int]) -> list[int]:
    """Every year up to six, else every other year ending on the latest (labels stay level and whole)."""
    if len(years) <= 6:
        return years
    return [y for y in years if (years[-1] - y) % 2 == 0]


def composition_bar(rows: dict[str, dict[str, float]], *, title: str | None = None) -> go.Figure:
    """Stacked shares of population in dense urban, intermediate and rural communes, one bar per territory."""
    parts = [
        ("urban_pop_share", "Urbain dense (1)", "#0072B2"),
        ("intermediate_pop_share", "Intermédiaire (2-4)", "#E69F00"),
        ("rural_pop_share", "Rural (5-7)", "#009E73"),
    ]
    figure = go.Figure()
    names = list(rows)
    for column, label, colour in parts:
        values = [rows[n][column] for n in names]
        figure.add_trace(
            go.Bar(
                y=names,
                x=[v * 100 for v in values],
                name=label,
                orientation="h",
                marker_color=colour,
                text=[fmt_pct(v, 0) for v in values],
                textposition="inside",
                insidetextanchor="middle",
                hovertemplate=f"%{{y}} – {label} : %{{text}}<extra></extra>",
            )
        )
    figure.update_xaxes(range=[0, 100], ticksuffix=" %")
    figure.update_yaxes(autorange="reversed")
    finish_layout(figure, 110 + 48 * len(names), title)
    figure.update_layout(
        barmode="stack",
        legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0},
        margin={"t": 60 if title else 40},
    )
    return figure


def grouped_bars(
    table: pd.DataFrame, category: str, columns: dict[str, str], value_format: str, *, title: str | None = None
) -> go.Figure:
    """Bars grouped by category (e.g. zones), one colour per measure (columns: column -> label)."""
    figure = go.Figure()
    scale = 100 if value_format == "pct" else 1
    for index, (column, label) in enumerate(columns.items()):
        figure.add_trace(
            go.Bar(
                x=table[category],
                y=table[column] * scale,
                name=label,
                marker_color=PALETTE[index % len(PALETTE)],
                text=[fmt_value(v, value_format) for v in table[column]],
                textposition="outside",
                cliponaxis=False,
                hovertemplate=f"%{{x}} – {label} : %{{text}}<extra></extra>",
            )
        )
    figure.update_layout(barmode="group")
    every = [v for column in columns for v in table[column]]
    figure.update_yaxes(
        ticksuffix=" %" if value_format == "pct" else "", rangemode="tozero", range=outside_room(every, scale, 0.15)
    )
    return finish_layout(figure, 360, title)


def projects_bars(frame: pd.DataFrame, *, title: str | None = None, nomenclature_break: int | None = None) -> go.Figure:
    """Projects per survey year, with the difficult part; fragile years hatched, their reason on hover."""
    figure = go.Figure()
    flagged = frame["flagged"].fillna(False).astype(bool) if "flagged" in frame else pd.Series(False, frame.index)
    caveats = frame["caveat"] if "caveat" in frame else pd.Series(None, index=frame.index)
    figure.add_trace(
        go.Bar(
            x=frame["year"].astype(int),
            y=frame["projects"],
            name="Projets",
            marker_color=PALETTE[4],
            marker_pattern_shape=["/" if f else "" for f in flagged],
            text=[fmt_int(v) for v in frame["projects"]],
            textposition="outside",
            cliponaxis=False,
            customdata=[
                f"<br>⚠ à interpréter avec prudence : {c}" if f else "" for f, c in zip(flagged, caveats, strict=True)
            ],
            hovertemplate="%{x} : %{text} projets%{customdata}<extra></extra>",
        )
    )
    figure.add_trace(
        go.Bar(
            x=frame["year"].astype(int),
            y=frame["difficult"],
            name="dont difficiles",
            marker_color=PALETTE[5],
            text=[fmt_int(v) for v in frame["difficult"]],
            textposition="outside",
            cliponaxis=False,
        )
    )
    figure.update_layout(barmode="group")
    figure.update_yaxes(range=outside_room([*frame["projects"], *frame["difficult"]], 1, 0.15))
    years = frame["year"].astype(int).tolist()
    figure.update_xaxes(tickmode="array", tickvals=year_ticks(years), tickangle=0)
    if nomenclature_break and years and years[0] < nomenclature_break <= years[-1]:
        figure.add_vline(x=nomenclature_break - 0.5, line={"dash": "dot", "color": "#555"})
    return finish_layout(figure, 320, title)
