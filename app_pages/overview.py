"""Vue d'ensemble: headline recruitment figures for the region, its zones on a map, the five hardest."""

from __future__ import annotations

import html

import streamlit as st

from atlas import catalogue, layout, maps, queries, state, svgmap, territories
from atlas.formats import fmt_int, fmt_pct, fmt_points
from atlas.scopes import Scope
from atlas.state import Param

region, year = state.value("reg"), int(state.value("year"))
PAGE = "overview"
FRAGILE = {"non": "écartés", "oui": "inclus"}
state.apply_url(PAGE, [Param("fragiles", "non", state.one_of(list(FRAGILE)), label="les chiffres fragiles")])
level, code = ("fr", territories.FRANCE) if region == territories.FRANCE else ("reg", region)
place = territories.name(level, code)

st.title(f"Recrutements et tensions dans l'industrie — {place}")
state.show_notices()
st.caption(
    f"Enquête Besoins en main-d'œuvre {year} de France Travail : les projets de recrutement déclarés "
    "par les employeurs pour l'année, et la part qu'ils jugent difficile à pourvoir."
)

ALL, INDUSTRY = Scope("all"), Scope("industrial")

layout.recruitment_metrics(level, code, year)

neighbours = layout.include_neighbours()
typology = queries.by_typology(region, year, INDUSTRY, include_neighbours=neighbours)
rural, urban = typology.loc["rural"], typology.loc["urbain"]
if rural["projects"] > 0 and urban["projects"] > 0:
    gap = rural["difficult_share"] - urban["difficult_share"]
    verdict = "plus" if gap > 0.005 else ("moins" if gap < -0.005 else "aussi")
    st.markdown(
        f"**Hors des villes ?** Dans les zones d'emploi rurales de ce territoire, {fmt_pct(rural['difficult_share'])} "
        f"des projets industriels sont jugés difficiles, contre {fmt_pct(urban['difficult_share'])} dans les zones "
        f"urbaines : le recrutement industriel y est {verdict} difficile"
        + (f" ({fmt_points(gap)})." if verdict != "aussi" else ".")
    )

map_column, list_column = st.columns([3, 2], gap="large")
indicator = catalogue.get("bmo_difficult_share")
table = queries.indicator_table(indicator.id, "ze", year, INDUSTRY, region, include_neighbours=neighbours)
with map_column:
    st.subheader("Part des projets industriels jugés difficiles, par zone d'emploi")
    legend_title = f"{indicator.label}, métiers industriels, {year} (%)"
    summary = svgmap.summary(table, indicator.format, legend_title)
    svg = svgmap.svg_choropleth(
        table,
        "ze",
        value_format=indicator.format,
        direction=indicator.direction,
        legend_title=legend_title,
        tooltips=maps.hover_texts(table, indicator.format, indicator.unit, separator=" · ", bold=False),
        link=lambda zone: state.profile_url("ze", zone, region, year),
        description=summary,
    )
    st.markdown(svg, unsafe_allow_html=True)
    st.caption(f"En bref : {summary}")
    layout.source_caption(indicator, "Survolez une zone pour son chiffre ; cliquez pour ouvrir son profil.")
    st.page_link(
        "app_pages/map.py",
        label="Explorer la carte",
        icon=":material/map:",
        query_params={"reg": region, "year": str(year), "indicator": indicator.id, "scope": "industrial"},
    )

with list_column:
    st.subheader("Les cinq zones où le recrutement industriel est le plus difficile")
    include_fragile = state.value("fragiles") == "oui"
    hardest = queries.hardest_zones(
        region, year, INDUSTRY, include_fragile=include_fragile, include_neighbours=neighbours
    )
    for rank, row in enumerate(hardest.itertuples(), start=1):
        caution = f" ⚠ à interpréter avec prudence : {row.caveat}." if row.flagged else ""
        st.page_link(
            "app_pages/territory.py",
            label=f"{rank}. {row.name} : {fmt_pct(row.value)}" + (" ⚠" if row.flagged else ""),
            help=f"{fmt_int(row.difficult)} projets industriels difficiles sur {fmt_int(row.projects)}.{caution} "
            "Ouvrir le profil de la zone.",
            query_params={"level": "ze", "code": row.code, "reg": region, "year": str(year)},
        )
    # A link rather than a widget: the overview's figures reach the browser sooner.
    other = "non" if include_fragile else "oui"
    switch = state.view_url("", reg=region, year=year, fragiles=other, voisines="oui" if neighbours else None)
    st.markdown(
        f"Zones comptant au moins {queries.MIN_PROJECTS_FOR_RANKING} projets industriels publiés ; les chiffres "
        f"fragiles (peu de projets, secret statistique, variation inhabituelle) sont {FRAGILE[state.value('fragiles')]}"
        f' : <a href="{html.escape(switch)}" target="_self">{"les écarter" if include_fragile else "les inclure"}</a>.'
        + (
            " Les zones surtout situées dans une région voisine sont "
            + ("incluses." if neighbours else "écartées (choix dans le panneau latéral).")
            if region != territories.FRANCE
            else ""
        ),
        unsafe_allow_html=True,
    )
    st.caption(layout.bmo_caption(year))
