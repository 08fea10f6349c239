"""Compare two builds of data/processed table by table: same rows, same columns, same values.

    python scripts/compare_builds.py OLD_DIR NEW_DIR

Floats are compared with a relative tolerance of 1e-12 (the same formula written in another order
can differ in the last bit); everything else must be equal. Prints one line per table and exits 1
when a table differs.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd


def same(p: object, q: object) -> bool:
    """Equal scalars (missing equals missing), equal lists, equal geometry bytes (WKB)."""
    if np.ndim(p) or np.ndim(q):
        return list(p) == list(q)
    return bool(p == q) or (pd.isna(p) and pd.isna(q))


def column_difference(column: str, a: pd.Series, b: pd.Series) -> tuple[str | None, float]:
    """What differs in one column (None if nothing), and the largest relative float difference."""
    if str(a.dtype) != str(b.dtype):
        return f"{column}: dtype {a.dtype} before, {b.dtype} after", 0.0
    if a.dtype.kind != "f":
        same_values = a.astype(object).equals(b.astype(object)) or all(map(same, a, b))
        return (None if same_values else f"{column}: values differ"), 0.0
    x, y = a.to_numpy(), b.to_numpy()
    if not np.array_equal(np.isnan(x), np.isnan(y)):
        return f"{column}: missing values differ", 0.0
    both = ~np.isnan(x)
    if not both.any():
        return None, 0.0
    if not np.allclose(x[both], y[both], rtol=1e-12, atol=0):
        return f"{column}: values differ (max {np.max(np.abs(x[both] - y[both])):.3g})", 0.0
    return None, float(np.max(np.abs(x[both] - y[both]) / np.maximum(np.abs(x[both]), 1e-300)))


def compare(old: pd.DataFrame, new: pd.DataFrame) -> str | None:
    if len(old) != len(new):
        return f"{len(old)} rows before, {len(new)} after"
    if set(old.columns) != set(new.columns):
        removed, added = sorted(set(old.columns) - set(new.columns)), sorted(set(new.columns) - set(old.columns))
        return f"columns differ: removed {removed}, added {added}"
    worst = 0.0
    for column in old.columns:
        problem, difference = column_difference(column, old[column], new[column])
        if problem:
            return problem
        worst = max(worst, difference)
    return f"identical (largest relative float difference {worst:.1e})" if worst else None


def main(old_dir: Path, new_dir: Path) -> int:
    failed = 0
    names = sorted({p.stem for p in old_dir.glob("*.parquet")} | {p.stem for p in new_dir.glob("*.parquet")})
    for name in names:
        old_path, new_path = old_dir / f"{name}.parquet", new_dir / f"{name}.parquet"
        if not old_path.exists() or not new_path.exists():
            print(f"{name}: only in {'new' if new_path.exists() else 'old'} build")
            failed += 1
            continue
        result = compare(pd.read_parquet(old_path), pd.read_parquet(new_path))
        ok = result is None or result.startswith("identical")
        failed += not ok
        print(f"{name}: {result or 'identical'}")
    print(f"{len(names) - failed} of {len(names)} tables hold the same values")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2])))
