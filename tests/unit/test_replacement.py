"""Replacement needs from "Les métiers en 2030": reading, scopes, and the spreading of a région over its zones."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from etl.errors import InputError
from etl.steps import replacement

FIELDS = list(replacement.FIELDS)


def record(region: str, code: str, departures: float, creation: float = 0.0, jobs: float = 100.0) -> dict:
    values = dict.fromkeys(FIELDS, 0.0)
    values.update(
        effectifs_2019_milliers=jobs,
        departs_fin_carriere_milliers=departures,
        creations_destructions_milliers=creation,
        postes_a_pourvoir_milliers=departures + creation,
        jeunes_debutants_milliers=-(departures + creation) * 0.8,
        solde_mobilites_inter_regions_milliers=-1.0,
        desequilibre_milliers=(departures + creation) * 0.2 - 1.0,
    )
    return {"code_fap": code, "fap_libelle": f"groupe {code}", "region": region, **values}


REGIONS = pd.DataFrame(
    {"reg": ["84", "75", "01"], "name": ["Auvergne-Rhône-Alpes", "Nouvelle-Aquitaine", "Guadeloupe"]}
)


def projection(tmp_path: Path, records: list[dict]) -> tuple[pd.DataFrame, Path]:
    path = tmp_path / replacement.FILE
    path.write_text(json.dumps(records), encoding="utf-8")
    return replacement.read_projection(path), path


def test_a_text_value_fails_with_one_line_naming_the_file_and_field(tmp_path: Path) -> None:
    bad = record("Auvergne-Rhône-Alpes", "D1Z", 10.0)
    bad["departs_fin_carriere_milliers"] = "n.d."
    with pytest.raises(InputError) as error:
        projection(tmp_path, [bad])
    message = str(error.value)
    assert "\n" not in message and replacement.FILE in message and "departs_fin_carriere_milliers" in message
    assert "record 1" in message


def test_a_region_name_written_without_hyphen_is_found_and_an_unknown_one_fails(tmp_path: Path) -> None:
    frame, path = projection(tmp_path, [record("Nouvelle Aquitaine", "D1Z", 11.0)])
    rows, _ = replacement.regional_figures(frame, REGIONS, path)
    assert set(rows["reg"]) == {"75"}
    frame, path = projection(tmp_path, [record("Atlantide", "D1Z", 11.0)])
    with pytest.raises(InputError, match="Atlantide"):
        replacement.regional_figures(frame, REGIONS, path)


def test_figures_are_brought_to_ten_years_and_merged_groups_stay_out_of_a_domain(tmp_path: Path) -> None:
    records = [
        record("Auvergne-Rhône-Alpes", "D1Z", 11.0),
        record("Auvergne-Rhône-Alpes", "G0A", 22.0),
        record("Auvergne-Rhône-Alpes", "C1Z;D2Z", 33.0),  # two industrial domains merged: industry only
        record("Auvergne-Rhône-Alpes", "H0Z;N0Z", 44.0),  # industrial and not: neither
        record("Auvergne-Rhône-Alpes", "J1Z", 55.0),  # not industrial
    ]
    frame, path = projection(tmp_path, records)
    rows, _ = replacement.regional_figures(frame, REGIONS, path)
    rows = rows.set_index("scope")
    assert rows.at["industrial", "departures_10y"] == pytest.approx((11 + 22 + 33) * 1000 * 10 / 11)
    assert rows.at["D", "departures_10y"] == pytest.approx(11 * 1000 * 10 / 11)
    assert rows.at["industrial", "occupation_jobs"] == pytest.approx(300 * 1000)  # a stock: not scaled
    assert "H0Z;N0Z" in rows.at["industrial", "caveat"]
    assert rows.at["industrial", "young_entrants_10y"] > 0  # counted as what they bring


def test_zone_parts_split_a_straddling_zone_by_jobs() -> None:
    communes = pd.DataFrame({"commune": ["a", "b", "c"], "ze2020": ["0063", "0063", "8401"], "reg": ["75", "84", "84"]})
    jobs = pd.DataFrame({"commune": ["a", "b", "c"], "jobs": [300.0, 100.0, 50.0]})
    parts = replacement.zone_parts(communes, jobs).set_index(["ze2020", "reg"])["share"]
    assert parts[("0063", "75")] == pytest.approx(0.75) and parts[("0063", "84")] == pytest.approx(0.25)
    assert parts[("8401", "84")] == pytest.approx(1.0)


def test_a_region_is_spread_by_jobs_and_ageing_and_its_parts_add_up() -> None:
    region_rows = pd.DataFrame(
        [
            {"reg": "84", "scope": "industrial", **dict.fromkeys(replacement.MEASURES, 0.0), "caveat": None}
            | {"departures_10y": 1000.0, "net_creation_10y": 100.0, "positions_10y": 1100.0, "occupation_jobs": 5e3}
            | {"young_entrants_10y": 800.0, "net_migration_10y": 100.0, "imbalance_10y": 200.0}
        ]
    )
    units = pd.DataFrame(
        {
            "ze2020": ["A", "B"],
            "reg": ["84", "84"],
            "industrial_jobs": [300.0, 100.0],
            "ageing_ratio": [1.0, 2.0],
            "training_adjustment": [1.25, 0.75],  # A trains more than the région's average, B less
        }
    )
    units["ageing_weight"] = units["industrial_jobs"] * units["ageing_ratio"]
    spread = replacement.spread(region_rows, units, ["ze2020"]).set_index("ze2020")
    # Departures by jobs x ageing (300 and 200), net creation by jobs alone (300 and 100).
    assert spread.at["A", "departures_10y"] == pytest.approx(600) and spread.at["B", "departures_10y"] == 400
    assert spread.at["A", "net_creation_10y"] == pytest.approx(75) and spread.at["B", "net_creation_10y"] == 25
    assert spread["positions_10y"].sum() == pytest.approx(1100)
    # Positions: A 675, B 425. Young entrants by positions x adjustment (843.75 and 318.75), migration by positions.
    assert spread.at["A", "young_entrants_10y"] == pytest.approx(800 * 843.75 / 1162.5)
    assert spread.at["B", "net_migration_10y"] == pytest.approx(100 * 425 / 1100)
    for route in ("young_entrants_10y", "net_migration_10y", "imbalance_10y"):
        assert spread[route].sum() == pytest.approx(
            {"young_entrants_10y": 800, "net_migration_10y": 100}.get(route, 200)
        )
    routes = spread["young_entrants_10y"] + spread["net_migration_10y"] + spread["imbalance_10y"]
    assert routes.to_numpy() == pytest.approx(spread["positions_10y"].to_numpy())


def test_the_training_adjustment_is_bounded_and_neutral_when_unknown() -> None:
    own = pd.Series([40.0, 5.0, None, 20.0])
    region = pd.Series([20.0, 20.0, 20.0, 0.0])
    assert replacement.adjustment_against_region(own, region).tolist() == [1.25, 0.75, 1.0, 1.0]


def test_young_entrants_never_exceed_a_units_positions_and_still_add_up() -> None:
    weights = pd.Series([100.0 * 1.25, 100.0 * 0.75, 10.0 * 1.25])  # positions x training adjustment
    ceiling = pd.Series([100.0, 100.0, 10.0])  # positions (the région's young cover 95 % of them)
    shared = replacement.shared_with_ceiling(200.0, weights, ceiling)
    assert shared.sum() == pytest.approx(200.0)
    assert (shared <= ceiling + 1e-9).all()
    assert shared[0] == pytest.approx(100.0) and shared[2] == pytest.approx(10.0)  # capped
    assert shared[1] == pytest.approx(90.0)  # takes what the others could not
    assert replacement.shared_with_ceiling(50.0, weights, None).sum() == pytest.approx(50.0)
