"""Every indicator, declared once: what it means, how it is computed, how it reads.

Each record names its table and column, its ratio (numerator, denominator, scale) when it is one,
its unit, number format, direction, family, sources, the columns that carry its vintage, its
caveats and the count columns of secret survey cells it rests on. From these records:
- `steps/territory_indicators.py` computes the ratio columns of territory_indicators;
- `schema/` declares every indicator column (unit, range) of the published tables;
- the build publishes them in metadata.json, where the app reads labels, formats and formulas;
- the contract version (manifest.json) hashes their structural fields.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from contract.domain import TERRITORY_LEVELS
from contract.formulas import BMO_SHARE, Ratio
from etl.vintages import CONTRACTS_YEAR, JOBS_YEAR

DIRECTIONS = ("higher_is_worse", "higher_is_better", "neutral")
FORMATS = ("int", "pct", "dec1")  # pct: stored as a part (0-1), shown × 100 with "%"
FAMILIES = {
    "recrutement": "Recrutement (enquête BMO)",
    "territoire": "Population et territoire",
    "emploi": "Emploi",
    "ages": "Âges et renouvellement",
    "formation": "Formation et adéquation aux besoins",
}
BMO_SOURCES = ("bmo_{year}",)
BMO_VINTAGE = "Enquête BMO {span}"


@dataclass(frozen=True)
class Indicator:
    id: str
    label: str
    unit: str
    definition: str
    family: str
    table: str
    column: str
    direction: str
    format: str
    sources: tuple[str, ...]
    vintage: str
    levels: tuple[str, ...] = TERRITORY_LEVELS
    ratio: Ratio | None = None
    by_scope: bool = False  # depends on the occupation scope (all, industrial, a FAP domain, an occupation)
    secret_cells: tuple[str, ...] = ()  # count columns of secret survey cells behind the figure
    caveat_column: str | None = None  # column saying why the figure is fragile (empty when it is solid)
    vintage_columns: tuple[str, ...] = ()  # columns of the table that carry the vintage of each row
    caveats: tuple[str, ...] = ()
    on_map: bool = True  # offered on the map pages
    zone_from_departement: bool = False  # known by département only: a zone takes its main département's value
    signed: bool = False  # may be negative (a surplus rather than a need)

    def record(self, bmo_years: list[int]) -> dict:
        """The published form (metadata.json): plain values, source ids and vintage resolved from the data."""
        span = f"{min(bmo_years)}-{max(bmo_years)}" if bmo_years else ""
        sources: list[str] = []
        for source in self.sources:
            if "{year}" in source:
                sources.extend(source.format(year=year) for year in bmo_years)
            else:
                sources.append(source)
        return {
            "id": self.id,
            "label": self.label,
            "unit": self.unit,
            "definition": self.definition,
            "family": self.family,
            "family_label": FAMILIES[self.family],
            "table": self.table,
            "column": self.column,
            "direction": self.direction,
            "format": self.format,
            "levels": list(self.levels),
            "numerator": self.ratio.numerator if self.ratio else None,
            "denominator": self.ratio.denominator if self.ratio else None,
            "scale": self.ratio.scale if self.ratio else None,
            "by_scope": self.by_scope,
            "secret_cells": list(self.secret_cells),
            "caveat_column": self.caveat_column,
            "sources": sources,
            "vintage": self.vintage.format(span=span),
            "vintage_columns": list(self.vintage_columns),
            "caveats": list(self.caveats),
            "on_map": self.on_map,
            "zone_from_departement": self.zone_from_departement,
            "signed": self.signed,
        }


def _bmo(
    ident: str, label: str, unit: str, definition: str, column: str, direction: str, fmt: str, **more
) -> Indicator:
    return Indicator(
        ident,
        label,
        unit,
        definition,
        "recrutement",
        "bmo_agg",
        column,
        direction,
        fmt,
        BMO_SOURCES,
        BMO_VINTAGE,
        ratio=BMO_SHARE.get(column),
        by_scope=True,
        vintage_columns=("year",),
        caveat_column="caveat",
        **more,
    )


def _territory(ident: str, label: str, unit: str, definition: str, family: str, ratio: Ratio, **more) -> Indicator:
    """A ratio column of territory_indicators (computed by the territory_indicators step from `ratio`)."""
    more.setdefault("direction", "neutral")
    more.setdefault("format", "pct" if ratio.scale == 1 else "dec1")
    return Indicator(
        ident,
        label,
        unit,
        definition,
        family,
        "territory_indicators",
        ratio.column,
        ratio=ratio,
        **more,
    )


SECRET_PROJECTS = ("projects_secret",)
SECRET_INDUSTRIAL = ("industrial_projects_secret",)
PARCOURSUP = ("bts_capacites", "bcn", "certif_info", "dares_fap")
AGES = ("census_iris_2022",)
DEPARTURES = ("employment_ze", "dares_age_fap", "census_iris_2022")
REPLACEMENT = ("metiers_2030", "employment_ze", "census_iris_2022", "insee_comparateur_2018")
REPLACEMENT_VINTAGE = f"Les métiers en 2030 (projection 2019-2030) ; FLORES {JOBS_YEAR} ; recensement 2022"

CATALOGUE: tuple[Indicator, ...] = (
    _bmo(
        "bmo_projects",
        "Projets de recrutement",
        "projets",
        "Nombre de projets de recrutement déclarés par les employeurs pour l'année (enquête BMO). "
        "Somme des cellules connues : un minimum lorsque des cellules sont secrètes.",
        "projects",
        "neutral",
        "int",
        secret_cells=SECRET_PROJECTS,
    ),
    _bmo(
        "bmo_difficult_share",
        "Part des projets jugés difficiles",
        "%",
        "Projets que les employeurs jugent difficiles à pourvoir, rapportés à l'ensemble des projets publiés "
        "(les cellules secrètes comptent pour 0) ; ses bornes basse et haute disent ce que le secret peut cacher.",
        "difficult_share",
        "higher_is_worse",
        "pct",
        secret_cells=("projects_secret", "difficult_secret"),
    ),
    _bmo(
        "bmo_difficult_share_low",
        "Part difficile, borne basse",
        "%",
        "Part des projets jugés difficiles si les cellules secrètes contenaient le plus de projets possible et "
        "aucun projet difficile (une cellule secrète cache moins de 5 projets).",
        "difficult_share_low",
        "higher_is_worse",
        "pct",
        secret_cells=("projects_secret", "difficult_secret"),
        on_map=False,
    ),
    _bmo(
        "bmo_difficult_share_high",
        "Part difficile, borne haute",
        "%",
        "Part des projets jugés difficiles si les cellules secrètes contenaient le plus de projets possible, "
        "tous difficiles.",
        "difficult_share_high",
        "higher_is_worse",
        "pct",
        secret_cells=("projects_secret", "difficult_secret"),
        on_map=False,
    ),
    _bmo(
        "bmo_difficult",
        "Projets jugés difficiles",
        "projets",
        "Nombre de projets jugés difficiles à pourvoir (somme des cellules publiées, un minimum).",
        "difficult",
        "higher_is_worse",
        "int",
        secret_cells=("difficult_secret",),
    ),
    _bmo(
        "bmo_seasonal_share",
        "Part des projets saisonniers",
        "%",
        "Projets saisonniers rapportés à l'ensemble des projets publiés (les saisonniers des cellules secrètes "
        "ne sont pas comptés : un minimum).",
        "seasonal_share",
        "neutral",
        "pct",
        secret_cells=("projects_secret", "seasonal_secret"),
    ),
    Indicator(
        "population",
        "Population municipale",
        "habitants",
        "Population municipale 2021 des communes (grille de densité INSEE 2024), sommée par territoire.",
        "territoire",
        "zones_emploi",
        "population",
        "neutral",
        "int",
        ("insee_grille_densite_2024",),
        "Population 2021, COG 2024",
        levels=("ze", "dep", "reg"),
    ),
    Indicator(
        "rural_pop_share",
        "Part de la population rurale",
        "%",
        "Part de la population vivant dans une commune rurale (niveaux 5 à 7 de la grille de densité à 7 niveaux).",
        "territoire",
        "zones_emploi",
        "rural_pop_share",
        "neutral",
        "pct",
        ("insee_grille_densite_2024",),
        "Population 2021, COG 2024",
        levels=("ze", "dep", "reg"),
    ),
    _territory(
        "industrial_projects_per_100_jobs",
        "Projets industriels pour 100 emplois industriels",
        "pour 100 emplois",
        "Projets de recrutement dans les métiers industriels (BMO) rapportés aux emplois salariés de "
        f"l'industrie (FLORES {JOBS_YEAR}) : l'intensité du recours au recrutement externe.",
        "recrutement",
        Ratio("industrial_projects_per_100_jobs", "industrial_projects", "jobs_industry", 100),
        sources=("bmo_{year}", "employment_ze"),
        vintage=f"Enquête BMO {{span}} ; FLORES {JOBS_YEAR}",
        vintage_columns=("year", "jobs_year"),
        secret_cells=SECRET_INDUSTRIAL,
        caveat_column="industrial_caveat",
    ),
    _territory(
        "all_projects_per_100_jobs",
        "Projets de recrutement pour 100 emplois salariés",
        "pour 100 emplois",
        f"Projets de recrutement, tous métiers (BMO), rapportés à l'emploi salarié (FLORES {JOBS_YEAR}). Somme des "
        "cellules publiées : un minimum lorsque des cellules sont secrètes.",
        "recrutement",
        Ratio("all_projects_per_100_jobs", "all_projects", "jobs_total", 100),
        sources=("bmo_{year}", "employment_ze"),
        vintage=f"Enquête BMO {{span}} ; FLORES {JOBS_YEAR}",
        vintage_columns=("year", "jobs_year"),
        on_map=False,
    ),
    _territory(
        "industrial_difficult_share",
        "Part des projets industriels jugés difficiles",
        "%",
        "Projets industriels jugés difficiles rapportés aux projets industriels publiés (un minimum ; même valeur "
        "que la part difficile de l'enquête BMO pour les métiers industriels).",
        "recrutement",
        Ratio("industrial_difficult_share", "industrial_difficult", "industrial_projects"),
        direction="higher_is_worse",
        sources=BMO_SOURCES,
        vintage=BMO_VINTAGE,
        vintage_columns=("year",),
        secret_cells=SECRET_INDUSTRIAL,
        caveat_column="industrial_caveat",
        on_map=False,
    ),
    _territory(
        "industrial_seasonal_share",
        "Part des projets industriels saisonniers",
        "%",
        "Projets industriels saisonniers rapportés aux projets industriels publiés (un minimum).",
        "recrutement",
        Ratio("industrial_seasonal_share", "industrial_seasonal", "industrial_projects"),
        sources=BMO_SOURCES,
        vintage=BMO_VINTAGE,
        vintage_columns=("year",),
        secret_cells=SECRET_INDUSTRIAL,
        caveat_column="industrial_caveat",
        on_map=False,
    ),
    _territory(
        "industrial_share_jobs",
        "Part de l'industrie dans l'emploi salarié",
        "%",
        f"Emplois salariés de l'industrie (A5 : BE) rapportés à l'ensemble de l'emploi salarié (FLORES {JOBS_YEAR}).",
        "emploi",
        Ratio("industrial_share_jobs", "jobs_industry", "jobs_total"),
        sources=("employment_ze",),
        vintage=f"FLORES {JOBS_YEAR}",
        vintage_columns=("jobs_year",),
    ),
    Indicator(
        "departures_10y",
        "Départs en fin de carrière dans l'industrie sur dix ans",
        "personnes",
        "Départs en fin de carrière attendus dans les métiers industriels (domaines FAP C à H) sur dix ans, selon la "
        "projection régionale « Les métiers en 2030 » (DARES et France Stratégie, 2019-2030, ramenée à dix ans). "
        "Sous la région, le chiffre régional est réparti selon les emplois industriels du territoire pondérés par "
        "son indice de vieillissement.",
        "ages",
        "territory_indicators",
        "departures_10y",
        "higher_is_worse",
        "int",
        REPLACEMENT,
        REPLACEMENT_VINTAGE,
        vintage_columns=("jobs_year",),
    ),
    Indicator(
        "departures_census_10y",
        "Départs sur dix ans, lecture basse (recensement)",
        "personnes",
        f"Emplois industriels (FLORES {JOBS_YEAR}) × part des 55 ans ou plus dans les métiers industriels en France "
        "(DARES, 2017-2019) × indice de vieillissement du territoire (recensement 2022). Ignore les 50-54 ans qui "
        "partiront aussi dans les dix ans : une lecture basse, gardée à côté de la projection.",
        "ages",
        "territory_indicators",
        "departures_census_10y",
        "higher_is_worse",
        "int",
        DEPARTURES,
        f"FLORES {JOBS_YEAR} ; DARES 2017-2019 ; recensement 2022",
        vintage_columns=("jobs_year",),
        on_map=False,
    ),
    Indicator(
        "positions_10y",
        "Postes à pourvoir dans l'industrie sur dix ans",
        "postes",
        "Départs en fin de carrière plus créations nettes d'emplois dans les métiers industriels sur dix ans "
        "(projection « Les métiers en 2030 », répartie sous la région comme les départs).",
        "ages",
        "territory_indicators",
        "positions_10y",
        "higher_is_worse",
        "int",
        REPLACEMENT,
        REPLACEMENT_VINTAGE,
        vintage_columns=("jobs_year",),
    ),
    _territory(
        "departures_per_100_jobs",
        "Départs sur dix ans pour 100 emplois des métiers industriels",
        "pour 100 emplois",
        "Départs en fin de carrière sur dix ans (projection) rapportés aux emplois 2019 des métiers industriels du "
        "territoire (projection, répartis comme les emplois industriels).",
        "ages",
        Ratio("departures_per_100_jobs", "departures_10y", "industrial_occupation_jobs", 100),
        direction="higher_is_worse",
        sources=REPLACEMENT,
        vintage=REPLACEMENT_VINTAGE,
        vintage_columns=("jobs_year",),
    ),
    _territory(
        "positions_per_100_jobs",
        "Postes à pourvoir sur dix ans pour 100 emplois des métiers industriels",
        "pour 100 emplois",
        "Postes à pourvoir sur dix ans (départs en fin de carrière et créations nettes, projection) rapportés aux "
        "emplois 2019 des métiers industriels du territoire.",
        "ages",
        Ratio("positions_per_100_jobs", "positions_10y", "industrial_occupation_jobs", 100),
        direction="higher_is_worse",
        sources=REPLACEMENT,
        vintage=REPLACEMENT_VINTAGE,
        vintage_columns=("jobs_year",),
    ),
    _territory(
        "young_uncovered_share",
        "Part des postes à pourvoir que les jeunes débutants ne couvrent pas",
        "%",
        "Postes à pourvoir dans les métiers industriels sur dix ans moins les jeunes débutants attendus, rapportés "
        "aux postes à pourvoir : ce qui reste pour les mobilités entre régions, la mobilité professionnelle "
        "(montée en compétences, reconversion, promotion interne) et le recrutement extérieur. Négative quand les "
        "jeunes débutants attendus dépassent les postes (projection « Les métiers en 2030 », jeunes débutants "
        "répartis selon l'offre locale de BTS industriels).",
        "ages",
        Ratio("young_uncovered_share", "uncovered_by_young_10y", "positions_10y"),
        direction="higher_is_worse",
        signed=True,
        sources=REPLACEMENT + PARCOURSUP,
        vintage=REPLACEMENT_VINTAGE + " ; Parcoursup 2022-2024",
        vintage_columns=("jobs_year",),
    ),
    _territory(
        "departures_per_year_vs_projects",
        "Départs par an rapportés aux projets industriels",
        "départs par projet",
        "Départs en fin de carrière sur dix ans (projection), divisés par dix, rapportés aux projets de recrutement "
        "industriels de l'année.",
        "ages",
        Ratio("departures_per_year_vs_projects", "departures_10y", "industrial_projects", 0.1),
        format="dec1",
        sources=REPLACEMENT + BMO_SOURCES,
        vintage=REPLACEMENT_VINTAGE + " ; enquête BMO {span}",
        vintage_columns=("year", "jobs_year"),
        secret_cells=SECRET_INDUSTRIAL,
        caveat_column="industrial_caveat",
        on_map=False,
    ),
    _territory(
        "share_5564",
        "Part des 55-64 ans",
        "%",
        "Part de la population âgée de 55 à 64 ans (recensement 2022, IRIS agrégés ; France métropolitaine).",
        "ages",
        Ratio("share_5564", "pop_5564", "census_population"),
        direction="higher_is_worse",
        sources=AGES,
        vintage="Recensement 2022",
    ),
    _territory(
        "employment_rate_5564",
        "Taux d'emploi des 55-64 ans",
        "%",
        "Personnes de 55 à 64 ans en emploi rapportées à la population de cet âge (recensement 2022) : le "
        "maintien en emploi des salariés expérimentés.",
        "ages",
        Ratio("employment_rate_5564", "employed_5564", "pop_5564"),
        direction="higher_is_better",
        sources=AGES,
        vintage="Recensement 2022",
    ),
    _territory(
        "bts_places_per_100_projects",
        "Places de BTS industriels pour 100 projets industriels",
        "pour 100 projets",
        "Places de BTS (Parcoursup) préparant à un métier industriel (domaines FAP C à H, via diplôme → ROME → "
        "FAP) rapportées aux projets de recrutement industriels de la même année (ou de la dernière session).",
        "formation",
        Ratio("bts_places_per_100_projects", "bts_places", "industrial_projects", 100),
        direction="higher_is_better",
        sources=PARCOURSUP + BMO_SOURCES,
        vintage="Parcoursup 2022-2024 ; enquête BMO {span}",
        vintage_columns=("year", "bts_year"),
        secret_cells=SECRET_INDUSTRIAL,
        caveat_column="industrial_caveat",
    ),
    _territory(
        "bts_places_per_100_jobs",
        "Places de BTS industriels pour 100 emplois industriels",
        "pour 100 emplois",
        f"Places de BTS industriels rapportées aux emplois salariés de l'industrie (FLORES {JOBS_YEAR}).",
        "formation",
        Ratio("bts_places_per_100_jobs", "bts_places", "jobs_industry", 100),
        direction="higher_is_better",
        sources=PARCOURSUP + ("employment_ze",),
        vintage=f"Parcoursup 2022-2024 ; FLORES {JOBS_YEAR}",
        vintage_columns=("bts_year", "jobs_year"),
    ),
    _territory(
        "bts_apprenticeship_share",
        "Part des places de BTS industriels en apprentissage",
        "%",
        "Places de BTS industriels offertes en apprentissage rapportées à toutes les places de BTS industriels. "
        "Une partie des places en apprentissage n'est connue qu'au département : elles comptent pour le département "
        "et la région, pas pour les zones d'emploi, dont le chiffre est donc un minimum (part localisée indiquée).",
        "formation",
        Ratio("bts_apprenticeship_share", "bts_places_apprenticeship", "bts_places"),
        direction="higher_is_better",
        sources=PARCOURSUP,
        vintage="Parcoursup 2022-2024",
        vintage_columns=("bts_year",),
    ),
    Indicator(
        "bts_applications_per_place",
        "Vœux par place de BTS industriel",
        "vœux par place",
        "Vœux confirmés sur Parcoursup rapportés aux places offertes : l'attractivité des BTS industriels.",
        "formation",
        "territory_indicators",
        "bts_applications_per_place",
        "higher_is_better",
        "dec1",
        ("bts_capacites",),
        "Parcoursup 2022-2024",
        vintage_columns=("bts_year",),
    ),
    _territory(
        "contracts_per_1000_jobs",
        "Contrats d'apprentissage pour 1 000 emplois",
        "pour 1 000 emplois",
        f"Nouveaux contrats d'apprentissage de l'année ({CONTRACTS_YEAR}) rapportés à l'emploi salarié (FLORES "
        f"{JOBS_YEAR}) ; connus par département : une zone d'emploi reçoit la valeur de son département principal.",
        "formation",
        Ratio("contracts_per_1000_jobs", "apprenticeship_contracts", "jobs_total", 1000),
        direction="higher_is_better",
        sources=("apprentissage_dep", "employment_ze"),
        vintage=f"DARES / DITP {CONTRACTS_YEAR} ; FLORES {JOBS_YEAR}",
        vintage_columns=("contracts_year", "jobs_year"),
        zone_from_departement=True,
    ),
)
BY_ID: dict[str, Indicator] = {indicator.id: indicator for indicator in CATALOGUE}


def of_table(table: str) -> tuple[Indicator, ...]:
    return tuple(indicator for indicator in CATALOGUE if indicator.table == table)


def ratios_of(table: str) -> tuple[Indicator, ...]:
    """Indicators of a table that the build computes from their declared ratio."""
    return tuple(indicator for indicator in of_table(table) if indicator.ratio is not None)


def catalogue(bmo_years: list[int]) -> list[dict]:
    """The catalogue as published in metadata.json."""
    return [indicator.record(bmo_years) for indicator in CATALOGUE]


def bmo_years(tables: dict[str, pd.DataFrame]) -> list[int]:
    """Survey years present in the built bmo table (they resolve `bmo_{year}` sources and `{span}` vintages)."""
    return sorted(int(y) for y in tables["bmo"]["year"].unique()) if "bmo" in tables else []
