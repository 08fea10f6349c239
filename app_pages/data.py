"""Données: every table the build published, its data dictionary, and its download (CSV, XLSX, Parquet)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from atlas import data, exports, layout, state
from atlas.formats import fmt_date, fmt_dec, fmt_int, fmt_pct
from atlas.html_table import html_table
from atlas.state import Param

PAGE = "donnees"
XLSX_MAX_ROWS = 150_000  # a bigger workbook takes too long to write on the server: CSV or Parquet then
TYPES = {
    "str": "texte",
    "bool": "oui/non",
    "boolean": "oui/non",
    "float64": "nombre décimal",
    "geometry": "contour (géométrie)",
    "list": "liste",
}

metadata = data.metadata()
tables = metadata["tables"]
names = list(tables)


def type_label(dtype: str) -> str:
    if dtype.lower().startswith(("int", "uint")):
        return "nombre entier"
    return TYPES.get(dtype, dtype)


def dictionary(name: str) -> pd.DataFrame:
    """The data dictionary of a table, with the header each column takes in the CSV and XLSX files."""
    rows = []
    for column in tables[name]["columns"]:
        spec = exports.dictionary_column(column["description"], column.get("unit"), column["dtype"])
        rows.append(
            {
                "Colonne": column["name"],
                "Description": column["description"],
                "Unité": column.get("unit") or "",
                "Type": type_label(column["dtype"]),
                "En-tête CSV et XLSX": "— (Parquet seulement)" if column["dtype"] == "geometry" else spec.header,
            }
        )
    return pd.DataFrame(rows)


def export_table(name: str) -> tuple[pd.DataFrame, dict[str, str]]:
    """The table with French headers, geometry left out (it stays in the Parquet file)."""
    frame = data.table(name)
    spec = {c["name"]: c for c in tables[name]["columns"]}
    kept = [c for c in frame.columns if spec.get(c, {}).get("dtype") != "geometry" and c != "geometry"]
    columns = {
        c: exports.dictionary_column(spec[c]["description"], spec[c].get("unit"), spec[c]["dtype"])
        for c in kept
        if c in spec
    }
    return exports.french_table(frame[kept], columns)


def parquet_bytes(name: str) -> bytes:
    return (data.processed_dir() / f"{name}.parquet").read_bytes()


state.apply_url(PAGE, [Param("table", "territory_indicators", state.one_of(names), label="la table")])
st.title("Données")
state.show_notices()
total_rows = sum(int(t["rows"]) for t in tables.values())
st.markdown(
    f"Les {len(tables)} tables publiées par la construction du {fmt_date(metadata['built_at'])} "
    f"({fmt_int(total_rows)} lignes en tout), chacune avec son dictionnaire des données. Chaque table se "
    "télécharge en CSV (pour Excel en français : point-virgule, virgule décimale, parts en pourcentage), en XLSX "
    "(classeur avec formats de nombres) ou en Parquet (le fichier publié, tel quel, avec les noms de colonnes "
    "techniques du dictionnaire). Sources et licences : page « Méthodologie et sources »."
)

listing = pd.DataFrame(
    {
        "Table": names,
        "Contenu": [tables[n]["description"] for n in names],
        "Lignes": [fmt_int(tables[n]["rows"]) for n in names],
        "Colonnes": [fmt_int(len(tables[n]["columns"])) for n in names],
    }
)
links = pd.Series([state.view_url(PAGE, table=n) for n in names])
st.markdown(
    html_table(listing, numeric=("Lignes", "Colonnes"), links={"Table": links}, max_height=360),
    unsafe_allow_html=True,
)

st.divider()
st.selectbox(
    "Table à consulter",
    names,
    format_func=lambda n: f"{n} — {tables[n]['description']}",
    key=state.widget_key("table"),
)
name = state.value("table")
info = tables[name]
st.header(name)
st.markdown(info["description"])
keys = ", ".join(f"`{k}`" for k in info.get("key", []))
st.caption(
    f"{fmt_int(info['rows'])} lignes, {len(info['columns'])} colonnes."
    + (f" Une ligne par valeur distincte de : {keys}." if keys else "")
)


def sources() -> list[str]:
    return [
        f"Atlas 4.h, table {name} : {info['description']}.",
        f"Données construites le {fmt_date(metadata['built_at'])} à partir de données publiques ouvertes ; sources "
        "et licences dans la page « Méthodologie et sources ».",
    ]


def xlsx_file() -> bytes:
    shown, kinds = export_table(name)
    return exports.xlsx_bytes({name: shown}, sources(), {name: kinds})


row = st.container(horizontal=True, gap="small")
has_geometry = any(c["dtype"] == "geometry" for c in info["columns"])
with row:
    st.download_button(
        "CSV",
        data=lambda: exports.csv_bytes(*export_table(name)),
        file_name=f"atlas-4h-{exports.slug(name)}.csv",
        mime="text/csv",
        key="data-csv",
        on_click="ignore",
        icon=":material/download:",
        help="Pour Excel en français : point-virgule, virgule décimale, parts en pourcentage, en-têtes en clair.",
    )
    too_big = int(info["rows"]) > XLSX_MAX_ROWS
    st.download_button(
        "XLSX",
        data=xlsx_file if not too_big else b"",
        file_name=f"atlas-4h-{exports.slug(name)}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="data-xlsx",
        on_click="ignore",
        icon=":material/download:",
        disabled=too_big,
        help=f"Table trop grande pour un classeur (plus de {fmt_int(XLSX_MAX_ROWS)} lignes) : prenez le CSV ou le "
        "Parquet."
        if too_big
        else "Classeur Excel avec formats de nombres et une feuille des sources.",
    )
    st.download_button(
        "Parquet",
        data=lambda: parquet_bytes(name),
        file_name=f"{name}.parquet",
        mime="application/vnd.apache.parquet",
        key="data-parquet",
        on_click="ignore",
        icon=":material/download:",
        help="Le fichier publié par la construction, avec les noms de colonnes du dictionnaire"
        + (" et les contours (GeoParquet)." if has_geometry else "."),
    )
if has_geometry:
    st.caption("Les contours ne sont que dans le fichier Parquet (GeoParquet) : le CSV et le XLSX les omettent.")


st.subheader("Dictionnaire des données")
layout.light_table(dictionary(name), max_height=520)

st.subheader("Aperçu")
preview, kinds = export_table(name)
preview = preview.head(10).copy()
for column, kind in kinds.items():
    values = exports._flat(preview[column])
    numeric = pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values)
    if kind == "pct" and numeric:
        preview[column] = values.map(lambda v: fmt_pct(v, 2, missing=""))
    elif kind == "int" and numeric:
        preview[column] = values.map(lambda v: fmt_int(v, missing=""))
    elif kind == "dec" and numeric:
        known = values.dropna()
        whole = bool(((known - known.round()).abs() < 1e-9).all())
        preview[column] = values.map(lambda v, w=whole: fmt_int(v, missing="") if w else fmt_dec(v, 2, missing=""))
    elif kind == "bool" or pd.api.types.is_bool_dtype(values):
        preview[column] = values.map(lambda v: "" if pd.isna(v) else ("oui" if v else "non"))
    else:
        preview[column] = values.map(lambda v: "" if pd.isna(v) else str(v))
st.caption("Les dix premières lignes, telles que le CSV les écrit (valeurs arrondies).")
numbers = [c for c, kind in kinds.items() if kind in ("int", "dec", "pct")]
st.markdown(html_table(preview.astype(str), numeric=numbers, max_height=420), unsafe_allow_html=True)
