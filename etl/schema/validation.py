"""Schema machinery: declared columns and tables, and the check that runs before anything is written.

Each column carries its own description and unit (PUDL-style metadata), so the same declaration
validates the data before it is written and documents it in data/processed/metadata.json.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from etl.errors import ValidationError


@dataclass(frozen=True)
class Column:
    name: str
    dtype: str  # str, Int8, Int16, Int32, Int64, float64, bool, boolean (nullable), list, geometry
    description: str
    nullable: bool = False
    pattern: str | None = None
    min: float | None = None
    max: float | None = None
    values: tuple | None = None
    unit: str | None = None


TableCheck = Callable[[pd.DataFrame], str | None]


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    geometry: bool = False
    checks: tuple[TableCheck, ...] = field(default_factory=tuple)

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


def _cast(series: pd.Series, column: Column, table: str) -> pd.Series:
    try:
        if column.dtype == "str":
            out = series.astype("str")
            return out.where(series.notna())
        if column.dtype.startswith("Int"):
            if series.dtype.kind == "f":
                values = series.dropna()
                if not np.all(np.mod(values, 1) == 0):
                    raise ValueError("non-integer values")
            return series.astype(column.dtype)
        if column.dtype == "float64":
            return series.astype("float64")
        if column.dtype == "boolean":  # nullable: "unknown" stays empty instead of becoming False
            return series.astype("boolean")
        if column.dtype == "bool":
            if series.isna().any():
                raise ValueError("missing values in a boolean column")
            return series.astype("bool")
    except (TypeError, ValueError) as error:
        raise ValidationError(table, f"cannot be read as {column.dtype} ({error})", column=column.name) from None
    return series  # list and geometry are checked, not cast


def validate(frame: pd.DataFrame, table: Table) -> pd.DataFrame:
    """Return the frame with declared columns, order and types, or raise ValidationError."""
    missing = [c for c in table.column_names if c not in frame.columns]
    if missing:
        raise ValidationError(table.name, "column is missing", column=missing[0])
    extra = [c for c in frame.columns if c not in table.column_names]
    if extra:
        raise ValidationError(table.name, "column is not declared in etl/schema/", column=extra[0])
    out = frame[table.column_names].copy()
    for column in table.columns:
        series = _cast(out[column.name], column, table.name)
        out[column.name] = series
        _check_column(series, column, table.name)
    if table.key:
        duplicated = out.duplicated(list(table.key), keep=False)
        if duplicated.any():
            sample = out.loc[duplicated, list(table.key)].head(2).to_dict("records")
            raise ValidationError(table.name, f"duplicate key {list(table.key)}: {sample}")
    for check in table.checks:
        problem = check(out)
        if problem:
            raise ValidationError(table.name, problem)
    if table.geometry:
        import geopandas as gpd

        out = gpd.GeoDataFrame(out, geometry="geometry", crs="EPSG:4326")
    return out.reset_index(drop=True)


def _check_column(series: pd.Series, column: Column, table: str) -> None:
    def fail(message: str, bad: pd.Series) -> None:
        sample = list(dict.fromkeys(series[bad].astype(str).tolist()))[:3]
        raise ValidationError(table, f"{message} ({int(bad.sum())} rows, e.g. {sample})", column=column.name)

    nulls = series.isna()
    if column.dtype == "geometry":
        import shapely

        empty = nulls | shapely.is_empty(np.asarray(series.values))
        if empty.any():
            fail("empty geometry", pd.Series(empty, index=series.index))
        invalid = ~shapely.is_valid(np.asarray(series.values))
        if invalid.any():
            fail("invalid geometry", pd.Series(invalid, index=series.index))
        return
    if not column.nullable and nulls.any():
        fail("missing values in a non-nullable column", nulls)
    present = series[~nulls]
    if column.pattern is not None:
        bad = ~present.str.fullmatch(column.pattern)
        if bad.any():
            fail(f"values do not match {column.pattern}", bad.reindex(series.index, fill_value=False))
    if column.values is not None:
        bad = ~present.isin(column.values)
        if bad.any():
            fail(f"values outside {list(column.values)}", bad.reindex(series.index, fill_value=False))
    if column.min is not None:
        bad = present < column.min
        if bad.any():
            fail(f"values below {column.min}", bad.reindex(series.index, fill_value=False))
    if column.max is not None:
        bad = present > column.max
        if bad.any():
            fail(f"values above {column.max}", bad.reindex(series.index, fill_value=False))


# ---------------------------------------------------------------- shared column factories


def share_column(name: str, description: str, nullable: bool = True) -> Column:
    return Column(name, "float64", description, nullable=nullable, min=0.0, max=1.0, unit="part (0-1)")


def count_column(name: str, description: str, dtype: str = "Int64", nullable: bool = False) -> Column:
    return Column(name, dtype, description, nullable=nullable, min=0, unit="nombre")


def flag_check(value_col: str, flag_col: str) -> TableCheck:
    def check(frame: pd.DataFrame) -> str | None:
        bad = frame[flag_col] & frame[value_col].notna()
        if bad.any():
            return f"{int(bad.sum())} secret cell(s) of {value_col!r} carry a number"
        return None

    return check


def le_check(small: str, large: str, tolerance: float = 1e-6) -> TableCheck:
    def check(frame: pd.DataFrame) -> str | None:
        both = frame[small].notna() & frame[large].notna()
        bad = both & (frame[small].astype("float64") > frame[large].astype("float64") + tolerance)
        if bad.any():
            return f"{int(bad.sum())} row(s) where {small!r} exceeds {large!r}"
        return None

    return check
