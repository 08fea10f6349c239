"""Méthodologie et sources: built from the data's own metadata (sources, indicators, caveats, notes)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from atlas import allocation, catalogue, data, exports, state, territories
from atlas.catalogue import DIRECTION_LABELS
from atlas.formats import fmt_change, fmt_int
from contract.domain import FRANCE

metadata = data.metadata()
manifest = data.manifest()


state.apply_url("methodologie", [])
st.title("Méthodologie et sources")
state.show_notices()
st.markdown(
    "Atlas 4.h assemble des données publiques ouvertes, les vérifie (empreinte sha256 de chaque fichier, "
    "schéma de chaque table) et les publie en tables Parquet ; cette page est générée à partir des métadonnées "
    f"produites par cette construction, datée du {metadata['built_at'][:10]}."
)

st.header("Sources")
for source in metadata["sources"]:
    with st.expander(f"{source['citation']} — {source['licence_short']}"):
        st.markdown(
            f"**Producteur** : {source['producer']}  \n**Millésime** : {source['vintage']}  \n"
            f"**Licence** : {source['licence']}  \n**Page de l'éditeur** : {source['page']}"
        )
        for file in source["files"]:
            st.markdown(
                f"- `{file['name']}` — {file['notes']}  \n  copie : {file['copied_from']}"
                + (f"  \n  officiel : {file['official']}" if file.get("official") else "")
            )

st.header("Indicateurs")
rows = [
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
indicator_table = pd.DataFrame(rows)
st.dataframe(indicator_table, hide_index=True, key="indicators")
exports.download_buttons(
    indicator_table, "atlas-4h-indicateurs", ["Catalogue des indicateurs d'Atlas 4.h"], key="ind-dl"
)

st.header("Précautions de lecture")
for caveat in metadata["caveats"]:
    st.markdown(f"- {caveat}")

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
summary = bassins.groupby(["year", "method"]).agg(bassins=("bassin", "size"), projets=("projects", "sum"))
summary = summary.reset_index().assign(méthode=lambda f: f["method"].map(labels))
st.dataframe(
    summary[["year", "méthode", "bassins", "projets"]].rename(columns={"year": "année"}), hide_index=True, key="methods"
)
st.markdown("Bassins traités par une règle particulière :")
st.dataframe(
    special.assign(méthode=special["method"].map(labels))[
        ["year", "bassin", "bassin_name", "dep", "méthode", "projects", "n_communes"]
    ].rename(
        columns={
            "year": "année",
            "bassin_name": "nom",
            "dep": "département",
            "projects": "projets",
            "n_communes": "communes",
        }
    ),
    hide_index=True,
    key="special-bassins",
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
st.dataframe(allocation.display(moves), hide_index=True, key="allocation-moves")
if len(moves):
    total = allocation.region_total(moves)
    st.caption(
        f"Ensemble des {len(moves)} zones {where} : {fmt_int(total['projects_population'])} projets industriels "
        f"répartis par la population, {fmt_int(total['projects_jobs'])} par les emplois "
        f"(écart {allocation.fmt_signed(total['move'])}, {fmt_change(total['move_share'])}). "
        "Source : France Travail, enquête BMO ; INSEE, recensement 2018 (comparateur de territoires)."
    )

st.header("Journal de construction")
for note in metadata["notes"]:
    st.markdown(f"- {note}")
versions = ", ".join(f"{k} {v}" for k, v in manifest["versions"].items())
st.caption(f"Construction du {manifest['built_at']} · empreinte {manifest['fingerprint'][:12]} · {versions}")
