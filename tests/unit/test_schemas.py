"""The schema check refuses what must never be published: duplicate keys, bad codes, out-of-range values."""

from __future__ import annotations

import pandas as pd
import pytest

from etl.errors import ValidationError
from etl.schema.bmo import BMO_BASSINS
from etl.schema.fields import COMMUNE
from etl.schema.validation import Column, Table, validate

TABLE = Table(
    "demo",
    "demo table",
    (
        Column("commune", "str", "code", pattern=COMMUNE),
        Column("count", "Int64", "a count", nullable=True, min=0),
        Column("share", "float64", "a share", min=0, max=1),
    ),
    key=("commune",),
)


def frame(**overrides: list) -> pd.DataFrame:
    data = {"commune": ["01001", "2A004"], "count": [3, None], "share": [0.5, 1.0]}
    data.update(overrides)
    return pd.DataFrame(data)


def test_valid_frame_is_cast_to_declared_types() -> None:
    out = validate(frame(), TABLE)
    assert str(out["count"].dtype) == "Int64"
    assert out["count"].isna().tolist() == [False, True]


def test_duplicate_key() -> None:
    with pytest.raises(ValidationError, match=r"table 'demo': duplicate key \['commune'\]"):
        validate(frame(commune=["01001", "01001"]), TABLE)


def test_code_pattern_names_the_column() -> None:
    with pytest.raises(ValidationError, match=r"table 'demo', column 'commune': values do not match .*'1001'"):
        validate(frame(commune=["1001", "2A004"]), TABLE)


def test_negative_count() -> None:
    with pytest.raises(ValidationError, match=r"column 'count': values below 0"):
        validate(frame(count=[-1, 2]), TABLE)


def test_share_above_one() -> None:
    with pytest.raises(ValidationError, match=r"column 'share': values above 1"):
        validate(frame(share=[0.5, 1.2]), TABLE)


def test_non_integer_in_integer_column() -> None:
    with pytest.raises(ValidationError, match=r"column 'count': cannot be read as Int64"):
        validate(frame(count=[1.5, 2.0]), TABLE)


def test_missing_and_undeclared_columns() -> None:
    with pytest.raises(ValidationError, match=r"column 'share': column is missing"):
        validate(frame().drop(columns="share"), TABLE)
    with pytest.raises(ValidationError, match=r"column 'extra': column is not declared"):
        validate(frame().assign(extra=1), TABLE)


def test_allowed_values() -> None:
    row = {
        "year": 2024,
        "bassin": "8405",
        "dep": "01",
        "bassin_name": "X",
        "method": "guess",
        "n_communes": 1,
        "projects": 1,
        "projects_secret": 0,
        "cells": 1,
    }
    with pytest.raises(ValidationError, match=r"column 'method': values outside"):
        validate(pd.DataFrame([row]), BMO_BASSINS)
