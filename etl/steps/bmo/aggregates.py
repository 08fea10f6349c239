"""BMO totals by territory and occupation scope, with bounds and a reliability flag.

Secret cells make every sum a lower bound: the central figure is the published minimum (a secret
cell counts 0) and `*_high` is the most the secret cells can hold, so each share carries `_low`
and `_high` bounds (contract/formulas.py). Each row is also flagged when the figure rests on few
projects, heavy secrecy, an unusual swing against the territory's own history, or (zones) mostly
on the whole-département fallback of the bassin allocation; `caveat` says why, in French.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from contract.domain import (
    FRANCE,
    MAX_FALLBACK_SHARE,
    MIN_SWING_POINTS,
    MIN_SWING_RATIO,
    SWING_FACTOR,
)
from contract.formulas import BMO_COUNTS, BMO_SHARES, BMO_SUMS, bmo_additive_columns, with_bmo_shares
from contract.reliability import REASONS, sparse_flags, with_caveat

SERIES = ["level", "code", "scope"]


def by_scope(cells: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Totals for all occupations, industrial ones and each FAP domain, by the given keys."""
    columns = BMO_SUMS + BMO_COUNTS
    parts = [
        cells.groupby(keys, as_index=False)[columns].sum().assign(scope="all"),
        cells[cells["industrial"]].groupby(keys, as_index=False)[columns].sum().assign(scope="industrial"),
        cells.groupby(keys + ["fap_domain"], as_index=False)[columns].sum().rename(columns={"fap_domain": "scope"}),
    ]
    return pd.concat(parts, ignore_index=True)


def unusual_swings(agg: pd.DataFrame) -> pd.Series:
    """A change from the previous survey far beyond the territory's own typical change.

    Changes are measured against France's change for the same scope and years, so a national
    movement (2018, 2022) is not taken for local noise."""
    ordered = agg.sort_values([*SERIES, "year"])
    series = ordered.groupby(SERIES, sort=False)
    share_change = series["difficult_share"].diff()
    projects = ordered["projects"].where(ordered["projects"] > 0)
    ratio_change = np.log(projects / series["projects"].shift())
    france = ordered["level"] == "fr"
    national = pd.DataFrame(
        {"scope": ordered["scope"], "year": ordered["year"], "share": share_change, "ratio": ratio_change}
    )[france].set_index(["scope", "year"])
    keys = pd.MultiIndex.from_frame(ordered[["scope", "year"]])
    share_change = (share_change - national["share"].reindex(keys).to_numpy()).abs()
    ratio_change = (ratio_change - national["ratio"].reindex(keys).to_numpy()).abs()
    groups = [ordered[c] for c in SERIES]
    typical_share = share_change.groupby(groups).transform("median")
    typical_ratio = ratio_change.groupby(groups).transform("median")
    swing = (share_change > np.maximum(SWING_FACTOR * typical_share, MIN_SWING_POINTS)) | (
        ratio_change > np.maximum(SWING_FACTOR * typical_ratio, np.log(MIN_SWING_RATIO))
    )
    return swing.reindex(agg.index).fillna(False).astype(bool)


def reliability(agg: pd.DataFrame) -> pd.DataFrame:
    """Flags and their French reason for each row of bmo_agg (rules in contract/reliability.py)."""
    out = pd.concat([agg, sparse_flags(agg)], axis=1)
    out["unusual_swing"] = unusual_swings(out)
    fallback = out["projects_fallback"] / out["projects"].where(out["projects"] > 0)
    out["allocation_fallback"] = (out["level"] == "ze") & (fallback > MAX_FALLBACK_SHARE)
    return with_caveat(out)


def build(bmo: pd.DataFrame, bmo_ze: pd.DataFrame) -> pd.DataFrame:
    """bmo_agg: one row per year x level x territory x scope."""
    cells = bmo_additive_columns(bmo).assign(fr=FRANCE)
    frames = []
    for level, column in (("fr", "fr"), ("reg", "reg"), ("dep", "dep")):
        part = by_scope(cells, ["year", column]).rename(columns={column: "code"})
        frames.append(part.assign(level=level))
    zone_part = by_scope(bmo_ze, ["year", "ze2020"]).rename(columns={"ze2020": "code"})
    frames.append(zone_part.assign(level="ze"))
    agg = reliability(with_bmo_shares(pd.concat(frames, ignore_index=True)))
    shares = [share.column for share in BMO_SHARES]
    columns = ["year", "level", "code", "scope", *BMO_SUMS, *BMO_COUNTS, *shares, *REASONS, "flagged", "caveat"]
    return agg[columns].sort_values(["year", "level", "code", "scope"]).reset_index(drop=True)
