"""Published tables of the BMO survey: cells, occupations, bassin allocation, totals by territory."""

from __future__ import annotations

from contract.reliability import REASONS
from etl.schema.fields import field, indicator_field, survey_year
from etl.schema.validation import Column, Table, count_column, flag_check, le_check, share_column


def _measure(name: str, description: str) -> Column:
    return Column(name, "float64", description, nullable=True, min=0.0, unit="projets")


def _high(name: str, description: str) -> Column:
    return Column(name, "float64", description, min=0.0, unit="projets")


_BMO_MEASURES = (
    _measure("projects", "Projets de recrutement (vide si secret ; décimales en 2016-2018, estimations pondérées)"),
    _measure("difficult", "Projets jugés difficiles (vide si secret)"),
    _measure("seasonal", "Projets saisonniers (vide si secret)"),
    Column("projects_secret", "bool", "Cellule « projets » couverte par le secret statistique (*)"),
    Column("difficult_secret", "bool", "Cellule « difficiles » couverte par le secret statistique (*)"),
    Column("seasonal_secret", "bool", "Cellule « saisonniers » couverte par le secret statistique (*)"),
    _high("projects_high", "Borne haute des projets : la valeur publiée, sinon le plus qu'une cellule secrète cache"),
    _high("difficult_high", "Borne haute des projets difficiles (jamais plus que les projets de la cellule)"),
    _high("seasonal_high", "Borne haute des projets saisonniers (jamais plus que les projets de la cellule)"),
)

_OCCUPATION_COLUMNS = (
    Column("occupation", "str", "Code métier BMO (FAP)", pattern=r"^[A-X][0-9A-Z][A-Z]\d{2}$"),
    field("nomenclature", "Nomenclature du code métier"),
    field("fap_domain"),
    field("industrial"),
)

BMO = Table(
    "bmo",
    "Enquête BMO : projets de recrutement par bassin, département et métier",
    (
        survey_year(),
        field("bassin"),
        Column("bassin_name", "str", "Nom du bassin"),
        field("dep", "Département"),
        field("reg", "Région"),
        *_OCCUPATION_COLUMNS[:1],
        Column("occupation_name", "str", "Libellé du métier BMO"),
        Column("family", "str", "Famille de métiers BMO (lettre)", pattern=r"^[A-Z]$"),
        Column("family_name", "str", "Libellé de la famille de métiers BMO"),
        *_OCCUPATION_COLUMNS[1:],
        *_BMO_MEASURES,
    ),
    key=("year", "bassin", "bassin_name", "dep", "occupation"),
    checks=(
        flag_check("projects", "projects_secret"),
        flag_check("difficult", "difficult_secret"),
        flag_check("seasonal", "seasonal_secret"),
        le_check("difficult", "projects"),
        le_check("seasonal", "projects"),
        le_check("projects", "projects_high"),
        le_check("difficult_high", "projects_high"),
        le_check("seasonal_high", "projects_high"),
    ),
)

OCCUPATIONS = Table(
    "occupations",
    "Métiers BMO par nomenclature, avec domaine FAP et famille",
    (
        field("nomenclature", "Nomenclature"),
        Column("occupation", "str", "Code métier", pattern=r"^[A-X][0-9A-Z][A-Z]\d{2}$"),
        Column("occupation_name", "str", "Libellé du métier (dernière enquête)"),
        field("fap_domain", "Domaine FAP"),
        field("industrial"),
        Column("family", "str", "Famille BMO", pattern=r"^[A-Z]$"),
        Column("family_name", "str", "Libellé de la famille BMO"),
        Column("years", "list", "Années d'enquête où le métier figure"),
    ),
    key=("nomenclature", "occupation"),
)

FAP_DOMAINS = Table(
    "fap_domains",
    "Domaines professionnels FAP (22) des nomenclatures 2009 et 2021",
    (
        field("nomenclature", "Nomenclature"),
        field("fap_domain", "Lettre du domaine", name="domain"),
        Column("domain_name", "str", "Libellé du domaine"),
        field("industrial", "Domaine industriel (C à H)"),
    ),
    key=("nomenclature", "domain"),
)

BMO_BASSINS = Table(
    "bmo_bassins",
    "Passage des bassins BMO aux zones d'emploi : méthode et poids de chaque bassin x département",
    (
        survey_year(),
        field("bassin", "Code du bassin"),
        field("dep", "Département"),
        Column("bassin_name", "str", "Nom du bassin"),
        Column(
            "method",
            "str",
            "Méthode de ventilation",
            values=("table", "renamed", "neighbour", "departement", "outside"),
        ),
        count_column("n_communes", "Communes sur lesquelles le bassin est ventilé", "int64"),
        Column("projects", "float64", "Projets connus (hors secret)", min=0.0, unit="projets"),
        count_column("projects_secret", "Cellules « projets » secrètes", "int64"),
        count_column("cells", "Cellules métier", "int64"),
    ),
    key=("year", "bassin", "bassin_name", "dep"),
)

_ADDITIVE = (
    Column("projects", "float64", "Projets connus (somme, hors secret : un minimum)", min=0, unit="projets"),
    Column(
        "difficult", "float64", "Projets difficiles connus (somme, hors secret : un minimum)", min=0, unit="projets"
    ),
    Column(
        "seasonal", "float64", "Projets saisonniers connus (somme, hors secret : un minimum)", min=0, unit="projets"
    ),
    _high("projects_high", "Borne haute des projets (cellules secrètes à leur maximum)"),
    _high("difficult_high", "Borne haute des projets difficiles"),
    _high("seasonal_high", "Borne haute des projets saisonniers"),
    _high(
        "projects_fallback",
        "Projets arrivés dans la zone par la répartition sur tout le département (bassin absent de la table 2021)",
    ),
    count_column("cells", "Cellules d'enquête (bassin x département x métier) contributives", "int64"),
    count_column("projects_secret", "Cellules « projets » secrètes contributives", "int64"),
    count_column("difficult_secret", "Cellules « difficiles » secrètes contributives", "int64"),
    count_column("seasonal_secret", "Cellules « saisonniers » secrètes contributives", "int64"),
)

BMO_ZE = Table(
    "bmo_ze",
    "Enquête BMO ventilée en zones d'emploi (au prorata des emplois au lieu de travail des communes de chaque "
    "bassin, recensement 2018)",
    (
        survey_year(),
        field("ze2020"),
        *_OCCUPATION_COLUMNS,
        *_ADDITIVE,
    ),
    key=("year", "ze2020", "occupation"),
    checks=(le_check("projects", "projects_high"), le_check("difficult_high", "projects_high")),
)

BMO_AGG = Table(
    "bmo_agg",
    "Enquête BMO agrégée par territoire (France, région, département, zone d'emploi) et périmètre de métiers",
    (
        survey_year(),
        field("level"),
        field("code"),
        field("scope"),
        *_ADDITIVE,
        indicator_field("bmo_difficult_share", "Projets difficiles publiés / projets publiés (minimum)"),
        indicator_field("bmo_seasonal_share", "Projets saisonniers publiés / projets publiés (minimum)"),
        indicator_field("bmo_difficult_share_low"),
        indicator_field("bmo_difficult_share_high"),
        share_column(
            "seasonal_share_low", "Borne basse de la part saisonnière (aucun saisonnier dans les cellules secrètes)"
        ),
        share_column("seasonal_share_high", "Borne haute de la part saisonnière (cellules secrètes au maximum)"),
        *(Column(flag, "bool", f"Chiffre fragile : {text}") for flag, text in REASONS.items()),
        Column("flagged", "bool", "Chiffre fragile, à interpréter avec prudence (au moins une des raisons ci-dessus)"),
        Column("caveat", "str", "Raisons de la prudence, en clair (vide si le chiffre est solide)", nullable=True),
    ),
    key=("year", "level", "code", "scope"),
    checks=(
        le_check("projects", "projects_high"),
        le_check("difficult_share_low", "difficult_share"),
        le_check("difficult_share", "difficult_share_high"),
        le_check("seasonal_share_low", "seasonal_share"),
        le_check("seasonal_share", "seasonal_share_high"),
    ),
)


BMO_ALLOCATION = Table(
    "bmo_allocation",
    "Effet de la règle de ventilation des bassins BMO : projets de chaque zone d'emploi répartis au prorata des "
    "emplois au lieu de travail (règle retenue) ou de la population (alternative), et l'écart entre les deux",
    (
        survey_year(),
        field("ze2020"),
        field(
            "scope", "Périmètre : all (tous métiers) ou industrial (métiers industriels)", values=("all", "industrial")
        ),
        Column(
            "projects_jobs",
            "float64",
            "Projets connus ventilés au prorata des emplois au lieu de travail (règle retenue, = bmo_ze)",
            min=0.0,
            unit="projets",
        ),
        Column(
            "projects_population",
            "float64",
            "Projets connus ventilés au prorata de la population des communes (alternative)",
            min=0.0,
            unit="projets",
        ),
        Column(
            "move", "float64", "Écart : projets selon les emplois moins projets selon la population", unit="projets"
        ),
        Column(
            "move_share",
            "float64",
            "Écart rapporté aux projets selon la population (vide si ceux-ci sont nuls)",
            nullable=True,
            min=-1.0,
            unit="part",
        ),
    ),
    key=("year", "ze2020", "scope"),
)


TABLES = (BMO, OCCUPATIONS, FAP_DOMAINS, BMO_BASSINS, BMO_ZE, BMO_AGG, BMO_ALLOCATION)
