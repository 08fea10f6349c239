"""Downloads of what a view shows: CSV and XLSX tables for French users, built only when clicked.

Both carry French column headers with their unit. The CSV opens in French Excel as it is: `;`
separators, decimal commas, UTF-8 with a BOM, rounded values, shares written in percent. The XLSX keeps
numbers as numbers with a number format (thousands, one decimal, percent).

A column's header and kind (int, dec, pct, text, bool) come, in this order, from what the page says,
from the columns every table of the app shares (COLUMNS), from the indicator catalogue (an indicator id),
then from the build's data dictionary (metadata.json: description and unit of each published column).
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
import streamlit as st

from atlas.formats import SHARE_UNITS, with_unit


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:80]


DECIMALS = 4  # a number of unknown kind keeps four decimals: no 13-digit tails
KIND_DECIMALS = {"int": 0, "dec": 2, "pct": 2}  # pct: in percent, so a hundredth of a point


@dataclass(frozen=True)
class Column:
    """How a column is exported: its French header (with its unit) and its kind."""

    header: str
    kind: str = "text"  # int, dec, pct (a share 0-1, written in percent), text, bool


# Columns shared by the app's tables (queries, profiles, pages).
COLUMNS: dict[str, Column] = {
    "rank": Column("Rang", "int"),
    "code": Column("Code", "text"),
    "name": Column("Nom", "text"),
    "typology": Column("Typologie urbain/rural", "text"),
    "population": Column("Population (habitants)", "int"),
    "value": Column("Valeur", "dec"),
    "partial": Column("Chiffre partiel (cellules secrètes)", "bool"),
    "secret_cells": Column("Cellules secrètes (nombre)", "int"),
    "projects": Column("Projets de recrutement (nombre)", "int"),
    "difficult": Column("Projets jugés difficiles (nombre)", "int"),
    "seasonal": Column("Projets saisonniers (nombre)", "int"),
    "difficult_share": Column("Part des projets jugés difficiles (%)", "pct"),
    "seasonal_share": Column("Part des projets saisonniers (%)", "pct"),
    "low": Column("Borne basse", "dec"),
    "high": Column("Borne haute", "dec"),
    "flagged": Column("Chiffre fragile", "bool"),
    "caveat": Column("À interpréter avec prudence : raison", "text"),
    "elsewhere": Column("Zone surtout située dans une région voisine", "bool"),
    "year": Column("Année", "text"),
    "dep": Column("Département", "text"),
    "reg": Column("Région", "text"),
    "level": Column("Niveau géographique", "text"),
    "label": Column("Libellé", "text"),
}

LEVEL_WORDS = {"ze": "zone d'emploi", "dep": "département", "reg": "région", "fr": "France"}


def _dictionary() -> dict[str, tuple[str, str | None]]:
    """Column name -> (description, unit), first published table first (the build's data dictionary)."""
    try:
        from atlas import data

        tables = data.metadata().get("tables", {})
    except Exception:  # no build (unit tests of this module): no dictionary
        return {}
    out: dict[str, tuple[str, str | None]] = {}
    for table in tables.values():
        for column in table.get("columns", []):
            out.setdefault(column["name"], (column["description"], column.get("unit")))
    return out


def _indicators() -> dict[str, tuple[str, str, str]]:
    """Indicator id -> (label, unit, format)."""
    try:
        from atlas import data

        records = data.metadata().get("indicators", [])
    except Exception:  # no build: no catalogue
        return {}
    return {r["id"]: (r["label"], r["unit"], r["format"]) for r in records}


def short_description(text: str) -> str:
    """A data-dictionary description cut to a header: 'Projets jugés difficiles (vide si secret)' ->
    'Projets jugés difficiles'."""
    head = re.split(r" \(| ; |\. |: ", text, maxsplit=1)[0].strip()
    return head if len(head) >= 4 else text


def dictionary_column(description: str, unit: str | None, dtype: str | None = None) -> Column:
    """Header and kind of a published column from its data-dictionary entry. A whole number without a unit is
    a code, a year or a class (written as it is, never '2 024')."""
    header = with_unit(short_description(description), unit)
    if unit in SHARE_UNITS:
        return Column(header, "pct")
    if dtype is None:
        return Column(header, "dec" if unit else "text")
    kind = dtype.lower()
    if kind.startswith("bool"):
        return Column(header, "bool")
    if kind.startswith(("int", "uint")):
        return Column(header, "int" if unit else "text")
    if kind.startswith("float"):
        return Column(header, "dec")
    return Column(header, "text")


def column_spec(name: str, values: pd.Series | None = None) -> Column:
    """How a column without an explicit spec is exported."""
    if name in COLUMNS:
        return COLUMNS[name]
    indicators = _indicators()
    if name in indicators:
        label, unit, value_format = indicators[name]
        kind = {"pct": "pct", "int": "int"}.get(value_format, "dec")
        return Column(with_unit(label, "%" if kind == "pct" else unit), kind)
    dictionary = _dictionary()
    if name in dictionary:
        description, unit = dictionary[name]
        dtype = str(values.dtype) if values is not None else None
        return dictionary_column(description, unit, dtype)
    if values is not None and pd.api.types.is_bool_dtype(values):
        return Column(name, "bool")
    if values is not None and pd.api.types.is_numeric_dtype(values):
        return Column(name, "dec")
    return Column(name, "text")


def french_table(
    frame: pd.DataFrame, columns: Mapping[str, Column | str] | None = None
) -> tuple[pd.DataFrame, dict[str, str]]:
    """frame with French headers (kept in frame's order, made unique) and the kind of each new header.

    columns maps a column to a Column, or to a header alone (its kind is then guessed)."""
    columns = columns or {}
    headers: list[str] = []
    kinds: dict[str, str] = {}
    for name in frame.columns:
        given = columns.get(name)
        guessed = column_spec(str(name), frame[name])
        spec = given if isinstance(given, Column) else Column(given, guessed.kind) if given else guessed
        header = spec.header
        if header in headers:
            header = f"{header} [{name}]"
        headers.append(header)
        kinds[header] = spec.kind
    shown = frame.copy()
    shown.columns = headers
    return shown, kinds


def _flat(values: pd.Series) -> pd.Series:
    """Lists (the départements a zone touches…) as 'a, b' text: CSV and XLSX cells hold one value."""
    if values.dtype != object:
        return values
    return values.map(lambda v: ", ".join(map(str, v)) if isinstance(v, (list, tuple, np.ndarray)) else v)


def _is_number(values: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values)


def csv_bytes(frame: pd.DataFrame, kinds: Mapping[str, str] | None = None) -> bytes:
    """A CSV that French Excel opens in columns: `;` separators, decimal commas, booleans as oui/non, rounded
    numbers (shares in percent when kinds say pct), UTF-8 with a BOM so that accents read right."""
    kinds = kinds or {}
    shown = frame.copy()
    for column in shown.columns:
        values = shown[column] = _flat(shown[column])
        kind = kinds.get(column)
        if pd.api.types.is_bool_dtype(values) or kind == "bool":
            shown[column] = values.map(lambda v: "" if pd.isna(v) else ("oui" if bool(v) else "non"))
        elif _is_number(values):
            numbers = values.astype("Float64")
            if kind == "pct":
                numbers = numbers * 100
            numbers = numbers.round(KIND_DECIMALS.get(kind or "", DECIMALS))
            known = numbers.dropna()
            whole = bool(((known - known.round()).abs() < 1e-9).all())  # counts, years, codes: no ',0'
            shown[column] = numbers.round().astype("Int64") if whole else numbers
    return shown.to_csv(index=False, sep=";", decimal=",").encode("utf-8-sig")


NUMBER_FORMATS = {"int": "#,##0", "dec": "#,##0.0#", "pct": "0.0%"}


def xlsx_bytes(
    sheets: dict[str, pd.DataFrame], sources: list[str], kinds: Mapping[str, Mapping[str, str]] | None = None
) -> bytes:
    """One sheet per table plus a 'Sources' sheet; numbers keep a number format (Excel shows them with the
    reader's separators): thousands for counts, decimals for ratios, percent for shares (kept 0-1)."""
    kinds = kinds or {}
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="xlsxwriter") as writer:
        workbook = writer.book
        formats = {kind: workbook.add_format({"num_format": code}) for kind, code in NUMBER_FORMATS.items()}
        for name, frame in sheets.items():
            sheet = re.sub(r"[\[\]:*?/\\]", "-", name)[:31]
            sheet_kinds = kinds.get(name, {})
            written = frame.copy()
            for column in written.columns:
                written[column] = _flat(written[column])
                if _is_number(written[column]) and not pd.api.types.is_integer_dtype(written[column]):
                    written[column] = written[column].astype("Float64").round(DECIMALS)
                if pd.api.types.is_bool_dtype(written[column]) or sheet_kinds.get(column) == "bool":
                    written[column] = written[column].map(lambda v: "" if pd.isna(v) else ("oui" if v else "non"))
            written.to_excel(writer, sheet_name=sheet, index=False)
            worksheet = writer.sheets[sheet]
            worksheet.freeze_panes(1, 0)
            for position, column in enumerate(written.columns):
                values = written[column]
                width = max(len(str(column)), *(len(str(v)) for v in values.head(200))) if len(written) else 12
                kind = sheet_kinds.get(column)
                if kind is None and _is_number(values):
                    whole = values.dropna()
                    kind = "int" if len(whole) and (whole == whole.round()).all() else "dec"
                number_format = formats.get(kind) if _is_number(values) else None
                worksheet.set_column(position, position, min(max(width + 2, 8), 60), number_format)
        pd.DataFrame({"Sources et notes": sources}).to_excel(writer, sheet_name="Sources", index=False)
        writer.sheets["Sources"].set_column(0, 0, 120)
    return buffer.getvalue()


def download_buttons(
    frame: pd.DataFrame | Callable[[], pd.DataFrame],
    basename: str,
    sources: list[str],
    key: str,
    columns: Mapping[str, Column | str] | None = None,
) -> None:
    """CSV and XLSX buttons side by side, French headers with units; the files are generated on click only."""

    def table() -> tuple[pd.DataFrame, dict[str, str]]:
        return french_table(frame() if callable(frame) else frame, columns)

    def csv() -> bytes:
        shown, kinds = table()
        return csv_bytes(shown, kinds)

    def xlsx() -> bytes:
        shown, kinds = table()
        return xlsx_bytes({"Données": shown}, sources, {"Données": kinds})

    row = st.container(horizontal=True, gap="small")
    with row:
        st.download_button(
            "CSV",
            data=csv,
            file_name=f"{slug(basename)}.csv",
            mime="text/csv",
            key=f"{key}-csv",
            on_click="ignore",
            icon=":material/download:",
            help="Pour Excel en français : séparateur point-virgule, virgule décimale, parts en pourcentage.",
        )
        st.download_button(
            "XLSX",
            data=xlsx,
            file_name=f"{slug(basename)}.xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            key=f"{key}-xlsx",
            on_click="ignore",
            icon=":material/download:",
            help="Classeur Excel, avec une feuille des sources.",
        )
