"""Choosing a territory (zone d'emploi, département or région), kept in the URL as level and code."""

from __future__ import annotations

import streamlit as st

from atlas import queries, state, territories
from atlas.scopes import Scope
from atlas.state import Param


def default_code(level: str, region: str, year: int) -> str:
    """The region's zone where industrial hiring is hardest, the region itself, or its first territory."""
    if level == "ze":
        hardest = queries.hardest_zones(region, year, Scope("industrial"), 1)
        if len(hardest):
            return str(hardest.index[0])
    if level == "reg" and region != territories.FRANCE:
        return region
    return str(territories.in_region(level, region).index[0])


def params(region: str, year: int) -> list[Param]:
    """URL parameters level and code; the code is checked against the level the link asks for."""
    asked = st.query_params.get("level", "ze")
    asked = asked if asked in territories.PICKABLE_LEVELS else "ze"
    return [
        Param("level", "ze", state.one_of(territories.PICKABLE_LEVELS), label="le niveau"),
        Param(
            "code",
            default_code(asked, region, year),
            state.one_of(territories.listing(asked).index.tolist()),
            label="le territoire",
        ),
    ]


def picker(region: str, year: int) -> tuple[str, str]:
    """Level and territory selectors; returns the chosen (level, code)."""
    controls = st.columns([2, 3])
    with controls[0]:
        st.segmented_control(
            "Niveau",
            territories.PICKABLE_LEVELS,
            format_func=territories.LEVEL_LABELS.get,
            key=state.widget_key("level"),
            required=True,
        )
    level = state.value("level")
    codes = territories.listing(level).sort_values("name").index.tolist()
    state.ensure_valid("code", codes, default_code(level, region, year), "Territoire")
    with controls[1]:
        st.selectbox(
            "Territoire", codes, format_func=lambda c: territories.label(level, c), key=state.widget_key("code")
        )
    return level, state.value("code")


def zone_picker(label: str = "Zone d'emploi étudiée") -> str:
    """A zone d'emploi selector bound to the URL parameter ze; returns the chosen code."""
    zones = territories.listing("ze")
    st.selectbox(
        label,
        zones.sort_values("name").index.tolist(),
        format_func=lambda c: territories.label("ze", c),
        key=state.widget_key("ze"),
    )
    return state.value("ze")
