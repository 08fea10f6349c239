"""Read France Travail's BMO survey files (2016 on) into tidy cells.

The data sheet and the `BEyy` bassin column are found by themselves; each file's quirks are
handled here and reported in the build notes:
- 2016-2018 publish unrounded weighted estimates (decimals), kept as published;
- département and bassin codes stored as numbers ('1.0', '0101') get their canonical form;
- exact duplicate rows (2019, 2020: Mayotte) are dropped once;
- two bassins sharing a code (2019: 7548; 2021: 0102) stay distinct cells, told apart by name;
- rows without a bassin get the code NO_BASSIN: Saint-Barthélemy, Saint-Martin (977, 978) and Monaco
  (99) in 2019 take the bassin name and région later files give them (outside the zoning), Corse in
  2021 is spread over its départements.
A secret cell (`*`) stays missing with a flag; what it can hide is read from the file itself
(published counts are never below a threshold) and carried as the cell's upper bound.
"""

from __future__ import annotations

import os
import re
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd

from contract.domain import INDUSTRIAL_DOMAINS
from etl.errors import InputError
from etl.readers import read_csv, read_sheet, strict_numbers
from etl.step import Context

MEASURES = {"projects": "met", "difficult": "xmet", "seasonal": "smet"}
SECRET = "*"

NO_BASSIN = "000"  # rows the file gives without a bassin code
NO_BASSIN_NAME = "SANS BASSIN"
# Rows without a bassin outside the départements (2019): the bassin and région later files give them.
WITHOUT_BASSIN = {"977": ("BASSIN ILES DU NORD", "01"), "978": ("BASSIN ILES DU NORD", "01"), "99": ("MONACO", "93")}
SURVEY_COLUMNS = {
    "year": "annee",
    "occupation": ("Code métier BMO", "code_metier_bmo", "metier"),
    "occupation_name": ("Nom métier BMO", "nom_metier_bmo", "nom_metier", "Libellé du métier"),
    "family": ("Famille_met", "famille_metier"),
    "family_name": ("Lbl_fam_met", "libelle_famille_metier", "Libellé de famille de métier"),
    "reg": ("REG", "Region"),
    "dep": ("Dept", "DEP", "departement"),
    "bassin": re.compile(r"(?i)BE\d{2}"),
    "bassin_name": re.compile(r"(?i)NOMBE\d{2}"),
    **{measure: column for measure, column in MEASURES.items()},
}


# ---------------------------------------------------------------- load inputs


READER_VERSION = "1"  # bump when SURVEY_COLUMNS or the reading changes: cached parses are then ignored


def load_survey(path: Path) -> tuple[pd.DataFrame, str]:
    """The data sheet of one survey file (whatever its name), every cell as text (missing stays missing)."""
    raw, sheet = read_sheet(path, None, SURVEY_COLUMNS)
    return raw.apply(lambda column: column.map(_text, na_action="ignore")).astype("string"), sheet


def _text(value: object) -> str | None:
    return None if value is None or (isinstance(value, float) and np.isnan(value)) else str(value)


def cache_path(sha256: str, cache_dir: Path) -> Path:
    return cache_dir / f"bmo-{sha256[:20]}-r{READER_VERSION}.parquet"


def cached_survey(path: Path, sha256: str, cache_dir: Path) -> tuple[pd.DataFrame, str]:
    """load_survey, parsed once per file content: the workbook parse is most of the BMO step's time."""
    cache = cache_path(sha256, cache_dir)
    if cache.is_file():
        try:
            frame = pd.read_parquet(cache)
            return frame.drop(columns="__sheet__"), str(frame["__sheet__"].iloc[0]) if len(frame) else ""
        except Exception:  # a damaged cache (disk full, killed write) is only a copy: parse the workbook again
            cache.unlink(missing_ok=True)
    raw, sheet = load_survey(path)
    cache_dir.mkdir(parents=True, exist_ok=True)
    partial = cache.with_suffix(f".tmp-{os.getpid()}")
    raw.assign(__sheet__=sheet).to_parquet(partial, index=False)
    os.replace(partial, cache)
    return raw, sheet


def load_surveys(surveys: list[tuple[int, Path, str]], cache_dir: Path) -> list[tuple[pd.DataFrame, str]]:
    """Every survey file (year, path, sha256), parsed on both cores when several are not cached yet."""
    missing = [s for s in surveys if not cache_path(s[2], cache_dir).is_file()]
    if len(missing) > 1:
        with ProcessPoolExecutor(max_workers=min(2, os.cpu_count() or 1)) as pool:
            list(pool.map(cached_survey, *zip(*[(p, sha, cache_dir) for _, p, sha in missing], strict=True)))
    return [cached_survey(path, sha, cache_dir) for _, path, sha in surveys]


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
    """Counts as floats (2016-2018 publish weighted estimates with decimals), missing where the cell is
    withheld as secret ('*'), and the secret flag. Blank cells and any other text are refused."""
    secret = values.astype("string").str.strip().fillna("").eq(SECRET).astype(bool)
    numbers = strict_numbers(
        values, file, column, sheet=sheet, missing=(SECRET,), blank=False, message="row {row}: not a count: {value!r}"
    )
    if (numbers < 0).any():
        raise InputError(file, f"negative count {numbers[numbers < 0].iloc[0]:g}", sheet=sheet, column=column)
    return numbers.astype("float64"), secret


def secret_ceiling(frame: pd.DataFrame) -> float:
    """The most a secret cell of this file can hold: published counts are never below a threshold
    (5 in every file with secret cells), so a `*` hides 0 to 4, or less than 5 with decimals."""
    published = pd.concat([frame[m] for m in MEASURES]).dropna()
    threshold = float(published[published > 0].min())
    integers = bool((published % 1 == 0).all())
    return threshold - 1 if integers else threshold


def with_bounds(frame: pd.DataFrame, ceiling: float) -> pd.DataFrame:
    """Upper bound of each cell: the published value, else what a secret cell can hide (difficult and
    seasonal projects never exceed the cell's projects)."""
    out = frame.copy()
    out["projects_high"] = out["projects"].fillna(ceiling)
    for part in ("difficult", "seasonal"):
        out[f"{part}_high"] = out[part].fillna(np.minimum(ceiling, out["projects_high"]))
    return out


def _code(values: pd.Series, width: int) -> pd.Series:
    """Geographic codes as strings with their leading zeros (Excel gives 101.0, '1.0', '0101' or '1')."""

    def one(value: object) -> str:
        text = str(value).strip()
        if re.fullmatch(r"\d+\.0", text):
            text = text[:-2]
        return text.lstrip("0").zfill(width) if text.isdigit() else text

    mapping = {value: one(value) for value in pd.unique(values)}
    return values.map(mapping).astype("str")


def detect_nomenclature(codes: pd.Series, nomenclatures: dict[str, pd.DataFrame], file: str, sheet: str) -> str:
    """The FAP nomenclature that knows every occupation code of the file."""
    distinct = set(codes.unique().tolist())
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
    years = strict_numbers(raw["year"], file, "annee", sheet=sheet, missing=())  # blank: caught just below
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
    no_bassin = raw["bassin"].isna() | raw["bassin"].astype(str).str.strip().isin(["", "nan", "None"])
    frame = pd.DataFrame(
        {
            "year": np.full(len(raw), year, dtype="int16"),
            "bassin": _code(raw["bassin"].where(~no_bassin, NO_BASSIN), 3),
            "bassin_name": raw["bassin_name"].astype(str).str.strip().where(~no_bassin, NO_BASSIN_NAME),
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
    for dep, (name, region) in WITHOUT_BASSIN.items():
        rows = no_bassin.to_numpy() & (frame["dep"] == dep).to_numpy()
        frame.loc[rows, ["bassin_name", "reg"]] = [name, region]
    for measure, column in MEASURES.items():
        counts, secret = parse_counts(raw[measure], file, sheet, column)
        frame[measure] = counts
        frame[f"{measure}_secret"] = secret.to_numpy()
    exact = frame.duplicated(keep="first")
    frame = frame.loc[~exact].reset_index(drop=True)
    key = ["bassin", "bassin_name", "dep", "occupation"]
    duplicated = frame.duplicated(key, keep=False)
    if duplicated.any():
        sample = frame.loc[duplicated, key].iloc[0].tolist()
        raise InputError(
            file, f"duplicate bassin x département x occupation {sample}", sheet=sheet, column="Code métier BMO"
        )
    frame.attrs["quirks"] = survey_quirks(frame, int(exact.sum()), int(no_bassin.sum()))
    return with_bounds(frame, secret_ceiling(frame))


def survey_quirks(frame: pd.DataFrame, duplicates: int, without_bassin: int) -> list[str]:
    """What this file needed beyond the common reading, for the build notes."""
    year = int(frame["year"].iloc[0])
    published = pd.concat([frame[m] for m in MEASURES]).dropna()
    notes = []
    if (published % 1 != 0).any():
        notes.append("unrounded weighted estimates (decimals), kept as published")
    secret = int(frame[[f"{m}_secret" for m in MEASURES]].to_numpy().sum())
    if secret:
        notes.append(f"{secret:,} secret cells; published counts never below {published[published > 0].min():g}")
    else:
        notes.append("no secret cell")
    if duplicates:
        notes.append(f"{duplicates} exact duplicate rows dropped")
    if without_bassin:
        deps = sorted(frame.loc[frame["bassin"] == NO_BASSIN, "dep"].unique())
        notes.append(f"{without_bassin} rows without a bassin code (départements {', '.join(deps)}) coded {NO_BASSIN}")
    shared = frame.groupby(["bassin", "dep"])["bassin_name"].nunique()
    for (bassin, dep), names in shared[shared > 1].items():
        if bassin != NO_BASSIN:
            notes.append(f"bassin {bassin} [{dep}] carries {names} names, kept as distinct cells")
    return [f"BMO {year}: " + "; ".join(notes)]


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


def survey_sources(ctx: Context) -> list[tuple[int, Path, str]]:
    """(year, path, sha256) of every registered survey file."""
    found = []
    for source_id in sorted(ctx.registry):
        match = re.fullmatch(r"bmo_(\d{4})", source_id)
        if match:
            for raw in ctx.registry[source_id].files:
                found.append((int(match.group(1)), ctx.path(source_id, raw.name), raw.sha256))
    return found
