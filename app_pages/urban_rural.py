"""Urbain et rural: the same indicators over the urban, intermediate and rural zones of the region and France."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from atlas import contrasts, exports, layout, maps, state, territories
from atlas.charts import TYPOLOGY_COLOURS, finish_layout
from atlas.formats import fmt_dec, fmt_pct

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

region_rows = contrasts.zone_rows(region, year)
france_rows = contrasts.zone_rows(territories.FRANCE, year)
region_table = contrasts.compare(region_rows)
france_table = contrasts.compare(france_rows)
where = "de la région" if region != territories.FRANCE else "de France"

st.subheader(f"{place_name} — {year}")
st.markdown("\n".join(f"- {line}" for line in contrasts.sentences(region_table, where)))
st.caption(
    "Des indicateurs, non des preuves de causalité : une zone rurale diffère aussi par ses secteurs, la taille "
    "de ses entreprises et ses métiers."
)
counts = region_rows.groupby("typology")["code"].nunique()
st.caption(" · ".join(f"{territories.TYPOLOGY_LABELS[g]} : {int(counts.get(g, 0))} zones" for g in contrasts.GROUPS))
layout.light_table(
    contrasts.formatted(region_table), numeric=("Zones urbaines", "Zones intermédiaires", "Zones rurales", "Ensemble")
)
exports.download_buttons(
    region_table.reset_index(names="indicateur"),
    f"atlas-4h-urbain-rural-{region}-{year}",
    ["France Travail BMO ; INSEE ; DARES ; Parcoursup", "Rapports de sommes par typologie"],
    key="ur-dl",
)

measure_ids = [m.id for m in contrasts.MEASURES]
chosen = st.selectbox(
    "Indicateur à représenter",
    measure_ids,
    format_func=lambda i: next(m.label for m in contrasts.MEASURES if m.id == i),
    key="ur-measure",
)
measure = next(m for m in contrasts.MEASURES if m.id == chosen)
figure = go.Figure()
for label, table in ((place_name, region_table), ("France", france_table)):
    values = [table.loc[chosen, g] for g in contrasts.GROUPS]
    scale = 100 if measure.format == "pct" else 1
    figure.add_trace(
        go.Bar(
            x=[territories.TYPOLOGY_LABELS[g] for g in contrasts.GROUPS],
            y=[None if v is None else v * scale for v in values],
            name=label,
            marker_color=[TYPOLOGY_COLOURS[g] for g in contrasts.GROUPS] if label != "France" else "#999999",
            opacity=1 if label != "France" else 0.55,
            text=[(fmt_pct(v) if measure.format == "pct" else fmt_dec(v)) if v is not None else "" for v in values],
            textposition="outside",
            cliponaxis=False,
        )
    )
figure.update_layout(barmode="group")
figure.update_yaxes(ticksuffix=" %" if measure.format == "pct" else "", rangemode="tozero")
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
    st.markdown("\n".join(f"- {line}" for line in contrasts.sentences(france_table, "de France")))
    layout.light_table(
        contrasts.formatted(france_table),
        numeric=("Zones urbaines", "Zones intermédiaires", "Zones rurales", "Ensemble"),
    )
state.set_page_values({})
