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
# A secret cell (`*`) counts as 0 in the central figure, the published minimum, and as the most it
# can hide in the `*_high` bounds. Shares carry two bounds over the most projects the cells can hold:
# low puts no difficult (seasonal) project in secret cells, high puts as many as the cell allows.
BMO_SUMS: list[str] = [
    "projects",
    "difficult",
    "seasonal",
    "projects_high",
    "difficult_high",
    "seasonal_high",
    "projects_fallback",
]
BMO_COUNTS: list[str] = ["cells", "projects_secret", "difficult_secret", "seasonal_secret"]
BMO_SHARES: tuple[Ratio, ...] = (
    Ratio("difficult_share", "difficult", "projects"),
    Ratio("seasonal_share", "seasonal", "projects"),
    Ratio("difficult_share_low", "difficult", "projects_high"),
    Ratio("difficult_share_high", "difficult_high", "projects_high"),
    Ratio("seasonal_share_low", "seasonal", "projects_high"),
    Ratio("seasonal_share_high", "seasonal_high", "projects_high"),
)
BMO_SHARE = {formula.column: formula for formula in BMO_SHARES}


def bmo_additive_columns(cells: pd.DataFrame) -> pd.DataFrame:
    """Per survey cell, the quantities that add up across cells (a secret cell counts 0 centrally)."""
    out = cells.copy()
    for measure in ("projects", "difficult", "seasonal"):
        out[measure] = cells[measure].astype("float64").fillna(0)
        out[f"{measure}_high"] = cells[f"{measure}_high"].astype("float64")
        out[f"{measure}_secret"] = cells[f"{measure}_secret"].astype("int64")
    if "projects_fallback" not in out:
        out["projects_fallback"] = 0.0
    out["cells"] = 1
    return out


def with_bmo_shares(frame: pd.DataFrame) -> pd.DataFrame:
    """Summed BMO cells with their shares and bounds (see BMO_SHARES)."""
    return add_ratios(frame, BMO_SHARES)
