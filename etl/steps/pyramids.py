"""Pyramids step: INSEE population estimates by département, sex and five-year age band, 1975-2025.

Load: one sheet per year, each with three side-by-side blocks (Ensemble, Hommes, Femmes) of age
bands and a Total. The header rows are read rather than assumed, because the 1990-1998 sheets put
the overseas départements in a second block whose top band is "90 ans et plus" (no estimate beyond
90 there): those rows get a "90+" band instead of "90-94" and "95+". Process: keep département rows
only (aggregates such as "France métropolitaine" are dropped after checking that the départements
add up to them), check that bands add up to the totals and men + women = Ensemble, and flag the
estimates INSEE calls early or provisional. Save: population_pyramids (men and women; Ensemble is
their sum).
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
from python_calamine import CalamineWorkbook

from etl.errors import InputError
from etl.readers import normalize_name
from etl.step import Context

SOURCES = ("insee_estim_pop_dep",)
READS: tuple[str, ...] = ()
OUTPUTS = ("population_pyramids",)
FILE = "estim-pop-dep-sexe-aq-1975-2025.xlsx"

DEP_CODE = re.compile(r"^(\d{2}|2A|2B|97\d)$")
BLOCKS = {"ensemble": "T", "hommes": "M", "femmes": "F"}
STANDARD_BANDS = tuple(f"{a}-{a + 4}" for a in range(0, 95, 5)) + ("95+",)
TOP_90_BANDS = STANDARD_BANDS[:-2] + ("90+",)  # 1990-1998 overseas départements
# Status of the figures, read from the sheet's "Source" line.
STATUS_WORDS = {"precoce": "early", "provisoire": "provisional", "definitif": "final"}
TOTAL_ROWS = ("francemetropolitaineetdom", "francemetropolitaine")

CAVEATS = (
    "Pyramides des âges : estimations de population de l'INSEE au 1er janvier. De 1975 à 1989, seule la France "
    "métropolitaine est estimée ; Mayotte figure à partir de 2014. De 1990 à 1998, la dernière tranche des "
    "départements d'outre-mer est « 90 ans et plus » (pas d'estimation au-delà de 90 ans). Les années les plus "
    "récentes sont des estimations provisoires ou précoces, révisées par l'INSEE.",
)


# ---------------------------------------------------------------- load inputs


def load_sheets(path: Path) -> dict[str, list[list[object]]]:
    """Every sheet named by a year, as rows of cell values."""
    if not path.is_file():
        raise InputError(path, "file not found (run `python -m etl fetch`)")
    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except Exception as error:  # calamine raises its own types
        raise InputError(path, f"not a readable spreadsheet, truncated or corrupt ({type(error).__name__})") from None
    sheets = {}
    for name in workbook.sheet_names:
        if re.fullmatch(r"\d{4}", name.strip()):
            try:
                sheets[name] = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
            except Exception as error:
                raise InputError(path, f"cannot read the sheet ({error})", sheet=name) from None
    if not sheets:
        raise InputError(path, f"no sheet named by a year; sheets are {workbook.sheet_names}")
    return sheets


# ---------------------------------------------------------------- process


def band_of(label: object) -> tuple[str, int] | None:
    """'0 à 4 ans' -> ('0-4', 0); '95 ans et plus' -> ('95+', 95); 'Total' -> ('total', -1); other -> None."""
    text = normalize_name(label)
    if text == "total":
        return "total", -1
    match = re.fullmatch(r"(\d+)a(\d+)ans", text)
    if match:
        return f"{int(match.group(1))}-{int(match.group(2))}", int(match.group(1))
    match = re.fullmatch(r"(\d+)ansetplus", text)
    if match:
        return f"{int(match.group(1))}+", int(match.group(1))
    return None


def dep_code(value: object) -> str:
    """Département code as text: overseas codes come as numbers (971.0), metropolitan ones as text ('01')."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text.zfill(2) if text.isdigit() else text


def header_columns(block_row: list[object], band_row: list[object], file: str, sheet: str) -> dict[str, dict]:
    """Column of each band and of the total, per sex block ('T', 'M', 'F'), from the two header rows."""
    starts = sorted((i, BLOCKS[normalize_name(v)]) for i, v in enumerate(block_row) if normalize_name(v) in BLOCKS)
    if {sex for _, sex in starts} != set(BLOCKS.values()):
        raise InputError(file, "header row without the Ensemble, Hommes and Femmes blocks", sheet=sheet)
    columns: dict[str, dict] = {sex: {} for _, sex in starts}
    for position, label in enumerate(band_row):
        band = band_of(label)
        block = [sex for start, sex in starts if start <= position]
        if band is None or not block:
            continue
        columns[block[-1]][band[0]] = position
    for sex, found in columns.items():
        bands = tuple(b for b in found if b != "total")
        if "total" not in found or tuple(sorted(bands, key=_start)) not in (STANDARD_BANDS, TOP_90_BANDS):
            raise InputError(file, f"unexpected age bands in block {sex}: {sorted(found, key=_start)}", sheet=sheet)
    if len({tuple(found) for found in columns.values()}) != 1:
        raise InputError(file, "the Ensemble, Hommes and Femmes blocks have different age bands", sheet=sheet)
    return columns


def _start(band: str) -> int:
    return -1 if band == "total" else int(re.match(r"\d+", band).group())


def _status(rows: list[list[object]]) -> str:
    notes = " ".join(normalize_name(r[0]) for r in rows if r and normalize_name(r[0]).startswith("source"))
    return next((status for word, status in STATUS_WORDS.items() if word in notes), "final")


def _number(value: object) -> float:
    """A count cell: a number, or text that is one ('1234'); anything else (blank, 'n.d.') is refused."""
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str) and value.strip():
        return float(value.strip())
    raise ValueError(value)


def _numbers(rows: list[list[object]], columns: list[int], file: str, sheet: str) -> np.ndarray:
    try:
        values = np.array([[r[c] for c in columns] for r in rows], dtype="float64")
    except (TypeError, ValueError, IndexError):
        values = None
    for row in rows if values is None else ():  # name the first cell that is not a number
        for column in columns:
            value = row[column] if column < len(row) else ""
            try:
                _number(value)
            except (TypeError, ValueError):
                raise InputError(
                    file,
                    f"a population cell is not a number: {value!r} (département {dep_code(row[0])}, "
                    f"column {_column_letter(column)})",
                    sheet=sheet,
                ) from None
    if values is None:
        raise InputError(file, "a population cell is not a number", sheet=sheet)
    if np.isnan(values).any() or (values < 0).any() or (np.mod(values, 1) != 0).any():
        raise InputError(file, "a population cell is missing, negative or not whole", sheet=sheet)
    return values


def _column_letter(index: int) -> str:
    """Spreadsheet column name of a 0-based index: 0 -> 'A', 27 -> 'AB'."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(ord("A") + rest) + name
    return name


def block_frame(
    codes: list[str], body: list[list[object]], columns: dict[str, dict], file: str, sheet: str
) -> pd.DataFrame:
    """Men and women of a block of département rows, checked: bands add up to totals, men + women = Ensemble."""
    bands = [b for b in columns["M"] if b != "total"]
    wanted = [columns[sex][b] for sex in ("T", "M", "F") for b in [*bands, "total"]]
    matrix = _numbers(body, wanted, file, sheet).reshape(len(codes), 3, len(bands) + 1)
    both, men, women = matrix[:, 0, :-1], matrix[:, 1, :-1], matrix[:, 2, :-1]
    bad = np.flatnonzero((men + women != both).any(axis=1))
    if bad.size:
        raise InputError(file, f"{codes[bad[0]]}: men + women differ from Ensemble", sheet=sheet)
    bad = np.flatnonzero((matrix[:, :, :-1].sum(axis=2) != matrix[:, :, -1]).any(axis=1))
    if bad.size:
        raise InputError(file, f"{codes[bad[0]]}: age bands do not add up to the Total column", sheet=sheet)
    return pd.DataFrame(
        {
            "dep": np.tile(np.repeat(codes, len(bands)), 2),
            "sex": np.repeat(["M", "F"], len(codes) * len(bands)),
            "age_band": np.tile(bands, 2 * len(codes)),
            "age_start": np.tile([_start(b) for b in bands], 2 * len(codes)),
            "population": np.concatenate([men.reshape(-1), women.reshape(-1)]),
        }
    )


def split_blocks(rows: list[list[object]], file: str, sheet: str) -> tuple[list[tuple[dict, list]], dict[str, float]]:
    """Blocks of département rows, each with the columns of the header rows above it; and the France rows."""
    blocks: list[tuple[dict, list]] = []
    totals: dict[str, float] = {}
    for index, row in enumerate(rows):
        code = dep_code(row[0]) if row else ""
        if DEP_CODE.fullmatch(code):
            if not blocks:
                raise InputError(file, f"département row {code} before any header row", sheet=sheet)
            blocks[-1][1].append((code, row))
        elif index + 1 < len(rows) and any(isinstance(v, str) and v.strip().casefold() == "ensemble" for v in row):
            blocks.append((header_columns(row, rows[index + 1], file, sheet), []))
        elif blocks and normalize_name(code) in TOTAL_ROWS:
            cell = row[blocks[-1][0]["T"]["total"]]
            try:
                totals[normalize_name(code)] = _number(cell)
            except (TypeError, ValueError):
                raise InputError(file, f"the total of the {code} row is not a number: {cell!r}", sheet=sheet) from None
    return [(columns, body) for columns, body in blocks if body], totals


def parse_sheet(rows: list[list[object]], sheet: str, file: str = FILE) -> tuple[pd.DataFrame, dict]:
    """Long frame (dep, year, sex, age_band, age_start, population, status) of one year's sheet, and facts.

    Each block of data rows is read with the header rows just above it, so the 1990-1998 overseas
    block with its "90 ans et plus" top band is read as such.
    """
    year = int(sheet.strip())
    title = next((normalize_name(r[0]) for r in rows[:3] if r and normalize_name(r[0]).startswith("annee")), None)
    if title is not None and title != f"annee{year}":
        raise InputError(file, f"the sheet is titled {title!r}, not the year of its name", sheet=sheet)
    blocks, totals = split_blocks(rows, file, sheet)
    if not blocks:
        raise InputError(file, "no département row", sheet=sheet)
    codes = [code for _, body in blocks for code, _ in body]
    if len(set(codes)) != len(codes):
        twice = sorted(c for c in set(codes) if codes.count(c) > 1)
        raise InputError(file, f"département(s) listed twice: {twice}", sheet=sheet)
    frame = pd.concat(
        [block_frame([c for c, _ in body], [r for _, r in body], columns, file, sheet) for columns, body in blocks],
        ignore_index=True,
    )
    overall = next((totals[name] for name in TOTAL_ROWS if name in totals), None)
    if overall is not None and frame["population"].sum() != overall:
        raise InputError(
            file,
            f"départements add up to {frame['population'].sum():,.0f}, the France row says {overall:,.0f}",
            sheet=sheet,
        )
    frame.insert(1, "year", year)
    status = _status(rows)
    frame["estimate_status"] = status
    frame["provisional"] = status != "final"
    top_90 = [code for columns, body in blocks if "90+" in columns["M"] for code, _ in body]
    return frame, {"year": year, "deps": len(codes), "top_90": top_90, "status": status}


def build_pyramids(sheets: dict[str, list[list[object]]], file: str = FILE) -> tuple[pd.DataFrame, list[str]]:
    frames, facts = [], []
    for sheet, rows in sheets.items():
        frame, fact = parse_sheet(rows, sheet, file)
        frames.append(frame)
        facts.append(fact)
    years = [f["year"] for f in facts]
    if len(set(years)) != len(years):
        raise InputError(file, f"two sheets hold the same year: {sorted(years)}")
    table = pd.concat(frames, ignore_index=True)
    table = table.sort_values(["year", "dep", "sex", "age_start"], ascending=[True, True, False, True])
    table["population"] = table["population"].astype("int64")
    facts.sort(key=lambda f: f["year"])
    by_count: dict[int, list[int]] = {}
    for fact in facts:
        by_count.setdefault(fact["deps"], []).append(fact["year"])
    top_90 = [f"{f['year']} ({', '.join(f['top_90'])})" for f in facts if f["top_90"]]
    latest = table[table["year"] == facts[-1]["year"]]["population"].sum()
    notes = [
        "Population estimates: "
        + "; ".join(f"{n} départements in {min(y)}-{max(y)}" for n, y in sorted(by_count.items()))
        + f"; France {facts[-1]['year']} = {latest:,}; "
        + "not final: "
        + ", ".join(f"{f['year']} ({f['status']})" for f in facts if f["status"] != "final"),
        f"Population estimates: top band 90+ (no 90-94/95+) for {len(top_90)} year(s): {'; '.join(top_90)}",
    ]
    return table.reset_index(drop=True), notes


def run(ctx: Context) -> dict[str, pd.DataFrame]:
    sheets = load_sheets(ctx.path("insee_estim_pop_dep", FILE))
    table, notes = build_pyramids(sheets)
    ctx.notes.extend(notes)
    return {"population_pyramids": table}
