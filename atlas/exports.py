"""Downloads of what a view shows: CSV and XLSX tables (with their source), built only when clicked."""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Callable

import pandas as pd
import streamlit as st


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:80]


DECIMALS = 4  # shares keep a hundredth of a point, ratios four decimals: no 13-digit tails


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """A CSV that French Excel opens in columns: `;` separators, decimal commas, booleans as oui/non,
    rounded numbers, UTF-8 with a BOM so that accents read right."""
    shown = frame.copy()
    for column in shown.columns:
        values = shown[column]
        if pd.api.types.is_bool_dtype(values):
            shown[column] = values.map({True: "oui", False: "non"})
        elif pd.api.types.is_float_dtype(values):
            shown[column] = values.round(DECIMALS)
    return shown.to_csv(index=False, sep=";", decimal=",").encode("utf-8-sig")


def xlsx_bytes(sheets: dict[str, pd.DataFrame], sources: list[str]) -> bytes:
    """One sheet per table plus a 'Sources' sheet."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="xlsxwriter") as writer:
        for name, frame in sheets.items():
            sheet = re.sub(r"[\[\]:*?/\\]", "-", name)[:31]
            frame.to_excel(writer, sheet_name=sheet, index=False)
            worksheet = writer.sheets[sheet]
            for position, column in enumerate(frame.columns):
                width = max(len(str(column)), *(len(str(v)) for v in frame[column].head(200))) if len(frame) else 12
                worksheet.set_column(position, position, min(max(width + 2, 8), 60))
        pd.DataFrame({"Sources et notes": sources}).to_excel(writer, sheet_name="Sources", index=False)
        writer.sheets["Sources"].set_column(0, 0, 120)
    return buffer.getvalue()


def download_buttons(
    frame: pd.DataFrame | Callable[[], pd.DataFrame], basename: str, sources: list[str], key: str
) -> None:
    """CSV and XLSX buttons side by side; the files are generated on click only."""

    def table() -> pd.DataFrame:
        return frame() if callable(frame) else frame

    row = st.container(horizontal=True, gap="small")
    with row:
        st.download_button(
            "CSV",
            data=lambda: csv_bytes(table()),
            file_name=f"{slug(basename)}.csv",
            mime="text/csv",
            key=f"{key}-csv",
            on_click="ignore",
            icon=":material/download:",
        )
        st.download_button(
            "XLSX",
            data=lambda: xlsx_bytes({"Données": table()}, sources),
            file_name=f"{slug(basename)}.xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            key=f"{key}-xlsx",
            on_click="ignore",
            icon=":material/download:",
        )
