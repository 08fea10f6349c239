"""Published tables of geography: communes, zones d'emploi, départements, régions."""

from __future__ import annotations

from etl.schema.fields import field, indicator_field
from etl.schema.validation import Column, Table, count_column, share_column

POPULATION_COLUMNS = (
    count_column("n_communes", "Nombre de communes"),
    indicator_field(
        "population", "Population municipale 2021 (grille de densité INSEE 2024)", dtype="Int64", nullable=False
    ),
    indicator_field(
        "rural_pop_share", "Part de la population vivant dans une commune rurale (densité 5 à 7)", nullable=False
    ),
    share_column("urban_pop_share", "Part de la population vivant dans une commune urbaine dense (densité 1)", False),
    share_column(
        "intermediate_pop_share",
        "Part de la population vivant dans une commune de densité intermédiaire (2 à 4)",
        False,
    ),
    field("typology", "Typologie urbain/rural d'après la part de population rurale"),
)

COMMUNES = Table(
    "communes",
    "Communes au 1er janvier 2024 avec leurs zonages, niveau de densité et population",
    (
        field("commune"),
        Column("name", "str", "Nom de la commune"),
        field("dep"),
        field("reg"),
        field("ze2020"),
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
    (field("commune", "Code commune INSEE"), field("geometry", "Contour")),
    key=("commune",),
    geometry=True,
)

ZONES_EMPLOI = Table(
    "zones_emploi",
    "Zones d'emploi 2020 : population, composition urbain/rural et contour simplifié",
    (
        field("ze2020", "Code de la zone d'emploi 2020"),
        Column("name", "str", "Nom de la zone d'emploi"),
        field("reg", "Région principale (la plus peuplée de la zone)"),
        Column("regs", "list", "Régions touchées par la zone, de la plus à la moins peuplée"),
        field("dep", "Département principal"),
        Column("deps", "list", "Départements touchés par la zone"),
        Column("cross_region", "bool", "La zone s'étend sur plusieurs régions"),
        Column("overseas", "bool", "Zone d'outre-mer (affichée en encart)"),
        *POPULATION_COLUMNS,
        field("geometry", "Contour simplifié sans trou ni chevauchement"),
    ),
    key=("ze2020",),
    geometry=True,
)

DEPARTEMENTS = Table(
    "departements",
    "Départements : population, composition urbain/rural et contour simplifié",
    (
        field("dep"),
        Column("name", "str", "Nom du département"),
        field("reg", "Région"),
        Column("overseas", "bool", "Département d'outre-mer"),
        *POPULATION_COLUMNS,
        field("geometry"),
    ),
    key=("dep",),
    geometry=True,
)

REGIONS = Table(
    "regions",
    "Régions : population, composition urbain/rural et contour simplifié",
    (
        field("reg"),
        Column("name", "str", "Nom de la région"),
        Column("overseas", "bool", "Région d'outre-mer"),
        *POPULATION_COLUMNS,
        field("geometry"),
    ),
    key=("reg",),
    geometry=True,
)

TABLES = (COMMUNES, COMMUNES_GEO, ZONES_EMPLOI, DEPARTEMENTS, REGIONS)
