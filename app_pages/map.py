"""Carte: any indicator of the catalogue, by zone d'emploi, département or région, with a ranked table."""

from __future__ import annotations

import streamlit as st

from atlas import catalogue, exports, layout, map_view, maps, queries, scopes, state, svgmap, territories
from atlas.state import Param

PAGE = "carte"
region, year = state.value("reg"), int(state.value("year"))
indicator_ids = catalogue.map_indicators()
TYPOLOGIES = ["tous", "urbain", "intermediaire", "rural"]
TYPOLOGY_PLURALS = {"urbain": "urbains", "intermediaire": "intermédiaires", "rural": "ruraux"}
VIEWS = {"svg": "Carte rapide", "interactive": "Carte interactive"}


def scope_param(text: str) -> str:
    scope = scopes.parse(text)
    if not scopes.exists(scope, year):
        raise ValueError(text)
    return scope.param


params = [
    Param("indicator", "bmo_difficult_share", state.one_of(indicator_ids), label="l'indicateur"),
    Param("level", "ze", state.one_of(territories.PICKABLE_LEVELS), label="le niveau"),
    Param("scope", "industrial", scope_param, label="les métiers"),
    Param("typology", "tous", state.one_of(TYPOLOGIES), label="le filtre urbain/rural"),
    Param("basemap", maps.DEFAULT_BASEMAP, state.one_of(list(maps.BASEMAPS)), label="le fond de carte"),
    Param("view", "svg", state.one_of(list(VIEWS)), label="l'affichage"),
    Param(
        "since",
        "",
        state.one_of(["", *(str(y) for y in queries.survey_years() if y < year)]),
        label="l'année de départ",
    ),
]
state.apply_url(PAGE, params)

st.title("Carte des territoires")
state.show_notices()

# The map is computed and sent before the controls are drawn (they sit above it on the page), so
# the browser starts loading the map library at once: widget values are already in session state.
controls = st.container()
heading = st.container()
indicators = catalogue.indicators()
indicator = catalogue.get(state.value("indicator"))
scope_labels = scopes.labels(year)
scope_options = list(scope_labels)
state.ensure_valid("scope", scope_options, "industrial", "Métiers")
level = state.value("level")
scope = scopes.parse(state.value("scope"))
typology = None if state.value("typology") == "tous" else state.value("typology")
start_years = [str(y) for y in queries.survey_years() if y < year]
state.ensure_valid("since", ["", *start_years], "", "Évolution")
since = int(state.value("since")) if state.value("since") and indicator.family == "recrutement" else None
choice = map_view.Choice(indicator.id, level, region, year, scope.param, typology, since, layout.include_neighbours())
view = map_view.data(choice)
table, value_format, map_title = view.table, view.value_format, view.title
place = territories.region_options()[region] if level != "reg" else "France"

map_column, table_column = st.columns([11, 9], gap="medium")
file_name = f"atlas-4h-{indicator.id}-{level}-{region}-{year}" + (f"-depuis-{since}" if since else "")
with map_column:
    if table.empty:
        st.warning("Aucun territoire ne correspond à ces filtres.")
    elif state.value("view") == "svg":
        # Hatched: fragile figures; grey inside the région's outline: territories the filter hides.
        svg, summary = map_view.fast_map(choice)
        st.markdown(svg, unsafe_allow_html=True)
        st.caption(f"En bref : {summary}")
        svgmap.download_buttons(svg, file_name, key="map-img")
    else:
        figure = maps.choropleth(
            table,
            level,
            title=map_title,
            unit=indicator.unit,
            value_format=value_format,
            direction=indicator.direction,
            basemap=state.value("basemap"),
            width_hint=700,
        )
        event = st.plotly_chart(
            figure,
            config=maps.plot_config(file_name),
            key="map",
            on_select="rerun",
            selection_mode="points",
        )
        points = event.selection.points if event and event.selection else []
        if points and level == "ze" and points[0].get("location"):
            st.switch_page(
                "app_pages/territory.py",
                query_params={"level": "ze", "code": points[0]["location"], "reg": region, "year": str(year)},
            )
    st.segmented_control(
        "Affichage",
        list(VIEWS),
        format_func=VIEWS.get,
        key=state.widget_key("view"),
        required=True,
        help="La carte rapide s'affiche aussitôt et se télécharge en SVG ou en PNG ; la carte interactive "
        "permet de zoomer et d'ajouter un fond de carte (Internet requis pour le fond).",
    )
    if state.value("view") == "interactive":
        st.selectbox(
            "Fond de carte", list(maps.BASEMAPS), format_func=maps.BASEMAPS.get, key=state.widget_key("basemap")
        )
    layout.source_caption(indicator, "Survolez un territoire pour son chiffre, cliquez pour ouvrir son profil.")

with controls:
    first_row = st.columns([1, 1])
    with first_row[0]:
        st.selectbox(
            "Indicateur", indicator_ids, format_func=lambda i: indicators[i].label, key=state.widget_key("indicator")
        )
    with first_row[1]:
        st.selectbox(
            "Métiers",
            scope_options,
            format_func=scope_labels.__getitem__,
            key=state.widget_key("scope"),
            disabled=not indicator.by_scope,
            help="Tous métiers, métiers industriels (domaines FAP C à H), un domaine ou un métier. "
            "Tapez pour chercher un métier.",
        )
    if indicator.family == "recrutement":
        st.selectbox(
            "Évolution depuis",
            ["", *start_years],
            format_func=lambda y: f"{y} (évolution {y}-{year})" if y else f"Aucune : la valeur {year}",
            key=state.widget_key("since"),
            help="Carte du changement entre une enquête antérieure et l'année choisie dans le menu latéral ; "
            "hachures : l'une des deux années repose sur un chiffre fragile.",
        )
    second_row = st.columns([1, 1])
    with second_row[0]:
        st.segmented_control(
            "Niveau",
            territories.PICKABLE_LEVELS,
            format_func=lambda lv: territories.LEVEL_PLURALS[lv].capitalize(),
            key=state.widget_key("level"),
            required=True,
        )
    with second_row[1]:
        st.segmented_control(
            "Territoires",
            TYPOLOGIES,
            format_func=lambda t: {"tous": "Tous", **territories.TYPOLOGY_LABELS}[t],
            key=state.widget_key("typology"),
            required=True,
            help="Filtre selon la part de la population vivant dans une commune rurale (grille de densité INSEE).",
        )

with heading:
    scope_text = f" — {scopes.label(scope, year)}" if indicator.by_scope else ""
    year_text = (f" — évolution {since}-{year}" if since else f" — {year}") if indicator.by_scope else ""
    st.subheader(f"{indicator.label}{scope_text}{year_text}")
    st.caption(
        f"{territories.LEVEL_PLURALS[level].capitalize()} · {place}"
        + (f" · territoires {TYPOLOGY_PLURALS[typology]}" if typology else "")
        + f" · {indicator.definition}"
    )

with table_column:
    st.markdown(map_view.ranking_html(choice), unsafe_allow_html=True)
    st.caption(
        "« ≥ » et « Secret » : des cellules de l'enquête sont secrètes, le chiffre est partiel. "
        "« ⚠ » : chiffre fragile (peu de projets, secret statistique, variation inhabituelle), hachuré sur la "
        "carte, raison au survol. Cliquez sur un territoire pour ouvrir son profil."
    )
    columns = ["rank", "code", "name", "typology", "value", "partial", "secret_cells", "projects", "caveat"]
    if table["projects"].isna().all() or (indicator.column == "projects" and not since):
        columns.remove("projects")  # no projects, or they are the value itself
    value_kind = {"int": "int", "dec1": "dec"}.get(value_format, "pct")  # shares and changes: in percent
    exports.download_buttons(
        table[columns],
        file_name,
        [
            catalogue.source_line(indicator),
            indicator.definition,
            f"Métiers : {scopes.label(scope, year)}",
            f"Territoires : {place}" + (f", territoires {TYPOLOGY_PLURALS[typology]}" if typology else ""),
        ],
        key="map-dl",
        columns={
            "name": territories.LEVEL_LABELS[level],
            "value": exports.Column(map_title, value_kind),
            "projects": exports.Column(
                "Projets industriels (nombre)"
                if indicator.table == "territory_indicators"
                else "Projets de recrutement (nombre)",
                "int",
            ),
        },
    )
