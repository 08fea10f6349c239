"""Published tables of the training family (see etl/schemas.py for the registry).

`industrial` columns are nullable booleans (pandas "boolean"): missing when the diploma has no FAP
link, which is not the same as "not industrial". The validation machinery passes this dtype through
unchanged (it is not one of the cast dtypes), so the steps build it as "boolean" themselves.
"""

from __future__ import annotations

import pandas as pd

from contract.domain import INDUSTRIAL_DOMAINS
from etl.schema.fields import DEP, FAP_DOMAIN, REG, ZE, field
from etl.schema.validation import Column, Table, count_column, le_check, share_column

CFD = r"^\d{8}$"
NSF = r"^\d{3}$"
ROME = r"^[A-N]\d{4}$"
FAP2009 = r"^[A-Z]\d[A-Z]\d{2}$"
STATUS = ("scolaire", "apprentissage")
BTS_YEAR = (2015, 2100)
LOCATIONS = ("gps", "cfa_commune", "uai_departement", "unlocated", "distance")


def industrial_column(description: str) -> Column:
    return Column("industrial", "boolean", description, nullable=True, values=(True, False))


def linked_check(frame: pd.DataFrame) -> str | None:
    """`industrial` and `fap_domain` are known exactly when the diploma is linked to a FAP."""
    bad = frame["linked"] != frame["fap_domain"].notna()
    bad |= frame["industrial"].notna() != frame["linked"]
    if bad.any():
        return f"{int(bad.sum())} row(s) where linked, fap_domain and industrial disagree"
    return None


def distance_check(frame: pd.DataFrame) -> str | None:
    """A distance course (national offer) has no zone, département or région, and only they are 'distance'."""
    territory = frame[["ze2020", "dep", "reg"]].notna().any(axis=1)
    bad = (frame["distance"] & territory) | (frame["distance"] != (frame["location"] == "distance"))
    if bad.any():
        return f"{int(bad.sum())} offer(s) where distance, location and the territory columns disagree"
    return None


def national_distance_check(frame: pd.DataFrame) -> str | None:
    """Places of distance courses are counted for France only."""
    bad = (frame["level"] != "fr") & (frame["places_distance"] > 0)
    if bad.any():
        return f"{int(bad.sum())} row(s) below France level count distance-learning places"
    return None


def level_code_check(frame: pd.DataFrame) -> str | None:
    """Codes fit their level: ze 4 digits, dep, reg 2 digits, fr 'FR'."""
    patterns = {"ze": ZE, "dep": DEP, "reg": REG, "fr": r"^FR$"}
    bad = pd.Series(False, index=frame.index)
    for level, pattern in patterns.items():
        rows = frame["level"] == level
        bad |= rows & ~frame["code"].str.fullmatch(pattern)
    if bad.any():
        sample = frame.loc[bad, ["level", "code"]].iloc[0].tolist()
        return f"{int(bad.sum())} code(s) do not fit their level, e.g. {sample}"
    return None


BTS_DIPLOMAS = Table(
    "bts_diplomas",
    "Diplômes de BTS et BTSA de la BCN et leur rattachement à un métier (ROME puis FAP 2009)",
    (
        Column("cfd", "str", "Code formation diplôme (BCN)", pattern=CFD),
        Column("niveau", "str", "Niveau BCN : 320 BTS, 323 BTSA", values=("320", "323")),
        Column("diploma", "str", "Intitulé BCN du diplôme (majuscules)"),
        Column("nsf", "str", "Groupe de spécialités NSF (3 chiffres)", pattern=NSF),
        Column("nsf_label", "str", "Intitulé du groupe NSF (BCN, majuscules)", nullable=True),
        Column("rome", "str", "Premier code ROME de Certif Info", nullable=True, pattern=ROME),
        Column(
            "rome_source",
            "str",
            "Origine du ROME : certif_info (le diplôme), option (CFD suivant de même intitulé), successor "
            "(diplôme qui l'a remplacé dans la BCN), none",
            values=("certif_info", "option", "successor", "none"),
        ),
        Column("rome_cfd", "str", "CFD dont le ROME est repris", nullable=True, pattern=CFD),
        Column("romes", "list", "Tous les codes ROME de Certif Info, dans l'ordre"),
        Column("fap2009", "str", "FAP 2009 (225 postes) rattachée au ROME", nullable=True, pattern=FAP2009),
        Column("fap_label", "str", "Intitulé de la FAP 2009", nullable=True),
        Column(
            "fap_rule",
            "str",
            "Choix de la FAP : single (une seule FAP pour ce ROME), technicians (FAP des techniciens), ambiguous",
            nullable=True,
            values=("single", "technicians", "ambiguous"),
        ),
        field("fap_domain", "Domaine professionnel FAP (lettre)", nullable=True),
        industrial_column("Diplôme préparant à un métier industriel (domaines C à H) ; vide si non rattaché"),
        Column("linked", "bool", "Diplôme rattaché à une FAP"),
    ),
    key=("cfd",),
    checks=(linked_check,),
)

BTS_OFFERS = Table(
    "bts_offers",
    "Offre de BTS sur Parcoursup : places et vœux par session, établissement, formation et statut",
    (
        Column("year", "Int16", "Session Parcoursup", min=BTS_YEAR[0], max=BTS_YEAR[1]),
        Column("uai", "str", "Code UAI de l'établissement", pattern=r"^[0-9A-Z]{8}$"),
        Column("mefstat11", "str", "Code MEFSTAT11 de la formation (première année)", pattern=r"^\d{11}$"),
        Column("status", "str", "Statut : scolaire ou apprentissage", values=STATUS),
        Column("label", "str", "Intitulé Parcoursup de la formation (premier si plusieurs offres)"),
        Column(
            "distance",
            "bool",
            "Formation entièrement à distance (intitulé « Entièrement en distanciel », ou établissement "
            "d'enseignement à distance comme le CNED) : offre nationale, comptée pour la France seulement",
        ),
        count_column("offers", "Nombre d'offres Parcoursup additionnées (parcours, publics réservés)", "Int16"),
        Column("cfd", "str", "Code formation diplôme (BCN, via le MEFSTAT11)", nullable=True, pattern=CFD),
        Column("diploma", "str", "Intitulé BCN du diplôme", nullable=True),
        Column("niveau", "str", "Niveau BCN : 320 BTS, 323 BTSA", nullable=True, values=("320", "323")),
        Column("nsf", "str", "Groupe de spécialités NSF", nullable=True, pattern=NSF),
        Column("nsf_label", "str", "Intitulé du groupe NSF", nullable=True),
        Column("rome", "str", "Premier code ROME du diplôme", nullable=True, pattern=ROME),
        Column("fap2009", "str", "FAP 2009 rattachée", nullable=True, pattern=FAP2009),
        field("fap_domain", "Domaine professionnel FAP", nullable=True),
        industrial_column("Formation industrielle (domaine FAP C à H) ; vide si non rattachée"),
        Column("linked", "bool", "Formation rattachée à une FAP"),
        count_column("places", "Places (capacité Parcoursup) ; vide si aucune capacité publiée", nullable=True),
        Column("places_missing", "bool", "Capacité non publiée pour au moins une des offres additionnées"),
        count_column("applications", "Vœux confirmés"),
        Column("establishment", "str", "Nom de l'établissement (Parcoursup, sinon liste des CFA)", nullable=True),
        Column(
            "commune",
            "str",
            "Commune de l'établissement (COG 2024) ; pour une formation à distance, celle de l'établissement qui la "
            "porte",
            nullable=True,
            pattern=r"^(\d{5}|2[AB]\d{3})$",
        ),
        Column(
            "ze2020",
            "str",
            "Zone d'emploi où les places comptent : celle de la commune, sinon celle du département s'il est entier "
            "dans une zone ; vide pour une formation à distance",
            nullable=True,
            pattern=ZE,
        ),
        Column(
            "ze_method",
            "str",
            "Origine de la zone : commune, ou departement (département entier dans une zone : 66, 75, 92, 94, 976)",
            nullable=True,
            values=("commune", "departement"),
        ),
        field("dep", "Département (d'après le code UAI) ; vide pour une formation à distance", nullable=True),
        field("reg", "Région du département ; vide pour une formation à distance", nullable=True),
        Column(
            "location",
            "str",
            "Localisation : gps (point dans une commune métropolitaine), cfa_commune (liste des CFA), "
            "uai_departement (département seul), unlocated, distance (formation à distance : France seulement)",
            values=LOCATIONS,
        ),
        Column("lat", "float64", "Latitude du point Parcoursup (réelle, y compris outre-mer)", nullable=True),
        Column("lon", "float64", "Longitude du point Parcoursup", nullable=True),
    ),
    key=("year", "uai", "mefstat11", "status", "distance"),
    checks=(linked_check, distance_check),
)

BTS_SUPPLY = Table(
    "bts_supply",
    "Offre de BTS par territoire, session, périmètre de métiers et statut (Parcoursup)",
    (
        field("level"),
        field("code"),
        Column("year", "Int16", "Session Parcoursup", min=BTS_YEAR[0], max=BTS_YEAR[1]),
        field("scope"),
        Column("status", "str", "Statut : all, scolaire ou apprentissage", values=("all", *STATUS)),
        count_column(
            "places",
            "Places publiées (zones : places localisées seulement ; formations à distance : France seulement)",
        ),
        count_column(
            "places_distance",
            "dont places des formations entièrement à distance (offre nationale) : comptées pour la France "
            "seulement, 0 ailleurs",
        ),
        count_column("applications", "Vœux confirmés"),
        count_column("offers", "Offres Parcoursup"),
        count_column("offers_places_missing", "Offres sans capacité publiée (vœux comptés, places non)"),
        Column(
            "applications_per_place",
            "float64",
            "Vœux par place (offres à capacité publiée) ; vide si aucune place",
            nullable=True,
            min=0,
            unit="vœux par place",
        ),
        share_column(
            "places_located_share",
            "Part des places localisées à une zone d'emploi (1 pour les zones ; vide si 0 place)",
        ),
        share_column(
            "apprenticeship_located_share",
            "Part des places en apprentissage du périmètre localisées à une zone d'emploi (même valeur pour les trois "
            "statuts) : celle du territoire pour un département, une région ou la France ; pour une zone, celle "
            "de son département principal (les places connues par département seulement n'y sont pas comptées) ; "
            "vide si aucune place en apprentissage",
        ),
    ),
    key=("level", "code", "year", "scope", "status"),
    checks=(level_code_check, national_distance_check, le_check("places_distance", "places")),
)

BTS_OUTCOMES = Table(
    "bts_outcomes",
    "Insertion des sortants de BTS (InserJeunes) par région et France, millésime, voie et diplôme",
    (
        field("reg", "Code INSEE de la région, ou FR", pattern=r"^(FR|\d{2})$"),
        Column("millesime", "str", "Millésime InserJeunes (deux promotions de sortants)", pattern=r"^\d{4}_\d{4}$"),
        Column("status", "str", "Voie : scolaire, apprentissage ou all", values=("all", *STATUS)),
        Column(
            "scope",
            "str",
            "Périmètre : diploma (un diplôme), all (tous les BTS), industrial (BTS rattachés aux domaines C à H)",
            values=("diploma", "all", "industrial"),
        ),
        Column("cfd", "str", "Code formation diplôme (lignes diploma)", nullable=True, pattern=CFD),
        Column("diploma", "str", "Intitulé BCN du diplôme", nullable=True),
        Column("nsf", "str", "Groupe de spécialités NSF", nullable=True, pattern=NSF),
        Column(
            "fap_domain",
            "str",
            "Domaine FAP 2009 du diplôme (même rattachement que l'offre)",
            nullable=True,
            pattern=FAP_DOMAIN,
        ),
        industrial_column("BTS industriel (domaine FAP C à H) ; vide si non rattaché ou périmètre all"),
        count_column("source_rows", "Lignes InserJeunes additionnées", "Int32"),
        count_column("leavers", "Sortants (somme des effectifs publiés)", nullable=True),
        count_column("employed_6m", "Sortants en emploi salarié 6 mois après", nullable=True),
        count_column("employed_12m", "Sortants en emploi salarié 12 mois après", nullable=True),
        count_column("continuing", "Élèves ou apprentis poursuivant leurs études", nullable=True),
        count_column("final_year", "Inscrits en année terminale", nullable=True),
        share_column("rate_6m", "Taux d'emploi à 6 mois (somme des emplois / somme des sortants) ; vide si < 20"),
        share_column("rate_12m", "Taux d'emploi à 12 mois ; vide si moins de 20 sortants"),
        Column("rate_hidden", "bool", "Moins de 20 sortants : taux non publié, comme dans la source"),
        share_column("continuing_rate", "Part des inscrits en année terminale qui poursuivent leurs études"),
    ),
    key=("reg", "millesime", "status", "scope", "cfd"),
    checks=(le_check("employed_6m", "leavers"), le_check("employed_12m", "leavers")),
)

APPRENTICESHIP_CONTRACTS = Table(
    "apprenticeship_contracts",
    "Contrats d'apprentissage signés dans l'année par département, région et France",
    (
        field("level", values=("dep", "reg", "fr")),
        field("code"),
        field("year", "Année civile"),
        count_column("contracts", "Contrats d'apprentissage signés dans l'année", nullable=True),
        Column(
            "source",
            "str",
            "barometre (baromètre de l'apprentissage, décembre) ou ind-313 (DITP, cumul à fin décembre)",
            values=("barometre", "ind-313"),
        ),
    ),
    key=("level", "code", "year"),
    checks=(level_code_check,),
)

INDUSTRY_TRAINING_NATIONAL = Table(
    "industry_training_national",
    "Indicateur DITP IND-719 (formation aux métiers de l'industrie) : valeurs nationales seulement",
    (
        Column("date", "str", "Date de la mesure (AAAA-MM-JJ)", pattern=r"^\d{4}-\d{2}-\d{2}$"),
        Column(
            "kind",
            "str",
            "initial (référence), value (constatée) ou target (cible)",
            values=("initial", "value", "target"),
        ),
        count_column("value", "Valeur (personnes)"),
        Column("note", "str", "Précision sur la valeur"),
    ),
    key=("date", "kind"),
)

TRAINING_FIT = Table(
    "training_fit",
    "Places de BTS industrielles rapportées aux projets de recrutement industriels (BMO) par territoire",
    (
        field("level"),
        field("code"),
        field("year", "Année de l'enquête BMO"),
        Column(
            "bts_year",
            "Int16",
            "Session Parcoursup rapprochée (même année, sinon la plus récente)",
            min=BTS_YEAR[0],
            max=BTS_YEAR[1],
        ),
        field(
            "scope",
            "Périmètre : industrial ou domaine FAP C à H",
            pattern=None,
            values=("industrial", *INDUSTRIAL_DOMAINS),
        ),
        count_column("places", "Places de BTS du périmètre, tous statuts (zones : places localisées)"),
        count_column("places_apprenticeship", "dont places en apprentissage"),
        share_column("places_apprenticeship_share", "Part des places en apprentissage ; vide si aucune place"),
        Column("applications_per_place", "float64", "Vœux par place ; vide si aucune place", nullable=True, min=0),
        Column(
            "projects",
            "float64",
            "Projets de recrutement BMO publiés ; vide si territoire non enquêté",
            nullable=True,
            min=0,
            unit="projets",
        ),
        Column(
            "difficult",
            "float64",
            "Projets difficiles BMO (somme des cellules publiées, minimum)",
            nullable=True,
            min=0,
            unit="projets",
        ),
        Column(
            "places_per_100_projects", "float64", "Places pour 100 projets ; vide si aucun projet", nullable=True, min=0
        ),
        Column(
            "places_per_100_difficult",
            "float64",
            "Places pour 100 projets difficiles ; vide si aucun",
            nullable=True,
            min=0,
        ),
        share_column(
            "located_share",
            "Part des places localisées à une zone d'emploi : celle du territoire (département, région, France), "
            "celle du département principal pour une zone",
        ),
    ),
    key=("level", "code", "year", "scope"),
    checks=(level_code_check, le_check("places_apprenticeship", "places"), le_check("difficult", "projects")),
)

TABLES: tuple[Table, ...] = (
    BTS_DIPLOMAS,
    BTS_OFFERS,
    BTS_SUPPLY,
    BTS_OUTCOMES,
    APPRENTICESHIP_CONTRACTS,
    INDUSTRY_TRAINING_NATIONAL,
    TRAINING_FIT,
)
