"""Every published table: columns, types, keys and constraints (machinery in etl/validation.py).

Families of tables are declared here or in etl/schemas_<family>.py modules, all gathered in TABLES.
"""

from __future__ import annotations

from etl.validation import (
    BASSIN,
    COMMUNE,
    DEP,
    REG,
    YEAR,
    ZE,
    Column,
    Table,
    count_column,
    flag_check,
    le_check,
    share_column,
    validate,
)

__all__ = ["TABLES", "Column", "Table", "validate"]

POPULATION_COLUMNS = (
    count_column("n_communes", "Nombre de communes"),
    count_column("population", "Population municipale 2021 (grille de densité INSEE 2024)"),
    share_column("rural_pop_share", "Part de la population vivant dans une commune rurale (densité 5 à 7)", False),
    share_column("urban_pop_share", "Part de la population vivant dans une commune urbaine dense (densité 1)", False),
    share_column(
        "intermediate_pop_share",
        "Part de la population vivant dans une commune de densité intermédiaire (2 à 4)",
        False,
    ),
    Column(
        "typology",
        "str",
        "Typologie urbain/rural d'après la part de population rurale",
        values=("urbain", "intermediaire", "rural"),
    ),
)

# ---------------------------------------------------------------- geography

COMMUNES = Table(
    "communes",
    "Communes au 1er janvier 2024 avec leurs zonages, niveau de densité et population",
    (
        Column("commune", "str", "Code commune INSEE (COG 2024)", pattern=COMMUNE),
        Column("name", "str", "Nom de la commune"),
        Column("dep", "str", "Code du département", pattern=DEP),
        Column("reg", "str", "Code de la région", pattern=REG),
        Column("ze2020", "str", "Zone d'emploi 2020", pattern=ZE),
        Column("uu2020", "str", "Unité urbaine 2020 (xx000 = hors unité urbaine)", pattern=r"^[0-9A-Z]{5}$"),
        Column("aav2020", "str", "Aire d'attraction des villes 2020 (000 = hors attraction)", pattern=r"^[0-9A-Z]{3}$"),
        Column(
            "aav_category",
            "Int8",
            "Catégorie dans l'aire (11-13 pôle, 20 couronne, 30 hors aire; table 2023)",
            nullable=True,
            values=(11, 12, 13, 20, 30),
        ),
        Column(
            "density7",
            "Int8",
            "Grille de densité à 7 niveaux (1 urbain dense ... 7 rural très peu dense)",
            min=1,
            max=7,
        ),
        Column("rural", "bool", "Commune rurale (densité 5 à 7)"),
        count_column("population", "Population municipale 2021"),
    ),
    key=("commune",),
)

COMMUNES_GEO = Table(
    "communes_geo",
    "Contours des communes (IGN ADMIN EXPRESS simplifié, DROM en encart)",
    (Column("commune", "str", "Code commune INSEE", pattern=COMMUNE), Column("geometry", "geometry", "Contour")),
    key=("commune",),
    geometry=True,
)

ZONES_EMPLOI = Table(
    "zones_emploi",
    "Zones d'emploi 2020 : population, composition urbain/rural et contour simplifié",
    (
        Column("ze2020", "str", "Code de la zone d'emploi 2020", pattern=ZE),
        Column("name", "str", "Nom de la zone d'emploi"),
        Column("reg", "str", "Région principale (la plus peuplée de la zone)", pattern=REG),
        Column("regs", "list", "Régions touchées par la zone, de la plus à la moins peuplée"),
        Column("dep", "str", "Département principal", pattern=DEP),
        Column("deps", "list", "Départements touchés par la zone"),
        Column("cross_region", "bool", "La zone s'étend sur plusieurs régions"),
        Column("overseas", "bool", "Zone d'outre-mer (affichée en encart)"),
        *POPULATION_COLUMNS,
        Column("geometry", "geometry", "Contour simplifié sans trou ni chevauchement"),
    ),
    key=("ze2020",),
    geometry=True,
)

DEPARTEMENTS = Table(
    "departements",
    "Départements : population, composition urbain/rural et contour simplifié",
    (
        Column("dep", "str", "Code du département", pattern=DEP),
        Column("name", "str", "Nom du département"),
        Column("reg", "str", "Région", pattern=REG),
        Column("overseas", "bool", "Département d'outre-mer"),
        *POPULATION_COLUMNS,
        Column("geometry", "geometry", "Contour simplifié"),
    ),
    key=("dep",),
    geometry=True,
)

REGIONS = Table(
    "regions",
    "Régions : population, composition urbain/rural et contour simplifié",
    (
        Column("reg", "str", "Code de la région", pattern=REG),
        Column("name", "str", "Nom de la région"),
        Column("overseas", "bool", "Région d'outre-mer"),
        *POPULATION_COLUMNS,
        Column("geometry", "geometry", "Contour simplifié"),
    ),
    key=("reg",),
    geometry=True,
)

# ---------------------------------------------------------------- BMO

_BMO_MEASURES = (
    count_column("projects", "Projets de recrutement (vide si secret)", nullable=True),
    count_column("difficult", "Projets jugés difficiles (vide si secret)", nullable=True),
    count_column("seasonal", "Projets saisonniers (vide si secret)", nullable=True),
    Column("projects_secret", "bool", "Cellule « projets » couverte par le secret statistique (*)"),
    Column("difficult_secret", "bool", "Cellule « difficiles » couverte par le secret statistique (*)"),
    Column("seasonal_secret", "bool", "Cellule « saisonniers » couverte par le secret statistique (*)"),
)

_OCCUPATION_COLUMNS = (
    Column("occupation", "str", "Code métier BMO (FAP)", pattern=r"^[A-X][0-9A-Z][A-Z]\d{2}$"),
    Column("nomenclature", "str", "Nomenclature du code métier", values=("FAP2009", "FAP2021")),
    Column("fap_domain", "str", "Domaine professionnel FAP (première lettre du code)", pattern=r"^[A-X]$"),
    Column("industrial", "bool", "Métier industriel (domaines C, D, E, F, G, H)"),
)

BMO = Table(
    "bmo",
    "Enquête BMO : projets de recrutement par bassin, département et métier",
    (
        Column("year", "Int16", "Année de l'enquête", min=YEAR[0], max=YEAR[1]),
        Column("bassin", "str", "Code du bassin BMO", pattern=BASSIN),
        Column("bassin_name", "str", "Nom du bassin"),
        Column("dep", "str", "Département", pattern=DEP),
        Column("reg", "str", "Région", pattern=REG),
        *_OCCUPATION_COLUMNS[:1],
        Column("occupation_name", "str", "Libellé du métier BMO"),
        Column("family", "str", "Famille de métiers BMO (lettre)", pattern=r"^[A-Z]$"),
        Column("family_name", "str", "Libellé de la famille de métiers BMO"),
        *_OCCUPATION_COLUMNS[1:],
        *_BMO_MEASURES,
    ),
    key=("year", "bassin", "dep", "occupation"),
    checks=(
        flag_check("projects", "projects_secret"),
        flag_check("difficult", "difficult_secret"),
        flag_check("seasonal", "seasonal_secret"),
        le_check("difficult", "projects"),
        le_check("seasonal", "projects"),
    ),
)

OCCUPATIONS = Table(
    "occupations",
    "Métiers BMO par nomenclature, avec domaine FAP et famille",
    (
        Column("nomenclature", "str", "Nomenclature", values=("FAP2009", "FAP2021")),
        Column("occupation", "str", "Code métier", pattern=r"^[A-X][0-9A-Z][A-Z]\d{2}$"),
        Column("occupation_name", "str", "Libellé du métier (dernière enquête)"),
        Column("fap_domain", "str", "Domaine FAP", pattern=r"^[A-X]$"),
        Column("industrial", "bool", "Métier industriel"),
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
        Column("nomenclature", "str", "Nomenclature", values=("FAP2009", "FAP2021")),
        Column("domain", "str", "Lettre du domaine", pattern=r"^[A-X]$"),
        Column("domain_name", "str", "Libellé du domaine"),
        Column("industrial", "bool", "Domaine industriel (C à H)"),
    ),
    key=("nomenclature", "domain"),
)

BMO_BASSINS = Table(
    "bmo_bassins",
    "Passage des bassins BMO aux zones d'emploi : méthode et poids de chaque bassin x département",
    (
        Column("year", "Int16", "Année de l'enquête", min=YEAR[0], max=YEAR[1]),
        Column("bassin", "str", "Code du bassin", pattern=BASSIN),
        Column("dep", "str", "Département", pattern=DEP),
        Column("bassin_name", "str", "Nom du bassin"),
        Column(
            "method",
            "str",
            "Méthode de ventilation",
            values=("table", "renamed", "neighbour", "departement", "outside"),
        ),
        count_column("n_communes", "Communes sur lesquelles le bassin est ventilé", "int64"),
        count_column("projects", "Projets connus (hors secret)", "int64"),
        count_column("projects_secret", "Cellules « projets » secrètes", "int64"),
        count_column("cells", "Cellules métier", "int64"),
    ),
    key=("year", "bassin", "dep"),
)

_ADDITIVE = (
    Column("projects", "float64", "Projets connus (somme, hors secret)", min=0, unit="projets"),
    Column("difficult", "float64", "Projets difficiles connus (somme, hors secret)", min=0, unit="projets"),
    Column("seasonal", "float64", "Projets saisonniers connus (somme, hors secret)", min=0, unit="projets"),
    Column("projects_known_difficult", "float64", "Projets des cellules où projets et difficiles sont connus", min=0),
    Column("difficult_known", "float64", "Difficiles des cellules où projets et difficiles sont connus", min=0),
    Column("projects_known_seasonal", "float64", "Projets des cellules où projets et saisonniers sont connus", min=0),
    Column("seasonal_known", "float64", "Saisonniers des cellules où projets et saisonniers sont connus", min=0),
    count_column("cells", "Cellules d'enquête (bassin x département x métier) contributives", "int64"),
    count_column("projects_secret", "Cellules « projets » secrètes contributives", "int64"),
    count_column("difficult_secret", "Cellules « difficiles » secrètes contributives", "int64"),
    count_column("seasonal_secret", "Cellules « saisonniers » secrètes contributives", "int64"),
)

BMO_ZE = Table(
    "bmo_ze",
    "Enquête BMO ventilée en zones d'emploi (au prorata de la population des communes de chaque bassin)",
    (
        Column("year", "Int16", "Année de l'enquête", min=YEAR[0], max=YEAR[1]),
        Column("ze2020", "str", "Zone d'emploi 2020", pattern=ZE),
        *_OCCUPATION_COLUMNS,
        *_ADDITIVE,
    ),
    key=("year", "ze2020", "occupation"),
    checks=(le_check("difficult_known", "projects_known_difficult"),),
)

BMO_AGG = Table(
    "bmo_agg",
    "Enquête BMO agrégée par territoire (France, région, département, zone d'emploi) et périmètre de métiers",
    (
        Column("year", "Int16", "Année de l'enquête", min=YEAR[0], max=YEAR[1]),
        Column("level", "str", "Niveau géographique", values=("fr", "reg", "dep", "ze")),
        Column("code", "str", "Code du territoire", pattern=r"^(FR|\d{2}|2[AB]|97\d|\d{4})$"),
        Column(
            "scope", "str", "Périmètre : all, industrial ou lettre de domaine FAP", pattern=r"^(all|industrial|[A-X])$"
        ),
        *_ADDITIVE,
        share_column("difficult_share", "Projets difficiles publiés / projets publiés (minimum)"),
        share_column("seasonal_share", "Projets saisonniers publiés / projets publiés (minimum)"),
        share_column(
            "difficult_share_known_cells", "Part difficile sur les cellules où les deux chiffres sont publiés"
        ),
        share_column(
            "seasonal_share_known_cells", "Part saisonnière sur les cellules où les deux chiffres sont publiés"
        ),
    ),
    key=("year", "level", "code", "scope"),
    checks=(le_check("difficult_known", "projects_known_difficult"),),
)

# ---------------------------------------------------------------- DARES tensions 2019

_CLASS = "Classe de 1 (très faible) à 5 (très forte)"
TENSIONS_2019 = Table(
    "tensions_2019",
    "Indicateurs de tension 2019 (DARES-France Travail) et leurs six composantes, par territoire et métier FAP 2009",
    (
        Column("level", "str", "Niveau géographique", values=("fr", "reg", "dep")),
        Column("code", "str", "Code du territoire", pattern=r"^(FR|\d{2}|2[AB]|97\d)$"),
        Column("fap_level", "str", "Niveau de la FAP 2009", values=("fap87", "fap225")),
        Column("fap", "str", "Code FAP 2009", pattern=r"^[A-X]\d[A-Z](\d{2})?$"),
        Column("fap_label", "str", "Libellé FAP 2009", nullable=True),
        Column("fap_domain", "str", "Domaine FAP", pattern=r"^[A-X]$"),
        Column("industrial", "bool", "Métier industriel (domaines C à H)"),
        count_column("employment", "Emploi moyen (arrondi à la centaine)", nullable=True),
        Column("tension", "float64", "Indicateur de tension (écart à la moyenne)", nullable=True),
        Column("category", "Int8", "Catégorie de tension (1 à 5)", nullable=True, min=1, max=5),
        Column("hiring_intensity", "Int8", f"Intensité d'embauches. {_CLASS}", nullable=True, min=1, max=5),
        Column("training_link", "Int8", f"Lien formation-emploi. {_CLASS}", nullable=True, min=1, max=5),
        Column("labour_shortage", "Int8", f"Manque de main-d'œuvre disponible. {_CLASS}", nullable=True, min=1, max=5),
        Column("job_instability", "Int8", f"Non-durabilité de l'emploi. {_CLASS}", nullable=True, min=1, max=5),
        Column(
            "working_conditions", "Int8", f"Conditions de travail contraignantes. {_CLASS}", nullable=True, min=1, max=5
        ),
        Column("geographic_mismatch", "Int8", f"Inadéquation géographique. {_CLASS}", nullable=True, min=1, max=5),
    ),
    key=("level", "code", "fap_level", "fap"),
)

TENSIONS_HISTORY = Table(
    "tensions_history",
    "Indicateur de tension national par métier FAP 2009, 2011-2019",
    (
        Column("fap_level", "str", "Niveau de la FAP", values=("fap87", "fap225")),
        Column("fap", "str", "Code FAP 2009", pattern=r"^[A-X]\d[A-Z](\d{2})?$"),
        Column("fap_label", "str", "Libellé", nullable=True),
        Column("year", "Int16", "Année", min=2000, max=2100),
        Column("tension", "float64", "Indicateur de tension", nullable=True),
    ),
    key=("fap", "year"),
)

# ---------------------------------------------------------------- territory indicators (all families joined)


def _num(name: str, description: str, unit: str | None = None) -> Column:
    return Column(name, "float64", description, nullable=True, min=0.0, unit=unit)


TERRITORY_INDICATORS = Table(
    "territory_indicators",
    "Indicateurs par territoire et année d'enquête BMO, avec numérateurs et dénominateurs",
    (
        Column("level", "str", "Niveau géographique", values=("ze", "dep", "reg", "fr")),
        Column("code", "str", "Code du territoire", pattern=r"^(FR|\d{2}|2[AB]|97\d|\d{4})$"),
        Column("dep", "str", "Département (principal pour une zone d'emploi)", nullable=True, pattern=DEP),
        Column("reg", "str", "Région (principale pour une zone d'emploi)", nullable=True, pattern=REG),
        Column("typology", "str", "Typologie urbain/rural", nullable=True, values=("urbain", "intermediaire", "rural")),
        Column("year", "Int16", "Année de l'enquête BMO", min=YEAR[0], max=YEAR[1]),
        _num("industrial_projects", "Projets de recrutement industriels (somme des cellules publiées)", "projets"),
        _num("industrial_difficult", "Projets industriels jugés difficiles (publiés)", "projets"),
        _num("industrial_seasonal", "Projets industriels saisonniers (publiés)", "projets"),
        _num("industrial_projects_secret", "Cellules « projets industriels » secrètes"),
        _num("all_projects", "Projets de recrutement, tous métiers", "projets"),
        _num("jobs_total", "Emplois salariés (FLORES)", "emplois"),
        _num("jobs_industry", "Emplois salariés industriels (FLORES, A5 BE)", "emplois"),
        _num("departures_10y", "Départs estimés dans l'emploi industriel sur dix ans", "emplois"),
        _num("census_population", "Population au recensement 2022", "habitants"),
        _num("pop_5564", "Population de 55 à 64 ans", "habitants"),
        _num("pop_2554", "Population de 25 à 54 ans", "habitants"),
        _num("employed_5564", "Personnes de 55 à 64 ans en emploi", "personnes"),
        Column("bts_year", "Int16", "Session Parcoursup associée", nullable=True, min=YEAR[0], max=YEAR[1]),
        _num("bts_places", "Places de BTS industriels (domaines FAP C à H)", "places"),
        _num("bts_places_apprenticeship", "Dont places en apprentissage", "places"),
        _num("bts_applications_per_place", "Vœux confirmés par place de BTS industriel", "vœux"),
        _num("apprenticeship_contracts", "Contrats d'apprentissage (département, région, France)", "contrats"),
        _num("contracts_per_1000_jobs", "Contrats d'apprentissage pour 1 000 emplois salariés", "contrats"),
        Column("contracts_from_departement", "bool", "Valeur du département principal (zone d'emploi)"),
        share_column("industrial_share_jobs", "Part de l'industrie dans l'emploi salarié"),
        _num("industrial_projects_per_100_jobs", "Projets industriels pour 100 emplois industriels"),
        _num("all_projects_per_100_jobs", "Projets pour 100 emplois salariés"),
        share_column("industrial_difficult_share", "Part des projets industriels jugés difficiles"),
        share_column("industrial_seasonal_share", "Part des projets industriels saisonniers"),
        _num("departures_per_100_jobs", "Départs estimés sur dix ans pour 100 emplois industriels"),
        _num("departures_per_year_vs_projects", "Départs estimés par an rapportés aux projets industriels"),
        _num("bts_places_per_100_jobs", "Places de BTS industriels pour 100 emplois industriels"),
        _num("bts_places_per_100_projects", "Places de BTS industriels pour 100 projets industriels"),
        share_column("bts_apprenticeship_share", "Part des places de BTS industriels en apprentissage"),
        share_column("share_5564", "Part des 55-64 ans dans la population"),
        share_column("employment_rate_5564", "Taux d'emploi des 55-64 ans"),
        Column("jobs_year", "Int16", "Millésime des emplois", min=YEAR[0], max=YEAR[1]),
        Column("contracts_year", "Int16", "Année des contrats d'apprentissage", min=YEAR[0], max=YEAR[1]),
    ),
    key=("level", "code", "year"),
)

from etl import schemas_training, schemas_workforce  # noqa: E402 - families declared in their own modules

TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        COMMUNES,
        COMMUNES_GEO,
        ZONES_EMPLOI,
        DEPARTEMENTS,
        REGIONS,
        BMO,
        OCCUPATIONS,
        FAP_DOMAINS,
        BMO_BASSINS,
        BMO_ZE,
        BMO_AGG,
        TENSIONS_2019,
        TENSIONS_HISTORY,
        TERRITORY_INDICATORS,
    )
}
for _family in (schemas_workforce, schemas_training):
    for _table in _family.TABLES:
        if _table.name in TABLES:
            raise ValueError(f"table {_table.name!r} is declared twice")
        TABLES[_table.name] = _table
