"""Declared schema of every published table: columns, types, keys and constraints.

Each column carries its own description and unit (PUDL-style metadata), so the same declaration
validates the data before it is written and documents it in data/processed/metadata.json.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from etl.errors import ValidationError

COMMUNE = r"^(\d{5}|2[AB]\d{3})$"
DEP = r"^(\d{2}|2[AB]|97\d)$"
REG = r"^\d{2}$"
ZE = r"^\d{4}$"
BASSIN = r"^\d{3,4}$"
YEAR = (2000, 2100)


@dataclass(frozen=True)
class Column:
    name: str
    dtype: str  # str, Int8, Int16, Int32, Int64, float64, bool, list, geometry
    description: str
    nullable: bool = False
    pattern: str | None = None
    min: float | None = None
    max: float | None = None
    values: tuple | None = None
    unit: str | None = None


TableCheck = Callable[[pd.DataFrame], str | None]


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    geometry: bool = False
    checks: tuple[TableCheck, ...] = field(default_factory=tuple)

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


def _cast(series: pd.Series, column: Column, table: str) -> pd.Series:
    try:
        if column.dtype == "str":
            out = series.astype("str")
            return out.where(series.notna())
        if column.dtype.startswith("Int"):
            if series.dtype.kind == "f":
                values = series.dropna()
                if not np.all(np.mod(values, 1) == 0):
                    raise ValueError("non-integer values")
            return series.astype(column.dtype)
        if column.dtype == "float64":
            return series.astype("float64")
        if column.dtype == "bool":
            if series.isna().any():
                raise ValueError("missing values in a boolean column")
            return series.astype("bool")
    except (TypeError, ValueError) as error:
        raise ValidationError(table, f"cannot be read as {column.dtype} ({error})", column=column.name) from None
    return series  # list and geometry are checked, not cast


def validate(frame: pd.DataFrame, table: Table) -> pd.DataFrame:
    """Return the frame with declared columns, order and types, or raise ValidationError."""
    missing = [c for c in table.column_names if c not in frame.columns]
    if missing:
        raise ValidationError(table.name, "column is missing", column=missing[0])
    extra = [c for c in frame.columns if c not in table.column_names]
    if extra:
        raise ValidationError(table.name, "column is not declared in etl/schemas.py", column=extra[0])
    out = frame[table.column_names].copy()
    for column in table.columns:
        series = _cast(out[column.name], column, table.name)
        out[column.name] = series
        _check_column(series, column, table.name)
    if table.key:
        duplicated = out.duplicated(list(table.key), keep=False)
        if duplicated.any():
            sample = out.loc[duplicated, list(table.key)].head(2).to_dict("records")
            raise ValidationError(table.name, f"duplicate key {list(table.key)}: {sample}")
    for check in table.checks:
        problem = check(out)
        if problem:
            raise ValidationError(table.name, problem)
    if table.geometry:
        import geopandas as gpd

        out = gpd.GeoDataFrame(out, geometry="geometry", crs="EPSG:4326")
    return out.reset_index(drop=True)


def _check_column(series: pd.Series, column: Column, table: str) -> None:
    def fail(message: str, bad: pd.Series) -> None:
        sample = list(dict.fromkeys(series[bad].astype(str).tolist()))[:3]
        raise ValidationError(table, f"{message} ({int(bad.sum())} rows, e.g. {sample})", column=column.name)

    nulls = series.isna()
    if column.dtype == "geometry":
        import shapely

        empty = nulls | shapely.is_empty(np.asarray(series.values))
        if empty.any():
            fail("empty geometry", pd.Series(empty, index=series.index))
        invalid = ~shapely.is_valid(np.asarray(series.values))
        if invalid.any():
            fail("invalid geometry", pd.Series(invalid, index=series.index))
        return
    if not column.nullable and nulls.any():
        fail("missing values in a non-nullable column", nulls)
    present = series[~nulls]
    if column.pattern is not None:
        bad = ~present.str.fullmatch(column.pattern)
        if bad.any():
            fail(f"values do not match {column.pattern}", bad.reindex(series.index, fill_value=False))
    if column.values is not None:
        bad = ~present.isin(column.values)
        if bad.any():
            fail(f"values outside {list(column.values)}", bad.reindex(series.index, fill_value=False))
    if column.min is not None:
        bad = present < column.min
        if bad.any():
            fail(f"values below {column.min}", bad.reindex(series.index, fill_value=False))
    if column.max is not None:
        bad = present > column.max
        if bad.any():
            fail(f"values above {column.max}", bad.reindex(series.index, fill_value=False))


# ---------------------------------------------------------------- shared column factories


def _share(name: str, description: str, nullable: bool = True) -> Column:
    return Column(name, "float64", description, nullable=nullable, min=0.0, max=1.0, unit="part (0-1)")


def _count(name: str, description: str, dtype: str = "Int64", nullable: bool = False) -> Column:
    return Column(name, dtype, description, nullable=nullable, min=0, unit="nombre")


def _flag_check(value_col: str, flag_col: str) -> TableCheck:
    def check(frame: pd.DataFrame) -> str | None:
        bad = frame[flag_col] & frame[value_col].notna()
        if bad.any():
            return f"{int(bad.sum())} secret cell(s) of {value_col!r} carry a number"
        return None

    return check


def _le_check(small: str, large: str, tolerance: float = 1e-6) -> TableCheck:
    def check(frame: pd.DataFrame) -> str | None:
        both = frame[small].notna() & frame[large].notna()
        bad = both & (frame[small].astype("float64") > frame[large].astype("float64") + tolerance)
        if bad.any():
            return f"{int(bad.sum())} row(s) where {small!r} exceeds {large!r}"
        return None

    return check


POPULATION_COLUMNS = (
    _count("n_communes", "Nombre de communes"),
    _count("population", "Population municipale 2021 (grille de densité INSEE 2024)"),
    _share("rural_pop_share", "Part de la population vivant dans une commune rurale (densité 5 à 7)", False),
    _share("urban_pop_share", "Part de la population vivant dans une commune urbaine dense (densité 1)", False),
    _share(
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
        _count("population", "Population municipale 2021"),
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
    _count("projects", "Projets de recrutement (vide si secret)", nullable=True),
    _count("difficult", "Projets jugés difficiles (vide si secret)", nullable=True),
    _count("seasonal", "Projets saisonniers (vide si secret)", nullable=True),
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
        _flag_check("projects", "projects_secret"),
        _flag_check("difficult", "difficult_secret"),
        _flag_check("seasonal", "seasonal_secret"),
        _le_check("difficult", "projects"),
        _le_check("seasonal", "projects"),
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
        _count("n_communes", "Communes sur lesquelles le bassin est ventilé", "int64"),
        _count("projects", "Projets connus (hors secret)", "int64"),
        _count("projects_secret", "Cellules « projets » secrètes", "int64"),
        _count("cells", "Cellules métier", "int64"),
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
    _count("cells", "Cellules d'enquête (bassin x département x métier) contributives", "int64"),
    _count("projects_secret", "Cellules « projets » secrètes contributives", "int64"),
    _count("difficult_secret", "Cellules « difficiles » secrètes contributives", "int64"),
    _count("seasonal_secret", "Cellules « saisonniers » secrètes contributives", "int64"),
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
    checks=(_le_check("difficult_known", "projects_known_difficult"),),
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
        _share("difficult_share", "Projets difficiles publiés / projets publiés (minimum)"),
        _share("seasonal_share", "Projets saisonniers publiés / projets publiés (minimum)"),
        _share("difficult_share_known_cells", "Part difficile sur les cellules où les deux chiffres sont publiés"),
        _share("seasonal_share_known_cells", "Part saisonnière sur les cellules où les deux chiffres sont publiés"),
    ),
    key=("year", "level", "code", "scope"),
    checks=(_le_check("difficult_known", "projects_known_difficult"),),
)

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
    )
}
