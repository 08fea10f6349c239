"""What the Carte page shows for one choice of its controls, computed once for every session.

A map choice (indicator, level, région, year, occupations, filter, start year, neighbours) has a few
thousand possible values, and a room of users keeps coming back to the same ones. The table, the fast
SVG map with its sentence and the ranked table's HTML depend only on that choice and on the published
data: they are built once (`caching.shared`), and a rerun of the page only looks them up.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from atlas import catalogue, maps, queries, scopes, state, svgmap, territories
from atlas.caching import shared
from atlas.formats import fmt_int, fmt_value, with_unit
from atlas.html_table import html_table

MAP_WIDTH = 680  # pixels of the fast map's drawing, beside the ranked table


@dataclass(frozen=True)
class Choice:
    """The page's controls that decide what is drawn (hashable: the key of every memoised piece)."""

    indicator_id: str
    level: str
    region: str
    year: int
    scope: str  # scopes.Scope.param
    typology: str | None
    since: int | None
    include_neighbours: bool


@dataclass(frozen=True)
class MapData:
    """The table behind the map and the texts that describe it (treat the table as read-only)."""

    table: pd.DataFrame
    value_format: str  # the indicator's format, or "points"/"change" for an evolution
    title: str  # the legend's title, with its unit
    hidden: tuple[str, ...]  # territories of the région that the filter hides (grey, inside the outline)


@shared(maxsize=512, copy=False)
def data(choice: Choice) -> MapData:
    indicator = catalogue.get(choice.indicator_id)
    scope = scopes.parse(choice.scope)
    if choice.since:
        table = queries.change_table(
            indicator.id,
            choice.level,
            (choice.since, choice.year),
            scope,
            choice.region,
            choice.typology,
            include_neighbours=choice.include_neighbours,
        )
        value_format = "points" if indicator.format == "pct" else "change"
        unit_text = "points" if indicator.format == "pct" else "%"
        title = with_unit(f"Évolution {choice.since}-{choice.year} : {indicator.label}", unit_text)
    else:
        table = queries.indicator_table(
            indicator.id,
            choice.level,
            choice.year,
            scope,
            choice.region,
            choice.typology,
            include_neighbours=choice.include_neighbours,
        )
        value_format = indicator.format
        unit_text = "%" if indicator.format == "pct" else indicator.unit
        title = with_unit(indicator.label, unit_text)
    shown = set(table["code"])
    hidden = (
        tuple(c for c in territories.in_region(choice.level, choice.region).index if c not in shown)
        if choice.typology
        else ()
    )
    return MapData(table, value_format, title, hidden)


@shared(maxsize=512, copy=False)
def fast_map(choice: Choice) -> tuple[str, str]:
    """The SVG map (hover texts, links to each profile, fragile territories hatched) and its sentence."""
    indicator = catalogue.get(choice.indicator_id)
    view = data(choice)
    sentence = svgmap.summary(view.table, view.value_format, view.title)
    svg = svgmap.svg_choropleth(
        view.table,
        choice.level,
        value_format=view.value_format,
        direction=indicator.direction,
        legend_title=view.title,
        tooltips=maps.hover_texts(view.table, view.value_format, indicator.unit, separator=" · ", bold=False),
        link=lambda code: state.profile_url(choice.level, code, choice.region, choice.year),
        width=MAP_WIDTH,
        context=list(view.hidden),
        outline=choice.region if view.hidden else None,
        description=sentence,
    )
    return svg, sentence


@shared(maxsize=512, copy=False)
def ranking_html(choice: Choice) -> str:
    """The ranked table: rank, territory (a link to its profile), value, projects, secret and fragile marks."""
    indicator = catalogue.get(choice.indicator_id)
    view = data(choice)
    table, value_format = view.table, view.value_format
    place_label = territories.LEVEL_LABELS[choice.level]
    links = pd.Series(
        [state.profile_url(choice.level, c, choice.region, choice.year) for c in table["code"]], index=table.index
    )
    value_label = indicator.unit.capitalize() if indicator.format == "int" and not choice.since else "Valeur"
    shown = pd.DataFrame(
        {
            "Rang": table["rank"].map(lambda r: "" if pd.isna(r) else str(int(r))),
            place_label: table["name"] + " (" + table["code"] + ")",
            value_label: [
                ("≥ " if partial and value_format == "int" else "") + fmt_value(value, value_format)
                for value, partial in zip(table["value"], table["partial"], strict=True)
            ],
        },
        index=table.index,
    )
    if indicator.by_scope and indicator.column != "projects":
        shown["Projets"] = [fmt_int(v) for v in table["projects"]]
    shown["Secret"] = ["oui" if p else "" for p in table["partial"]]
    shown["⚠"] = ["⚠" if f else "" for f in table["flagged"]]
    return html_table(
        shown,
        numeric=[c for c in shown.columns if c not in (place_label, "Secret")],
        links={place_label: links},
    )
