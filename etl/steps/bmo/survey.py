"""Read France Travail's BMO survey files into tidy cells.

Counts become nullable integers with a flag per secret (`*`) cell; the data sheet and the `BEyy`
bassin column are found by themselves; the FAP domain and nomenclature come from the occupation code.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from contract.domain import INDUSTRIAL_DOMAINS
from etl.errors import InputError
from etl.readers import read_csv, read_sheet
from etl.step import Context

MEASURES = {"projects": "met", "difficult": "xmet", "seasonal": "smet"}
SECRET = "*"

SURVEY_COLUMNS = {
    "year": "annee",
    "occupation": ("Code métier BMO", "code_metier_bmo", "metier"),
    "occupation_name": ("Nom métier BMO", "nom_metier_bmo", "nom_metier"),
    "family": ("Famille_met", "famille_metier"),
    "family_name": ("Lbl_fam_met", "libelle_famille_metier"),
    "reg": ("REG",),
    "dep": ("Dept", "DEP", "departement"),
    "bassin": re.compile(r"(?i)BE\d{2}"),
    "bassin_name": re.compile(r"(?i)NOMBE\d{2}"),
    **{measure: column for measure, column in MEASURES.items()},
}


# ---------------------------------------------------------------- load inputs


def load_survey(path: Path) -> tuple[pd.DataFrame, str]:
    """The data sheet of one survey file (whatever its name), as read (object columns)."""
    return read_sheet(path, None, SURVEY_COLUMNS)


def load_nomenclatures(ctx: Context) -> dict[str, pd.DataFrame]:
    """Occupation codes and domain labels of FAP 2009 (225 level) and FAP 2021 (228 level)."""
    fap2009 = read_csv(
        ctx.path("dares_fap", "Intitules_FAP2009.csv"),
        {
            "code": "Code FAP détaillées",
            "name": "FAP détaillées",
            "domain": "Code domaines professionnels",
            "domain_name": "domaines professionnels",
        },
        sep=";",
    )
    fap2021 = read_csv(
        ctx.path("dares_fap", "dares_nomenclature_fap2021.csv"),
        {"code": "code_fap_228", "name": "intitule_fap_228", "domain": "code_fap_22", "domain_name": "intitule_fap_22"},
    )
    return {"FAP2009": fap2009.drop_duplicates("code"), "FAP2021": fap2021.drop_duplicates("code")}


# ---------------------------------------------------------------- process


def parse_counts(values: pd.Series, file: str, sheet: str, column: str) -> tuple[pd.Series, pd.Series]:
    """Counts as nullable integers, and a flag for cells withheld as secret ('*')."""
    text = values.astype(str).str.strip().where(values.notna(), "")
    secret = text == SECRET
    numbers = pd.to_numeric(text.where(~secret & (text != "")), errors="coerce")
    unreadable = numbers.isna() & ~secret & (text != "")
    if unreadable.any():
        raise InputError(file, f"not a count: {text[unreadable].iloc[0]!r}", sheet=sheet, column=column)
    if (numbers < 0).any():
        raise InputError(file, f"negative count {numbers[numbers < 0].iloc[0]:g}", sheet=sheet, column=column)
    if (numbers.dropna() % 1 != 0).any():
        raise InputError(file, "non-integer count", sheet=sheet, column=column)
    return numbers.astype("Int64"), secret


def _code(values: pd.Series, width: int) -> pd.Series:
    """Geographic codes as strings with their leading zeros (Excel gives 101.0 or '1')."""

    def one(value: object) -> str:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = str(value).strip()
        return text.zfill(width) if text.isdigit() else text

    mapping = {value: one(value) for value in pd.unique(values)}
    return values.map(mapping).astype("str")


def detect_nomenclature(codes: pd.Series, nomenclatures: dict[str, pd.DataFrame], file: str, sheet: str) -> str:
    """The FAP nomenclature that knows every occupation code of the file."""
    distinct = set(codes)
    known = {name: len(distinct & set(table["code"])) for name, table in nomenclatures.items()}
    best = max(known, key=known.get)
    unknown = sorted(distinct - set(nomenclatures[best]["code"]))
    if unknown:
        raise InputError(
            file, f"occupation codes unknown to {best}: {unknown[:5]}", sheet=sheet, column="Code métier BMO"
        )
    return best


def tidy_survey(
    raw: pd.DataFrame, nomenclatures: dict[str, pd.DataFrame], file: str, sheet: str, expected_year: int | None
) -> pd.DataFrame:
    """One row per year x bassin x département x occupation with typed counts and secret flags."""
    years = pd.to_numeric(raw["year"], errors="coerce")
    if years.isna().any() or years.nunique() != 1:
        raise InputError(
            file,
            f"expected one survey year, found {sorted(raw['year'].astype(str).unique())[:5]}",
            sheet=sheet,
            column="annee",
        )
    year = int(years.iloc[0])
    if expected_year is not None and year != expected_year:
        raise InputError(
            file, f"survey year {year} but the source is registered as {expected_year}", sheet=sheet, column="annee"
        )
    frame = pd.DataFrame(
        {
            "year": np.full(len(raw), year, dtype="int16"),
            "bassin": _code(raw["bassin"], 3),
            "bassin_name": raw["bassin_name"].astype(str).str.strip(),
            "dep": _code(raw["dep"], 2),
            "reg": _code(raw["reg"], 2),
            "occupation": raw["occupation"].astype(str).str.strip(),
            "occupation_name": raw["occupation_name"].astype(str).str.strip(),
            "family": raw["family"].astype(str).str.strip(),
            "family_name": raw["family_name"].astype(str).str.strip(),
        }
    )
    if not frame["bassin"].str.fullmatch(r"\d{3,4}").all():
        bad = frame.loc[~frame["bassin"].str.fullmatch(r"\d{3,4}"), "bassin"].iloc[0]
        raise InputError(file, f"bassin code {bad!r} is not 3-4 digits", sheet=sheet, column="BE")
    nomenclature = detect_nomenclature(frame["occupation"], nomenclatures, file, sheet)
    frame["nomenclature"] = nomenclature
    frame["fap_domain"] = frame["occupation"].str[0]
    frame["industrial"] = frame["fap_domain"].isin(INDUSTRIAL_DOMAINS)
    for measure, column in MEASURES.items():
        counts, secret = parse_counts(raw[measure], file, sheet, column)
        frame[measure] = counts
        frame[f"{measure}_secret"] = secret.to_numpy()
    key = ["bassin", "dep", "occupation"]
    duplicated = frame.duplicated(key, keep=False)
    if duplicated.any():
        sample = frame.loc[duplicated, key].iloc[0].tolist()
        raise InputError(
            file, f"duplicate bassin x département x occupation {sample}", sheet=sheet, column="Code métier BMO"
        )
    return frame


def occupations_table(bmo: pd.DataFrame) -> pd.DataFrame:
    """Each occupation code of each nomenclature with its latest label, domain and family."""
    latest = bmo.sort_values("year").drop_duplicates(["nomenclature", "occupation"], keep="last")
    years = bmo.groupby(["nomenclature", "occupation"])["year"].agg(lambda y: sorted(set(int(v) for v in y)))
    table = latest[
        ["nomenclature", "occupation", "occupation_name", "fap_domain", "industrial", "family", "family_name"]
    ].set_index(["nomenclature", "occupation"])
    table["years"] = years
    return table.reset_index().sort_values(["nomenclature", "occupation"])


def fap_domains_table(nomenclatures: dict[str, pd.DataFrame]) -> pd.DataFrame:
    rows = [
        table[["domain", "domain_name"]].drop_duplicates("domain").assign(nomenclature=name)
        for name, table in nomenclatures.items()
    ]
    domains = pd.concat(rows, ignore_index=True)
    domains["industrial"] = domains["domain"].isin(INDUSTRIAL_DOMAINS)
    return domains[["nomenclature", "domain", "domain_name", "industrial"]].sort_values(["nomenclature", "domain"])


def survey_sources(ctx: Context) -> list[tuple[int, Path]]:
    found = []
    for source_id in sorted(ctx.registry):
        match = re.fullmatch(r"bmo_(\d{4})", source_id)
        if match:
            for raw in ctx.registry[source_id].files:
                found.append((int(match.group(1)), ctx.path(source_id, raw.name)))
    return found
