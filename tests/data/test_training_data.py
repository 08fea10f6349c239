"""The training tables reconcile with Parcoursup, InserJeunes, the apprenticeship files and the BMO tables."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from contract.domain import BTS_TRAINED_DOMAINS
from etl import config
from etl.build import run_steps
from etl.steps import STEPS, Step

pytestmark = pytest.mark.xdist_group("training")

RAW = config.RAW_DIR
SESSIONS = (2022, 2023, 2024)
DISTANCE_LABEL = "Entièrement en distanciel"


def with_dependencies(names: set[str]) -> tuple[Step, ...]:
    """The named steps and every step whose tables they read, directly or not, in build order."""
    wanted = set(names)
    for step in reversed(STEPS):
        if step.name in wanted:
            wanted |= {other.name for other in STEPS if set(other.outputs) & set(step.reads)}
    return tuple(step for step in STEPS if step.name in wanted)


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    """The training steps run on the real raw files, after the steps they depend on (BMO too, for the fit)."""
    steps = with_dependencies({"training", "outcomes", "fit"})
    return run_steps(steps, RAW, log=lambda *_: None).tables


def raw_csv(path: Path, sep: str = ";", encoding: str = "utf-8-sig") -> pd.DataFrame:
    return pd.read_csv(path, sep=sep, dtype=str, encoding=encoding, keep_default_na=False)


@pytest.fixture(scope="module")
def raw_bts() -> pd.DataFrame:
    """BTS rows of the three Parcoursup files, read the plain way."""
    frames = []
    for year in SESSIONS:
        frame = raw_csv(RAW / "bts_capacites" / f"BTS_attractivite_capacite_{year}.csv")
        frame = frame.loc[frame["LIBELLÉFORMATION"].str.startswith("BTS")]
        frames.append(frame.assign(year=year))
    out = pd.concat(frames, ignore_index=True)
    out["places"] = pd.to_numeric(out["CAPACITEPSUP"].replace("", None))
    out["applications"] = pd.to_numeric(out["NB_VOEUX_CONFIRMES"])
    return out


def test_places_per_session_and_status_equal_the_raw_sums(tables: dict, raw_bts: pd.DataFrame) -> None:
    offers = tables["bts_offers"]
    raw = raw_bts.groupby(["year", "STATUT"])[["places", "applications"]].sum()
    ours = offers.groupby(["year", "status"])[["places", "applications"]].sum()
    for (year, status), row in raw.iterrows():
        assert ours.loc[(year, status.lower()), "places"] == row["places"]
        assert ours.loc[(year, status.lower()), "applications"] == row["applications"]
    totals = offers.groupby("year")["places"].sum().to_dict()
    assert totals == {2022: 308_330, 2023: 359_611, 2024: 410_970}
    assert ours.loc[(2024, "apprentissage"), "places"] == 241_533
    assert offers.groupby("year")["offers"].sum().to_dict() == raw_bts.groupby("year").size().to_dict()


def test_supply_totals_match_offers_at_every_level(tables: dict) -> None:
    offers, supply = tables["bts_offers"], tables["bts_supply"]
    every = supply[(supply["scope"] == "all") & (supply["status"] == "all")]
    for year in SESSIONS:
        of_year = offers[offers["year"] == year]
        rows = every[every["year"] == year]
        assert rows.loc[rows["level"] == "fr", "places"].item() == of_year["places"].sum()
        assert rows.loc[rows["level"] == "dep", "places"].sum() == of_year.loc[of_year["dep"].notna(), "places"].sum()
        assert rows.loc[rows["level"] == "ze", "places"].sum() == of_year.loc[of_year["ze2020"].notna(), "places"].sum()
        industrial = supply[
            (supply["level"] == "fr")
            & (supply["year"] == year)
            & (supply["status"] == "all")
            & (supply["scope"] != "all")
        ].set_index("scope")["places"]
        assert industrial["industrial"] == industrial[list("CDEFGH")].sum()
    assert (every.loc[every["level"] == "ze", "places_located_share"].dropna() == 1).all()


def test_industrial_share_and_link_coverage(tables: dict) -> None:
    offers = tables["bts_offers"]
    places = offers["places"].fillna(0)
    by_year = offers.assign(p=places, linked_p=places.where(offers["linked"], 0)).groupby("year")
    assert (by_year["linked_p"].sum() / by_year["p"].sum() > 0.999).all()
    industrial = places.where(offers["industrial"].fillna(False), 0).groupby(offers["year"]).sum()
    assert industrial.to_dict() == {2022: 50_499, 2023: 50_667, 2024: 53_527}
    assert set(offers.loc[~offers["linked"], "cfd"].dropna()) <= {"32022310", "32022704"}


def test_bts_cfd_comes_from_the_bcn_not_from_the_file(tables: dict) -> None:
    offers = tables["bts_offers"]
    btsa = offers[offers["label"].str.startswith("BTS - Agricole")]
    assert len(btsa) > 0 and (btsa["niveau"] == "323").all() and btsa["cfd"].str.startswith("323").all()
    assert offers["cfd"].notna().all()


def test_no_orphan_codes(tables: dict) -> None:
    communes = tables["communes"]
    zones = set(tables["zones_emploi"]["ze2020"])
    deps = set(tables["departements"]["dep"])
    regs = set(tables["regions"]["reg"])
    offers = tables["bts_offers"]
    assert set(offers["commune"].dropna()) <= set(communes["commune"])
    assert set(offers["ze2020"].dropna()) <= zones
    assert set(offers["dep"].dropna()) <= deps and set(offers["reg"].dropna()) <= regs
    known = {"ze": zones, "dep": deps, "reg": regs, "fr": {"FR"}}
    for name in ("bts_supply", "training_fit", "apprenticeship_contracts"):
        table = tables[name]
        for level, codes in table.groupby("level")["code"]:
            assert set(codes) <= known[level], (name, level)
    assert set(tables["bts_outcomes"]["reg"]) - {"FR"} <= regs


def test_located_communes_agree_with_the_uai_departement(tables: dict) -> None:
    offers = tables["bts_offers"]
    gps = offers[offers["location"] == "gps"].drop_duplicates("uai")
    commune_dep = gps["commune"].map(tables["communes"].set_index("commune")["dep"])
    assert (commune_dep == gps["dep"]).mean() > 0.98
    assert (offers.loc[offers["location"] == "gps", "dep"].str.startswith("97")).sum() == 0  # insets never matched


def raw_inserjeunes_bts() -> pd.DataFrame:
    ij = raw_csv(RAW / "inserjeunes" / "ij_region_data.csv")
    mef = raw_csv(RAW / "bcn" / "bcn_n_mef.csv").drop_duplicates("MEF_STAT_11", keep="last")
    by_mef = ij["mefstat11"].map(mef.set_index("MEF_STAT_11")["FORMATION_DIPLOME"])
    ij["cfd"] = ij["cfd"].where(ij["voie"] == "apprentissage", by_mef)
    bts = ij.loc[ij["cfd"].str[:3].isin(["320", "323"])].copy()
    for column in ("nb_sortant", "nb_en_emploi_6_mois", "nb_en_emploi_12_mois"):
        bts[column] = pd.to_numeric(bts[column].replace("", None))
    return bts


def test_inserjeunes_national_counts(tables: dict) -> None:
    out = tables["bts_outcomes"]
    raw = (
        raw_inserjeunes_bts()
        .groupby(["millesime", "voie"])[["nb_sortant", "nb_en_emploi_6_mois", "nb_en_emploi_12_mois"]]
        .sum()
    )
    france = out[(out["reg"] == "FR") & (out["scope"] == "all")].set_index(["millesime", "status"])
    for (millesime, voie), row in raw.iterrows():
        ours = france.loc[(millesime, voie)]
        assert ours["leavers"] == row["nb_sortant"]
        assert ours["employed_6m"] == row["nb_en_emploi_6_mois"]
        assert ours["employed_12m"] == row["nb_en_emploi_12_mois"]
        assert ours["rate_6m"] == pytest.approx(row["nb_en_emploi_6_mois"] / row["nb_sortant"])
    assert france.loc[("2022_2023", "apprentissage"), "leavers"] == 85_350
    assert france.loc[("2019_2020", "scolaire"), ["leavers", "employed_12m"]].tolist() == [116_829, 68_781]
    assert france.loc[("2022_2023", "all"), "leavers"] == 85_350 + 91_406


def test_inserjeunes_rates_hidden_below_twenty_leavers(tables: dict) -> None:
    out = tables["bts_outcomes"]
    small = out["leavers"].fillna(0) < 20
    assert (out.loc[small, "rate_hidden"]).all() and out.loc[small, "rate_6m"].isna().all()
    assert out.loc[~small, "rate_6m"].notna().all()
    regional = out[(out["reg"] != "FR") & (out["scope"] == "diploma") & (out["status"] != "all")]
    per_region = regional.groupby(["millesime", "status"])["leavers"].sum()
    france = out[(out["reg"] == "FR") & (out["scope"] == "diploma") & (out["status"] != "all")]
    assert per_region.equals(france.groupby(["millesime", "status"])["leavers"].sum())


def test_apprenticeship_contracts(tables: dict) -> None:
    contracts = tables["apprenticeship_contracts"].set_index(["level", "code", "year"])
    assert contracts.loc[("fr", "FR", 2021), "contracts"] == 731_785
    assert contracts.loc[("fr", "FR", 2023), ["contracts", "source"]].tolist() == [852_235, "ind-313"]
    assert contracts.loc[("fr", "FR", 2017), "source"] == "barometre"
    years = sorted(contracts.loc["fr"].index.get_level_values("year"))
    assert years == list(range(2017, 2024))
    raw = pd.read_csv(RAW / "apprentissage_dep" / "ditp_ind-313.csv", dtype={"indic_va": float})
    dec = raw[(raw["maille"] == "DEPT") & (raw["metric_enforce_date"] == "2023-12-01")]
    ours = contracts.loc["dep"].xs(2023, level="year")["contracts"]
    assert dict(zip(dec["enforce_zone_id"].str[1:], dec["indic_va"].astype(int), strict=True)) == ours.to_dict()


def test_industry_training_is_national_only(tables: dict) -> None:
    table = tables["industry_training_national"]
    assert table.loc[table["date"] == "2023-12-01", "value"].item() == 83_619
    assert table.loc[table["kind"] == "target", "value"].item() == 120_000


def test_fit_projects_equal_bmo_agg_and_places_equal_supply(tables: dict) -> None:
    fit_table, agg, supply = tables["training_fit"], tables["bmo_agg"], tables["bts_supply"]
    # Survey years from the first Parcoursup session (2022) on; 2025 is paired with the 2024 session.
    assert sorted(fit_table["year"].unique()) == [2022, 2023, 2024, 2025]
    assert fit_table.groupby("year")["bts_year"].first().to_dict() == {2022: 2022, 2023: 2023, 2024: 2024, 2025: 2024}
    merged = fit_table.merge(agg, on=["level", "code", "year", "scope"], suffixes=("", "_bmo"))
    assert len(merged) > 0.9 * len(fit_table)
    assert np.allclose(merged["projects"], merged["projects_bmo"]) and np.allclose(
        merged["difficult"], merged["difficult_bmo"]
    )
    keys = ["level", "code", "year", "scope"]
    unmatched = fit_table.merge(agg[keys], on=keys, how="left", indicator=True)
    assert (unmatched.loc[unmatched["_merge"] == "left_only", "projects"].fillna(0) == 0).all()
    places = supply[supply["status"] == "all"].rename(columns={"year": "bts_year", "places": "places_supply"})
    joined = fit_table.merge(places, on=["level", "code", "bts_year", "scope"], how="left")
    assert (joined["places"] == joined["places_supply"].fillna(0)).all()
    france = fit_table[(fit_table["level"] == "fr") & (fit_table["scope"] == "industrial")].set_index("year")
    assert france.loc[2025, "places"] == 53_527
    assert france.loc[2025, "places_per_100_projects"] == pytest.approx(100 * 53_527 / france.loc[2025, "projects"])


# ---------------------------------------------------------------- distance learning: a national offer


def test_no_distance_learning_uai_counts_in_any_zone_departement_or_region(tables: dict, raw_bts: pd.DataFrame) -> None:
    offers, supply = tables["bts_offers"], tables["bts_supply"]
    labelled = raw_bts.loc[raw_bts["LIBELLÉFORMATION"].str.contains(DISTANCE_LABEL)]
    assert len(labelled) > 0 and set(labelled["STATUT"]) == {"Scolaire", "Apprentissage"}
    national = offers[offers["distance"]]
    labelled_uai = set(zip(labelled["year"], labelled["UAI"].str.strip().str.upper(), strict=True))
    assert labelled_uai <= set(zip(national["year"], national["uai"], strict=True))
    assert national[["ze2020", "dep", "reg"]].isna().all().all() and (national["location"] == "distance").all()
    # The CNED and Institut Agro teach only at a distance: none of their courses is local.
    cned = offers[offers["establishment"].fillna("").str.contains(r"\bCNED\b|Enseignement à distance")]
    assert cned["uai"].nunique() == 4 and cned["distance"].all()
    local = offers[~offers["distance"]]
    every = supply[(supply["scope"] == "all") & (supply["status"] == "all")]
    column = {"ze": "ze2020", "dep": "dep", "reg": "reg"}
    for year in SESSIONS:
        rows = every[every["year"] == year]
        of_year = local[local["year"] == year]
        for level, name in column.items():
            ours = rows[rows["level"] == level].set_index("code")["places"]
            expected = of_year.groupby(name)["places"].sum()
            assert ours.reindex(expected.index).fillna(0).astype(int).equals(expected.astype(int)), (year, level)
            assert (rows.loc[rows["level"] == level, "places_distance"] == 0).all()
        france = rows[rows["level"] == "fr"].iloc[0]
        assert france["places"] == offers.loc[offers["year"] == year, "places"].sum()  # France includes them
        assert france["places_distance"] == national.loc[national["year"] == year, "places"].sum()
        assert france["places_distance"] == labelled.loc[labelled["year"] == year, "places"].sum()


def test_distance_places_per_session_and_their_host_zones(tables: dict) -> None:
    supply = tables["bts_supply"]
    france = supply[(supply["level"] == "fr") & (supply["status"] == "all")].set_index(["scope", "year"])
    distance = france["places_distance"]
    assert distance.loc["all"].to_dict() == {2022: 29_745, 2023: 28_495, 2024: 32_218}
    assert distance.loc["industrial"].to_dict() == {2022: 2_035, 2023: 35, 2024: 35}
    zones = supply[(supply["level"] == "ze") & (supply["scope"] == "all") & (supply["status"] == "all")]
    places = zones.set_index(["code", "year"])["places"]
    # Lyon and Grenoble without the CNED's 11,200 and 10,600-12,200 national places (65 % and 84 % of them in 2024).
    assert places.loc["8421"].to_dict() == {2022: 5_941, 2023: 5_984, 2024: 5_939}
    assert places.loc["8409"].to_dict() == {2022: 1_777, 2023: 1_935, 2024: 1_998}


def test_region_industrial_places_no_longer_drop_in_2023(tables: dict) -> None:
    supply = tables["bts_supply"]
    region = supply[
        (supply["level"] == "reg")
        & (supply["code"] == "84")
        & (supply["scope"] == "industrial")
        & (supply["status"] == "all")
    ].set_index("year")["places"]
    # With the 2,000 distance places of the CNED of Grenoble (2022 only) it fell from 8,262 to 6,652 (-19.5 %).
    assert region.to_dict() == {2022: 6_227, 2023: 6_617, 2024: 6_975}
    assert region[2023] / region[2022] - 1 == pytest.approx(0.0626, abs=0.001)


def test_bts_trained_domains_are_those_with_bts_places(tables: dict) -> None:
    supply = tables["bts_supply"]
    france = supply[(supply["level"] == "fr") & (supply["status"] == "all")].set_index(["year", "scope"])["places"]
    for year in SESSIONS:
        industrial = france.loc[(year, "industrial")]
        shares = {d: france.get((year, d), 0) / industrial for d in "CDEFGH"}
        assert shares["H"] < 0.001  # one stray link (BTS Industries céramiques): BTS trains no engineers
        assert all(shares[d] > 0.0025 for d in BTS_TRAINED_DOMAINS), shares


def test_apprenticeship_located_share_of_zones_is_their_main_departements(tables: dict) -> None:
    supply = tables["bts_supply"]
    main_dep = tables["zones_emploi"].set_index("ze2020")["dep"]
    rows = supply[(supply["scope"] == "industrial") & (supply["status"] == "all") & (supply["year"] == 2024)]
    deps = rows[rows["level"] == "dep"].set_index("code")["apprenticeship_located_share"]
    zones = rows[rows["level"] == "ze"].set_index("code")["apprenticeship_located_share"]
    expected = zones.index.map(main_dep).map(deps)
    assert np.allclose(zones.to_numpy(), expected.to_numpy(), equal_nan=True)
    assert zones.notna().mean() > 0.9 and (zones < 1).any()
    apprentices = supply[(supply["status"] == "apprentissage") & (supply["level"] != "ze")]
    assert np.allclose(apprentices["apprenticeship_located_share"], apprentices["places_located_share"], equal_nan=True)
