"""territory_indicators: one row per territory and survey year, every family joined.

Only the inputs are listed here; the ratio columns come from the indicator declarations
(etl/indicators.py), which also drive their computation.
"""

from __future__ import annotations

from etl import indicators
from etl.schema.fields import field, indicator_field, survey_year
from etl.schema.validation import Column, Table, share_column


def _input(name: str, description: str, unit: str | None = None) -> Column:
    return Column(name, "float64", description, nullable=True, min=0.0, unit=unit)


TERRITORY_INDICATORS = Table(
    "territory_indicators",
    "Indicateurs par territoire et année d'enquête BMO, avec numérateurs et dénominateurs",
    (
        field("level"),
        field("code"),
        field("dep", "Département (principal pour une zone d'emploi)", nullable=True),
        field("reg", "Région (principale pour une zone d'emploi)", nullable=True),
        field("typology", nullable=True),
        survey_year("Année de l'enquête BMO"),
        _input("industrial_projects", "Projets de recrutement industriels (somme des cellules publiées)", "projets"),
        _input("industrial_difficult", "Projets industriels jugés difficiles (publiés)", "projets"),
        _input("industrial_seasonal", "Projets industriels saisonniers (publiés)", "projets"),
        _input("industrial_projects_secret", "Cellules « projets industriels » secrètes", "cellules"),
        _input(
            "industrial_projects_high", "Borne haute des projets industriels (cellules secrètes au maximum)", "projets"
        ),
        share_column(
            "industrial_difficult_share_low", "Borne basse de la part des projets industriels jugés difficiles"
        ),
        share_column(
            "industrial_difficult_share_high", "Borne haute de la part des projets industriels jugés difficiles"
        ),
        Column("industrial_flagged", "boolean", "Chiffres industriels fragiles (voir bmo_agg.flagged)", nullable=True),
        Column("industrial_caveat", "str", "Raisons de la prudence sur les chiffres industriels", nullable=True),
        _input("all_projects", "Projets de recrutement, tous métiers", "projets"),
        _input("jobs_total", "Emplois salariés (FLORES)", "emplois"),
        _input("jobs_industry", "Emplois salariés industriels (FLORES, A5 BE)", "emplois"),
        _input(
            "industrial_occupation_jobs", "Emplois 2019 des métiers industriels (projection Métiers 2030)", "emplois"
        ),
        indicator_field("departures_10y"),
        indicator_field("departures_census_10y"),
        indicator_field("positions_10y", min=None),
        _input("young_entrants_10y", "Jeunes débutants attendus sur dix ans dans les métiers industriels", "personnes"),
        Column(
            "uncovered_by_young_10y",
            "float64",
            "Postes à pourvoir industriels que les jeunes débutants ne couvrent pas (négatif : excédent)",
            nullable=True,
            unit="postes",
        ),
        _input("census_population", "Population au recensement 2022", "habitants"),
        _input("pop_5564", "Population de 55 à 64 ans", "habitants"),
        _input("pop_2554", "Population de 25 à 54 ans", "habitants"),
        _input("employed_5564", "Personnes de 55 à 64 ans en emploi", "personnes"),
        field("year", "Session Parcoursup associée", name="bts_year", nullable=True),
        _input("bts_places", "Places de BTS industriels (domaines FAP C à H)", "places"),
        _input("bts_places_apprenticeship", "Dont places en apprentissage", "places"),
        share_column(
            "bts_apprenticeship_located_share",
            "Part des places de BTS industriels en apprentissage localisées dans une zone d'emploi (département "
            "principal pour une zone ; les autres ne sont connues qu'au département)",
        ),
        indicator_field("bts_applications_per_place", "Vœux confirmés par place de BTS industriel"),
        _input("apprenticeship_contracts", "Contrats d'apprentissage (département, région, France)", "contrats"),
        Column("contracts_from_departement", "bool", "Valeur du département principal (zone d'emploi)"),
        *(indicator_field(indicator.id) for indicator in indicators.ratios_of("territory_indicators")),
        field("year", "Millésime des emplois", name="jobs_year"),
        field("year", "Année des contrats d'apprentissage", name="contracts_year"),
    ),
    key=("level", "code", "year"),
)

TABLES = (TERRITORY_INDICATORS,)
