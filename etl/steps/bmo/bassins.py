"""Move BMO figures from France Travail bassins to INSEE employment areas (ZE2020).

A survey cell belongs to a bassin within a département. Its figures are shared among the 2024
communes of that bassin and département in proportion to their jobs at the place of work (census
2018, table commune_jobs: hiring projects arise where the jobs are), then summed by employment
area; the shares of a cell add up to one, so every bassin's totals are conserved. Population is
the alternative weighting (`zone_weights(..., by="population")`), published side by side in
bmo_allocation. A unit whose communes have no jobs in total, or one of whose communes has no job
figure, falls back to population, then to equal shares. Bassins absent from the 2021 commune
table are handled by explicit rules (see allocation_units).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from contract.formulas import BMO_COUNTS, BMO_SUMS, bmo_additive_columns
from etl.readers import normalize_name, read_csv, without_accents
from etl.step import Context

UNIT = ["year", "bassin", "bassin_name", "dep"]  # two bassins may share a code (2019: 7548; 2021: 0102)
WEIGHTINGS = ("jobs", "population")  # how a unit is spread over its communes: the default first
SCOPES = ("all", "industrial")  # occupation scopes of bmo_allocation
# Words that say nothing about which bassin a name designates.
NAME_NOISE = {"bassin", "de", "du", "des", "la", "le", "les", "et", "sur", "en", "saint", "st", "ste", "sainte"}


# Bassins whose territory lies outside the communes of the 2020 employment-area zoning.
def bassin_key(name: object) -> str:
    """A bassin name as a matching key: letters and digits only, without a leading 'BASSIN'."""
    return normalize_name(name).removeprefix("bassin")


OUTSIDE_ZONING = {
    bassin_key("BASSIN ILES DU NORD"): "Saint-Martin et Saint-Barthélemy, hors zonage en zones d'emploi",
    bassin_key("BASSIN SAINT-MARTIN"): "Saint-Martin, hors zonage en zones d'emploi (enquêtes 2018 et 2020)",
    bassin_key("MONACO"): "Monaco, hors du territoire français",
}

METHOD_LABELS = {
    "table": "communes du bassin dans la table France Travail 2021",
    "renamed": "bassin renuméroté: communes du bassin de même nom dans le département",
    "neighbour": "bassin étendu à un autre département: communes de ce département situées dans les zones "
    "d'emploi du bassin",
    "departement": "bassin absent de la table: communes de tout le département",
    "outside": "hors zonage en zones d'emploi: non ventilé",
}


def name_words(name: object) -> set[str]:
    """The significant words of a bassin name, without accents, case or punctuation."""
    words = re.split(r"[^a-z0-9]+", without_accents(name))
    return {w for w in words if len(w) >= 3 and w not in NAME_NOISE}


def compatible(survey_name: object, table_name: object) -> bool:
    """Two bassin names designate the same place: a significant word in common, or both empty of
    significant words and equal. Bassin codes were renumbered with the 2016 régions and some old
    codes equal unrelated new ones, so a code match needs a compatible name."""
    ours, theirs = name_words(survey_name), name_words(table_name)
    if ours and theirs:
        return bool(ours & theirs)
    return bassin_key(survey_name) == bassin_key(table_name)


def load_commune_bassins(ctx: Context, communes: pd.DataFrame) -> pd.DataFrame:
    """Bassin of each 2024 commune; older commune codes of the table are set aside and reported."""
    path = ctx.path("bmo_bassins_2021", "France_Travail_Bassin_Emploi_2021.csv")
    table = read_csv(path, {"commune": "codgeo", "bassin": "codbe", "bassin_name": "libbe"})
    table["commune"] = table["commune"].str.strip().str.zfill(5)
    table["bassin"] = table["bassin"].str.strip()
    current = table["commune"].isin(communes["commune"])
    missing = sorted(set(communes["commune"]) - set(table["commune"]))
    ctx.notes.append(
        f"Bassin table: {int(current.sum())} rows on 2024 communes; {int((~current).sum())} rows on former commune "
        f"codes set aside (their successors are listed); {len(missing)} 2024 commune(s) without a bassin"
        + (f": {', '.join(missing[:10])}" if missing else "")
    )
    return table.loc[current].drop_duplicates("commune").reset_index(drop=True)


@dataclass(frozen=True)
class Units:
    """Allocation units (year x bassin x département) and the communes each is spread over."""

    units: pd.DataFrame  # year, bassin, dep, bassin_name, method
    members: pd.DataFrame  # year, bassin, dep, commune


def allocation_units(bmo: pd.DataFrame, commune_bassins: pd.DataFrame, communes: pd.DataFrame) -> Units:
    """Decide for each bassin x département of the survey which communes carry its figures.

    Rules, in order: the bassin's communes in that département in the 2021 table, when the code
    and a compatible name match ("table"); a bassin whose name matches a bassin of the same
    département in the table ("renamed"); a bassin of the table that has since grown into another département: the
    communes of that département lying in the bassin's employment areas ("neighbour"); a bassin
    outside the zoning (Saint-Martin, Monaco: "outside", not allocated); otherwise all communes
    of the département ("departement").
    """
    located = commune_bassins.merge(communes[["commune", "dep", "ze2020"]], on="commune")
    zones_of_bassin = located.groupby("bassin")["ze2020"].agg(set).to_dict()
    name_of_bassin = located.groupby("bassin")["bassin_name"].first().to_dict()
    dep_communes = communes[["commune", "dep", "ze2020"]]
    by_pair = {key: group["commune"].to_numpy() for key, group in located.groupby(["bassin", "dep"])}
    name_in_dep = {
        (bassin_key(name), dep): bassin
        for (bassin, dep), name in located.groupby(["bassin", "dep"])["bassin_name"].first().items()
    }
    communes_of_dep = {dep: group["commune"].to_numpy() for dep, group in communes.groupby("dep")}

    units = bmo[UNIT].drop_duplicates(UNIT).reset_index(drop=True)
    methods: list[str] = []
    unit_index: list[np.ndarray] = []
    chosen_communes: list[np.ndarray] = []
    for position, (_, bassin, name, dep) in enumerate(units.itertuples(index=False)):
        key = bassin_key(name)
        same_bassin = bassin in name_of_bassin and compatible(name, name_of_bassin[bassin])
        if (bassin, dep) in by_pair and same_bassin:
            method, chosen = "table", by_pair[(bassin, dep)]
        elif (key, dep) in name_in_dep:
            method, chosen = "renamed", by_pair[(name_in_dep[(key, dep)], dep)]
        elif same_bassin and len(
            neighbours := dep_communes.loc[
                (dep_communes["dep"] == dep) & dep_communes["ze2020"].isin(zones_of_bassin[bassin]), "commune"
            ].to_numpy()
        ):
            method, chosen = "neighbour", neighbours
        elif key in OUTSIDE_ZONING or dep not in communes_of_dep:
            method, chosen = "outside", np.array([], dtype=object)
        else:
            method, chosen = "departement", communes_of_dep[dep]
        methods.append(method)
        unit_index.append(np.full(len(chosen), position))
        chosen_communes.append(np.asarray(chosen, dtype=object))
    units["method"] = methods
    rows = np.concatenate(unit_index) if unit_index else np.array([], dtype=int)
    members = units.loc[rows, UNIT].reset_index(drop=True)
    members["commune"] = pd.Series(np.concatenate(chosen_communes) if chosen_communes else [], dtype="str")
    return Units(units, members)


def with_jobs(communes: pd.DataFrame, commune_jobs: pd.DataFrame) -> pd.DataFrame:
    """The communes table with the jobs at the place of work of each commune (missing when unknown)."""
    jobs = commune_jobs[["commune", "jobs"]]
    return communes.drop(columns="jobs", errors="ignore").merge(jobs, on="commune", how="left", validate="1:1")


def zone_weights(units: Units, communes: pd.DataFrame, by: str = "jobs") -> pd.DataFrame:
    """Share of each unit in each employment area, by its communes' jobs (default) or population.

    `communes` needs a `jobs` column to weight by jobs (see with_jobs). A unit whose communes have
    no jobs in total, or one of whose communes has no job figure (never read as zero), is weighted
    by population; a unit without population either gets equal shares per commune. Shares of a unit
    sum to one; `basis` says which weighting each unit got (jobs, population or equal)."""
    if by not in WEIGHTINGS:
        raise ValueError(f"weighting {by!r}: expected one of {WEIGHTINGS}")
    columns = ["commune", "ze2020", "population"] + (["jobs"] if by == "jobs" else [])
    if by == "jobs" and "jobs" not in communes.columns:
        raise ValueError("weighting by jobs needs a jobs column in communes (see with_jobs)")
    members = units.members.merge(communes[columns], on="commune")
    groups = [members[column] for column in UNIT]
    members["population"] = members["population"].astype("float64")
    population_total = members.groupby(groups)["population"].transform("sum")
    count = members.groupby(groups)["commune"].transform("size")
    if by == "jobs":
        jobs = members["jobs"].astype("float64")
        unknown = jobs.isna().groupby(groups).transform("any")
        jobs_total = jobs.groupby(groups).transform("sum")
        use_jobs = ~unknown & (jobs_total > 0)
        job_share = jobs / jobs_total.where(use_jobs, 1)
    else:
        use_jobs = pd.Series(False, index=members.index)
        job_share = pd.Series(0.0, index=members.index)
    use_population = ~use_jobs & (population_total > 0)
    population_share = members["population"] / population_total.where(population_total > 0, 1)
    members["weight"] = np.select([use_jobs, use_population], [job_share, population_share], 1 / count)
    members["basis"] = np.select([use_jobs, use_population], ["jobs", "population"], "equal")
    return members.groupby(UNIT + ["ze2020", "basis"], as_index=False)["weight"].sum()


def allocate_to_zones(bmo: pd.DataFrame, weights: pd.DataFrame, units: Units) -> pd.DataFrame:
    """Survey cells spread over employment areas: additive measures weighted, secret cells counted.

    `projects_fallback` keeps the projects that reached a zone through the whole-département
    fallback, so a zone fed mostly that way can be flagged."""
    cells = bmo_additive_columns(bmo)
    fallback = units.units.loc[units.units["method"] == "departement", UNIT].assign(_fallback=True)
    cells = cells.merge(fallback, on=UNIT, how="left")
    cells["projects_fallback"] = cells["projects"].where(cells.pop("_fallback").fillna(False).astype(bool), 0.0)
    spread = cells.merge(weights, on=UNIT, how="inner")
    for column in BMO_SUMS:
        spread[column] = spread[column] * spread["weight"]
    keys = ["year", "ze2020", "occupation", "nomenclature", "fap_domain", "industrial"]
    return spread.groupby(keys, as_index=False, sort=True)[BMO_SUMS + BMO_COUNTS].sum()


def units_table(units: Units, bmo: pd.DataFrame, communes: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per survey bassin x département: how it was allocated and what it weighs."""
    sizes = units.members.groupby(UNIT).size().rename("n_communes")
    totals = bmo.groupby(UNIT).agg(
        projects=("projects", "sum"), projects_secret=("projects_secret", "sum"), cells=("occupation", "size")
    )
    table = units.units.set_index(UNIT).join(sizes).join(totals).reset_index()
    table["n_communes"] = table["n_communes"].fillna(0).astype("int64")
    table["projects"] = table["projects"].astype("float64")
    table["projects_secret"] = table["projects_secret"].astype("int64")
    return table.sort_values(UNIT)


def describe_units(units: Units, bmo: pd.DataFrame) -> list[str]:
    """One note per year on how bassins were moved to zones, with the projects at stake."""
    table = units_table(units, bmo)
    notes = []
    for year, group in table.groupby("year"):
        moved = group.groupby("method")["projects"].sum() / group["projects"].sum()
        parts = [
            "share of projects by method "
            + ", ".join(f"{method} {moved.get(method, 0):.1%}" for method in METHOD_LABELS if method in moved)
        ]
        for method in METHOD_LABELS:
            rows = group[group["method"] == method]
            if len(rows):
                names = (
                    ""
                    if method == "table"
                    else " ("
                    + ", ".join(
                        f"{b} {n} [{d}]" for b, n, d in rows[["bassin", "bassin_name", "dep"]].itertuples(index=False)
                    )
                    + ")"
                )
                count = f"{len(rows)} bassin x département, {rows['projects'].sum():,.0f} projects"
                parts.append(f"{method}: {count}{names}")
        notes.append(f"BMO {year} bassins to zones: " + "; ".join(parts))
    return notes


def describe_weighting(weights: pd.DataFrame, bmo: pd.DataFrame) -> list[str]:
    """One note on which weighting each allocated unit got, with the projects at stake."""
    basis = weights.drop_duplicates(UNIT)[[*UNIT, "basis"]]
    projects = bmo.groupby(UNIT, as_index=False)["projects"].sum()
    table = basis.merge(projects, on=UNIT, how="left")
    share = table.groupby("basis")["projects"].sum() / table["projects"].sum()
    counts = table["basis"].value_counts()
    parts = [
        f"{basis} {int(counts.get(basis, 0))} unit(s) ({share.get(basis, 0):.2%} of allocated projects)"
        for basis in ("jobs", "population", "equal")
    ]
    fallback = table[table["basis"] != "jobs"].drop_duplicates(["bassin", "bassin_name", "dep", "basis"])
    named = ", ".join(
        f"{b} {n} [{d}] -> {w}" for b, n, d, w in fallback[["bassin", "bassin_name", "dep", "basis"]].values
    )
    return [
        "BMO bassins to zones, weighting of each bassin x département x year by its communes' jobs at the place of "
        "work (census 2018); a unit with no jobs in total or a commune without a job figure falls back to population, "
        "then to equal shares: " + "; ".join(parts) + (f". Fallbacks: {named}" if named else "")
    ]


def allocation_effect(bmo: pd.DataFrame, weights: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """bmo_allocation: projects per year x zone x scope under each weighting, and the move between them.

    `weights` maps "jobs" and "population" to zone_weights outputs. move = jobs - population;
    move_share = move / projects by population (missing when that is 0)."""
    cells = bmo_additive_columns(bmo)
    totals = pd.concat(
        [
            cells.groupby(UNIT, as_index=False)["projects"].sum().assign(scope="all"),
            cells[cells["industrial"]].groupby(UNIT, as_index=False)["projects"].sum().assign(scope="industrial"),
        ],
        ignore_index=True,
    )
    columns = []
    for by in WEIGHTINGS:
        spread = totals.merge(weights[by][[*UNIT, "ze2020", "weight"]], on=UNIT)
        spread[f"projects_{by}"] = spread["projects"] * spread["weight"]
        columns.append(spread.groupby(["year", "ze2020", "scope"])[f"projects_{by}"].sum())
    found = pd.concat(columns, axis=1)
    zones = found.reset_index()[["year", "ze2020"]].drop_duplicates()
    grid = pd.MultiIndex.from_frame(zones.merge(pd.DataFrame({"scope": list(SCOPES)}), how="cross"))
    out = found.reindex(grid).fillna(0.0).reset_index()
    out["move"] = out["projects_jobs"] - out["projects_population"]
    out["move_share"] = out["move"] / out["projects_population"].where(out["projects_population"] > 0)
    return out.sort_values(["year", "ze2020", "scope"]).reset_index(drop=True)


def _fr(value: float, sign: bool = False) -> str:
    """12345.4 -> '12 345' (narrow no-break space), with a sign when asked."""
    text = f"{value:+,.0f}" if sign else f"{value:,.0f}"
    return text.replace(",", "\u202f")


def largest_moves(allocation: pd.DataFrame, names: pd.Series, scope: str = "industrial", count: int = 5) -> str:
    """A French note: the zones whose projects move most between population and job weighting, latest year."""
    year = int(allocation["year"].max())
    rows = allocation[(allocation["year"] == year) & (allocation["scope"] == scope)]
    top = rows.reindex(rows["move"].abs().sort_values(ascending=False).index).head(count)
    listed = " ; ".join(
        f"{names.get(zone, zone)} ({zone}) {_fr(move, sign=True)} projets "
        f"({_fr(population)} selon la population, {_fr(jobs)} selon les emplois)"
        for zone, move, population, jobs in top[["ze2020", "move", "projects_population", "projects_jobs"]].values
    )
    return (
        f"Répartition des bassins BMO par les emplois au lieu de travail (recensement 2018) plutôt que par la "
        f"population, projets {'industriels' if scope == 'industrial' else 'tous métiers'} {year} : les {count} plus "
        f"forts déplacements entre zones d'emploi sont {listed}."
    )
