"""Monter en compétences ou recruter: four routes to fill positions, a simulator with retention, the evidence domain
by domain, a map of what young entrants cannot cover, and the external route against internal levers."""

from __future__ import annotations

import streamlit as st

from atlas import catalogue, data, exports, layout, maps, picker, state, svgmap, territories, upskilling
from atlas.ageing import DOMAIN_NAMES
from atlas.formats import fmt_dec, fmt_int, fmt_value
from atlas.simulator import (
    BOUNDS,
    DEFAULT_RETENTION_YEARS,
    Scenario,
    explain,
    headline,
    signed,
    simulate,
)
from atlas.state import Param

PAGE = "competences"
region, year = state.value("reg"), int(state.value("year"))

# The simulator's route shares (percent of the positions to fill): absent from the URL = the projection's own figure.
OVERRIDES = {
    "jeunes": ("share_young", "Jeunes débutants"),
    "migration": ("share_migration", "Solde migratoire"),
    "mobilite": ("share_internal", "Mobilité professionnelle"),
}


def percent_param(low: float, high: float):
    """Parse a percentage from the URL (30 = 30 %) within bounds given as fractions."""

    def parse(text: str) -> float:
        value = float(text)
        if not 100 * low <= value <= 100 * high:
            raise ValueError(text)
        return value

    return parse


def years_param(text: str) -> float:
    value = float(text)
    if not 1 <= value <= 10:
        raise ValueError(text)
    return value


def number(value: float) -> str:
    return f"{value:g}"


outside = st.session_state.get(state._marker(PAGE)) != {k: st.query_params[k] for k in st.query_params}
state.apply_url(
    PAGE,
    [
        *picker.params(region, year),
        Param("domaine", "industrial", state.one_of(list(upskilling.SCOPES)), label="les métiers"),
        *(
            Param(name, None, percent_param(*BOUNDS[field]), dump=number, label=f"la part « {label} »")
            for name, (field, label) in OVERRIDES.items()
        ),
        Param("maintien", 0.0, percent_param(*BOUNDS["retention_share"]), dump=number, label="le maintien en emploi"),
        Param("report", DEFAULT_RETENTION_YEARS, years_param, dump=number, label="la durée du report"),
        Param(
            "capacity",
            upskilling.CAPACITY_MEASURES[0],
            state.one_of(upskilling.CAPACITY_MEASURES),
            label="l'axe vertical",
        ),
    ],
)
st.title("Monter en compétences ou recruter ?")
state.show_notices()
st.caption(
    "Le think tank Industrie 4.h a observé que la montée en compétences interne réussissait mieux que le "
    "recrutement externe. Cette page part de la projection « Les métiers en 2030 » : combien de postes seront à "
    "pourvoir, ce que les jeunes débutants et les mobilités entre régions en couvriront, et ce qui restera à la "
    "mobilité professionnelle ou au recrutement extérieur ; puis un simulateur, les indicateurs domaine par domaine "
    "et la carte des zones."
)

level, code = picker.picker(region, year)
with st.columns([2, 3])[0]:
    st.selectbox(
        "Métiers",
        list(upskilling.SCOPES),
        format_func=DOMAIN_NAMES.get,
        key=state.widget_key("domaine"),
        help="Ensemble des métiers industriels ou un domaine de la nomenclature FAP : les quatre voies, le "
        "simulateur et la carte suivent ce choix.",
    )
scope = state.value("domaine")
name = territories.name(level, code)

# A change of territory or métiers made on the page starts the simulator again from that projection; a link keeps
# the shares it carries.
context = (level, code, scope)
if not outside and st.session_state.get("sim:context") not in (None, context):
    for key in OVERRIDES:
        st.session_state[state.widget_key(key)] = None
st.session_state["sim:context"] = context

# ---------------------------------------------------------------- four routes
st.header("Quatre voies pour pourvoir les postes")
row = upskilling.needs_row(level, code, scope)
what = "ensemble des métiers industriels (C à H)" if scope == "industrial" else "domaine " + DOMAIN_NAMES[scope]
st.caption(
    f"{name}, {what}, horizon {upskilling.HORIZON} ramené à dix ans ; chiffres par an (un dixième des chiffres sur "
    "dix ans)."
)
if row is None:
    st.info(f"Pas d'estimation pour {name}. {upskilling.caveat_of(level, code, scope)}", icon=":material/info:")
    routes = None
else:
    routes = upskilling.routes_of(row)
    metrics = st.columns(4)
    metrics[0].metric(
        "Postes à pourvoir par an",
        fmt_int(routes.positions),
        help="Départs en fin de carrière et créations nettes d'emplois (projection).",
    )
    metrics[1].metric(
        "Jeunes débutants par an",
        fmt_int(routes.young),
        help="Jeunes sortis de formation qui occuperaient ces postes (projection, répartie selon l'offre de BTS).",
    )
    metrics[2].metric(
        "Solde migratoire par an",
        signed(routes.migration),
        help="Arrivées moins départs de personnes en emploi entre régions (positif : plus d'arrivées).",
    )
    metrics[3].metric(
        "Déséquilibre par an",
        signed(routes.imbalance),
        help="Ce qui reste pour la mobilité professionnelle ou le recrutement extérieur ; négatif : excédent de "
        "jeunes débutants.",
    )
    chart_column, text_column = st.columns([3, 2], gap="large")
    with chart_column:
        st.plotly_chart(
            upskilling.routes_chart(routes),
            config=maps.plot_config(f"atlas-4h-quatre-voies-{level}-{code}-{scope}"),
            key="routes",
        )
    with text_column:
        st.markdown(upskilling.routes_reading(level, code, scope))
    comparison = upskilling.routes_rows(level, code, scope)
    layout.light_table(
        upskilling.routes_table(comparison), numeric=tuple(upskilling.routes_table(comparison).columns[1:])
    )
    st.caption(upskilling.PROJECTION_SOURCE)
    with st.expander("La méthode, avec les chiffres du territoire"):
        st.markdown("\n".join(f"- {line}" for line in upskilling.method_lines(level, code, scope)))
    exports.download_buttons(
        lambda: upskilling.domains_rows(level, code),
        f"atlas-4h-quatre-voies-{level}-{code}",
        [upskilling.PROJECTION_SOURCE],
        key="routes-dl",
    )

# ---------------------------------------------------------------- simulator
st.header("Simulateur : les voies et le maintien en emploi")
baseline = simulate(upskilling.projection_of(row)) if row is not None else None
if baseline is None or not baseline.computable:
    st.warning(
        baseline.reason
        if baseline is not None
        else "Pas de simulation pour ce territoire : la projection « Les métiers en 2030 » ne le couvre pas "
        "(outre-mer), donc pas d'estimation des postes à pourvoir. Le simulateur n'affiche pas de chiffres plutôt "
        "que des zéros trompeurs."
    )
else:
    defaults = {key: 100 * getattr(baseline.scenario, field) for key, (field, _) in OVERRIDES.items()}

    def remember(key: str) -> None:
        """A share moved by the user goes to the URL; back at the projection's figure, it leaves it."""
        entered = st.session_state[f"sim:{key}"]
        near = entered is None or abs(entered - defaults[key]) < 0.05
        st.session_state[state.widget_key(key)] = None if near else float(entered)

    def reset() -> None:
        for key in OVERRIDES:
            st.session_state[state.widget_key(key)] = None
        st.session_state[state.widget_key("maintien")] = 0.0
        st.session_state[state.widget_key("report")] = DEFAULT_RETENTION_YEARS

    for key in OVERRIDES:
        chosen = state.value(key)
        st.session_state[f"sim:{key}"] = float(chosen) if chosen is not None else defaults[key]

    st.markdown(
        "Chaque voie part du chiffre du territoire ci-dessus (en part des postes à pourvoir) ; le recrutement "
        "extérieur est ce qui reste. La projection ne dit pas comment le déséquilibre se partage entre mobilité "
        "professionnelle et recrutement extérieur : **par défaut, moitié-moitié**, une convention à modifier."
    )
    inputs, outputs = st.columns([2, 3], gap="large")
    with inputs:
        steps = {"jeunes": 1.0, "migration": 0.5, "mobilite": 1.0}
        helps = {
            "jeunes": "Projection : jeunes débutants ÷ postes à pourvoir. Au-delà de 100 %, plus de jeunes que de "
            "postes.",
            "migration": "Projection : solde des mobilités entre régions ÷ postes à pourvoir (négatif : départs nets).",
            "mobilite": "Montée en compétences, reconversion, promotion interne. Par défaut : la moitié du "
            "déséquilibre.",
        }
        for key, (field, label) in OVERRIDES.items():
            low, high = BOUNDS[field]
            st.number_input(
                f"{label} (% des postes)",
                min_value=100 * low,
                max_value=100 * high,
                step=steps[key],
                format="%.1f",
                key=f"sim:{key}",
                on_change=remember,
                args=(key,),
                help=helps[key],
            )
        st.slider(
            "Maintien en emploi : départs reportés (%)",
            0.0,
            100.0,
            step=5.0,
            format="%.0f %%",
            key=state.widget_key("maintien"),
            help="Départs en fin de carrière que de meilleures conditions de travail pourraient différer.",
        )
        st.slider("Durée du report (années)", 1.0, 10.0, step=1.0, format="%.0f", key=state.widget_key("report"))
        st.button("Revenir à la projection", on_click=reset, icon=":material/restart_alt:")
    scenario = Scenario(
        baseline.scenario.positions_10y,
        baseline.scenario.departures_10y,
        st.session_state["sim:jeunes"] / 100,
        st.session_state["sim:migration"] / 100,
        st.session_state["sim:mobilite"] / 100,
        retention_share=state.value("maintien") / 100,
        retention_years=state.value("report"),
    )
    result = simulate(scenario)
    distance = upskilling.distance_rows(result, baseline)
    with outputs:
        # Metrics, sentences, chart and table all read the same Result (its whole numbers in result.shown).
        for warning in result.warnings:
            if warning.startswith("Valeurs hors"):
                st.warning(warning)
            else:
                st.info(warning, icon=":material/info:")
        shown, before = result.shown, baseline.shown
        row_metrics = st.columns(3)
        for column, (field, label) in zip(
            row_metrics + st.columns(3),
            [
                ("retained", "Maintien en emploi"),
                ("young", "Jeunes débutants"),
                ("migration", "Solde migratoire"),
                ("internal", "Mobilité professionnelle"),
                ("external", "Recrutement extérieur"),
                ("surplus", "Excédent"),
            ],
            strict=True,
        ):
            value, gap = shown.route(field), shown.route(field) - before.route(field)
            column.metric(
                label,
                signed(value) if field == "migration" else fmt_int(value),
                delta=signed(gap) if gap else None,
                delta_color="off",
                delta_description="vs projection" if gap else None,
            )
        st.caption(
            f"Par an, sur {fmt_int(shown.positions)} postes à pourvoir ; écart à la projection sous chaque chiffre."
        )
        st.markdown(headline(result))
        st.markdown(upskilling.distance_words(distance))
    st.plotly_chart(
        upskilling.scenario_chart(result, baseline),
        config=maps.plot_config(f"atlas-4h-scenario-{level}-{code}-{scope}"),
        key="scenario",
    )
    table = upskilling.distance_table(distance)
    layout.light_table(table, numeric=tuple(table.columns[1:]))
    st.markdown("**Les calculs, pas à pas**")
    st.markdown("\n".join(f"- {line}" for line in explain(result)))
    st.caption(
        "Maintien en emploi : formule simple, les départs étant supposés étalés sur les dix ans ; reporter un départ "
        "ne supprime pas le besoin, il le décale (au-delà de 2030 pour la part comptée ici). Un scénario raisonne sur "
        "des ordres de grandeur ; ce n'est pas une prévision. " + upskilling.PROJECTION_SOURCE
    )
    exports.download_buttons(
        lambda: upskilling.scenario_table(result, baseline, territories.label(level, code), scope),
        f"atlas-4h-scenario-{level}-{code}-{scope}",
        [
            "Simulateur Atlas 4.h (quatre voies et maintien en emploi)",
            upskilling.PROJECTION_SOURCE,
            "Lien du scénario : voir l'adresse de la page",
        ],
        key="sc-dl",
    )

# ---------------------------------------------------------------- evidence by domain
st.header("Preuves, domaine par domaine")
evidence = upskilling.evidence_by_domain(level, code, year)
ages_period = upskilling.age_shares()[1]
rates_cohort = upskilling.employment_rates()[1]
first_year = evidence["premiere_annee"].dropna()
since = int(first_year.min()) if len(first_year) else year
fit_year, bts_year = upskilling.fit_year(year)
for group in upskilling.EVIDENCE_TABLES:
    st.markdown(upskilling.evidence_html(evidence, level, group, (since, year)), unsafe_allow_html=True)
st.caption(
    f"Déséquilibre : part des postes à pourvoir que ni les jeunes débutants ni le solde migratoire ne couvrent "
    f"(« Les métiers en 2030 », 2019-2030 ; négatif : excédent). 55 ans ou plus : part des personnes en emploi dans "
    f"ces métiers, France entière (DARES, enquêtes Emploi {ages_period}) : il n'existe pas de chiffre par territoire. "
    f"Part difficile : évolution en points de la part des projets de recrutement jugés difficiles de {since} à {year} "
    "(France Travail BMO ; FAP 2009 puis 2021 à partir de 2024, mêmes domaines) ; ⚠ : une des deux années est "
    f"fragile. Places de BTS pour 100 projets : places Parcoursup {bts_year} pour 100 projets BMO {fit_year} (sans "
    "objet pour le domaine H, que les BTS ne forment pas). Emploi à 12 mois : sortants de BTS de la région et de "
    f"France (InserJeunes {rates_cohort}), "
    "connu par région seulement."
)
for line in upskilling.evidence_reading(evidence, level, code):
    st.markdown(line)
exports.download_buttons(
    evidence,
    f"atlas-4h-preuves-domaines-{level}-{code}-{year}",
    ["DARES, France Stratégie ; France Travail BMO ; Parcoursup ; InserJeunes ; DARES (âges)"],
    key="evidence-dl",
)

# ---------------------------------------------------------------- map
map_region = upskilling.map_region(level, code, region)
neighbours = layout.include_neighbours()
st.header("Carte : ce que les jeunes débutants ne couvrent pas")
zones = upskilling.uncovered_table(map_region, scope, neighbours)
map_column, list_column = st.columns([3, 2], gap="large")
with map_column:
    legend = "Part des postes non couverte par les jeunes débutants, " + (
        "industrie (%)" if scope == "industrial" else f"domaine {scope} (%)"
    )
    st.markdown(
        svgmap.svg_choropleth(
            zones,
            "ze",
            value_format="change",
            direction="higher_is_worse",
            legend_title=legend,
            tooltips=upskilling.uncovered_tooltips(zones),
            link=lambda zone: state.view_url(PAGE, level="ze", code=zone, domaine=scope, reg=region, year=year),
            highlight=code if level == "ze" else None,
            width=640,
        ),
        unsafe_allow_html=True,
    )
with list_column:
    st.markdown(
        f"**{territories.name('reg', map_region) if map_region != territories.FRANCE else 'France'}** : part des "
        "postes à pourvoir qui restent une fois les jeunes débutants comptés (pour le solde migratoire, la mobilité "
        "professionnelle ou le recrutement extérieur). Négative : les jeunes débutants attendus dépassent les postes."
    )
    ranked = zones.dropna(subset=["rank"]).sort_values("rank")
    listing = ranked.assign(
        Rang=ranked["rank"].astype(int).astype(str),
        Zone=ranked["name"],
        **{
            "Non couverte": ranked["value"].map(lambda v: fmt_value(v, "change")),
            "Par an": [signed(int(v)) for v in ranked["uncovered_per_year"]],
        },
    )[["Rang", "Zone", "Non couverte", "Par an"]]
    layout.light_table(listing, numeric=("Rang", "Non couverte", "Par an"), max_height=360)
    st.caption(
        "Survolez une zone pour ses chiffres ; cliquez pour ouvrir ses quatre voies. Les zones dont l'offre de BTS est "
        "très au-dessous (ou au-dessus) de celle de leur région ont un facteur de formation borné à "
        f"{fmt_dec(0.75, 2)} (ou {fmt_dec(1.25, 2)}) : elles partagent alors la même part. "
        + (
            "Zones surtout situées dans une région voisine : incluses dans le classement."
            if neighbours
            else "Zones surtout situées dans une région voisine : dessinées plus pâles, hors classement (choix dans le "
            "panneau latéral)."
        )
    )

# ---------------------------------------------------------------- external route against internal levers
st.header("Recrutement extérieur et leviers internes")
rows = upskilling.evidence_rows(level, code, year)
evidence_table = upskilling.evidence_shown(rows)
layout.light_table(evidence_table, numeric=tuple(evidence_table.columns[1:]))
st.caption(
    f"Voie externe : projets de recrutement industriels (BMO {year}) pour 100 emplois industriels (FLORES 2023), part "
    "jugée difficile et part saisonnière, évolution de la part difficile depuis la première enquête. Voies "
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
points = upskilling.quadrant_rows(map_region, year, capacity, neighbours)
if points.empty:
    st.info("Pas de zone avec les deux indicateurs sur ce territoire.")
else:
    st.plotly_chart(
        upskilling.quadrant_chart(points, capacity, code if level == "ze" else None),
        config=maps.plot_config(f"atlas-4h-quadrant-{map_region}-{year}"),
        key="quadrant",
    )
    st.caption(
        "Chaque point est une zone d'emploi de la région (couleur : typologie urbain/rural) ; tirets : médianes "
        "des zones. Sources : France Travail BMO ; INSEE FLORES et recensement ; Parcoursup ; DARES-DITP."
    )
    if level == "ze":
        st.markdown(upskilling.reading(points, capacity, code, name))
