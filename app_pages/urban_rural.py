"""Urbain et rural: the same indicators over the urban, intermediate and rural zones of the region and France."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from atlas import catalogue, exports, layout, maps, state, territories, urban_rural
from atlas.charts import TYPOLOGY_COLOURS, finish_layout, outside_room
from atlas.formats import fmt_value

region, year = state.value("reg"), int(state.value("year"))
state.apply_url("urbain-rural", [])
place_name = territories.region_options()[region]
st.title("Urbain et rural : le recrutement industriel est-il plus difficile hors des villes ?")
state.show_notices()
st.caption(
    "Chaque zone d'emploi est classée selon la part de sa population vivant dans une commune rurale (grille de "
    "densité INSEE) : urbaine sous un tiers, rurale au-delà de deux tiers, intermédiaire entre les deux. Les "
    "indicateurs sont des rapports de sommes sur les zones de chaque groupe (pas des moyennes de taux)."
)

neighbours = layout.include_neighbours()
region_rows = urban_rural.zone_rows(region, year, neighbours)
france_rows = urban_rural.zone_rows(territories.FRANCE, year)
region_table = urban_rural.compare(region_rows, urban_rural.territory_row(region, year))
france_table = urban_rural.compare(france_rows, urban_rural.territory_row(territories.FRANCE, year))
where = "de la région" if region != territories.FRANCE else "de France"
region_titles = urban_rural.group_titles(
    territories.name("reg", region) if region != territories.FRANCE else "France", neighbours
)
france_titles = urban_rural.group_titles("France", False)

st.subheader(f"{place_name} — {year}")
st.markdown("\n".join(f"- {line}" for line in urban_rural.sentences(region_table, where)))
st.caption(
    "Des indicateurs, non des preuves de causalité : une zone rurale diffère aussi par ses secteurs, la taille "
    "de ses entreprises et ses métiers."
)
counts = region_rows.groupby("typology")["code"].nunique()
st.caption(
    " · ".join(f"{territories.TYPOLOGY_LABELS[g]} : {int(counts.get(g, 0))} zones" for g in urban_rural.GROUPS)
    + (
        (
            " — toutes les zones touchant la région, y compris celles dont la population vit surtout dans une "
            "région voisine."
            if neighbours
            else " — zones dont la population vit surtout dans la région ; les zones surtout situées dans une "
            "région voisine sont écartées (choix dans le panneau latéral)."
        )
        if region != territories.FRANCE
        else ""
    )
)
layout.light_table(urban_rural.formatted(region_table, region_titles), numeric=tuple(region_titles.values()))
st.caption(
    "La dernière colonne est le chiffre du territoire lui-même, le même sur toutes les pages. Il peut différer "
    "de ce que donneraient les groupes de zones réunis : une zone peut déborder sur une région voisine, et les "
    "places en apprentissage connues par département seulement comptent pour la région, pas pour les zones."
)


def export_frame(table: pd.DataFrame, titles: dict[str, str]) -> pd.DataFrame:
    """One row per indicator, its unit, then each group's figure in that unit (shares in percent)."""
    scales = [100 if catalogue.get(i).format == "pct" else 1 for i in table.index]
    out = pd.DataFrame(
        {
            "Indicateur": table["label"],
            "Unité": ["%" if s == 100 else catalogue.get(i).unit for i, s in zip(table.index, scales, strict=True)],
        }
    )
    for group, title in titles.items():
        out[title] = (table[group].astype(float) * scales).round(2)
    out["Zones comptées"] = table["zones"]
    return out.reset_index(drop=True)


exports.download_buttons(
    lambda: export_frame(region_table, region_titles),
    f"atlas-4h-urbain-rural-{region}-{year}",
    ["France Travail BMO ; INSEE ; DARES ; Parcoursup", "Rapports de sommes par typologie de zones d'emploi"],
    key="ur-dl",
    columns={title: exports.Column(title, "dec") for title in region_titles.values()},
)

chosen = st.selectbox("Indicateur à représenter", urban_rural.MEASURES, format_func=catalogue.label, key="ur-measure")
measure = catalogue.get(chosen)
figure = go.Figure()
for label, table in ((place_name, region_table), ("France", france_table)):
    values = [table.loc[chosen, g] for g in urban_rural.GROUPS]
    scale = 100 if measure.format == "pct" else 1
    figure.add_trace(
        go.Bar(
            x=[territories.TYPOLOGY_LABELS[g] for g in urban_rural.GROUPS],
            y=[None if pd.isna(v) else v * scale for v in values],
            name=label,
            marker_color=[TYPOLOGY_COLOURS[g] for g in urban_rural.GROUPS] if label != "France" else "#999999",
            opacity=1 if label != "France" else 0.55,
            text=["" if pd.isna(v) else fmt_value(v, measure.format) for v in values],
            textposition="outside",
            cliponaxis=False,
        )
    )
figure.update_layout(barmode="group")
every = [v for table in (region_table, france_table) for v in table.loc[chosen, list(urban_rural.GROUPS)]]
figure.update_yaxes(
    ticksuffix=" %" if measure.format == "pct" else "",
    rangemode="tozero",
    range=outside_room(every, 100 if measure.format == "pct" else 1, 0.15),  # room for the labels above the bars
)
st.plotly_chart(
    finish_layout(figure, 360, measure.label),
    config=maps.plot_config(f"atlas-4h-urbain-rural-{chosen}"),
    key="ur-chart",
)
st.caption(
    "Barres grises : mêmes groupes de zones pour la France entière. Sources : France Travail BMO ; INSEE "
    "(recensement 2022, FLORES 2023, grille de densité) ; DARES ; Parcoursup."
)

if region != territories.FRANCE:
    st.subheader("France entière")
    st.markdown("\n".join(f"- {line}" for line in urban_rural.sentences(france_table, "de France")))
    layout.light_table(urban_rural.formatted(france_table, france_titles), numeric=tuple(france_titles.values()))
