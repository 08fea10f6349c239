"""BMO totals by territory and occupation scope, with two readings of each share.

Secret cells make every sum a lower bound; the count of secret cells travels with each total so
the app can say "au moins". Each share (difficult, seasonal) comes two ways:
- `*_share`: every published part over every published project (secret parts count as 0);
- `*_share_known_cells`: only over cells where the projects and the part are both published.
France Travail hides a part when it is small, so the second reading leaves out cells with few
difficult projects and runs high (BMO 2025, France: 55.2 % against 49.6 %, while the national
figure France Travail publishes from complete data is about 50 %); the first is a minimum that
stays within half a point of the published national figures. The app shows the first.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

SUM_COLUMNS = [
    "projects",
    "difficult",
    "seasonal",
    "projects_known_difficult",
    "difficult_known",
    "projects_known_seasonal",
    "seasonal_known",
]
COUNT_COLUMNS = ["cells", "projects_secret", "difficult_secret", "seasonal_secret"]
LEVELS = ("fr", "reg", "dep", "ze")
SHARE_COLUMNS = ["difficult_share", "seasonal_share", "difficult_share_known_cells", "seasonal_share_known_cells"]


def additive_columns(cells: pd.DataFrame) -> pd.DataFrame:
    """Per survey cell, the quantities that add up across cells (missing counts as 0 in sums)."""
    out = cells.drop(columns=["projects", "difficult", "seasonal"]).copy()
    projects = cells["projects"].astype("Float64")
    difficult = cells["difficult"].astype("Float64")
    seasonal = cells["seasonal"].astype("Float64")
    both_difficult = projects.notna() & difficult.notna()
    both_seasonal = projects.notna() & seasonal.notna()
    out["projects"] = projects.fillna(0).astype("float64")
    out["difficult"] = difficult.fillna(0).astype("float64")
    out["seasonal"] = seasonal.fillna(0).astype("float64")
    out["projects_known_difficult"] = projects.where(both_difficult, 0).fillna(0).astype("float64")
    out["difficult_known"] = difficult.where(both_difficult, 0).fillna(0).astype("float64")
    out["projects_known_seasonal"] = projects.where(both_seasonal, 0).fillna(0).astype("float64")
    out["seasonal_known"] = seasonal.where(both_seasonal, 0).fillna(0).astype("float64")
    out["cells"] = 1
    for measure in ("projects", "difficult", "seasonal"):
        out[f"{measure}_secret"] = cells[f"{measure}_secret"].astype("int64")
    return out


def with_shares(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    out["difficult_share"] = _ratio(out["difficult"], out["projects"])
    out["seasonal_share"] = _ratio(out["seasonal"], out["projects"])
    out["difficult_share_known_cells"] = _ratio(out["difficult_known"], out["projects_known_difficult"])
    out["seasonal_share_known_cells"] = _ratio(out["seasonal_known"], out["projects_known_seasonal"])
    return out


def _ratio(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    return pd.Series(
        np.where(denominator > 0, numerator / denominator.where(denominator > 0, 1), np.nan), index=numerator.index
    )


def by_scope(cells: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Totals for all occupations, industrial ones and each FAP domain, by the given keys."""
    columns = SUM_COLUMNS + COUNT_COLUMNS
    parts = [
        cells.groupby(keys, as_index=False)[columns].sum().assign(scope="all"),
        cells[cells["industrial"]].groupby(keys, as_index=False)[columns].sum().assign(scope="industrial"),
        cells.groupby(keys + ["fap_domain"], as_index=False)[columns].sum().rename(columns={"fap_domain": "scope"}),
    ]
    return pd.concat(parts, ignore_index=True)


def build(bmo: pd.DataFrame, bmo_ze: pd.DataFrame, zones: pd.DataFrame) -> pd.DataFrame:
    """bmo_agg: one row per year x level x territory x scope."""
    cells = additive_columns(bmo).assign(fr="FR")
    frames = []
    for level, column in (("fr", "fr"), ("reg", "reg"), ("dep", "dep")):
        part = by_scope(cells, ["year", column]).rename(columns={column: "code"})
        frames.append(part.assign(level=level))
    zone_part = by_scope(bmo_ze, ["year", "ze2020"]).rename(columns={"ze2020": "code"})
    frames.append(zone_part.assign(level="ze"))
    agg = with_shares(pd.concat(frames, ignore_index=True))
    columns = ["year", "level", "code", "scope"] + SUM_COLUMNS + COUNT_COLUMNS + SHARE_COLUMNS
    return agg[columns].sort_values(["year", "level", "code", "scope"]).reset_index(drop=True)
