"""Atlas 4.h router: pages, the shared sidebar (region, year) and the footer."""

from __future__ import annotations

import streamlit as st

from atlas import data, layout, state

PAGES = [
    st.Page("app_pages/overview.py", title="Vue d'ensemble", icon=":material/dashboard:", default=True),
    st.Page("app_pages/map.py", title="Carte", icon=":material/map:", url_path="carte"),
    st.Page("app_pages/territory.py", title="Territoire", icon=":material/location_on:", url_path="territoire"),
    st.Page("app_pages/compare.py", title="Comparer", icon=":material/compare_arrows:", url_path="comparer"),
    st.Page("app_pages/ageing.py", title="Âges et renouvellement", icon=":material/elderly:", url_path="ages"),
    st.Page("app_pages/training.py", title="Formation et besoins", icon=":material/school:", url_path="formation"),
    st.Page("app_pages/urban_rural.py", title="Urbain et rural", icon=":material/landscape:", url_path="urbain-rural"),
    st.Page(
        "app_pages/upskilling.py",
        title="Monter en compétences ou recruter",
        icon=":material/trending_up:",
        url_path="competences",
    ),
    st.Page("app_pages/data.py", title="Données", icon=":material/table_view:", url_path="donnees"),
    st.Page(
        "app_pages/methodology.py",
        title="Méthodologie et sources",
        icon=":material/menu_book:",
        url_path="methodologie",
    ),
]

page = st.navigation(PAGES)
# Each browser tab names its page ("Carte · Atlas 4.h"): a fixed page_title would hide the page's own.
st.set_page_config(page_title=f"{page.title} · {layout.APP_TITLE}", page_icon=":material/factory:", layout="wide")
layout.french_interface()
with st.sidebar:
    st.markdown("**Atlas 4.h** · compétences industrielles et tensions de recrutement")
problem = data.data_problem()
if problem:
    st.error(problem, icon=":material/database:")
    st.stop()
page_id = page.url_path or "overview"
layout.shared_state(page_id)
page.run()
layout.sidebar_widgets()
state.publish_view(page_id)
layout.footer()
