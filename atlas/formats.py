"""French number formats: 12 345 ; 56,8 % ; +1,2 pt. Thousands use a narrow no-break space.

Signs use the ASCII hyphen-minus so that st.metric draws its arrow the right way.
"""

from __future__ import annotations

import math

NNBSP = "\u202f"  # espace fine insécable


def _is_missing(value: float | int | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value != value  # noqa: PLR0124


def fmt_int(value: float | int | None, missing: str = "–") -> str:
    """12345.4 -> '12 345'."""
    if _is_missing(value):
        return missing
    return f"{round(float(value)):,}".replace(",", NNBSP)


def fmt_dec(value: float | None, digits: int = 1, missing: str = "–") -> str:
    """2.54 -> '2,5'; thousands separated too."""
    if _is_missing(value):
        return missing
    text = f"{float(value):,.{digits}f}"
    return text.replace(",", NNBSP).replace(".", ",")


def fmt_pct(share: float | None, digits: int = 1, missing: str = "–") -> str:
    """0.568 -> '56,8 %' (a share between 0 and 1)."""
    if _is_missing(share):
        return missing
    return f"{fmt_dec(100 * float(share), digits)}{NNBSP}%"


def fmt_points(delta_share: float | None, digits: int = 1, missing: str = "–") -> str:
    """Change of a share in percentage points: 0.012 -> '+1,2 pt'."""
    if _is_missing(delta_share):
        return missing
    points = round(100 * float(delta_share), digits)
    sign = "+" if points > 0 else ("-" if points < 0 else "")
    return f"{sign}{fmt_dec(abs(points), digits)}{NNBSP}pt"


def fmt_change(ratio: float | None, digits: int = 1, missing: str = "–") -> str:
    """Relative change: 0.052 -> '+5,2 %'."""
    if _is_missing(ratio):
        return missing
    percent = round(100 * float(ratio), digits)
    sign = "+" if percent > 0 else ("-" if percent < 0 else "")
    return f"{sign}{fmt_dec(abs(percent), digits)}{NNBSP}%"


def fmt_value(value: float | None, kind: str, missing: str = "–") -> str:
    """Format by the catalogue's format code (int, pct, dec1), or a change: points (of a share), change
    (relative)."""
    if kind == "points":
        return fmt_points(value, missing=missing)
    if kind == "change":
        return fmt_change(value, missing=missing)
    if kind == "pct":
        return fmt_pct(value, missing=missing)
    if kind == "dec1":
        return fmt_dec(value, 1, missing=missing)
    return fmt_int(value, missing=missing)


SECRET_ONLY = "secret statistique"  # a count whose published cells sum to 0 while some cells are secret


def fmt_count(value: float | None, secret: object) -> str:
    """A survey count with its secret cells: '12 345', 'au moins 12 345' when secret cells make it a minimum,
    'secret statistique' when the published cells round to 0 but some are secret (never 'au moins 0')."""
    text = fmt_int(value)
    hidden = secret is not None and not _is_missing(secret) and bool(secret)
    if not hidden or text == "–":
        return text
    return f"au moins {text}" if round(float(value)) > 0 else SECRET_ONLY
