"""`python -m etl check`: is data/processed complete, intact and true to the declared schemas?"""

from __future__ import annotations

import json
import os
from pathlib import Path

import geopandas as gpd
import pandas as pd

from etl.errors import AtlasError, ValidationError
from etl.freshness import MANIFEST, sha256_of
from etl.schema import TABLES, validate


def read_table(path: Path, geometry: bool) -> pd.DataFrame:
    try:
        return gpd.read_parquet(path) if geometry else pd.read_parquet(path)
    except Exception as error:  # pyarrow raises several types for a damaged file
        reason = " ".join(str(error).split())[:160]
        raise AtlasError(f"{path}: not a readable Parquet file ({type(error).__name__}: {reason})") from None


def check(out_dir: Path) -> list[str]:
    """Lines describing each table; raises AtlasError on the first problem.

    data/processed is a symlink to the published version: it is resolved once, so the check reads one
    version throughout even if a build switches the link meanwhile."""
    root = Path(os.path.realpath(out_dir))
    manifest_path = root / MANIFEST
    if not manifest_path.is_file():
        raise AtlasError(f"{out_dir}: no {MANIFEST}; run `python -m etl build`")
    try:
        manifest = json.loads(manifest_path.read_text())
        outputs = manifest["outputs"]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise AtlasError(
            f"{manifest_path}: unreadable ({type(error).__name__}); run `python -m etl build --force`"
        ) from None
    lines = []
    for name, table in TABLES.items():
        info = outputs.get(name)
        if info is None:
            raise AtlasError(f"{out_dir}: table {name!r} is missing; run `python -m etl build`")
        path = root / info["file"]
        if not path.is_file() or sha256_of(path) != info["sha256"]:
            raise AtlasError(f"{path}: missing or changed since the build; run `python -m etl build --force`")
        frame = read_table(path, table.geometry)
        if len(frame) != info["rows"]:
            raise ValidationError(name, f"{len(frame)} rows, the manifest says {info['rows']}")
        validate(frame, table)
        lines.append(f"{name}: {len(frame):,} rows, schema ok")
    return lines
