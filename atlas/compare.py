"""Comparer: two to four zones d'emploi or départements side by side on every indicator family.

The page opens on the territory chosen last (or the région's zone where industrial hiring is hardest) with the
territories most similar to it; the selection follows a change of level (zones -> their départements) or of
région, and never holds more than MAX_TERRITORIES (said in French, unlike the multiselect's own limit).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import streamlit as st

from atlas import catalogue, picker, profiles, queries, state, svgcharts, territories
from atlas.caching import shared
from atlas.scopes import Scope

LEVELS = ("ze", "dep")
LEVEL_PLURALS = {"ze": "zones d'emploi", "dep": "départements"}
MAX_TERRITORIES = 4
DEFAULT_SIMILAR = 2  # similar territories shown beside the chosen one when the page opens
SELECTION = "zones"  # URL parameter (and widget) holding the compared codes, for zones and départements alike
REFUSED = "_compare_refused"
TYPOLOGY = "typology"
# Every indicator family, in the order of the profile: figures of profiles (catalogue labels where they exist).
FAMILIES = {
    "emploi": profiles.INDUSTRY_FIGURES,
    "recrutement": (*profiles.RECRUITMENT_FIGURES, "all_projects_per_100_jobs"),
    "ages": profiles.AGEING_FIGURES,
    "formation": profiles.TRAINING_FIGURES,
    "territoire": (*profiles.TERRITORY_FIGURES, TYPOLOGY),
}
FAMILY_FALLBACK = {"emploi": "Emploi", "territoire": "Population et territoire"}


def family_label(family: str) -> str:
    """The catalogue's name of an indicator family ('Âges et renouvellement')."""
    for indicator in catalogue.indicators().values():
        if indicator.family == family:
            return indicator.family_label
    return FAMILY_FALLBACK.get(family, family)


def label(level: str, code: str) -> str:
    return territories.label(level, code)


def options(level: str) -> list[str]:
    return list(territories.codes_by_name(level))


def starting_level(region: str, year: int) -> str:
    """The level of the territory chosen last, zones when it was a région."""
    level, _ = picker.chosen(region, year)
    return level if level in LEVELS else "ze"


def default_selection(level: str, region: str, year: int) -> list[str]:
    """The territory chosen last (at this level: a zone's département, a région's default zone) and the
    territories of its région most similar to it."""
    chosen_level, chosen_code = picker.chosen(region, year)
    code = picker.follow(chosen_level, chosen_code, level, year, st.session_state.get(picker.TRAIL))
    similar = queries.similar_territories(level, code, year, DEFAULT_SIMILAR, within="region")
    return [code, *similar.index.tolist()]


def selection_parser(level: str):
    known = set(territories.listing(level).index)

    def parse(text: str) -> list[str]:
        codes = [c for c in dict.fromkeys(text.split(",")) if c]
        if not codes or len(codes) > MAX_TERRITORIES or any(c not in known for c in codes):
            raise ValueError(text)
        return codes

    return parse


# ---------------------------------------------------------------- callbacks (run before the page draws)


def limit() -> None:
    """Multiselect callback: keep the first MAX_TERRITORIES, remember which were refused to say so."""
    key = state.widget_key(SELECTION)
    codes = list(st.session_state.get(key) or [])
    if len(codes) > MAX_TERRITORIES:
        st.session_state[key] = codes[:MAX_TERRITORIES]
        st.session_state[REFUSED] = codes[MAX_TERRITORIES:]


def add(code: str) -> None:
    """'Ajouter' button callback."""
    key = state.widget_key(SELECTION)
    codes = list(st.session_state.get(key) or [])
    if code not in codes:
        st.session_state[key] = codes + [code]
        limit()


def level_changed(previous: str) -> None:
    """Level selector callback: the compared territories at the new level (zones -> their départements, without
    repeats; départements -> their most populous zone)."""
    level = state.value("level")
    key = state.widget_key(SELECTION)
    codes = [c for c in (st.session_state.get(key) or []) if c in territories.listing(previous).index]
    if level not in LEVELS or level == previous:
        return
    year = int(state.value("year"))
    trail = st.session_state.get(picker.TRAIL)
    moved = list(dict.fromkeys(picker.follow(previous, c, level, year, trail) for c in codes))
    st.session_state[key] = moved[:MAX_TERRITORIES] or default_selection(level, state.value("reg"), year)


def refused_message() -> str | None:
    """The French limit message, once, after a selection went over the limit."""
    refused = st.session_state.pop(REFUSED, None)
    if not refused:
        return None
    level = state.value("level") if state.value("level") in LEVELS else "ze"
    names = ", ".join(f"« {territories.name(level, c)} »" for c in refused)
    verb = "n'a pas été ajouté" if len(refused) == 1 else "n'ont pas été ajoutés"
    return (
        f"Vous pouvez comparer au plus {MAX_TERRITORIES} territoires à la fois : {names} {verb}. "
        "Retirez d'abord un territoire de la sélection."
    )


def follow_region(region: str, year: int) -> str | None:
    """After a change of région (sidebar), a comparison whose first territory lies outside it is replaced by the
    région's default one; returns what is shown now, for the notice."""
    key = state.widget_key(SELECTION)
    level = state.value("level")
    codes = st.session_state.get(key)
    if not codes or level not in LEVELS or picker.inside(level, codes[0], region):
        return None
    selection = default_selection(level, region, year)
    st.session_state[key] = selection
    return f"{territories.name(level, selection[0])} et les {LEVEL_PLURALS[level]} qui lui ressemblent le plus"


# ---------------------------------------------------------------- figures


def places(level: str, codes: Sequence[str]) -> list[tuple[str, str, str]]:
    """The compared territories and France, as (level, code, column title)."""
    return [(level, c, label(level, c)) for c in codes] + [("fr", territories.FRANCE, "France")]


@shared(maxsize=256)
def figure_tables(level: str, codes: tuple[str, ...], year: int) -> tuple[list[tuple[str, pd.DataFrame]], pd.DataFrame]:
    """One table per indicator family (its catalogue name, one row per figure, one column per territory and
    France), and every figure as numbers for the download. Memoised: a room compares the same territories."""
    columns = places(level, codes)
    values = {title: profiles.figure_values(lv, cd, year) for lv, cd, title in columns}
    tables = []
    raw_rows = []
    for family, figures in FAMILIES.items():
        shown = pd.DataFrame({"Indicateur": [typology_or_label(f) for f in figures]})
        for _, _, title in columns:
            shown[title] = [
                typology_text(values[title]) if f == TYPOLOGY else profiles.figure_text(f, values[title])
                for f in figures
            ]
        tables.append((family_label(family), shown))
        for figure in figures:
            if figure == TYPOLOGY:
                continue
            raw_rows.append(
                {
                    "famille": family,
                    "indicateur": figure,
                    "libelle": profiles.figure_label(figure),
                    **{title: profiles.figure_value(figure, values[title]) for _, _, title in columns},
                }
            )
    return tables, pd.DataFrame(raw_rows)


def typology_or_label(figure: str) -> str:
    return "Typologie urbain/rural" if figure == TYPOLOGY else profiles.figure_label(figure)


def typology_text(row: pd.Series) -> str:
    typology = row.get("typology")
    return territories.TYPOLOGY_LABELS.get(typology, "–") if isinstance(typology, str) else "–"


@shared(maxsize=256)
def recruitment_frame(level: str, codes: tuple[str, ...], year: int) -> pd.DataFrame:
    """Projects and difficult shares, all and industrial occupations, of each territory (for the charts)."""
    rows = []
    for code in codes:
        row: dict[str, object] = {"code": code, "label": label(level, code), "name": territories.name(level, code)}
        for scope, prefix in ((Scope("all"), "all"), (Scope("industrial"), "industrial")):
            total = queries.bmo_total(level, code, year, scope)
            row[f"{prefix}_projects"] = float(total["projects"]) if total is not None else np.nan
            row[f"{prefix}_difficult_share"] = float(total["difficult_share"]) if total is not None else np.nan
            row[f"{prefix}_partial"] = bool(total is not None and total["projects_secret"] > 0)
        rows.append(row)
    return pd.DataFrame(rows)


@shared(maxsize=256, copy=False)
def charts(level: str, codes: tuple[str, ...], year: int) -> tuple[str, str, str]:
    """The page's three SVG charts: difficult shares, industrial projects, and the industrial trend."""
    profile = recruitment_frame(level, codes, year)
    shares = svgcharts.grouped_bars(
        profile,
        "name",
        {"all_difficult_share": "Tous métiers", "industrial_difficult_share": "Métiers industriels"},
        "pct",
        title=f"Part des projets jugés difficiles, {year}",
        width=svgcharts.PAGE_WIDTH,
    )
    projects = svgcharts.ranking_bars(
        profile["label"].tolist(),
        profile["industrial_projects"].tolist(),
        "int",
        title=f"Projets de recrutement industriels, {year}",
        partial=profile["industrial_partial"].tolist(),
        width=svgcharts.PAGE_WIDTH,
    )
    years = queries.survey_years()
    trends = {
        title: queries.trend(level, c, Scope("industrial")) for c, title in zip(codes, profile["label"], strict=True)
    }
    trend = svgcharts.trend_lines(
        trends,
        "difficult_share",
        "pct",
        title=f"Part des projets industriels jugés difficiles, {years[0]}-{years[-1]}",
        nomenclature_break=queries.nomenclature_break(),
        width=svgcharts.PAGE_WIDTH,
    )
    return shares, projects, trend
