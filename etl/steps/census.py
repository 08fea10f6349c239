"""Census step: age structure and employment rate of the 55-64 by territory, from the 2022 IRIS indicators.

Load: one row per IRIS (metropolitan France only) with its 2022 population and age-band shares in
percent. Process: shares become counts (population x share / 100) so that they add up; IRIS go to
their 2024 commune (Paris, Lyon and Marseille arrondissements to the city), communes to their
employment area, département and region through the `communes` table (the IRIS file's own float
ze2020 column lost its leading zeros and is not used). Every territory of the geography tables gets
a row; those the file does not cover (overseas, 68 metropolitan communes) get missing figures, never
zeros. Save: age_structure.
"""

from __future__ import annotations

import pandas as pd

from etl.errors import InputError
from etl.raw_parquet import read_parquet
from etl.readers import strict_numbers
from etl.step import Context

SOURCES = ("census_iris_2022",)
READS = ("communes", "zones_emploi", "departements", "regions")
OUTPUTS = ("age_structure",)
FILE = "rp2022_iris_indicators.parquet"

# output band -> IRIS column (percent of the IRIS population)
AGE_SHARES = {
    "0014": "dm_0014_pct_22",
    "1524": "dm_1524_pct_22",
    "2554": "dm_2554_pct_22",
    "5564": "dm_5564_pct_22",
    "6579": "dm_6579_pct_22",
    "80p": "dm_80p_pct_22",
    "60p": "dmv_60p_pct_22",
}
EMPLOYMENT_RATE_5564 = "eco_txemp_5564_22"
POPULATION = "P22_POP"
# Arrondissements are not 2024 communes: Paris, Lyon and Marseille are.
ARRONDISSEMENTS = {r"^751\d\d$": "75056", r"^6938\d$": "69123", r"^132\d\d$": "13055"}
COUNT_COLUMNS = ["population", *(f"pop_{band}" for band in AGE_SHARES), "employed_5564"]

CAVEATS = (
    "Structure par âge (recensement 2022) : les parts par IRIS sont converties en effectifs (population × part), "
    "sommées par commune, zone d'emploi, département et région, puis rapportées à la population. Le fichier ne "
    "couvre que la France métropolitaine : la ligne « France » est la France métropolitaine, et les territoires "
    "d'outre-mer (19 zones d'emploi, 5 départements et régions) n'ont pas de chiffre. 68 communes métropolitaines "
    "(environ 79 000 habitants, dont Pierrefitte-sur-Seine) manquent aussi au fichier : elles restent sans chiffre "
    "et leur zone est calculée sans elles (colonne covered_pop_share).",
    "Dans les très petits IRIS, les parts publiées sont arrondies et peuvent dépasser 100 % ; elles sont ramenées à "
    "100 % au plus, ce qui ne change pas les résultats au-delà de la commune.",
)


# ---------------------------------------------------------------- load inputs


def load_iris(ctx: Context) -> pd.DataFrame:
    path = ctx.path("census_iris_2022", FILE)
    return read_parquet(path, ["code", "COM", POPULATION, *AGE_SHARES.values(), EMPLOYMENT_RATE_5564])


# ---------------------------------------------------------------- process


def commune_of_iris(com: pd.Series) -> pd.Series:
    """2024 commune code of each IRIS: arrondissements of Paris, Lyon and Marseille become the city."""
    out = com.astype(str).str.strip()
    for pattern, city in ARRONDISSEMENTS.items():
        out = out.mask(out.str.match(pattern), city)
    return out


def iris_counts(iris: pd.DataFrame, source: str = FILE) -> tuple[pd.DataFrame, list[str]]:
    """Counts per IRIS (population x share / 100) with its commune, and notes on what was adjusted.

    A share may be missing only where nobody lives (population 0 or no 55-64): anything else is an
    input error rather than a silently lower total. Shares are clipped to 0-100 (rounding noise of
    tiny IRIS pushes a few above 100).
    """
    # numeric columns in the file; text (a placeholder other than blank or '*') is refused with its row
    population = strict_numbers(iris[POPULATION], source, POPULATION, first_row=1)
    if population.isna().any() or (population < 0).any():
        raise InputError(source, "population missing or negative", column=POPULATION)
    out = pd.DataFrame({"commune": commune_of_iris(iris["COM"]), "population": population.astype("float64")})
    clipped = 0
    for band, column in AGE_SHARES.items():
        share = strict_numbers(iris[column], source, column, first_row=1)
        unexplained = share.isna() & (population > 0)
        if unexplained.any():
            raise InputError(source, f"{int(unexplained.sum())} populated IRIS without an age share", column=column)
        clipped += int(((share < 0) | (share > 100)).sum())
        out[f"pop_{band}"] = (population * share.clip(0, 100) / 100).fillna(0.0)
    rate = strict_numbers(iris[EMPLOYMENT_RATE_5564], source, EMPLOYMENT_RATE_5564, first_row=1)
    unexplained = rate.isna() & (out["pop_5564"] > 0)
    if unexplained.any():
        raise InputError(
            source,
            f"{int(unexplained.sum())} IRIS with people aged 55-64 but no employment rate",
            column=EMPLOYMENT_RATE_5564,
        )
    clipped += int(((rate < 0) | (rate > 100)).sum())
    out["employed_5564"] = (out["pop_5564"] * rate.clip(0, 100) / 100).fillna(0.0)
    out["n_iris"] = 1
    notes = [
        f"Census 2022: {len(iris):,} IRIS, population {population.sum():,.0f}; "
        f"{int((population == 0).sum())} IRIS without inhabitants; {clipped} share(s) outside 0-100 clipped"
    ]
    return out, notes


def add_shares(frame: pd.DataFrame) -> pd.DataFrame:
    """Shares and rates from the summed counts (missing where the denominator is zero or missing)."""
    out = frame.copy()
    population = out["population"].where(out["population"] > 0)
    for band in AGE_SHARES:
        out[f"share_{band}"] = out[f"pop_{band}"] / population
    base_2564 = out["pop_2554"] + out["pop_5564"]
    out["share_5564_of_2564"] = out["pop_5564"] / base_2564.where(base_2564 > 0)
    out["employment_rate_5564"] = out["employed_5564"] / out["pop_5564"].where(out["pop_5564"] > 0)
    return out


def aggregate(
    counts: pd.DataFrame, communes: pd.DataFrame, zones: dict[str, pd.Series], source: str = FILE
) -> pd.DataFrame:
    """One row per commune, zone of each level and France (metropolitan), counts summed, missing kept missing.

    `zones` maps level ("ze", "dep", "reg") to the codes that must all get a row. A territory with no
    covered commune has missing counts; `covered_pop_share` says how much of its population is covered.
    """
    by_commune = counts.groupby("commune", sort=True)[[*COUNT_COLUMNS, "n_iris"]].sum()
    unknown = sorted(set(by_commune.index) - set(communes["commune"]))
    if unknown:
        raise InputError(source, f"{len(unknown)} commune code(s) unknown to COG 2024: {unknown[:5]}", column="COM")
    table = communes[["commune", "ze2020", "dep", "reg", "population"]].rename(columns={"population": "pmun"})
    table = table.set_index("commune").join(by_commune)
    table["census_covered"] = table["n_iris"].notna()
    table["pmun"] = table["pmun"].astype("float64")
    table["pmun_covered"] = table["pmun"].where(table["census_covered"], 0.0)

    def rows(level: str, grouped: pd.DataFrame, codes: pd.Index) -> pd.DataFrame:
        frame = grouped.reindex(codes)
        frame["covered_pop_share"] = frame["pmun_covered"] / frame["pmun"].where(frame["pmun"] > 0)
        frame["census_covered"] = frame["n_iris"].notna()
        frame.index.name = "code"
        return frame.reset_index().assign(level=level)

    values = [*COUNT_COLUMNS, "n_iris", "pmun", "pmun_covered"]
    commune_rows = table[values].copy()
    commune_rows["covered_pop_share"] = table["census_covered"].astype("float64")
    commune_rows["census_covered"] = table["census_covered"]
    commune_rows.index.name = "code"
    parts = [commune_rows.reset_index().assign(level="commune")]
    for level, key in (("ze", "ze2020"), ("dep", "dep"), ("reg", "reg")):
        grouped = table.groupby(key, sort=True)[values].sum(min_count=1)
        codes = pd.Index(sorted(zones[level]), dtype="str")
        parts.append(rows(level, grouped, codes))
    france = table[values].sum(min_count=1).to_frame("FR").T
    parts.append(rows("fr", france, pd.Index(["FR"])))
    out = pd.concat(parts, ignore_index=True)
    out["n_iris"] = out["n_iris"].fillna(0).astype("Int32")  # a count of IRIS: zero is a true zero
    out = add_shares(out)
    return out.drop(columns=["pmun", "pmun_covered"])


def describe(table: pd.DataFrame, communes: pd.DataFrame) -> list[str]:
    notes = []
    for level in ("commune", "ze", "dep", "reg"):
        part = table[table["level"] == level]
        notes.append(
            f"age_structure {level}: {len(part):,} rows, {int(part['census_covered'].sum()):,} with census data"
        )
    missing = table[(table["level"] == "commune") & ~table["census_covered"]]["code"]
    metro_missing = missing[~missing.str.startswith("97")]
    pmun = communes.set_index("commune")["population"]
    france = table[table["level"] == "fr"].iloc[0]
    notes.append(
        f"Census: {len(metro_missing)} metropolitan commune(s) absent from the IRIS file "
        f"({int(pmun.reindex(metro_missing).sum()):,} inhabitants in 2021), {len(missing) - len(metro_missing)} "
        f"overseas; metropolitan France: population {france['population']:,.0f}, 55-64 {france['share_5564']:.2%}, "
        f"60+ {france['share_60p']:.2%}, employment rate 55-64 {france['employment_rate_5564']:.2%}"
    )
    return notes


def run(ctx: Context) -> dict[str, pd.DataFrame]:
    communes = ctx.table("communes")
    counts, notes = iris_counts(load_iris(ctx))
    zones = {
        "ze": ctx.table("zones_emploi")["ze2020"],
        "dep": ctx.table("departements")["dep"],
        "reg": ctx.table("regions")["reg"],
    }
    table = aggregate(counts, communes, zones)
    ctx.notes.extend(notes + describe(table, communes))
    columns = [
        "level",
        "code",
        *COUNT_COLUMNS,
        *(f"share_{band}" for band in AGE_SHARES),
        "share_5564_of_2564",
        "employment_rate_5564",
        "census_covered",
        "covered_pop_share",
        "n_iris",
    ]
    order = {level: i for i, level in enumerate(("fr", "reg", "dep", "ze", "commune"))}
    table = table.sort_values(["level", "code"], key=lambda s: s.map(order) if s.name == "level" else s)
    return {"age_structure": table[columns].reset_index(drop=True)}
