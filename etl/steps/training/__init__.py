"""Training supply step: Parcoursup BTS offers linked to diplomas, occupations and territories.

Load: the Parcoursup BTS capacity files (one per session, found by their name so next year's
file needs only a line in sources.toml), the BCN nomenclatures (MEF -> diploma -> NSF group),
Certif Info (diploma -> ROME), the DARES ROME v3 -> FAP 2009 table, and two establishment lists
(Parcoursup GPS points, CFA communes). Process: BTS rows only, duplicate offers of a course
summed; each diploma linked to one FAP 2009 occupation (first ROME, technician qualification);
each establishment located to a commune (point in polygon, else the CFA list) and always to the
département of its UAI; courses taught wholly at a distance (label "Entièrement en distanciel", or a
distance-only establishment such as the CNED) are a national offer, counted for France only. Save:
bts_diplomas (the link, one row per BTS diploma), bts_offers, and bts_supply (places and applications by
territory, occupation scope and status).
"""

from __future__ import annotations

import pandas as pd

from etl.bcn import load_mef
from etl.frames import member
from etl.step import Context
from etl.steps.training.link import link_diplomas
from etl.steps.training.load import (
    load_bcn_diplomas,
    load_certif_romes,
    load_cfa,
    load_fap_labels,
    load_gps,
    load_nsf_labels,
    load_offers,
    load_rome_fap,
    offer_files,
    tidy_offers,
)
from etl.steps.training.locate import locate_establishments, pick_points
from etl.steps.training.supply import (
    build_offers,
    build_supply,
    coverage_notes,
    distance_notes,
    large_course_notes,
)

SOURCES = ("bts_capacites", "bcn", "certif_info", "dares_fap", "etab_localisation")
READS = ("communes", "communes_geo", "departements", "zones_emploi")
OUTPUTS = ("bts_diplomas", "bts_offers", "bts_supply")

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
    "la part de places localisées). Pour une zone d'emploi, la part localisée indiquée est celle de son "
    "département principal, pour l'ensemble des places comme pour les places en apprentissage.",
    "Formations à distance : les BTS que Parcoursup signale « Entièrement en distanciel » (CNED de Lyon, de "
    "Grenoble et de Poitiers, Institut Agro Enseignement à distance, CFA à distance), ainsi que toute formation "
    "d'un établissement d'enseignement à distance comme le CNED, recrutent dans toute la France. Leurs places "
    "(environ 30 000 par an, sessions 2022 à 2024) forment une offre nationale : elles comptent dans le total de "
    "la France et sont publiées à part (places à distance), mais jamais dans la zone d'emploi, le département ou "
    "la région de l'établissement qui les porte. Comptées sur place, elles feraient environ 65 % des places de la "
    "zone de Lyon et 85 % de celle de Grenoble, et les 2 000 places industrielles à distance du CNED de Grenoble "
    "en 2022 (systèmes numériques) feraient croire à une chute des places industrielles de la région en 2023.",
    "Outre-mer : les contours des communes d'outre-mer sont dessinés en encart, si bien que les coordonnées réelles "
    "des établissements ne peuvent pas y être placées ; hors Mayotte et hors CFA de la liste régionale, les places "
    "d'outre-mer sont comptées au département mais pas à la zone d'emploi.",
)


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
    ctx.notes.extend(distance_notes(bts_offers, communes))
    ctx.notes.extend(large_course_notes(bts_offers))
    main_dep = ctx.table("zones_emploi").set_index("ze2020")["dep"]
    used = diplomas.loc[member(diplomas["cfd"], bts_offers["cfd"].dropna())]
    ctx.notes.append(
        f"BTS diplomas: {len(diplomas)} in the BCN ({int(diplomas['linked'].sum())} linked to a FAP: "
        f"{diplomas['rome_source'].value_counts().to_dict()}), {len(used)} offered on Parcoursup; of those "
        f"{int((used['rome_source'] == 'option').sum())} take their ROME from an option CFD, "
        f"{int((used['rome_source'] == 'successor').sum())} from their BCN successor, and "
        f"{int((~used['linked']).sum())} have no FAP ({', '.join(used.loc[~used['linked'], 'cfd'])})"
    )
    ctx.notes.extend(coverage_notes(bts_offers))
    return {"bts_diplomas": diplomas, "bts_offers": bts_offers, "bts_supply": build_supply(bts_offers, main_dep)}
