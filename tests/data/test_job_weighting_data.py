"""The job-weighted bassin allocation on the real build: every bassin's total conserved, the published
zones equal to a recomputation by jobs, the population alternative summing to the same totals, and a
commune jobs table that matches INSEE's file (one set of communes, no orphan code)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from etl.registry import load_registry
from etl.step import Context
from etl.steps.bmo import bassins

UNIT = ["year", "bassin", "bassin_name", "dep"]
ARRONDISSEMENTS = r"^(751\d\d|6938\d|132\d\d)$"


@pytest.fixture(scope="module")
def published(processed_dir: Path) -> dict[str, pd.DataFrame]:
    names = ("bmo", "bmo_ze", "bmo_agg", "bmo_bassins", "bmo_allocation", "communes", "commune_jobs", "zones_emploi")
    return {name: pd.read_parquet(processed_dir / f"{name}.parquet") for name in names}


@pytest.fixture(scope="module")
def raw_comparateur(raw_dir: Path) -> pd.DataFrame:
    """INSEE's file read the plain way, without project code."""
    with zipfile.ZipFile(raw_dir / "insee_comparateur_2018" / "base_cc_comparateur_csv.zip") as archive:
        text = archive.read("base_cc_comparateur.CSV").decode("utf-8")
    frame = pd.read_csv(io.StringIO(text), sep=";", dtype={"CODGEO": str})
    return frame[["CODGEO", "P18_POP", "P18_EMPLT", "P18_EMPLT_SAL"]]


@pytest.fixture(scope="module")
def recomputed(published: dict[str, pd.DataFrame], raw_dir: Path) -> tuple[bassins.Units, dict[str, pd.DataFrame]]:
    """Units and weights recomputed from the published tables and the raw bassin table."""
    ctx = Context(raw_dir=raw_dir, registry=load_registry())
    communes = bassins.with_jobs(published["communes"], published["commune_jobs"])
    units = bassins.allocation_units(published["bmo"], bassins.load_commune_bassins(ctx, communes), communes)
    weights = {by: bassins.zone_weights(units, communes, by=by) for by in bassins.WEIGHTINGS}
    return units, weights


def test_every_bassin_total_is_conserved_under_job_weighting(published: dict, recomputed: tuple) -> None:
    units, weights = recomputed
    jobs = weights["jobs"]
    unit_projects = published["bmo"].groupby(UNIT, as_index=False)["projects"].sum()
    spread = unit_projects.merge(jobs, on=UNIT)
    spread["share"] = spread["projects"] * spread["weight"]
    by_unit = spread.groupby(UNIT)["share"].sum()
    allocated = units.units.loc[units.units["method"] != "outside", UNIT].merge(unit_projects, on=UNIT)
    totals = allocated.set_index(UNIT)["projects"]
    assert set(by_unit.index) == set(totals.index)
    assert np.allclose(by_unit.reindex(totals.index), totals)
    assert np.allclose(jobs.groupby(UNIT)["weight"].sum(), 1.0)
    # Nearly every unit is weighted by jobs; Mayotte, with no job figure, by population.
    basis = jobs.drop_duplicates(UNIT)
    assert set(basis.loc[basis["basis"] != "jobs", "dep"]) <= {"976"}
    assert (basis["basis"] == "jobs").mean() > 0.99


def test_published_zones_are_the_job_weighted_allocation(published: dict, recomputed: tuple) -> None:
    units, weights = recomputed
    bmo = published["bmo"][published["bmo"]["year"] == published["bmo"]["year"].max()]
    ours = bassins.allocate_to_zones(bmo, weights["jobs"], units)
    ze = published["bmo_ze"]
    ze = ze[ze["year"] == bmo["year"].max()]
    keys = ["ze2020", "occupation"]
    merged = ours.merge(ze, on=keys, suffixes=("_ours", ""), validate="one_to_one")
    assert len(merged) == len(ze)
    assert np.allclose(merged["projects_ours"], merged["projects"])


def test_year_totals_under_both_weightings(published: dict) -> None:
    allocation = published["bmo_allocation"]
    sums = allocation.groupby(["year", "scope"])[["projects_jobs", "projects_population"]].sum()
    assert np.allclose(sums["projects_jobs"], sums["projects_population"])
    assert np.allclose(allocation.groupby(["year", "scope"])["move"].sum(), 0, atol=1e-6)
    bassin_table = published["bmo_bassins"]
    allocated = bassin_table[bassin_table["method"] != "outside"].groupby("year")["projects"].sum()
    everything = sums.xs("all", level="scope")["projects_jobs"]
    assert np.allclose(everything.reindex(allocated.index), allocated)
    assert set(allocation["year"]) == set(published["bmo"]["year"])


def test_allocation_table_matches_the_zone_totals(published: dict) -> None:
    allocation = published["bmo_allocation"].set_index(["year", "ze2020", "scope"])
    agg = published["bmo_agg"]
    zones = agg[(agg["level"] == "ze") & agg["scope"].isin(["all", "industrial"])]
    zones = zones.set_index(["year", "code", "scope"])["projects"]
    zones.index = zones.index.set_names(["year", "ze2020", "scope"])
    common = allocation.index.intersection(zones.index)
    assert len(common) > 0.95 * len(allocation)
    assert np.allclose(allocation.loc[common, "projects_jobs"], zones.loc[common])
    known = allocation["projects_population"] > 0
    expected = allocation.loc[known, "move"] / allocation.loc[known, "projects_population"]
    assert np.allclose(allocation.loc[known, "move_share"], expected)
    assert allocation.loc[~known, "move_share"].isna().all()


def test_commune_jobs_total_equals_the_file_with_one_set_of_communes(
    published: dict, raw_comparateur: pd.DataFrame
) -> None:
    jobs = published["commune_jobs"]
    arrondissement = raw_comparateur["CODGEO"].str.match(ARRONDISSEMENTS)
    one_set = raw_comparateur[~arrondissement]
    assert np.isclose(jobs["jobs"].sum(), one_set["P18_EMPLT"].sum())
    assert np.isclose(jobs["salaried_jobs"].sum(), one_set["P18_EMPLT_SAL"].sum())
    assert np.isclose(jobs["population_2018"].sum(), one_set["P18_POP"].sum())
    # The arrondissements repeat their cities: counting both would add Paris, Lyon and Marseille twice.
    assert np.isclose(
        raw_comparateur.loc[arrondissement, "P18_EMPLT"].sum(),
        one_set.loc[one_set["CODGEO"].isin(["75056", "69123", "13055"]), "P18_EMPLT"].sum(),
    )
    assert 26e6 < jobs["jobs"].sum() < 27e6


def test_no_orphan_codes_and_missing_values_are_reported_not_zero(published: dict) -> None:
    jobs = published["commune_jobs"]
    communes = published["communes"]
    assert len(jobs) == len(communes) == 34935
    assert set(jobs["commune"]) == set(communes["commune"])
    assert jobs["commune"].str.fullmatch(r"\d{5}|2[AB]\d{3}").all()
    missing = jobs.loc[jobs["jobs"].isna(), "commune"]
    assert len(missing) == 17 and missing.str.startswith("976").all()  # Mayotte: blank in the file
    zones = set(published["zones_emploi"]["ze2020"])
    assert set(published["bmo_allocation"]["ze2020"]) <= zones
