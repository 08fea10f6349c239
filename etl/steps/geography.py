"""Geography step: communes with their zonings and density, and the zones dissolved from them.

Load: commune contours (IGN via CARTElette), supra-communal zonings (INSEE via COGugaison), the
official ZE2020 table, the density grid and the COG change table. Process: one row per commune,
checked for exactly one employment area; population shares by density class per zone; geometry
dissolved from communes. Save: communes, communes_geo, zones_emploi, departements, regions.
"""

from __future__ import annotations

import re

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio

from etl.errors import InputError
from etl.geo_ops import dissolve, simplify_for_web
from etl.readers import read_csv, read_sheet, row_number, strict_numbers
from etl.step import Context

SOURCES = ("geo_communes_2024", "geo_supracom_2024", "insee_ze2020", "insee_grille_densite_2024", "cog_passage")
READS: tuple[str, ...] = ()
OUTPUTS = ("communes", "communes_geo", "zones_emploi", "departements", "regions")

RURAL_DENSITY = (5, 6, 7)
URBAN_DENSITY = (1,)
# Typology of a territory from the share of its population living in rural communes (density 5-7).
TYPOLOGY_THRESHOLDS = (1 / 3, 2 / 3)
TYPOLOGY_LABELS = ("urbain", "intermediaire", "rural")
TYPOLOGY_DEFINITION = (
    "urbain: moins d'un tiers de la population vit dans une commune rurale (grille de densité 5 à 7); "
    "intermediaire: entre un et deux tiers; rural: au moins deux tiers."
)
OVERSEAS_REGIONS = ("01", "02", "03", "04", "06")

CAVEATS = (
    "Typologie urbain/rural des territoires : " + TYPOLOGY_DEFINITION,
    "Les départements d'outre-mer sont dessinés en encart près de la France métropolitaine, à une échelle "
    "différente de la réalité ; les contours sont simplifiés (environ 2 km) pour un affichage rapide.",
)


# ---------------------------------------------------------------- load inputs


def load_supracom(ctx: Context) -> pd.DataFrame:
    path = ctx.path("geo_supracom_2024", "table_supracom_2024.csv")
    columns = {c: c for c in ("CODGEO", "LIBGEO", "DEP", "REG", "ZE2020", "UU2020", "AAV2020")}
    table = read_csv(path, columns)
    return table.loc[table["CODGEO"] != ""].reset_index(drop=True)  # the file ends with an empty row


AAV_CATEGORIES = (11, 12, 13, 20, 30)  # INSEE's categories of communes in the 2020 urban areas (AAV)


def load_aav_categories(ctx: Context) -> pd.DataFrame:
    """Category of each commune in its urban area; blank stays missing, any other text is an error."""
    path = ctx.path("geo_supracom_2024", "table_supracom_2023.csv")
    table = read_csv(path, {"CODGEO": "CODGEO", "CATEAAV2020": "CATEAAV2020"})
    category = strict_numbers(table["CATEAAV2020"], path.name, "CATEAAV2020")
    unknown = category.notna() & ~category.isin(AAV_CATEGORIES)
    if unknown.any():
        row = row_number(unknown)
        raise InputError(
            path,
            f"row {row}: unknown category {category[unknown].iloc[0]:g}, not one of {AAV_CATEGORIES}",
            column="CATEAAV2020",
        )
    return table.assign(CATEAAV2020=category).loc[table["CODGEO"] != ""]


def load_names(ctx: Context) -> pd.DataFrame:
    path = ctx.path("geo_supracom_2024", "libelles_supracom_2024.csv")
    return read_csv(path, {"level": "NIVGEO", "code": "CODGEO", "name": "LIBGEO"})


def load_density(ctx: Context) -> pd.DataFrame:
    path = ctx.path("insee_grille_densite_2024", "grille_densite_7_niveaux_2024.xlsx")
    columns = {"CODGEO": "CODGEO", "DENS": ("DENS", "DENS7"), "PMUN": ("PMUN21", "PMUN22", "PMUN")}
    frame, sheet = read_sheet(path, re.compile(r"(?i)grille.?densit.*"), columns)
    density = strict_numbers(frame["DENS"], path.name, "DENS", sheet=sheet)
    if density.isna().any() or not density.isin(range(1, 8)).all():
        raise InputError(path, "density level outside 1..7", sheet=sheet, column="DENS")
    population = strict_numbers(frame["PMUN"], path.name, "PMUN21", sheet=sheet)
    if population.isna().any() or (population < 0).any():
        raise InputError(path, "population missing or negative", sheet=sheet, column="PMUN21")
    return pd.DataFrame(
        {"CODGEO": frame["CODGEO"].astype(str), "density7": density.astype(int), "population": population.astype(int)}
    )


def load_official_ze(ctx: Context) -> tuple[pd.DataFrame, pd.DataFrame]:
    path = ctx.path("insee_ze2020", "ZE2020_au_01-01-2022.xlsx")
    zones, _ = read_sheet(path, "ZE2020", {"ze2020": "ZE2020", "name": "LIBZE2020"})
    composition, _ = read_sheet(path, "Composition_communale", {"CODGEO": "CODGEO", "ze2020": "ZE2020"})
    return zones.astype(str), composition.astype(str)


def load_geometry(ctx: Context) -> gpd.GeoDataFrame:
    path = ctx.path("geo_communes_2024", "communes_cog2024.gpkg")
    try:
        frame = pyogrio.read_dataframe(path, columns=["INSEE_COM"])
    except Exception as error:
        raise InputError(path, f"cannot read the GeoPackage ({str(error)[:100]})") from None
    if "INSEE_COM" not in frame.columns:
        raise InputError(path, "column not found", column="INSEE_COM")
    return frame.to_crs("EPSG:4326") if frame.crs and frame.crs.to_epsg() != 4326 else frame


def load_cog_changes(ctx: Context) -> pd.DataFrame:
    path = ctx.path("cog_passage", "passage_communes_2016_2024.csv")
    return read_csv(path, {"year_from": "year_from", "code_from": "code_from", "code_to": "code_to"})


# ---------------------------------------------------------------- process


def build_communes(
    supracom: pd.DataFrame, density: pd.DataFrame, aav_categories: pd.DataFrame, source: str
) -> pd.DataFrame:
    """One row per 2024 commune with its zonings, density level and population."""
    unknown = sorted(set(density["CODGEO"]) ^ set(supracom["CODGEO"]))
    if unknown:
        raise InputError(
            source,
            f"{len(unknown)} commune(s) not in both the zoning table and the density grid: {unknown[:5]}",
            column="CODGEO",
        )
    if supracom["CODGEO"].duplicated().any():
        dup = supracom.loc[supracom["CODGEO"].duplicated(), "CODGEO"].tolist()[:3]
        raise InputError(source, f"duplicate commune codes {dup}", column="CODGEO")
    frame = supracom.merge(density, on="CODGEO", how="left", validate="one_to_one")
    frame = frame.merge(aav_categories, on="CODGEO", how="left", validate="one_to_one")
    # parsed by load_aav_categories (a test may give text); a commune absent from the 2023 table has none
    category = strict_numbers(frame["CATEAAV2020"], source, "CATEAAV2020")
    return pd.DataFrame(
        {
            "commune": frame["CODGEO"],
            "name": frame["LIBGEO"],
            "dep": frame["DEP"],
            "reg": frame["REG"],
            "ze2020": frame["ZE2020"],
            "uu2020": frame["UU2020"],
            "aav2020": frame["AAV2020"],
            "aav_category": category.astype("Int8"),
            "density7": frame["density7"].astype("Int8"),
            "rural": frame["density7"].isin(RURAL_DENSITY),
            "population": frame["population"].astype("Int64"),
        }
    )


def check_against_official_ze(
    communes: pd.DataFrame, zones: pd.DataFrame, composition: pd.DataFrame, changes: pd.DataFrame, source: str
) -> list[str]:
    """ZE codes and names must equal INSEE's 2022 table; commune differences only where the COG changed."""
    ours = set(communes["ze2020"])
    official = set(zones["ze2020"])
    if ours != official:
        raise InputError(source, f"ZE codes differ from INSEE's table: {sorted(ours ^ official)[:5]}", column="ZE2020")
    merged = communes[["commune", "ze2020"]].merge(composition, left_on="commune", right_on="CODGEO")
    differing = merged.loc[merged["ze2020_x"] != merged["ze2020_y"], "commune"]
    changed_since_2022 = changes.loc[changes["year_from"].astype(int) >= 2022]
    touched = set(changed_since_2022["code_from"]) | set(changed_since_2022["code_to"])
    unexplained = sorted(set(differing) - touched)
    if unexplained:
        raise InputError(
            source,
            f"communes whose ZE differs from INSEE's 2022 table without a COG change: {unexplained[:5]}",
            column="ZE2020",
        )
    return [
        f"ZE2020: {len(official)} zones, identical codes to INSEE's 2022 table; "
        f"{len(differing)} commune(s) changed zone through a commune merger after 2022 ({', '.join(sorted(differing))})"
    ]


def typology(rural_share: pd.Series) -> pd.Series:
    low, high = TYPOLOGY_THRESHOLDS
    labels = np.select([rural_share < low, rural_share < high], TYPOLOGY_LABELS[:2], TYPOLOGY_LABELS[2])
    return pd.Series(labels, index=rural_share.index).where(rural_share.notna())


def population_profile(communes: pd.DataFrame, key: str) -> pd.DataFrame:
    """Population, communes and shares living in rural / intermediate / dense urban communes per key."""
    weights = communes.assign(
        pop_rural=communes["population"].where(communes["density7"].isin(RURAL_DENSITY), 0),
        pop_urban=communes["population"].where(communes["density7"].isin(URBAN_DENSITY), 0),
    )
    grouped = weights.groupby(key, sort=True).agg(
        n_communes=("commune", "size"),
        population=("population", "sum"),
        pop_rural=("pop_rural", "sum"),
        pop_urban=("pop_urban", "sum"),
    )
    total = grouped["population"].astype("float64")
    profile = pd.DataFrame(
        {
            "n_communes": grouped["n_communes"],
            "population": grouped["population"],
            "rural_pop_share": grouped["pop_rural"] / total,
            "urban_pop_share": grouped["pop_urban"] / total,
        },
        index=grouped.index,
    )
    profile["intermediate_pop_share"] = 1.0 - profile["rural_pop_share"] - profile["urban_pop_share"]
    profile["typology"] = typology(profile["rural_pop_share"])
    return profile


def main_area(communes: pd.DataFrame, key: str, area: str) -> pd.DataFrame:
    """For each key, its areas (e.g. regions of a zone) by decreasing population, and the main one."""
    by_pop = (
        communes.groupby([key, area], sort=True)["population"]
        .sum()
        .reset_index()
        .sort_values([key, "population", area], ascending=[True, False, True])
    )
    listing = by_pop.groupby(key, sort=True)[area].agg(list)
    return pd.DataFrame({area: listing.str[0], f"{area}s": listing})


def build_zones(
    communes: pd.DataFrame, shapes: gpd.GeoSeries, names: pd.Series, key: str, extra: pd.DataFrame | None = None
) -> gpd.GeoDataFrame:
    profile = population_profile(communes, key)
    frame = profile.join(names.rename("name"))
    if extra is not None:
        frame = frame.join(extra)
    frame["geometry"] = simplify_for_web(shapes).reindex(frame.index)
    frame.index.name = key
    return gpd.GeoDataFrame(frame.reset_index(), geometry="geometry", crs="EPSG:4326")


def run(ctx: Context) -> dict[str, pd.DataFrame]:
    supracom = load_supracom(ctx)
    density = load_density(ctx)
    communes = build_communes(supracom, density, load_aav_categories(ctx), "table_supracom_2024.csv")
    zones, composition = load_official_ze(ctx)
    ctx.notes.extend(
        check_against_official_ze(communes, zones, composition, load_cog_changes(ctx), "ZE2020_au_01-01-2022.xlsx")
    )

    geometry = load_geometry(ctx)
    missing = sorted(set(communes["commune"]) ^ set(geometry["INSEE_COM"]))
    if missing:
        raise InputError(
            "communes_cog2024.gpkg", f"communes without contour or unknown: {missing[:5]}", column="INSEE_COM"
        )
    geometry = geometry.set_index("INSEE_COM").loc[communes["commune"]]
    communes_geo = gpd.GeoDataFrame(
        {"commune": communes["commune"].to_numpy(), "geometry": geometry.geometry.to_numpy()}, crs="EPSG:4326"
    )

    names = load_names(ctx)
    name_of = {level: group.set_index("code")["name"] for level, group in names.groupby("level")}
    shapes_by = {key: dissolve(communes_geo.geometry, communes[key].rename(key)) for key in ("ze2020", "dep", "reg")}
    ze_areas = main_area(communes, "ze2020", "reg").join(main_area(communes, "ze2020", "dep"))
    ze_areas["cross_region"] = ze_areas["regs"].str.len() > 1
    ze_areas["overseas"] = ze_areas["reg"].isin(OVERSEAS_REGIONS)
    zones_emploi = build_zones(communes, shapes_by["ze2020"], zones.set_index("ze2020")["name"], "ze2020", ze_areas)

    dep_extra = main_area(communes, "dep", "reg")[["reg"]]
    dep_extra["overseas"] = dep_extra["reg"].isin(OVERSEAS_REGIONS)
    departements = build_zones(communes, shapes_by["dep"], name_of["DEP"], "dep", dep_extra)
    reg_extra = pd.DataFrame(index=sorted(communes["reg"].unique()))
    reg_extra["overseas"] = reg_extra.index.isin(OVERSEAS_REGIONS)
    regions = build_zones(communes, shapes_by["reg"], name_of["REG"], "reg", reg_extra)

    ctx.notes.append(
        f"Communes: {len(communes)}; zones d'emploi: {len(zones_emploi)} "
        f"({int((~zones_emploi['overseas']).sum())} metropolitan, {int(zones_emploi['overseas'].sum())} overseas, "
        f"{int(zones_emploi['cross_region'].sum())} straddling regions)"
    )
    return {
        "communes": communes,
        "communes_geo": communes_geo,
        "zones_emploi": zones_emploi,
        "departements": departements,
        "regions": regions,
    }
