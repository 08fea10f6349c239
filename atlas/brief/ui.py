"""The "fiche à emporter" panel of the Territoire and Comparer pages."""

from __future__ import annotations

from urllib.parse import urlsplit

import streamlit as st

from atlas import data
from atlas.brief.content import DEFAULT_APP_URL, selection_brief, territory_brief
from atlas.brief.model import Brief
from atlas.brief.render import BrowserUnavailableError
from atlas.brief.service import BriefQueueFullError, BriefService


def app_url() -> str:
    """Scheme and host of the running app, for links that reopen the view."""
    try:
        parts = urlsplit(st.context.url or "")
    except Exception:
        return DEFAULT_APP_URL
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else DEFAULT_APP_URL


@st.cache_resource(show_spinner=False)
def brief_service() -> BriefService:
    """The server's one brief service, shared by every session (one Chromium, one queue, one cache)."""
    return BriefService()


def data_version() -> str:
    """Briefs of a rebuilt dataset are new briefs."""
    return f"{data.CONTRACT}:{data.metadata()['built_at']}"


def brief_panel(kind: str, codes: list[str], year: int, key: str) -> None:
    """A button that prints the brief (PDF, PNG charts, XLSX), then the download buttons.

    A brief already printed for this view and data (by any session) is offered at once."""
    service = brief_service()
    request = (kind, tuple(codes), year, app_url(), data_version())
    st.subheader("Fiche à emporter")
    st.caption("Une fiche PDF de deux à quatre pages, ses graphiques en PNG, un classeur XLSX et le lien de cette vue.")
    made = service.cached(request)
    if made is None and st.button("Préparer la fiche PDF", key=f"{key}-make", icon=":material/picture_as_pdf:"):

        def make() -> Brief:
            if kind == "zones":
                return selection_brief(codes, year, app_url())
            return territory_brief(kind, codes[0], year, app_url())

        try:
            job = service.request(request, make)
            waiting = service.waiting()
            label = "Préparation de la fiche…" + (f" ({waiting} en cours ou en attente)" if waiting > 1 else "")
            with st.spinner(label):
                made = job.result(timeout=300)
        except BriefQueueFullError as error:
            st.warning(str(error), icon=":material/hourglass_top:")
        except BrowserUnavailableError as error:
            st.error(str(error))
    if made:
        row = st.container(horizontal=True)
        with row:
            st.download_button(
                "PDF",
                made.pdf,
                made.pdf_name,
                "application/pdf",
                key=f"{key}-pdf",
                on_click="ignore",
                icon=":material/download:",
            )
            st.download_button(
                "Graphiques PNG (zip)",
                made.png_zip,
                made.png_zip_name,
                "application/zip",
                key=f"{key}-png",
                on_click="ignore",
                icon=":material/download:",
            )
            st.download_button(
                "Tableaux XLSX",
                made.xlsx,
                made.xlsx_name,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                key=f"{key}-xlsx",
                on_click="ignore",
                icon=":material/download:",
            )
        st.markdown(f"Lien de cette vue : [{made.link}]({made.link})")
