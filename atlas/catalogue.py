"""The indicator catalogue, as the build published it in metadata.json.

Pages name indicators by id; label, unit, format, direction, formula (numerator, denominator,
scale), sources and caveats all come from the build's one declaration of each indicator.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields

from atlas import data
from atlas.caching import shared

DIRECTION_LABELS = {
    "higher_is_worse": "plus la valeur est élevée, plus la situation est tendue",
    "higher_is_better": "plus la valeur est élevée, mieux c'est",
    "neutral": "ni bon ni mauvais en soi",
}


@dataclass(frozen=True)
class Indicator:
    """One published indicator record (the fields of metadata.json's `indicators`)."""

    id: str
    label: str
    unit: str
    definition: str
    family: str
    family_label: str
    table: str
    column: str
    direction: str
    format: str  # int, pct (a part 0-1 shown as %), dec1
    levels: tuple[str, ...]
    numerator: str | None
    denominator: str | None
    scale: float | None
    by_scope: bool
    secret_cells: tuple[str, ...]  # count columns of secret survey cells behind the figure
    caveat_column: str | None  # column saying why a figure is fragile (empty when solid)
    sources: tuple[str, ...]
    vintage: str
    vintage_columns: tuple[str, ...]
    caveats: tuple[str, ...]
    on_map: bool
    zone_from_departement: bool
    signed: bool = False  # may be negative (a surplus rather than a need)

    @classmethod
    def from_record(cls, record: dict) -> Indicator:
        names = {f.name for f in fields(cls)}
        values = {k: tuple(v) if isinstance(v, list) else v for k, v in record.items() if k in names}
        return cls(**values)


@shared(copy=False)  # shared by all sessions: treat as read-only
def indicators() -> dict[str, Indicator]:
    return {r["id"]: Indicator.from_record(r) for r in data.metadata()["indicators"]}


def get(indicator_id: str) -> Indicator:
    return indicators()[indicator_id]


def label(indicator_id: str) -> str:
    return get(indicator_id).label


def map_indicators() -> list[str]:
    """Indicators offered on the maps: declared for zones d'emploi and meant for the map."""
    return [i.id for i in indicators().values() if "ze" in i.levels and i.on_map]


@shared(copy=False)  # shared by all sessions: treat as read-only
def sources() -> dict[str, dict]:
    return {s["id"]: s for s in data.metadata()["sources"]}


def source_line(indicator: Indicator) -> str:
    """'Source : France Travail, enquête BMO 2016-2025. Licence Ouverte 2.0.' (a vintage already named by the
    citations is not repeated)."""
    known = sources()
    producers: list[str] = []
    licences: list[str] = []
    for source_id in indicator.sources:
        source = known.get(source_id)
        if source is None:
            continue
        if source["citation"] not in producers:
            producers.append(source["citation"])
        for part in source["licence_short"].split(" / "):
            if part.strip() not in licences:
                licences.append(part.strip())
    cited = collapse_years(producers)
    said = set(re.findall(r"\w+", " ".join(cited).lower()))
    vintage = [
        v.strip() for v in indicator.vintage.split(";") if v.strip() and not set(re.findall(r"\w+", v.lower())) <= said
    ]
    text = f"Source : {' ; '.join(cited)}" + (f" ({' ; '.join(vintage)})" if vintage else "") + "."
    return f"{text} {licence_text(licences)}"


def licence_text(licences: list[str]) -> str:
    """'Licence Ouverte 2.0.', 'Licences : Licence Ouverte 2.0 ; ODbL.', 'Licence : données publiques.'"""
    if not licences:
        return ""
    if len(licences) == 1:
        only = licences[0]
        return f"{only}." if only.lower().startswith("licence") else f"Licence : {only}."
    return f"Licences : {' ; '.join(licences)}."


def producer(citation: str) -> str:
    """The producer part of a citation: what comes before its first comma outside brackets
    ('Certif Info (Réseau des Carif-Oref, Onisep)' stays whole)."""
    depth = 0
    for position, character in enumerate(citation):
        if character == "(":
            depth += 1
        elif character == ")":
            depth = max(depth - 1, 0)
        elif character == "," and depth == 0:
            return citation[:position].strip()
    return citation.strip()


def collapse_years(citations: list[str]) -> list[str]:
    """'enquête BMO 2016', …, 'enquête BMO 2025' -> 'enquête BMO 2016-2025' (one line per series)."""
    series: dict[str, list[int]] = {}
    order: list[str] = []
    for citation in citations:
        match = re.fullmatch(r"(.*\D)(\d{4})", citation)
        key = match.group(1) if match else citation
        if key not in series:
            series[key] = []
            order.append(key)
        if match:
            series[key].append(int(match.group(2)))
    out = []
    for key in order:
        years = sorted(series[key])
        if not years:
            out.append(key)
        elif years == list(range(years[0], years[-1] + 1)):
            out.append(f"{key}{years[0]}" + (f"-{years[-1]}" if len(years) > 1 else ""))
        else:
            out.append(f"{key}{', '.join(map(str, years))}")
    return out


def warm() -> None:
    """The catalogue, read once for all sessions (atlas.data.warm)."""
    indicators()
    sources()
