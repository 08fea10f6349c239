"""Building blocks of a territory profile, shared by the Territoire page and the PDF brief."""

from __future__ import annotations

import math

import pandas as pd

from atlas import catalogue, queries, scopes, state, svgcharts, territories
from atlas.caching import shared
from atlas.formats import fmt_count, fmt_int, fmt_pct, fmt_value
from atlas.scopes import Scope

ALL, INDUSTRY = Scope("all"), Scope("industrial")
SHARE_COLUMNS = ("urban_pop_share", "intermediate_pop_share", "rural_pop_share")
INDUSTRY_SECTORS = "BE"  # A5 group of the industrial A38 sectors (extraction, manufacturing, energy, water)


@shared(copy=False)  # a row of the listing: read-only
def info(level: str, code: str) -> pd.Series:
    return territories.listing(level).loc[code]


@shared(maxsize=4096)
def comparisons(level: str, code: str) -> list[tuple[str, str, str]]:
    """The territory, its (main) région unless it is one, and France: (level, code, name)."""
    row = info(level, code)
    rows = [(level, code, str(row["name"]))]
    if level != "reg":
        rows.append(("reg", str(row["reg"]), territories.name("reg", str(row["reg"]))))
    rows.append(("fr", territories.FRANCE, "France"))
    return rows


@shared(maxsize=4096)
def make_up(level: str, code: str) -> dict[str, dict[str, float]]:
    """Population shares by density class for the territory, its région and France."""
    regions = territories.listing("reg")
    out: dict[str, dict[str, float]] = {}
    for lv, cd, name in comparisons(level, code):
        if lv == "fr":
            total = regions["population"].sum()
            out[name] = {c: float((regions[c] * regions["population"]).sum() / total) for c in SHARE_COLUMNS}
        else:
            row = territories.listing(lv).loc[cd]
            out[name] = {c: float(row[c]) for c in SHARE_COLUMNS}
    return out


@shared(maxsize=4096)
def recruitment_rows(level: str, code: str, year: int) -> pd.DataFrame:
    """Projects, difficult and seasonal shares for all and industrial occupations, territory vs région vs France."""
    rows = []
    for lv, cd, name in comparisons(level, code):
        for scope in (ALL, INDUSTRY):
            total = queries.bmo_total(lv, cd, year, scope)
            if total is None:
                continue
            rows.append(
                {
                    "territoire": name,
                    "metiers": scopes.label(scope),
                    "projets": float(total["projects"]),
                    "projets_difficiles": float(total["difficult"]),
                    "part_difficile": float(total["difficult_share"]),
                    "part_saisonniere": float(total["seasonal_share"]),
                    "cellules_secretes": int(total["projects_secret"]),
                }
            )
    return pd.DataFrame(rows)


def recruitment_shown(rows: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Territoire": rows["territoire"],
            "Métiers": rows["metiers"],
            "Projets": [fmt_count(v, s > 0) for v, s in zip(rows["projets"], rows["cellules_secretes"], strict=True)],
            "Part difficile": rows["part_difficile"].map(fmt_pct),
            "Part saisonnière": rows["part_saisonniere"].map(fmt_pct),
        }
    )


def trend_series(level: str, code: str, scope: Scope = INDUSTRY) -> dict[str, pd.DataFrame]:
    return {name: queries.trend(lv, cd, scope) for lv, cd, name in comparisons(level, code)}


def scope_words(scope: str) -> str:
    """A trend scope (industrial, all, a domain letter) in a few words: 'industrie', 'domaine D'."""
    return "industrie" if scope == "industrial" else ("tous métiers" if scope == "all" else f"domaine {scope}")


@shared(maxsize=2048, copy=False)
def trend_charts(level: str, code: str, scope: str) -> tuple[str, str, str]:
    """The ten surveys as SVG charts, for the territory beside its région and France: difficult shares (with
    what secrecy may hide), the territory's projects, seasonal shares."""
    name = str(info(level, code)["name"])
    series = trend_series(level, code, scopes.parse(scope))
    own = series[name]
    cut = queries.nomenclature_break()
    difficult = svgcharts.trend_lines(
        series,
        "difficult_share",
        "pct",
        title=f"Part des projets jugés difficiles — {scope_words(scope)}",
        band=True,
        nomenclature_break=cut,
        width=svgcharts.PAGE_WIDTH,
    )
    projects = svgcharts.projects_bars(
        own, title=f"Projets — {name}", nomenclature_break=cut, width=svgcharts.PAGE_WIDTH
    )
    seasonal = svgcharts.trend_lines(
        series,
        "seasonal_share",
        "pct",
        title="Part des projets saisonniers",
        band=True,
        nomenclature_break=cut,
        width=svgcharts.PAGE_WIDTH,
    )
    return difficult, projects, seasonal


@shared(maxsize=2048, copy=False)
def make_up_chart(level: str, code: str) -> str:
    """Where the population lives (urban, intermediate, rural communes), beside the région and France."""
    return svgcharts.composition_bar(make_up(level, code), title="Où vit la population", width=svgcharts.PAGE_WIDTH)


def caution(caveat: object) -> str:
    """' (à interpréter avec prudence : …)' for a fragile figure, '' otherwise."""
    return f" (à interpréter avec prudence : {caveat})" if isinstance(caveat, str) and caveat else ""


@shared(maxsize=4096)
def trend_sentences(level: str, code: str, year: int, scope: Scope = INDUSTRY) -> list[str]:
    """One line per headline figure over the survey years, with a caution when an end year is fragile."""
    series = queries.trend(level, code, scope)
    series = series[series["year"] <= year] if not series.empty else series
    if len(series) < 2:
        return []
    first, last = series.iloc[0], series.iloc[-1]
    start, end = int(first["year"]), int(last["year"])
    fragile = " ; ".join(
        f"{int(row['year'])} : {row['caveat']}" for row in (first, last) if isinstance(row["caveat"], str)
    )
    what = "industriels" if scope.kind == "industrial" else ""
    cut = queries.nomenclature_break()
    lines = [
        f"Projets {what} : de {fmt_count(first['projects'], first['projects_secret'] > 0)} en {start} à "
        f"{fmt_count(last['projects'], last['projects_secret'] > 0)} en {end}{caution(fragile)}.",
        f"Part des projets {what} jugés difficiles : de {fmt_pct(first['difficult_share'])} en {start} à "
        f"{fmt_pct(last['difficult_share'])} en {end} (entre {fmt_pct(last['difficult_share_low'])} et "
        f"{fmt_pct(last['difficult_share_high'])} selon le secret){caution(fragile)}.",
    ]
    if cut and start < cut <= end:
        lines.append(
            f"Les métiers sont codés en FAP 2021 à partir de {cut} (FAP 2009 avant) : le périmètre change un peu."
        )
    return [" ".join(line.split()) for line in lines]


@shared(maxsize=4096)
def occupations(
    level: str, code: str, year: int, scope: Scope = INDUSTRY, count: int = 10
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Occupations with the most difficult projects: (formatted table, raw numbers)."""
    top = queries.top_occupations(level, code, year, scope, count)
    shown = pd.DataFrame(
        {
            "Métier": top["occupation_name"].fillna("") + " (" + top.index + ")",
            "Projets difficiles": [
                fmt_count(v, s > 0) for v, s in zip(top["difficult"], top["difficult_secret"], strict=True)
            ],
            "Projets": [fmt_count(v, s > 0) for v, s in zip(top["projects"], top["projects_secret"], strict=True)],
            "Part difficile": top["difficult_share"].map(fmt_pct),
        }
    )
    raw = top.reset_index()[
        [
            "occupation",
            "occupation_name",
            "projects",
            "difficult",
            "difficult_share",
            "projects_secret",
            "difficult_secret",
        ]
    ]
    return shown, raw


@shared(maxsize=1024, copy=False)
def locator_svg(level: str, code: str, width: int = 560) -> str:
    """SVG map of the territory's région (France for a région), the territory outlined, shaded by rural share."""
    from atlas import maps, svgmap

    row = info(level, code)
    shown = territories.in_region(level, str(row["reg"]) if level != "reg" else territories.FRANCE)
    table = pd.DataFrame(
        {
            "code": shown.index,
            "name": shown["name"],
            "value": shown["rural_pop_share"],
            "partial": False,
            "secret_cells": 0,
            "rank": pd.NA,
        }
    ).reset_index(drop=True)
    return svgmap.svg_choropleth(
        table,
        level,
        value_format="pct",
        direction="neutral",
        legend_title="Part de population rurale (%)",
        tooltips=maps.hover_texts(table, "pct", "%", separator=" · ", bold=False),
        highlight=code,
        width=width,
        link=lambda c: state.profile_url(level, c),
    )


# ---------------------------------------------------------------- figures beside the région and France

# Figures that are no catalogue indicator: id -> (label, column of territory_indicators, format, family).
# Every other id is a catalogue indicator, shown under its catalogue label (the same on every page).
EXTRA_FIGURES = {
    "jobs_industry": ("Emplois salariés de l'industrie", "jobs_industry", "int", "emploi"),
    "industrial_projects": ("Projets de recrutement, métiers industriels", "industrial_projects", "int", "recrutement"),
    "bts_places": ("Places de BTS industriels", "bts_places", "int", "formation"),
}
# Figures resting on survey cells: a count is a minimum ("au moins") when cells are secret; a figure of a
# fragile year is marked "⚠".
SURVEY_COUNTS = {"industrial_projects": "industrial_projects_secret"}
SURVEY_FIGURES = {
    "industrial_projects",
    "industrial_difficult_share",
    "industrial_seasonal_share",
    "industrial_projects_per_100_jobs",
    "bts_places_per_100_projects",
}
INDUSTRY_FIGURES = ("jobs_industry", "industrial_share_jobs")
RECRUITMENT_FIGURES = (
    "industrial_projects",
    "industrial_difficult_share",
    "industrial_seasonal_share",
    "industrial_projects_per_100_jobs",
)
AGEING_FIGURES = (
    "departures_10y",
    "departures_census_10y",
    "positions_10y",
    "departures_per_100_jobs",
    "young_uncovered_share",
    "share_5564",
    "employment_rate_5564",
)
TRAINING_FIGURES = (
    "bts_places",
    "bts_places_per_100_projects",
    "bts_places_per_100_jobs",
    "bts_apprenticeship_share",
    "bts_applications_per_place",
    "contracts_per_1000_jobs",
)
TERRITORY_FIGURES = ("population", "rural_pop_share")


def figure_label(figure: str) -> str:
    return EXTRA_FIGURES[figure][0] if figure in EXTRA_FIGURES else catalogue.label(figure)


def figure_format(figure: str) -> str:
    return EXTRA_FIGURES[figure][2] if figure in EXTRA_FIGURES else catalogue.get(figure).format


def figure_family(figure: str) -> str:
    return EXTRA_FIGURES[figure][3] if figure in EXTRA_FIGURES else catalogue.get(figure).family


@shared(maxsize=8192)
def figure_values(level: str, code: str, year: int) -> pd.Series:
    """Every figure of one territory for a survey year: its territory_indicators row and its listing (population,
    rural share, typology); France's listing figures are the sums over the régions."""
    values = queries.territory_values(level, year)
    row = values.loc[code].copy() if code in values.index else pd.Series(dtype=object)
    if level == "fr":
        regions = territories.listing("reg")
        population = regions["population"].astype(float)
        row["population"] = population.sum()
        row["rural_pop_share"] = float((regions["rural_pop_share"] * population).sum() / population.sum())
    else:
        listing = territories.listing(level).loc[code]
        for column in ("population", "rural_pop_share", "typology", "n_communes"):
            row[column] = listing[column]
    return row


def figure_value(figure: str, row: pd.Series) -> float:
    column = EXTRA_FIGURES[figure][1] if figure in EXTRA_FIGURES else catalogue.get(figure).column
    value = row.get(column)
    return float(value) if value is not None and not pd.isna(value) else math.nan


def fragile(figure: str, row: pd.Series) -> bool:
    caveat = row.get("industrial_caveat")
    return figure in SURVEY_FIGURES and isinstance(caveat, str) and bool(caveat)


def figure_text(figure: str, row: pd.Series) -> str:
    """The figure as shown: French format, "au moins" for a survey count with secret cells, "⚠" when fragile."""
    value = figure_value(figure, row)
    if figure in SURVEY_COUNTS:
        secret = row.get(SURVEY_COUNTS[figure])
        text = fmt_count(value, bool(secret) if secret is not None and not pd.isna(secret) else False)
    else:
        text = fmt_value(value, figure_format(figure))
    return f"{text} ⚠" if fragile(figure, row) and text != "–" else text


@shared(maxsize=8192)
def side_by_side(level: str, code: str, year: int, figures: tuple[str, ...]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One row per figure (its label, the same on every page), one column per territory: the territory, its
    région and France. Returns (shown, raw numbers)."""
    places = comparisons(level, code)
    rows = {name: figure_values(lv, cd, year) for lv, cd, name in places}
    shown = pd.DataFrame({"Indicateur": [figure_label(f) for f in figures]})
    raw = pd.DataFrame({"indicateur": list(figures), "libelle": shown["Indicateur"]})
    for _, _, name in places:
        shown[name] = [figure_text(f, rows[name]) for f in figures]
        raw[name] = [figure_value(f, rows[name]) for f in figures]
    return shown, raw


ALL_OCCUPATIONS = (
    ("Projets de recrutement, tous métiers", "projets"),
    ("Part des projets jugés difficiles, tous métiers", "part_difficile"),
    ("Part des projets saisonniers, tous métiers", "part_saisonniere"),
)


@shared(maxsize=4096)
def recruitment_table(level: str, code: str, year: int) -> pd.DataFrame:
    """Recruitment beside the région and France: all occupations (projects, difficult and seasonal shares), then
    the industrial figures under their catalogue labels."""
    rows = recruitment_rows(level, code, year)
    everything = rows[rows["metiers"] == scopes.label(ALL)].set_index("territoire") if len(rows) else rows
    shown, _ = side_by_side(level, code, year, RECRUITMENT_FIGURES)
    top = pd.DataFrame({"Indicateur": [label for label, _ in ALL_OCCUPATIONS]})
    for _, _, name in comparisons(level, code):
        if name not in everything.index:
            top[name] = "–"
            continue
        row = everything.loc[name]
        if isinstance(row, pd.DataFrame):  # a one-département région (Guadeloupe…) shares its name: same figures
            row = row.iloc[0]
        top[name] = [
            fmt_count(row["projets"], row["cellules_secretes"] > 0),
            fmt_pct(row["part_difficile"]),
            fmt_pct(row["part_saisonniere"]),
        ]
    return pd.concat([top, shown], ignore_index=True)


@shared(maxsize=8192, copy=False)
def any_fragile(level: str, code: str, year: int, figures: tuple[str, ...]) -> str | None:
    """The caveat of the territory's survey figures when one of those shown is fragile."""
    row = figure_values(level, code, year)
    if any(fragile(f, row) for f in figures):
        return str(row["industrial_caveat"])
    return None


# ---------------------------------------------------------------- industrial sectors (A38)


@shared(maxsize=4096)
def industrial_sectors(level: str, code: str, count: int = 5) -> tuple[pd.DataFrame, pd.DataFrame, int]:
    """The territory's main industrial sectors (A38) by salaried jobs, each with its share of all salaried jobs
    here, in the région and in France. Returns (shown, raw numbers, year)."""
    places = comparisons(level, code)
    sectors = {name: queries.a38_jobs(lv, cd) for lv, cd, name in places}
    own = sectors[places[0][2]]
    year = int(own["year"].iloc[0]) if len(own) else 0
    industrial = own[own["a5"] == INDUSTRY_SECTORS]
    top = industrial[industrial["jobs"] > 0].sort_values("jobs", ascending=False).head(count)
    raw = pd.DataFrame({"a38": top.index, "secteur": top["a38_label"].to_numpy(), "emplois": top["jobs"].to_numpy()})
    raw["part_des_emplois_industriels"] = (top["jobs"] / industrial["jobs"].sum()).to_numpy()
    shown = pd.DataFrame(
        {
            "Secteur industriel (A38)": raw["secteur"],
            "Emplois salariés": raw["emplois"].map(fmt_int),
            "Part de l'industrie locale": raw["part_des_emplois_industriels"].map(fmt_pct),
        }
    )
    for _, _, name in places:
        table = sectors[name]
        total = table["jobs"].sum()
        shares = table["jobs"].reindex(top.index) / total if total else pd.Series(math.nan, index=top.index)
        raw[f"part_emploi_{name}"] = shares.to_numpy()
        shown[f"Part de l'emploi, {name}"] = shares.map(fmt_pct).to_numpy()
    return shown, raw, year
