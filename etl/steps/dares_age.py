"""DARES age step: age of the employed by occupation (FAP 2009), France, three-year averages 2003-2005 to 2017-2019.

Load: the FAP-225 file (every period) and the three-level 2017-2019 file (labels, and a check). Process:
drop the aggregates that double count — `ENSEM` (all occupations) and `T2Z60` (= T2A60 + T2B60) — then
sum the FAP-225 codes to FAP-87 (first three characters), domains (first letter), the industrial
occupations (domains C to H) and all occupations. The 2017-2019 sums must equal DARES's own
three-level file. Shares aged 50+, 55+ and 60+ follow. Counts are in thousands (annual averages
from the Labour Force Survey). Save: fap_age, fap_age_share.
"""

from __future__ import annotations

import re

import pandas as pd

from contract.domain import INDUSTRIAL_DOMAINS
from etl.errors import InputError
from etl.readers import SECRET_MARKS, read_csv, row_number, strict_numbers
from etl.step import Context

SOURCES = ("dares_age_fap",)
READS: tuple[str, ...] = ()
OUTPUTS = ("fap_age", "fap_age_share")
FAP225_FILE = "age_fap225.csv"
LEVELS_FILE = "age_2017_2019_3niv.csv"
NOMENCLATURE = "FAP2009"
# Aggregate rows of the files, dropped before summing: all occupations, and T2Z = T2A + T2B.
AGGREGATES = ("ENSEM", "ENSEMBLE", "T2Z60", "T2Z")
GROUP_LABELS = {
    "industrial": "Métiers industriels (domaines C à H)",
    "all": "Ensemble des métiers",
}
TOLERANCE = 0.001  # thousands: the files round to 1e-5
AGE_LABEL = re.compile(r"(\d+)-(\d+) ans|(\d+) ans ou plus")

CAVEATS = (
    "Âge des actifs occupés par métier (DARES, enquête Emploi de l'INSEE) : moyennes annuelles sur trois ans, "
    "France entière, en milliers ; la période la plus récente est 2017-2019. Les métiers industriels sont les "
    "domaines professionnels C à H de la nomenclature FAP 2009. Les lignes d'ensemble des fichiers (« ENSEMBLE », "
    "et T2Z qui additionne T2A et T2B) sont écartées pour ne pas compter deux fois les mêmes personnes.",
)


# ---------------------------------------------------------------- load inputs


MISSING = ("NA", *SECRET_MARKS)  # DARES writes NA where the survey has no estimate (clergy aged 15-24)


def parse_thousands(values: pd.Series, file: str, column: str) -> pd.Series:
    """Counts in thousands; 'NA' or empty stays missing; any other text, or a negative count, is an error
    naming its row."""
    numbers = strict_numbers(values, file, column, missing=MISSING, message="not a count: {value!r} (row {row})")
    negative = numbers < 0
    if negative.any():
        row = row_number(negative)
        raise InputError(file, f"not a count: {str(values[negative].iloc[0]).strip()!r} (row {row})", column=column)
    return numbers


def age_band(label: pd.Series, file: str, column: str) -> tuple[pd.Series, pd.Series]:
    """'15-24 ans' -> ('15-24', 15); '60 ans ou plus' -> ('60+', 60)."""
    mapping = {}
    for value in pd.unique(label):
        match = AGE_LABEL.fullmatch(str(value).strip())
        if match is None:
            raise InputError(file, f"unknown age band {value!r}", column=column)
        if match.group(3):
            mapping[value] = (f"{int(match.group(3))}+", int(match.group(3)))
        else:
            mapping[value] = (f"{int(match.group(1))}-{int(match.group(2))}", int(match.group(1)))
    bands = {value: band for value, (band, _) in mapping.items()}
    starts = {value: start for value, (_, start) in mapping.items()}
    return label.map(bands), label.map(starts).astype("int16")


def load_fap225(ctx: Context) -> pd.DataFrame:
    path = ctx.path("dares_age_fap", FAP225_FILE)
    raw = read_csv(path, {"code": "Fap", "period": "annee", "employed": "effectif", "age": "age"})
    band, start = age_band(raw["age"], path.name, "age")
    return pd.DataFrame(
        {
            "code": raw["code"].str.strip(),
            "period": raw["period"].str.strip(),
            "age_band": band,
            "age_start": start,
            "employed": parse_thousands(raw["employed"], path.name, "effectif"),
        }
    )


def load_levels(ctx: Context) -> tuple[pd.DataFrame, str]:
    """The three-level file of one period (read from its column name, e.g. annee_2017_2019)."""
    path = ctx.path("dares_age_fap", LEVELS_FILE)
    raw = read_csv(
        path,
        {
            "code": "fap",
            "age": "tr_age",
            "employed": re.compile(r"annee_\d{4}_\d{4}"),
            "label": "libelle",
            "group_label": "libelle_fap_agregee",
        },
        encoding="latin-1",
    )
    header = pd.read_csv(path, nrows=0, encoding="latin-1").columns
    period_column = next(c for c in header if re.fullmatch(r"annee_\d{4}_\d{4}", c))
    period = "-".join(period_column.split("_")[1:])
    band, start = age_band(raw["age"], path.name, "tr_age")
    frame = pd.DataFrame(
        {
            "code": raw["code"].str.strip(),
            "age_band": band,
            "age_start": start,
            "employed": parse_thousands(raw["employed"], path.name, period_column),
            "label": raw["label"].str.strip(),
            "group_label": raw["group_label"].str.strip(),
        }
    )
    return frame, period


# ---------------------------------------------------------------- process


def build_age(fap225: pd.DataFrame, file: str = FAP225_FILE) -> pd.DataFrame:
    """Long table at the four levels; aggregates summed from FAP-225 codes, missing cells skipped.

    DARES publishes a few empty cells (clergy aged 15-24): they stay empty at the FAP-225 level and
    count as nothing in the sums, as in DARES's own aggregates.
    """
    detail = fap225[~fap225["code"].isin(AGGREGATES)]
    bad = detail.loc[~detail["code"].str.fullmatch(r"[A-Z]\d[A-Z]\d{2}|ZZZZZ"), "code"]
    if not bad.empty:
        raise InputError(file, f"unexpected occupation code {bad.iloc[0]!r}", column="Fap")
    if detail.duplicated(["code", "period", "age_band"]).any():
        raise InputError(file, "duplicate occupation x period x age band rows", column="Fap")
    keys = ["period", "age_band", "age_start"]
    parts = [detail.assign(level="fap225")]
    for level, width in (("fap87", 3), ("domain", 1)):
        summed = detail.assign(code=detail["code"].str[:width]).groupby(["code", *keys], as_index=False)
        parts.append(summed["employed"].sum(min_count=1).assign(level=level))
    industrial = detail[detail["code"].str[0].isin(INDUSTRIAL_DOMAINS)]
    for code, rows in (("industrial", industrial), ("all", detail)):
        parts.append(rows.groupby(keys, as_index=False)["employed"].sum(min_count=1).assign(level="group", code=code))
    return pd.concat(parts, ignore_index=True)[["level", "code", *keys, "employed"]]


def check_levels(age: pd.DataFrame, levels: pd.DataFrame, period: str, file: str = LEVELS_FILE) -> list[str]:
    """Our sums for `period` equal the three-level file at every level (its ENSEMBLE = our 'all')."""
    ours = age[age["period"] == period].copy()
    ours.loc[ours["level"] == "group", "code"] = ours["code"].replace({"all": "ENSEMBLE"})
    theirs = levels[~levels["code"].isin(AGGREGATES[2:])]  # T2Z/T2Z60 double count: not ours to compare
    joined = theirs.merge(ours, on=["code", "age_band"], how="left", suffixes=("_file", ""))
    absent = joined.loc[joined["employed"].isna() & joined["employed_file"].notna(), "code"]
    if not absent.empty:
        raise InputError(file, f"code {absent.iloc[0]!r} has no counterpart in {FAP225_FILE}", column="fap")
    difference = (joined["employed"].fillna(0) - joined["employed_file"].fillna(0)).abs()
    if (difference > TOLERANCE).any():
        row = joined.loc[difference.idxmax()]
        raise InputError(
            file,
            f"{row['code']} {row['age_band']}: {row['employed_file']:.3f} thousand, but the FAP-225 codes of "
            f"{FAP225_FILE} add up to {row['employed']:.3f}",
            column="annee_" + period.replace("-", "_"),
        )
    return [f"DARES age {period}: domain, FAP-87 and total sums equal {file} (max difference {difference.max():.1e} k)"]


def check_ensemble(fap225: pd.DataFrame, age: pd.DataFrame, file: str = FAP225_FILE) -> None:
    """The file's own all-occupations rows (ENSEM) equal our sum of FAP-225 codes, period by period."""
    ensemble = fap225[fap225["code"].isin(AGGREGATES[:2])].set_index(["period", "age_band"])["employed"]
    if ensemble.empty:
        return
    ours = age[age["code"] == "all"].set_index(["period", "age_band"])["employed"]
    difference = (ensemble - ours.reindex(ensemble.index)).abs()
    if difference.isna().any() or (difference > TOLERANCE).any():
        period, band = difference.fillna(float("inf")).idxmax()
        raise InputError(file, f"ENSEM {period} {band} differs from the sum of the FAP-225 codes", column="effectif")


def labels(levels: pd.DataFrame) -> pd.Series:
    """Label of each code from the three-level file; T2A60/T2B60 carry their code as label there."""
    first = levels.drop_duplicates("code").set_index("code")
    label = first["label"].where(first["label"] != first.index, first["group_label"])
    return label.where(label.notna() & (label != "") & (label != "NA"), pd.Series(first.index, index=first.index))


def add_labels(age: pd.DataFrame, names: pd.Series) -> pd.DataFrame:
    out = age.copy()
    label = out["code"].map(names).where(out["level"] != "group", out["code"].map(GROUP_LABELS))
    out["label"] = label.fillna(out["code"])
    out.insert(0, "nomenclature", NOMENCLATURE)
    return out


def build_shares(age: pd.DataFrame) -> pd.DataFrame:
    """Employed and shares aged 50+, 55+, 60+ per code and period (missing cells count as nothing)."""
    keys = ["nomenclature", "level", "code", "label", "period"]
    frame = age.assign(
        e50=age["employed"].where(age["age_start"] >= 50, 0.0),
        e55=age["employed"].where(age["age_start"] >= 55, 0.0),
        e60=age["employed"].where(age["age_start"] >= 60, 0.0),
    )
    grouped = frame.groupby(keys, as_index=False, sort=False)[["employed", "e50", "e55", "e60"]].sum()
    total = grouped["employed"].where(grouped["employed"] > 0)
    out = grouped[keys].copy()
    out["industrial"] = (out["level"] != "group") & out["code"].str[0].isin(INDUSTRIAL_DOMAINS)
    out.loc[out["code"] == "industrial", "industrial"] = True
    out["employed_thousands"] = grouped["employed"]
    for age_from in ("50", "55", "60"):
        out[f"share_{age_from}p"] = grouped[f"e{age_from}"] / total
    return out


def run(ctx: Context) -> dict[str, pd.DataFrame]:
    fap225 = load_fap225(ctx)
    levels, period = load_levels(ctx)
    age = build_age(fap225)
    check_ensemble(fap225, age)
    ctx.notes.extend(check_levels(age, levels, period))
    age = add_labels(age, labels(levels))
    shares = build_shares(age)
    latest = shares[(shares["period"] == period) & (shares["level"] == "group")].set_index("code")
    ctx.notes.append(
        f"DARES age {period}: share aged 55+ {latest.loc['industrial', 'share_55p']:.2%} in industrial occupations "
        f"({latest.loc['industrial', 'employed_thousands']:,.1f} k employed), {latest.loc['all', 'share_55p']:.2%} "
        f"in all ({latest.loc['all', 'employed_thousands']:,.1f} k); {fap225['period'].nunique()} periods"
    )
    order = {"group": 0, "domain": 1, "fap87": 2, "fap225": 3}

    def sort(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
        return frame.sort_values(keys, key=lambda s: s.map(order) if s.name == "level" else s).reset_index(drop=True)

    fap_age = age.rename(columns={"employed": "employed_thousands"})
    columns = ["nomenclature", "level", "code", "label", "period", "age_band", "age_start", "employed_thousands"]
    return {
        "fap_age": sort(fap_age[columns], ["level", "code", "period", "age_start"]),
        "fap_age_share": sort(shares, ["level", "code", "period"]),
    }
