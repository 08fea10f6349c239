"""BTS offers with their diploma link and location, and supply by territory, occupation scope and status."""

from __future__ import annotations

import numpy as np
import pandas as pd

from contract.domain import TERRITORY_LEVELS
from contract.formulas import ratio
from etl.frames import member
from etl.steps.training.locate import single_zone_departements, uai_departement

# Establishments that teach only at a distance (CNED, Institut Agro Enseignement à distance): every course of
# theirs is a national offer, even one whose Parcoursup label would not say "Entièrement en distanciel".
DISTANCE_ESTABLISHMENT = r"(?i)\bCNED\b|enseignement (?:à|a) distance"
DISTANCE_LOCATION = "distance"  # `location` of a course taught wholly at a distance: counted for France only
HOSTS_NAMED = 5  # largest host establishments named in the build note
# A course this large with few applications may be an unlabelled distance course: named in a note, not excluded.
LARGE_COURSE_PLACES = 500
LARGE_COURSE_APPLICATIONS_PER_PLACE = 0.1


def build_offers(
    offers: pd.DataFrame,
    mef: pd.DataFrame,
    diplomas: pd.DataFrame,
    places: pd.DataFrame,
    communes: pd.DataFrame,
    departements: pd.DataFrame,
) -> pd.DataFrame:
    """bts_offers: offers with their diploma link (through the BCN CFD) and location."""
    out = offers.merge(mef, on="mefstat11", how="left")
    link = diplomas[["cfd", "diploma", "niveau", "nsf", "nsf_label", "rome", "fap2009", "fap_domain", "industrial"]]
    out = out.merge(link, on="cfd", how="left")
    out["industrial"] = out["industrial"].astype("boolean")
    out["linked"] = out["fap2009"].notna()
    out = out.merge(places, on="uai", how="left")
    out["distance"] = out["distance"] | out["establishment"].fillna("").str.contains(DISTANCE_ESTABLISHMENT)
    known_dep = member(out["dep"], departements["dep"])
    out["dep"] = out["dep"].where(known_dep)
    out.loc[out["dep"].isna() & out["commune"].isna(), "location"] = "unlocated"
    by_commune = out["commune"].map(communes.set_index("commune")["ze2020"])
    by_departement = out["dep"].map(single_zone_departements(communes))
    out["ze2020"] = by_commune.fillna(by_departement)
    out["ze_method"] = np.select([by_commune.notna(), by_departement.notna()], ["commune", "departement"], None)
    out["reg"] = out["dep"].map(departements.set_index("dep")["reg"])
    # A distance course keeps its host's name, commune and point, but counts in no zone, département or région.
    out.loc[out["distance"], ["ze2020", "ze_method", "dep", "reg"]] = None
    out.loc[out["distance"], "location"] = DISTANCE_LOCATION
    out["places"] = out["places"].astype("Int64")
    out["applications"] = out["applications"].astype("Int64")
    columns = [
        "year",
        "uai",
        "mefstat11",
        "status",
        "label",
        "distance",
        "offers",
        "cfd",
        "diploma",
        "niveau",
        "nsf",
        "nsf_label",
        "rome",
        "fap2009",
        "fap_domain",
        "industrial",
        "linked",
        "places",
        "places_missing",
        "applications",
        "establishment",
        "commune",
        "ze2020",
        "ze_method",
        "dep",
        "reg",
        "location",
        "lat",
        "lon",
    ]
    return out[columns].sort_values(["year", "uai", "mefstat11", "status", "distance"]).reset_index(drop=True)


def supply_cells(offers: pd.DataFrame) -> pd.DataFrame:
    """Additive quantities per offer: places (known ones), applications, located places, offers.

    Distance courses have no zone, département or région, so they add to France only (`places_distance`)."""
    places = offers["places"].astype("Float64").fillna(0).astype("float64")
    located = offers["ze2020"].notna()
    apprenticeship = places.where(offers["status"] == "apprentissage", 0)
    return pd.DataFrame(
        {
            "year": offers["year"],
            "status": offers["status"],
            "fap_domain": offers["fap_domain"],
            "industrial": offers["industrial"].fillna(False).astype(bool),
            "ze": offers["ze2020"],
            "dep": offers["dep"],
            "reg": offers["reg"],
            "fr": "FR",
            "places": places,
            "applications": offers["applications"].astype("float64"),
            "applications_known_places": offers["applications"].astype("float64").where(~offers["places_missing"], 0),
            "places_located": places.where(located, 0),
            "places_distance": places.where(offers["distance"], 0),
            "places_apprenticeship": apprenticeship,
            "places_apprenticeship_located": apprenticeship.where(located, 0),
            "offers": offers["offers"].astype("int64"),
            "offers_places_missing": offers["places_missing"].astype("int64"),
        }
    )


SUPPLY_SUMS = [
    "places",
    "applications",
    "applications_known_places",
    "places_located",
    "places_distance",
    "places_apprenticeship",
    "places_apprenticeship_located",
    "offers",
    "offers_places_missing",
]


def build_supply(offers: pd.DataFrame, main_dep: pd.Series) -> pd.DataFrame:
    """bts_supply: totals by level x territory x year x scope (all, industrial, FAP domain) x status.

    Zones get only places located to a zone; département, region and France get every place (département from
    the UAI), so `places_located_share` tells how much of a territory's supply the zone maps can show. Distance
    courses count for France only (`places_distance`). `apprenticeship_located_share` is the share of the
    scope's apprenticeship places located to a zone: the territory's own, and for a zone (where it is 1 by
    construction) that of its main département (`main_dep`: zone -> département), which says how much of the
    apprenticeship supply near the zone its figure can show."""
    cells = supply_cells(offers)
    frames = []
    for level in TERRITORY_LEVELS:
        rows = cells.loc[cells[level].notna()]
        for status_split in (True, False):
            keys = ["year", level] + (["status"] if status_split else [])
            scoped = [
                rows.groupby(keys, as_index=False)[SUPPLY_SUMS].sum().assign(scope="all"),
                rows.loc[rows["industrial"]]
                .groupby(keys, as_index=False)[SUPPLY_SUMS]
                .sum()
                .assign(scope="industrial"),
                rows.loc[rows["fap_domain"].notna()]
                .groupby(keys + ["fap_domain"], as_index=False)[SUPPLY_SUMS]
                .sum()
                .rename(columns={"fap_domain": "scope"}),
            ]
            part = pd.concat(scoped, ignore_index=True).rename(columns={level: "code"}).assign(level=level)
            if not status_split:
                part["status"] = "all"
            frames.append(part)
    supply = pd.concat(frames, ignore_index=True)
    supply["applications_per_place"] = ratio(supply["applications_known_places"], supply["places"])
    supply["places_located_share"] = ratio(supply["places_located"], supply["places"])
    supply["apprenticeship_located_share"] = apprenticeship_located_share(supply, main_dep)
    for column in ("places", "places_distance", "applications", "offers", "offers_places_missing"):
        supply[column] = supply[column].round().astype("Int64")
    columns = [
        "level",
        "code",
        "year",
        "scope",
        "status",
        "places",
        "places_distance",
        "applications",
        "offers",
        "offers_places_missing",
        "applications_per_place",
        "places_located_share",
        "apprenticeship_located_share",
    ]
    return supply[columns].sort_values(["level", "code", "year", "scope", "status"]).reset_index(drop=True)


def apprenticeship_located_share(supply: pd.DataFrame, main_dep: pd.Series) -> pd.Series:
    """Per supply row: located share of the scope's apprenticeship places (every status row of a territory, year
    and scope gets the same value); zones take their main département's."""
    key = ["level", "code", "year", "scope"]
    every = supply.loc[supply["status"] == "all", key].assign(
        share=ratio(
            supply.loc[supply["status"] == "all", "places_apprenticeship_located"],
            supply.loc[supply["status"] == "all", "places_apprenticeship"],
        )
    )
    rows = supply[key].assign(dep=supply["code"].map(main_dep).where(supply["level"] == "ze"))
    own = rows.merge(every, on=key, how="left")["share"]
    departements = every.loc[every["level"] == "dep"].rename(columns={"code": "dep"}).drop(columns="level")
    of_dep = rows.merge(departements, on=["dep", "year", "scope"], how="left")["share"]
    zone = (supply["level"] == "ze").to_numpy()
    return pd.Series(np.where(zone, of_dep.to_numpy(), own.to_numpy()), index=supply.index, dtype="float64")


def distance_notes(offers: pd.DataFrame, communes: pd.DataFrame) -> list[str]:
    """Distance courses left out of local supply, per session: places, industrial places, largest hosts."""
    national = offers.loc[offers["distance"]]
    places = national["places"].astype("Float64").fillna(0).astype("float64")
    hosts = national.assign(
        p=places,
        industrial_p=places.where(national["industrial"].fillna(False).astype(bool), 0),
        host_dep=uai_departement(national["uai"]),
    )
    hosts["host_ze"] = (
        hosts["commune"]
        .map(communes.set_index("commune")["ze2020"])
        .fillna(hosts["host_dep"].map(single_zone_departements(communes)))
    )
    notes = []
    for year, part in hosts.groupby("year"):
        by_uai = part.groupby("uai").agg(
            p=("p", "sum"), who=("establishment", "first"), ze=("host_ze", "first"), dep=("host_dep", "first")
        )
        by_uai = by_uai.sort_values("p", ascending=False).fillna({"who": "?", "ze": "-", "dep": "-"})
        by_zone = part.groupby("host_ze")["p"].sum().sort_values(ascending=False)
        largest = ", ".join(
            f"{row.Index} {row.who} (zone {row.ze}, dép. {row.dep}) {row.p:,.0f}"
            for row in by_uai.head(HOSTS_NAMED).itertuples()
        )
        zones = ", ".join(f"{code} {value:,.0f}" for code, value in by_zone.head(HOSTS_NAMED).items())
        notes.append(
            f"Distance-learning BTS {year} (national offer, counted for France only, left out of zone, département "
            f"and région supply): {part['p'].sum():,.0f} places in {len(part)} courses of {part['uai'].nunique()} "
            f"UAI, {part['industrial_p'].sum():,.0f} industrial; largest hosts: {largest}; by host zone: {zones}"
        )
    return notes


def large_course_notes(offers: pd.DataFrame) -> list[str]:
    """Very large on-site courses with few applications (possibly unlabelled distance courses): named, kept."""
    places = offers["places"].astype("Float64").fillna(0).astype("float64")
    large = offers.loc[
        ~offers["distance"]
        & (places >= LARGE_COURSE_PLACES)
        & (offers["applications"].astype("float64") < LARGE_COURSE_APPLICATIONS_PER_PLACE * places)
    ].assign(p=places)
    notes = []
    for year, part in large.groupby("year"):
        by_uai = part.groupby("uai")["p"].sum().sort_values(ascending=False)
        notes.append(
            f"BTS {year}: {len(part)} courses of {LARGE_COURSE_PLACES}+ places with fewer than "
            f"{LARGE_COURSE_APPLICATIONS_PER_PLACE:.0%} as many applications ({part['p'].sum():,.0f} places, "
            f"{part['industrial'].fillna(False).astype(bool).sum()} industrial) are not labelled as distance learning "
            f"and stay local: {', '.join(f'{u} {v:,.0f}' for u, v in by_uai.head(HOSTS_NAMED).items())}"
        )
    return notes


def coverage_notes(offers: pd.DataFrame) -> list[str]:
    """Per session and status: share of places located to a zone, linked to a FAP domain, industrial."""
    places = offers["places"].astype("Float64").fillna(0).astype("float64")
    frame = offers.assign(
        p=places,
        located=places.where(offers["ze2020"].notna(), 0),
        by_commune=places.where(offers["ze_method"] == "commune", 0),
        dep_known=places.where(offers["dep"].notna(), 0),
        linked_p=places.where(offers["linked"], 0),
        industrial_p=places.where(offers["industrial"].fillna(False).astype(bool), 0),
    )
    notes = []
    for status in (None, "scolaire", "apprentissage"):
        part = frame if status is None else frame.loc[frame["status"] == status]
        table = part.groupby("year")[["p", "located", "by_commune", "dep_known", "linked_p", "industrial_p"]].sum()
        figures = "; ".join(
            f"{year}: {row.p:,.0f} places, {row.located / row.p:.1%} located to a ZE "
            f"({row.by_commune / row.p:.1%} through a commune), "
            f"{row.dep_known / row.p:.2%} to a département, {row.linked_p / row.p:.2%} linked to a FAP domain, "
            f"{row.industrial_p / row.p:.2%} industrial (C-H)"
            for year, row in table.iterrows()
        )
        notes.append(f"BTS places ({status or 'all statuses'}) - {figures}")
    return notes
