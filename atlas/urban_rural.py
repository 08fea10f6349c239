"""Urban, intermediate and rural zones compared: every ratio is a ratio of sums over the zones of a group."""

from __future__ import annotations

import pandas as pd

from atlas import catalogue, data, territories
from atlas.formats import fmt_dec, fmt_pct, fmt_points
from contract.domain import TYPOLOGIES as GROUPS
from contract.formulas import ratio

# Indicators compared between urban, intermediate and rural zones (ratios of territory_indicators).
MEASURES = (
    "industrial_difficult_share",
    "industrial_projects_per_100_jobs",
    "industrial_share_jobs",
    "share_5564",
    "employment_rate_5564",
    "departures_per_100_jobs",
    "bts_places_per_100_projects",
    "bts_apprenticeship_share",
)


def zone_rows(region: str, year: int, include_neighbours: bool = False) -> pd.DataFrame:
    """Zones counted in the région's groups: those lying mostly in it, or all those touching it."""
    table = data.table("territory_indicators")
    zones = territories.for_ranking("ze", region, include_neighbours)
    return table[(table["level"] == "ze") & (table["year"] == year) & table["code"].isin(zones.index)]


def territory_row(region: str, year: int) -> pd.Series:
    """The région's (or France's) own row: its figure is computed on the territory itself, never from the
    zones touching it (a zone may straddle two régions; some figures are known by département only)."""
    table = data.table("territory_indicators")
    level = "fr" if region == territories.FRANCE else "reg"
    return table[(table["level"] == level) & (table["code"] == region) & (table["year"] == year)].iloc[0]


def compare(rows: pd.DataFrame, own: pd.Series) -> pd.DataFrame:
    """measure x group: ratios of sums over the zones of each group where both terms are known, and
    'territoire', the territory's own figure."""
    out = {}
    zones = []
    for indicator in map(catalogue.get, MEASURES):
        terms = [indicator.numerator, indicator.denominator]
        known = rows.dropna(subset=terms)
        known = known[known[indicator.denominator] > 0]
        sums = known.groupby("typology")[terms].sum().reindex(list(GROUPS), fill_value=0)
        values = ratio(sums[indicator.numerator], sums[indicator.denominator], indicator.scale)
        values["territoire"] = own[indicator.column]
        out[indicator.id] = values
        zones.append(int(known["code"].nunique()))
    frame = pd.DataFrame(out).T
    frame.insert(0, "label", [catalogue.label(i) for i in MEASURES])
    frame["zones"] = zones
    return frame


def group_titles(territory: str, include_neighbours: bool) -> dict[str, str]:
    """Column titles: the groups say which zones they hold, the last column whose figure it is."""
    touching = " (zones touchant la région)" if include_neighbours and territory != "France" else ""
    return {
        "urbain": f"Zones urbaines{touching}",
        "intermediaire": f"Zones intermédiaires{touching}",
        "rural": f"Zones rurales{touching}",
        "territoire": territory if territory == "France" else f"{territory} (chiffre régional)",
    }


def formatted(frame: pd.DataFrame, titles: dict[str, str]) -> pd.DataFrame:
    formats = {i: catalogue.get(i).format for i in MEASURES}
    shown = pd.DataFrame({"Indicateur": frame["label"]})
    for group, title in titles.items():
        shown[title] = [
            fmt_pct(v) if formats[i] == "pct" else fmt_dec(v) for i, v in zip(frame.index, frame[group], strict=True)
        ]
    return shown


def sentences(frame: pd.DataFrame, place: str, only: tuple[str, ...] | None = None) -> list[str]:
    """Plain-French readings of the rural-urban gaps (indicators, not causes)."""
    lines = []
    for measure in map(catalogue.get, MEASURES):
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
