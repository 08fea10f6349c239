"""Territoire: the profile of one zone d'emploi (or département, région) beside its région and France.

Industry first: industrial jobs and their share, the main industrial sectors, then recruitment and its trend,
ageing and departures, BTS supply and its fit with needs, and last the population and its urban/rural make-up;
each section links to the page that details it.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from atlas import (
    ageing,
    exports,
    layout,
    picker,
    profiles,
    queries,
    scopes,
    search,
    state,
    territories,
    training,
)
from atlas.brief.ui import brief_panel
from atlas.formats import fmt_change, fmt_dec, fmt_int, fmt_pct, fmt_points
from atlas.scopes import Scope
from atlas.state import Param
from contract.domain import INDUSTRIAL_DOMAINS

PAGE = "territoire"
region, year = state.value("reg"), int(state.value("year"))
ALL, INDUSTRY = Scope("all"), Scope("industrial")

TREND_SCOPES = ["industrial", "all", *INDUSTRIAL_DOMAINS]


def commune_param(text: str) -> str:
    if text not in search.commune_codes():
        raise ValueError(text)
    return text


TREND_PARAM = Param("trend", "industrial", state.one_of(TREND_SCOPES), label="les métiers")
state.apply_url(
    PAGE,
    [
        *picker.params(region, year),
        TREND_PARAM,
        Param("commune", "", commune_param, label="la commune"),
    ],
)
level, code = picker.picker(region, year)
info = profiles.info(level, code)
parent_reg = str(info["reg"])
places = profiles.comparisons(level, code)
place_names = [name for _, _, name in places]

st.title(f"{info['name']} ({code})")
found = search.commune_sentence(state.value("commune") or "", level, code)
if found:
    st.success(found, icon=":material/search:")
elif state.value("commune"):
    st.session_state[state.widget_key("commune")] = ""  # another territory now: the link forgets the commune
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
zone_for_pages = picker.follow(level, code, "ze", year, st.session_state.get(picker.TRAIL))
figures = profiles.figure_values(level, code, year)
jobs_year = int(figures["jobs_year"]) if pd.notna(figures.get("jobs_year")) else None


def comparison_help(figure: str) -> str:
    """'Région : 15,9 % ; France : 12,3 %.' for a metric's help."""
    parts = []
    for lv, cd, name in places[1:]:
        parts.append(f"{name} : {profiles.figure_text(figure, profiles.figure_values(lv, cd, year))}")
    return f"{profiles.figure_label(figure)}. " + " ; ".join(parts) + "."


def side_by_side_table(figures_shown: tuple[str, ...], key: str, sources: list[str]) -> None:
    shown, raw = profiles.side_by_side(level, code, year, figures_shown)
    layout.light_table(shown, numeric=tuple(place_names))
    exports.download_buttons(raw, f"atlas-4h-profil-{key}-{code}-{year}", sources, key=f"{key}-dl")


def fragile_caption(figures_shown: tuple[str, ...]) -> str:
    caveat = profiles.any_fragile(level, code, year, figures_shown)
    return f" ⚠ : chiffre de l'enquête à interpréter avec prudence ({caveat})." if caveat else ""


# ---------------------------------------------------------------- industry
st.header("L'industrie")
left, right = st.columns([3, 2], gap="large")
with left:
    top = st.columns(2)
    top[0].metric(
        "Emplois industriels",
        fmt_int(figures.get("jobs_industry")),
        help=f"Emplois salariés de l'industrie (secteurs B à E), FLORES {jobs_year or ''}. "
        + comparison_help("jobs_industry"),
    )
    top[1].metric(
        "Part de l'industrie",
        fmt_pct(figures.get("industrial_share_jobs")),
        help=comparison_help("industrial_share_jobs"),
    )
with right:
    st.subheader("Localisation")
    st.markdown(profiles.locator_svg(level, code), unsafe_allow_html=True)
    st.caption("Part de la population vivant dans une commune rurale ; le territoire choisi est entouré.")
# Full width under the two columns: beside the map, the table's four columns were squeezed on a laptop screen.
jobs_source = f"Source : INSEE, FLORES {jobs_year or ''} (emploi salarié au lieu de travail)."
side_by_side_table(profiles.INDUSTRY_FIGURES, "industrie", [jobs_source])
st.page_link(
    "app_pages/map.py",
    label="Carte de la part de l'industrie dans l'emploi",
    icon=":material/map:",
    query_params={"indicator": "industrial_share_jobs", "level": level, "reg": parent_reg, "year": str(year)},
)

st.subheader("Principaux secteurs industriels")
sectors, sectors_raw, sectors_year = profiles.industrial_sectors(level, code)
if sectors.empty:
    st.info("Pas de détail par secteur pour ce territoire dans FLORES.", icon=":material/info:")
else:
    layout.light_table(sectors, numeric=tuple(sectors.columns[1:]))
    exports.download_buttons(sectors_raw, f"atlas-4h-secteurs-{code}", [jobs_source], key="sectors-dl")
st.caption(
    f"Secteurs de la nomenclature A38 (INSEE, FLORES {sectors_year}), emploi salarié. « Part de l'industrie "
    "locale » : part des emplois industriels du territoire ; « Part de l'emploi » : part de tous les emplois "
    "salariés. Pour un département ou une région, chaque zone d'emploi est répartie entre ses communes au "
    "prorata de leur population, comme pour l'emploi industriel total."
)

# ---------------------------------------------------------------- recruitment
st.header(f"Projets de recrutement en {year}")


def recruitment_metrics() -> None:
    """Industrial projects and their difficult share with their change, hiring pressure and seasonal share (all
    occupations are in the table below). Short labels: they stay whole in a quarter of the page."""
    columns = st.columns(4)
    total = queries.bmo_total(level, code, year, INDUSTRY)
    if total is None:
        columns[0].metric("Projets, industrie", "–")
        return
    change = queries.change(level, code, year, INDUSTRY)
    layout.figure_metric(
        columns[0],
        "Projets, industrie",
        fmt_int(total["projects"]),
        lower_bound=total["projects_secret"] > 0,
        delta=fmt_change(change["projects"]) if change["projects"] is not None else None,
        since=change["year"],
        help=layout.SUM_HELP,
        caveat=change["caveat"],
    )
    layout.figure_metric(
        columns[1],
        "Part difficile, industrie",
        fmt_pct(total["difficult_share"]),
        delta=fmt_points(change["difficult_share"]) if change["difficult_share"] is not None else None,
        delta_color="inverse",
        since=change["year"],
        help=f"{layout.SHARE_HELP} {layout.share_bounds(total)} {comparison_help('industrial_difficult_share')}",
        caveat=change["caveat"],
    )
    columns[2].metric(
        "Projets pour 100 emplois",
        fmt_dec(figures.get("industrial_projects_per_100_jobs")),
        help=comparison_help("industrial_projects_per_100_jobs"),
    )
    columns[3].metric(
        "Part saisonnière, industrie",
        fmt_pct(total["seasonal_share"]),
        help=comparison_help("industrial_seasonal_share"),
    )


recruitment_metrics()

recruitment = profiles.recruitment_table(level, code, year)
layout.light_table(recruitment, numeric=tuple(place_names))
side_by_side = profiles.recruitment_rows(level, code, year)
exports.download_buttons(side_by_side, f"atlas-4h-profil-{code}-{year}", [layout.bmo_caption(year)], key="sbs-dl")
st.caption(
    layout.bmo_caption(year)
    + " « au moins » : des cellules sont couvertes par le secret statistique. Métiers industriels : domaines FAP C "
    f"à H ; projets pour 100 emplois : emplois salariés de l'industrie (FLORES {jobs_year or ''})."
    + fragile_caption(profiles.RECRUITMENT_FIGURES)
)

# ---------------------------------------------------------------- trend
years = queries.survey_years()
st.subheader(f"Dix enquêtes, {years[0]}-{years[-1]} : le recrutement évolue-t-il vraiment ?")


@st.fragment
def trend_section() -> None:
    """The ten surveys for one group of occupations. A fragment: choosing the occupations redraws this section
    only, not the whole profile."""
    st.segmented_control(
        "Métiers",
        TREND_SCOPES,
        format_func=lambda s: profiles.scope_words(s)[0].upper() + profiles.scope_words(s)[1:],
        key=state.widget_key("trend"),
        required=True,
    )
    state.publish_param(PAGE, TREND_PARAM)
    trend_scope = scopes.parse(state.value("trend"))
    own = queries.trend(level, code, trend_scope)
    cut = queries.nomenclature_break()
    difficult, projects, seasonal = profiles.trend_charts(level, code, state.value("trend"))
    # One chart under the other: a static chart keeps its layout, so it must not be squeezed into half a page.
    layout.static_chart(difficult, f"atlas-4h-tendance-{code}", key="trend")
    layout.static_chart(projects, f"atlas-4h-projets-{code}", key="projects")
    layout.static_chart(seasonal, f"atlas-4h-saisonniers-{code}", key="seasonal")
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


trend_section()

# ---------------------------------------------------------------- occupations
st.subheader("Les métiers aux projets les plus difficiles")


@st.fragment
def occupations_section() -> None:
    """The occupations with the most difficult projects; a fragment: the toggle redraws this table only."""
    only_industry = st.toggle("Métiers industriels seulement", value=True, key="occupations-industrial")
    shown_occupations, occupations = profiles.occupations(level, code, year, INDUSTRY if only_industry else ALL)
    layout.light_table(shown_occupations, numeric=tuple(shown_occupations.columns[1:]))
    exports.download_buttons(occupations, f"atlas-4h-metiers-{code}-{year}", [layout.bmo_caption(year)], key="occ-dl")


occupations_section()
st.caption(
    "Projets ventilés du bassin à la zone d'emploi selon les emplois au lieu de travail (recensement 2018) ; "
    "« au moins » : des cellules de l'enquête sont secrètes. " + layout.bmo_caption(year)
)
recruitment_links = st.columns(2)
recruitment_links[0].page_link(
    "app_pages/map.py",
    label="Carte des difficultés de recrutement",
    icon=":material/map:",
    query_params={"indicator": "bmo_difficult_share", "scope": "industrial", "level": level, "reg": parent_reg},
)
recruitment_links[1].page_link(
    "app_pages/compare.py",
    label="Comparer avec des territoires semblables",
    icon=":material/compare_arrows:",
    query_params={"level": level if level != "reg" else "ze", "reg": region, "year": str(year)}
    | ({"zones": code} if level != "reg" else {}),
)

# ---------------------------------------------------------------- ageing
st.header("Âges et départs en fin de carrière")
span = ageing.departures_range(level, code)
ageing_source = (
    "Source : DARES et France Stratégie, « Les métiers en 2030 » (projection régionale, dix ans), répartie selon "
    "les emplois industriels (FLORES) et le vieillissement (INSEE, recensement 2022)."
)
if span is None:
    st.info(
        "Pas d'estimation des départs pour ce territoire : le recensement n'y publie pas la structure par âge "
        "(outre-mer).",
        icon=":material/info:",
    )
else:
    low, high = span
    needs = ageing.needs(level, code)
    age_metrics = st.columns(3)
    age_metrics[0].metric(
        "Départs par an",
        fmt_int(high),
        help="Départs en fin de carrière dans les métiers industriels (projection « Les métiers en 2030 », dix ans "
        f"divisés par dix). Lecture basse, par le recensement : {fmt_int(low)} par an.",
    )
    age_metrics[1].metric(
        "Postes à pourvoir par an",
        fmt_int(needs.at["industrial", "positions_10y"] / 10),
        help="Départs en fin de carrière et créations nettes d'emplois dans les métiers industriels, par an.",
    )
    age_metrics[2].metric(
        "Part des 55-64 ans",
        fmt_pct(figures.get("share_5564")),
        help=comparison_help("share_5564"),
    )
    st.markdown(
        f"Entre **{fmt_int(low)}** (lecture basse, recensement) et **{fmt_int(high)}** (projection « Les métiers "
        "en 2030 ») départs en fin de carrière par an dans les métiers industriels du territoire."
    )
    st.caption(ageing.projection_text(level, code))
side_by_side_table(profiles.AGEING_FIGURES, "ages", [ageing_source])
st.caption(ageing_source + " Les chiffres sur dix ans, divisés par dix, donnent les chiffres par an.")
st.page_link(
    "app_pages/ageing.py",
    label="Âges et renouvellement : pyramides, départs par domaine, méthode",
    icon=":material/elderly:",
    query_params={"ze": zone_for_pages, "reg": region, "year": str(year)},
)

# ---------------------------------------------------------------- training
st.header("Formation : l'offre de BTS face aux besoins")
bts_year = int(figures["bts_year"]) if pd.notna(figures.get("bts_year")) else ""
train_metrics = st.columns(3)
train_metrics[0].metric(
    "Places de BTS industriels",
    fmt_int(figures.get("bts_places")),
    help=f"Places offertes sur Parcoursup en {bts_year} dans les BTS qui mènent aux métiers "
    "industriels (domaines FAP C à H). " + comparison_help("bts_places"),
)
train_metrics[1].metric(
    "Places pour 100 projets",
    fmt_dec(figures.get("bts_places_per_100_projects")),
    help=comparison_help("bts_places_per_100_projects"),
)
train_metrics[2].metric(
    "Places en apprentissage",
    fmt_pct(figures.get("bts_apprenticeship_share")),
    help=comparison_help("bts_apprenticeship_share"),
)
training_source = (
    f"Source : Parcoursup {bts_year} (places de BTS), enquête BMO {year} (projets), "
    "nomenclatures BCN, Certif Info et DARES (diplôme → métier)."
)
side_by_side_table(profiles.TRAINING_FIGURES, "formation", [training_source])
located = training.apprenticeship_located_share(level, code, year)
st.caption(
    training_source
    + (
        f" Places en apprentissage situées dans un territoire : {fmt_pct(located)} (les autres ne sont connues "
        "que par département), les chiffres d'apprentissage d'une zone sont donc des minimums."
        if level == "ze" and located is not None
        else ""
    )
    + fragile_caption(profiles.TRAINING_FIGURES)
)
st.subheader("Par domaine de métiers")
fit = training.fit_by_domain(level, code, year)
fit_shown = training.fit_shown_by_domain(level, code, year)
layout.light_table(fit_shown, numeric=tuple(fit_shown.columns[1:-1]))
gaps = fit[fit["gap"]]
if len(gaps):
    st.warning(
        "Recrutement difficile et peu de places de BTS : " + " ; ".join(gaps["label"]) + ".",
        icon=":material/warning:",
    )
st.caption(f"Alerte : {training.alert_rule()}.")
st.page_link(
    "app_pages/training.py",
    label="Formation et besoins : spécialités, places les plus proches, insertion",
    icon=":material/school:",
    query_params={"ze": zone_for_pages, "reg": region, "year": str(year)},
)

# ---------------------------------------------------------------- population and urban/rural make-up
st.header("Population et territoire")
population = st.columns(3)
population[0].metric("Population (2021)", fmt_int(info["population"]))
population[1].metric("Communes", fmt_int(info["n_communes"]))
population[2].metric("Part rurale", fmt_pct(info["rural_pop_share"]), help=comparison_help("rural_pop_share"))
st.markdown(
    f"**Typologie : territoire {typology_text.lower()}.** Un territoire est rural quand plus des deux tiers de sa "
    "population vivent dans une commune rurale (niveaux 5 à 7 de la grille de densité), urbain quand moins d'un "
    "tiers y vit, intermédiaire entre les deux."
)
layout.static_chart(profiles.make_up_chart(level, code), f"atlas-4h-urbain-rural-{code}", key="make-up")
st.caption("Source : INSEE, grille communale de densité à 7 niveaux (2024) et population municipale 2021.")
side_by_side_table(profiles.TERRITORY_FIGURES, "territoire", ["INSEE, population municipale 2021"])
st.page_link(
    "app_pages/urban_rural.py",
    label="Urbain et rural : les indicateurs par type de zone",
    icon=":material/landscape:",
    query_params={"reg": parent_reg, "year": str(year)},
)

brief_panel(level, [code], year, key="territory-brief")

st.page_link(
    "app_pages/upskilling.py",
    label="Monter en compétences ou recruter : les deux voies et le simulateur pour ce territoire",
    icon=":material/trending_up:",
    query_params={"level": level, "code": code, "reg": region, "year": str(year)},
)
