"""Méthodologie et sources: built from the data's own metadata (sources, indicators, caveats, build summary).

Everything is French: sources are cited by their French citation and short licence, the build is summarised
from the published metadata (tables, rows, sources, files, dates), and the build's technical log, written in
English for the developers, stays out of the page (it is in metadata.json and manifest.json).
"""

from __future__ import annotations

import re

import pandas as pd
import streamlit as st

from atlas import allocation, catalogue, data, exports, layout, state, territories
from atlas.catalogue import DIRECTION_LABELS
from atlas.formats import fmt_change, fmt_date, fmt_datetime, fmt_dec, fmt_int, fmt_pct
from contract.domain import FRANCE

metadata = data.metadata()
manifest = data.manifest()


def size_text(size: int) -> str:
    """3491167 -> '3,5 Mo'."""
    if size >= 1_000_000:
        return f"{fmt_dec(size / 1_000_000, 1)}\u202fMo"
    return f"{fmt_dec(size / 1_000, 0)}\u202fko"


def source_series() -> list[dict]:
    """Sources grouped by series (the ten BMO surveys in one entry), in the build's order."""
    groups: dict[str, dict] = {}
    for source in metadata["sources"]:
        key = catalogue.collapse_years([source["citation"]])[0].rstrip("0123456789- ,")
        group = groups.setdefault(key, {"citations": [], "licences": [], "pages": [], "files": []})
        group["citations"].append(source["citation"])
        for part in source["licence_short"].split(" / "):
            if part.strip() not in group["licences"]:
                group["licences"].append(part.strip())
        if source["page"] not in group["pages"]:
            group["pages"].append(source["page"])
        group["files"].extend(source["files"])
    return list(groups.values())


state.apply_url("methodologie", [])
st.title("Méthodologie et sources")
state.show_notices()
st.markdown(
    "Atlas 4.h assemble des données publiques ouvertes, les vérifie (empreinte sha256 de chaque fichier, "
    "schéma de chaque table) et les publie en tables Parquet ; cette page est générée à partir des métadonnées "
    f"produites par cette construction, datée du {fmt_date(metadata['built_at'])}."
)

# ---------------------------------------------------------------- the build, in French
st.header("Cette construction")
tables = metadata["tables"]
files = [f for s in metadata["sources"] for f in s["files"]]
rows = sum(int(t["rows"]) for t in tables.values())
series = source_series()
bmo_years = sorted(int(y) for y in data.table("bmo_agg")["year"].unique())
zones = territories.listing("ze")
st.markdown(
    "\n".join(
        [
            f"- Construite le {fmt_datetime(manifest['built_at'])} (heure de Paris), à partir de "
            f"{fmt_int(len(files))} fichiers bruts de {fmt_int(len(series))} sources, chacun vérifié par son "
            "empreinte sha256.",
            f"- {fmt_int(len(tables))} tables publiées, {fmt_int(rows)} lignes en tout, toutes validées contre leur "
            "schéma (clés, types, codes, bornes) avant publication : page « Données » pour les tables et leur "
            "dictionnaire.",
            f"- {fmt_int(len(catalogue.indicators()))} indicateurs déclarés une seule fois, avec leur définition, leur "
            "unité, leur sens de lecture et leurs sources (tableau ci-dessous).",
            f"- Enquête Besoins en main-d'œuvre : {len(bmo_years)} années d'enquête, de {bmo_years[0]} à "
            f"{bmo_years[-1]} ; {fmt_int(len(zones))} zones d'emploi ({fmt_int(int((~zones['overseas']).sum()))} en "
            f"métropole, {fmt_int(int(zones['overseas'].sum()))} outre-mer).",
        ]
    )
)
st.caption(
    f"Empreinte de la construction {manifest['fingerprint'][:12]} · contrat de données {manifest['contract']} · "
    + ", ".join(f"{name} {version}" for name, version in manifest["versions"].items())
    + ". Le journal technique détaillé de la construction (en anglais, pour les développeurs) est dans "
    "data/processed/metadata.json."
)

# ---------------------------------------------------------------- sources
st.header("Sources")
for group in series:
    cited = " ; ".join(catalogue.collapse_years(group["citations"]))
    licence = catalogue.licence_text(group["licences"]).rstrip(".")
    with st.expander(f"{cited} — {licence}"):
        st.markdown(
            f"**Licence** : {' ; '.join(group['licences'])}  \n"
            + "  \n".join(f"**Page de l'éditeur** : {page}" for page in group["pages"])
        )
        for file in group["files"]:
            # The registry's notes on each copy are English, for the developers: only the copy's place and the
            # official addresses are shown.
            official = re.findall(r"https?://[^\s,;()]+", file.get("official") or "")
            st.markdown(
                f"- `{file['name']}` ({size_text(int(file['bytes']))}, sha256 `{file['sha256'][:12]}…`)  \n"
                f"  copie utilisée : `{file['copied_from'].split(' (')[0]}`"
                + (f"  \n  fichier officiel : {' ; '.join(official)}" if official else "")
            )

# ---------------------------------------------------------------- indicators
st.header("Indicateurs")
indicator_table = pd.DataFrame(
    [
        {
            "Famille": i.family_label,
            "Indicateur": i.label,
            "Unité": i.unit,
            "Définition": i.definition,
            "Millésime": i.vintage,
            "Lecture": DIRECTION_LABELS[i.direction],
            "Identifiant": i.id,
        }
        for i in catalogue.indicators().values()
    ]
)
# On screen, five columns leave the definition room to read; the download keeps every column.
layout.light_table(
    pd.DataFrame(
        {
            "Famille": indicator_table["Famille"],
            "Indicateur": indicator_table["Indicateur"],
            "Définition et lecture": indicator_table["Définition"] + " Lecture : " + indicator_table["Lecture"] + ".",
            "Unité": indicator_table["Unité"],
            "Millésime": indicator_table["Millésime"],
        }
    ),
    max_height=520,
)
exports.download_buttons(
    indicator_table, "atlas-4h-indicateurs", ["Catalogue des indicateurs d'Atlas 4.h"], key="ind-dl"
)

st.header("Précautions de lecture")
for caveat in metadata["caveats"]:
    st.markdown(f"- {caveat}")

# ---------------------------------------------------------------- bassins
st.header("Passage des bassins BMO aux zones d'emploi")
bassins = data.table("bmo_bassins")
special = bassins[bassins["method"] != "table"]
labels = {
    "table": "table des communes",
    "renamed": "bassin renuméroté",
    "neighbour": "département voisin",
    "departement": "tout le département",
    "outside": "hors zonage",
}
summary = bassins.groupby(["year", "method"]).agg(bassins=("bassin", "size"), projets=("projects", "sum")).reset_index()
summary["part"] = summary["projets"] / summary.groupby("year")["projets"].transform("sum")
st.markdown(
    "Chaque bassin de l'enquête est relié aux communes de la table 2021 de France Travail par son code quand les "
    "noms concordent, sinon par son nom dans le même département, sinon réparti sur tout le département. Part des "
    "projets traitée par chaque méthode, enquête par enquête :"
)
layout.light_table(
    pd.DataFrame(
        {
            "Année": summary["year"].astype(int).astype(str),
            "Méthode": summary["method"].map(labels).fillna(summary["method"]),
            "Bassins × départements": summary["bassins"].map(fmt_int),
            "Projets": summary["projets"].map(fmt_int),
            "Part des projets": summary["part"].map(fmt_pct),
        }
    ),
    numeric=("Bassins × départements", "Projets", "Part des projets"),
    max_height=360,
)
st.markdown("Bassins traités par une règle particulière :")
layout.light_table(
    pd.DataFrame(
        {
            "Année": special["year"].astype(int).astype(str),
            "Bassin": special["bassin"].astype(str),
            "Nom": special["bassin_name"].astype(str),
            "Département": special["dep"].astype(str),
            "Méthode": special["method"].map(labels).fillna(special["method"]),
            "Projets": special["projects"].map(fmt_int),
            "Communes": special["n_communes"].map(fmt_int),
        }
    ),
    numeric=("Projets", "Communes"),
    max_height=360,
)

st.header("Répartition des bassins : emplois ou population")
region = state.value("reg") or territories.DEFAULT_REGION
allocation_year = allocation.latest_year()
moves = allocation.zone_moves(region, allocation_year, "industrial")
where = "de France" if region == FRANCE else f"touchant la région {territories.name('reg', region)}"
st.markdown(
    "Chaque bassin BMO est réparti entre ses communes au prorata de leurs emplois au lieu de travail "
    "(recensement 2018) : les projets de recrutement naissent là où sont les emplois. L'alternative, au prorata "
    "de la population, déplace des projets vers les zones résidentielles. Le total de chaque bassin est le même "
    "dans les deux cas ; seule sa répartition entre zones d'emploi change. Zones d'emploi "
    f"{where} où l'écart est le plus grand (projets industriels, enquête {allocation_year}) :"
)
shown_moves = allocation.display(moves)
layout.light_table(shown_moves, numeric=tuple(shown_moves.columns[2:]))
if len(moves):
    total = allocation.region_total(moves)
    st.caption(
        f"Ensemble des {len(moves)} zones {where} : {fmt_int(total['projects_population'])} projets industriels "
        f"répartis par la population, {fmt_int(total['projects_jobs'])} par les emplois "
        f"(écart {allocation.fmt_signed(total['move'])}, {fmt_change(total['move_share'])}). "
        "Source : France Travail, enquête BMO ; INSEE, recensement 2018 (comparateur de territoires)."
    )
