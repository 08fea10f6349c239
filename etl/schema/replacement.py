"""Replacement needs from the regional projection "Les métiers en 2030" (see etl/steps/replacement.py)."""

from __future__ import annotations

from contract.domain import TRAINING_ADJUSTMENT_BOUNDS
from etl.schema.fields import field
from etl.schema.validation import Column, Table, share_column


def _persons(name: str, description: str, *, signed: bool = False) -> Column:
    return Column(name, "float64", description, nullable=True, min=None if signed else 0.0, unit="personnes")


def _sum_check(frame):
    """Positions to fill are departures plus net creation, wherever all three are known."""
    gap = (frame["departures_10y"] + frame["net_creation_10y"] - frame["positions_10y"]).abs()
    bad = gap > 1e-6 * frame["positions_10y"].abs().clip(lower=1)
    return f"{int(bad.sum())} row(s) where positions_10y != departures_10y + net_creation_10y" if bad.any() else None


MEASURE_COLUMNS = (
    _persons("occupation_jobs", "Emplois 2019 des métiers du périmètre (projection, réparti sous la région)"),
    _persons("departures_10y", "Départs en fin de carrière sur dix ans (projection Métiers 2030)"),
    _persons("net_creation_10y", "Créations nettes d'emplois sur dix ans (négatif : destructions)", signed=True),
    _persons("positions_10y", "Postes à pourvoir sur dix ans (départs + créations nettes)", signed=True),
    _persons("young_entrants_10y", "Jeunes débutants attendus sur dix ans (région et France)"),
    _persons("net_migration_10y", "Solde des mobilités entre régions sur dix ans (positif : arrivées)", signed=True),
    _persons("imbalance_10y", "Déséquilibre restant sur dix ans (positif : besoins non couverts)", signed=True),
)

ADJUSTMENT = Column(
    "training_adjustment",
    "float64",
    "Ajustement de la part des jeunes débutants par l'offre locale de BTS industriels (1 : comme la région)",
    nullable=True,
    min=TRAINING_ADJUSTMENT_BOUNDS[0],
    max=TRAINING_ADJUSTMENT_BOUNDS[1],
)

REPLACEMENT_NEEDS = Table(
    "replacement_needs",
    "Départs en fin de carrière et postes à pourvoir sur dix ans, par territoire et domaine industriel",
    (
        field("level"),
        field("code"),
        field("scope", values=("industrial", "C", "D", "E", "F", "G", "H")),
        *MEASURE_COLUMNS,
        _persons(
            "uncovered_by_young_10y",
            "Postes à pourvoir que les jeunes débutants ne couvrent pas (négatif : excédent)",
            signed=True,
        ),
        _persons("departures_census_10y", "Lecture basse : départs estimés par le recensement (industrie)"),
        ADJUSTMENT,
        Column("estimated", "bool", "Chiffre réparti depuis la région (zones et départements)"),
        Column("horizon", "str", "Période de la projection", values=("2019-2030",)),
        Column("caveat", "str", "Limites du chiffre (outre-mer, groupes fusionnés, zone à cheval)", nullable=True),
    ),
    key=("level", "code", "scope"),
    checks=(_sum_check,),
)

REPLACEMENT_ZONE_PARTS = Table(
    "replacement_zone_parts",
    "Part de chaque zone d'emploi dans chaque région qu'elle touche, et ce qu'elle en reçoit",
    (
        field("ze2020"),
        field("reg"),
        field("scope", values=("industrial", "C", "D", "E", "F", "G", "H")),
        share_column("zone_share", "Part des emplois de la zone situés dans la région (recensement 2018)", False),
        *MEASURE_COLUMNS,
        ADJUSTMENT,
    ),
    key=("ze2020", "reg", "scope"),
)

TABLES = (REPLACEMENT_NEEDS, REPLACEMENT_ZONE_PARTS)
