"""The indicator catalogue: what each published figure means, in the words the app shows.

Written by the build into metadata.json beside the data, so labels, units, definitions, sources,
vintages and the direction of "better" travel with the figures they describe.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import pandas as pd


@dataclass(frozen=True)
class Indicator:
    id: str
    label: str
    unit: str
    definition: str
    sources: tuple[str, ...]
    table: str
    column: str
    direction: str  # higher_is_worse, higher_is_better, neutral
    levels: tuple[str, ...]
    by_scope: bool  # depends on the occupation scope (all, industrial, a FAP domain, an occupation)
    format: str  # int, pct, dec1
    vintage: str = ""


BMO_SOURCES = ("bmo_{year}",)

CATALOGUE: tuple[Indicator, ...] = (
    Indicator(
        "bmo_projects",
        "Projets de recrutement",
        "projets",
        "Nombre de projets de recrutement déclarés par les employeurs pour l'année (enquête BMO). "
        "Somme des cellules connues : un minimum lorsque des cellules sont secrètes.",
        BMO_SOURCES,
        "bmo_agg",
        "projects",
        "neutral",
        ("ze", "dep", "reg", "fr"),
        True,
        "int",
    ),
    Indicator(
        "bmo_difficult_share",
        "Part des projets jugés difficiles",
        "%",
        "Projets que les employeurs jugent difficiles à pourvoir, rapportés à l'ensemble des projets publiés. "
        "Les projets difficiles des cellules secrètes, peu nombreux, ne sont pas comptés : c'est un minimum, "
        "à moins d'un demi-point des chiffres nationaux publiés par France Travail.",
        BMO_SOURCES,
        "bmo_agg",
        "difficult_share",
        "higher_is_worse",
        ("ze", "dep", "reg", "fr"),
        True,
        "pct",
    ),
    Indicator(
        "bmo_difficult_share_known",
        "Part difficile (cellules entièrement publiées)",
        "%",
        "Même rapport calculé sur les seules cellules où les projets et les projets difficiles sont publiés. "
        "Le secret masquant surtout les petits nombres de projets difficiles, cette lecture surestime la part "
        "(d'environ 5 points au niveau national) ; elle est donnée pour comparaison.",
        BMO_SOURCES,
        "bmo_agg",
        "difficult_share_known_cells",
        "higher_is_worse",
        ("ze", "dep", "reg", "fr"),
        True,
        "pct",
    ),
    Indicator(
        "bmo_difficult",
        "Projets jugés difficiles",
        "projets",
        "Nombre de projets jugés difficiles à pourvoir (somme des cellules publiées, un minimum).",
        BMO_SOURCES,
        "bmo_agg",
        "difficult",
        "higher_is_worse",
        ("ze", "dep", "reg", "fr"),
        True,
        "int",
    ),
    Indicator(
        "bmo_seasonal_share",
        "Part des projets saisonniers",
        "%",
        "Projets saisonniers rapportés à l'ensemble des projets publiés (les saisonniers des cellules secrètes "
        "ne sont pas comptés : un minimum).",
        BMO_SOURCES,
        "bmo_agg",
        "seasonal_share",
        "neutral",
        ("ze", "dep", "reg", "fr"),
        True,
        "pct",
    ),
    Indicator(
        "population",
        "Population municipale",
        "habitants",
        "Population municipale 2021 des communes (grille de densité INSEE 2024), sommée par territoire.",
        ("insee_grille_densite_2024",),
        "zones_emploi",
        "population",
        "neutral",
        ("ze", "dep", "reg"),
        False,
        "int",
    ),
    Indicator(
        "rural_pop_share",
        "Part de la population rurale",
        "%",
        "Part de la population vivant dans une commune rurale (niveaux 5 à 7 de la grille de densité à 7 niveaux).",
        ("insee_grille_densite_2024",),
        "zones_emploi",
        "rural_pop_share",
        "neutral",
        ("ze", "dep", "reg"),
        False,
        "pct",
    ),
    *(
        Indicator(
            ident,
            label,
            unit,
            definition,
            sources,
            "territory_indicators",
            column,
            direction,
            ("ze", "dep", "reg", "fr"),
            False,
            fmt,
            vintage,
        )
        for ident, label, unit, definition, sources, column, direction, fmt, vintage in (
            (
                "industrial_projects_per_100_jobs",
                "Projets industriels pour 100 emplois industriels",
                "pour 100 emplois",
                "Projets de recrutement dans les métiers industriels (BMO) rapportés aux emplois salariés de "
                "l'industrie "
                "(FLORES 2023) : l'intensité du recours au recrutement externe.",
                ("bmo_{year}", "employment_ze"),
                "industrial_projects_per_100_jobs",
                "neutral",
                "dec1",
                "Enquête BMO {span} ; FLORES 2023",
            ),
            (
                "industrial_share_jobs",
                "Part de l'industrie dans l'emploi salarié",
                "%",
                "Emplois salariés de l'industrie (A5 : BE) rapportés à l'ensemble de l'emploi salarié (FLORES 2023).",
                ("employment_ze",),
                "industrial_share_jobs",
                "neutral",
                "pct",
                "FLORES 2023",
            ),
            (
                "departures_10y",
                "Départs estimés dans l'industrie sur dix ans",
                "emplois",
                "Emplois industriels (FLORES 2023) × part des 55 ans ou plus dans les métiers industriels en France "
                "(DARES, 2017-2019) × indice de vieillissement du territoire (part des 55-64 ans parmi les 25-64 ans, "
                "rapportée à la France ; recensement 2022).",
                ("employment_ze", "dares_age_fap", "census_iris_2022"),
                "departures_10y",
                "higher_is_worse",
                "int",
                "FLORES 2023 ; DARES 2017-2019 ; recensement 2022",
            ),
            (
                "departures_per_100_jobs",
                "Départs estimés sur dix ans pour 100 emplois industriels",
                "pour 100 emplois",
                "Départs estimés sur dix ans rapportés aux emplois industriels du territoire.",
                ("employment_ze", "dares_age_fap", "census_iris_2022"),
                "departures_per_100_jobs",
                "higher_is_worse",
                "dec1",
                "FLORES 2023 ; DARES 2017-2019 ; recensement 2022",
            ),
            (
                "share_5564",
                "Part des 55-64 ans",
                "%",
                "Part de la population âgée de 55 à 64 ans (recensement 2022, IRIS agrégés ; France métropolitaine).",
                ("census_iris_2022",),
                "share_5564",
                "higher_is_worse",
                "pct",
                "Recensement 2022",
            ),
            (
                "employment_rate_5564",
                "Taux d'emploi des 55-64 ans",
                "%",
                "Personnes de 55 à 64 ans en emploi rapportées à la population de cet âge (recensement 2022) : le "
                "maintien en emploi des salariés expérimentés.",
                ("census_iris_2022",),
                "employment_rate_5564",
                "higher_is_better",
                "pct",
                "Recensement 2022",
            ),
            (
                "bts_places_per_100_projects",
                "Places de BTS industriels pour 100 projets industriels",
                "pour 100 projets",
                "Places de BTS (Parcoursup) préparant à un métier industriel (domaines FAP C à H, via diplôme → ROME → "
                "FAP) rapportées aux projets de recrutement industriels de la même année (ou de la dernière session).",
                ("bts_capacites", "bcn", "certif_info", "dares_fap", "bmo_{year}"),
                "bts_places_per_100_projects",
                "higher_is_better",
                "dec1",
                "Parcoursup 2022-2024 ; enquête BMO {span}",
            ),
            (
                "bts_places_per_100_jobs",
                "Places de BTS industriels pour 100 emplois industriels",
                "pour 100 emplois",
                "Places de BTS industriels rapportées aux emplois salariés de l'industrie (FLORES 2023).",
                ("bts_capacites", "bcn", "certif_info", "dares_fap", "employment_ze"),
                "bts_places_per_100_jobs",
                "higher_is_better",
                "dec1",
                "Parcoursup 2022-2024 ; FLORES 2023",
            ),
            (
                "bts_apprenticeship_share",
                "Part des places de BTS industriels en apprentissage",
                "%",
                "Places de BTS industriels offertes en apprentissage rapportées à toutes les places de BTS "
                "industriels.",
                ("bts_capacites", "bcn", "certif_info", "dares_fap"),
                "bts_apprenticeship_share",
                "higher_is_better",
                "pct",
                "Parcoursup 2022-2024",
            ),
            (
                "bts_applications_per_place",
                "Vœux par place de BTS industriel",
                "vœux par place",
                "Vœux confirmés sur Parcoursup rapportés aux places offertes : l'attractivité des BTS industriels.",
                ("bts_capacites",),
                "bts_applications_per_place",
                "higher_is_better",
                "dec1",
                "Parcoursup 2022-2024",
            ),
            (
                "contracts_per_1000_jobs",
                "Contrats d'apprentissage pour 1 000 emplois",
                "pour 1 000 emplois",
                "Nouveaux contrats d'apprentissage de l'année (2023) rapportés à l'emploi salarié (FLORES 2023) ; "
                "connus par département : une zone d'emploi reçoit la valeur de son département principal.",
                ("apprentissage_dep", "employment_ze"),
                "contracts_per_1000_jobs",
                "higher_is_better",
                "dec1",
                "DARES / DITP 2023 ; FLORES 2023",
            ),
        )
    ),
)


def catalogue(bmo_years: list[int]) -> list[dict]:
    """The catalogue as plain records, with source ids and vintages resolved from the data."""
    records = []
    span = f"{min(bmo_years)}-{max(bmo_years)}" if bmo_years else ""
    for indicator in CATALOGUE:
        record = asdict(indicator)
        sources: list[str] = []
        for source in indicator.sources:
            sources.extend(source.format(year=y) for y in bmo_years) if "{year}" in source else sources.append(source)
        record["sources"] = sources
        if indicator.vintage:
            record["vintage"] = indicator.vintage.format(span=span)
        else:
            record["vintage"] = (
                f"Enquête BMO {span}" if indicator.table.startswith("bmo") else "Population 2021, COG 2024"
            )
        records.append(record)
    return records


def bmo_years(tables: dict[str, pd.DataFrame]) -> list[int]:
    return sorted(int(y) for y in tables["bmo"]["year"].unique()) if "bmo" in tables else []
