"""Commune jobs step: jobs at the place of work by 2024 commune (INSEE, recensement 2018).

Load: base_cc_comparateur.CSV inside INSEE's comparateur de territoires zip (';'-separated, one row
per 2021 commune plus the municipal arrondissements of Paris, Lyon and Marseille) with strict
numbers: a cell that is neither blank nor a number stops the build with one line naming the file,
the column and the row; blank cells (Mayotte, outside the 2018 census tables) are the only missing
values. Process: one set of communes is kept, the cities or their arrondissements, whichever the
2024 `communes` table uses (never both: no double counting); the 2021 commune codes are brought to
2024 with the COG change table, year step by year step (2021->2022, 2022->2023, 2023->2024): a merger
sums its communes, a split shares the old commune's figures by the table's population ratio, so the
France total is conserved (checked). Every 2024 commune gets a row; those without a figure keep
missing values, reported in the build notes, never zeros. Save: commune_jobs (jobs = P18_EMPLT,
salaried_jobs = P18_EMPLT_SAL, population_2018 = P18_POP).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

from etl.errors import InputError
from etl.readers import read_csv, strict_numbers
from etl.step import Context

SOURCES = ("insee_comparateur_2018", "cog_passage")
READS = ("communes",)
OUTPUTS = ("commune_jobs",)

ZIP_FILE = "base_cc_comparateur_csv.zip"
MEMBER = "base_cc_comparateur.CSV"
CHANGES_FILE = "passage_communes_2016_2024.csv"
COG_FROM = 2021  # the comparateur's commune codes are those of the COG 2021
COG_TO = 2024
# output column -> column of the comparateur file
VALUES = {"jobs": "P18_EMPLT", "salaried_jobs": "P18_EMPLT_SAL", "population_2018": "P18_POP"}
COMMUNE_CODE = re.compile(r"^(\d{5}|2[AB]\d{3})$")
# City -> pattern of its municipal arrondissements.
ARRONDISSEMENTS = {"75056": r"^751\d\d$", "69123": r"^6938\d$", "13055": r"^132\d\d$"}
CITY_NAMES = {"75056": "Paris", "69123": "Lyon", "13055": "Marseille"}


# ---------------------------------------------------------------- load inputs


def member_text(path: Path, member: str = MEMBER) -> str:
    """The text of one file of a zip archive; a damaged archive or a missing member is one line."""
    if not path.is_file():
        raise InputError(path, "file not found (run `python -m etl fetch`)")
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            if member not in names:
                raise InputError(path, f"no {member} in the archive; it holds {names[:5]}")
            data = archive.read(member)
    except (zipfile.BadZipFile, OSError) as error:
        raise InputError(path, f"not a readable zip archive ({type(error).__name__})") from None
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        raise InputError(f"{path.name}:{member}", f"not valid utf-8 at byte {error.start}") from None


def parse_comparateur(text: str, source: str = f"{ZIP_FILE}:{MEMBER}") -> pd.DataFrame:
    """commune (2021 code) and the figures of VALUES, as floats; text that is not a number is refused."""
    wanted = {"commune": "CODGEO", **VALUES}
    frame = read_csv(source, wanted, sep=";", text=text)  # type: ignore[arg-type]
    codes = frame["commune"].astype(str).str.strip().str.zfill(5)
    bad = ~codes.str.fullmatch(COMMUNE_CODE)
    if bad.any():
        row = int(bad.to_numpy().nonzero()[0][0]) + 2
        raise InputError(source, f"row {row}: not a commune code: {codes[bad].iloc[0]!r}", column="CODGEO")
    duplicated = codes.duplicated()
    if duplicated.any():
        row = int(duplicated.to_numpy().nonzero()[0][0]) + 2
        raise InputError(source, f"row {row}: commune {codes[duplicated].iloc[0]} listed twice", column="CODGEO")
    out = pd.DataFrame({"commune": codes})
    for column, raw in VALUES.items():
        out[column] = strict_numbers(frame[column], source, raw)
        negative = out[column] < 0
        if negative.any():
            row = int(negative.to_numpy().nonzero()[0][0]) + 2
            raise InputError(source, f"row {row}: negative value {out[column][negative].iloc[0]}", column=raw)
    return out


def load_comparateur(ctx: Context) -> pd.DataFrame:
    path = ctx.path("insee_comparateur_2018", ZIP_FILE)
    return parse_comparateur(member_text(path))


def load_changes(ctx: Context) -> pd.DataFrame:
    path = ctx.path("cog_passage", CHANGES_FILE)
    columns = {c: c for c in ("year_from", "code_from", "code_to", "change_type", "ratio")}
    table = read_csv(path, columns)
    table["year_from"] = strict_numbers(table["year_from"], path.name, "year_from").astype("int64")
    table["ratio"] = strict_numbers(table["ratio"], path.name, "ratio")
    return table


# ---------------------------------------------------------------- process


def city_of(codes: pd.Series) -> pd.Series:
    """The city (75056, 69123, 13055) of each municipal arrondissement code, missing for other codes."""
    out = pd.Series(pd.NA, index=codes.index, dtype="object")
    for city, pattern in ARRONDISSEMENTS.items():
        out = out.mask(codes.str.fullmatch(pattern), city)
    return out


def one_set(frame: pd.DataFrame, communes_2024: pd.Series) -> tuple[pd.DataFrame, str]:
    """Keep the cities or their arrondissements, whichever the 2024 communes table uses, and say how
    far the dropped set differs from the kept one (the file carries both)."""
    known = set(communes_2024)
    city = city_of(frame["commune"])
    is_arrondissement = city.notna()
    cities = frame["commune"].isin(ARRONDISSEMENTS)
    uses_cities = any(code in known for code in ARRONDISSEMENTS)
    uses_arrondissements = bool(communes_2024.str.fullmatch("|".join(ARRONDISSEMENTS.values())).any())
    if not (is_arrondissement.any() or cities.any()):
        return frame.reset_index(drop=True), "no city of Paris, Lyon or Marseille nor arrondissement in the file"
    if uses_cities == uses_arrondissements:
        raise InputError(
            "communes", "cannot tell whether the 2024 communes table holds the cities or their arrondissements"
        )
    summed = frame[is_arrondissement].groupby(city[is_arrondissement])["jobs"].sum()
    whole = frame[cities].set_index("commune")["jobs"]
    gaps = ", ".join(
        f"{CITY_NAMES[code]} {whole.get(code, np.nan) - summed.get(code, np.nan):+.1f}" for code in ARRONDISSEMENTS
    )
    if uses_cities:
        kept, dropped = frame[~is_arrondissement], int(is_arrondissement.sum())
        what = f"kept the cities Paris, Lyon and Marseille and dropped their {dropped} municipal arrondissements"
    else:
        kept, dropped = frame[~cities], int(cities.sum())
        what = f"kept the municipal arrondissements and dropped the {dropped} cities"
    note = f"{what} (the 2024 communes table uses them; jobs of each city minus its arrondissements: {gaps})"
    return kept.reset_index(drop=True), note


def to_cog(
    frame: pd.DataFrame, changes: pd.DataFrame, columns: list[str], first: int = COG_FROM, last: int = COG_TO
) -> tuple[pd.DataFrame, int]:
    """Figures by commune of the COG `first` brought to the COG `last`, one yearly step at a time.

    Each step moves a listed old code to its new code(s) with the table's ratio (1 for mergers and
    code changes, the population share for splits) and sums by new code; codes not listed are
    unchanged. A sum over communes one of which has no figure has no figure either (never a partial
    total). Returns the frame and the number of old codes that were moved.
    """
    current = frame[["commune", *columns]].copy()
    moved = 0
    for year in range(first, last):
        step = changes.loc[changes["year_from"] == year, ["code_from", "code_to", "ratio"]]
        shares = step.groupby("code_from")["ratio"].sum()
        if not np.allclose(shares, 1.0):
            bad = shares[~np.isclose(shares, 1.0)].index[0]
            raise InputError(CHANGES_FILE, f"{year}: the ratios of {bad} do not sum to 1", column="ratio")
        listed = current["commune"].isin(step["code_from"])
        moved += int(listed.sum())
        spread = current[listed].merge(step, left_on="commune", right_on="code_from")
        for column in columns:
            spread[column] = spread[column] * spread["ratio"]
        spread = spread.assign(commune=spread["code_to"])[["commune", *columns]]
        current = pd.concat([current[~listed], spread], ignore_index=True)
        unknown = current[columns].isna().groupby(current["commune"]).any()
        summed = current.groupby("commune")[columns].sum()
        current = summed.mask(unknown).reset_index()
    return current, moved


def commune_jobs(raw: pd.DataFrame, changes: pd.DataFrame, communes_2024: pd.Series) -> tuple[pd.DataFrame, list[str]]:
    """commune_jobs for every 2024 commune, and the build notes (counts, what is missing, totals)."""
    columns = list(VALUES)
    kept, set_note = one_set(raw, communes_2024)
    before = kept[columns].sum()
    mapped, moved = to_cog(kept, changes, columns)
    orphans = sorted(set(mapped["commune"]) - set(communes_2024))
    if orphans:
        raise InputError(
            f"{ZIP_FILE}:{MEMBER}",
            f"{len(orphans)} commune code(s) unknown in the COG {COG_TO} after the COG changes: {orphans[:5]}",
            column="CODGEO",
        )
    after = mapped[columns].sum()
    for column in columns:
        if not np.isclose(before[column], after[column], rtol=1e-9, atol=1e-6):
            raise InputError(
                CHANGES_FILE, f"{column}: France total {before[column]:,.1f} became {after[column]:,.1f} in the COG"
            )
    out = pd.DataFrame({"commune": communes_2024.to_numpy()}).merge(mapped, on="commune", how="left")
    missing = out.loc[out["jobs"].isna(), "commune"].tolist()
    notes = [
        f"Commune jobs (INSEE comparateur, census 2018): {len(raw)} rows read; {set_note}",
        f"Commune jobs: {len(kept)} communes of the COG {COG_FROM}, {moved} of them listed in "
        f"the COG changes {COG_FROM}-{COG_TO} (mergers summed, splits by population ratio); {len(out)} communes "
        f"of {COG_TO}, {len(missing)} without a value (blank in the file, kept missing, never zero)"
        + (f": {', '.join(missing[:20])}" if missing else ""),
        f"Commune jobs: France total conserved by the mapping: {before['jobs']:,.1f} jobs at the place of work "
        f"before, {after['jobs']:,.1f} after; salaried {after['salaried_jobs']:,.1f}; "
        f"population 2018 {after['population_2018']:,.1f}",
    ]
    return out, notes


def run(ctx: Context) -> dict[str, pd.DataFrame]:
    communes = ctx.table("communes")["commune"].astype(str)
    out, notes = commune_jobs(load_comparateur(ctx), load_changes(ctx), communes)
    ctx.notes.extend(notes)
    return {"commune_jobs": out}
