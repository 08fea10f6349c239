"""Readers for raw spreadsheets and CSV files that fail with one line naming file, sheet and column.

Column lookup is forgiving about case, accents, spaces and underscores ("Code métier BMO" matches
"code_metier_bmo"), strict about presence: a missing column is an InputError, never a silent NaN.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from pandas.api.types import is_bool_dtype, is_numeric_dtype
from python_calamine import CalamineWorkbook

from etl.errors import InputError

SheetMatcher = str | re.Pattern[str] | Callable[[str], bool]
# A column is wanted under one header name, several, or a pattern such as re.compile(r"BE\d{2}").
Alias = str | re.Pattern[str]
ColumnSpec = Mapping[str, Alias | Iterable[Alias]]


def without_accents(name: object) -> str:
    """Lower-case text without accents: 'Île-de-France' -> 'ile-de-france'."""
    text = unicodedata.normalize("NFKD", str(name))
    return "".join(ch for ch in text if not unicodedata.combining(ch)).lower()


def normalize_name(name: object) -> str:
    """Lower-case ASCII letters and digits only: the key used to match column names."""
    return re.sub(r"[^a-z0-9]", "", without_accents(name))


def _open_workbook(path: Path) -> CalamineWorkbook:
    if not path.is_file():
        raise InputError(path, "file not found (run `python -m etl fetch`)")
    try:
        return CalamineWorkbook.from_path(str(path))
    except (zipfile.BadZipFile, ValueError, OSError, Exception) as error:  # calamine raises its own types
        raise InputError(path, f"not a readable spreadsheet, truncated or corrupt ({type(error).__name__})") from None


def _pick_sheet(path: Path, names: Sequence[str], sheet: SheetMatcher) -> str:
    if isinstance(sheet, str):
        found = [n for n in names if n == sheet] or [n for n in names if normalize_name(n) == normalize_name(sheet)]
    elif isinstance(sheet, re.Pattern):
        found = [n for n in names if sheet.fullmatch(n)]
    else:
        found = [n for n in names if sheet(n)]
    if len(found) != 1:
        wanted = sheet if isinstance(sheet, str) else getattr(sheet, "pattern", "the data sheet")
        what = "no sheet" if not found else f"{len(found)} sheets"
        raise InputError(path, f"{what} matching {wanted!r}; sheets are {list(names)}")
    return found[0]


def _options(aliases: Alias | Iterable[Alias]) -> list[Alias]:
    return [aliases] if isinstance(aliases, (str, re.Pattern)) else list(aliases)


def _matches(header: object, alias: Alias) -> bool:
    if isinstance(alias, re.Pattern):
        return alias.fullmatch(str(header).strip()) is not None
    return normalize_name(header) == normalize_name(alias)


def _locate_columns(header: Sequence[object], columns: ColumnSpec) -> dict[str, int] | None:
    """Position of each wanted column in a header row, or None if any is absent."""
    positions: dict[str, int] = {}
    for wanted, aliases in columns.items():
        options = _options(aliases)
        hit = next((i for i, h in enumerate(header) if any(_matches(h, a) for a in options)), None)
        if hit is None:
            return None
        positions[wanted] = hit
    return positions


def _missing_columns(header: Sequence[object], columns: ColumnSpec) -> list[str]:
    missing = []
    for aliases in columns.values():
        options = _options(aliases)
        if not any(_matches(h, a) for h in header for a in options):
            first = options[0]
            missing.append(first.pattern if isinstance(first, re.Pattern) else first)
    return missing


def read_sheet(
    path: Path,
    sheet: SheetMatcher | None,
    columns: ColumnSpec,
    *,
    header_search_rows: int = 30,
) -> tuple[pd.DataFrame, str]:
    """Read the columns wanted from a sheet whose header row is found by itself.

    `columns` maps the output name to the accepted header names. With sheet=None the sheet is
    the one whose header holds all those columns (for publishers who rename sheets). Returns the
    frame (values as calamine gives them, object dtype) and the sheet name actually read.
    """
    workbook = _open_workbook(path)
    names = [_pick_sheet(path, workbook.sheet_names, sheet)] if sheet is not None else workbook.sheet_names
    best: tuple[int, str, list[str]] | None = None
    for name in names:
        rows = _sheet_rows(path, workbook, name)
        for index, row in enumerate(rows[:header_search_rows]):
            positions = _locate_columns(row, columns)
            if positions is not None:
                return _frame_from_rows(rows[index + 1 :], positions), name
        for row in rows[:header_search_rows]:
            missing = _missing_columns(row, columns)
            if best is None or len(missing) < len(best[2]):
                best = (len(missing), name, missing)
    if sheet is None and (best is None or best[0] == len(columns)):
        raise InputError(path, f"no sheet has the expected columns; sheets are {workbook.sheet_names}")
    _, name, missing = best if best is not None else (0, names[0], list(columns))
    raise InputError(path, "column not found in the header rows", sheet=name, column=missing[0] if missing else None)


def _sheet_rows(path: Path, workbook: CalamineWorkbook, name: str) -> list[list[object]]:
    try:
        return workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
    except Exception as error:
        raise InputError(path, f"cannot read the sheet ({error})", sheet=name) from None


def _frame_from_rows(body: list[list[object]], positions: dict[str, int]) -> pd.DataFrame:
    """Columns picked out of the body rows, blank rows dropped."""
    width = max(positions.values()) + 1
    padded = body if all(len(r) >= width for r in body) else [list(r) + [""] * (width - len(r)) for r in body]
    transposed = list(zip(*padded, strict=False)) if padded else [()] * width
    frame = pd.DataFrame({out: pd.Series(transposed[pos], dtype=object) for out, pos in positions.items()})
    blank = pd.Series(True, index=frame.index)
    for column in frame.columns:
        values = frame[column]
        blank &= values.isna() | values.eq("")
    return frame.loc[~blank].reset_index(drop=True)


def decode_text(path: Path, encoding: str = "utf-8") -> str:
    """File content as text; a wrong encoding is reported with the byte offset and a hint."""
    if not path.is_file():
        raise InputError(path, "file not found (run `python -m etl fetch`)")
    data = path.read_bytes()
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        hint = " (looks like latin-1/cp1252)" if encoding.lower().startswith("utf") else ""
        raise InputError(path, f"not valid {encoding} at byte {error.start}, line {line}{hint}") from None
    return text.removeprefix("\ufeff")


def _first_short_row(text: str, sep: str) -> int | None:
    """1-based number of the first non-empty row with fewer fields than the header, if any."""
    if '"' in text:
        rows = csv.reader(io.StringIO(text), delimiter=sep)
        width = len(next(rows, []))
        for number, row in enumerate(rows, start=2):
            if row and len(row) < width:
                return number
        return None
    lines = text.splitlines()
    width = lines[0].count(sep) if lines else 0
    for number, line in enumerate(lines[1:], start=2):
        if line and line.count(sep) < width:
            return number
    return None


def read_csv(
    path: Path,
    columns: ColumnSpec,
    *,
    sep: str = ",",
    encoding: str = "utf-8",
    text: str | None = None,
) -> pd.DataFrame:
    """Read the wanted columns of a CSV as strings ('' for empty cells), checking row lengths."""
    text = decode_text(path, encoding) if text is None else text
    try:
        frame = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False, na_filter=True)
    except pd.errors.ParserError as error:
        raise InputError(path, f"malformed CSV ({str(error).strip()[:160]})") from None
    except pd.errors.EmptyDataError:
        raise InputError(path, "file is empty") from None
    positions = _locate_columns(list(frame.columns), columns)
    if positions is None:
        missing = _missing_columns(list(frame.columns), columns)
        raise InputError(path, f"column not found; columns are {list(frame.columns)[:20]}", column=missing[0])
    short = _first_short_row(text, sep)
    if short is not None:
        raise InputError(path, f"row {short} has fewer fields than the header (truncated file?)")
    out = frame.iloc[:, list(positions.values())].copy()
    out.columns = list(positions.keys())
    return out


def row_number(mask: pd.Series, first_row: int = 2) -> int:
    """The file row of the first True of mask: its index label when the frame still has the reader's
    integer index (rows filtered out keep their numbers), else its position; first_row is the row of
    label 0 (2 under a header line)."""
    label = mask.index[mask.to_numpy().nonzero()[0][0]]
    if isinstance(label, (int, np.integer)) and label >= 0:
        return int(label) + first_row
    return int(mask.to_numpy().nonzero()[0][0]) + first_row


SECRET_MARKS = ("*",)  # a cell withheld as secret: missing, never a number


def strict_numbers(
    values: pd.Series,
    file: str,
    column: str,
    *,
    sheet: str | None = None,
    missing: Iterable[str] = SECRET_MARKS,
    blank: bool = True,
    first_row: int = 2,
    message: str = "row {row}: not a number: {value!r}",
) -> pd.Series:
    """Numbers as floats, never a silent empty value: blank cells (unless blank=False) and the marks
    of `missing` (the secret mark '*' by default; a source's own placeholder such as 'NA' is listed
    by its step) stay missing; any other text is refused with its row (first_row: the file's row of
    the first value: 2 under a header line, 1 in a Parquet file). A column that is already numeric
    (Parquet) passes as it is."""
    if is_numeric_dtype(values.dtype) and not is_bool_dtype(values.dtype):
        numbers = values.astype("float64")
        unreadable = np.isinf(numbers) | (numbers.isna() if not blank else False)
        if unreadable.any():
            value = "" if pd.isna(numbers[unreadable].iloc[0]) else str(numbers[unreadable].iloc[0])
            raise InputError(
                file, message.format(row=row_number(unreadable, first_row), value=value), sheet=sheet, column=column
            )
        return numbers
    text = values.astype("string").str.strip().fillna("")
    allowed = text.isin(list(missing)) | ((text == "") if blank else False)
    numbers = pd.to_numeric(text.where(~allowed & (text != "")), errors="coerce").astype("float64")
    unreadable = (numbers.isna() | np.isinf(numbers)) & ~allowed
    if unreadable.any():
        row = row_number(unreadable, first_row)
        value = text[unreadable].iloc[0]
        raise InputError(file, message.format(row=row, value=value), sheet=sheet, column=column)
    return numbers
