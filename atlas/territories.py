"""Territories the app shows: employment areas, départements, régions and France, and their names."""

from __future__ import annotations

import pandas as pd

from atlas import data
from atlas.caching import shared
from contract.domain import FRANCE

DEFAULT_REGION = "84"  # Auvergne-Rhône-Alpes
LEVEL_LABELS = {"ze": "Zone d'emploi", "dep": "Département", "reg": "Région", "fr": "France"}
LEVEL_PLURALS = {"ze": "zones d'emploi", "dep": "départements", "reg": "régions"}
LEVEL_TABLES = {"ze": "zones_emploi", "dep": "departements", "reg": "regions"}
PICKABLE_LEVELS = list(LEVEL_TABLES)  # levels a user can choose a territory (or a map) at
LEVEL_KEYS = {"ze": "ze2020", "dep": "dep", "reg": "reg"}
TYPOLOGY_LABELS = {"urbain": "Urbain", "intermediaire": "Intermédiaire", "rural": "Rural"}


@shared(copy=False)  # shared by all sessions: treat as read-only
def listing(level: str) -> pd.DataFrame:
    """code, name, typology, population, shares, reg and (zones) regs, indexed by code, without geometry."""
    frame = data.table(LEVEL_TABLES[level]).drop(columns="geometry", errors="ignore")
    frame = frame.rename(columns={LEVEL_KEYS[level]: "code"})
    if level == "reg":
        frame["reg"] = frame["code"]
    if "regs" not in frame.columns:
        frame["regs"] = frame["reg"].map(lambda r: [r])
    else:
        frame["regs"] = frame["regs"].map(list)
    return frame.set_index("code", drop=False).sort_index()


@shared
def region_options() -> dict[str, str]:
    """Region code -> name, France first, then regions by name."""
    regions = listing("reg").sort_values("name")
    return {FRANCE: "France entière", **dict(zip(regions["code"], regions["name"], strict=True))}


@shared(copy=False)
def _names(level: str) -> dict[str, str]:
    return {str(code): str(name) for code, name in zip(listing(level)["code"], listing(level)["name"], strict=True)}


@shared(copy=False)  # read-only
def codes_by_name(level: str) -> tuple[str, ...]:
    """The codes of a level in the alphabetical order of their names (a selectbox's options)."""
    return tuple(listing(level).sort_values("name").index)


def name(level: str, code: str) -> str:
    if level == "fr" or code == FRANCE:
        return "France"
    return _names(level).get(code, code)


def label(level: str, code: str) -> str:
    """'Bourg-en-Bresse (8405)' for a zone, 'Ain (01)' for a département (a dictionary lookup: selectboxes
    format every option at each rerun)."""
    if level == "fr" or code == FRANCE:
        return "France"
    return f"{_names(level).get(code, code)} ({code})"


@shared
def in_region(level: str, region: str) -> pd.DataFrame:
    """Territories of a level within a region (zones touching it), or all of them for France."""
    frame = listing(level)
    if region == FRANCE or level == "reg":
        return frame
    return frame[frame["regs"].map(lambda regs: region in regs)]


def elsewhere(frame: pd.DataFrame, region: str) -> pd.Series:
    """Territories of the list whose population lies mostly in another région than `region`."""
    if region == FRANCE:
        return pd.Series(False, index=frame.index)
    return frame["reg"] != region


@shared
def for_ranking(level: str, region: str, include_neighbours: bool = False) -> pd.DataFrame:
    """Territories a région's rankings and group figures count: by default only the zones whose population
    lies mostly in the région (Ussel, mostly in Nouvelle-Aquitaine, touches Auvergne-Rhône-Alpes but is not
    ranked there); every zone touching it when the user includes neighbours."""
    frame = in_region(level, region)
    return frame if include_neighbours else frame[~elsewhere(frame, region)]


def zone_region(code: str) -> str:
    return str(listing("ze").at[code, "reg"])


def warm() -> None:
    """Listings and names of every level, computed once for all sessions (atlas.data.warm)."""
    for level in LEVEL_TABLES:
        listing(level)
        _names(level)
    region_options()
