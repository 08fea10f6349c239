"""Training supply and fit with needs: BTS places against recruitment projects, specialities, outcomes."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from atlas import data, territories
from atlas.caching import shared
from atlas.charts import TYPOLOGY_COLOURS, finish_layout, highlight_marker
from atlas.formats import fmt_count, fmt_dec, fmt_int, fmt_pct
from contract.domain import BTS_TRAINED_DOMAINS, INDUSTRIAL_DOMAINS, MIN_PROJECTS_FOR_TRAINING_ALERT

# A domain is flagged when hiring is hard and local training thin (thresholds stated on the page), only in the
# domains BTS courses train for and on enough projects (contract/domain.py says why).
HARD_SHARE = 0.5
THIN_PLACES_PER_100 = 10.0
EARTH_RADIUS_KM = 6371.0
ALERT_TEXT = "recrutement difficile, peu de places"
NOT_TRAINED_TEXT = "sans objet : pas de BTS"


def alert_rule() -> str:
    """The alert rule in French, as the page and the brief state it."""
    trained = ", ".join(BTS_TRAINED_DOMAINS)
    return (
        f"{fmt_pct(HARD_SHARE, 0)} ou plus de projets difficiles et moins de {fmt_dec(THIN_PLACES_PER_100, 0)} "
        f"places de BTS pour 100 projets, dans les domaines que forment les BTS ({trained} ; pas le domaine H, "
        f"ingénieurs et cadres) et à partir de {fmt_int(MIN_PROJECTS_FOR_TRAINING_ALERT)} projets publiés"
    )


def domain_labels() -> dict[str, str]:
    table = data.table("fap_domains")
    latest = table.sort_values("nomenclature").drop_duplicates("domain", keep="last")
    return dict(zip(latest["domain"], latest["domain_name"], strict=True))


@shared(maxsize=256)
def fit_values(level: str, year: int, scope: str) -> pd.DataFrame:
    table = data.table("training_fit")
    return table[(table["level"] == level) & (table["year"] == year) & (table["scope"] == scope)].set_index("code")


@shared(maxsize=8192)
def fit_by_domain(level: str, code: str, year: int) -> pd.DataFrame:
    """Industrial FAP domains of a territory: projects, difficulty, BTS places, ratios and the alert flags of
    with_alerts (alert_rule() states them in French)."""
    fit = data.table("training_fit")
    rows = fit[(fit["level"] == level) & (fit["code"] == code) & (fit["year"] == year)].set_index("scope")
    agg = data.table("bmo_agg")
    bmo = agg[(agg["level"] == level) & (agg["code"] == code) & (agg["year"] == year)].set_index("scope")
    labels = domain_labels()
    out = pd.DataFrame(index=pd.Index(["industrial", *INDUSTRIAL_DOMAINS], name="scope"))
    out["label"] = ["Ensemble des métiers industriels"] + [f"{d} – {labels.get(d, '')}" for d in INDUSTRIAL_DOMAINS]
    out["projects"] = bmo["projects"].reindex(out.index)
    out["difficult_share"] = bmo["difficult_share"].reindex(out.index)
    out["projects_secret"] = bmo["projects_secret"].reindex(out.index)
    for column in (
        "places",
        "places_apprenticeship_share",
        "applications_per_place",
        "places_per_100_projects",
        "places_per_100_difficult",
        "bts_year",
    ):
        out[column] = rows[column].reindex(out.index) if column in rows.columns else np.nan
    return with_alerts(out)


def with_alerts(domains: pd.DataFrame) -> pd.DataFrame:
    """`assessed` and `gap` columns for a table indexed by scope (industrial, C..H) with projects,
    difficult_share and places_per_100_projects.

    assessed: a domain BTS courses train for (never H, nor the industrial total) with at least
    MIN_PROJECTS_FOR_TRAINING_ALERT published projects; gap: assessed, at least HARD_SHARE of the projects
    difficult and fewer than THIN_PLACES_PER_100 BTS places per 100 projects (no place at all counts as 0)."""
    out = domains.copy()
    out["assessed"] = out.index.isin(BTS_TRAINED_DOMAINS) & (
        out["projects"].fillna(0) >= MIN_PROJECTS_FOR_TRAINING_ALERT
    )
    out["gap"] = (
        out["assessed"]
        & (out["difficult_share"] >= HARD_SHARE).fillna(False).astype(bool)
        & (out["places_per_100_projects"].fillna(0) < THIN_PLACES_PER_100)
    ).astype(bool)
    return out


def fit_shown(table: pd.DataFrame) -> pd.DataFrame:
    trained = set(BTS_TRAINED_DOMAINS)
    return pd.DataFrame(
        {
            "Domaine": table["label"],
            "Projets": [fmt_count(v, s) for v, s in zip(table["projects"], table["projects_secret"], strict=True)],
            "Part difficile": table["difficult_share"].map(fmt_pct),
            "Places de BTS": table["places"].map(fmt_int),
            "Places pour 100 projets": table["places_per_100_projects"].map(fmt_dec),
            "Vœux par place": table["applications_per_place"].map(fmt_dec),
            "En apprentissage": table["places_apprenticeship_share"].map(fmt_pct),
            "Alerte": [
                ALERT_TEXT if gap else NOT_TRAINED_TEXT if scope in INDUSTRIAL_DOMAINS and scope not in trained else ""
                for scope, gap in zip(table.index, table["gap"], strict=True)
            ],
        }
    )


@shared(maxsize=4096)
def fit_shown_by_domain(level: str, code: str, year: int) -> pd.DataFrame:
    """fit_shown of a territory's fit_by_domain, formatted once."""
    return fit_shown(fit_by_domain(level, code, year))


@shared(maxsize=8192, copy=False)
def apprenticeship_located_share(level: str, code: str, year: int) -> float | None:
    """Share of the industrial apprenticeship places (of the zone's main département, for a zone) placed in a zone:
    the others are known by département only, so a zone's apprenticeship figures are minimums."""
    table = data.table("territory_indicators")
    row = table[(table["level"] == level) & (table["code"] == code) & (table["year"] == year)]
    value = row["bts_apprenticeship_located_share"].iloc[0] if len(row) else None
    return None if value is None or pd.isna(value) else float(value)


def zones_scatter_rows(region: str, year: int, include_neighbours: bool = False) -> pd.DataFrame:
    table = data.table("territory_indicators")
    zones = territories.for_ranking("ze", region, include_neighbours)
    rows = table[(table["level"] == "ze") & (table["year"] == year) & table["code"].isin(zones.index)].copy()
    rows["name"] = rows["code"].map(zones["name"])
    return rows.dropna(subset=["bts_places_per_100_projects", "industrial_difficult_share", "jobs_industry"])


def fit_scatter(rows: pd.DataFrame, highlight: str | None) -> go.Figure:
    """Zones: BTS places per 100 industrial projects against the difficult share, sized by industrial jobs."""
    figure = go.Figure()
    size_ref = 2.0 * float(rows["jobs_industry"].max() or 1) / (40.0**2)
    for typology, group in rows.groupby("typology"):
        figure.add_trace(
            go.Scatter(
                x=group["bts_places_per_100_projects"],
                y=group["industrial_difficult_share"] * 100,
                mode="markers",
                name=territories.TYPOLOGY_LABELS.get(typology, typology),
                marker={
                    "size": group["jobs_industry"],
                    "sizemode": "area",
                    "sizeref": size_ref,
                    "sizemin": 4,
                    "color": TYPOLOGY_COLOURS.get(typology, "#888"),
                    "opacity": 0.75,
                    "line": {"width": 0.5, "color": "white"},
                },
                text=group["name"],
                customdata=[
                    [fmt_dec(a), fmt_pct(b), fmt_int(c)]
                    for a, b, c in zip(
                        group["bts_places_per_100_projects"],
                        group["industrial_difficult_share"],
                        group["jobs_industry"],
                        strict=True,
                    )
                ],
                hovertemplate="%{text}<br>%{customdata[0]} places de BTS pour 100 projets<br>"
                "%{customdata[1]} de projets "
                "difficiles<br>%{customdata[2]} emplois industriels<extra></extra>",
            )
        )
    if highlight is not None and highlight in set(rows["code"]):
        row = rows[rows["code"] == highlight].iloc[0]
        figure.add_trace(
            highlight_marker(row["bts_places_per_100_projects"], row["industrial_difficult_share"] * 100, row["name"])
        )
    figure.add_vline(x=THIN_PLACES_PER_100, line={"dash": "dot", "color": "#999"})
    figure.add_hline(y=HARD_SHARE * 100, line={"dash": "dot", "color": "#999"})
    figure.update_xaxes(
        title="Places de BTS industriels pour 100 projets de recrutement industriels", rangemode="tozero"
    )
    figure.update_yaxes(title="Part des projets industriels jugés difficiles", ticksuffix=" %")
    return finish_layout(figure, 460)


def specialities(level: str, code: str, bts_year: int, domain: str) -> pd.DataFrame:
    """BTS diplomas of a FAP domain offered in the territory: places, applications, establishments."""
    offers = data.table("bts_offers")
    column = {"ze": "ze2020", "dep": "dep", "reg": "reg"}[level]
    rows = offers[(offers["year"] == bts_year) & (offers["fap_domain"] == domain)]
    if level != "fr":
        rows = rows[rows[column] == code]
    if rows.empty:
        return pd.DataFrame(
            columns=[
                "cfd",
                "diploma",
                "places",
                "applications",
                "establishments",
                "apprenticeship_places",
                "applications_per_place",
            ]
        )
    rows = rows.assign(apprenticeship_places=rows["places"].where(rows["status"] == "apprentissage", 0))
    grouped = rows.groupby(["cfd", "diploma"], as_index=False).agg(
        places=("places", "sum"),
        applications=("applications", "sum"),
        establishments=("uai", "nunique"),
        apprenticeship_places=("apprenticeship_places", "sum"),
    )
    grouped["applications_per_place"] = grouped["applications"] / grouped["places"].where(grouped["places"] > 0)
    return grouped.sort_values("places", ascending=False)


@st.cache_resource(show_spinner=False)
def zone_centres() -> pd.DataFrame:
    """Centroid of each metropolitan zone (true coordinates; overseas insets are displaced, so left out)."""
    zones = data.geo_table("zones_emploi")
    metropolitan = zones[~zones["overseas"]]
    centres = metropolitan.geometry.representative_point()
    return pd.DataFrame(
        {"lon": centres.x.to_numpy(), "lat": centres.y.to_numpy()}, index=metropolitan["ze2020"].to_numpy()
    )


def nearest_offers(code: str, bts_year: int, domain: str, count: int = 5) -> pd.DataFrame:
    """Zones nearest to a zone that offer BTS places of the domain, with the distance between zone centres."""
    centres = zone_centres()
    if code not in centres.index:
        return pd.DataFrame(columns=["code", "name", "distance_km", "places"])
    offers = data.table("bts_offers")
    rows = offers[(offers["year"] == bts_year) & (offers["fap_domain"] == domain) & offers["ze2020"].notna()]
    places = rows.groupby("ze2020")["places"].sum()
    places = places[places > 0]
    candidates = centres.loc[centres.index.intersection(places.index)]
    if candidates.empty:
        return pd.DataFrame(columns=["code", "name", "distance_km", "places"])
    lat1, lon1 = np.radians(centres.loc[code, "lat"]), np.radians(centres.loc[code, "lon"])
    lat2, lon2 = np.radians(candidates["lat"]), np.radians(candidates["lon"])
    haversine = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    distance = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(haversine))
    names = territories.listing("ze")["name"]
    out = pd.DataFrame(
        {
            "code": candidates.index,
            "name": names.reindex(candidates.index).to_numpy(),
            "distance_km": distance.to_numpy(),
            "places": places.reindex(candidates.index).to_numpy(),
        }
    )
    return out.sort_values("distance_km").head(count)


def outcomes(reg: str, cfds: list[str]) -> pd.DataFrame:
    """Latest InserJeunes employment rates of the diplomas in the region (and France), all routes together."""
    table = data.table("bts_outcomes")
    latest = sorted(table["millesime"].unique())[-1]
    rows = table[
        (table["millesime"] == latest)
        & (table["scope"] == "diploma")
        & table["cfd"].isin(cfds)
        & table["reg"].isin([reg, "FR"])
    ]
    return rows[
        [
            "reg",
            "millesime",
            "status",
            "cfd",
            "diploma",
            "leavers",
            "employed_6m",
            "employed_12m",
            "rate_6m",
            "rate_12m",
            "rate_hidden",
        ]
    ]


def industrial_outcomes(reg: str) -> pd.DataFrame:
    """Employment rates of industrial BTS leavers by route, region against France, every cohort."""
    table = data.table("bts_outcomes")
    rows = table[(table["scope"] == "industrial") & table["reg"].isin([reg, "FR"])]
    return rows[["reg", "millesime", "status", "leavers", "rate_6m", "rate_12m"]].sort_values(["millesime", "reg"])


def tension_components(dep: str) -> pd.DataFrame:
    """DARES 2019 tension category and its six components for the industrial FAP 87 of a département."""
    table = data.table("tensions_2019")
    return table[
        (table["level"] == "dep") & (table["code"] == dep) & (table["fap_level"] == "fap87") & table["industrial"]
    ].sort_values("tension", ascending=False)
