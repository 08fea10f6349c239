"""When a BMO figure is fragile, and why in French: the rules both the build (bmo_agg) and the app
(figures computed on the fly for one occupation) apply. Thresholds are in contract/domain.py."""

from __future__ import annotations

import pandas as pd

from contract.domain import MAX_HIDDEN_SHARE, MAX_SHARE_BOUNDS, MIN_PROJECTS

REASONS = {
    "few_projects": f"moins de {MIN_PROJECTS} projets publiés",
    "secret_heavy": "forte part de cellules secrètes",
    "unusual_swing": "variation inhabituelle par rapport à l'historique du territoire",
    "allocation_fallback": "projets surtout répartis sur tout le département (bassin non localisé)",
}


def sparse_flags(totals: pd.DataFrame) -> pd.DataFrame:
    """few_projects and secret_heavy of summed BMO cells with their shares and bounds."""
    high = totals["projects_high"]
    hidden = (high - totals["projects"]) / high.where(high > 0)
    bounds = totals["difficult_share_high"] - totals["difficult_share_low"]
    return pd.DataFrame(
        {
            "few_projects": totals["projects"] < MIN_PROJECTS,
            "secret_heavy": (hidden > MAX_HIDDEN_SHARE) | (bounds > MAX_SHARE_BOUNDS),
        },
        index=totals.index,
    )


def with_caveat(frame: pd.DataFrame) -> pd.DataFrame:
    """`flagged` and `caveat` (the French reasons, missing for a solid figure) from the flag columns present."""
    out = frame.copy()
    flags = out[[flag for flag in REASONS if flag in out]]
    out["flagged"] = flags.any(axis=1)
    reasons = [" ; ".join(REASONS[flag] for flag, on in row.items() if on) for row in flags.to_dict("records")]
    out["caveat"] = pd.Series(reasons, index=out.index).where(out["flagged"])
    return out
