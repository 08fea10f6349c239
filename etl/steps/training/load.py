"""Load the training inputs: Parcoursup BTS offers (one file per session), BCN, Certif Info, DARES, establishments."""

from __future__ import annotations

import re

import pandas as pd

from etl.errors import InputError
from etl.readers import read_csv, read_sheet
from etl.step import Context

OFFER_FILE = re.compile(r"BTS_attractivite_capacite_(\d{4})\.csv")
ROME = r"[A-N]\d{4}"
FAP = r"[A-Z]\d[A-Z]\d{2}"
STATUSES = {"Scolaire": "scolaire", "Apprentissage": "apprentissage"}
# Parcoursup marks courses taught wholly at a distance (CNED, Institut Agro, distance CFAs) at the end of their
# label; their students come from all over France, so their places are a national offer, not a local one.
DISTANCE_LABEL = re.compile(r"(?i)enti[eè]rement (?:en|à) distanc")


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


def tidy_offers(raw: pd.DataFrame, year: int, file: str) -> tuple[pd.DataFrame, str]:
    """BTS rows of one session, typed, with duplicate offers of a course summed (they are distinct offers).

    `distance` marks the courses Parcoursup labels "Entièrement en distanciel"; an establishment's distance and
    on-site offers of the same course stay apart."""
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
            "distance": raw["label"].str.contains(DISTANCE_LABEL),
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
    key = ["year", "uai", "mefstat11", "status", "distance"]
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
        f"({int(out.loc[out['places_missing'], 'applications'].sum()):,} applications), "
        f"{int(out['distance'].sum())} courses taught wholly at a distance"
    )
    return out, note


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
