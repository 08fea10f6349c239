"""Replacement needs reconcile with "Les métiers en 2030": régions as projected, zones adding up to them."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from contract.domain import INDUSTRIAL_DOMAINS

TEN_OF_ELEVEN = 10 / 11  # the projection covers 2019-2030


@pytest.fixture(scope="module")
def needs(processed_dir: Path) -> pd.DataFrame:
    return pd.read_parquet(processed_dir / "replacement_needs.parquet")


@pytest.fixture(scope="module")
def parts(processed_dir: Path) -> pd.DataFrame:
    return pd.read_parquet(processed_dir / "replacement_zone_parts.parquet")


@pytest.fixture(scope="module")
def raw(raw_dir: Path) -> pd.DataFrame:
    return pd.DataFrame(json.loads((raw_dir / "metiers_2030" / "dares_metiers_2030.json").read_text("utf-8")))


def industry(needs: pd.DataFrame, level: str) -> pd.DataFrame:
    return needs[(needs["level"] == level) & (needs["scope"] == "industrial")].set_index("code")


def test_auvergne_rhone_alpes_matches_the_projection(needs: pd.DataFrame, raw: pd.DataFrame) -> None:
    ara = raw[(raw["region"] == "Auvergne-Rhône-Alpes") & raw["code_fap"].str[0].isin(list(INDUSTRIAL_DOMAINS))]
    row = industry(needs, "reg").loc["84"]
    assert row["departures_10y"] == pytest.approx(ara["departs_fin_carriere_milliers"].sum() * 1000 * TEN_OF_ELEVEN)
    assert round(ara["departs_fin_carriere_milliers"].sum()) == 141  # the README's check
    assert row["positions_10y"] == pytest.approx(ara["postes_a_pourvoir_milliers"].sum() * 1000 * TEN_OF_ELEVEN)
    routes = row["young_entrants_10y"] + row["net_migration_10y"] + row["imbalance_10y"]
    assert routes == pytest.approx(row["positions_10y"])


def test_each_metropolitan_region_is_its_zones_sum(needs: pd.DataFrame, parts: pd.DataFrame) -> None:
    for scope in ("industrial", *INDUSTRIAL_DOMAINS):
        regions = needs[(needs["level"] == "reg") & (needs["scope"] == scope)].set_index("code")["departures_10y"]
        regions = regions.dropna()
        zone_sums = parts[parts["scope"] == scope].groupby("reg")["departures_10y"].sum()
        assert len(regions) >= 12, scope
        assert np.allclose(zone_sums.reindex(regions.index), regions, rtol=1e-9), scope


def test_departements_add_up_to_their_region(needs: pd.DataFrame, processed_dir: Path) -> None:
    deps = pd.read_parquet(processed_dir / "departements.parquet")[["dep", "reg"]]
    rows = industry(needs, "dep").join(deps.set_index("dep"))
    sums = rows.groupby("reg")["departures_10y"].sum(min_count=1).dropna()
    assert np.allclose(sums, industry(needs, "reg").loc[sums.index, "departures_10y"], rtol=1e-9)


def test_a_zone_is_the_sum_of_its_parts_and_france_of_its_regions(needs: pd.DataFrame, parts: pd.DataFrame) -> None:
    zones = industry(needs, "ze")
    by_zone = parts[parts["scope"] == "industrial"].groupby("ze2020")["departures_10y"].sum()
    assert np.allclose(zones.loc[by_zone.index, "departures_10y"], by_zone)
    shares = parts[parts["scope"] == "industrial"].groupby("ze2020")["zone_share"].sum()
    assert np.allclose(shares, 1.0)
    assert industry(needs, "fr").loc["FR", "departures_10y"] == pytest.approx(
        industry(needs, "reg")["departures_10y"].sum()
    )


def test_overseas_has_no_estimate_never_zero(needs: pd.DataFrame, processed_dir: Path) -> None:
    zones = pd.read_parquet(processed_dir / "zones_emploi.parquet")
    overseas = zones.loc[zones["overseas"], "ze2020"]
    rows = industry(needs, "ze").loc[overseas]
    assert rows["departures_10y"].isna().all() and rows["caveat"].str.contains("outre-mer").all()
    metropolitan = industry(needs, "ze").drop(overseas)
    assert metropolitan["departures_10y"].notna().all() and (metropolitan["departures_10y"] > 0).all()


def test_the_census_reading_is_lower_and_shown_beside(needs: pd.DataFrame) -> None:
    regions = industry(needs, "reg").dropna(subset=["departures_10y"])
    assert (regions["departures_census_10y"] < regions["departures_10y"]).all()


def test_territory_indicators_carry_the_projection(needs: pd.DataFrame, processed_dir: Path) -> None:
    table = pd.read_parquet(processed_dir / "territory_indicators.parquet")
    latest = table[table["year"] == table["year"].max()].set_index(["level", "code"])
    expected = needs[needs["scope"] == "industrial"].set_index(["level", "code"])["departures_10y"]
    assert np.allclose(latest.loc[expected.index, "departures_10y"], expected, equal_nan=True)


def test_the_four_routes_add_up_everywhere_and_zones_make_their_region(needs: pd.DataFrame, parts: pd.DataFrame) -> None:
    known = needs.dropna(subset=["positions_10y"])
    routes = known["young_entrants_10y"] + known["net_migration_10y"] + known["imbalance_10y"]
    assert np.allclose(routes, known["positions_10y"])
    for scope in ("industrial", *INDUSTRIAL_DOMAINS):
        regions = needs[(needs["level"] == "reg") & (needs["scope"] == scope)].set_index("code").dropna(
            subset=["positions_10y"]
        )
        sums = parts[parts["scope"] == scope].groupby("reg")[["young_entrants_10y", "net_migration_10y"]].sum()
        for route in ("young_entrants_10y", "net_migration_10y"):
            assert np.allclose(sums.loc[regions.index, route], regions[route], rtol=1e-9), (scope, route)


def test_each_metropolitan_region_and_domain_matches_the_projections_routes(needs: pd.DataFrame, raw: pd.DataFrame) -> None:
    raw = raw[~raw["code_fap"].str.contains(";")]
    raw = raw.assign(domain=raw["code_fap"].str[0])
    for (region, domain), group in raw[raw["domain"].isin(list(INDUSTRIAL_DOMAINS))].groupby(["region", "domain"]):
        if region == "Corse":
            continue
        row = needs[(needs["level"] == "reg") & (needs["scope"] == domain)]
        row = row[row["code"] == REGION_CODES[region]].iloc[0]
        assert row["young_entrants_10y"] == pytest.approx(-group["jeunes_debutants_milliers"].sum() * 1000 * TEN_OF_ELEVEN)
        assert row["imbalance_10y"] == pytest.approx(group["desequilibre_milliers"].sum() * 1000 * TEN_OF_ELEVEN)


REGION_CODES = {
    "Auvergne-Rhône-Alpes": "84",
    "Bourgogne-Franche-Comté": "27",
    "Bretagne": "53",
    "Centre-Val de Loire": "24",
    "Grand Est": "44",
    "Hauts-de-France": "32",
    "Île-de-France": "11",
    "Normandie": "28",
    "Nouvelle Aquitaine": "75",
    "Occitanie": "76",
    "Pays de la Loire": "52",
    "Provence-Alpes-Côte d'Azur": "93",
}
