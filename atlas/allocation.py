"""How much the bassin weighting rule moves BMO projects between the zones of a région.

The build spreads each BMO bassin over its communes by their jobs at the place of work and publishes,
in bmo_allocation, the projects of each zone under that rule and under the population alternative.
"""

from __future__ import annotations

import pandas as pd

from atlas import data, territories
from atlas.formats import fmt_change, fmt_int

SCOPE_LABELS = {"all": "tous métiers", "industrial": "métiers industriels"}
HEADERS = {
    "name": "Zone d'emploi",
    "ze2020": "Code",
    "projects_population": "Projets, répartition par la population",
    "projects_jobs": "Projets, répartition par les emplois",
    "move": "Écart (projets)",
    "move_share": "Écart relatif",
}


def latest_year() -> int:
    return int(data.table("bmo_allocation")["year"].max())


def zone_moves(region: str, year: int, scope: str = "industrial") -> pd.DataFrame:
    """Zones touching the région (every zone for France) with their projects under both weightings,
    the largest absolute moves first."""
    table = data.table("bmo_allocation")
    zones = territories.in_region("ze", region)
    rows = table[(table["year"] == year) & (table["scope"] == scope) & table["ze2020"].isin(zones.index)]
    rows = rows.assign(name=rows["ze2020"].map(zones["name"]))
    order = rows["move"].abs().sort_values(ascending=False, kind="stable").index
    return rows.loc[order].reset_index(drop=True)


def region_total(moves: pd.DataFrame) -> dict[str, float]:
    """Projects of the zones listed under both weightings, and the move between them."""
    population, jobs = float(moves["projects_population"].sum()), float(moves["projects_jobs"].sum())
    return {
        "projects_population": population,
        "projects_jobs": jobs,
        "move": jobs - population,
        "move_share": (jobs - population) / population if population > 0 else float("nan"),
    }


def fmt_signed(value: float) -> str:
    """-172.4 -> '-172', 95 -> '+95' (French thousands)."""
    rounded = round(float(value))
    return ("+" if rounded > 0 else "") + fmt_int(rounded)


def display(moves: pd.DataFrame, count: int = 10) -> pd.DataFrame:
    """The first `count` zones as text with French headers and number formats."""
    top = moves.head(count)
    return pd.DataFrame(
        {
            HEADERS["name"]: top["name"].fillna(top["ze2020"]),
            HEADERS["ze2020"]: top["ze2020"],
            HEADERS["projects_population"]: top["projects_population"].map(fmt_int),
            HEADERS["projects_jobs"]: top["projects_jobs"].map(fmt_int),
            HEADERS["move"]: top["move"].map(fmt_signed),
            HEADERS["move_share"]: top["move_share"].map(fmt_change),
        }
    )
