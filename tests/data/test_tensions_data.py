"""The tension tables reconcile with the DARES file: every row kept, values unchanged, known territories."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd


def test_rows_and_values_match_the_raw_file(processed_dir: Path, raw_dir: Path) -> None:
    raw = pd.read_csv(raw_dir / "dares_tensions_2019" / "tensions.csv", dtype=str)
    raw.columns = raw.columns.str.strip()
    ours = pd.read_parquet(processed_dir / "tensions_2019.parquet")
    assert len(ours) == len(raw)
    national = raw[raw["niveau_geo"].str.strip() == "nat"].set_index("fap")
    mine = ours[ours["level"] == "fr"].set_index("fap")
    assert np.allclose(mine["tension"], national.loc[mine.index, "Tension"].astype(float), equal_nan=True)
    assert (mine["employment"] == national.loc[mine.index, "Emploi moyen"].astype(float).astype(int)).all()
    industrial87 = ours[(ours["level"] == "fr") & (ours["fap_level"] == "fap87") & ours["industrial"]]
    assert industrial87["category"].between(1, 5).all() and len(industrial87) >= 20


def test_territory_codes_are_known(processed_dir: Path) -> None:
    ours = pd.read_parquet(processed_dir / "tensions_2019.parquet")
    deps = set(pd.read_parquet(processed_dir / "departements.parquet", columns=["dep"])["dep"])
    regs = set(pd.read_parquet(processed_dir / "regions.parquet", columns=["reg"])["reg"])
    assert set(ours.loc[ours["level"] == "dep", "code"]) <= deps
    assert set(ours.loc[ours["level"] == "reg", "code"]) <= regs
    assert ours["fap_label"].notna().mean() > 0.99
