"""Territory indicators step: one wide row per territory and survey year joining every family.

Each ratio travels with its numerator and denominator, so groups of territories (urban, rural…)
are summed first and divided after, never averaged. Feeds the maps, the upskilling-or-hiring
page, the urban/rural comparison and the brief.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from contract.domain import FRANCE
from etl import indicators
from etl.step import Context
from etl.vintages import CONTRACTS_YEAR, JOBS_YEAR

SOURCES: tuple[str, ...] = ()
READS = (
    "zones_emploi",
    "departements",
    "regions",
    "bmo_agg",
    "jobs",
    "replacement_needs",
    "age_structure",
    "training_fit",
    "bts_supply",
    "apprenticeship_contracts",
)
OUTPUTS = ("territory_indicators",)
# Industrial-scope columns of bmo_agg carried into this table, with their name here.
INDUSTRIAL_COLUMNS = {
    "projects": "industrial_projects",
    "difficult": "industrial_difficult",
    "seasonal": "industrial_seasonal",
    "projects_secret": "industrial_projects_secret",
    "projects_high": "industrial_projects_high",
    "difficult_share_low": "industrial_difficult_share_low",
    "difficult_share_high": "industrial_difficult_share_high",
    "flagged": "industrial_flagged",
    "caveat": "industrial_caveat",
}
CAVEATS = (
    "Rapports par territoire : projets de recrutement industriels (BMO) pour 100 emplois salariés industriels "
    f"(FLORES {JOBS_YEAR}) ; places de BTS industriels pour 100 emplois industriels ; contrats d'apprentissage "
    f"({CONTRACTS_YEAR}) pour 1 000 emplois salariés, connus par département seulement (une zone d'emploi reçoit "
    "la valeur de son département principal). Les emplois des départements et régions coupés par une zone d'emploi "
    "sont estimés au prorata de la population.",
)


def territories(ctx: Context) -> pd.DataFrame:
    """Every territory of the four levels, with its typology and main département and région."""
    zones = ctx.table("zones_emploi")[["ze2020", "dep", "reg", "typology"]].rename(columns={"ze2020": "code"})
    deps = ctx.table("departements")[["dep", "reg", "typology"]].assign(code=lambda f: f["dep"])
    regs = ctx.table("regions")[["reg", "typology"]].assign(code=lambda f: f["reg"], dep=pd.NA)
    france = pd.DataFrame({"code": [FRANCE], "dep": [pd.NA], "reg": [pd.NA], "typology": [pd.NA]})
    frames = [zones.assign(level="ze"), deps.assign(level="dep"), regs.assign(level="reg"), france.assign(level="fr")]
    return pd.concat(frames, ignore_index=True)[["level", "code", "dep", "reg", "typology"]]


def build(ctx: Context) -> pd.DataFrame:
    places = territories(ctx)
    years = sorted(int(y) for y in ctx.table("bmo_agg")["year"].unique())
    frame = places.merge(pd.DataFrame({"year": years}), how="cross")
    key = ["level", "code"]

    agg = ctx.table("bmo_agg")
    industry = agg[agg["scope"] == "industrial"].rename(columns=lambda c: INDUSTRIAL_COLUMNS.get(c, c))
    everything = agg[agg["scope"] == "all"].rename(columns={"projects": "all_projects"})
    frame = frame.merge(industry[[*key, "year", *INDUSTRIAL_COLUMNS.values()]], on=[*key, "year"], how="left")
    frame = frame.merge(everything[[*key, "year", "all_projects"]], on=[*key, "year"], how="left")

    jobs = ctx.table("jobs")
    flores = jobs[(jobs["source"] == "FLORES") & (jobs["year"] == JOBS_YEAR)]
    frame = frame.merge(flores[[*key, "jobs_total", "jobs_industry"]], on=key, how="left")

    needs = ctx.table("replacement_needs")
    needs = needs[needs["scope"] == "industrial"][
        [
            *key,
            "occupation_jobs",
            "departures_10y",
            "departures_census_10y",
            "positions_10y",
            "young_entrants_10y",
            "uncovered_by_young_10y",
        ]
    ]
    frame = frame.merge(needs.rename(columns={"occupation_jobs": "industrial_occupation_jobs"}), on=key, how="left")

    ages = ctx.table("age_structure")
    frame = frame.merge(
        ages[[*key, "population", "pop_5564", "pop_2554", "employed_5564"]].rename(
            columns={"population": "census_population"}
        ),
        on=key,
        how="left",
    )

    fit = ctx.table("training_fit")
    fit = fit[fit["scope"] == "industrial"][
        [*key, "year", "bts_year", "places", "places_apprenticeship", "applications_per_place"]
    ]
    frame = frame.merge(
        fit.rename(
            columns={
                "places": "bts_places",
                "places_apprenticeship": "bts_places_apprenticeship",
                "applications_per_place": "bts_applications_per_place",
            }
        ),
        on=[*key, "year"],
        how="left",
    )

    supply = ctx.table("bts_supply")
    located = supply[(supply["scope"] == "industrial") & (supply["status"] == "all")][
        [*key, "year", "apprenticeship_located_share"]
    ].rename(columns={"year": "bts_year", "apprenticeship_located_share": "bts_apprenticeship_located_share"})
    frame = frame.merge(located, on=[*key, "bts_year"], how="left")

    contracts = ctx.table("apprenticeship_contracts")
    contracts = contracts[contracts["year"] == CONTRACTS_YEAR][["level", "code", "contracts"]]
    frame = frame.merge(contracts.rename(columns={"contracts": "apprenticeship_contracts"}), on=key, how="left")
    frame["contracts_from_departement"] = frame["level"] == "ze"
    return tidy(with_ratios(frame))


def with_ratios(frame: pd.DataFrame) -> pd.DataFrame:
    """Every ratio column declared for this table, from its numerator and denominator columns.

    An indicator known by département only gives each zone the value of its main département."""
    out = frame.copy()
    zone_rows = out["level"] == "ze"
    departements = out[out["level"] == "dep"].drop_duplicates("code").set_index("code")
    for indicator in indicators.ratios_of("territory_indicators"):
        out[indicator.column] = indicator.ratio.compute(out)
        if indicator.zone_from_departement:
            by_departement = indicator.ratio.compute(departements)
            out.loc[zone_rows, indicator.column] = out.loc[zone_rows, "dep"].map(by_departement).to_numpy()
    return out


def tidy(frame: pd.DataFrame) -> pd.DataFrame:
    """Vintage columns, plain string codes, no infinities."""
    frame = frame.copy()
    frame["jobs_year"] = JOBS_YEAR
    frame["contracts_year"] = CONTRACTS_YEAR
    frame["typology"] = frame["typology"].astype("str").where(frame["typology"].notna())
    for column in ("dep", "reg"):
        frame[column] = frame[column].astype("str").where(frame[column].notna())
    return frame.replace([np.inf, -np.inf], np.nan)


def run(ctx: Context) -> dict[str, pd.DataFrame]:
    table = build(ctx)
    zones = table[(table["level"] == "ze") & (table["year"] == table["year"].max())]
    with_projects = int(zones["industrial_projects_per_100_jobs"].notna().sum())
    with_departures = int(zones["departures_per_100_jobs"].notna().sum())
    ctx.notes.append(
        f"Territory indicators: {len(table)} rows; latest survey: {with_projects} zones with projects per 100 "
        f"industrial jobs, {with_departures} with estimated departures"
    )
    return {"territory_indicators": table}
