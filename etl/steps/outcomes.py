"""Outcomes step: what becomes of BTS leavers, and how many apprenticeship contracts are signed.

Load: InserJeunes regional file (employment of leavers 6 and 12 months after their final year),
the BCN MEF table (school-route rows are keyed by MEFSTAT11), the apprenticeship barometer and
the DITP indicators IND-313 (contracts) and IND-719 (industry training, national only). Process:
BTS rows only, keyed by diploma (CFD) and linked to occupations through bts_diplomas; counts are
summed and rates recomputed from the sums, hidden below 20 leavers as the source does. Contracts
per département and year from the December value of each source. Save: bts_outcomes,
apprenticeship_contracts, industry_training_national.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from etl.bcn import BTS_LEVELS, load_mef
from etl.errors import InputError
from etl.readers import read_csv, row_number, strict_numbers
from etl.step import Context

SOURCES = ("inserjeunes", "bcn", "apprentissage_dep")
READS = ("departements", "bts_diplomas")
OUTPUTS = ("bts_outcomes", "apprenticeship_contracts", "industry_training_national")

MIN_LEAVERS = 20  # InserJeunes publishes no rate below 20 leavers
COUNTS = {
    "leavers": "nb_sortant",
    "employed_6m": "nb_en_emploi_6_mois",
    "employed_12m": "nb_en_emploi_12_mois",
    "continuing": "nb_poursuite_etudes",
    "final_year": "nb_annee_term",
}
STATUSES = ("scolaire", "apprentissage")
BAROMETER_INDICATOR = "nombre-contrats-apprentissage"

CAVEATS = (
    "Insertion des sortants de BTS (InserJeunes) : taux d'emploi salarié en France 6 et 12 mois après la sortie, "
    "recalculés à partir des effectifs additionnés (jamais en moyennant des taux) ; comme dans la source, aucun "
    "taux n'est affiché en dessous de 20 sortants. Chaque millésime réunit deux promotions de sortants.",
    "Contrats d'apprentissage par département : contrats signés dans l'année, d'après le baromètre de "
    "l'apprentissage (valeurs de décembre, 2017 à 2021) puis l'indicateur IND-313 du baromètre de l'action "
    "publique (cumul de janvier à décembre, 2022 et 2023). La valeur d'octobre 2022 du baromètre, sur douze mois "
    "glissants, n'est pas utilisée ; 2024 n'est connu que de janvier à avril.",
)


# ---------------------------------------------------------------- load inputs


def load_inserjeunes(ctx: Context) -> pd.DataFrame:
    path = ctx.path("inserjeunes", "ij_region_data.csv")
    columns = {
        "millesime": "millesime",
        "reg": "code_region",
        "status": "voie",
        "cfd": "cfd",
        "mefstat11": "mefstat11",
        **COUNTS,
    }
    table = read_csv(path, columns, sep=";")
    unknown = ~table["status"].isin(STATUSES)
    if unknown.any():
        raise InputError(path, f"unknown voie {table.loc[unknown, 'status'].iloc[0]!r}", column="voie")
    bad_region = ~table["reg"].str.fullmatch(r"\d{2}")
    if bad_region.any():
        raise InputError(path, f"not a region code: {table.loc[bad_region, 'reg'].iloc[0]!r}", column="code_region")
    for name, column in COUNTS.items():  # blank where InserJeunes publishes nothing (few leavers)
        values = strict_numbers(table[name], path.name, column)
        bad = values.notna() & ((values < 0) | (values % 1 != 0))
        if bad.any():
            row = row_number(bad)
            raise InputError(path, f"row {row}: not a count: {table.loc[bad, name].iloc[0]!r}", column=column)
        table[name] = values.astype("Int64")
    return table


def load_barometer(ctx: Context) -> pd.DataFrame:
    path = ctx.path("apprentissage_dep", "barometre_departements_apprentissage.csv")
    columns = {"indicator": "id_indicateur", "dep": "code_departement", "date": "date", "value": "valeur"}
    table = read_csv(path, columns)
    table = table.loc[table["indicator"] == BAROMETER_INDICATOR]
    if table.empty:
        raise InputError(path, f"no row for indicator {BAROMETER_INDICATOR!r}", column="id_indicateur")
    return table.drop(columns="indicator")  # the reader's index kept: errors name the file's row


def load_ditp(ctx: Context, name: str) -> pd.DataFrame:
    """A DITP indicator file: zone, date, level and the initial, actual and target values."""
    path = ctx.path("apprentissage_dep", name)
    columns = {
        "zone": "enforce_zone_id",
        "date": "metric_enforce_date",
        "maille": "maille",
        "initial": "indic_vi",
        "value": "indic_va",
        "target": "indic_vc",
    }
    return read_csv(path, columns)


def _numbers(values: pd.Series, file: str, column: str) -> pd.Series:
    """Blank cells (no value for that month or zone) stay missing; other text is refused with its row."""
    return strict_numbers(values, file, column)


# ---------------------------------------------------------------- BTS outcomes


def with_cfd(ij: pd.DataFrame, mef: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """Diploma code of every row: apprenticeship rows carry it, school rows go MEFSTAT11 -> CFD (BCN)."""
    by_mef = ij["mefstat11"].map(mef.set_index("mefstat11")["cfd"])
    cfd = ij["cfd"].where(ij["status"] == "apprentissage", by_mef)
    out = ij.assign(cfd=cfd.replace("", None))
    return out.loc[out["cfd"].notna()], int(out["cfd"].isna().sum())


def bts_rows(ij: pd.DataFrame, diplomas: pd.DataFrame) -> pd.DataFrame:
    """BTS/BTSA rows (BCN level 320/323) with the diploma's NSF group and occupation link."""
    link = diplomas[["cfd", "niveau", "diploma", "nsf", "fap_domain", "industrial"]]
    out = ij.merge(link, on="cfd", how="left")
    return out.loc[out["niveau"].isin(BTS_LEVELS) | out["cfd"].str[:3].isin(BTS_LEVELS)].reset_index(drop=True)


def summed_outcomes(rows: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Counts summed by keys; each rate from the rows where both its counts are published."""
    frame = rows.copy()
    parts = {}
    for rate, employed in (("rate_6m", "employed_6m"), ("rate_12m", "employed_12m")):
        both = frame["leavers"].notna() & frame[employed].notna()
        frame[f"{rate}_num"] = frame[employed].where(both).fillna(0).astype("int64")
        frame[f"{rate}_den"] = frame["leavers"].where(both).fillna(0).astype("int64")
        parts[rate] = (f"{rate}_num", f"{rate}_den")
    both = frame["continuing"].notna() & frame["final_year"].notna()
    frame["cont_num"] = frame["continuing"].where(both).fillna(0).astype("int64")
    frame["cont_den"] = frame["final_year"].where(both).fillna(0).astype("int64")
    sums = list(COUNTS) + [c for pair in parts.values() for c in pair] + ["cont_num", "cont_den"]
    groups = frame.groupby(keys, dropna=False)
    grouped = pd.concat(
        [
            groups[list(COUNTS)].sum(min_count=1),
            groups[[c for c in sums if c not in COUNTS]].sum(),
            groups.size().rename("source_rows"),
        ],
        axis=1,
    ).reset_index()
    for rate, (num, den) in parts.items():
        grouped[rate] = grouped[num] / grouped[den].where(grouped[den] > 0)
    grouped["continuing_rate"] = grouped["cont_num"] / grouped["cont_den"].where(grouped["cont_den"] > 0)
    grouped["rate_hidden"] = grouped["leavers"].fillna(0) < MIN_LEAVERS
    for rate in ("rate_6m", "rate_12m"):
        grouped[rate] = grouped[rate].where(~grouped["rate_hidden"]).astype("float64")
    return grouped.drop(columns=[c for c in sums if c not in COUNTS])


def build_outcomes(bts: pd.DataFrame) -> pd.DataFrame:
    """bts_outcomes: by region and France, millesime, status (and all), per diploma and for all/industrial BTS."""
    both = pd.concat([bts, bts.assign(status="all")], ignore_index=True)
    levels = pd.concat([both, both.assign(reg="FR")], ignore_index=True)
    levels["industrial_flag"] = levels["industrial"].fillna(False).astype(bool)
    descriptors = ["diploma", "nsf", "fap_domain", "industrial"]
    per_diploma = summed_outcomes(levels, ["reg", "millesime", "status", "cfd"])
    attributes = bts.drop_duplicates("cfd").set_index("cfd")[descriptors]
    per_diploma = per_diploma.join(attributes, on="cfd").assign(scope="diploma")
    groups = [
        summed_outcomes(levels, ["reg", "millesime", "status"]).assign(scope="all"),
        summed_outcomes(levels.loc[levels["industrial_flag"]], ["reg", "millesime", "status"]).assign(
            scope="industrial", industrial=True
        ),
    ]
    out = pd.concat([per_diploma, *groups], ignore_index=True)
    out["industrial"] = out["industrial"].astype("boolean")
    columns = [
        "reg",
        "millesime",
        "status",
        "scope",
        "cfd",
        "diploma",
        "nsf",
        "fap_domain",
        "industrial",
        "source_rows",
        *COUNTS,
        "rate_6m",
        "rate_12m",
        "rate_hidden",
        "continuing_rate",
    ]
    return out[columns].sort_values(["reg", "millesime", "status", "scope", "cfd"]).reset_index(drop=True)


# ---------------------------------------------------------------- apprenticeship contracts


def barometer_contracts(barometer: pd.DataFrame, file: str) -> tuple[pd.DataFrame, list[str]]:
    """Calendar-year contracts from the December values (other dates are rolling 12-month figures)."""
    value = _numbers(barometer["value"], file, "valeur")
    december = barometer["date"].str.fullmatch(r"\d{4}-12-31")
    skipped = sorted(barometer.loc[~december, "date"].unique())
    frame = pd.DataFrame(
        {
            "dep": barometer["dep"],
            "year": barometer["date"].str[:4].astype(int),
            "contracts": value,
            "source": "barometre",
        }
    ).loc[december]
    notes = [f"Apprenticeship barometer: non-December dates left out ({', '.join(skipped)}: rolling 12 months)"]
    return frame, notes


def ditp_contracts(ind313: pd.DataFrame, file: str) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    """IND-313 December cumulative values per département, and the national rows to check the sum against."""
    value = _numbers(ind313["value"], file, "indic_va")
    december = ind313["date"].str.fullmatch(r"\d{4}-12-01") & value.notna()
    rows = ind313.assign(value=value).loc[december]
    deps = rows.loc[rows["maille"] == "DEPT"]
    bad = ~deps["zone"].str.fullmatch(r"D(\d{2}|2[AB]|97\d)")
    if bad.any():
        raise InputError(file, f"département zone {deps.loc[bad, 'zone'].iloc[0]!r}", column="enforce_zone_id")
    frame = pd.DataFrame(
        {
            "dep": deps["zone"].str[1:],
            "year": deps["date"].str[:4].astype(int),
            "contracts": deps["value"],
            "source": "ind-313",
        }
    )
    national = rows.loc[rows["maille"] == "NAT"].assign(year=lambda f: f["date"].str[:4].astype(int))
    last = ind313.loc[value.notna(), "date"].max()
    years = sorted(int(y) for y in frame["year"].unique())
    notes = [f"IND-313: December values used for {years}; last month available {last}"]
    return frame, national[["year", "value"]], notes


def check_contracts(frame: pd.DataFrame, departements: pd.DataFrame, file: str, dep_column: str, value: str) -> None:
    unknown = sorted(set(frame["dep"]) - set(departements["dep"]))
    if unknown:
        raise InputError(file, f"départements unknown to the COG: {unknown[:5]}", column=dep_column)
    counts = frame["contracts"].dropna()
    if (counts % 1 != 0).any() or (counts < 0).any():
        raise InputError(file, "contract counts must be non-negative integers", column=value)


def build_contracts(
    barometer: pd.DataFrame, ind313: pd.DataFrame, national: pd.DataFrame, departements: pd.DataFrame, file: str
) -> pd.DataFrame:
    """apprenticeship_contracts: département rows and their region and France sums, one source per year.

    Where both sources cover a year, IND-313 (calendar-year cumul) wins."""
    barometer = barometer.loc[~barometer["year"].isin(set(ind313["year"]))]
    deps = pd.concat([barometer, ind313], ignore_index=True)
    deps = deps.assign(reg=deps["dep"].map(departements.set_index("dep")["reg"]), fr="FR")
    frames = [deps.rename(columns={"dep": "code"}).assign(level="dep")]
    for level in ("reg", "fr"):
        summed = deps.groupby([level, "year", "source"], as_index=False)["contracts"].sum(min_count=1)
        frames.append(summed.rename(columns={level: "code"}).assign(level=level))
    out = pd.concat(frames, ignore_index=True)
    check = out.loc[out["level"] == "fr"].merge(national, on="year")
    if not np.allclose(check["contracts"], check["value"]):
        raise InputError(file, "département values do not add up to the national value", column="indic_va")
    out["contracts"] = out["contracts"].astype("Int64")
    return out[["level", "code", "year", "contracts", "source"]].sort_values(["level", "code", "year"])


def build_industry_training(ind719: pd.DataFrame, file: str) -> pd.DataFrame:
    """industry_training_national: the few national values of IND-719 (every local row is empty)."""
    rows = ind719.loc[ind719["maille"] == "NAT"]
    parts = []
    for kind, column, note in (
        ("initial", "initial", "Valeur initiale de référence"),
        ("value", "value", "Valeur constatée, cumul depuis janvier"),
        ("target", "target", "Cible"),
    ):
        values = _numbers(rows[column], file, f"indic_{column[:2]}")
        part = rows.loc[values.notna(), ["date"]].assign(kind=kind, value=values[values.notna()], note=note)
        parts.append(part)
    out = pd.concat(parts, ignore_index=True)
    if out.empty:
        raise InputError(file, "no national value", column="indic_va")
    local = ind719.loc[ind719["maille"] != "NAT", ["initial", "value", "target"]]
    scope = "France entière seulement" if (local == "").all().all() else "France entière (détail local non repris)"
    out["note"] = out["note"] + f" ; {scope} (indicateur DITP IND-719, personnes formées aux métiers de l'industrie)"
    out["value"] = out["value"].astype("Int64")
    return out[["date", "kind", "value", "note"]].sort_values(["date", "kind"]).reset_index(drop=True)


def run(ctx: Context) -> dict[str, pd.DataFrame]:
    diplomas = ctx.table("bts_diplomas")
    ij, unmapped = with_cfd(load_inserjeunes(ctx), load_mef(ctx))
    bts = bts_rows(ij, diplomas)
    outcomes = build_outcomes(bts)
    france = outcomes.loc[(outcomes["reg"] == "FR") & (outcomes["scope"] == "all") & (outcomes["status"] != "all")]
    leavers = bts["leavers"].astype("Float64").fillna(0)
    linked = (
        leavers.where(bts["industrial"].notna(), 0).groupby(bts["millesime"]).sum()
        / leavers.groupby(bts["millesime"]).sum()
    ).round(4)
    ctx.notes.append(
        f"InserJeunes: {len(bts):,} BTS rows of {len(ij) + unmapped:,} ({unmapped} rows without a diploma code); "
        f"share of BTS leavers whose diploma is linked to a FAP: {linked.to_dict()}; France: "
        + "; ".join(
            f"{r.millesime} {r.status} {int(r.leavers):,} leavers, {r.rate_6m:.1%} employed at 6 months"
            for r in france.itertuples()
        )
    )
    departements = ctx.table("departements")
    barometer, notes = barometer_contracts(load_barometer(ctx), "barometre_departements_apprentissage.csv")
    check_contracts(barometer, departements, "barometre_departements_apprentissage.csv", "code_departement", "valeur")
    ind313, national, more = ditp_contracts(load_ditp(ctx, "ditp_ind-313.csv"), "ditp_ind-313.csv")
    check_contracts(ind313, departements, "ditp_ind-313.csv", "enforce_zone_id", "indic_va")
    ctx.notes.extend(notes + more)
    contracts = build_contracts(barometer, ind313, national, departements, "ditp_ind-313.csv")
    industry = build_industry_training(load_ditp(ctx, "ditp_ind-719.csv"), "ditp_ind-719.csv")
    return {
        "bts_outcomes": outcomes,
        "apprenticeship_contracts": contracts,
        "industry_training_national": industry,
    }
