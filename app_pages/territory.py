"""Territoire: the profile of one zone d'emploi (or département, région) beside its région and France."""

from __future__ import annotations

import streamlit as st

from atlas import charts, exports, layout, maps, picker, profiles, queries, scopes, state, territories
from atlas.brief.ui import brief_panel
from atlas.formats import fmt_int, fmt_pct
from atlas.scopes import Scope
from atlas.state import Param
from contract.domain import INDUSTRIAL_DOMAINS

PAGE = "territoire"
region, year = state.value("reg"), int(state.value("year"))
ALL, INDUSTRY = Scope("all"), Scope("industrial")

TREND_SCOPES = ["industrial", "all", *INDUSTRIAL_DOMAINS]
state.apply_url(
    PAGE,
    [*picker.params(region, year), Param("trend", "industrial", state.one_of(TREND_SCOPES), label="les métiers")],
)
level, code = picker.picker(region, year)
info = profiles.info(level, code)
parent_reg = str(info["reg"])

st.title(f"{info['name']} ({code})")
state.show_notices()
regions_text = ", ".join(territories.name("reg", r) for r in info["regs"])
typology_text = territories.TYPOLOGY_LABELS.get(info["typology"], "")
st.caption(
    f"{territories.LEVEL_LABELS[level]} · {regions_text} · territoire {typology_text.lower()} "
    f"({fmt_pct(info['rural_pop_share'])} de la population dans une commune rurale)"
)
if level == "ze" and region not in (territories.FRANCE, parent_reg) and region in list(info["regs"]):
    st.info(
        f"Zone surtout située en {territories.name('reg', parent_reg)} : elle touche "
        f"{territories.name('reg', region)} et figure sur ses cartes, mais n'entre dans ses classements et ses "
        "totaux par groupe de zones que si vous incluez les zones voisines (panneau latéral).",
        icon=":material/call_split:",
    )

# ---------------------------------------------------------------- population and urban/rural make-up
top = st.columns(4)
top[0].metric("Population (2021)", fmt_int(info["population"]))
top[1].metric("Communes", fmt_int(info["n_communes"]))
top[2].metric("Part de population rurale", fmt_pct(info["rural_pop_share"]))
top[3].metric("Typologie", typology_text)

left, right = st.columns([2, 3], gap="large")
with left:
    st.subheader("Où vit la population")
    st.plotly_chart(
        charts.composition_bar(profiles.make_up(level, code)),
        config=maps.plot_config(f"atlas-4h-urbain-rural-{code}"),
        key="make-up",
    )
    st.caption("Source : INSEE, grille communale de densité à 7 niveaux (2024) et population municipale 2021.")
with right:
    st.subheader("Localisation")
    st.markdown(profiles.locator_svg(level, code), unsafe_allow_html=True)
    st.caption("Part de la population vivant dans une commune rurale ; le territoire choisi est entouré.")

# ---------------------------------------------------------------- recruitment
st.subheader(f"Projets de recrutement en {year}")
layout.recruitment_metrics(level, code, year, "métiers industriels")

side_by_side = profiles.recruitment_rows(level, code, year)
st.dataframe(profiles.recruitment_shown(side_by_side), hide_index=True, key="side-by-side")
exports.download_buttons(side_by_side, f"atlas-4h-profil-{code}-{year}", [layout.bmo_caption(year)], key="sbs-dl")
st.caption(layout.bmo_caption(year) + " « au moins » : des cellules sont couvertes par le secret statistique.")

# ---------------------------------------------------------------- trend
years = queries.survey_years()
st.subheader(f"Dix enquêtes, {years[0]}-{years[-1]} : le recrutement évolue-t-il vraiment ?")


def scope_short(scope: str) -> str:
    return "industrie" if scope == "industrial" else ("tous métiers" if scope == "all" else f"domaine {scope}")


st.segmented_control(
    "Métiers",
    TREND_SCOPES,
    format_func=lambda s: scope_short(s)[0].upper() + scope_short(s)[1:],
    key=state.widget_key("trend"),
    required=True,
)
trend_scope = scopes.parse(state.value("trend"))
series = profiles.trend_series(level, code, trend_scope)
own = series[str(info["name"])]
cut = queries.nomenclature_break()
trend_left, trend_right = st.columns(2)
with trend_left:
    st.plotly_chart(
        charts.trend_lines(
            series,
            "difficult_share",
            "pct",
            title=f"Part des projets jugés difficiles — {scope_short(state.value('trend'))}",
            band=True,
            nomenclature_break=cut,
        ),
        config=maps.plot_config(f"atlas-4h-tendance-{code}"),
        key="trend",
    )
with trend_right:
    st.plotly_chart(
        charts.projects_bars(own, title=f"Projets — {info['name']}", nomenclature_break=cut),
        config=maps.plot_config(f"atlas-4h-projets-{code}"),
        key="projects",
    )
st.plotly_chart(
    charts.trend_lines(
        series, "seasonal_share", "pct", title="Part des projets saisonniers", band=True, nomenclature_break=cut
    ),
    config=maps.plot_config(f"atlas-4h-saisonniers-{code}"),
    key="seasonal",
)
fragile_years = own.loc[own["flagged"].fillna(False).astype(bool), ["year", "caveat"]] if not own.empty else own
if len(fragile_years):
    st.warning(
        "Années à interpréter avec prudence pour ce territoire (points creux, barres hachurées) : "
        + " ; ".join(f"{int(r.year)} ({r.caveat})" for r in fragile_years.itertuples())
        + ". Une variation qui repose sur ces années n'est pas une tendance établie.",
        icon=":material/warning:",
    )
st.caption(
    f"Bande bleue : ce que peuvent cacher les cellules secrètes (une cellule secrète compte moins de 5 projets). "
    f"Les enquêtes jusqu'à {cut - 1 if cut else ''} codent les métiers en FAP 2009, les suivantes en FAP 2021 "
    "(pointillé) : les domaines industriels C à H existent dans les deux, avec des contours un peu différents. "
    "Les enquêtes 2016 à 2018 publient des estimations non arrondies. " + layout.bmo_caption(year)
)

# ---------------------------------------------------------------- occupations
st.subheader("Les métiers aux projets les plus difficiles")
only_industry = st.toggle("Métiers industriels seulement", value=True, key="occupations-industrial")
shown_occupations, occupations = profiles.occupations(level, code, year, INDUSTRY if only_industry else ALL)
st.dataframe(shown_occupations, hide_index=True, key="occupations")
exports.download_buttons(occupations, f"atlas-4h-metiers-{code}-{year}", [layout.bmo_caption(year)], key="occ-dl")
st.caption(
    "Projets ventilés du bassin à la zone d'emploi selon les emplois au lieu de travail (recensement 2018) ; "
    "« au moins » : des cellules de l'enquête sont secrètes. " + layout.bmo_caption(year)
)

brief_panel(level, [code], year, key="territory-brief")

links = st.columns(3)
links[0].page_link(
    "app_pages/compare.py",
    label="Comparer avec des zones semblables",
    icon=":material/compare_arrows:",
    query_params={"zones": code, "reg": region, "year": str(year)} if level == "ze" else {},
)
links[1].page_link(
    "app_pages/map.py",
    label="Voir sur la carte",
    icon=":material/map:",
    query_params={"level": level, "reg": parent_reg, "year": str(year)},
)
