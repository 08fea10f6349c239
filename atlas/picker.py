"""Choosing a territory (zone d'emploi, département or région), kept in the URL as level and code.

Selections follow the user: changing the level keeps the place (a zone -> its département -> its région, and back
down to the zone last seen there); changing the sidebar's région picks a territory of that région and says so; the
territory last opened is remembered for the session, so the Comparer page and a profile opened without a link
start from it.
"""

from __future__ import annotations

import streamlit as st

from atlas import queries, state, territories
from atlas.scopes import Scope
from atlas.state import Param

CHOSEN = "_chosen_territory"  # (level, code) last shown by a picker, for the session
TRAIL = "_picker_trail"  # {level: code} last shown at each level: going back down returns to it
HARDEST_REASON = "zone d'emploi où les recrutements industriels sont le plus souvent jugés difficiles"
REASONS = {
    "ze": HARDEST_REASON,
    "dep": f"département de la {HARDEST_REASON}",
    "reg": "la région elle-même",
}


@st.cache_data(show_spinner=False)
def hardest_zone(region: str, year: int) -> str | None:
    """The zone of the région where industrial hiring is hardest (zones lying mostly in another région and
    fragile figures left out), or None when no zone qualifies."""
    hardest = queries.hardest_zones(region, year, Scope("industrial"), 1)
    return str(hardest.index[0]) if len(hardest) else None


def main_zone(region: str) -> str:
    """The most populous zone lying mostly in the région (any zone for France)."""
    zones = territories.for_ranking("ze", region)
    zones = zones if len(zones) else territories.in_region("ze", region)
    return str(zones["population"].astype(float).idxmax())


def default_code(level: str, region: str, year: int) -> str:
    """The région's zone where industrial hiring is hardest, that zone's département, or the région itself."""
    zone = hardest_zone(region, year) or main_zone(region)
    if level == "ze":
        return zone
    if level == "dep":
        dep = str(territories.listing("ze").at[zone, "dep"])
        return (
            dep
            if dep in territories.in_region("dep", region).index
            else str(territories.in_region("dep", region).index[0])
        )
    return region if region != territories.FRANCE else str(territories.listing("ze").at[zone, "reg"])


def inside(level: str, code: str, region: str) -> bool:
    """Whether the territory belongs to the région (a zone that touches it does), always true for France."""
    if region == territories.FRANCE:
        return True
    frame = territories.listing(level)
    return code in frame.index and region in list(frame.at[code, "regs"])


def contains(level: str, code: str, inner_level: str, inner: str) -> bool:
    """Whether a territory of a lower level lies in this one (a zone in its main département or région)."""
    frame = territories.listing(inner_level)
    if inner not in frame.index:
        return False
    if level == "dep" and inner_level == "ze":
        return str(frame.at[inner, "dep"]) == code
    return level == "reg" and str(frame.at[inner, "reg"]) == code


def follow(level: str, code: str, new_level: str, year: int, trail: dict[str, str] | None = None) -> str:
    """The territory at new_level that keeps the place: a zone's département or région, a département's région;
    going down, the territory last seen there (trail) when it lies inside, else a département's most populous
    zone, or a région's default zone or département."""
    if new_level == level:
        return code
    if new_level == "reg" or (new_level == "dep" and level == "ze"):
        return str(territories.listing(level).at[code, new_level])
    remembered = (trail or {}).get(new_level)
    if remembered and contains(level, code, new_level, remembered):
        return remembered
    if level == "reg":
        return default_code(new_level, code, year)
    zones = territories.listing("ze")
    own = zones[zones["dep"] == code]
    if own.empty:
        own = zones[zones["deps"].map(lambda deps: code in list(deps))]
    return str(own["population"].astype(float).idxmax())


def chosen(region: str, year: int) -> tuple[str, str]:
    """The territory last shown by a picker in this session, else the région's default zone."""
    level, code = st.session_state.get(CHOSEN, (None, None))
    if level in territories.PICKABLE_LEVELS and code in territories.listing(level).index:
        return level, code
    return "ze", default_code("ze", region, year)


def remember(level: str, code: str) -> None:
    st.session_state[CHOSEN] = (level, code)
    st.session_state.setdefault(TRAIL, {})[level] = code


def params(region: str, year: int) -> list[Param]:
    """URL parameters level and code; the code is checked against the level the link asks for. Without them the
    view opens on the territory chosen last (at the level the link asks for)."""
    query = st.query_params
    start_level, start_code = chosen(region, year)
    level_default = "ze" if "code" in query and "level" not in query else start_level
    asked = query.get("level", level_default)
    asked = asked if asked in territories.PICKABLE_LEVELS else "ze"
    code_default = follow(start_level, start_code, asked, year, st.session_state.get(TRAIL))
    return [
        Param("level", level_default, state.one_of(territories.PICKABLE_LEVELS), label="le niveau"),
        Param(
            "code",
            code_default,
            state.one_of(territories.listing(asked).index.tolist()),
            label="le territoire",
        ),
    ]


def _level_changed(level: str, code: str) -> None:
    """Level selector callback (runs before the page): keep the place at the new level."""
    new_level = state.value("level")
    if new_level in territories.PICKABLE_LEVELS and code in territories.listing(level).index:
        year = int(state.value("year"))
        st.session_state[state.widget_key("code")] = follow(level, code, new_level, year, st.session_state.get(TRAIL))


def picker(region: str, year: int) -> tuple[str, str]:
    """Level and territory selectors; returns the chosen (level, code) and remembers it for the session."""
    controls = st.columns([2, 3])
    with controls[0]:
        st.segmented_control(
            "Niveau",
            territories.PICKABLE_LEVELS,
            format_func=territories.LEVEL_LABELS.get,
            key=state.widget_key("level"),
            required=True,
            on_change=_level_changed,
            args=(state.value("level"), state.value("code")),
        )
    level = state.value("level")
    codes = list(territories.codes_by_name(level))
    state.ensure_valid("code", codes, default_code(level, region, year), "Territoire")
    with controls[1]:
        st.selectbox(
            "Territoire", codes, format_func=lambda c: territories.label(level, c), key=state.widget_key("code")
        )
    code = state.value("code")
    remember(level, code)
    return level, code


def region_changed(previous: str) -> None:
    """Sidebar région callback (runs before the page): a territory shown that lies outside the new région is
    replaced by that région's default one, with a notice saying which and why."""
    region = state.value("reg")
    if region in (previous, territories.FRANCE) or region not in territories.region_options():
        return
    year = int(state.value("year"))
    region_name = territories.name("reg", region)
    shown: list[str] = []
    level, code = state.value("level"), state.value("code")
    if level in territories.PICKABLE_LEVELS and code is not None and not inside(level, code, region):
        new_code = default_code(level, region, year)
        st.session_state[state.widget_key("code")] = new_code
        shown.append(f"{territories.name(level, new_code)} ({REASONS[level]})")
    zone = state.value("ze")
    if zone is not None and zone in territories.listing("ze").index and not inside("ze", zone, region):
        new_zone = default_code("ze", region, year)
        st.session_state[state.widget_key("ze")] = new_zone
        shown.append(f"{territories.name('ze', new_zone)} ({REASONS['ze']})")
    last_level, last_code = st.session_state.get(CHOSEN, (None, None))
    if last_level in territories.PICKABLE_LEVELS and not inside(last_level, last_code, region):
        st.session_state[CHOSEN] = (last_level, default_code(last_level, region, year))
    from atlas import compare

    replaced = compare.follow_region(region, year)
    if replaced:
        shown.append(replaced)
    if shown:
        state._notice(f"Région changée : {region_name} ; territoire affiché : {' ; '.join(shown)}.")


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
