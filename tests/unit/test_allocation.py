"""Bassins to employment areas: job weights (population as the alternative), explicit rules for odd bassins,
totals conserved."""

from __future__ import annotations

import numpy as np
import pandas as pd

from contract.formulas import bmo_additive_columns as additive_columns
from contract.formulas import with_bmo_shares as with_shares
from etl.steps.bmo.aggregates import by_scope
from etl.steps.bmo.bassins import allocate_to_zones, allocation_units, zone_weights
from etl.steps.bmo.survey import with_bounds

COMMUNES = pd.DataFrame(
    {
        "commune": ["01001", "01002", "01003", "74001", "97101"],
        "dep": ["01", "01", "01", "74", "971"],
        "ze2020": ["8401", "8402", "8402", "8403", "0101"],
        "population": [100, 300, 600, 1000, 50],
        "jobs": [300.0, 100.0, 600.0, 2000.0, 20.0],  # jobs at the place of work: Bourg's jobs are in 8401
    }
)
COMMUNE_BASSINS = pd.DataFrame(
    {
        "commune": ["01001", "01002", "01003", "74001", "97101"],
        "bassin": ["8401", "8401", "8402", "8407", "101"],
        "bassin_name": ["BOURG", "BOURG", "OYONNAX", "ANNECY", "BASSE-TERRE"],
    }
)


def survey(rows: list[tuple]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["year", "bassin", "dep", "bassin_name", "occupation", "projects", "difficult"])
    frame["seasonal"] = np.nan
    frame["projects"] = frame["projects"].astype("float64")
    frame["difficult"] = frame["difficult"].astype("float64")
    for measure in ("projects", "difficult", "seasonal"):
        frame[f"{measure}_secret"] = frame[measure].isna()
    frame["nomenclature"] = "FAP2021"
    frame["fap_domain"] = frame["occupation"].str[0]
    frame["industrial"] = frame["fap_domain"].isin(list("CDEFGH"))
    return with_bounds(frame, 4)


BMO = survey(
    [
        (2024, "8401", "01", "BOURG", "D1X40", 40, 10),
        (2024, "8401", "01", "BOURG", "A0X40", None, None),
        (2024, "8402", "01", "OYONNAX", "D1X40", 30, None),
        (2024, "8407", "01", "ANNECY", "D1X40", 8, 8),  # grown into Ain: no Ain commune in its zone
        (2024, "9999", "01", "NOUVEAU", "D1X40", 5, 1),  # unknown bassin: whole département
        (2024, "104", "971", "BASSIN ILES DU NORD", "D1X40", 7, 2),  # outside the zoning
        (2025, "116", "971", "Basse-Terre", "D1X40", 9, 3),  # renumbered, same name
    ]
)


def test_rules_for_each_kind_of_bassin() -> None:
    units = allocation_units(BMO, COMMUNE_BASSINS, COMMUNES).units.set_index(["year", "bassin"])["method"]
    assert units[(2024, "8401")] == "table"
    assert units[(2024, "8407")] == "departement"
    assert units[(2024, "9999")] == "departement"
    assert units[(2024, "104")] == "outside"
    assert units[(2025, "116")] == "renamed"


def test_weights_follow_jobs_by_default_and_sum_to_one() -> None:
    weights = zone_weights(allocation_units(BMO, COMMUNE_BASSINS, COMMUNES), COMMUNES)
    bourg = weights[weights["bassin"] == "8401"].set_index("ze2020")["weight"]
    assert np.isclose(bourg["8401"], 0.75) and np.isclose(bourg["8402"], 0.25)
    assert set(weights["basis"]) == {"jobs"}
    sums = weights.groupby(["year", "bassin", "bassin_name", "dep"])["weight"].sum()
    assert np.allclose(sums, 1.0)


def test_population_weighting_remains_the_alternative() -> None:
    weights = zone_weights(allocation_units(BMO, COMMUNE_BASSINS, COMMUNES), COMMUNES, by="population")
    bourg = weights[weights["bassin"] == "8401"].set_index("ze2020")["weight"]
    assert np.isclose(bourg["8401"], 0.25) and np.isclose(bourg["8402"], 0.75)
    assert set(weights["basis"]) == {"population"}
    sums = weights.groupby(["year", "bassin", "bassin_name", "dep"])["weight"].sum()
    assert np.allclose(sums, 1.0)


def test_allocation_conserves_each_bassin_total() -> None:
    units = allocation_units(BMO, COMMUNE_BASSINS, COMMUNES)
    zones = allocate_to_zones(BMO, zone_weights(units, COMMUNES), units)
    allocated = zones.groupby("year")["projects"].sum()
    assert allocated[2024] == 40 + 30 + 8 + 5  # Îles du Nord (7) stays outside the zoning
    assert allocated[2025] == 9
    assert zones.loc[(zones["year"] == 2025), "ze2020"].tolist() == ["0101"]
    ze_8402 = zones[(zones["year"] == 2024) & (zones["ze2020"] == "8402") & (zones["occupation"] == "D1X40")]
    # By jobs: Bourg 1/4 of its jobs in 8402; the whole-département fallback 700 of Ain's 1,000 jobs.
    assert np.isclose(ze_8402["projects"].iloc[0], 40 * 0.25 + 30 + 8 * 0.7 + 5 * 0.7)
    by_population = allocate_to_zones(BMO, zone_weights(units, COMMUNES, by="population"), units)
    ze_8402 = by_population[
        (by_population["year"] == 2024) & (by_population["ze2020"] == "8402") & (by_population["occupation"] == "D1X40")
    ]
    assert np.isclose(ze_8402["projects"].iloc[0], 40 * 0.75 + 30 + 8 * 0.9 + 5 * 0.9)
    assert np.isclose(by_population["projects"].sum(), zones["projects"].sum())
    # A secret cell is counted in every zone it feeds.
    secret = zones[(zones["year"] == 2024) & (zones["occupation"] == "A0X40")].set_index("ze2020")["projects_secret"]
    assert secret.to_dict() == {"8401": 1, "8402": 1}
    # Projects that reached a zone through the whole-département fallback are kept apart.
    fallback = zones[zones["year"] == 2024].groupby("ze2020")["projects_fallback"].sum()
    assert np.isclose(fallback.sum(), 8 + 5)


def test_difficult_share_carries_bounds_around_the_published_minimum() -> None:
    cells = additive_columns(BMO[BMO["year"] == 2024]).assign(fr="FR")
    totals = with_shares(by_scope(cells, ["fr"])).set_index("scope")
    industrial = totals.loc["industrial"]
    published = 40 + 30 + 8 + 5 + 7
    assert industrial["projects"] == published
    # Central: every published difficult project over every published project (a minimum).
    assert np.isclose(industrial["difficult_share"], (10 + 8 + 1 + 2) / published)
    # Oyonnax's secret difficult count holds 0 to 4 projects.
    assert industrial["projects_high"] == published
    assert np.isclose(industrial["difficult_share_low"], (10 + 8 + 1 + 2) / published)
    assert np.isclose(industrial["difficult_share_high"], (10 + 4 + 8 + 1 + 2) / published)
    everything = totals.loc["all"]  # one cell with secret projects: up to 4 more, all difficult at most
    assert everything["projects_high"] == published + 4
    assert np.isclose(everything["difficult_share_low"], 21 / (published + 4))
    assert np.isclose(everything["difficult_share_high"], (21 + 4 + 4) / (published + 4))
    assert everything["difficult_share_low"] <= everything["difficult_share"] <= everything["difficult_share_high"]
    assert totals.loc["all", "projects_secret"] == 1
    assert totals.loc["all", "difficult_secret"] == 2
