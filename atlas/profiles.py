"""Building blocks of a territory profile, shared by the Territoire page and the PDF brief."""

from __future__ import annotations

import pandas as pd

from atlas import queries, scopes, state, territories
from atlas.formats import fmt_count, fmt_pct
from atlas.scopes import Scope

ALL, INDUSTRY = Scope("all"), Scope("industrial")
SHARE_COLUMNS = ("urban_pop_share", "intermediate_pop_share", "rural_pop_share")


def info(level: str, code: str) -> pd.Series:
    return territories.listing(level).loc[code]


def comparisons(level: str, code: str) -> list[tuple[str, str, str]]:
    """The territory, its (main) région unless it is one, and France: (level, code, name)."""
    row = info(level, code)
    rows = [(level, code, str(row["name"]))]
    if level != "reg":
        rows.append(("reg", str(row["reg"]), territories.name("reg", str(row["reg"]))))
    rows.append(("fr", territories.FRANCE, "France"))
    return rows


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


def caution(caveat: object) -> str:
    """' (à interpréter avec prudence : …)' for a fragile figure, '' otherwise."""
    return f" (à interpréter avec prudence : {caveat})" if isinstance(caveat, str) and caveat else ""


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
