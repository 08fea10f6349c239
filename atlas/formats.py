"""French number formats: 12 345 ; 56,8 % ; +1,2 pt. Thousands use a narrow no-break space.

Signs use the ASCII hyphen-minus so that st.metric draws its arrow the right way.
"""

from __future__ import annotations

import contextlib
import math
import re
import unicodedata
from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pandas as pd

NNBSP = "\u202f"  # espace fine insécable


def _is_missing(value: float | int | None) -> bool:
    """None, NaN and pandas' NA (whose comparisons are NA, not a bool)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return (isinstance(value, float) and math.isnan(value)) or bool(value != value)  # noqa: PLR0124


def fmt_int(value: float | int | None, missing: str = "–") -> str:
    """12345.4 -> '12 345'."""
    if _is_missing(value):
        return missing
    return f"{round(float(value)):,}".replace(",", NNBSP)


def fmt_dec(value: float | None, digits: int = 1, missing: str = "–") -> str:
    """2.54 -> '2,5'; thousands separated too."""
    if _is_missing(value):
        return missing
    text = f"{float(value):,.{digits}f}"
    return text.replace(",", NNBSP).replace(".", ",")


def fmt_pct(share: float | None, digits: int = 1, missing: str = "–") -> str:
    """0.568 -> '56,8 %' (a share between 0 and 1)."""
    if _is_missing(share):
        return missing
    return f"{fmt_dec(100 * float(share), digits)}{NNBSP}%"


def fmt_points(delta_share: float | None, digits: int = 1, missing: str = "–") -> str:
    """Change of a share in percentage points: 0.012 -> '+1,2 pt'."""
    if _is_missing(delta_share):
        return missing
    points = round(100 * float(delta_share), digits)
    sign = "+" if points > 0 else ("-" if points < 0 else "")
    return f"{sign}{fmt_dec(abs(points), digits)}{NNBSP}pt"


def fmt_change(ratio: float | None, digits: int = 1, missing: str = "–") -> str:
    """Relative change: 0.052 -> '+5,2 %'."""
    if _is_missing(ratio):
        return missing
    percent = round(100 * float(ratio), digits)
    sign = "+" if percent > 0 else ("-" if percent < 0 else "")
    return f"{sign}{fmt_dec(abs(percent), digits)}{NNBSP}%"


def fmt_value(value: float | None, kind: str, missing: str = "–") -> str:
    """Format by the catalogue's format code (int, pct, dec1), or a change: points (of a share), change
    (relative)."""
    if kind == "points":
        return fmt_points(value, missing=missing)
    if kind == "change":
        return fmt_change(value, missing=missing)
    if kind == "pct":
        return fmt_pct(value, missing=missing)
    if kind == "dec1":
        return fmt_dec(value, 1, missing=missing)
    return fmt_int(value, missing=missing)


SECRET_ONLY = "secret statistique"  # a count whose published cells sum to 0 while some cells are secret


def fmt_count(value: float | None, secret: object) -> str:
    """A survey count with its secret cells: '12 345', 'au moins 12 345' when secret cells make it a minimum,
    'secret statistique' when the published cells round to 0 but some are secret (never 'au moins 0')."""
    text = fmt_int(value)
    hidden = secret is not None and not _is_missing(secret) and bool(secret)
    if not hidden or text == "–":
        return text
    return f"au moins {text}" if round(float(value)) > 0 else SECRET_ONLY


MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
PARIS = "Europe/Paris"


def _as_datetime(moment: str | date | datetime) -> date | datetime:
    """An ISO text (with or without a time and an offset) or a date, in Paris time when it has an offset."""
    if isinstance(moment, str):
        text = moment.strip().replace("Z", "+00:00")
        moment = datetime.fromisoformat(text) if "T" in text or " " in text else date.fromisoformat(text)
    if isinstance(moment, datetime) and moment.tzinfo is not None:
        with contextlib.suppress(ZoneInfoNotFoundError):  # no time-zone database: keep the written offset
            moment = moment.astimezone(ZoneInfo(PARIS))
    return moment


def fmt_date(moment: str | date | datetime | None, missing: str = "–") -> str:
    """'2026-12-03T00:15:47+00:00' -> '3 décembre 2026'; the first of a month is '1er'."""
    if moment is None or moment == "":
        return missing
    day = _as_datetime(moment)
    first = "1er" if day.day == 1 else str(day.day)
    return f"{first} {MONTHS[day.month - 1]} {day.year}"


def fmt_datetime(moment: str | datetime | None, missing: str = "–") -> str:
    """'2026-12-03T00:15:47+00:00' -> '3 décembre 2026 à 1 h 15' (Paris time)."""
    if moment is None or moment == "":
        return missing
    when = _as_datetime(moment)
    if not isinstance(when, datetime):
        return fmt_date(when)
    return f"{fmt_date(when)} à {when.hour} h {when.minute:02d}"


SHARE_UNITS = ("%", "part", "part (0-1)")  # data-dictionary units of a share stored between 0 and 1


def with_unit(label: str, unit: str | None) -> str:
    """'Projets de recrutement' + 'projets' stays as it is; 'Part des projets difficiles' + '%' gives
    'Part des projets difficiles (%)': the unit in brackets unless the label already says it."""
    unit = (unit or "").strip()
    if unit in SHARE_UNITS:
        unit = "%"
    if not unit or (unit != "%" and unit.lower() in label.lower()) or label.rstrip().endswith(f"({unit})"):
        return label
    return f"{label} ({unit})"


# BCN diploma titles come in capitals without accents ('METIERS DE LA MESURE (BTS)'): shown in sentence case
# with their accents and acronyms back ('Métiers de la mesure (BTS)').
ACCENTED_WORDS = (
    "aéronautique aéronautiques amélioration aménagement aménagements amylacées année appliquée appliqués après "
    "associée bâtiment bâtiments bières bioqualité céramique céramiques céréalières céréaliers chaudronnés "
    "cinématographie cinématographique clientèle comédien comptabilité contrôle cosmétique cosmétologie création "
    "cybersécurité décorateur découpe dérivés développement développeur diététique diplôme éclairagiste économie "
    "économique édition élaboration électricité électrique électriques électro électronique électroniques "
    "électroradiologie électrotechnique élevage élévateurs énergétiques énergie énergies éoliens équipement "
    "équipements ère esthétique étanchéité état étude études européen façade filière forestière forestières forêt "
    "fruitières génie géologie géologue géomètre hébergement hôtelière hôtellerie hygiène immobilières imprimés "
    "ingénierie ingénieur intérieure interprète laitière laitières légumes légumières lumière managériale "
    "matériaux matériels mécanique mécaniques mécatronique médias médicale mégisserie métal métalliques "
    "métallographe métallographie métiers métropolitains modèle modèles modélisation modélisme multimédia "
    "négociation nucléaire numérique numériques œnologie œuvre opérationnel orthoprothésiste papetières pâtes "
    "pêche pépinières plurimédia précision préliminaire procédés prothèse prothésiste propreté publicité qualité "
    "réalisation référentiel régie régions régulation réseaux sécurité secrétaire secrétariat sérielle sièges "
    "spécialisation spécialité spécifiée spé stratégie systèmes unité unités végétal végétales végétaux véhicules "
    "vêtements"
)


def _plain(word: str) -> str:
    return unicodedata.normalize("NFKD", word.replace("œ", "oe")).encode("ascii", "ignore").decode()


ACCENTS = {_plain(w): w for w in ACCENTED_WORDS.split()}
ACRONYMS = {"bts", "btsa", "btsm", "dma", "btp", "pme", "pmi", "cao", "dao", "acse"}


def diploma_label(title: str | None) -> str:
    """'ENVELOPPE DES BATIMENTS : CONCEPTION ET REALISATION (BTS)' ->
    'Enveloppe des bâtiments : conception et réalisation (BTS)'; 'option a' -> 'option A'."""
    if title is None or (isinstance(title, float) and math.isnan(title)):
        return ""
    words = re.split(r"(\W+)", str(title).lower())
    shown = [w.upper() if w in ACRONYMS else ACCENTS.get(w, w) for w in words]
    text = "".join(shown)
    text = re.sub(r"\boption ([a-z])\b", lambda m: f"option {m.group(1).upper()}", text)
    return text[:1].upper() + text[1:]


def cohort_label(millesime: str | None) -> str:
    """InserJeunes '2022_2023' (two cohorts of leavers) -> 'sortants 2022 et 2023'."""
    if not millesime:
        return ""
    years = re.findall(r"\d{4}", str(millesime))
    return f"sortants {' et '.join(years)}" if years else str(millesime)
