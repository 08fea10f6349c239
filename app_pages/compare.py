"""Comparer: two to four zones d'emploi or départements side by side on every indicator family, and the
territories most similar to the first one."""

from __future__ import annotations

import streamlit as st

from atlas import compare, exports, layout, queries, state, territories
from atlas.brief.ui import brief_panel
from atlas.formats import fmt_dec, fmt_int, fmt_pct
from atlas.state import Param

PAGE = "comparer"
region, year = state.value("reg"), int(state.value("year"))

# A link names its level, or is an older link to zones (zones=…); without either, the page opens at the level of
# the territory chosen last.
asked = st.query_params.get("level")
if asked not in compare.LEVELS:
    asked = "ze" if compare.SELECTION in st.query_params else compare.starting_level(region, year)
state.apply_url(
    PAGE,
    [
        Param("level", asked, state.one_of(list(compare.LEVELS)), label="le niveau"),
        Param(
            compare.SELECTION,
            compare.default_selection(asked, region, year),
            compare.selection_parser(asked),
            dump=",".join,
            label="les territoires",
        ),
    ],
)
st.title("Comparer des zones d'emploi ou des départements")
state.show_notices()
refused = compare.refused_message()
if refused:
    st.warning(refused, icon=":material/block:")

controls = st.columns([2, 3])
with controls[0]:
    st.segmented_control(
        "Comparer des",
        compare.LEVELS,
        format_func=lambda lv: compare.LEVEL_PLURALS[lv].capitalize(),
        key=state.widget_key("level"),
        required=True,
        on_change=compare.level_changed,
        args=(state.value("level"),),
    )
level = state.value("level")
key = state.widget_key(compare.SELECTION)
known = set(territories.listing(level).index)
current = list(st.session_state.get(key) or [])
kept = [c for c in current if c in known][: compare.MAX_TERRITORIES]
if kept != current:
    st.session_state[key] = kept
with controls[1]:
    st.multiselect(
        f"{compare.LEVEL_PLURALS[level].capitalize()} à comparer (2 à {compare.MAX_TERRITORIES})",
        compare.options(level),
        format_func=lambda c: territories.label(level, c),
        key=key,
        on_change=compare.limit,
        placeholder="Choisissez des territoires",
    )
chosen: list[str] = list(state.value(compare.SELECTION) or [])
plural = compare.LEVEL_PLURALS[level]
if len(chosen) < 2:
    st.info(f"Choisissez au moins deux {plural}, ou ajoutez des territoires semblables ci-dessous.")

if chosen:
    tables, raw = compare.figure_tables(level, tuple(chosen), year)
    titles = [territories.label(level, c) for c in chosen] + ["France"]
    for family, shown in tables:
        st.subheader(family)
        layout.light_table(shown, numeric=tuple(titles))
    exports.download_buttons(
        raw,
        f"atlas-4h-comparaison-{'-'.join(chosen)}-{year}",
        [layout.bmo_caption(year), "INSEE (FLORES, recensement), DARES et France Stratégie, Parcoursup."],
        key="cmp-dl",
    )
    st.caption(
        "Indicateurs du catalogue (mêmes libellés et mêmes chiffres que sur les autres pages). « au moins » : des "
        "cellules de l'enquête sont secrètes ; ⚠ : chiffre de l'enquête à interpréter avec prudence. "
        + layout.bmo_caption(year)
    )

    shares_chart, projects_chart, trend_chart = compare.charts(level, tuple(chosen), year)
    # Full width: three or four territory names stay readable under the bars.
    layout.static_chart(shares_chart, f"atlas-4h-comparaison-difficulte-{year}", key="cmp-shares")
    layout.static_chart(projects_chart, f"atlas-4h-comparaison-projets-{year}", key="cmp-projects")
    layout.static_chart(trend_chart, "atlas-4h-comparaison-tendance", key="cmp-trend")
    st.caption(
        "Points creux : chiffre fragile (peu de projets, secret statistique, variation inhabituelle), raison au "
        "survol ; pointillé : passage de la FAP 2009 à la FAP 2021. " + layout.bmo_caption(year)
    )

    if level == "ze" and 2 <= len(chosen) <= compare.MAX_TERRITORIES:
        brief_panel("zones", chosen, year, key="compare-brief")
    elif level == "dep":
        st.caption("La fiche PDF compare des zones d'emploi : passez au niveau « Zones d'emploi » pour la préparer.")

    first = chosen[0]
    st.subheader(f"{plural.capitalize()} semblables à {territories.label(level, first)}")
    within = st.segmented_control(
        "Chercher parmi",
        ["region", "france"],
        format_func={"region": "Les territoires de sa région", "france": "Toute la France"}.get,
        default="region",
        key="similar-within",
        required=True,
    )
    st.caption(
        "Les plus proches sur des indicateurs ramenés à la même échelle (écart à la moyenne en écarts-types) : part "
        "de l'industrie dans l'emploi, projets industriels pour 100 emplois industriels, part des projets "
        "industriels jugés difficiles, départs sur dix ans pour 100 emplois, places de BTS pour 100 projets, part "
        "de la population rurale et population (échelle log). « Sa région » : les territoires dont la population "
        "vit surtout dans la même région."
    )
    similar = queries.similar_territories(level, first, year, 6, within=within)
    if similar.empty:
        st.write("Aucun territoire comparable trouvé.")
    values = queries.territory_values(level, year)
    for code, row in similar.iterrows():
        cols = st.columns([5, 1])
        figures = values.loc[code] if code in values.index else {}
        cols[0].write(
            f"**{row['name']} ({code})** — {fmt_int(row['population'])} habitants, "
            f"industrie : {fmt_pct(figures.get('industrial_share_jobs'))} des emplois, "
            f"projets industriels difficiles : {fmt_pct(figures.get('industrial_difficult_share'))}, "
            f"{fmt_pct(row['rural_pop_share'])} en commune rurale · écart {fmt_dec(row['distance'], 2)}"
        )
        if code not in chosen:
            cols[1].button(
                "Ajouter",
                key=f"add-{code}",
                disabled=len(chosen) >= compare.MAX_TERRITORIES,
                help=f"Au plus {compare.MAX_TERRITORIES} territoires à la fois."
                if len(chosen) >= compare.MAX_TERRITORIES
                else None,
                on_click=compare.add,
                args=(code,),
            )
