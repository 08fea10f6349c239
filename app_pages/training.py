"""Formation et besoins: BTS places against industrial hiring, by zone and domain; specialities and outcomes."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from atlas import exports, layout, maps, picker, queries, scopes, state, svgmap, territories, training
from atlas.formats import cohort_label, diploma_label, fmt_dec, fmt_int, fmt_pct
from atlas.state import Param
from contract.domain import INDUSTRIAL_DOMAINS

PAGE = "formation"
region, year = state.value("reg"), int(state.value("year"))
zones = territories.listing("ze")
SCOPES = ["industrial", *INDUSTRIAL_DOMAINS]
labels = training.domain_labels()
COMPONENT_LABELS = {
    "hiring_intensity": "Intensité d'embauches",
    "training_link": "Lien formation-emploi",
    "labour_shortage": "Manque de main-d'œuvre",
    "job_instability": "Non-durabilité de l'emploi",
    "working_conditions": "Conditions de travail",
    "geographic_mismatch": "Inadéquation géographique",
}


def scope_label(scope: str) -> str:
    return "Métiers industriels (C à H)" if scope == "industrial" else f"{scope} – {labels.get(scope, '')}"


state.apply_url(
    PAGE,
    [
        Param("scope", "industrial", state.one_of(SCOPES), label="le domaine"),
        Param(
            "ze", picker.default_code("ze", region, year), state.one_of(zones.index.tolist()), label="la zone d'emploi"
        ),
    ],
)
st.title("Formation et besoins")
state.show_notices()
st.caption(
    "Les places de BTS qui préparent aux métiers industriels couvrent-elles les besoins de recrutement ? "
    "Places offertes sur Parcoursup, reliées aux métiers par diplôme → ROME → famille professionnelle (FAP)."
)

# ---------------------------------------------------------------- map of the fit ratio
left, right = st.columns([3, 2], gap="large")
with left:
    st.selectbox("Domaine de métiers", SCOPES, format_func=scope_label, key=state.widget_key("scope"))
    scope = state.value("scope")
    shown = territories.in_region("ze", region)
    fit = training.fit_values("ze", year, scope).reindex(shown.index)
    table = pd.DataFrame(
        {
            "code": shown.index,
            "name": shown["name"],
            "value": fit["places_per_100_projects"],
            "partial": False,
            "secret_cells": 0,
        }
    ).reset_index(drop=True)
    recruitment = queries.bmo_values("ze", year, scopes.parse(scope)).reindex(table["code"])
    table["caveat"] = recruitment["caveat"].to_numpy()
    table["flagged"] = table["caveat"].notna() & table["value"].notna()
    table["elsewhere"] = territories.elsewhere(shown, region).to_numpy()
    ranked = table["value"].where(layout.include_neighbours() | ~table["elsewhere"])
    table["rank"] = ranked.rank(ascending=True, method="min").astype("Int64")
    what = "métiers industriels (C à H)" if scope == "industrial" else f"domaine {scope_label(scope)}"
    legend_title = f"Places de BTS pour 100 projets de recrutement, {what}"
    summary = svgmap.summary(table, "dec1", legend_title)
    st.markdown(
        svgmap.svg_choropleth(
            table,
            "ze",
            value_format="dec1",
            direction="higher_is_better",
            legend_title=legend_title,
            tooltips=maps.hover_texts(table, "dec1", "places pour 100 projets", separator=" · ", bold=False),
            link=lambda code: state.view_url(PAGE, ze=code, scope=scope, reg=region, year=year),
            highlight=state.value("ze"),
            description=summary,
        ),
        unsafe_allow_html=True,
    )
    st.caption(f"En bref : {summary}")
    bts_year = int(fit["bts_year"].dropna().iloc[0]) if fit["bts_year"].notna().any() else year
    st.caption(
        f"Places Parcoursup {bts_year} (voies scolaire et apprentissage) pour 100 projets BMO {year}. Les places "
        "d'apprentissage ne sont souvent localisées qu'au département : elles manquent aux zones ; les formations "
        "à distance ne sont comptées qu'au niveau national. Sources : "
        "MESR Parcoursup, BCN, Certif Info, DARES ; France Travail BMO. Rang 1 = le moins de places."
    )
with right:
    st.markdown("**Lecture**")
    st.markdown(
        f"Une zone est en alerte dans un domaine quand elle compte {training.alert_rule()}. Les BTS ne sont qu'une "
        "voie : CAP, bac pro, formation continue et promotion interne pourvoient aussi ces métiers. Les formations "
        "entièrement à distance (CNED…) forment une offre nationale : elles ne comptent dans aucune zone."
    )
    thin = table[~table["flagged"]].dropna(subset=["value", "rank"]).sort_values("value").head(8)
    st.markdown("**Zones les moins pourvues**")
    for row in thin.itertuples():
        st.markdown(f"- {row.name} : {fmt_dec(row.value)} places pour 100 projets")
    fragile = int(table["flagged"].sum())
    if fragile:
        st.caption(
            f"{fragile} zone(s) hachurée(s) sur la carte et écartée(s) de cette liste : leurs projets de recrutement "
            "sont un chiffre fragile (peu de projets, secret statistique, variation inhabituelle), raison au survol."
        )
    neighbours = int((table["elsewhere"] & table["rank"].isna()).sum())
    if neighbours:
        st.caption(
            f"{neighbours} zone(s) surtout située(s) dans une région voisine, pâle(s) sur la carte, écartée(s) de "
            "cette liste (choix dans le panneau latéral)."
        )
    exports.download_buttons(
        table,
        f"atlas-4h-places-bts-{scope}-{region}-{year}",
        ["Parcoursup ; France Travail BMO"],
        key="fit-dl",
        columns={
            "name": "Zone d'emploi",
            "value": exports.Column("Places de BTS pour 100 projets de recrutement", "dec"),
            "rank": "Rang (1 = le moins de places)",
        },
    )

# ---------------------------------------------------------------- scatter of zones
st.subheader("Difficulté de recrutement et offre de BTS, zone par zone")
rows = training.zones_scatter_rows(region, year, layout.include_neighbours())
if rows.empty:
    st.info("Pas de zone avec les deux chiffres pour ce territoire.")
else:
    st.plotly_chart(
        training.fit_scatter(rows, state.value("ze")), config=maps.plot_config(f"atlas-4h-bts-{region}"), key="scatter"
    )
    st.caption(
        "Taille des bulles : emplois industriels (FLORES 2023) ; couleur : typologie urbain/rural. Pointillés : "
        "seuils d'alerte. Sources : Parcoursup, France Travail BMO, INSEE."
    )

# ---------------------------------------------------------------- one zone
st.divider()
zone = picker.zone_picker()
zone_info = zones.loc[zone]
st.subheader(f"{zone_info['name']} : besoins et formations par domaine")
domains = training.fit_by_domain("ze", zone, year)
layout.light_table(
    training.fit_shown(domains),
    numeric=(
        "Projets",
        "Part difficile",
        "Places de BTS",
        "Places pour 100 projets",
        "Vœux par place",
        "En apprentissage",
    ),
)
located = training.apprenticeship_located_share("ze", zone, year)
st.caption(
    f"Alerte : {training.alert_rule()}. « au moins » : des cellules de l'enquête sont secrètes ; « secret "
    "statistique » : toutes les cellules publiées sont nulles ou secrètes."
    + (
        f" Places en apprentissage : {fmt_pct(located, 0)} de celles du département sont situées dans une zone "
        "d'emploi ; les autres ne sont connues qu'au département, où elles comptent (et pour la région), mais "
        "pas pour la zone : son chiffre est un minimum."
        if located is not None and located < 0.995
        else ""
    )
)
exports.download_buttons(
    domains.reset_index(),
    f"atlas-4h-adequation-{zone}-{year}",
    ["Parcoursup ; France Travail BMO ; DARES"],
    key="dom-dl",
    columns={
        "scope": "Domaine (code)",
        "label": "Domaine",
        "projects_secret": exports.Column("Cellules secrètes (nombre)", "int"),
        "places_per_100_difficult": exports.Column("Places pour 100 projets difficiles", "dec"),
        "assessed": exports.Column("Domaine évalué pour l'alerte", "bool"),
        "gap": exports.Column("Alerte : recrutement difficile et peu de places", "bool"),
    },
)
flagged = [d for d in INDUSTRIAL_DOMAINS if bool(domains.loc[d, "gap"])]
if flagged:
    st.warning(
        "Recrutement difficile et peu de places de BTS dans : "
        + ", ".join(domains.loc[d, "label"] for d in flagged)
        + "."
    )

default_domain = flagged[0] if flagged else "D"
domain = st.selectbox(
    "Domaine à détailler",
    list(INDUSTRIAL_DOMAINS),
    index=list(INDUSTRIAL_DOMAINS).index(default_domain),
    format_func=scope_label,
    key="detail-domain",
)
bts_year = int(domains["bts_year"].dropna().iloc[0]) if domains["bts_year"].notna().any() else year - 1
local = training.specialities("ze", zone, bts_year, domain)
columns = st.columns([3, 2], gap="large")
with columns[0]:
    st.markdown(f"**BTS du domaine {domain} offerts dans la zone (Parcoursup {bts_year})**")
    if local.empty:
        st.info("Aucune place localisée dans la zone pour ce domaine.")
    else:
        layout.light_table(
            pd.DataFrame(
                {
                    "Diplôme": local["diploma"].map(diploma_label),
                    "Places": local["places"].map(fmt_int),
                    "dont apprentissage": local["apprenticeship_places"].map(fmt_int),
                    "Vœux par place": local["applications_per_place"].map(fmt_dec),
                    "Établissements": local["establishments"].map(fmt_int),
                }
            ),
        )
    nearest = training.nearest_offers(zone, bts_year, domain)
    st.markdown("**Où sont les places les plus proches**")
    if nearest.empty:
        st.info("Pas de distance calculable (zone d'outre-mer ou aucune place localisée).")
    else:
        layout.light_table(
            pd.DataFrame(
                {
                    "Zone d'emploi": nearest["name"] + " (" + nearest["code"] + ")",
                    "Distance (km, entre centres de zones)": nearest["distance_km"].map(fmt_int),
                    "Places": nearest["places"].map(fmt_int),
                }
            ),
        )
with columns[1]:
    region_code = str(zone_info["reg"])
    cfds = (
        local["cfd"].tolist()
        if not local.empty
        else training.specialities("reg", region_code, bts_year, domain)["cfd"].tolist()
    )
    results = training.outcomes(region_code, cfds)
    cohort = cohort_label(results["millesime"].iloc[0]) if len(results) else ""
    st.markdown(f"**Insertion des diplômés (InserJeunes{', ' + cohort if cohort else ''})**")
    regional = results[(results["reg"] == region_code) & (results["status"] == "all")]
    if regional.empty:
        st.info("Pas de sortants publiés pour ces diplômes dans la région.")
    else:
        layout.light_table(
            pd.DataFrame(
                {
                    "Diplôme": regional["diploma"].map(diploma_label),
                    "Sortants": regional["leavers"].map(fmt_int),
                    "En emploi à 6 mois": regional["rate_6m"].map(fmt_pct),
                    "À 12 mois": regional["rate_12m"].map(fmt_pct),
                }
            ),
        )
    overall = training.industrial_outcomes(region_code)
    latest = overall[overall["millesime"] == overall["millesime"].max()]
    for reg_code, name in ((region_code, territories.name("reg", region_code)), ("FR", "France")):
        row = latest[(latest["reg"] == reg_code) & (latest["status"] == "all")]
        if len(row):
            st.caption(
                f"BTS industriels, {name} : {fmt_pct(row['rate_12m'].iloc[0])} en emploi 12 mois après la "
                f"sortie ({fmt_int(row['leavers'].iloc[0])} sortants)."
            )
    st.caption(
        "Taux calculés sur les effectifs (jamais en moyenne de taux) ; masqués sous 20 sortants comme dans la "
        "source. Source : DEPP-DARES, InserJeunes."
    )

# ---------------------------------------------------------------- why it is hard: DARES 2019
dep = str(zone_info["dep"])
st.subheader(f"Pourquoi est-ce difficile ? Indicateurs de tension 2019, {territories.label('dep', dep)}")
components = training.tension_components(dep)
if components.empty:
    st.info("Pas d'indicateur de tension publié pour ce département.")
else:
    shown_components = pd.DataFrame(
        {
            "Métier (FAP 87)": components["fap_label"].fillna(components["fap"]),
            "Emploi": components["employment"].map(fmt_int),
            "Tension (1-5)": components["category"].astype("string").fillna("–"),
            **{label: components[column].astype("string").fillna("–") for column, label in COMPONENT_LABELS.items()},
        }
    )
    layout.light_table(shown_components)
    st.caption(
        "Classes de 1 (très faible) à 5 (très forte) ; « – » : non publié (trop peu d'emplois). Indicateurs "
        "de 2019 (avant la crise sanitaire, nomenclature FAP 2009). Source : DARES-France Travail."
    )
    exports.download_buttons(
        components, f"atlas-4h-tensions-2019-{dep}", ["DARES-France Travail, tensions 2019"], key="ten-dl"
    )
