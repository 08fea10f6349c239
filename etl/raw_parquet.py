"""Reading raw Parquet inputs: the wanted columns or one InputError line naming file and column.

Both the footer (schema) and the data pages are read inside the error handling: a truncated file, a
foreign file or a corrupt page deep inside a column all end as one line naming the file.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from etl.errors import InputError


def _why(error: Exception) -> str:
    text = " ".join(str(error).split())
    return f"{type(error).__name__}: {text[:120]}" if text else type(error).__name__


def read_parquet(path: Path, columns: Sequence[str], also: re.Pattern[str] | None = None) -> pd.DataFrame:
    """The columns asked for, plus those whose name matches `also` (e.g. one per year); a missing one is an error."""
    if not path.is_file():
        raise InputError(path, "file not found (run `python -m etl fetch`)")
    try:
        names = pq.read_schema(path).names
    except Exception as error:  # pyarrow raises several types for truncated or foreign files
        raise InputError(path, f"not a readable Parquet file ({type(error).__name__})") from None
    missing = [c for c in columns if c not in names]
    if missing:
        raise InputError(path, f"column not found; columns are {names[:20]}", column=missing[0])
    wanted = list(columns) + [c for c in names if also is not None and also.fullmatch(c) and c not in columns]
    try:
        return pd.read_parquet(path, columns=wanted)
    except Exception as error:  # a corrupt page or chunk: pyarrow's OSError, ArrowInvalid, zstd errors…
        raise InputError(path, f"corrupt Parquet data, cannot read the columns ({_why(error)})") from None
