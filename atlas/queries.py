"""Indicator values by territory: pure functions on the published tables, and cached entry points.

Sums of survey cells are lower bounds when cells are secret; every result carries the number of
secret cells behind it so the app can say "au moins".
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from atlas import catalogue, data, territories
from atlas.catalogue import Indicator
from atlas.scopes import Scope
from contract.formulas import BMO_COUNTS, BMO_SHARES, BMO_SUMS, bmo_additive_columns, with_bmo_shares
from contract.reliability import sparse_flags, with_caveat

SUMS = BMO_SUMS
COUNTS = BMO_COUNTS
# Zones with fewer industrial projects than this are left out of "hardest" rankings: a share over a
# handful of projects says little (and the allocation from bassins blurs small numbers).
MIN_PROJECTS_FOR_RANKING = 100


def territory_values(level: str, year: int) -> pd.DataFrame:
    """territory_indicators rows of one level and survey year, indexed by code."""
    table = data.table("territory_indicators")
    return table[(table["level"] == level) & (table["year"] == year)].set_index("code")


def survey_years() -> list[int]:
    return sorted(int(y) for y in data.table("bmo_agg")["year"].unique())


@st.cache_resource(show_spinner=False)
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


@st.cache_resource(show_spinner=False)
def _agg_index() -> dict[tuple[int, str, str], pd.DataFrame]:
    """bmo_agg split once by survey year, level and scope (shared by every session; read-only)."""
    agg = data.table("bmo_agg")
    return {(int(y), lv, sc): rows.set_index("code") for (y, lv, sc), rows in agg.groupby(["year", "level", "scope"])}


def agg_values(level: str, year: int, scope: str) -> pd.DataFrame:
    """Rows of bmo_agg for one level, year and scope, indexed by territory code."""
    empty = data.table("bmo_agg").iloc[0:0].set_index("code")
    return _agg_index().get((int(year), level, scope), empty)


def occupation_values(cells: pd.DataFrame, key: str, occupation: str, year: int) -> pd.DataFrame:
    """Totals of one occupation by territory from additive cell tables (bmo_ze, or bmo cells), flagged
    like bmo_agg's rows where they rest on few projects or much secrecy (no history to judge a swing)."""
    rows = cells[(cells["year"] == year) & (cells["occupation"] == occupation)]
    values = with_bmo_shares(rows.groupby(key)[SUMS + COUNTS].sum())
    flags = sparse_flags(values)
    return with_caveat(pd.concat([values, flags], axis=1)).drop(columns=flags.columns)


def bmo_cells(bmo: pd.DataFrame) -> pd.DataFrame:
    """bmo rows as additive columns (same meaning as bmo_ze's), with a France key."""
    return bmo_additive_columns(bmo).assign(fr=territories.FRANCE)


@st.cache_resource(show_spinner=False)
def _bmo_cells() -> pd.DataFrame:
    return bmo_cells(data.table("bmo"))


def bmo_values(level: str, year: int, scope: Scope) -> pd.DataFrame:
    """BMO totals and shares by territory code for a level (ze, dep, reg, fr)."""
    if scope.agg_scope is not None:
        return agg_values(level, year, scope.agg_scope)
    if level == "ze":
        return occupation_values(data.table("bmo_ze"), "ze2020", scope.code, year)
    return occupation_values(_bmo_cells(), {"fr": "fr", "dep": "dep", "reg": "reg"}[level], scope.code, year)


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


def trend(level: str, code: str, scope: Scope) -> pd.DataFrame:
    """Every survey year for one territory: projects, difficult share, seasonal share, secret cells."""
    rows = []
    for year in survey_years():
        total = bmo_total(level, code, year, scope)
        if total is not None:
            shares = [share.column for share in BMO_SHARES]
            rows.append({"year": year, **total[[*SUMS, *COUNTS, *shares, "flagged", "caveat"]].to_dict()})
    return pd.DataFrame(rows)


def top_occupations(level: str, code: str, year: int, scope: Scope, count: int = 10) -> pd.DataFrame:
    """Occupations with the most difficult projects in a territory (domain or industrial filter applied)."""
    if level == "ze":
        cells = data.table("bmo_ze")
        rows = cells[(cells["year"] == year) & (cells["ze2020"] == code)]
    else:
        cells = _bmo_cells()
        rows = cells[cells["year"] == year]
        if level != "fr":
            rows = rows[rows[level] == code]
    grouped = with_bmo_shares(rows.groupby("occupation")[SUMS + COUNTS].sum())
    occupations = data.table("occupations")
    names = occupations[occupations["years"].map(lambda ys: year in list(ys))].set_index("occupation")
    grouped = grouped.join(names[["occupation_name", "fap_domain", "industrial"]])
    if scope.kind == "industrial":
        grouped = grouped[grouped["industrial"]]
    elif scope.kind == "domain":
        grouped = grouped[grouped["fap_domain"] == scope.code]
    elif scope.kind == "occupation":
        grouped = grouped[grouped.index == scope.code]
    return grouped.sort_values(["difficult", "projects"], ascending=False).head(count)


def by_typology(region: str, year: int, scope: Scope, *, include_neighbours: bool = False) -> pd.DataFrame:
    """Totals and shares over the urban, intermediate and rural zones of a region (or of France)."""
    zones = territories.for_ranking("ze", region, include_neighbours)
    values = bmo_values("ze", year, scope).reindex(zones.index).fillna(0)
    values["typology"] = zones["typology"]
    values["population"] = zones["population"]
    values["zones"] = 1
    grouped = values.groupby("typology")[SUMS + COUNTS + ["population", "zones"]].sum()
    grouped = grouped.reindex(["urbain", "intermediaire", "rural"], fill_value=0)
    return with_bmo_shares(grouped)


def similar_zones(code: str, count: int = 6) -> pd.DataFrame:
    """Zones of the same typology in the same main region, nearest in population first."""
    zones = territories.listing("ze")
    zone = zones.loc[code]
    peers = zones[(zones["reg"] == zone["reg"]) & (zones["typology"] == zone["typology"]) & (zones.index != code)]
    distance = (peers["population"].astype(float) - float(zone["population"])).abs()
    return peers.assign(distance=distance).sort_values("distance").head(count)


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
