"""Monter en compétences ou recruter: evidence on both routes, and a replacement-need scenario simulator."""

from __future__ import annotations

import streamlit as st

from atlas import catalogue, data, exports, layout, maps, picker, state, territories, upskilling
from atlas.formats import fmt_dec, fmt_int, fmt_pct, fmt_value
from atlas.simulator import DEFAULT, Scenario, explain, headline, simulate
from atlas.state import Param

PAGE = "competences"
region, year = state.value("reg"), int(state.value("year"))


def share(low: float, high: float):
    """Parse a percentage from the URL (30 = 30 %)."""

    def parse(text: str) -> float:
        value = float(text)
        if not low <= value <= high:
            raise ValueError(text)
        return value

    return parse


def percent(fraction: float) -> float:
    return round(100 * fraction, 6)


state.apply_url(
    PAGE,
    [
        *picker.params(region, year),
        Param(
            "capacity",
            upskilling.CAPACITY_MEASURES[0],
            state.one_of(upskilling.CAPACITY_MEASURES),
            label="l'axe vertical",
        ),
        Param(
            "growth", percent(DEFAULT.growth), share(-50, 100), dump=lambda v: f"{v:g}", label="l'évolution de l'emploi"
        ),
        Param(
            "internal", percent(DEFAULT.share_internal), share(0, 100), dump=lambda v: f"{v:g}", label="la part interne"
        ),
        Param(
            "graduates",
            percent(DEFAULT.share_graduates),
            share(0, 100),
            dump=lambda v: f"{v:g}",
            label="la part des diplômés",
        ),
        Param(
            "completion",
            percent(DEFAULT.completion_rate),
            share(0, 100),
            dump=lambda v: f"{v:g}",
            label="le taux d'obtention",
        ),
        Param("employment", -1.0, share(-1, 100), dump=lambda v: f"{v:g}", label="le taux d'emploi"),
    ],
)
st.title("Monter en compétences ou recruter ?")
state.show_notices()
st.caption(
    "Le think tank Industrie 4.h a observé que la montée en compétences interne réussissait mieux que le "
    "recrutement externe. Cette page met les deux voies côte à côte, territoire par territoire, puis propose un "
    "simulateur pour raisonner sur le besoin de remplacement."
)

level, code = picker.picker(region, year)
name = territories.name(level, code)

# ---------------------------------------------------------------- evidence
st.header("Les deux voies, en chiffres")
rows = upskilling.evidence_rows(level, code, year)
evidence = upskilling.evidence_shown(rows)
layout.light_table(evidence, numeric=tuple(evidence.columns[1:]))
st.caption(
    f"Voie externe : projets de recrutement industriels (BMO {year}) pour 100 emplois industriels (FLORES 2023), part "
    "jugée difficile et part saisonnière, évolution de la part difficile depuis la première enquête (2023). Voies "
    "interne et formation : contrats d'apprentissage 2023 pour 1 000 emplois (connus par département), part des places "
    "de BTS industriels en apprentissage, taux d'emploi des 55-64 ans (recensement 2022), vœux par place de BTS."
)
exports.download_buttons(
    rows, f"atlas-4h-voies-{level}-{code}-{year}", ["France Travail BMO ; INSEE ; DARES ; Parcoursup"], key="ev-dl"
)
national = data.table("industry_training_national")
values = national[national["kind"] == "value"].sort_values("date")
if len(values):
    last = values.iloc[-1]
    st.info(
        f"Contexte national seulement : {fmt_int(last['value'])} personnes formées aux métiers de l'industrie "
        f"(CPF, FNE-Formation, demandeurs d'emploi) au {last['date']} selon le baromètre de l'action publique. "
        "Aucune donnée territoriale n'existe pour cette voie.",
        icon=":material/info:",
    )

st.subheader("Pression du recrutement externe et leviers internes, zone par zone")
st.selectbox(
    "Axe vertical : voie interne ou formation",
    list(upskilling.CAPACITY_MEASURES),
    format_func=catalogue.label,
    key=state.widget_key("capacity"),
)
capacity = state.value("capacity")
quadrant_region = str(territories.listing(level).loc[code, "reg"]) if level == "ze" else region
points = upskilling.quadrant_rows(quadrant_region, year, capacity, layout.include_neighbours())
if points.empty:
    st.info("Pas de zone avec les deux indicateurs sur ce territoire.")
else:
    st.plotly_chart(
        upskilling.quadrant_chart(points, capacity, code if level == "ze" else None),
        config=maps.plot_config(f"atlas-4h-quadrant-{quadrant_region}-{year}"),
        key="quadrant",
    )
    st.caption(
        "Chaque point est une zone d'emploi de la région (couleur : typologie urbain/rural) ; tirets : médianes "
        "des zones. Sources : France Travail BMO ; INSEE FLORES et recensement ; Parcoursup ; DARES-DITP."
    )
    if level == "ze":
        st.markdown(upskilling.reading(points, capacity, code, name))
    layout.light_table(
        points.assign(
            Zone=points["name"],
            Typologie=points["typology"].map(territories.TYPOLOGY_LABELS),
            **{
                "Projets ind. / 100 emplois": points[upskilling.PRESSURE].map(fmt_dec),
                catalogue.label(capacity): [fmt_value(v, catalogue.get(capacity).format) for v in points[capacity]],
            },
        )[["Zone", "Typologie", "Projets ind. / 100 emplois", catalogue.label(capacity)]],
        max_height=300,
    )

# ---------------------------------------------------------------- simulator
st.header("Simulateur : couvrir le besoin de remplacement")
inputs = upskilling.scenario_inputs(level, code, year)
default_employment = round(100 * float(inputs["employment_rate"]), 1)
if state.value("employment") is None or state.value("employment") < 0:
    st.session_state[state.widget_key("employment")] = default_employment
left, right = st.columns([2, 3], gap="large")
with left:
    st.number_input(
        "Évolution attendue de l'emploi industriel sur dix ans (%)",
        min_value=-50.0,
        max_value=100.0,
        step=1.0,
        key=state.widget_key("growth"),
    )
    st.slider(
        "Part couverte par la promotion interne et la montée en compétences (%)",
        0.0,
        100.0,
        step=5.0,
        key=state.widget_key("internal"),
    )
    st.slider(
        "Part couverte par les jeunes diplômés locaux (%)", 0.0, 100.0, step=5.0, key=state.widget_key("graduates")
    )
    with st.expander("Hypothèses sur les diplômés (modifiables)"):
        st.number_input(
            "Taux d'obtention du BTS parmi les places offertes (%)",
            0.0,
            100.0,
            step=1.0,
            key=state.widget_key("completion"),
            help="Valeur indicative : une partie des inscrits abandonne ou échoue.",
        )
        st.number_input(
            "Taux d'emploi 12 mois après le diplôme (%)",
            0.0,
            100.0,
            step=1.0,
            key=state.widget_key("employment"),
            help=f"Par défaut : BTS industriels, région {inputs['employment_rate_region']}, InserJeunes.",
        )
scenario = Scenario(
    departures_10y=inputs["departures_10y"],
    industrial_jobs=inputs["industrial_jobs"],
    growth=state.value("growth") / 100,
    share_internal=state.value("internal") / 100,
    share_graduates=state.value("graduates") / 100,
    bts_places=inputs["bts_places"],
    completion_rate=state.value("completion") / 100,
    employment_rate=state.value("employment") / 100,
    current_projects=inputs["current_projects"],
    difficult_share=inputs["difficult_share"],
)
result = simulate(scenario)
with right:
    if not result.computable:
        st.warning(result.reason)
    else:
        # Metrics, sentences and chart all read the same Result (its whole numbers in result.shown).
        for warning in result.warnings:
            st.warning(warning)
        metrics = st.columns(3)
        metrics[0].metric("Besoin par an", fmt_int(result.shown.need))
        metrics[1].metric("Recrutement externe restant par an", fmt_int(result.shown.external))
        metrics[2].metric("Comparé aux projets actuels", fmt_pct(result.external_vs_projects, 0))
        st.markdown(headline(result))
        st.plotly_chart(
            upskilling.scenario_chart(result, scenario),
            config=maps.plot_config(f"atlas-4h-scenario-{code}"),
            key="scenario",
        )
if result.computable:
    st.markdown("**Les calculs, pas à pas**")
    st.markdown("\n".join(f"- {line}" for line in explain(result, year)))
    st.caption(
        "Départs : estimation Atlas 4.h (FLORES 2023 × DARES 2017-2019 × recensement 2022). Places de BTS "
        f"industriels : Parcoursup {fmt_int(inputs['bts_year']) if inputs['bts_year'] else ''}. Projets : France "
        f"Travail BMO {year}. Un scénario raisonne sur des ordres de grandeur ; ce n'est pas une prévision."
    )
    exports.download_buttons(
        lambda: upskilling.scenario_table(scenario, result),
        f"atlas-4h-scenario-{level}-{code}",
        ["Simulateur Atlas 4.h", "Lien du scénario : voir l'adresse de la page"],
        key="sc-dl",
    )
