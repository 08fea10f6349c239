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
        record["vintage"] = f"Enquête BMO {span}" if indicator.table.startswith("bmo") else "Population 2021, COG 2024"
        records.append(record)
    return records


def bmo_years(tables: dict[str, pd.DataFrame]) -> list[int]:
    return sorted(int(y) for y in tables["bmo"]["year"].unique()) if "bmo" in tables else []
