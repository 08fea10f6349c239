"""Small DataFrame helpers shared by several steps."""

from __future__ import annotations

import pandas as pd


def member(values: pd.Series, allowed: object) -> pd.Series:
    """values.isin(allowed) through object arrays: Arrow-string isin is slow on large `allowed` sets."""
    return pd.Series(values.astype(object).isin(pd.Index(list(allowed), dtype=object)), index=values.index)
