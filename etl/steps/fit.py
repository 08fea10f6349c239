"""Training fit step: BTS places set against industrial recruitment projects, by territory.

Load: nothing raw; bts_supply (training step) and bmo_agg (BMO step). Process: each BMO survey year
is paired with the Parcoursup session of the same year, else the latest earlier one; places and
projects are compared per industrial scope (all industrial occupations and each FAP domain C..H).
Save: training_fit.
"""

from __future__ import annotations

import pandas as pd

from contract.domain import FRANCE, INDUSTRIAL_DOMAINS
from contract.formulas import ratio
from etl.step import Context

SOURCES: tuple[str, ...] = ()
READS = ("zones_emploi", "departements", "regions", "bts_supply", "bmo_agg")
OUTPUTS = ("training_fit",)

SCOPES = ("industrial", *INDUSTRIAL_DOMAINS)

CAVEATS = (
    "Adéquation formation-recrutement : les places de BTS sont rattachées aux domaines professionnels de la FAP "
    "2009, tandis que l'enquête BMO 2024 et 2025 code les métiers en FAP 2021 ; les lettres des domaines "
    "industriels (C à H) sont les mêmes dans les deux nomenclatures, mais leurs contours diffèrent un peu. Chaque "
    "enquête BMO est rapprochée de la session Parcoursup de la même année, sinon de la plus récente disponible "
    "(BMO 2025 avec Parcoursup 2024). Les places en apprentissage ne sont souvent localisées qu'à leur département "
    "(CFA sans adresse de site) : au niveau des zones d'emploi, seules les places localisées sont comptées, et la "
    "part localisée du département principal de la zone est indiquée. Les projets difficiles BMO sont une somme de "
    "cellules publiées (un minimum).",
)


def session_for(survey_years: list[int], sessions: list[int]) -> dict[int, int]:
    """Parcoursup session paired with each BMO survey year: the same year, else the latest earlier one."""
    pairs = {}
    for year in survey_years:
        earlier = [s for s in sessions if s <= year]
        if earlier:
            pairs[year] = max(earlier)
    return pairs


def build_fit(
    supply: pd.DataFrame, bmo_agg: pd.DataFrame, main_dep: pd.Series, known: dict[str, set[str]]
) -> tuple[pd.DataFrame, list[str]]:
    """training_fit: one row per level x territory x BMO year x industrial scope."""
    pairs = session_for(
        sorted(int(y) for y in bmo_agg["year"].unique()), sorted(int(y) for y in supply["year"].unique())
    )
    calendar = pd.DataFrame({"year": list(pairs), "bts_year": list(pairs.values())})
    bmo = bmo_agg.loc[bmo_agg["year"].isin(pairs)]
    surveyed = bmo[["year", "level", "code"]].drop_duplicates().assign(in_bmo=True)
    offered = (
        supply[["year", "level", "code"]]
        .drop_duplicates()
        .rename(columns={"year": "bts_year"})
        .merge(calendar, on="bts_year")[["year", "level", "code"]]
    )
    grid = pd.concat([surveyed[["year", "level", "code"]], offered]).drop_duplicates()
    is_known = pd.Series(
        [code in known.get(level, set()) for level, code in zip(grid["level"], grid["code"], strict=True)],
        index=grid.index,
    )
    dropped = grid.loc[~is_known]
    grid = grid.loc[is_known].merge(calendar, on="year")
    grid = grid.merge(pd.DataFrame({"scope": SCOPES}), how="cross")
    grid = grid.merge(surveyed, on=["year", "level", "code"], how="left")

    projects = bmo.loc[bmo["scope"].isin(SCOPES), ["year", "level", "code", "scope", "projects", "difficult"]]
    fit = grid.merge(projects, on=["year", "level", "code", "scope"], how="left")
    surveyed_here = fit["in_bmo"].fillna(False).astype(bool)
    for column in ("projects", "difficult"):  # a surveyed territory without a cell in a scope has 0 projects there
        fit[column] = fit[column].where(fit[column].notna() | ~surveyed_here, 0.0).astype("float64")

    keys = ["level", "code", "year", "scope"]
    all_status = supply.loc[
        supply["status"] == "all", keys + ["places", "applications_per_place", "places_located_share"]
    ]
    apprentices = supply.loc[supply["status"] == "apprentissage", keys + ["places"]]
    fit = fit.merge(
        all_status.rename(columns={"year": "bts_year"}), on=["level", "code", "bts_year", "scope"], how="left"
    )
    fit = fit.merge(
        apprentices.rename(columns={"year": "bts_year", "places": "places_apprenticeship"}),
        on=["level", "code", "bts_year", "scope"],
        how="left",
    )
    fit["places"] = fit["places"].fillna(0).astype("Int64")
    fit["places_apprenticeship"] = fit["places_apprenticeship"].fillna(0).astype("Int64")
    fit["places_apprenticeship_share"] = ratio(fit["places_apprenticeship"], fit["places"])
    fit["places_per_100_projects"] = ratio(fit["places"], fit["projects"], 100)
    fit["places_per_100_difficult"] = ratio(fit["places"], fit["difficult"], 100)

    dep_share = all_status.loc[all_status["level"] == "dep"].rename(
        columns={"code": "dep", "year": "bts_year", "places_located_share": "dep_located_share"}
    )[["dep", "bts_year", "scope", "dep_located_share"]]
    zone = fit["level"] == "ze"
    zone_dep = fit.loc[zone, ["code", "bts_year", "scope"]].assign(dep=lambda f: f["code"].map(main_dep))
    zone_dep = zone_dep.merge(dep_share, on=["dep", "bts_year", "scope"], how="left")
    fit["located_share"] = fit["places_located_share"].astype("float64")
    fit.loc[zone, "located_share"] = zone_dep["dep_located_share"].to_numpy()

    columns = [
        "level",
        "code",
        "year",
        "bts_year",
        "scope",
        "places",
        "places_apprenticeship",
        "places_apprenticeship_share",
        "applications_per_place",
        "projects",
        "difficult",
        "places_per_100_projects",
        "places_per_100_difficult",
        "located_share",
    ]
    fit = fit[columns].sort_values(["level", "code", "year", "scope"]).reset_index(drop=True)
    notes = [
        f"Training fit: BMO years paired with Parcoursup sessions {pairs}; "
        f"{len(dropped.drop_duplicates(['level', 'code']))} territory code(s) outside the geography tables left out "
        f"({', '.join(sorted(set(dropped['level'] + ' ' + dropped['code'])))})"
    ]
    return fit, notes


def run(ctx: Context) -> dict[str, pd.DataFrame]:
    zones = ctx.table("zones_emploi")
    known = {
        "ze": set(zones["ze2020"]),
        "dep": set(ctx.table("departements")["dep"]),
        "reg": set(ctx.table("regions")["reg"]),
        "fr": {FRANCE},
    }
    main_dep = zones.set_index("ze2020")["dep"]
    fit, notes = build_fit(ctx.table("bts_supply"), ctx.table("bmo_agg"), main_dep, known)
    ctx.notes.extend(notes)
    france = fit.loc[(fit["level"] == "fr") & (fit["scope"] == "industrial")]
    ctx.notes.append(
        "Training fit, France, industrial scope: "
        + "; ".join(
            f"BMO {r.year} / Parcoursup {r.bts_year}: {r.places:,} places for {r.projects:,.0f} projects "
            f"({r.places_per_100_projects:.1f} per 100), {r.places_per_100_difficult:.1f} per 100 difficult"
            for r in france.itertuples()
        )
    )
    return {"training_fit": fit}
