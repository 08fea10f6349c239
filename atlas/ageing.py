"""Ageing and renewal: age bands, population pyramids and estimated industrial departures."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from atlas import data, territories
from atlas.caching import shared
from atlas.charts import PALETTE, finish_layout
from atlas.formats import fmt_int, fmt_pct

BANDS = {
    "share_0014": "0-14 ans",
    "share_1524": "15-24 ans",
    "share_2554": "25-54 ans",
    "share_5564": "55-64 ans",
    "share_6579": "65-79 ans",
    "share_80p": "80 ans ou plus",
}


def age_row(level: str, code: str) -> pd.Series | None:
    table = data.table("age_structure")
    rows = table[(table["level"] == level) & (table["code"] == code)]
    return None if rows.empty or not bool(rows["census_covered"].iloc[0]) else rows.iloc[0]


def age_bands(level: str, code: str) -> dict[str, dict[str, float]]:
    """Age-band shares of the territory, its région and France (metropolitan), skipping uncovered ones."""
    from atlas.profiles import comparisons

    out = {}
    for lv, cd, name in comparisons(level, code):
        row = age_row(lv, cd)
        if row is not None:
            out[name if lv != "fr" else "France métropolitaine"] = {label: float(row[c]) for c, label in BANDS.items()}
    return out


def age_bands_chart(rows: dict[str, dict[str, float]]) -> go.Figure:
    figure = go.Figure()
    for index, (name, shares) in enumerate(rows.items()):
        figure.add_trace(
            go.Bar(
                x=list(shares),
                y=[v * 100 for v in shares.values()],
                name=name,
                marker_color=PALETTE[index],
                text=[fmt_pct(v, 0) for v in shares.values()],
                textposition="outside",
                cliponaxis=False,
                hovertemplate=f"{name} – %{{x}} : %{{text}}<extra></extra>",
            )
        )
    figure.update_layout(barmode="group")
    figure.update_yaxes(ticksuffix=" %", rangemode="tozero")
    figure.update_xaxes(title="Âge (ans)", tickangle=0)
    return finish_layout(figure, 330)


@st.cache_resource(show_spinner=False)
def pyramid_years() -> list[int]:
    return sorted(int(y) for y in data.table("population_pyramids")["year"].unique())


def pyramid(dep: str, year: int) -> pd.DataFrame:
    table = data.table("population_pyramids")
    return table[(table["dep"] == dep) & (table["year"] == year)].sort_values("age_start")


def pyramid_chart(frame: pd.DataFrame, title: str | None = None) -> go.Figure:
    """Men to the left, women to the right, five-year bands from the youngest up."""
    men = frame[frame["sex"] == "M"].sort_values("age_start")
    women = frame[frame["sex"] == "F"].sort_values("age_start")
    figure = go.Figure()
    figure.add_trace(
        go.Bar(
            y=men["age_band"],
            x=-men["population"].astype(float),
            orientation="h",
            name="Hommes",
            marker_color=PALETTE[0],
            customdata=[fmt_int(v) for v in men["population"]],
            hovertemplate="Hommes %{y} : %{customdata}<extra></extra>",
        )
    )
    figure.add_trace(
        go.Bar(
            y=women["age_band"],
            x=women["population"].astype(float),
            orientation="h",
            name="Femmes",
            marker_color=PALETTE[1],
            customdata=[fmt_int(v) for v in women["population"]],
            hovertemplate="Femmes %{y} : %{customdata}<extra></extra>",
        )
    )
    peak = float(frame["population"].max() or 1)
    ticks = [-peak, -peak / 2, 0, peak / 2, peak]
    figure.update_layout(barmode="overlay", bargap=0.05)
    figure.update_xaxes(tickvals=ticks, ticktext=[fmt_int(abs(t)) for t in ticks])
    return finish_layout(figure, 460, title)


def departures_row(level: str, code: str) -> pd.Series | None:
    table = data.table("departures")
    rows = table[(table["level"] == level) & (table["code"] == code)]
    return None if rows.empty else rows.iloc[0]


def formula_text(row: pd.Series) -> str:
    """The departures estimate written out with the territory's own numbers."""
    return (
        f"Départs sur dix ans ≈ {fmt_int(row['industrial_jobs'])} emplois industriels (FLORES {row['jobs_year']}) "
        f"× {fmt_pct(row['national_share_55p_industrial'])} de 55 ans ou plus dans les métiers industriels en France "
        f"(DARES, {row['age_period']}) × indice de vieillissement {row['ageing_ratio']:.2f}".replace(".", ",")
        + f" (part des 55-64 ans parmi les 25-64 ans : {fmt_pct(row['share_5564_of_2564'])} ici, "
        f"{fmt_pct(row['france_share_5564_of_2564'])} en France métropolitaine, recensement {row['census_year']}) "
        f"= {fmt_int(row['departures_10y'])}, soit environ {fmt_int(row['departures_per_year'])} par an."
    )


DOMAIN_NAMES = {
    "industrial": "Ensemble des métiers industriels (C à H)",
    "C": "C · Électricité, électronique",
    "D": "D · Mécanique, travail des métaux",
    "E": "E · Industries de process",
    "F": "F · Matériaux souples, bois, industries graphiques",
    "G": "G · Maintenance",
    "H": "H · Ingénieurs et cadres de l'industrie",
}


@shared(maxsize=4096)
def needs(level: str, code: str) -> pd.DataFrame:
    """Replacement needs of a territory (projection « Les métiers en 2030 »), one row per scope, per year."""
    table = data.table("replacement_needs")
    rows = table[(table["level"] == level) & (table["code"] == code)].set_index("scope")
    return rows.reindex([s for s in DOMAIN_NAMES if s in rows.index])


def needs_table(rows: pd.DataFrame) -> pd.DataFrame:
    """The domains of a territory, figures per year, as shown (French headers and numbers)."""
    return pd.DataFrame(
        {
            "Métiers": [DOMAIN_NAMES[s] for s in rows.index],
            "Départs en fin de carrière par an": [fmt_int(v / 10) for v in rows["departures_10y"]],
            "Créations nettes par an": [fmt_signed_int(v / 10) for v in rows["net_creation_10y"]],
            "Postes à pourvoir par an": [fmt_int(v / 10) for v in rows["positions_10y"]],
        }
    )


def fmt_signed_int(value: float) -> str:
    if pd.isna(value):
        return "–"
    return ("+" if round(value) > 0 else "") + fmt_int(value)


@shared(maxsize=4096, copy=False)
def projection_text(level: str, code: str) -> str:
    """How the territory's figure comes from its région's projection, with its own numbers."""
    row = needs(level, code).loc["industrial"]
    per_year = fmt_int(row["departures_10y"] / 10)
    if level in ("reg", "fr"):
        return (
            f"La projection « Les métiers en 2030 » (DARES, France Stratégie) attend {fmt_int(row['departures_10y'])} "
            f"départs en fin de carrière sur dix ans dans les métiers industriels (domaines FAP C à H) "
            f"{'de France métropolitaine' if level == 'fr' else 'de la région'}, soit {per_year} par an ; avec "
            f"{fmt_signed_int(row['net_creation_10y'])} créations nettes d'emplois, {fmt_int(row['positions_10y'])} "
            "postes à pourvoir."
        )
    if level == "ze":
        parts = data.table("replacement_zone_parts")
        parts = parts[(parts["ze2020"] == code) & (parts["scope"] == "industrial")]
    else:
        parts = pd.DataFrame({"reg": [territories.listing("dep").at[code, "reg"]]})
    regions = needs_by_region()
    pieces = []
    for part in parts.itertuples():
        whole = regions.loc[part.reg]
        taken = part.departures_10y if level == "ze" else row["departures_10y"]
        share = taken / whole["departures_10y"] if whole["departures_10y"] else float("nan")
        pieces.append(
            f"{fmt_pct(share, 1)} des {fmt_int(whole['departures_10y'])} départs de {territories.name('reg', part.reg)}"
            + (
                f" (pour la part de la zone située dans cette région, {fmt_pct(part.zone_share, 0)} de ses emplois)"
                if level == "ze" and len(parts) > 1
                else ""
            )
        )
    return (
        f"Départs sur dix ans ≈ {' + '.join(pieces)} = {fmt_int(row['departures_10y'])}, soit {per_year} par an. "
        "La part du territoire est celle de ses emplois salariés industriels dans la région (FLORES), pondérée par "
        "son indice de vieillissement (part des 55-64 ans parmi les 25-64 ans rapportée à la France)."
    )


@st.cache_data(show_spinner=False)
def needs_by_region() -> pd.DataFrame:
    table = data.table("replacement_needs")
    return table[(table["level"] == "reg") & (table["scope"] == "industrial")].set_index("code")


@shared(maxsize=4096, copy=False)
def departures_range(level: str, code: str) -> tuple[float, float] | None:
    """Yearly departures: the census lower reading and the projection, or None when not estimated."""
    rows = needs(level, code)
    if "industrial" not in rows.index or pd.isna(rows.at["industrial", "departures_10y"]):
        return None
    return rows.at["industrial", "departures_census_10y"] / 10, rows.at["industrial", "departures_10y"] / 10


def departures_vs_projects(region: str, year: int, include_neighbours: bool = False) -> pd.DataFrame:
    """Zones of the region: yearly departures against industrial recruitment projects of the survey year."""
    table = data.table("territory_indicators")
    zones = territories.for_ranking("ze", region, include_neighbours)
    rows = table[(table["level"] == "ze") & (table["year"] == year) & table["code"].isin(zones.index)].copy()
    rows["name"] = rows["code"].map(zones["name"])
    rows["departures_per_year"] = rows["departures_10y"] / 10
    return rows.dropna(subset=["departures_per_year", "industrial_projects"])


def departures_scatter(rows: pd.DataFrame, highlight: str | None, year: int) -> go.Figure:
    from atlas.charts import TYPOLOGY_COLOURS

    figure = go.Figure()
    for typology, group in rows.groupby("typology"):
        figure.add_trace(
            go.Scatter(
                x=group["departures_per_year"],
                y=group["industrial_projects"],
                mode="markers",
                name=territories.TYPOLOGY_LABELS.get(typology, typology),
                marker={
                    "size": 10,
                    "color": TYPOLOGY_COLOURS.get(typology, "#888"),
                    "line": {"width": 0.5, "color": "white"},
                },
                text=group["name"],
                customdata=[
                    [fmt_int(a), fmt_int(b)]
                    for a, b in zip(group["departures_per_year"], group["industrial_projects"], strict=True)
                ],
                hovertemplate="%{text}<br>départs estimés : %{customdata[0]} par an<br>projets industriels "
                f"{year} : %{{customdata[1]}}<extra></extra>",
            )
        )
    top = float(max(rows["departures_per_year"].max(), rows["industrial_projects"].max(), 1))
    figure.add_trace(
        go.Scatter(
            x=[0, top],
            y=[0, top],
            mode="lines",
            name="autant de projets que de départs",
            line={"dash": "dot", "color": "#777"},
            hoverinfo="skip",
        )
    )
    if highlight is not None and highlight in set(rows["code"]):
        row = rows[rows["code"] == highlight].iloc[0]
        figure.add_trace(
            go.Scatter(
                x=[row["departures_per_year"]],
                y=[row["industrial_projects"]],
                mode="markers+text",
                text=[row["name"]],
                textposition="top center",
                name="Zone choisie",
                marker={"size": 16, "color": "rgba(0,0,0,0)", "line": {"width": 2.5, "color": "#111"}},
                hoverinfo="skip",
            )
        )
    # Logarithmic axes: a metropolis and a small rural zone fit on the same chart.
    figure.update_xaxes(title="Départs estimés par an (industrie, échelle log)", type="log")
    figure.update_yaxes(title=f"Projets industriels {year} (échelle log)", type="log")
    return finish_layout(figure, 420)
