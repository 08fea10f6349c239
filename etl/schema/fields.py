"""Columns shared by several published tables, declared once (after PUDL's metadata/fields.py).

A table lists these by name and overrides what differs locally (description, allowed values,
nullability): `field("level", values=("dep", "reg", "fr"))`.
"""

from __future__ import annotations

from dataclasses import replace

from contract.domain import TERRITORY_LEVELS
from etl.schema.validation import Column

COMMUNE = r"^(\d{5}|2[AB]\d{3})$"
DEP = r"^(\d{2}|2[AB]|97\d)$"
REG = r"^\d{2}$"
ZE = r"^\d{4}$"
BASSIN = r"^\d{3,4}$"
TERRITORY_CODE = r"^(FR|\d{2}|2[AB]|97\d|\d{4})$"  # a zone, département, région or FR
LEVEL_CODE = r"^(FR|\d{2}|2[AB]|97\d|\d{4}|\d{5}|2[AB]\d{3})$"  # the same or a commune
YEAR = (2000, 2100)
FAP_DOMAIN = r"^[A-X]$"
SCOPE = r"^(all|industrial|[A-X])$"
NOMENCLATURES = ("FAP2009", "FAP2021")

FIELDS: dict[str, Column] = {
    column.name: column
    for column in (
        Column("level", "str", "Niveau géographique", values=TERRITORY_LEVELS),
        Column("code", "str", "Code du territoire", pattern=TERRITORY_CODE),
        Column("year", "Int16", "Année", min=YEAR[0], max=YEAR[1]),
        Column("commune", "str", "Code commune INSEE (COG 2024)", pattern=COMMUNE),
        Column("ze2020", "str", "Zone d'emploi 2020", pattern=ZE),
        Column("dep", "str", "Code du département", pattern=DEP),
        Column("reg", "str", "Code de la région", pattern=REG),
        Column("bassin", "str", "Code du bassin BMO", pattern=BASSIN),
        Column("scope", "str", "Périmètre : all, industrial ou lettre de domaine FAP", pattern=SCOPE),
        Column("nomenclature", "str", "Nomenclature des métiers", values=NOMENCLATURES),
        Column("fap_domain", "str", "Domaine professionnel FAP (première lettre du code)", pattern=FAP_DOMAIN),
        Column("industrial", "bool", "Métier industriel (domaines FAP C à H)"),
        Column("typology", "str", "Typologie urbain/rural", values=("urbain", "intermediaire", "rural")),
        Column("geometry", "geometry", "Contour simplifié"),
    )
}


def field(shared: str, description: str | None = None, /, **overrides: object) -> Column:
    """The shared column `shared`, with local overrides (a new `name` for a column of the same kind)."""
    column = FIELDS[shared]
    if description is not None:
        overrides["description"] = description
    return replace(column, **overrides) if overrides else column


def survey_year(description: str = "Année de l'enquête") -> Column:
    return field("year", description)


def indicator_field(indicator_id: str, description: str | None = None, /, **overrides: object) -> Column:
    """The column of a declared indicator: its unit, and a range that fits its format."""
    from etl.indicators import BY_ID

    indicator = BY_ID[indicator_id]
    column = Column(
        indicator.column,
        "float64",
        description or indicator.label,
        nullable=True,
        min=None if indicator.signed else 0.0,
        max=1.0 if indicator.format == "pct" else None,
        unit=indicator.unit,
    )
    return replace(column, **overrides) if overrides else column
