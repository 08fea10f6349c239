"""Territoire: the profile of one zone d'emploi (or département, région) beside its région and France."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from atlas import charts, exports, layout, maps, queries, scopes, state, territories
from atlas.formats import at_least, fmt_change, fmt_int, fmt_pct, fmt_points
from atlas.scopes import Scope
from atlas.state import Param

PAGE = "territoire"
region, year = state.value("reg"), int(state.value("year"))
LEVELS = ["ze", "dep", "reg"]
ALL, INDUSTRY = Scope("all"), Scope("industrial")


def default_code(level: str) -> str:
    """The region's zone where industrial hiring is hardest (or its first territory)."""
    if level == "ze":
        hardest = queries.hardest_zones(region, year, INDUSTRY, 1)
        if len(hardest):
            return str(hardest.index[0])
    if level == "reg" and region != territories.FRANCE:
        return region
    return str(territories.in_region(level, region).index[0])


def level_param(text: str) -> str:
    if text not in LEVELS:
        raise ValueError(text)
    return text


query_level = st.query_params.get("level", "ze")
query_level = query_level if query_level in LEVELS else "ze"


def code_param(text: str) -> str:
    if text not in territories.listing(query_level).index:
        raise ValueError(text)
    return text


state.apply_url(
    PAGE,
    [
        Param("level", "ze", level_param, label="le niveau"),
        Param("code", default_code(query_level), code_param, label="le territoire"),
    ],
)

controls = st.columns([2, 3])
with controls[0]:
    st.segmented_control(
        "Niveau", LEVELS, format_func=territories.LEVEL_LABELS.get, key=state.widget_key("level"), required=True
    )
level = state.value("level")
options = territories.listing(level).sort_values("name")
codes = options.index.tolist()
state.ensure_valid("code", codes, default_code(level), "Territoire")
with controls[1]:
    st.selectbox("Territoire", codes, format_func=lambda c: territories.label(level, c), key=state.widget_key("code"))
code = state.value("code")
info = territories.listing(level).loc[code]
parent_reg = str(info["reg"])
comparisons = [(level, code, str(info["name"]))]
if level != "reg":
    comparisons.append(("reg", parent_reg, territories.name("reg", parent_reg)))
comparisons.append(("fr", territories.FRANCE, "France"))

st.title(f"{info['name']} ({code})")
state.show_notices()
regions_text = ", ".join(territories.name("reg", r) for r in info["regs"])
typology_text = territories.TYPOLOGY_LABELS.get(info["typology"], "")
st.caption(
    f"{territories.LEVEL_LABELS[level]} · {regions_text} · territoire {typology_text.lower()} "
    f"({fmt_pct(info['rural_pop_share'])} de la population dans une commune rurale)"
)

# ---------------------------------------------------------------- population and urban/rural make-up
top = st.columns(4)
top[0].metric("Population (2021)", fmt_int(info["population"]))
top[1].metric("Communes", fmt_int(info["n_communes"]))
top[2].metric("Part de population rurale", fmt_pct(info["rural_pop_share"]))
top[3].metric("Typologie", typology_text)

make_up = {}
for lv, cd, nm in comparisons:
    row = info if lv == level else (territories.listing("reg").loc[cd] if lv == "reg" else None)
    if lv == "fr":
        frame = territories.listing("reg")
        total = frame["population"].sum()
        row = {
            c: (frame[c] * frame["population"]).sum() / total
            for c in ("urban_pop_share", "intermediate_pop_share", "rural_pop_share")
        }
    make_up[nm] = {c: float(row[c]) for c in ("urban_pop_share", "intermediate_pop_share", "rural_pop_share")}

left, right = st.columns([2, 3], gap="large")
with left:
    st.subheader("Où vit la population")
    st.plotly_chart(
        charts.composition_bar(make_up), config=maps.plot_config(f"atlas-4h-urbain-rural-{code}"), key="make-up"
    )
    st.caption("Source : INSEE, grille communale de densité à 7 niveaux (2024) et population municipale 2021.")
with right:
    st.subheader("Localisation")
    shown = territories.in_region(level, parent_reg if level != "reg" else territories.FRANCE)
    locator = pd.DataFrame(
        {
            "code": shown.index,
            "name": shown["name"],
            "value": shown["rural_pop_share"],
            "partial": False,
            "secret_cells": 0,
            "rank": pd.NA,
        }
    )
    st.plotly_chart(
        maps.choropleth(
            locator,
            level,
            title="Part de population rurale",
            unit="%",
            value_format="pct",
            direction="neutral",
            highlight=code,
            height=360,
            width_hint=620,
        ),
        config=maps.plot_config(f"atlas-4h-localisation-{code}"),
        key="locator",
    )

# ---------------------------------------------------------------- recruitment
st.subheader(f"Projets de recrutement en {year}")
totals = {scope.kind: queries.bmo_total(level, code, year, scope) for scope in (ALL, INDUSTRY)}
changes = {scope.kind: queries.change(level, code, year, scope) for scope in (ALL, INDUSTRY)}
previous = changes["all"]["year"]
metrics = st.columns(4)
for index, (kind, what) in enumerate((("all", "tous métiers"), ("industrial", "métiers industriels"))):
    total, change = totals[kind], changes[kind]
    if total is None:
        metrics[2 * index].metric(f"Projets, {what}", "–")
        continue
    layout.figure_metric(
        metrics[2 * index],
        f"Projets, {what}",
        fmt_int(total["projects"]),
        lower_bound=total["projects_secret"] > 0,
        delta=fmt_change(change["projects"]) if change["projects"] is not None else None,
        since=previous,
    )
    layout.figure_metric(
        metrics[2 * index + 1],
        f"Part difficile, {what}",
        fmt_pct(total["difficult_share"]),
        delta=fmt_points(change["difficult_share"]) if change["difficult_share"] is not None else None,
        delta_color="inverse",
        since=previous,
    )

rows = []
for lv, cd, nm in comparisons:
    for scope in (ALL, INDUSTRY):
        total = queries.bmo_total(lv, cd, year, scope)
        if total is None:
            continue
        rows.append(
            {
                "Territoire": nm,
                "Métiers": scopes.label(scope),
                "projets": total["projects"],
                "projets_difficiles": total["difficult"],
                "part_difficile": total["difficult_share"],
                "part_saisonniere": total["seasonal_share"],
                "cellules_secretes": int(total["projects_secret"]),
            }
        )
side_by_side = pd.DataFrame(rows)
st.dataframe(
    side_by_side.assign(
        Projets=[
            at_least(fmt_int(v), s > 0)
            for v, s in zip(side_by_side["projets"], side_by_side["cellules_secretes"], strict=True)
        ],
        **{
            "Part difficile": side_by_side["part_difficile"].map(fmt_pct),
            "Part saisonnière": side_by_side["part_saisonniere"].map(fmt_pct),
        },
    )[["Territoire", "Métiers", "Projets", "Part difficile", "Part saisonnière"]],
    hide_index=True,
    key="side-by-side",
)
exports.download_buttons(side_by_side, f"atlas-4h-profil-{code}-{year}", [layout.bmo_caption(year)], key="sbs-dl")
st.caption(layout.bmo_caption(year) + " « au moins » : des cellules sont couvertes par le secret statistique.")

# ---------------------------------------------------------------- trend
st.subheader("Évolution 2023-2025 des métiers industriels")
series = {nm: queries.trend(lv, cd, INDUSTRY) for lv, cd, nm in comparisons}
trend_left, trend_right = st.columns(2)
with trend_left:
    st.plotly_chart(
        charts.trend_lines(series, "difficult_share", "pct", title="Part des projets jugés difficiles"),
        config=maps.plot_config(f"atlas-4h-tendance-{code}"),
        key="trend",
    )
with trend_right:
    own = series[str(info["name"])]
    st.plotly_chart(
        charts.projects_bars(own, title=f"Projets industriels — {info['name']}"),
        config=maps.plot_config(f"atlas-4h-projets-{code}"),
        key="projects",
    )
st.caption(
    "L'enquête 2023 code les métiers en FAP 2009, celles de 2024-2025 en FAP 2021 : le périmètre des "
    "métiers industriels (domaines C à H) est comparable, le détail par métier ne l'est pas. "
    + layout.bmo_caption(year)
)

# ---------------------------------------------------------------- occupations
st.subheader("Les métiers aux projets les plus difficiles")
only_industry = st.toggle("Métiers industriels seulement", value=True, key="occupations-industrial")
occupations = queries.top_occupations(level, code, year, INDUSTRY if only_industry else ALL)
table = pd.DataFrame(
    {
        "Métier": occupations["occupation_name"].fillna("") + " (" + occupations.index + ")",
        "Projets difficiles": [
            at_least(fmt_int(v), s > 0)
            for v, s in zip(occupations["difficult"], occupations["difficult_secret"], strict=True)
        ],
        "Projets": [
            at_least(fmt_int(v), s > 0)
            for v, s in zip(occupations["projects"], occupations["projects_secret"], strict=True)
        ],
        "Part difficile": occupations["difficult_share"].map(fmt_pct),
    }
)
st.dataframe(table, hide_index=True, key="occupations")
exports.download_buttons(
    occupations.reset_index()[
        [
            "occupation",
            "occupation_name",
            "projects",
            "difficult",
            "difficult_share",
            "projects_secret",
            "difficult_secret",
        ]
    ],
    f"atlas-4h-metiers-{code}-{year}",
    [layout.bmo_caption(year)],
    key="occ-dl",
)
st.caption(
    "Projets ventilés du bassin à la zone d'emploi au prorata de la population ; « au moins » : des "
    "cellules de l'enquête sont secrètes. " + layout.bmo_caption(year)
)

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
state.set_page_values({"level": level, "code": code})
