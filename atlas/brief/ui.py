"""The "fiche à emporter" panel of the Territoire and Comparer pages."""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

import streamlit as st

from atlas.brief.content import DEFAULT_APP_URL, selection_brief, territory_brief
from atlas.brief.render import BriefRenderer, BrowserUnavailableError


def app_url() -> str:
    """Scheme and host of the running app, for links that reopen the view."""
    try:
        parts = urlsplit(st.context.url or "")
    except Exception:
        return DEFAULT_APP_URL
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else DEFAULT_APP_URL


def _zip(paths: list[Path]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in paths:
            archive.write(path, path.name)
    return buffer.getvalue()


def brief_panel(kind: str, codes: list[str], year: int, key: str) -> None:
    """A button that prints the brief (PDF, PNG charts, XLSX), then the download buttons."""
    state_key = f"brief:{key}:{kind}:{','.join(codes)}:{year}"
    st.subheader("Fiche à emporter")
    st.caption("Une fiche PDF de deux à quatre pages, ses graphiques en PNG, un classeur XLSX et le lien de cette vue.")
    if st.button("Préparer la fiche PDF", key=f"{key}-make", icon=":material/picture_as_pdf:"):
        try:
            with st.spinner("Préparation de la fiche…"), tempfile.TemporaryDirectory() as tmp:
                brief = (
                    selection_brief(codes, year, app_url())
                    if kind == "zones"
                    else territory_brief(kind, codes[0], year, app_url())
                )
                with BriefRenderer() as renderer:
                    files = renderer.render(brief, Path(tmp))
                st.session_state[state_key] = {
                    "pdf": files.pdf.read_bytes(),
                    "pdf_name": files.pdf.name,
                    "xlsx": files.xlsx.read_bytes(),
                    "xlsx_name": files.xlsx.name,
                    "png": _zip(files.pngs),
                    "png_name": f"{brief.slug}-graphiques.zip",
                    "link": files.link,
                }
        except BrowserUnavailableError as error:
            st.error(str(error))
    made = st.session_state.get(state_key)
    if made:
        row = st.container(horizontal=True)
        with row:
            st.download_button(
                "PDF",
                made["pdf"],
                made["pdf_name"],
                "application/pdf",
                key=f"{key}-pdf",
                on_click="ignore",
                icon=":material/download:",
            )
            st.download_button(
                "Graphiques PNG (zip)",
                made["png"],
                made["png_name"],
                "application/zip",
                key=f"{key}-png",
                on_click="ignore",
                icon=":material/download:",
            )
            st.download_button(
                "Tableaux XLSX",
                made["xlsx"],
                made["xlsx_name"],
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                key=f"{key}-xlsx",
                on_click="ignore",
                icon=":material/download:",
            )
        st.markdown(f"Lien de cette vue : [{made['link']}]({made['link']})")
