"""Employment step: salaried jobs, total and industrial, by employment area (FLORES and URSSAF).

Load: the A5 and A38 pivots by zone d'emploi (ZE2020) and the France totals, one `eff_YY` column per
year. FLORES counts every salaried job (public and private), URSSAF private salaried jobs only (no
agriculture). Process: zone totals and industry (A5 "BE") per year, checked against the France files;
France = exact sum of the zones; départements and regions = each zone's jobs shared among its
communes in proportion to their population, then summed (exact where every zone lies inside the
territory, flagged `estimated` otherwise). Mayotte (ZE 0601) is absent from the files: its figures
stay missing. A38 detail: an absent or empty cell is a sector without jobs (the A38 cells, so read,
add up exactly to the A5 files). Save: jobs, jobs_a38.
"""

from __future__ import annotations

import re

import pandas as pd

from etl.errors import InputError
from etl.raw_parquet import read_parquet
from etl.readers import strict_numbers
from etl.step import Context

SOURCES = ("employment_ze",)
READS = ("communes", "zones_emploi")
OUTPUTS = ("jobs", "jobs_a38")
INDUSTRY = "BE"
YEAR_COLUMN = re.compile(r"eff_(\d{2})")
FILES = {
    "FLORES": ("exdeco_pivot_flores_a5.parquet", "exdeco_pivot_flores_france.parquet"),
    "URSSAF": ("exdeco_pivot_urssaf_a5.parquet", "exdeco_pivot_urssaf_france.parquet"),
}
A38_FILE = "exdeco_pivot_flores_a38.parquet"
VALUES = ("jobs_total", "jobs_industry")

CAVEATS = (
    "Emploi salarié : FLORES (INSEE) compte tous les postes salariés, publics et privés ; l'URSSAF seulement les "
    "salariés du secteur privé, sans l'agriculture. L'industrie regroupe les secteurs B à E (extraction, industrie "
    "manufacturière, énergie, eau et déchets). Mayotte est absente des deux sources.",
    "Les chiffres d'emploi sont publiés par zone d'emploi. Pour un département ou une région, chaque zone d'emploi "
    "est répartie entre ses communes au prorata de leur population, puis sommée : c'est une estimation pour les "
    "territoires que traverse une zone à cheval (colonne « estimated »), exacte sinon. Le total France est la somme "
    "exacte des zones.",
    "Détail par secteur (A38) : une cellule absente ou vide du fichier FLORES signifie qu'aucun emploi n'est "
    "recensé dans ce secteur ; elle compte pour zéro (les secteurs ainsi lus redonnent exactement les totaux A5).",
)


# ---------------------------------------------------------------- load inputs


def year_columns(frame: pd.DataFrame) -> dict[str, int]:
    return {c: 2000 + int(m.group(1)) for c in frame.columns if (m := YEAR_COLUMN.fullmatch(c))}


def to_long(frame: pd.DataFrame, keys: list[str], file: str) -> pd.DataFrame:
    """One row per key and year from the eff_YY columns; a negative or fractional count is an error."""
    years = year_columns(frame)
    if not years:
        raise InputError(file, "no yearly column eff_YY", column="eff_YY")
    # the files store integers (an empty cell: no count); text in a yearly column is refused with its row
    counts = frame.assign(**{c: strict_numbers(frame[c], file, c, first_row=1) for c in years})
    long = counts.melt(id_vars=keys, value_vars=list(years), var_name="column", value_name="jobs")
    long["year"] = long.pop("column").map(years).astype("int16")
    jobs = long["jobs"].astype("float64")
    bad = jobs.notna() & ((jobs < 0) | (jobs % 1 != 0))
    if bad.any():
        column = next(c for c, y in years.items() if y == long.loc[bad, "year"].iloc[0])
        raise InputError(file, f"negative or fractional job count {jobs[bad].iloc[0]:g}", column=column)
    long["jobs"] = jobs
    return long


def load_a5(ctx: Context, source: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Zone x A5 x year and France x A5 x year jobs of one source (FLORES or URSSAF)."""
    zone_file, france_file = FILES[source]
    zones = read_parquet(ctx.path("employment_ze", zone_file), ["code_ze", "a5"], also=YEAR_COLUMN)
    france = read_parquet(ctx.path("employment_ze", france_file), ["code_ze", "a5"], also=YEAR_COLUMN)
    return to_long(zones, ["code_ze", "a5"], zone_file), to_long(france, ["code_ze", "a5"], france_file)


def load_a38(ctx: Context) -> pd.DataFrame:
    frame = read_parquet(ctx.path("employment_ze", A38_FILE), ["code_ze", "a38", "a5", "lib"], also=YEAR_COLUMN)
    return to_long(frame, ["code_ze", "a38", "a5", "lib"], A38_FILE)


# ---------------------------------------------------------------- process


def zone_jobs(a5: pd.DataFrame, zones: pd.Series, file: str) -> pd.DataFrame:
    """Total and industrial jobs per zone and year; unknown zone codes are an error, absent zones stay missing."""
    codes = a5["code_ze"].astype(str).str.strip()
    unknown = sorted(set(codes) - set(zones))
    if unknown:
        raise InputError(file, f"{len(unknown)} code(s) not in the ZE2020 list: {unknown[:5]}", column="code_ze")
    if INDUSTRY not in set(a5["a5"]):
        raise InputError(file, f"no industry rows (A5 {INDUSTRY!r})", column="a5")
    frame = a5.assign(code=codes, industry=a5["jobs"].where(a5["a5"] == INDUSTRY, 0.0))
    if frame.duplicated(["code", "a5", "year"]).any():
        raise InputError(file, "duplicate zone x A5 x year rows", column="code_ze")
    # an empty cell makes the zone's total (and its industry, if it is the industry cell) unknown, not smaller
    frame["total_unknown"] = frame["jobs"].isna()
    frame["industry_unknown"] = frame["total_unknown"] & (frame["a5"] == INDUSTRY)
    grouped = frame.groupby(["code", "year"]).agg(
        jobs_total=("jobs", "sum"),
        jobs_industry=("industry", "sum"),
        total_unknown=("total_unknown", "any"),
        industry_unknown=("industry_unknown", "any"),
    )
    grouped["jobs_total"] = grouped["jobs_total"].mask(grouped.pop("total_unknown"))
    grouped["jobs_industry"] = grouped["jobs_industry"].mask(grouped.pop("industry_unknown"))
    years = sorted(frame["year"].unique())
    full = pd.MultiIndex.from_product([sorted(zones), years], names=["code", "year"])
    return grouped.reindex(full).reset_index()


def check_france(zones: pd.DataFrame, france: pd.DataFrame, file: str) -> None:
    """The zones must add up exactly to the published France totals, for every year."""
    expected = france.assign(industry=france["jobs"].where(france["a5"] == INDUSTRY, 0.0))
    expected = expected.groupby("year").agg(jobs_total=("jobs", "sum"), jobs_industry=("industry", "sum"))
    ours = zones.groupby("year")[list(VALUES)].sum()
    for year in expected.index:
        for column in VALUES:
            got = ours.loc[year, column] if year in ours.index else float("nan")
            if got != expected.loc[year, column]:
                raise InputError(
                    file,
                    f"{year} {column}: zones add up to {got:,.0f}, France file says {expected.loc[year, column]:,.0f}",
                    column=f"eff_{year % 100:02d}",
                )


def allocation_weights(communes: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Share of each zone's population living in each département and region (zone -> territory weights)."""
    pop = communes.assign(population=communes["population"].astype("float64"))
    weights = {}
    for level in ("dep", "reg"):
        part = pop.groupby(["ze2020", level])["population"].sum()
        zone_total = part.groupby(level="ze2020").transform("sum")
        share = (part / zone_total.where(zone_total > 0)).rename("weight").reset_index()
        share["whole"] = share["weight"] == 1.0
        weights[level] = share.rename(columns={level: "code"})
    return weights


def allocate(zones: pd.DataFrame, weights: pd.DataFrame) -> pd.DataFrame:
    """Territory figures = sum of zone figures x weight; missing if any contributing zone is missing."""
    merged = weights.merge(zones.rename(columns={"code": "ze2020"}), on="ze2020", how="inner")
    unknown = [f"{column}_unknown" for column in VALUES]
    for column, flag in zip(VALUES, unknown, strict=True):
        merged[flag] = merged[column].isna()
        merged[column] = merged[column] * merged["weight"]
    grouped = merged.groupby(["code", "year"])
    out = grouped[list(VALUES)].sum()
    flags = grouped[unknown].any()
    for column, flag in zip(VALUES, unknown, strict=True):
        out[column] = out[column].mask(flags[flag])
    out["estimated"] = ~grouped["whole"].all()
    return out.reset_index()


def build_jobs(per_source: dict[str, pd.DataFrame], communes: pd.DataFrame) -> pd.DataFrame:
    """Long table level x code x year x source, from zone figures per source."""
    weights = allocation_weights(communes)
    parts = []
    for source, zones in per_source.items():
        france = zones.groupby("year")[list(VALUES)].sum().reset_index().assign(code="FR")
        pieces = [
            zones.assign(level="ze", estimated=False),
            allocate(zones, weights["dep"]).assign(level="dep"),
            allocate(zones, weights["reg"]).assign(level="reg"),
            france.assign(level="fr", estimated=False),
        ]
        parts.append(pd.concat(pieces, ignore_index=True).assign(source=source))
    out = pd.concat(parts, ignore_index=True)
    order = {"fr": 0, "reg": 1, "dep": 2, "ze": 3}
    out = out.sort_values(["source", "year", "level", "code"], key=lambda s: s.map(order) if s.name == "level" else s)
    return out[["level", "code", "year", "source", *VALUES, "estimated"]].reset_index(drop=True)


def build_a38(a38: pd.DataFrame, a5: pd.DataFrame, file: str = A38_FILE) -> pd.DataFrame:
    """Zone x year x A38 jobs, empty cells read as zero after checking they reproduce the A5 totals."""
    frame = a38.assign(ze2020=a38["code_ze"].astype(str).str.strip(), jobs=a38["jobs"].fillna(0.0))
    if frame.duplicated(["ze2020", "year", "a38"]).any():
        raise InputError(file, "duplicate zone x A38 x year rows", column="a38")
    sums = frame.groupby(["ze2020", "a5", "year"])["jobs"].sum()
    reference = a5.assign(ze2020=a5["code_ze"].astype(str).str.strip()).set_index(["ze2020", "a5", "year"])["jobs"]
    both = sums.to_frame("a38").join(reference.rename("a5_file"), how="outer")
    bad = both[both["a38"].fillna(0) != both["a5_file"].fillna(0)]
    if not bad.empty:
        zone, sector, year = bad.index[0]
        raise InputError(
            file,
            f"A38 cells of zone {zone} sector {sector} in {year} add up to {bad['a38'].iloc[0]:,.0f}, "
            f"the A5 file says {bad['a5_file'].iloc[0]:,.0f}",
            column=f"eff_{year % 100:02d}",
        )
    out = frame.rename(columns={"lib": "a38_label"})[["ze2020", "year", "a38", "a38_label", "a5", "jobs"]]
    return out.sort_values(["ze2020", "year", "a38"]).reset_index(drop=True)


def describe(jobs: pd.DataFrame, zones: pd.Series) -> list[str]:
    notes = []
    for source, part in jobs[jobs["level"] == "ze"].groupby("source"):
        present = part.dropna(subset=["jobs_total"])
        missing = sorted(set(zones) - set(present["code"]))
        france = jobs[(jobs["level"] == "fr") & (jobs["source"] == source)].set_index("year")
        totals = ", ".join(
            f"{y}: {r['jobs_total']:,.0f} (industry {r['jobs_industry']:,.0f})" for y, r in france.iterrows()
        )
        notes.append(f"Jobs {source}: {present['code'].nunique()} zones, missing {missing}; France {totals}")
    dep = jobs[(jobs["level"] == "dep")].drop_duplicates("code")
    reg = jobs[(jobs["level"] == "reg")].drop_duplicates("code")
    notes.append(
        f"Jobs by département and region: zone figures shared by commune population; "
        f"{int(dep['estimated'].sum())} of {len(dep)} départements and {int(reg['estimated'].sum())} of {len(reg)} "
        "regions touched by a zone that straddles them (estimated)"
    )
    return notes


def run(ctx: Context) -> dict[str, pd.DataFrame]:
    communes = ctx.table("communes")
    zones = ctx.table("zones_emploi")["ze2020"]
    per_source, a5_by_source = {}, {}
    for source, (zone_file, france_file) in FILES.items():
        a5, france = load_a5(ctx, source)
        per_source[source] = zone_jobs(a5, zones, zone_file)
        check_france(per_source[source], france, france_file)
        a5_by_source[source] = a5
    jobs = build_jobs(per_source, communes)
    jobs_a38 = build_a38(load_a38(ctx), a5_by_source["FLORES"])
    ctx.notes.extend(describe(jobs, zones))
    return {"jobs": jobs, "jobs_a38": jobs_a38}
