"""Ratios and BMO shares, computed the same way by the build and by the app.

Every ratio is a ratio of sums: groups of territories or cells are summed first and divided after,
never averaged; a zero or missing denominator gives a missing value, never 0 or infinity.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


def ratio(numerator: pd.Series, denominator: pd.Series, scale: float = 1.0) -> pd.Series:
    """numerator / denominator × scale, missing where the denominator is not positive."""
    numerator = numerator.astype("float64")
    denominator = denominator.astype("float64")
    return (numerator / denominator.where(denominator > 0)) * scale


@dataclass(frozen=True)
class Ratio:
    """A published ratio column: column = numerator / denominator × scale."""

    column: str
    numerator: str
    denominator: str
    scale: float = 1.0

    def compute(self, frame: pd.DataFrame) -> pd.Series:
        return ratio(frame[self.numerator], frame[self.denominator], self.scale)


def add_ratios(frame: pd.DataFrame, ratios: tuple[Ratio, ...]) -> pd.DataFrame:
    out = frame.copy()
    for formula in ratios:
        out[formula.column] = formula.compute(out)
    return out


# ---------------------------------------------------------------- BMO survey cells
# Secret cells (`*`) count as 0 in sums; `*_known` columns keep only cells where the part and the
# projects are both published, for the second reading of each share.
BMO_SUMS: list[str] = [
    "projects",
    "difficult",
    "seasonal",
    "projects_known_difficult",
    "difficult_known",
    "projects_known_seasonal",
    "seasonal_known",
]
BMO_COUNTS: list[str] = ["cells", "projects_secret", "difficult_secret", "seasonal_secret"]
BMO_SHARES: tuple[Ratio, ...] = (
    Ratio("difficult_share", "difficult", "projects"),
    Ratio("seasonal_share", "seasonal", "projects"),
    Ratio("difficult_share_known_cells", "difficult_known", "projects_known_difficult"),
    Ratio("seasonal_share_known_cells", "seasonal_known", "projects_known_seasonal"),
)
BMO_SHARE = {formula.column: formula for formula in BMO_SHARES}


def bmo_additive_columns(cells: pd.DataFrame) -> pd.DataFrame:
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


def with_bmo_shares(frame: pd.DataFrame) -> pd.DataFrame:
    """Summed BMO cells with their four shares (see BMO_SHARES)."""
    return add_ratios(frame, BMO_SHARES)
