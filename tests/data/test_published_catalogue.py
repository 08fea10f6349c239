"""The catalogue the build published (metadata.json) matches the Parquet it describes, indicator by indicator."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

from atlas.data import CONTRACT
from contract.formulas import ratio

DTYPES = {"float64": ("double",), "Int64": ("int64",)}


def metadata(processed_dir: Path) -> dict:
    return json.loads((processed_dir / "metadata.json").read_text())


def published_indicators() -> list[dict]:
    from etl import config

    path = config.PROCESSED_DIR / "metadata.json"
    return json.loads(path.read_text())["indicators"] if path.is_file() else []


def test_the_published_contract_is_the_one_the_app_reads(processed_dir: Path) -> None:
    manifest = json.loads((processed_dir / "manifest.json").read_text())
    assert manifest["contract"] == metadata(processed_dir)["contract"] == CONTRACT
    assert len(metadata(processed_dir)["indicators"]) >= 20


@pytest.mark.parametrize("record", published_indicators(), ids=lambda r: r["id"])
def test_indicator_column_is_published_with_its_unit_and_type(record: dict, processed_dir: Path) -> None:
    tables = metadata(processed_dir)["tables"]
    columns = {c["name"]: c for c in tables[record["table"]]["columns"]}
    column = columns[record["column"]]
    assert column["unit"] == record["unit"]
    schema = pq.read_schema(processed_dir / f"{record['table']}.parquet")
    assert str(schema.field(record["column"]).type) in DTYPES[column["dtype"]]
    for term in (record["numerator"], record["denominator"], *record["secret_cells"], *record["vintage_columns"]):
        if term:
            assert term in schema.names, f"{record['id']}: {term} is not published beside {record['column']}"


@pytest.mark.parametrize(
    "record",
    [r for r in published_indicators() if r["numerator"] and r["table"] == "territory_indicators"],
    ids=lambda r: r["id"],
)
def test_published_ratio_equals_its_declared_formula(record: dict, processed_dir: Path) -> None:
    table = pd.read_parquet(processed_dir / "territory_indicators.parquet")
    if record["zone_from_departement"]:
        table = table[table["level"] != "ze"]
    expected = ratio(table[record["numerator"]], table[record["denominator"]], record["scale"])
    assert np.allclose(table[record["column"]], expected, equal_nan=True, rtol=1e-12)
    if record["format"] == "pct":
        low = -np.inf if record["signed"] else 0
        assert table[record["column"]].dropna().between(low, 1).all()
