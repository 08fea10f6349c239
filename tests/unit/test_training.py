"""Training supply, outcomes and fit: link rules, locations and sums on small hand-made frames."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from atlas import training as training_page
from contract.domain import BTS_TRAINED_DOMAINS, INDUSTRIAL_DOMAINS, MIN_PROJECTS_FOR_TRAINING_ALERT
from etl import bcn
from etl.errors import InputError
from etl.step import Context
from etl.steps import fit, outcomes
from etl.steps.training import link, load, locate
from etl.steps.training import supply as supply_step

# ---------------------------------------------------------------- diploma -> occupation link


def pairs(rows: list[tuple[str, str, str]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["rome", "fap2009", "qualification"])


def test_rome_with_several_faps_goes_to_the_technicians_one() -> None:
    table = pairs(
        [
            ("A1204", "A0Z42", "123456"),
            ("A1204", "G1Z70", "078"),
            ("A1204", "H0Z91", "9"),
            ("H1101", "G1Z70", ""),  # single FAP: kept whatever its filter
            ("M1203", "L4Z81", "125"),  # single FAP without technicians: still the only one
        ]
    )
    chosen = link.fap_of_rome(table).set_index("rome")
    assert chosen.loc["A1204", "fap2009"] == "G1Z70"
    assert chosen.loc["A1204", "rule"] == "technicians"
    assert chosen.loc["H1101", "fap2009"] == "G1Z70" and chosen.loc["H1101", "rule"] == "single"
    assert chosen.loc["M1203", "fap2009"] == "L4Z81"


def test_rome_whose_faps_do_not_single_out_technicians_stays_unlinked() -> None:
    both = pairs([("D1402", "R2Z80", "78"), ("D1402", "R4Z91", "0346789"), ("F1106", "B6Z71", "125")])
    both = pd.concat([both, pairs([("F1106", "B7Z90", "9")])], ignore_index=True)
    chosen = link.fap_of_rome(both).set_index("rome")
    assert pd.isna(chosen.loc["D1402", "fap2009"]) and chosen.loc["D1402", "rule"] == "ambiguous"
    assert pd.isna(chosen.loc["F1106", "fap2009"]) and chosen.loc["F1106", "rule"] == "ambiguous"


def test_hierarchical_dares_sheet_is_read_with_footnotes() -> None:
    sheet = pd.DataFrame(
        {
            "fap": ["A", "A0Z", "A0Z41", "", "* (FAP A0Z41) a footnote", "A0Z42", "", "B", "B0Z20"],
            "rome": ["", "", "A1403", "A1407", "", "A1201", "A1204", "", "F1701"],
            "qualification": ["", "", "", "", "", "", "Q_123456", "", "Q_0125"],
        }
    )
    table = load.tidy_rome_fap(sheet, "x.xls", "Table")
    assert table.values.tolist() == [
        ["A1403", "A0Z41", ""],
        ["A1407", "A0Z41", ""],
        ["A1201", "A0Z42", ""],
        ["A1204", "A0Z42", "123456"],
        ["F1701", "B0Z20", "0125"],
    ]


def test_rome_before_any_fap_code_is_an_input_error() -> None:
    sheet = pd.DataFrame({"fap": ["A", ""], "rome": ["", "A1403"], "qualification": ["", ""]})
    with pytest.raises(InputError, match=r"x\.xls, sheet 'Table': ROME A1403 is not under a FAP code"):
        load.tidy_rome_fap(sheet, "x.xls", "Table")


def diplomas(rows: list[tuple[str, str, str]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["cfd", "diploma", "successor"])


def certif(mapping: dict[str, list[str]]) -> pd.DataFrame:
    return pd.DataFrame({"cfd": list(mapping), "romes": list(mapping.values())})


def test_common_first_year_borrows_the_rome_of_its_option() -> None:
    bcn = diplomas(
        [
            ("32032612", "SERVICES INFORMATIQUES AUX ORGANISATIONS BTS 1ERE ANNEE", ""),
            ("32032613", "SERVICES INFORMATIQUES AUX ORGANISATIONS OPTION A", ""),
            ("32022310", "TRAITEMENTS DES MATERIAUX BTS 1ERE ANNEE COMMUNE", ""),
            ("32022311", "TRAITEMENT DES MATERIAUX OPTION A", ""),  # label differs in its first 20 chars
            ("32025520", "ELECTROTECHNIQUE (BTS)", ""),
        ]
    )
    out = link.first_rome(bcn, certif({"32032613": ["M1801", "M1810"], "32022311": ["H2503"], "32025520": []}))
    out = out.set_index("cfd")
    assert out.loc["32032612", ["rome", "rome_cfd", "rome_source"]].tolist() == ["M1801", "32032613", "option"]
    assert out.loc["32032613", ["rome", "rome_source"]].tolist() == ["M1801", "certif_info"]
    assert pd.isna(out.loc["32022310", "rome"]) and out.loc["32022310", "rome_source"] == "none"
    assert pd.isna(out.loc["32025520", "rome"])  # listed without any ROME: unlinked, not invented


def test_option_is_searched_up_to_five_codes_ahead_only() -> None:
    bcn = diplomas(
        [("32033606", "METIERS DE L'ESTHETIQUE 1ERE ANNEE", ""), ("32033612", "METIERS DE L'ESTHETIQUE B", "")]
    )
    out = link.first_rome(bcn, certif({"32033612": ["D1208"]})).set_index("cfd")
    assert out.loc["32033606", "rome_source"] == "none"  # +6 is too far


def test_closed_diploma_takes_the_rome_of_its_successor() -> None:
    bcn = diplomas(
        [
            ("32031209", "MANAGEMENT DES UNITES COMMERCIALES (BTS)", "32031213"),
            ("32031213", "MANAGEMENT COMMERCIAL OPERATIONNEL (BTS)", ""),
            ("32020001", "OLD", "32020002"),
            ("32020002", "MIDDLE", "32031213"),
        ]
    )
    out = link.first_rome(bcn, certif({"32031213": ["D1401"]})).set_index("cfd")
    assert out.loc["32031209", ["rome", "rome_source"]].tolist() == ["D1401", "successor"]
    assert out.loc["32020001", ["rome", "rome_cfd"]].tolist() == ["D1401", "32031213"]  # two renewals followed


# ---------------------------------------------------------------- codes and locations


def test_uai_departement() -> None:
    uai = pd.Series(["0010001W", "6200002A", "7200003B", "9710004C", "9760005D", "C752887F", "9840006E", "088998SS"])
    assert locate.uai_departement(uai).fillna("-").tolist() == ["01", "2A", "2B", "971", "976", "75", "-", "88"]


def test_uai_departement_rejects_codes_that_are_no_departement() -> None:
    out = locate.uai_departement(pd.Series(["0200001A", "0000001B", "T171435T", "9780001C"]))
    assert out.isna().all()


def test_arrondissements_map_to_their_commune() -> None:
    codes = pd.Series(["75108", "75120", "69381", "69389", "13201", "13216", "13217", "75121", "2A004", "01001"])
    assert locate.parent_commune(codes).tolist() == [
        "75056",
        "75056",
        "69123",
        "69123",
        "13055",
        "13055",
        "13217",
        "75121",
        "2A004",
        "01001",
    ]


def test_points_in_polygons_with_a_nearest_fallback() -> None:
    polygons = gpd.GeoDataFrame(
        {"commune": ["17300", "17306"]},
        geometry=[shapely.box(-1.2, 46.1, -1.1, 46.2), shapely.box(-1.1, 46.1, -1.0, 46.2)],
        crs="EPSG:4326",
    )
    points = pd.DataFrame(
        {
            "uai": ["A", "B", "C", "D"],
            "lat": [46.15, 46.15, 46.15, 46.15],
            "lon": [-1.15, -1.05, -1.21, -1.5],  # C is ~770 m west of the coast, D ~23 km
        }
    )
    out = locate.communes_of_points(points, polygons).set_index("uai")
    assert out.loc["A", ["commune", "method"]].tolist() == ["17300", "within"]
    assert out.loc["B", "commune"] == "17306"
    assert out.loc["C", ["commune", "method"]].tolist() == ["17300", "nearest"]
    assert 500 < out.loc["C", "distance_m"] < 1000
    assert pd.isna(out.loc["D", "commune"])


# ---------------------------------------------------------------- offers and supply


def raw_offers(rows: list[tuple]) -> pd.DataFrame:
    columns = ["uai", "label", "mefstat11", "applications", "status", "places"]
    return pd.DataFrame(rows, columns=columns, dtype=str)


def test_duplicate_offers_are_summed_and_missing_capacity_stays_missing() -> None:
    raw = raw_offers(
        [
            ("0010001W", "BTS - Production - CPRP", "32211022316", "100", "Scolaire", "24"),
            ("0010001W", "BTS - Production - CPRP - parcours Défense", "32211022316", "20", "Scolaire", "12"),
            ("0010001W", "BTS - Services - MCO - en apprentissage", "32211031213", "40", "Apprentissage", ""),
            ("0010001W", "BTS - Services - NDRC - en apprentissage", "32211031212", "10", "Apprentissage", ""),
            ("0010001W", "BTS - Services - NDRC - en apprentissage", "32211031212", "15", "Apprentissage", "8"),
            ("0010001W", "CS - Technicien", "23K00033501", "9", "Scolaire", "14"),
        ]
    )
    out, note = load.tidy_offers(raw, 2024, "f.csv")
    out = out.set_index(["mefstat11", "status"])
    cprp = out.loc[("32211022316", "scolaire")]
    assert (cprp["offers"], cprp["places"], cprp["applications"], cprp["places_missing"]) == (2, 36, 120, False)
    assert cprp["label"] == "BTS - Production - CPRP"
    mco = out.loc[("32211031213", "apprentissage")]
    assert pd.isna(mco["places"]) and mco["places_missing"]
    ndrc = out.loc[("32211031212", "apprentissage")]
    assert ndrc["places"] == 8 and ndrc["places_missing"] and ndrc["applications"] == 25
    assert len(out) == 3
    assert "1 non-BTS rows dropped (14 places)" in note


def test_unknown_status_and_bad_count_are_input_errors() -> None:
    bad_status = raw_offers([("0010001W", "BTS - X", "32211022316", "1", "Alternance", "2")])
    with pytest.raises(InputError, match=r"^f\.csv, column 'STATUT': unknown status 'Alternance'"):
        load.tidy_offers(bad_status, 2024, "f.csv")
    bad_count = raw_offers([("0010001W", "BTS - X", "32211022316", "1", "Scolaire", "2.5")])
    with pytest.raises(InputError, match=r"column 'CAPACITEPSUP': not a count: '2.5'"):
        load.tidy_offers(bad_count, 2024, "f.csv")


def offers_frame() -> pd.DataFrame:
    rows = [
        # year, status, domain, industrial, ze, dep, reg, places, missing, applications, offers, distance
        (2024, "scolaire", "G", True, "8416", "01", "84", 20, False, 100, 1, False),
        (2024, "apprentissage", "G", True, None, "01", "84", 30, False, 60, 1, False),
        (2024, "apprentissage", "R", False, "8416", "01", "84", None, True, 50, 2, False),
        (2024, "scolaire", None, None, "8416", "01", "84", 10, False, 40, 1, False),
        (2024, "scolaire", "D", True, "1109", "75", "11", 15, False, 30, 1, False),
        (2024, "apprentissage", "D", True, None, None, None, 5, False, 5, 1, False),
    ]
    columns = [
        "year",
        "status",
        "fap_domain",
        "industrial",
        "ze2020",
        "dep",
        "reg",
        "places",
        "places_missing",
        "applications",
        "offers",
        "distance",
    ]
    frame = pd.DataFrame(rows, columns=columns)
    frame["places"] = frame["places"].astype("Int64")
    frame["industrial"] = frame["industrial"].astype("boolean")
    return frame


MAIN_DEP = pd.Series({"8416": "01", "1109": "75"})  # zone -> main département


def supply_row(supply: pd.DataFrame, level: str, code: str, scope: str, status: str) -> pd.Series:
    hit = supply[
        (supply["level"] == level)
        & (supply["code"] == code)
        & (supply["scope"] == scope)
        & (supply["status"] == status)
    ]
    assert len(hit) == 1, (level, code, scope, status)
    return hit.iloc[0]


def test_supply_zones_count_located_places_and_larger_levels_count_all() -> None:
    supply = supply_step.build_supply(offers_frame(), MAIN_DEP)
    ze = supply_row(supply, "ze", "8416", "all", "all")
    assert (ze["places"], ze["applications"], ze["offers"], ze["offers_places_missing"]) == (30, 190, 4, 1)
    assert ze["applications_per_place"] == pytest.approx(140 / 30)  # the offer without capacity is left out
    assert ze["places_located_share"] == 1
    dep = supply_row(supply, "dep", "01", "all", "all")
    assert (dep["places"], dep["applications"]) == (60, 250)
    assert dep["places_located_share"] == pytest.approx(30 / 60)
    industrial = supply_row(supply, "dep", "01", "industrial", "all")
    assert industrial["places"] == 50 and industrial["places_located_share"] == pytest.approx(20 / 50)
    france = supply_row(supply, "fr", "FR", "all", "all")
    assert france["places"] == 80  # includes the offer without département
    assert supply_row(supply, "fr", "FR", "D", "apprentissage")["places"] == 5
    assert supply_row(supply, "reg", "11", "industrial", "scolaire")["places"] == 15
    assert not ((supply["scope"] == "R") & (supply["level"] == "ze") & (supply["places"] > 0)).any()


def test_supply_of_offers_without_any_capacity_has_no_ratio() -> None:
    frame = offers_frame().iloc[[2]]
    row = supply_row(supply_step.build_supply(frame, MAIN_DEP), "dep", "01", "all", "all")
    assert row["places"] == 0 and row["applications"] == 50
    assert pd.isna(row["applications_per_place"]) and pd.isna(row["places_located_share"])


def test_distance_courses_are_flagged_and_kept_apart_from_on_site_ones() -> None:
    raw = raw_offers(
        [
            (
                "0690276A",
                "BTS - Services - Communication - Entièrement en distanciel",
                "32211031214",
                "9",
                "Scolaire",
                "3200",
            ),
            ("0081151H", "BTS - Services - Assurance - en apprentissage", "32211031215", "18", "Apprentissage", "10"),
            (
                "0081151H",
                "BTS - Services - Assurance - en apprentissage - Entièrement en distanciel",
                "32211031215",
                "26",
                "Apprentissage",
                "35",
            ),
            (
                "0590111A",
                "Certificat de Spécialisation - Assistance, conseil, vente à distance",
                "1",
                "61",
                "Scolaire",
                "18",
            ),
        ]
    )
    out, note = load.tidy_offers(raw, 2024, "f.csv")
    assert out.set_index("uai").loc["0690276A", "distance"]
    assurance = out[out["uai"] == "0081151H"].set_index("distance")
    assert len(assurance) == 2  # the same course taught on site and at a distance: two offers, never summed
    assert assurance.loc[True, "places"] == 35 and assurance.loc[False, "places"] == 10
    assert len(out) == 3 and "2 courses taught wholly at a distance" in note  # a CS "vente à distance" is no BTS


def test_distance_courses_count_in_no_territory_below_france() -> None:
    raw = raw_offers(
        [
            ("0690276A", "BTS - Services - MCO - Entièrement en distanciel", "32211031213", "900", "Scolaire", "2400"),
            ("0381629P", "BTS - Production - Systèmes numériques", "32211020101", "262", "Scolaire", "800"),
            ("0010001W", "BTS - Production - CPRP", "32211022316", "100", "Scolaire", "24"),
        ]
    )
    offers, _ = load.tidy_offers(raw, 2022, "f.csv")
    mef = pd.DataFrame(
        {"mefstat11": ["32211031213", "32211020101", "32211022316"], "cfd": ["32031213", "32020101", "32022316"]}
    )
    diplomas = pd.DataFrame(
        {
            "cfd": ["32031213", "32020101", "32022316"],
            "diploma": ["MCO", "SN", "CPRP"],
            "niveau": "320",
            "nsf": ["312", "255", "250"],
            "nsf_label": None,
            "rome": ["D1401", "I1401", "H2502"],
            "fap2009": ["R4Z91", "G1Z70", "D6Z70"],
            "fap_domain": ["R", "G", "D"],
            "industrial": pd.array([False, True, True], dtype="boolean"),
        }
    )
    places = pd.DataFrame(
        {
            "uai": ["0690276A", "0381629P", "0010001W"],
            "establishment": ["CNED", "CNED", "Lycée A"],
            "commune": ["69123", "38185", "01004"],
            "dep": ["69", "38", "01"],
            "location": "gps",
            "lat": [45.7, 45.2, 46.2],
            "lon": [4.8, 5.7, 5.2],
        }
    )
    communes = pd.DataFrame(
        {"commune": ["69123", "38185", "01004"], "ze2020": ["8421", "8409", "8405"], "dep": ["69", "38", "01"]}
    )
    departements = pd.DataFrame({"dep": ["69", "38", "01"], "reg": "84"})
    out = supply_step.build_offers(offers, mef, diplomas, places, communes, departements).set_index("uai")
    # Labelled "Entièrement en distanciel", or taught by the CNED without the label: national offers.
    for uai in ("0690276A", "0381629P"):
        assert out.loc[uai, "distance"] and out.loc[uai, "location"] == "distance"
        assert out.loc[uai, ["ze2020", "dep", "reg"]].isna().all()
        assert out.loc[uai, "commune"] == places.set_index("uai").loc[uai, "commune"]  # the host stays known
    assert not out.loc["0010001W", "distance"] and out.loc["0010001W", "ze2020"] == "8405"
    supply = supply_step.build_supply(out.reset_index(), pd.Series({"8421": "69", "8409": "38", "8405": "01"}))
    assert set(supply.loc[supply["level"] != "fr", "code"]) == {"8405", "01", "84"}
    france = supply_row(supply, "fr", "FR", "all", "all")
    assert (france["places"], france["places_distance"]) == (3224, 3200)
    assert supply_row(supply, "fr", "FR", "industrial", "all")["places_distance"] == 800
    assert supply_row(supply, "reg", "84", "industrial", "all")["places"] == 24
    assert (supply.loc[supply["level"] != "fr", "places_distance"] == 0).all()
    notes = supply_step.distance_notes(out.reset_index(), communes)
    assert (
        notes[0].startswith("Distance-learning BTS 2022")
        and "3,200 places in 2 courses of 2 UAI, 800 industrial" in notes[0]
    )
    assert "0690276A CNED (zone 8421, dép. 69) 2,400" in notes[0]


def test_apprenticeship_located_share_of_a_zone_is_its_main_departements() -> None:
    supply = supply_step.build_supply(offers_frame(), MAIN_DEP)
    dep = supply_row(supply, "dep", "01", "G", "all")
    assert dep["apprenticeship_located_share"] == 0  # its 30 apprenticeship places are known by département only
    zone = supply_row(supply, "ze", "8416", "G", "scolaire")
    assert zone["places"] == 20 and zone["apprenticeship_located_share"] == 0  # the département's, not 1
    france = supply_row(supply, "fr", "FR", "all", "apprentissage")
    assert france["apprenticeship_located_share"] == pytest.approx(0 / 35)
    assert pd.isna(supply_row(supply, "ze", "1109", "all", "all")["apprenticeship_located_share"])  # none in 75
    located = offers_frame().assign(ze2020=lambda f: f["ze2020"].where(f.index != 1, "8416"))
    share = supply_row(supply_step.build_supply(located, MAIN_DEP), "ze", "8416", "all", "all")
    assert share["apprenticeship_located_share"] == pytest.approx(30 / 30)  # the R course has no capacity


# ---------------------------------------------------------------- outcomes


def ij_rows(rows: list[tuple]) -> pd.DataFrame:
    frame = pd.DataFrame(
        rows, columns=["reg", "millesime", "status", "cfd", "leavers", "employed_6m", "employed_12m", "industrial"]
    )
    for column in ("leavers", "employed_6m", "employed_12m"):
        frame[column] = frame[column].astype("Int64")
    frame["continuing"] = pd.array([1] * len(frame), dtype="Int64")
    frame["final_year"] = frame["leavers"] + 1
    frame["industrial"] = frame["industrial"].astype("boolean")
    for column in ("diploma", "nsf", "fap_domain"):
        frame[column] = None
    return frame


def test_rates_come_from_summed_counts_never_from_averaged_rates() -> None:
    rows = ij_rows(
        [
            ("11", "2022_2023", "scolaire", "32025520", 10, 5, 6, True),
            ("84", "2022_2023", "scolaire", "32025520", 30, 27, 28, True),
            ("84", "2022_2023", "apprentissage", "32031213", 15, 12, 13, False),
        ]
    )
    out = outcomes.build_outcomes(rows)
    key = ["reg", "status", "scope", "cfd"]
    france = out.set_index(key).loc[("FR", "scolaire", "diploma", "32025520")]
    assert france["leavers"] == 40 and france["employed_6m"] == 32
    assert france["rate_6m"] == pytest.approx(32 / 40)  # not (0.5 + 0.9) / 2
    assert not france["rate_hidden"]
    small = out.set_index(key).loc[("11", "scolaire", "diploma", "32025520")]
    assert small["rate_hidden"] and pd.isna(small["rate_6m"]) and small["leavers"] == 10
    everything = out[(out["reg"] == "FR") & (out["status"] == "all") & (out["scope"] == "all")].iloc[0]
    assert everything["leavers"] == 55 and everything["rate_12m"] == pytest.approx(47 / 55)
    industrial = out[(out["reg"] == "FR") & (out["status"] == "all") & (out["scope"] == "industrial")].iloc[0]
    assert industrial["leavers"] == 40 and bool(industrial["industrial"])


def test_rows_with_secret_counts_are_left_out_of_both_sides_of_a_rate() -> None:
    rows = ij_rows(
        [
            ("84", "2022_2023", "scolaire", "32025520", 40, 20, 30, True),
            ("84", "2022_2023", "scolaire", "32025520", 10, None, None, True),
        ]
    )
    row = outcomes.summed_outcomes(rows, ["reg", "status", "cfd"]).iloc[0]
    assert row["leavers"] == 50
    assert row["rate_6m"] == pytest.approx(20 / 40)


def test_school_rows_get_their_diploma_through_the_mef() -> None:
    ij = pd.DataFrame(
        {
            "status": ["scolaire", "apprentissage", "scolaire"],
            "cfd": ["", "32031213", ""],
            "mefstat11": ["32221025520", "", "99999999999"],
        }
    )
    mef = pd.DataFrame({"mefstat11": ["32221025520"], "cfd": ["32025520"]})
    out, unmapped = outcomes.with_cfd(ij, mef)
    assert out["cfd"].tolist() == ["32025520", "32031213"] and unmapped == 1


def test_contracts_use_december_values_and_sum_to_regions_and_france() -> None:
    barometer = pd.DataFrame(
        {
            "dep": ["01", "01", "2A", "2A"],
            "date": ["2021-12-31", "2022-10-31", "2021-12-31", "2022-10-31"],
            "value": ["100.0", "150.0", "7.0", "9.0"],
        }
    )
    frame, notes = outcomes.barometer_contracts(barometer, "b.csv")
    assert frame[["dep", "year", "contracts"]].values.tolist() == [["01", 2021, 100.0], ["2A", 2021, 7.0]]
    assert "2022-10-31" in notes[0]
    ind = pd.DataFrame(
        {
            "zone": ["D01", "D01", "D2A", "FRANCE", "R84"],
            "date": ["2022-11-01", "2022-12-01", "2022-12-01", "2022-12-01", "2022-12-01"],
            "maille": ["DEPT", "DEPT", "DEPT", "NAT", "REG"],
            "value": ["90.0", "120.0", "8.0", "128.0", "120.0"],
        }
    )
    ind313, national, _ = outcomes.ditp_contracts(ind, "i.csv")
    departements = pd.DataFrame({"dep": ["01", "2A"], "reg": ["84", "94"]})
    out = outcomes.build_contracts(frame, ind313, national, departements, "i.csv").set_index(["level", "code", "year"])
    assert out.loc[("fr", "FR", 2021), "contracts"] == 107
    assert out.loc[("fr", "FR", 2022), ["contracts", "source"]].tolist() == [128, "ind-313"]
    assert out.loc[("reg", "94", 2022), "contracts"] == 8
    wrong = national.assign(value=999.0)
    with pytest.raises(InputError, match=r"do not add up to the national value"):
        outcomes.build_contracts(frame, ind313, wrong, departements, "i.csv")


# ---------------------------------------------------------------- fit


def test_session_paired_with_each_survey_year() -> None:
    assert fit.session_for([2023, 2024, 2025], [2022, 2023, 2024]) == {2023: 2023, 2024: 2024, 2025: 2024}
    assert fit.session_for([2021, 2023], [2022, 2024]) == {2023: 2022}


def test_fit_joins_places_and_projects_of_the_same_territory_and_scope() -> None:
    supply = pd.DataFrame(
        {
            "level": ["dep", "dep", "dep", "ze"],
            "code": ["01", "01", "01", "8416"],
            "year": [2024, 2024, 2024, 2024],
            "scope": ["industrial", "industrial", "G", "industrial"],
            "status": ["all", "apprentissage", "all", "all"],
            "places": pd.array([50, 30, 50, 20], dtype="Int64"),
            "applications_per_place": [3.0, 2.0, 3.0, 4.0],
            "places_located_share": [0.4, 0.0, 0.4, 1.0],
        }
    )
    bmo_agg = pd.DataFrame(
        {
            "year": [2025, 2025, 2025, 2025],
            "level": ["dep", "dep", "ze", "ze"],
            "code": ["01", "01", "8416", "8401"],
            "scope": ["industrial", "all", "industrial", "all"],
            "projects": [200.0, 900.0, 0.0, 10.0],
            "difficult": [100.0, 400.0, 0.0, 5.0],
        }
    )
    known = {"dep": {"01"}, "ze": {"8416", "8401"}, "reg": set(), "fr": set()}
    out, _ = fit.build_fit(supply, bmo_agg, pd.Series({"8416": "01", "8401": "01"}), known)
    out = out.set_index(["level", "code", "scope"])
    dep = out.loc[("dep", "01", "industrial")]
    assert (dep["year"], dep["bts_year"], dep["places"], dep["projects"]) == (2025, 2024, 50, 200.0)
    assert dep["places_per_100_projects"] == 25 and dep["places_per_100_difficult"] == 50
    assert dep["places_apprenticeship_share"] == pytest.approx(0.6)
    assert out.loc[("dep", "01", "C"), "projects"] == 0  # surveyed, no cell in that domain
    assert pd.isna(out.loc[("dep", "01", "C"), "places_per_100_projects"])
    zone = out.loc[("ze", "8416", "industrial")]
    assert zone["places"] == 20 and pd.isna(zone["places_per_100_projects"])
    assert zone["located_share"] == pytest.approx(0.4)  # its main département's share
    assert out.loc[("ze", "8401", "industrial"), "places"] == 0


# ---------------------------------------------------------------- bad inputs, one per loader


def place(ctx: Context, source: str, name: str, content: bytes | str) -> Path:
    path = ctx.raw_dir / source / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def test_offers_without_capacity_column(scratch_ctx: Context) -> None:
    place(scratch_ctx, "bts_capacites", "BTS_attractivite_capacite_2024.csv", "UAI;LIBELLÉFORMATION;MEFSTAT11\n")
    with pytest.raises(InputError, match=r"^BTS_attractivite_capacite_2024\.csv, column 'NB_VOEUX_CONFIRMES'"):
        load.load_offers(scratch_ctx, "BTS_attractivite_capacite_2024.csv")


def test_mef_table_in_latin1(scratch_ctx: Context) -> None:
    place(scratch_ctx, "bcn", "bcn_n_mef.csv", "MEF_STAT_11;FORMATION_DIPLOME;LIBELLE_LONG\n1;2;É\n".encode("latin-1"))
    with pytest.raises(InputError, match=r"^bcn_n_mef\.csv: not valid utf-8 .*latin-1"):
        bcn.load_mef(scratch_ctx)


def test_bcn_diplomas_without_nsf_group(scratch_ctx: Context) -> None:
    text = "FORMATION_DIPLOME;NIVEAU_FORMATION_DIPLOME;LIBELLE_LONG_200;NOUVEAU_DIPLOME_1\n32025520;320;X;\n"
    place(scratch_ctx, "bcn", "bcn_n_formation_diplome.csv", text.encode("cp1252"))
    with pytest.raises(InputError, match=r"^bcn_n_formation_diplome\.csv, column 'GROUPE_SPECIALITE'"):
        load.load_bcn_diplomas(scratch_ctx)


def test_nsf_labels_without_label(scratch_ctx: Context) -> None:
    place(scratch_ctx, "bcn", "bcn_n_groupe_specialite.csv", "GROUPE_SPECIALITE;LIBELLE_COURT\n255;X\n")
    with pytest.raises(InputError, match=r"^bcn_n_groupe_specialite\.csv, column 'LIBELLE_LONG'"):
        load.load_nsf_labels(scratch_ctx)


def test_certif_info_with_a_bad_rome(scratch_ctx: Context) -> None:
    header = "Code_Scolarité;" + ";".join(f"Code_Rome_{i}" for i in range(1, 6))
    place(scratch_ctx, "certif_info", "certif_info.csv", f"{header}\n32025520;H1101;H11;;;\n")
    with pytest.raises(InputError, match=r"^certif_info\.csv, column 'Code_Rome_1': not a ROME code: 'H11'"):
        load.load_certif_romes(scratch_ctx)


def test_rome_fap_table_that_is_not_a_spreadsheet(scratch_ctx: Context) -> None:
    place(scratch_ctx, "dares_fap", "Rome-V3_vers_Fap-2009.xls", b"<html>moved</html>")
    with pytest.raises(InputError, match=r"^Rome-V3_vers_Fap-2009\.xls: not a readable spreadsheet"):
        load.load_rome_fap(scratch_ctx)


def test_fap_labels_without_code(scratch_ctx: Context) -> None:
    place(scratch_ctx, "dares_fap", "Intitules_FAP2009.csv", "\ufeffFAP détaillées;x\nA;b\n")
    with pytest.raises(InputError, match=r"^Intitules_FAP2009\.csv, column 'Code FAP détaillées'"):
        load.load_fap_labels(scratch_ctx)


def test_gps_point_that_cannot_be_read(scratch_ctx: Context) -> None:
    text = (
        "Code UAI de l etablissement,etablissement,Filiere de formation,Coordonnées GPS de la formation\n"
        '0010001W,Lycée,BTS   X,"47.46; -0.54"\n'
    )
    place(scratch_ctx, "etab_localisation", "parcoursup_etablissements_gps.csv", text)
    with pytest.raises(InputError, match=r"column 'gps': not a 'lat, lon' point: '47.46; -0.54'"):
        load.load_gps(scratch_ctx)


def test_cfa_list_without_commune(scratch_ctx: Context) -> None:
    text = "numero_uai;denomination_principale;patronyme_uai\n0010826T;CFA;CECOF\n"
    place(scratch_ctx, "etab_localisation", "CFASousConvRegionale_latest-UAI.csv", text.encode("cp1252"))
    with pytest.raises(InputError, match=r"^CFASousConvRegionale_latest-UAI\.csv, column 'commune'"):
        load.load_cfa(scratch_ctx)


IJ_HEADER = (
    "id;millesime;code_region;voie;cfd;mefstat11;nb_annee_term;nb_en_emploi_12_mois;nb_en_emploi_6_mois;"
    "nb_poursuite_etudes;nb_sortant"
)


def test_inserjeunes_in_latin1(scratch_ctx: Context) -> None:
    text = f"{IJ_HEADER}\nx;2022_2023;84;scolaire;;32221025520;30;10;9;5;25;é\n"
    place(scratch_ctx, "inserjeunes", "ij_region_data.csv", text.encode("latin-1"))
    with pytest.raises(InputError, match=r"^ij_region_data\.csv: not valid utf-8"):
        outcomes.load_inserjeunes(scratch_ctx)


def test_inserjeunes_unknown_route(scratch_ctx: Context) -> None:
    place(scratch_ctx, "inserjeunes", "ij_region_data.csv", f"{IJ_HEADER}\nx;2022_2023;84;alternance;1;;3;1;1;1;2\n")
    with pytest.raises(InputError, match=r"column 'voie': unknown voie 'alternance'"):
        outcomes.load_inserjeunes(scratch_ctx)


def test_barometer_without_contract_indicator(scratch_ctx: Context) -> None:
    text = "id_indicateur,code_departement,date,valeur\nnombre-recrutements-jeunes,01,2021-12-31,5.0\n"
    place(scratch_ctx, "apprentissage_dep", "barometre_departements_apprentissage.csv", text)
    with pytest.raises(InputError, match=r"no row for indicator 'nombre-contrats-apprentissage'"):
        outcomes.load_barometer(scratch_ctx)


def test_ditp_file_without_value_column(scratch_ctx: Context) -> None:
    text = "indic_id,enforce_zone_id,metric_enforce_date,maille,indic_vi,indic_vc\nIND-313,D01,2022-12-01,DEPT,,\n"
    place(scratch_ctx, "apprentissage_dep", "ditp_ind-313.csv", text)
    with pytest.raises(InputError, match=r"^ditp_ind-313\.csv, column 'indic_va'"):
        outcomes.load_ditp(scratch_ctx, "ditp_ind-313.csv")


def test_establishments_located_by_gps_then_cfa_then_uai() -> None:
    polygons = gpd.GeoDataFrame({"commune": ["01004"]}, geometry=[shapely.box(5.3, 45.9, 5.4, 46.0)], crs="EPSG:4326")
    communes = pd.DataFrame({"commune": ["01004", "75056", "97411"], "dep": ["01", "75", "974"]})
    points = pd.DataFrame(
        {
            "uai": ["0010001W", "9740001A", "0750002B"],
            "lat": [45.95, -20.9, np.nan],
            "lon": [5.35, 55.45, np.nan],
            "establishment": ["Lycée A", "Lycée B", None],
        }
    )
    cfa = pd.DataFrame(
        {"uai": ["0750002B", "0750003C"], "commune": ["75108", "99140"], "establishment": ["CFA C", "CFA D"]}
    )
    uais = pd.Series(["0010001W", "9740001A", "0750002B", "0750003C", "9840004D"])
    out, _ = locate.locate_establishments(uais, points, cfa, communes, polygons)
    out = out.set_index("uai")
    assert out.loc["0010001W", ["commune", "dep", "location"]].tolist() == ["01004", "01", "gps"]
    assert out.loc["9740001A", ["dep", "location"]].tolist() == ["974", "uai_departement"]
    assert pd.isna(out.loc["9740001A", "commune"]) and out.loc["9740001A", "lat"] == -20.9
    assert out.loc["0750002B", ["commune", "location", "establishment"]].tolist() == ["75056", "cfa_commune", "CFA C"]
    assert out.loc["0750003C", ["location", "establishment"]].tolist() == ["uai_departement", "CFA D"]
    assert out.loc["9840004D", "location"] == "unlocated" and pd.isna(out.loc["9840004D", "dep"])


def test_departements_inside_one_zone() -> None:
    communes = pd.DataFrame({"dep": ["75", "92", "92", "01", "01"], "ze2020": ["1109", "1109", "1109", "8405", "8416"]})
    assert locate.single_zone_departements(communes).to_dict() == {"75": "1109", "92": "1109"}


def test_industry_training_keeps_national_values_only() -> None:
    rows = pd.DataFrame(
        {
            "zone": ["D01", "FRANCE", "FRANCE", "FRANCE"],
            "date": ["", "2022-12-01", "2023-12-01", "2026-12-01"],
            "maille": ["DEPT", "NAT", "NAT", "NAT"],
            "initial": ["", "107315.0", "", ""],
            "value": ["", "", "83619.0", ""],
            "target": ["", "", "", "120000.0"],
        }
    )
    out = outcomes.build_industry_training(rows, "ditp_ind-719.csv")
    assert out[["date", "kind", "value"]].values.tolist() == [
        ["2022-12-01", "initial", 107315],
        ["2023-12-01", "value", 83619],
        ["2026-12-01", "target", 120000],
    ]
    assert out["note"].str.contains("France entière seulement").all()


# ---------------------------------------------------------------- training alerts and secret-aware counts


def domains_table(projects: dict[str, float], share: float = 0.8, places_per_100: float = 0.0) -> pd.DataFrame:
    index = pd.Index(["industrial", *INDUSTRIAL_DOMAINS], name="scope")
    return pd.DataFrame(
        {
            "projects": [projects.get(s, 0.0) for s in index],
            "difficult_share": share,
            "places_per_100_projects": places_per_100,
        },
        index=index,
    )


def test_alerts_only_on_bts_trained_domains_with_enough_projects() -> None:
    assert "H" not in BTS_TRAINED_DOMAINS and set(BTS_TRAINED_DOMAINS) == set("CDEFG")
    enough = MIN_PROJECTS_FOR_TRAINING_ALERT
    table = training_page.with_alerts(
        domains_table({"industrial": 900, "C": 1.02, "D": enough, "E": enough - 0.5, "F": 300, "G": 120, "H": 400})
    )
    assert table.index[table["gap"]].tolist() == ["D", "F", "G"]
    assert not table.loc["H", "gap"] and not table.loc["H", "assessed"]  # engineers and managers: no BTS for them
    assert not table.loc["C", "assessed"] and not table.loc["E", "assessed"]  # too few projects to conclude
    assert not table.loc["industrial", "gap"]


def test_alerts_need_hard_hiring_and_few_places() -> None:
    projects = {d: 200 for d in INDUSTRIAL_DOMAINS}
    assert not training_page.with_alerts(domains_table(projects, share=0.49))["gap"].any()
    assert not training_page.with_alerts(domains_table(projects, places_per_100=10.0))["gap"].any()
    missing = domains_table(projects, places_per_100=np.nan)  # no BTS place at all counts as none
    assert training_page.with_alerts(missing)["gap"].sum() == len(BTS_TRAINED_DOMAINS)


def test_alert_column_and_rule_text() -> None:
    table = training_page.with_alerts(domains_table({"D": 200, "H": 400, "C": 3}))
    shown = training_page.fit_shown(
        table.assign(
            label=table.index,
            projects_secret=[0, 1, 0, 0, 0, 0, 2],
            places=0,
            applications_per_place=np.nan,
            places_apprenticeship_share=np.nan,
        )
    ).set_index("Domaine")
    assert shown.loc["D", "Alerte"] == training_page.ALERT_TEXT
    assert shown.loc["H", "Alerte"] == "sans objet : pas de BTS" and shown.loc["H", "Projets"] == "au moins 400"
    assert shown.loc["C", "Alerte"] == "" and shown.loc["C", "Projets"] == "au moins 3"
    assert shown.loc["E", "Projets"] == "0"
    rule = training_page.alert_rule()
    assert "50\u202f% ou plus" in rule and "C, D, E, F, G" in rule and "pas le domaine H" in rule
    assert f"{MIN_PROJECTS_FOR_TRAINING_ALERT} projets publiés" in rule
