"""Exports open in French Excel: `;` separators, decimal commas, a BOM, rounded values."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

from atlas.exports import csv_bytes


def test_csv_reads_back_as_french_excel_would(processed_dir: Path) -> None:
    agg = pd.read_parquet(processed_dir / "bmo_agg.parquet")
    row = agg[(agg["year"] == 2025) & (agg["level"] == "reg") & (agg["code"] == "84") & (agg["scope"] == "industrial")]
    data = csv_bytes(row[["code", "projects", "difficult_share", "flagged"]])
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM
    text = data.decode("utf-8-sig")
    assert text.splitlines()[0] == "code;projects;difficult_share;flagged"
    back = pd.read_csv(io.BytesIO(data), sep=";", decimal=",", encoding="utf-8-sig", dtype={"code": str})
    assert back.loc[0, "code"] == "84"
    assert abs(back.loc[0, "difficult_share"] - row["difficult_share"].iloc[0]) < 1e-4
    assert back.loc[0, "projects"] == round(row["projects"].iloc[0], 4)
    assert back.loc[0, "flagged"] in ("oui", "non")
    assert "," in text.splitlines()[1] and "." not in text.splitlines()[1]
