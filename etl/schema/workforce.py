"""Published tables of the workforce family (gathered in etl/schema/__init__.py).

Census age structure, population pyramids, salaried jobs by employment area, age of the workforce
by occupation (DARES) and the estimate of industrial retirements built from them; jobs at the place
of work by commune (census 2018), which weight the BMO bassins.
"""

from __future__ import annotations

import pandas as pd

from contract.domain import TERRITORY_LEVELS
from etl.schema.fields import LEVEL_CODE, field
from etl.schema.validation import Column, Table, TableCheck, count_column, le_check, share_column

COMMUNE_LEVELS = ("commune", *TERRITORY_LEVELS)
PYRAMID_BANDS = tuple(f"{a}-{a + 4}" for a in range(0, 95, 5)) + ("95+", "90+")
FAP_AGE_BANDS = ("15-24", "25-29", "30-34", "35-39", "40-44", "45-49", "50-54", "55-59", "60+")
FAP_LEVELS = ("domain", "fap87", "fap225", "group")
PERIOD = r"^\d{4}-\d{4}$"


def _missing_when_uncovered(flag: str, columns: tuple[str, ...]) -> TableCheck:
    """Rows without source data carry no figure at all (never a zero)."""

    def check(frame: pd.DataFrame) -> str | None:
        uncovered = ~frame[flag]
        for column in columns:
            bad = uncovered & frame[column].notna()
            if bad.any():
                return f"{int(bad.sum())} row(s) without data ({flag} False) carry a value in {column!r}"
        return None

    return check


def _float_count(name: str, description: str) -> Column:
    return Column(name, "float64", description, nullable=True, min=0.0, unit="personnes")


_AGE_COUNTS = (
    ("0014", "0 à 14 ans"),
    ("1524", "15 à 24 ans"),
    ("2554", "25 à 54 ans"),
    ("5564", "55 à 64 ans"),
    ("6579", "65 à 79 ans"),
    ("80p", "80 ans ou plus"),
    ("60p", "60 ans ou plus"),
)

AGE_STRUCTURE = Table(
    "age_structure",
    "Structure par âge et taux d'emploi des 55-64 ans (recensement 2022, IRIS agrégés) par commune, zone d'emploi, "
    "département, région et France métropolitaine",
    (
        field("level", values=COMMUNE_LEVELS),
        field("code", "Code du territoire (FR pour la France métropolitaine)", pattern=LEVEL_CODE),
        _float_count("population", "Population au recensement 2022 (vide si hors champ du fichier)"),
        *(_float_count(f"pop_{key}", f"Population âgée de {label} (somme des IRIS)") for key, label in _AGE_COUNTS),
        _float_count("employed_5564", "Personnes de 55 à 64 ans en emploi (somme des IRIS)"),
        *(share_column(f"share_{key}", f"Part de la population âgée de {label}") for key, label in _AGE_COUNTS),
        share_column("share_5564_of_2564", "Part des 55-64 ans parmi les 25-64 ans"),
        share_column("employment_rate_5564", "Taux d'emploi des 55-64 ans"),
        Column("census_covered", "bool", "Le territoire a des données du recensement dans le fichier IRIS"),
        share_column(
            "covered_pop_share",
            "Part de la population municipale 2021 du territoire vivant dans une commune présente dans le fichier",
        ),
        count_column("n_iris", "Nombre d'IRIS agrégés", "Int32"),
    ),
    key=("level", "code"),
    checks=(
        _missing_when_uncovered("census_covered", ("population", "pop_5564", "share_5564", "share_5564_of_2564")),
        le_check("employed_5564", "pop_5564", 1e-6),
        le_check("pop_5564", "population", 1e-6),
        le_check("pop_60p", "population", 1e-6),
    ),
)

POPULATION_PYRAMIDS = Table(
    "population_pyramids",
    "Estimations de population au 1er janvier par département, sexe et tranche d'âge quinquennale (INSEE, 1975-2025)",
    (
        field("dep"),
        Column("year", "Int16", "Année (population au 1er janvier)", min=1975, max=2100),
        Column("sex", "str", "Sexe (M hommes, F femmes)", values=("M", "F")),
        Column(
            "age_band",
            "str",
            "Tranche d'âge ; « 90+ » seulement pour les DOM de 1990 à 1998, sans détail au-delà de 90 ans",
            values=PYRAMID_BANDS,
        ),
        Column("age_start", "Int16", "Premier âge de la tranche", min=0, max=95, unit="ans"),
        count_column("population", "Population estimée"),
        Column("provisional", "bool", "Estimation non définitive (résultats provisoires ou précoces de l'INSEE)"),
        Column(
            "estimate_status",
            "str",
            "Statut de l'estimation indiqué par l'INSEE (early = précoce, provisional, final)",
            values=("early", "provisional", "final"),
        ),
    ),
    key=("dep", "year", "sex", "age_band"),
)

JOBS = Table(
    "jobs",
    "Emploi salarié total et industriel (FLORES : tous salariés ; URSSAF : salariés du privé) par zone d'emploi, "
    "département, région et France",
    (
        field("level"),
        field("code", "Code du territoire (FR pour la France)"),
        field("year"),
        Column("source", "str", "Source : FLORES (INSEE) ou URSSAF", values=("FLORES", "URSSAF")),
        Column("jobs_total", "float64", "Emplois salariés, tous secteurs (vide si absent)", nullable=True, min=0.0),
        Column(
            "jobs_industry",
            "float64",
            "Emplois salariés de l'industrie (A5 BE : extraction, manufacturière, énergie, eau)",
            nullable=True,
            min=0.0,
        ),
        Column(
            "estimated",
            "bool",
            "Chiffre estimé : une zone d'emploi à cheval est répartie au prorata de la population des communes",
        ),
    ),
    key=("level", "code", "year", "source"),
    checks=(le_check("jobs_industry", "jobs_total", 1e-6),),
)

JOBS_A38 = Table(
    "jobs_a38",
    "Emploi salarié (FLORES) par zone d'emploi et secteur d'activité A38",
    (
        field("ze2020"),
        field("year"),
        Column("a38", "str", "Secteur d'activité (NAF A38)", pattern=r"^[A-Z]{2}$"),
        Column("a38_label", "str", "Libellé du secteur"),
        Column("a5", "str", "Grand secteur A5 (BE = industrie)", values=("AZ", "BE", "FZ", "GU", "OQ")),
        count_column("jobs", "Emplois salariés (cellule absente du fichier = 0)"),
    ),
    key=("ze2020", "year", "a38"),
)

_FAP_KEY_COLUMNS = (
    field("nomenclature", values=("FAP2009",)),
    Column(
        "level",
        "str",
        "Niveau : domaine (lettre), FAP 87, FAP 225, ou groupe (industrial = domaines C à H, all = tous métiers)",
        values=FAP_LEVELS,
    ),
    Column(
        "code",
        "str",
        "Code FAP ou du groupe",
        pattern=r"^([A-Z]|[A-Z]\d[A-Z]|[A-Z]\d[A-Z]\d{2}|ZZZ|ZZZZZ|industrial|all)$",
    ),
    Column("label", "str", "Libellé"),
    Column("period", "str", "Période de l'enquête Emploi (moyenne sur trois ans)", pattern=PERIOD),
)

FAP_AGE = Table(
    "fap_age",
    "Personnes en emploi par métier (FAP 2009) et tranche d'âge, France, moyennes triennales (DARES, enquête Emploi)",
    (
        *_FAP_KEY_COLUMNS,
        Column("age_band", "str", "Tranche d'âge", values=FAP_AGE_BANDS),
        Column("age_start", "Int16", "Premier âge de la tranche", min=15, max=60, unit="ans"),
        Column(
            "employed_thousands",
            "float64",
            "Personnes en emploi (milliers, moyenne annuelle ; vide si non publié)",
            nullable=True,
            min=0.0,
            unit="milliers",
        ),
    ),
    key=("level", "code", "period", "age_band"),
)

FAP_AGE_SHARE = Table(
    "fap_age_share",
    "Part des personnes en emploi âgées de 50, 55 et 60 ans ou plus par métier (FAP 2009), France (DARES)",
    (
        *_FAP_KEY_COLUMNS,
        field("industrial"),
        Column("employed_thousands", "float64", "Personnes en emploi (milliers)", min=0.0, unit="milliers"),
        share_column("share_50p", "Part des 50 ans ou plus"),
        share_column("share_55p", "Part des 55 ans ou plus"),
        share_column("share_60p", "Part des 60 ans ou plus"),
    ),
    key=("level", "code", "period"),
    checks=(le_check("share_55p", "share_50p"), le_check("share_60p", "share_55p")),
)

DEPARTURES = Table(
    "departures",
    "Départs en fin de carrière attendus dans l'emploi industriel sur dix ans (estimation) par territoire",
    (
        field("level"),
        field("code", "Code du territoire (FR pour la France)"),
        Column("industrial_jobs", "float64", "Emplois salariés industriels (FLORES, A5 BE)", nullable=True, min=0.0),
        Column("jobs_estimated", "bool", "Emplois estimés par répartition des zones d'emploi à cheval"),
        share_column(
            "national_share_55p_industrial", "Part des 55 ans ou plus dans les métiers industriels (France)", False
        ),
        share_column("share_5564_of_2564", "Part des 55-64 ans parmi les 25-64 ans du territoire (recensement)"),
        share_column("france_share_5564_of_2564", "Même part en France métropolitaine", False),
        Column(
            "ageing_ratio",
            "float64",
            "Indice de vieillissement : part locale des 55-64 ans / part France (vide sans recensement)",
            nullable=True,
            min=0.0,
        ),
        Column("departures_10y", "float64", "Départs estimés sur dix ans", nullable=True, min=0.0, unit="emplois"),
        Column("departures_per_year", "float64", "Départs estimés par an", nullable=True, min=0.0, unit="emplois"),
        Column("jobs_year", "Int16", "Millésime des emplois (FLORES)", min=2000, max=2100),
        Column("census_year", "Int16", "Millésime du recensement", min=2000, max=2100),
        Column("age_period", "str", "Période de la structure par âge des métiers (DARES)", pattern=PERIOD),
    ),
    key=("level", "code"),
)

COMMUNE_JOBS = Table(
    "commune_jobs",
    "Emplois au lieu de travail et population par commune 2024 (recensement 2018, INSEE comparateur de "
    "territoires, communes 2021 ramenées au COG 2024)",
    (
        field("commune"),
        Column(
            "jobs",
            "float64",
            "Emplois au lieu de travail en 2018 (P18_EMPLT ; vide si absent du fichier, jamais zéro)",
            nullable=True,
            min=0.0,
            unit="emplois",
        ),
        Column(
            "salaried_jobs",
            "float64",
            "Emplois salariés au lieu de travail en 2018 (P18_EMPLT_SAL)",
            nullable=True,
            min=0.0,
            unit="emplois",
        ),
        Column(
            "population_2018",
            "float64",
            "Population municipale 2018 (P18_POP)",
            nullable=True,
            min=0.0,
            unit="personnes",
        ),
    ),
    key=("commune",),
    checks=(le_check("salaried_jobs", "jobs", 1e-6),),
)


TABLES: tuple[Table, ...] = (
    AGE_STRUCTURE,
    POPULATION_PYRAMIDS,
    JOBS,
    JOBS_A38,
    FAP_AGE,
    FAP_AGE_SHARE,
    DEPARTURES,
    COMMUNE_JOBS,
)
