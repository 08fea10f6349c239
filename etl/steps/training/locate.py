"""Locate establishments: a commune from Parcoursup GPS points, else the CFA list; the département from the UAI."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from etl.frames import member

METRO_BBOX = (-5.5, 41.0, 10.0, 51.5)  # lon/lat box of metropolitan France, Corsica included
NEAREST_MAX_METRES = 10_000
NEAREST_SEARCH_DEGREES = 0.2
ARRONDISSEMENTS = ((r"^751(0[1-9]|1\d|20)$", "75056"), (r"^6938[1-9]$", "69123"), (r"^132(0[1-9]|1[0-6])$", "13055"))
LOCATIONS = ("gps", "cfa_commune", "uai_departement", "unlocated")


def pick_points(gps: pd.DataFrame) -> pd.DataFrame:
    """One name and one point per UAI, taken from its BTS programmes first (a UAI may have several sites)."""
    ordered = gps.assign(bts=gps["programme"].str.startswith("BTS"), order=np.arange(len(gps)))
    ordered = ordered.sort_values(["uai", "bts", "order"], ascending=[True, False, True])
    names = ordered.loc[ordered["establishment"] != ""].drop_duplicates("uai").set_index("uai")["establishment"]
    points = ordered.loc[ordered["lat"].notna()].drop_duplicates("uai").set_index("uai")[["lat", "lon"]]
    return points.join(names, how="outer").reset_index()


def metropolitan(lat: pd.Series, lon: pd.Series) -> pd.Series:
    west, south, east, north = METRO_BBOX
    return lon.between(west, east) & lat.between(south, north)


def communes_of_points(points: pd.DataFrame, polygons: gpd.GeoDataFrame) -> pd.DataFrame:
    """Commune containing each point, else the nearest one within NEAREST_MAX_METRES (EPSG:2154).

    Contours are simplified, so coastal points can fall just outside; `method` is 'within' or 'nearest'."""
    geometry = shapely.points(points["lon"].to_numpy(), points["lat"].to_numpy())
    polys = polygons.geometry.to_numpy()
    tree = shapely.STRtree(polys)
    point_index, polygon_index = tree.query(geometry, predicate="within")
    hit = pd.Series(polygon_index, index=point_index)
    hit = hit[~hit.index.duplicated()]
    commune = pd.Series(None, index=range(len(points)), dtype="object")
    method = pd.Series(None, index=range(len(points)), dtype="object")
    commune[hit.index] = polygons["commune"].to_numpy()[hit.to_numpy()]
    method[hit.index] = "within"
    distance = pd.Series(np.nan, index=range(len(points)))
    for i in np.setdiff1d(np.arange(len(points)), hit.index):
        candidates = tree.query(shapely.buffer(geometry[i], NEAREST_SEARCH_DEGREES))
        if len(candidates) == 0:
            continue
        near = gpd.GeoSeries(polys[candidates], crs="EPSG:4326").to_crs("EPSG:2154")
        point = gpd.GeoSeries([geometry[i]], crs="EPSG:4326").to_crs("EPSG:2154").iloc[0]
        metres = near.distance(point).to_numpy()
        best = int(np.argmin(metres))
        if metres[best] <= NEAREST_MAX_METRES:
            commune[i] = polygons["commune"].to_numpy()[candidates[best]]
            method[i] = "nearest"
            distance[i] = metres[best]
    out = points[["uai"]].reset_index(drop=True).assign(commune=commune, method=method, distance_m=distance)
    return out


def locate_establishments(
    uais: pd.Series,
    points: pd.DataFrame,
    cfa: pd.DataFrame,
    communes: pd.DataFrame,
    polygons: gpd.GeoDataFrame,
) -> tuple[pd.DataFrame, list[str]]:
    """Per UAI: commune (GPS point in a metropolitan commune, else the CFA list), département, name, point."""
    frame = pd.DataFrame({"uai": sorted(set(uais))})
    frame = frame.merge(points, on="uai", how="left")
    frame["dep"] = uai_departement(frame["uai"])
    metro = frame["lat"].notna() & metropolitan(frame["lat"], frame["lon"])
    located = communes_of_points(frame.loc[metro, ["uai", "lat", "lon"]], polygons)
    frame = frame.merge(located.rename(columns={"commune": "gps_commune"}), on="uai", how="left")
    known = set(communes["commune"])
    cfa = cfa.assign(commune=parent_commune(cfa["commune"]))
    cfa_commune = cfa.loc[member(cfa["commune"], known)].drop_duplicates("uai").set_index("uai")["commune"]
    frame["cfa_commune"] = frame["uai"].map(cfa_commune)
    cfa_name = cfa.drop_duplicates("uai").set_index("uai")["establishment"]
    frame["establishment"] = frame["establishment"].fillna(frame["uai"].map(cfa_name))
    frame["commune"] = frame["gps_commune"].fillna(frame["cfa_commune"])
    frame["location"] = np.select(
        [frame["gps_commune"].notna(), frame["cfa_commune"].notna(), frame["dep"].notna()],
        LOCATIONS[:3],
        LOCATIONS[3],
    )
    dep_of = communes.set_index("commune")["dep"]
    frame["dep"] = frame["dep"].fillna(frame["commune"].map(dep_of))
    commune_dep = frame["commune"].map(dep_of)
    differs = commune_dep.notna() & frame["dep"].notna() & (commune_dep != frame["dep"])
    overseas_points = frame["lat"].notna() & ~metro
    notes = [
        f"Establishments: {len(frame):,} UAI; {int(metro.sum()):,} with a metropolitan GPS point "
        f"({int((frame['method'] == 'nearest').sum())} matched to the nearest commune, max "
        f"{frame['distance_m'].max():,.0f} m; {int((metro & frame['gps_commune'].isna()).sum())} unmatched), "
        f"{int(overseas_points.sum())} overseas points kept at département level (inset contours), "
        f"{int((frame['location'] == 'cfa_commune').sum())} located through the CFA list; "
        f"commune département differs from the UAI's for {int(differs.sum())} UAI (border sites)"
    ]
    return frame[["uai", "establishment", "commune", "dep", "location", "lat", "lon"]], notes


def single_zone_departements(communes: pd.DataFrame) -> pd.Series:
    """Départements lying in one employment area (Paris, Hauts-de-Seine, ...): their places need no commune."""
    zones = communes.groupby("dep")["ze2020"].unique()
    return zones[zones.str.len() == 1].str[0]


def uai_departement(uai: pd.Series) -> pd.Series:
    """Département from the UAI prefix: 0dd -> dd, 620 -> 2A, 720 -> 2B, 97d -> 97d, C75.. -> 75; else missing."""
    text = uai.astype(str).str.strip().str.upper()
    head = text.str[:3]
    dep = pd.Series(pd.NA, index=uai.index, dtype="object")
    dep = dep.mask(head.str.fullmatch(r"0\d\d") & (head != "000"), head.str[1:])
    dep = dep.mask(head == "620", "2A").mask(head == "720", "2B")
    dep = dep.mask(head.str.fullmatch(r"97[1-6]"), head)
    dep = dep.mask(text.str.fullmatch(r"C\d{2}.*"), text.str[1:3])
    return dep.mask(dep.isin(["20", "00"]), pd.NA)


def parent_commune(codes: pd.Series) -> pd.Series:
    """Paris, Lyon and Marseille arrondissement codes -> the commune code (75056, 69123, 13055)."""
    out = codes.copy()
    for pattern, parent in ARRONDISSEMENTS:
        out = out.mask(codes.astype(str).str.fullmatch(pattern), parent)
    return out
