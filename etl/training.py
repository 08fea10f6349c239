"""Training supply step: Parcoursup BTS offers linked to diplomas, occupations and territories.

Load: the Parcoursup BTS capacity files (one per session, found by their name so next year's
file needs only a line in sources.toml), the BCN nomenclatures (MEF -> diploma -> NSF group),
Certif Info (diploma -> ROME), the DARES ROME v3 -> FAP 2009 table, and two establishment lists
(Parcoursup GPS points, CFA communes). Process: BTS rows only, duplicate offers of a course
summed; each diploma linked to one FAP 2009 occupation (first ROME, technician qualification);
each establishment located to a commune (point in polygon, else the CFA list) and always to the
département of its UAI. Save: bts_diplomas (the link, one row per BTS diploma), bts_offers, and
bts_supply (places and applications by territory, occupation scope and status).
"""

from __future__ import annotations

import re

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from etl.bmo import INDUSTRIAL_DOMAINS
from etl.errors import InputError
from etl.readers import read_csv, read_sheet
from etl.step import Context

SOURCES = ("bts_capacites", "bcn", "certif_info", "dares_fap", "etab_localisation")
OUTPUTS = ("bts_diplomas", "bts_offers", "bts_supply")

OFFER_FILE = re.compile(r"BTS_attractivite_capacite_(\d{4})\.csv")
BTS_LEVELS = ("320", "323")  # BCN NIVEAU_FORMATION_DIPLOME: BTS, BTSA
STATUSES = {"Scolaire": "scolaire", "Apprentissage": "apprentissage"}
TECHNICIANS = "7"  # DARES qualification code of technicians, the level a BTS trains for
OPTION_OFFSETS = range(1, 6)  # a common first-year CFD is followed by its options' CFDs
LABEL_PREFIX = 20  # characters of the BCN label an option must share with its common first year
SUCCESSOR_STEPS = 3  # BCN renewals followed for a closed diploma
ROME = r"[A-N]\d{4}"
FAP = r"[A-Z]\d[A-Z]\d{2}"
METRO_BBOX = (-5.5, 41.0, 10.0, 51.5)  # lon/lat box of metropolitan France, Corsica included
NEAREST_MAX_METRES = 10_000
NEAREST_SEARCH_DEGREES = 0.2
ARRONDISSEMENTS = ((r"^751(0[1-9]|1\d|20)$", "75056"), (r"^6938[1-9]$", "69123"), (r"^132(0[1-9]|1[0-6])$", "13055"))
LOCATIONS = ("gps", "cfa_commune", "uai_departement", "unlocated")
LEVELS = ("ze", "dep", "reg", "fr")

CAVEATS = (
    "Offre de BTS : places (capacités) et vœux confirmés de Parcoursup, sessions 2022 à 2024, BTS et BTSA "
    "seulement. Une même formation proposée plusieurs fois dans un établissement (parcours, public réservé) est "
    "additionnée. En 2022 et 2023, quelques formations en apprentissage n'ont pas de capacité publiée : elles "
    "comptent dans les vœux et le nombre de formations, pas dans les places.",
    "Métiers visés par un BTS : diplôme (code CFD de la BCN) → premier code ROME de Certif Info → famille "
    "professionnelle FAP 2009 de la table DARES, en retenant la FAP des techniciens quand un ROME en a plusieurs. "
    "Pour une première année commune, le ROME est celui de la première option. Un BTS est « industriel » si sa FAP "
    "est dans les domaines C à H ; ce rattachement unique simplifie des diplômes ouverts sur plusieurs métiers "
    "(environ 13 % des places en 2024, contre 21 % pour les spécialités de production NSF 2xx).",
    "Localisation : un établissement est placé dans sa commune par ses coordonnées Parcoursup, sinon par la liste "
    "des CFA ; son département vient toujours de son code UAI. Dans les départements contenus dans une seule zone "
    "d'emploi (Paris, Hauts-de-Seine, Val-de-Marne, Pyrénées-Orientales, Mayotte), le département suffit à situer "
    "la zone. Beaucoup de formations en apprentissage (CFA multi-sites) n'ont ni coordonnées ni commune : elles "
    "comptent dans les totaux départementaux, régionaux et nationaux mais pas dans ceux des zones d'emploi (voir "
    "la part de places localisées).",
    "Outre-mer : les contours des communes d'outre-mer sont dessinés en encart, si bien que les coordonnées réelles "
    "des établissements ne peuvent pas y être placées ; hors Mayotte et hors CFA de la liste régionale, les places "
    "d'outre-mer sont comptées au département mais pas à la zone d'emploi.",
)


def member(values: pd.Series, allowed: object) -> pd.Series:
    """values.isin(allowed) through object arrays: Arrow-string isin is slow on large `allowed` sets."""
    return pd.Series(values.astype(object).isin(pd.Index(list(allowed), dtype=object)), index=values.index)


# ---------------------------------------------------------------- load inputs


def offer_files(ctx: Context) -> list[tuple[int, str]]:
    """(session year, file name) of every registered Parcoursup BTS file."""
    found = []
    for raw in ctx.registry["bts_capacites"].files:
        match = OFFER_FILE.fullmatch(raw.name)
        if match:
            found.append((int(match.group(1)), raw.name))
    return sorted(found)


def load_offers(ctx: Context, name: str) -> pd.DataFrame:
    """One Parcoursup file as read (2022-2023 files carry extra columns we ignore, e.g. their own CFD)."""
    columns = {
        "uai": "UAI",
        "label": "LIBELLÉFORMATION",
        "mefstat11": "MEFSTAT11",
        "applications": "NB_VOEUX_CONFIRMES",
        "status": "STATUT",
        "places": "CAPACITEPSUP",
    }
    return read_csv(ctx.path("bts_capacites", name), columns, sep=";")


def load_mef(ctx: Context) -> pd.DataFrame:
    """MEFSTAT11 -> CFD from the BCN (the offer files' own CFD column is wrong for BTSA)."""
    path = ctx.path("bcn", "bcn_n_mef.csv")
    table = read_csv(path, {"mefstat11": "MEF_STAT_11", "cfd": "FORMATION_DIPLOME"}, sep=";")
    table = table.loc[table["mefstat11"] != ""]
    return table.drop_duplicates("mefstat11", keep="last").reset_index(drop=True)


def load_bcn_diplomas(ctx: Context) -> pd.DataFrame:
    path = ctx.path("bcn", "bcn_n_formation_diplome.csv")
    columns = {
        "cfd": "FORMATION_DIPLOME",
        "niveau": "NIVEAU_FORMATION_DIPLOME",
        "nsf": "GROUPE_SPECIALITE",
        "diploma": "LIBELLE_LONG_200",
        "successor": "NOUVEAU_DIPLOME_1",
    }
    table = read_csv(path, columns, sep=";", encoding="cp1252")
    if table["cfd"].duplicated().any():
        raise InputError(path, f"duplicate CFD {table.loc[table['cfd'].duplicated(), 'cfd'].iloc[0]}", column="cfd")
    return table


def load_nsf_labels(ctx: Context) -> pd.DataFrame:
    path = ctx.path("bcn", "bcn_n_groupe_specialite.csv")
    return read_csv(path, {"nsf": "GROUPE_SPECIALITE", "nsf_label": "LIBELLE_LONG"}, sep=";")


def load_certif_romes(ctx: Context) -> pd.DataFrame:
    """CFD -> ordered ROME codes of Certif Info (a CFD may have several rows: union, in file order)."""
    path = ctx.path("certif_info", "certif_info.csv")
    columns = {"cfd": "Code_Scolarité", **{f"rome_{i}": f"Code_Rome_{i}" for i in range(1, 6)}}
    table = read_csv(path, columns, sep=";")
    table = table.loc[table["cfd"] != ""]
    long = table.reset_index().melt(id_vars=["index", "cfd"], var_name="rank", value_name="rome")
    long = long.loc[long["rome"] != ""]
    bad = ~long["rome"].str.fullmatch(ROME)
    if bad.any():
        raise InputError(path, f"not a ROME code: {long.loc[bad, 'rome'].iloc[0]!r}", column="Code_Rome_1")
    long = long.sort_values(["index", "rank"]).drop_duplicates(["cfd", "rome"])
    return long.groupby("cfd", sort=True)["rome"].agg(list).rename("romes").reset_index()


def load_rome_fap(ctx: Context) -> pd.DataFrame:
    """ROME v3 -> FAP 2009 pairs with their qualification filter ('' = every qualification)."""
    path = ctx.path("dares_fap", "Rome-V3_vers_Fap-2009.xls")
    frame, sheet = read_sheet(path, "Table", {"fap": "FAP", "rome": "ROME", "qualification": "Qualification"})
    return tidy_rome_fap(frame, path.name, sheet)


def load_fap_labels(ctx: Context) -> pd.DataFrame:
    path = ctx.path("dares_fap", "Intitules_FAP2009.csv")
    table = read_csv(path, {"fap2009": "Code FAP détaillées", "fap_label": "FAP détaillées"}, sep=";")
    return table.drop_duplicates("fap2009")


def load_gps(ctx: Context) -> pd.DataFrame:
    """Parcoursup programmes with their establishment and GPS point (long French headers, matched loosely)."""
    path = ctx.path("etab_localisation", "parcoursup_etablissements_gps.csv")
    columns = {
        "uai": re.compile(r"(?i)code uai.*"),
        "establishment": re.compile(r"(?i)etablissement"),
        "programme": re.compile(r"(?i)fili[eè]re de formation"),
        "gps": re.compile(r"(?i)coordonn.*gps.*"),
    }
    table = read_csv(path, columns)
    parts = table["gps"].str.extract(r"^\s*([^,]*),([^,]*)$")
    lat = pd.to_numeric(parts[0].str.strip(), errors="coerce")
    lon = pd.to_numeric(parts[1].str.strip(), errors="coerce")
    unreadable = (table["gps"] != "") & (lat.isna() | lon.isna() | lat.abs().gt(90) | lon.abs().gt(180))
    if unreadable.any():
        raise InputError(path, f"not a 'lat, lon' point: {table.loc[unreadable, 'gps'].iloc[0]!r}", column="gps")
    return table.assign(lat=lat, lon=lon).drop(columns="gps")


def load_cfa(ctx: Context) -> pd.DataFrame:
    path = ctx.path("etab_localisation", "CFASousConvRegionale_latest-UAI.csv")
    columns = {
        "uai": "numero_uai",
        "commune": "commune",
        "denomination": "denomination_principale",
        "patronyme": "patronyme_uai",
    }
    table = read_csv(path, columns, sep=";", encoding="cp1252")
    name = table["patronyme"].where(table["patronyme"] != "", table["denomination"])
    return pd.DataFrame({"uai": table["uai"], "commune": table["commune"], "establishment": name.replace("", None)})


# ---------------------------------------------------------------- diploma -> occupation link


def tidy_rome_fap(frame: pd.DataFrame, file: str, sheet: str) -> pd.DataFrame:
    """The hierarchical DARES sheet (FAP code on the first row of its block) as (rome, fap2009, qualification)."""
    code = frame["fap"].astype(str).str.strip()
    fap = code.where(code.str.fullmatch(r"[A-Z](\d[A-Z](\d{2})?)?")).ffill()
    rome = frame["rome"].astype(str).str.strip()
    pairs = pd.DataFrame(
        {
            "rome": rome,
            "fap2009": fap,
            "qualification": frame["qualification"].astype(str).str.strip().str.removeprefix("Q_"),
        }
    ).loc[rome.str.fullmatch(ROME)]
    bad = ~pairs["fap2009"].fillna("").str.fullmatch(FAP)
    if bad.any():
        raise InputError(file, f"ROME {pairs.loc[bad, 'rome'].iloc[0]} is not under a FAP code", sheet=sheet)
    if not pairs["qualification"].str.fullmatch(r"\d*").all():
        bad_value = pairs.loc[~pairs["qualification"].str.fullmatch(r"\d*"), "qualification"].iloc[0]
        raise InputError(file, f"qualification filter {bad_value!r} is not Q_<digits>", sheet=sheet, column="ROME")
    if pairs.empty:
        raise InputError(file, "no ROME code found", sheet=sheet, column="ROME")
    return pairs.drop_duplicates(["rome", "fap2009"]).reset_index(drop=True)


def fap_of_rome(pairs: pd.DataFrame) -> pd.DataFrame:
    """One FAP per ROME: the only one, else the one whose qualification filter admits technicians (7).

    A ROME whose FAPs do not single out technicians gets no FAP (`rule` says why)."""
    admits = (pairs["qualification"] == "") | pairs["qualification"].str.contains(TECHNICIANS, regex=False)
    counts = pairs.groupby("rome")["fap2009"].transform("size")
    technicians = pairs.loc[admits].groupby("rome")["fap2009"].transform("size").reindex(pairs.index)
    single = pairs.loc[counts == 1].assign(rule="single")
    chosen = pairs.loc[(counts > 1) & admits & (technicians == 1)].assign(rule="technicians")
    out = pd.concat([single, chosen])[["rome", "fap2009", "rule"]]
    ambiguous = sorted(set(pairs["rome"]) - set(out["rome"]))
    if ambiguous:
        out = pd.concat([out, pd.DataFrame({"rome": ambiguous, "fap2009": None, "rule": "ambiguous"})])
    return out.sort_values("rome").reset_index(drop=True)


def first_rome(diplomas: pd.DataFrame, certif: pd.DataFrame) -> pd.DataFrame:
    """First ROME of each CFD, from Certif Info, else borrowed from a related CFD (`rome_source`):
    - option: the next CFD (+1..+5) known to Certif Info whose BCN label shares its first LABEL_PREFIX
      characters (a common first year and its options, which Certif Info alone lists);
    - successor: the diploma that replaced it in the BCN (NOUVEAU_DIPLOME_1, followed up to SUCCESSOR_STEPS
      times), for closed diplomas that InserJeunes still reports (e.g. MUC -> MCO)."""
    romes = certif.set_index("cfd")["romes"]
    romes = romes[romes.str.len() > 0]
    label = diplomas.set_index("cfd")["diploma"].str.upper().str[:LABEL_PREFIX]
    out = pd.DataFrame({"cfd": diplomas["cfd"]})
    out["rome_cfd"] = out["cfd"].where(member(out["cfd"], romes.index))
    out["rome_source"] = np.where(out["rome_cfd"].notna(), "certif_info", "none")
    own_label = out["cfd"].map(label)
    for k in OPTION_OFFSETS:
        missing = out["rome_cfd"].isna() & out["cfd"].str.fullmatch(r"\d{8}")
        if not missing.any():
            break
        option = (out.loc[missing, "cfd"].astype("int64") + k).astype(str).str.zfill(8)
        fits = member(option, romes.index) & (option.map(label) == own_label[missing])
        out.loc[fits[fits].index, ["rome_cfd", "rome_source"]] = np.column_stack(
            [option[fits], np.full(int(fits.sum()), "option")]
        )
    resolved = out.set_index("cfd")["rome_cfd"].dropna()
    successor = diplomas.set_index("cfd")["successor"].replace("", None).dropna()
    target = out["cfd"].where(out["rome_cfd"].isna())
    for _ in range(SUCCESSOR_STEPS):
        target = target.map(successor)
        found = target.map(resolved)
        newly = out["rome_cfd"].isna() & found.notna()
        out.loc[newly, "rome_cfd"] = found[newly]
        out.loc[newly, "rome_source"] = "successor"
        target = target.where(out["rome_cfd"].isna())
    out["romes"] = out["rome_cfd"].map(romes)
    out["rome"] = out["romes"].str[0]
    return out


def link_diplomas(
    diplomas: pd.DataFrame,
    nsf_labels: pd.DataFrame,
    certif: pd.DataFrame,
    rome_fap: pd.DataFrame,
    fap_labels: pd.DataFrame,
) -> pd.DataFrame:
    """bts_diplomas: every BTS/BTSA diploma of the BCN with its NSF group, first ROME and FAP 2009."""
    bts = diplomas.loc[diplomas["niveau"].isin(BTS_LEVELS)].reset_index(drop=True)
    out = bts.merge(nsf_labels.drop_duplicates("nsf"), on="nsf", how="left")
    out = out.merge(first_rome(bts, certif), on="cfd", how="left")
    out = out.merge(fap_of_rome(rome_fap).rename(columns={"rule": "fap_rule"}), on="rome", how="left")
    out = out.merge(fap_labels, on="fap2009", how="left")
    out["fap_domain"] = out["fap2009"].str[0]
    out["linked"] = out["fap2009"].notna()
    out["industrial"] = pd.array(out["fap_domain"].isin(INDUSTRIAL_DOMAINS), dtype="boolean")
    out.loc[~out["linked"], "industrial"] = pd.NA
    out["romes"] = out["romes"].apply(lambda v: list(v) if isinstance(v, list) else [])
    columns = [
        "cfd",
        "niveau",
        "diploma",
        "nsf",
        "nsf_label",
        "rome",
        "rome_source",
        "rome_cfd",
        "romes",
        "fap2009",
        "fap_label",
        "fap_rule",
        "fap_domain",
        "industrial",
        "linked",
    ]
    return out[columns].sort_values("cfd").reset_index(drop=True)


# ---------------------------------------------------------------- offers


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


def tidy_offers(raw: pd.DataFrame, year: int, file: str) -> tuple[pd.DataFrame, str]:
    """BTS rows of one session, typed, with duplicate offers of a course summed (they are distinct offers)."""
    status = raw["status"].str.strip().map(STATUSES)
    if status.isna().any():
        raise InputError(file, f"unknown status {raw.loc[status.isna(), 'status'].iloc[0]!r}", column="STATUT")
    places = pd.to_numeric(raw["places"].str.strip().replace("", None), errors="coerce")
    applications = pd.to_numeric(raw["applications"].str.strip(), errors="coerce")
    for name, values, column in (
        ("places", places, "CAPACITEPSUP"),
        ("applications", applications, "NB_VOEUX_CONFIRMES"),
    ):
        given = raw[name].str.strip() != ""
        bad = (
            (given & values.isna()) | (values < 0) | (values.dropna() % 1 != 0).reindex(values.index, fill_value=False)
        )
        if bad.any():
            raise InputError(file, f"not a count: {raw.loc[bad, name].iloc[0]!r}", column=column)
    if applications.isna().any():
        raise InputError(file, "missing number of applications", column="NB_VOEUX_CONFIRMES")
    mef = raw["mefstat11"].str.strip()
    malformed = ~mef.str.fullmatch(r"\d{11}") & raw["label"].str.strip().str.startswith("BTS")
    if malformed.any():
        raise InputError(file, f"BTS MEFSTAT11 {mef[malformed].iloc[0]!r} is not 11 digits", column="MEFSTAT11")
    frame = pd.DataFrame(
        {
            "year": year,
            "uai": raw["uai"].str.strip().str.upper(),
            "mefstat11": mef,
            "status": status,
            "label": raw["label"].str.strip(),
            "places": places,
            "applications": applications,
        }
    )
    bts = frame["label"].str.startswith("BTS")
    dropped = frame.loc[~bts]
    note = (
        f"Parcoursup {year}: {len(dropped)} non-BTS rows dropped ({int(dropped['places'].sum()):,} places); "
        if len(dropped)
        else f"Parcoursup {year}: "
    )
    frame = frame.loc[bts]
    key = ["year", "uai", "mefstat11", "status"]
    grouped = frame.assign(places_missing=frame["places"].isna(), offers=1).groupby(key, sort=True)
    out = pd.concat(
        [
            grouped["label"].first(),
            grouped["offers"].sum(),
            grouped["places"].sum(min_count=1),
            grouped["places_missing"].any(),
            grouped["applications"].sum(),
        ],
        axis=1,
    ).reset_index()
    duplicated = out["offers"] > 1
    note += (
        f"{len(frame):,} BTS offers, {int(duplicated.sum())} courses offered several times (summed), "
        f"{int(out['places_missing'].sum())} courses without published capacity "
        f"({int(out.loc[out['places_missing'], 'applications'].sum()):,} applications)"
    )
    return out, note


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


# ---------------------------------------------------------------- supply by territory


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


def _ratio(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    return (numerator / denominator.where(denominator > 0)).astype("float64")


def build_supply(offers: pd.DataFrame) -> pd.DataFrame:
    """bts_supply: totals by level x territory x year x scope (all, industrial, FAP domain) x status.

    Zones get only places located to a zone; département, region and France get every place (département from
    the UAI), so `places_located_share` tells how much of a territory's supply the zone maps can show."""
    cells = supply_cells(offers)
    frames = []
    for level in LEVELS:
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
    supply["applications_per_place"] = _ratio(supply["applications_known_places"], supply["places"])
    supply["places_located_share"] = _ratio(supply["places_located"], supply["places"])
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


def run(ctx: Context) -> dict[str, pd.DataFrame]:
    bcn = load_bcn_diplomas(ctx)
    diplomas = link_diplomas(
        bcn, load_nsf_labels(ctx), load_certif_romes(ctx), load_rome_fap(ctx), load_fap_labels(ctx)
    )
    mef = load_mef(ctx)
    sessions = []
    for year, name in offer_files(ctx):
        tidy, note = tidy_offers(load_offers(ctx, name), year, name)
        ctx.notes.append(note)
        sessions.append(tidy)
    offers = pd.concat(sessions, ignore_index=True)
    unknown_mef = sorted(set(offers["mefstat11"]) - set(mef["mefstat11"]))
    if unknown_mef:
        ctx.notes.append(f"BTS offers: {len(unknown_mef)} MEFSTAT11 unknown to the BCN (no diploma): {unknown_mef[:5]}")

    communes = ctx.table("communes")
    departements = ctx.table("departements")
    metro = communes.loc[~communes["dep"].str.startswith("97"), "commune"]
    geo = ctx.table("communes_geo")
    polygons = geo.loc[member(geo["commune"], metro)].reset_index(drop=True)
    places, notes = locate_establishments(offers["uai"], pick_points(load_gps(ctx)), load_cfa(ctx), communes, polygons)
    ctx.notes.extend(notes)

    bts_offers = build_offers(offers, mef, diplomas, places, communes, departements)
    used = diplomas.loc[member(diplomas["cfd"], bts_offers["cfd"].dropna())]
    ctx.notes.append(
        f"BTS diplomas: {len(diplomas)} in the BCN ({int(diplomas['linked'].sum())} linked to a FAP: "
        f"{diplomas['rome_source'].value_counts().to_dict()}), {len(used)} offered on Parcoursup; of those "
        f"{int((used['rome_source'] == 'option').sum())} take their ROME from an option CFD, "
        f"{int((used['rome_source'] == 'successor').sum())} from their BCN successor, and "
        f"{int((~used['linked']).sum())} have no FAP ({', '.join(used.loc[~used['linked'], 'cfd'])})"
    )
    ctx.notes.extend(coverage_notes(bts_offers))
    return {"bts_diplomas": diplomas, "bts_offers": bts_offers, "bts_supply": build_supply(bts_offers)}
