"""Published tables of the DARES tension indicators (2019, and the national history 2011-2019)."""

from __future__ import annotations

from etl.schema.fields import field
from etl.schema.validation import Column, Table, count_column

_CLASS = "Classe de 1 (très faible) à 5 (très forte)"
TENSIONS_2019 = Table(
    "tensions_2019",
    "Indicateurs de tension 2019 (DARES-France Travail) et leurs six composantes, par territoire et métier FAP 2009",
    (
        field("level", values=("fr", "reg", "dep")),
        field("code", pattern=r"^(FR|\d{2}|2[AB]|97\d)$"),
        Column("fap_level", "str", "Niveau de la FAP 2009", values=("fap87", "fap225")),
        Column("fap", "str", "Code FAP 2009", pattern=r"^[A-X]\d[A-Z](\d{2})?$"),
        Column("fap_label", "str", "Libellé FAP 2009", nullable=True),
        field("fap_domain", "Domaine FAP"),
        field("industrial"),
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
        field("year"),
        Column("tension", "float64", "Indicateur de tension", nullable=True),
    ),
    key=("fap", "year"),
)


TABLES = (TENSIONS_2019, TENSIONS_HISTORY)
