"""Indicator values by territory: pure functions on the published tables, and cached entry points.

Sums of survey cells are lower bounds when cells are secret; every result carries the number of
secret cells behind it so the app can say "au moins".
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from atlas import catalogue, data, scopes, territories
from atlas.caching import shared
from atlas.catalogue import Indicator
from atlas.scopes import Scope
from contract.formulas import BMO_COUNTS, BMO_SHARES, BMO_SUMS, bmo_additive_columns, with_bmo_shares
from contract.reliability import sparse_flags, with_caveat

SUMS = BMO_SUMS
COUNTS = BMO_COUNTS
# Zones with fewer industrial projects than this are left out of "hardest" rankings: a share over a
# handful of projects says little (and the allocation from bassins blurs small numbers).
MIN_PROJECTS_FOR_RANKING = 100


@shared(copy=False)  # shared by all sessions: read-only
def _territory_index() -> dict[tuple[str, int], pd.DataFrame]:
    """territory_indicators split once by level and survey year, each indexed by code."""
    return _slices(data.table("territory_indicators"), ["level", "year"], lambda lv, y: (lv, int(y)))


def territory_values(level: str, year: int) -> pd.DataFrame:
    """territory_indicators rows of one level and survey year, indexed by code."""
    try:
        frame = _territory_index().get((level, int(year)))
    except (TypeError, ValueError):  # no year
        frame = None
    if frame is None:
        frame = data.table("territory_indicators").iloc[0:0].set_index("code")
    return frame.copy(deep=False)


@shared(copy=False)
def _survey_years() -> tuple[int, ...]:
    return tuple(sorted(int(y) for y in data.table("bmo_agg")["year"].unique()))


def survey_years() -> list[int]:
    return list(_survey_years())


@shared(copy=False)
def nomenclature_break() -> int | None:
    """The first survey year coded in a new occupation nomenclature (FAP 2021 from 2024), from the data."""
    firsts = sorted(
        min(min(list(years)) for years in group)
        for _, group in data.table("occupations").groupby("nomenclature")["years"]
    )
    return firsts[1] if len(firsts) > 1 else None


def previous_year(year: int) -> int | None:
    earlier = [y for y in survey_years() if y < year]
    return earlier[-1] if earlier else None


# ---------------------------------------------------------------- BMO values


@shared(copy=False)  # shared by all sessions: read-only
def _agg_index() -> dict[tuple[int, str, str], pd.DataFrame]:
    """bmo_agg split once by survey year, level and scope, each indexed by code (and an empty frame)."""
    index: dict = _slices(data.table("bmo_agg"), ["year", "level", "scope"], lambda y, lv, sc: (int(y), lv, sc))
    index[None] = data.table("bmo_agg").iloc[0:0].set_index("code")
    return index


def _slices(table: pd.DataFrame, keys: list[str], key) -> dict:
    """The table's rows grouped by `keys`, each group indexed by code: sorted once, then sliced (no copy)."""
    ordered = table.sort_values(keys, kind="stable").set_index("code")
    out = {}
    for values, rows in ordered.reset_index(drop=True).groupby(keys, sort=False).indices.items():
        out[key(*values)] = ordered.iloc[rows[0] : rows[-1] + 1]
    return out


def agg_values(level: str, year: int, scope: str) -> pd.DataFrame:
    """Rows of bmo_agg for one level, year and scope, indexed by territory code."""
    index = _agg_index()
    return index.get((int(year), level, scope), index[None]).copy(deep=False)


def occupation_values(cells: pd.DataFrame, key: str, occupation: str, year: int) -> pd.DataFrame:
    """Totals of one occupation by territory from additive cell tables (bmo_ze, or bmo cells), flagged
    like bmo_agg's rows where they rest on few projects or much secrecy (no history to judge a swing)."""
    return _occupation_totals(cells[(cells["year"] == year) & (cells["occupation"] == occupation)], key)


def _occupation_totals(rows: pd.DataFrame, key: str) -> pd.DataFrame:
    values = with_bmo_shares(rows.groupby(key)[SUMS + COUNTS].sum())
    flags = sparse_flags(values)
    return with_caveat(pd.concat([values, flags], axis=1)).drop(columns=flags.columns)


CELL_TABLES = {"ze": "bmo_ze", "dep": "bmo", "reg": "bmo", "fr": "bmo"}
CELL_KEYS = {"ze": "ze2020", "dep": "dep", "reg": "reg", "fr": "fr"}


@shared(copy=False)  # shared by all sessions: read-only
def _cell_rows(table: str, key: str) -> tuple[pd.DataFrame, dict]:
    """An additive cell table (bmo_ze, or the bmo cells) and the positions of its rows by (year, key value):
    a territory's or an occupation's cells of a year are then taken, not searched for in half a million rows."""
    cells = data.table("bmo_ze") if table == "bmo_ze" else _bmo_cells()
    groups = cells.groupby(["year", key], sort=False, observed=True).indices
    return cells, {(int(year), str(value)): rows for (year, value), rows in groups.items()}


def cells_of(table: str, key: str, year: int, value: str) -> pd.DataFrame:
    """The rows of an additive cell table for one survey year and one value of `key` (a territory code or
    an occupation)."""
    cells, positions = _cell_rows(table, key)
    return cells.take(positions.get((int(year), str(value)), np.empty(0, dtype=np.intp)))


@shared(maxsize=1024)
def _occupation_by_territory(level: str, year: int, occupation: str) -> pd.DataFrame:
    return _occupation_totals(cells_of(CELL_TABLES[level], "occupation", year, occupation), CELL_KEYS[level])


def bmo_cells(bmo: pd.DataFrame) -> pd.DataFrame:
    """bmo rows as additive columns (same meaning as bmo_ze's), with a France key."""
    return bmo_additive_columns(bmo).assign(fr=territories.FRANCE)


@shared(copy=False)  # shared by all sessions: read-only
def _bmo_cells() -> pd.DataFrame:
    return bmo_cells(data.table("bmo"))


def bmo_values(level: str, year: int, scope: Scope) -> pd.DataFrame:
    """BMO totals and shares by territory code for a level (ze, dep, reg, fr)."""
    if scope.agg_scope is not None:
        return agg_values(level, year, scope.agg_scope)
    return _occupation_by_territory(level, year, scope.code)


def bmo_total(level: str, code: str, year: int, scope: Scope) -> pd.Series | None:
    """One territory's totals, or None when the survey has no cell there."""
    values = bmo_values(level, year, scope)
    return values.loc[code] if code in values.index else None


# ---------------------------------------------------------------- indicators by territory


def secret_cells(values: pd.DataFrame, indicator: Indicator) -> pd.Series:
    """Secret survey cells behind each figure (0 where the indicator rests on no survey cell)."""
    if not indicator.secret_cells:
        return pd.Series(0, index=values.index)
    return values[list(indicator.secret_cells)].fillna(0).sum(axis=1)


def bounds(values: pd.DataFrame, column: str) -> tuple[pd.Series, pd.Series]:
    """The published lower and upper bounds of a figure (`<column>_low`, `<column>_high`), or missing."""
    if f"{column}_low" in values and f"{column}_high" in values:
        return values[f"{column}_low"].astype(float).to_numpy(), values[f"{column}_high"].astype(float).to_numpy()
    return np.nan, np.nan


@shared(maxsize=512)
def indicator_table(
    indicator_id: str,
    level: str,
    year: int,
    scope: Scope,
    region: str,
    typology: str | None = None,
    *,
    include_neighbours: bool = False,
) -> pd.DataFrame:
    """code, name, value, secret flag and count, typology, population and rank, for the territories shown.

    Zones touching the région but lying mostly in another are kept (for the map) and marked `elsewhere`;
    they are ranked only when the user includes neighbours."""
    indicator = catalogue.get(indicator_id)
    shown = territories.in_region(level, region)
    if typology:
        shown = shown[shown["typology"] == typology]
    out = shown[["code", "name", "typology", "population"]].copy()
    if indicator.table == "bmo_agg":
        values = bmo_values(level, year, scope).reindex(out.index)
        out["value"] = values[indicator.column].astype(float)
        out["partial"] = (secret_cells(values, indicator) > 0).to_numpy()
        out["secret_cells"] = values[["projects_secret", "difficult_secret", "seasonal_secret"]].sum(axis=1).fillna(0)
        out["projects"] = values["projects"].astype(float)
    elif indicator.table == "territory_indicators":
        values = territory_values(level, year).reindex(out.index)
        out["value"] = values[indicator.column].astype(float)
        secret = secret_cells(values, indicator)
        out["partial"] = (secret > 0).to_numpy()
        out["secret_cells"] = secret.to_numpy()
        out["projects"] = values["industrial_projects"].astype(float)
    else:
        values = shown
        out["value"] = shown[indicator.column].astype(float)
        out["partial"] = False
        out["secret_cells"] = 0
        out["projects"] = np.nan
    out["low"], out["high"] = bounds(values, indicator.column)
    caveat = values[indicator.caveat_column] if indicator.caveat_column in values else pd.Series(None, index=out.index)
    out["caveat"] = caveat.where(caveat.notna(), None).astype(object).to_numpy()
    out["flagged"] = out["caveat"].notna() & out["value"].notna()
    out["elsewhere"] = territories.elsewhere(shown, region).to_numpy()
    ascending = indicator.direction == "higher_is_better"
    ranked = out["value"].where(include_neighbours | ~out["elsewhere"])
    out["rank"] = ranked.rank(ascending=ascending, method="min").astype("Int64")
    return out.sort_values("value", ascending=ascending, na_position="last")


@shared(maxsize=256)
def hardest_zones(
    region: str,
    year: int,
    scope: Scope,
    count: int = 5,
    *,
    include_fragile: bool = False,
    include_neighbours: bool = False,
) -> pd.DataFrame:
    """Zones with the highest difficult share, among those with enough known projects; fragile
    figures (few projects, much secrecy, an unusual swing) and zones lying mostly in another région
    are left out unless asked for."""
    table = indicator_table("bmo_difficult_share", "ze", year, scope, region, include_neighbours=include_neighbours)
    values = bmo_values("ze", year, scope).reindex(table.index)
    table["difficult"] = values["difficult"]
    eligible = table[(table["projects"] >= MIN_PROJECTS_FOR_RANKING) & table["rank"].notna()]
    if not include_fragile:
        eligible = eligible[~eligible["flagged"]]
    return eligible.sort_values("value", ascending=False).head(count)


@shared(maxsize=4096)
def change(level: str, code: str, year: int, scope: Scope) -> dict[str, float | str | None]:
    """Change since the previous survey: relative for projects, in points for shares, with the
    caveat of either year when a figure is fragile (a change is then no trend to state plainly)."""
    before = previous_year(year)
    now = bmo_total(level, code, year, scope)
    empty = {"year": before, "projects": None, "difficult_share": None, "seasonal_share": None, "caveat": None}
    if before is None or now is None:
        return empty
    then = bmo_total(level, code, before, scope)
    if then is None:
        return empty
    caveats = [f"{y} : {c}" for y, c in ((before, then.get("caveat")), (year, now.get("caveat"))) if isinstance(c, str)]
    return {
        "year": before,
        "projects": (now["projects"] / then["projects"] - 1) if then["projects"] else None,
        "difficult_share": now["difficult_share"] - then["difficult_share"],
        "seasonal_share": now["seasonal_share"] - then["seasonal_share"],
        "caveat": " ; ".join(caveats) or None,
    }


@shared(maxsize=256)
def change_table(
    indicator_id: str,
    level: str,
    years: tuple[int, int],
    scope: Scope,
    region: str,
    typology: str | None = None,
    *,
    include_neighbours: bool = False,
) -> pd.DataFrame:
    """indicator_table of the change between two survey years: points for shares, relative change for
    counts and ratios; fragile when either year's figure is."""
    start, end = (
        indicator_table(indicator_id, level, y, scope, region, typology, include_neighbours=include_neighbours)
        for y in years
    )
    out = end.copy()
    if catalogue.get(indicator_id).format == "pct":
        out["value"] = end["value"] - start["value"]
    else:
        out["value"] = (end["value"] / start["value"].where(start["value"] > 0)) - 1
    out["low"] = out["high"] = np.nan
    caveats = [
        " ; ".join(f"{y} : {c}" for y, c in zip(years, pair, strict=True) if isinstance(c, str)) or None
        for pair in zip(start["caveat"], end["caveat"], strict=True)
    ]
    out["caveat"] = caveats
    out["flagged"] = out["caveat"].notna() & out["value"].notna()
    out["partial"] = start["partial"] | end["partial"]
    ascending = catalogue.get(indicator_id).direction == "higher_is_better"
    ranked = out["value"].where(out["rank"].notna())
    out["rank"] = ranked.rank(ascending=ascending, method="min").astype("Int64")
    return out.sort_values("value", ascending=ascending, na_position="last")


@shared(maxsize=4096)
def trend(level: str, code: str, scope: Scope) -> pd.DataFrame:
    """Every survey year for one territory: projects, difficult share, seasonal share, secret cells."""
    rows = []
    for year in survey_years():
        total = bmo_total(level, code, year, scope)
        if total is not None:
            shares = [share.column for share in BMO_SHARES]
            rows.append({"year": year, **total[[*SUMS, *COUNTS, *shares, "flagged", "caveat"]].to_dict()})
    return pd.DataFrame(rows)


@shared(maxsize=2048)
def top_occupations(level: str, code: str, year: int, scope: Scope, count: int = 10) -> pd.DataFrame:
    """Occupations with the most difficult projects in a territory (domain or industrial filter applied)."""
    rows = cells_of(CELL_TABLES[level], CELL_KEYS[level], year, code)
    grouped = with_bmo_shares(rows.groupby("occupation")[SUMS + COUNTS].sum())
    names = scopes.occupations_of_year(year)
    grouped = grouped.join(names[["occupation_name", "fap_domain", "industrial"]])
    if scope.kind == "industrial":
        grouped = grouped[grouped["industrial"]]
    elif scope.kind == "domain":
        grouped = grouped[grouped["fap_domain"] == scope.code]
    elif scope.kind == "occupation":
        grouped = grouped[grouped.index == scope.code]
    return grouped.sort_values(["difficult", "projects"], ascending=False).head(count)


@shared(maxsize=256)
def by_typology(region: str, year: int, scope: Scope, *, include_neighbours: bool = False) -> pd.DataFrame:
    """Totals and shares over the urban, intermediate and rural zones of a region (or of France)."""
    zones = territories.for_ranking("ze", region, include_neighbours)
    values = bmo_values("ze", year, scope).reindex(zones.index)[SUMS + COUNTS].fillna(0)
    values["typology"] = zones["typology"]
    values["population"] = zones["population"]
    values["zones"] = 1
    grouped = values.groupby("typology")[SUMS + COUNTS + ["population", "zones"]].sum()
    grouped = grouped.reindex(["urbain", "intermediaire", "rural"], fill_value=0)
    return with_bmo_shares(grouped)


# Indicators (of territory_indicators, or of the territory listing) on which territories are compared for
# similarity: the weight of industry, hiring pressure and difficulty, ageing, training supply, rurality and size.
SIMILARITY = (
    "industrial_share_jobs",
    "industrial_projects_per_100_jobs",
    "industrial_difficult_share",
    "departures_per_100_jobs",
    "bts_places_per_100_projects",
    "rural_pop_share",
    "population",
)


@shared(maxsize=64)
def similarity_features(level: str, year: int) -> pd.DataFrame:
    """The SIMILARITY indicators of every territory of a level, standardized (mean 0, standard deviation 1 over
    the territories of that level); population on a log scale."""
    listing = territories.listing(level)
    values = territory_values(level, year).reindex(listing.index)
    features = pd.DataFrame(index=listing.index)
    for column in SIMILARITY:
        source = listing if column in ("rural_pop_share", "population") else values
        features[column] = source[column].astype(float)
    features["population"] = np.log10(features["population"].where(features["population"] > 0))
    return (features - features.mean()) / features.std(ddof=0).replace(0, np.nan)


@shared(maxsize=1024)
def similar_territories(
    level: str, code: str, year: int | None = None, count: int = 6, within: str = "region"
) -> pd.DataFrame:
    """Territories nearest to one on the standardized SIMILARITY indicators (root mean square of the differences
    over the indicators both have; at least half of them), among those whose population lies mostly in the same
    région (within="region") or among all (within="france"). Listing columns plus `distance`, nearest first."""
    year = year or survey_years()[-1]
    listing = territories.listing(level)
    features = similarity_features(level, year)
    gaps = features.sub(features.loc[code], axis=1)
    known = gaps.notna().sum(axis=1)
    distance = np.sqrt((gaps**2).sum(axis=1, min_count=1) / known.where(known > 0))
    distance[known < len(SIMILARITY) / 2] = np.nan
    peers = listing.drop(index=code)
    if within == "region":
        peers = peers[peers["reg"] == listing.at[code, "reg"]]
    peers = peers.assign(distance=distance.reindex(peers.index)).dropna(subset=["distance"])
    return peers.sort_values("distance", kind="stable").head(count)


def similar_zones(code: str, count: int = 6, year: int | None = None, within: str = "region") -> pd.DataFrame:
    """Zones d'emploi nearest to one on the standardized SIMILARITY indicators (see similar_territories)."""
    return similar_territories("ze", code, year, count, within)


@st.cache_resource(show_spinner=False)
def _zone_parts(level: str) -> pd.DataFrame:
    """Share of each zone's population living in each territory of a level (ze2020, code, share): the key the
    build uses to carry zone jobs to départements and régions."""
    communes = data.table("communes")
    column = {"dep": "dep", "reg": "reg"}[level]
    population = communes.groupby(["ze2020", column])["population"].sum().astype(float)
    share = population / population.groupby(level=0).transform("sum")
    return share.rename("share").reset_index().rename(columns={column: "code"})


@shared(maxsize=2048)
def a38_jobs(level: str, code: str, year: int | None = None) -> pd.DataFrame:
    """Salaried jobs (FLORES) of a territory by A38 sector, indexed by sector: label, A5 group (BE = industry),
    jobs. A zone's figures as published; a département's or a région's shared from its zones by commune
    population, as the build does for the jobs table (its industrial total is then the published one); France's
    the sum of the zones. The latest year published unless asked."""
    table = data.table("jobs_a38")
    year = year or int(table["year"].max())
    rows = table[table["year"] == year].assign(jobs=lambda f: f["jobs"].astype(float))
    if level == "ze":
        rows = rows[rows["ze2020"] == code]
    elif level in ("dep", "reg"):
        parts = _zone_parts(level)
        parts = parts[parts["code"] == code]
        rows = rows.merge(parts[["ze2020", "share"]], on="ze2020")
        rows["jobs"] = rows["jobs"] * rows["share"]
    sectors = rows.groupby(["a38", "a38_label", "a5"], as_index=False)["jobs"].sum()
    return sectors.set_index("a38").assign(year=year)


@shared(maxsize=4096)
def zone_profile_row(code: str, year: int) -> dict[str, float | str | bool]:
    """The comparable figures of one zone (used by the comparison table and its charts)."""
    zone = territories.listing("ze").loc[code]
    row: dict[str, float | str | bool] = {
        "code": code,
        "name": str(zone["name"]),
        "typology": str(zone["typology"]),
        "population": float(zone["population"]),
        "rural_pop_share": float(zone["rural_pop_share"]),
    }
    for scope, prefix in ((Scope("all"), "all"), (Scope("industrial"), "industrial")):
        total = bmo_total("ze", code, year, scope)
        row[f"{prefix}_projects"] = float(total["projects"]) if total is not None else np.nan
        row[f"{prefix}_difficult_share"] = float(total["difficult_share"]) if total is not None else np.nan
        row[f"{prefix}_seasonal_share"] = float(total["seasonal_share"]) if total is not None else np.nan
        row[f"{prefix}_partial"] = bool(total is not None and total["projects_secret"] > 0)
    return row


def warm() -> None:
    """The indices every page reads, built once for all sessions (atlas.data.warm)."""
    _survey_years()
    nomenclature_break()
    _agg_index()
    _territory_index()
    _cell_rows("bmo_ze", "ze2020")
    _cell_rows("bmo_ze", "occupation")


def warm_more() -> None:
    """The survey cells by département, région and occupation (read for a département's or a région's
    occupations, or one occupation's map): large, built after the first page was served."""
    for key in ("dep", "reg", "fr", "occupation"):
        _cell_rows("bmo", key)
