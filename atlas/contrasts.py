"""Urban, intermediate and rural zones compared: every ratio is a ratio of sums over the zones of a group."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from atlas import data, territories
from atlas.formats import fmt_dec, fmt_pct, fmt_points

GROUPS = ("urbain", "intermediaire", "rural")


@dataclass(frozen=True)
class Measure:
    id: str
    label: str
    numerator: str
    denominator: str
    scale: float
    format: str  # pct or dec1
    direction: str


MEASURES = (
    Measure(
        "difficult",
        "Part des projets industriels jugés difficiles",
        "industrial_difficult",
        "industrial_projects",
        1,
        "pct",
        "higher_is_worse",
    ),
    Measure(
        "intensity",
        "Projets industriels pour 100 emplois industriels",
        "industrial_projects",
        "jobs_industry",
        100,
        "dec1",
        "neutral",
    ),
    Measure(
        "industry", "Part de l'industrie dans l'emploi salarié", "jobs_industry", "jobs_total", 1, "pct", "neutral"
    ),
    Measure(
        "older", "Part des 55-64 ans dans la population", "pop_5564", "census_population", 1, "pct", "higher_is_worse"
    ),
    Measure("seniors", "Taux d'emploi des 55-64 ans", "employed_5564", "pop_5564", 1, "pct", "higher_is_better"),
    Measure(
        "departures",
        "Départs estimés sur dix ans pour 100 emplois industriels",
        "departures_10y",
        "jobs_industry",
        100,
        "dec1",
        "higher_is_worse",
    ),
    Measure(
        "bts",
        "Places de BTS industriels pour 100 projets industriels",
        "bts_places",
        "industrial_projects",
        100,
        "dec1",
        "higher_is_better",
    ),
    Measure(
        "apprenticeship",
        "Part des places de BTS industriels en apprentissage",
        "bts_places_apprenticeship",
        "bts_places",
        1,
        "pct",
        "higher_is_better",
    ),
)


def zone_rows(region: str, year: int) -> pd.DataFrame:
    table = data.table("territory_indicators")
    zones = territories.in_region("ze", region)
    return table[(table["level"] == "ze") & (table["year"] == year) & table["code"].isin(zones.index)]


def compare(rows: pd.DataFrame) -> pd.DataFrame:
    """measure x group (+ 'ensemble'): ratios of sums, over zones where both terms are known."""
    out = {}
    for measure in MEASURES:
        known = rows.dropna(subset=[measure.numerator, measure.denominator])
        known = known[known[measure.denominator] > 0]
        values = {}
        for group in GROUPS:
            part = known[known["typology"] == group]
            denominator = part[measure.denominator].sum()
            values[group] = part[measure.numerator].sum() / denominator * measure.scale if denominator > 0 else None
        total = known[measure.denominator].sum()
        values["ensemble"] = known[measure.numerator].sum() / total * measure.scale if total > 0 else None
        out[measure.id] = values
    frame = pd.DataFrame(out).T
    frame.insert(0, "label", [m.label for m in MEASURES])
    frame["zones"] = [int(rows.dropna(subset=[m.numerator, m.denominator])["code"].nunique()) for m in MEASURES]
    return frame


def formatted(frame: pd.DataFrame) -> pd.DataFrame:
    formats = {m.id: m.format for m in MEASURES}
    shown = pd.DataFrame({"Indicateur": frame["label"]})
    for group, title in (
        ("urbain", "Zones urbaines"),
        ("intermediaire", "Zones intermédiaires"),
        ("rural", "Zones rurales"),
        ("ensemble", "Ensemble"),
    ):
        shown[title] = [
            fmt_pct(v) if formats[i] == "pct" else fmt_dec(v) for i, v in zip(frame.index, frame[group], strict=True)
        ]
    return shown


def sentences(frame: pd.DataFrame, place: str, only: tuple[str, ...] | None = None) -> list[str]:
    """Plain-French readings of the rural-urban gaps (indicators, not causes)."""
    lines = []
    for measure in MEASURES:
        if only is not None and measure.id not in only:
            continue
        urban, rural = frame.loc[measure.id, "urbain"], frame.loc[measure.id, "rural"]
        if urban is None or rural is None or pd.isna(urban) or pd.isna(rural):
            continue
        if measure.format == "pct":
            gap = rural - urban
            if abs(gap) < 0.005:
                lines.append(
                    f"{measure.label} : pas d'écart notable entre zones rurales et urbaines "
                    f"({fmt_pct(rural)} contre {fmt_pct(urban)})."
                )
                continue
            word = "plus élevée" if gap > 0 else "plus faible"
            lines.append(
                f"{measure.label} : {word} dans les zones rurales {place} ({fmt_pct(rural)}) que dans les "
                f"zones urbaines ({fmt_pct(urban)}), soit {fmt_points(gap)}."
            )
        else:
            ratio = rural / urban if urban else None
            if ratio is None or abs(ratio - 1) < 0.05:
                lines.append(
                    f"{measure.label} : niveau comparable dans les zones rurales ({fmt_dec(rural)}) et "
                    f"urbaines ({fmt_dec(urban)})."
                )
                continue
            word = "plus" if ratio > 1 else "moins"
            lines.append(
                f"{measure.label} : {fmt_dec(rural)} dans les zones rurales {place} contre {fmt_dec(urban)} "
                f"dans les zones urbaines ({fmt_dec(abs(ratio - 1) * 100, 0)}\u202f% de {word})."
            )
    return lines
