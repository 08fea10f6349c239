"""Âges et renouvellement: where the workforce ages, the département pyramid, departures against hiring."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from atlas import ageing, catalogue, exports, layout, maps, picker, queries, state, svgmap, territories
from atlas.formats import fmt_int, fmt_pct, fmt_value, with_unit
from atlas.scopes import Scope
from atlas.state import Param

PAGE = "ages"
region, year = state.value("reg"), int(state.value("year"))
INDICATORS = [
    "share_5564",
    "departures_per_100_jobs",
    "departures_10y",
    "positions_per_100_jobs",
    "employment_rate_5564",
]
zones = territories.listing("ze")
years = ageing.pyramid_years()


def year_param(text: str) -> int:
    value = int(text)
    if value not in years:
        raise ValueError(text)
    return value


state.apply_url(
    PAGE,
    [
        Param("indicator", "departures_per_100_jobs", state.one_of(INDICATORS), label="l'indicateur"),
        Param(
            "ze", picker.default_code("ze", region, year), state.one_of(zones.index.tolist()), label="la zone d'emploi"
        ),
        Param("pyramid_year", years[-1], year_param, label="l'année de la pyramide"),
    ],
)
st.title("Âges et renouvellement de la main-d'œuvre")
state.show_notices()
st.caption(
    "Où la population active vieillit, combien de départs en fin de carrière l'industrie peut attendre, "
    "et ce que cela pèse face aux recrutements prévus."
)

# ---------------------------------------------------------------- map
indicators = catalogue.indicators()
left, right = st.columns([3, 2], gap="large")
with left:
    st.selectbox("Indicateur", INDICATORS, format_func=lambda i: indicators[i].label, key=state.widget_key("indicator"))
    indicator = catalogue.get(state.value("indicator"))
    table = queries.indicator_table(
        indicator.id, "ze", year, Scope("all"), region, include_neighbours=layout.include_neighbours()
    )
    legend_title = with_unit(indicator.label, "%" if indicator.format == "pct" else indicator.unit)
    summary = svgmap.summary(table, indicator.format, legend_title)
    st.markdown(
        svgmap.svg_choropleth(
            table,
            "ze",
            value_format=indicator.format,
            direction=indicator.direction,
            legend_title=legend_title,
            tooltips=maps.hover_texts(table, indicator.format, indicator.unit, separator=" · ", bold=False),
            link=lambda code: state.view_url(PAGE, ze=code, reg=region, year=year, indicator=indicator.id),
            highlight=state.value("ze"),
            description=summary,
        ),
        unsafe_allow_html=True,
    )
    st.caption(f"En bref : {summary}")
    layout.source_caption(
        indicator,
        "Cliquez sur une zone pour l'étudier ci-dessous. Outre-mer : pas de données "
        "du recensement dans la source, donc pas d'estimation.",
    )
with right:
    st.markdown(f"**{indicator.label}**")
    st.caption(indicator.definition)
    ranked = table.dropna(subset=["value", "rank"]).head(10)
    for row in ranked.itertuples():
        st.markdown(f"{int(row.rank)}. {row.name} — {fmt_value(row.value, indicator.format)}")
    exports.download_buttons(
        table[["rank", "code", "name", "typology", "value"]].rename(columns={"value": indicator.id}),
        f"atlas-4h-{indicator.id}-{region}",
        [catalogue.source_line(indicator), indicator.definition],
        key="age-dl",
    )

# ---------------------------------------------------------------- one zone
st.divider()
zone = picker.zone_picker()
zone_info = zones.loc[zone]
st.subheader(f"{zone_info['name']} : âges, pyramide et départs")
bands = ageing.age_bands("ze", zone)
columns = st.columns([3, 2], gap="large")
with columns[0]:
    st.markdown("**Structure par âge, comparée à la région et à la France**")
    if len(bands) > 1 and zone_info["name"] in bands:
        st.plotly_chart(ageing.age_bands_chart(bands), config=maps.plot_config(f"atlas-4h-ages-{zone}"), key="bands")
    else:
        st.info("Pas de données du recensement 2022 pour cette zone dans la source (outre-mer).")
    st.caption(
        "Source : INSEE, recensement de la population 2022 (IRIS agrégés par population) ; France métropolitaine."
    )
with columns[1]:
    span = ageing.departures_range("ze", zone)
    if span is not None:
        low, high = span
        needs = ageing.needs("ze", zone)
        # One figure per line: their labels stay whole in this narrow column.
        st.metric(
            "Départs par an",
            fmt_int(high),
            help="Départs en fin de carrière dans les métiers industriels (projection « Les métiers en 2030 »).",
        )
        st.metric(
            "Postes à pourvoir par an",
            fmt_int(needs.at["industrial", "positions_10y"] / 10),
            help="Départs en fin de carrière et créations nettes d'emplois dans les métiers industriels, par an.",
        )
        st.markdown(
            f"Entre **{fmt_int(low)}** (lecture basse, recensement) et **{fmt_int(high)}** (projection « Les métiers "
            "en 2030 ») départs en fin de carrière par an dans les métiers industriels de la zone."
        )
        st.markdown("**Comment ce chiffre est estimé**")
        st.markdown(ageing.projection_text("ze", zone))
        with st.expander("Lecture basse : l'estimation par le recensement"):
            row = ageing.departures_row("ze", zone)
            if row is not None and pd.notna(row["departures_10y"]):
                st.markdown(ageing.formula_text(row))
            st.caption(
                "Elle ignore les 50-54 ans qui partiront aussi dans les dix ans et applique une part par métier "
                "à des emplois par secteur : elle sous-estime les départs."
            )
    else:
        st.info(
            "Pas d'estimation : la projection « Les métiers en 2030 » ne couvre pas l'outre-mer, et le recensement "
            "n'y est pas dans la source."
        )

if span is not None:
    st.markdown("**Par domaine industriel**")
    layout.light_table(
        ageing.needs_table(needs),
        numeric=("Départs en fin de carrière par an", "Créations nettes par an", "Postes à pourvoir par an"),
    )
    caveat = needs.at["industrial", "caveat"]
    st.caption(
        (f"{caveat} " if isinstance(caveat, str) else "")
        + "Source : DARES et France Stratégie, « Les métiers en 2030 » (projection régionale 2019-2030, "
        "ramenée à dix ans), répartie par Atlas 4.h selon FLORES 2023 et le recensement."
    )

# ---------------------------------------------------------------- pyramid
dep = str(zone_info["dep"])
st.markdown(f"**Pyramide des âges du département principal : {territories.label('dep', dep)}**")
st.select_slider("Année", years, key=state.widget_key("pyramid_year"))
pyramid_year = int(state.value("pyramid_year"))
frame = ageing.pyramid(dep, pyramid_year)
if frame.empty:
    st.info(f"Pas d'estimation INSEE pour ce département en {pyramid_year} (outre-mer avant 1990, Mayotte avant 2014).")
else:
    provisional = bool(frame["provisional"].any())
    st.plotly_chart(
        ageing.pyramid_chart(frame), config=maps.plot_config(f"atlas-4h-pyramide-{dep}-{pyramid_year}"), key="pyramid"
    )
    total = frame["population"].sum()
    older = frame.loc[frame["age_start"] >= 55, "population"].sum()
    st.caption(
        f"{fmt_int(total)} habitants au 1er janvier {pyramid_year}, dont {fmt_pct(older / total)} de 55 ans "
        "ou plus. Source : INSEE, estimations de population 1975-2025"
        + (" — estimation provisoire, susceptible d'être révisée." if provisional else ".")
    )
    exports.download_buttons(
        frame[["dep", "year", "sex", "age_band", "population", "provisional"]],
        f"atlas-4h-pyramide-{dep}-{pyramid_year}",
        ["INSEE, estimations de population"],
        key="pyr-dl",
    )

# ---------------------------------------------------------------- departures vs hiring
st.subheader("Départs attendus et recrutements prévus")
rows = ageing.departures_vs_projects(region, year, layout.include_neighbours())
if rows.empty:
    st.info("Aucune zone de ce territoire n'a les deux chiffres (outre-mer : pas de recensement dans la source).")
else:
    st.plotly_chart(
        ageing.departures_scatter(rows, zone, year),
        config=maps.plot_config(f"atlas-4h-departs-{region}"),
        key="departures",
    )
    share = rows["departures_per_year"].sum() / rows["industrial_projects"].sum()
    st.markdown(
        f"Dans les zones de ce territoire, les départs en fin de carrière attendus chaque année représentent environ "
        f"{fmt_pct(share, 0)} des projets de recrutement industriels déclarés pour {year} : une part des embauches "
        "prévues remplace des départs, le reste accompagne la rotation et la croissance."
    )
    st.caption(
        "Chaque point est une zone d'emploi (couleur : typologie urbain/rural). Sources : DARES et France "
        "Stratégie, « Les métiers en 2030 », réparti par Atlas 4.h (FLORES 2023, recensement) ; France Travail, "
        "enquête BMO."
    )
    exports.download_buttons(
        rows[["code", "name", "typology", "departures_per_year", "industrial_projects", "jobs_industry"]],
        f"atlas-4h-departs-projets-{region}-{year}",
        ["DARES et France Stratégie, Les métiers en 2030 (réparti par Atlas 4.h) ; France Travail, BMO"],
        key="dep-dl",
    )
