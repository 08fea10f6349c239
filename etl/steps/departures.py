"""Departures step: expected end-of-career departures from industrial jobs over ten years, by territory.

No raw input: combines the tables of the census, employment and DARES age steps. For each zone
d'emploi, département, region and France:

    departures_10y = industrial_jobs x national_share_55p_industrial x ageing_ratio
    ageing_ratio   = share_5564_of_2564 (territory) / share_5564_of_2564 (metropolitan France)

i.e. the national share of industrial workers aged 55 or more (who will mostly retire within ten
years), adjusted by how much older the territory's working-age population is than the country's.
Every input is stored beside the result so the app can show the formula. Without census data
(overseas) the ratio and the departures stay missing: neither zero nor a ratio of 1. Save: departures.
"""

from __future__ import annotations

import pandas as pd

from etl.step import Context
from etl.vintages import CENSUS_YEAR

SOURCES: tuple[str, ...] = ()
READS = ("age_structure", "fap_age_share", "jobs")
OUTPUTS = ("departures",)
JOBS_SOURCE = "FLORES"
HORIZON_YEARS = 10

CAVEATS = (
    "Départs en fin de carrière dans l'industrie (estimation) : départs sur dix ans = emplois salariés industriels "
    "du territoire (FLORES, dernière année) × part des 55 ans ou plus parmi les actifs occupés des métiers "
    "industriels en France (DARES, 2017-2019) × indice de vieillissement du territoire, c'est-à-dire la part des "
    "55-64 ans parmi les 25-64 ans du territoire divisée par la même part en France métropolitaine (recensement "
    "2022) ; les départs par an en sont le dixième. Hypothèses : les 55 ans ou plus quittent l'emploi dans les dix "
    "ans, et l'écart d'âge des habitants d'un territoire se retrouve chez ses salariés de l'industrie. C'est un "
    "ordre de grandeur, pas une prévision.",
    "Sans recensement dans le fichier (outre-mer), l'indice de vieillissement et les départs ne sont pas estimés. "
    "La ligne France applique la part nationale à tous les emplois industriels (outre-mer compris) avec un indice "
    "égal à 1. Elle diffère de la somme des zones d'emploi : l'outre-mer n'y est pas estimé, et l'emploi "
    "industriel se trouve plutôt dans des zones un peu plus âgées que la moyenne (les deux écarts se compensent "
    "presque : 478 600 départs pour la France, 479 700 pour la somme des zones en 2023).",
)


def national_share_55p(fap_age_share: pd.DataFrame) -> tuple[float, str]:
    """Share aged 55+ in industrial occupations for the latest period, and that period."""
    industrial = fap_age_share[(fap_age_share["level"] == "group") & (fap_age_share["code"] == "industrial")]
    if industrial.empty:
        raise ValueError("fap_age_share has no 'industrial' group row")
    latest = industrial.loc[industrial["period"].str[-4:].astype(int).idxmax()]
    return float(latest["share_55p"]), str(latest["period"])


def build_departures(
    jobs: pd.DataFrame, age_structure: pd.DataFrame, fap_age_share: pd.DataFrame
) -> tuple[pd.DataFrame, list[str]]:
    """One row per zone d'emploi, département, region and France with the formula's inputs and result."""
    flores = jobs[jobs["source"] == JOBS_SOURCE]
    if flores.empty:
        raise ValueError(f"jobs has no {JOBS_SOURCE} rows")
    jobs_year = int(flores["year"].max())
    latest = flores[flores["year"] == jobs_year]
    share_55p, period = national_share_55p(fap_age_share)
    ages = age_structure.set_index(["level", "code"])["share_5564_of_2564"]
    if ("fr", "FR") not in ages.index or pd.isna(ages[("fr", "FR")]):
        raise ValueError("age_structure has no share_5564_of_2564 for France")
    france = float(ages[("fr", "FR")])
    out = pd.DataFrame(
        {
            "level": latest["level"].to_numpy(),
            "code": latest["code"].to_numpy(),
            "industrial_jobs": latest["jobs_industry"].to_numpy(dtype="float64", na_value=float("nan")),
            "jobs_estimated": latest["estimated"].to_numpy(dtype=bool),
        }
    )
    out["national_share_55p_industrial"] = share_55p
    index = pd.MultiIndex.from_frame(out[["level", "code"]])
    out["share_5564_of_2564"] = ages.reindex(index).to_numpy(dtype="float64", na_value=float("nan"))
    out["france_share_5564_of_2564"] = france
    out["ageing_ratio"] = out["share_5564_of_2564"] / france
    out["departures_10y"] = out["industrial_jobs"] * out["national_share_55p_industrial"] * out["ageing_ratio"]
    out["departures_per_year"] = out["departures_10y"] / HORIZON_YEARS
    out["jobs_year"] = jobs_year
    out["census_year"] = CENSUS_YEAR
    out["age_period"] = period

    zones = out[out["level"] == "ze"]
    fr = out[out["level"] == "fr"].iloc[0]
    missing = zones.loc[zones["departures_10y"].isna(), "code"].tolist()
    notes = [
        f"Departures: {JOBS_SOURCE} {jobs_year} industrial jobs x {share_55p:.2%} aged 55+ ({period}) x ageing "
        f"ratio (France 55-64 / 25-64 = {france:.2%}, census {CENSUS_YEAR}); France {fr['departures_10y']:,.0f} "
        f"over ten years; zones with an estimate add up to {zones['departures_10y'].sum():,.0f} "
        f"({len(zones) - len(missing)} zones, ageing ratio "
        f"{zones['ageing_ratio'].min():.2f}-{zones['ageing_ratio'].max():.2f})"
        f"; not estimated (no census or no jobs): {len(missing)} zones"
    ]
    return out, notes


def run(ctx: Context) -> dict[str, pd.DataFrame]:
    table, notes = build_departures(ctx.table("jobs"), ctx.table("age_structure"), ctx.table("fap_age_share"))
    ctx.notes.extend(notes)
    return {"departures": table}
