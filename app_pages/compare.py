"""Comparer: two to four zones d'emploi side by side, and similar zones found automatically."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from atlas import charts, exports, layout, maps, queries, state, territories
from atlas.brief.ui import brief_panel
from atlas.formats import fmt_count, fmt_int, fmt_pct
from atlas.scopes import Scope
from atlas.state import Param

PAGE = "comparer"
MAX_ZONES = 4
region, year = state.value("reg"), int(state.value("year"))
zones = territories.listing("ze")


def default_zones() -> list[str]:
    hardest = queries.hardest_zones(
        region, year, Scope("industrial"), 3, include_neighbours=layout.include_neighbours()
    ).index.tolist()
    return hardest or territories.in_region("ze", region).index[:3].tolist()


def zones_param(text: str) -> list[str]:
    codes = [c for c in dict.fromkeys(text.split(",")) if c]
    if not codes or len(codes) > MAX_ZONES or any(c not in zones.index for c in codes):
        raise ValueError(text)
    return codes


def add_zone(code: str) -> None:
    """Button callback: runs before the widgets, so the selection can still change."""
    key = state.widget_key("zones")
    st.session_state[key] = [*st.session_state.get(key, []), code][:MAX_ZONES]


state.apply_url(PAGE, [Param("zones", default_zones(), zones_param, dump=",".join, label="les zones")])
st.title("Comparer des zones d'emploi")
state.show_notices()

st.multiselect(
    "Zones d'emploi à comparer (2 à 4)",
    zones.sort_values("name").index.tolist(),
    format_func=lambda c: territories.label("ze", c),
    key=state.widget_key("zones"),
    max_selections=MAX_ZONES,
)
chosen: list[str] = list(state.value("zones") or [])
if len(chosen) < 2:
    st.info("Choisissez au moins deux zones d'emploi, ou ajoutez des zones semblables ci-dessous.")

if chosen:
    profile = pd.DataFrame([queries.zone_profile_row(code, year) for code in chosen])
    labels = [f"{n} ({c})" for n, c in zip(profile["name"], profile["code"], strict=True)]
    rows = {
        "Population (2021)": [fmt_int(v) for v in profile["population"]],
        "Typologie": [territories.TYPOLOGY_LABELS.get(t, t) for t in profile["typology"]],
        "Part de population rurale": [fmt_pct(v) for v in profile["rural_pop_share"]],
        "Projets, tous métiers": [
            fmt_count(v, p) for v, p in zip(profile["all_projects"], profile["all_partial"], strict=True)
        ],
        "Part difficile, tous métiers": [fmt_pct(v) for v in profile["all_difficult_share"]],
        "Projets, métiers industriels": [
            fmt_count(v, p) for v, p in zip(profile["industrial_projects"], profile["industrial_partial"], strict=True)
        ],
        "Part difficile, métiers industriels": [fmt_pct(v) for v in profile["industrial_difficult_share"]],
        "Part saisonnière, métiers industriels": [fmt_pct(v) for v in profile["industrial_seasonal_share"]],
    }
    st.dataframe(pd.DataFrame(rows, index=labels).T, key="comparison")
    exports.download_buttons(
        profile, f"atlas-4h-comparaison-{'-'.join(chosen)}-{year}", [layout.bmo_caption(year)], key="cmp-dl"
    )
    left, right = st.columns(2)
    with left:
        shares = profile.assign(label=labels)
        st.plotly_chart(
            charts.grouped_bars(
                shares,
                "label",
                {"all_difficult_share": "Tous métiers", "industrial_difficult_share": "Métiers industriels"},
                "pct",
                title=f"Part des projets jugés difficiles, {year}",
            ),
            config=maps.plot_config(f"atlas-4h-comparaison-difficulte-{year}"),
            key="cmp-shares",
        )
    with right:
        st.plotly_chart(
            charts.ranking_bars(
                labels,
                profile["industrial_projects"].tolist(),
                "int",
                title=f"Projets de recrutement industriels, {year}",
                partial=profile["industrial_partial"].tolist(),
            ),
            config=maps.plot_config(f"atlas-4h-comparaison-projets-{year}"),
            key="cmp-projects",
        )
    years = queries.survey_years()
    trends = {label: queries.trend("ze", c, Scope("industrial")) for c, label in zip(chosen, labels, strict=True)}
    st.plotly_chart(
        charts.trend_lines(
            trends,
            "difficult_share",
            "pct",
            title=f"Part des projets industriels jugés difficiles, {years[0]}-{years[-1]}",
            nomenclature_break=queries.nomenclature_break(),
        ),
        config=maps.plot_config("atlas-4h-comparaison-tendance"),
        key="cmp-trend",
    )
    st.caption(
        "Points creux : chiffre fragile (peu de projets, secret statistique, variation inhabituelle), raison au "
        "survol ; pointillé : passage de la FAP 2009 à la FAP 2021."
    )
    st.caption(layout.bmo_caption(year) + " Population : INSEE 2021 ; typologie d'après la grille de densité.")

    if 2 <= len(chosen) <= MAX_ZONES:
        brief_panel("zones", chosen, year, key="compare-brief")

    st.subheader(f"Zones semblables à {territories.label('ze', chosen[0])}")
    st.caption("Même typologie urbain/rural et même région principale, de population la plus proche.")
    similar = queries.similar_zones(chosen[0])
    if similar.empty:
        st.write("Aucune autre zone de même typologie dans cette région.")
    for code, row in similar.iterrows():
        cols = st.columns([4, 1])
        cols[0].write(
            f"{row['name']} ({code}) — {fmt_int(row['population'])} habitants, "
            f"{fmt_pct(row['rural_pop_share'])} en commune rurale"
        )
        if code not in chosen:
            cols[1].button(
                "Ajouter", key=f"add-{code}", disabled=len(chosen) >= MAX_ZONES, on_click=add_zone, args=(code,)
            )
