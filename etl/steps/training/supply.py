"""BTS offers with their diploma link and location, and supply by territory, occupation scope and status."""

from __future__ import annotations

import numpy as np
import pandas as pd

from contract.domain import TERRITORY_LEVELS
from contract.formulas import ratio
from etl.frames import member
from etl.steps.training.locate import single_zone_departements


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
    known_dep = member(out["dep"], departements["dep"])
    out["dep"] = out["dep"].where(known_dep)
    out.loc[out["dep"].isna() & out["commune"].isna(), "location"] = "unlocated"
    by_commune = out["commune"].map(communes.set_index("commune")["ze2020"])
    by_departement = out["dep"].map(single_zone_departements(communes))
    out["ze2020"] = by_commune.fillna(by_departement)
    out["ze_method"] = np.select([by_commune.notna(), by_departement.notna()], ["commune", "departement"], None)
    out["reg"] = out["dep"].map(departements.set_index("dep")["reg"])
    out["places"] = out["places"].astype("Int64")
    out["applications"] = out["applications"].astype("Int64")
    columns = [
        "year",
        "uai",
        "mefstat11",
        "status",
        "label",
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
    return out[columns].sort_values(["year", "uai", "mefstat11", "status"]).reset_index(drop=True)


def supply_cells(offers: pd.DataFrame) -> pd.DataFrame:
    """Additive quantities per offer: places (known ones), applications, located places, offers."""
    places = offers["places"].astype("Float64").fillna(0).astype("float64")
    located = offers["ze2020"].notna()
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
            "offers": offers["offers"].astype("int64"),
            "offers_places_missing": offers["places_missing"].astype("int64"),
        }
    )


SUPPLY_SUMS = [
    "places",
    "applications",
    "applications_known_places",
    "places_located",
    "offers",
    "offers_places_missing",
]


def build_supply(offers: pd.DataFrame) -> pd.DataFrame:
    """bts_supply: totals by level x territory x year x scope (all, industrial, FAP domain) x status.

    Zones get only places located to a zone; département, region and France get every place (département from
    the UAI), so `places_located_share` tells how much of a territory's supply the zone maps can show."""
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
    for column in ("places", "applications", "offers", "offers_places_missing"):
        supply[column] = supply[column].round().astype("Int64")
    columns = [
        "level",
        "code",
        "year",
        "scope",
        "status",
        "places",
        "applications",
        "offers",
        "offers_places_missing",
        "applications_per_place",
        "places_located_share",
    ]
    return supply[columns].sort_values(["level", "code", "year", "scope", "status"]).reset_index(drop=True)


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
