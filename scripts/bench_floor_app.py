"""Bench floor (scripts/bench_load.py, phase "floor"): what a crowd of browsers costs on a Streamlit page that
does almost nothing.

On a small machine the test's own browsers take most of the CPU, and a fresh browser context pays about two
seconds of CPU to load any Streamlit page: a target of the load benchmark may then be out of reach of every
Streamlit page, whatever the dashboard does. This app is the control that says so. It offers the dashboard's
Carte, Territoire and Comparer pages under the same URL paths, in the sidebar navigation, with the same controls
(same types, same widget keys), the year in the sidebar and a last caption saying "données ouvertes", so that
bench_load's unchanged Driver replays the same seeded actions on it. But each page only draws its controls and a
small piece of content built from constants (an inline SVG, a few metrics, a small table): no data, no cache, no
chart library. The figures are made up and say so: it is the framework's floor, not a copy of the dashboard.
"""

from __future__ import annotations

import zlib

import streamlit as st

YEARS = list(range(2016, 2026))
LEVELS = {"ze": "Zone d'emploi", "dep": "Département", "reg": "Région"}
LEVEL_PLURALS = {"ze": "Zones d'emploi", "dep": "Départements", "reg": "Régions"}
# Place names per level with made-up codes (nothing here is read from the data), varied enough that typing any
# letter filters the list to something.
PLACES = {
    "ze": {
        "0051": "Abbeville",
        "2409": "Besançon",
        "5217": "Cholet",
        "3203": "Dunkerque",
        "8413": "Grenoble",
        "3212": "Lens",
        "5211": "Le Mans",
        "4411": "Mulhouse",
        "2411": "Pontarlier",
        "8422": "Roanne",
        "8425": "Saint-Étienne",
        "7624": "Tarbes",
        "3219": "Valenciennes",
        "5310": "Vitré",
        "8401": "Annecy",
        "2402": "Bourges",
        "2804": "Dieppe",
        "5307": "Lorient",
        "2707": "Montbéliard",
        "7621": "Rodez",
        "8428": "Thiers",
        "8418": "Oyonnax",
        "7613": "Figeac",
        "9311": "Manosque",
    },
    "dep": {
        "01": "Ain",
        "08": "Ardennes",
        "25": "Doubs",
        "38": "Isère",
        "42": "Loire",
        "49": "Maine-et-Loire",
        "59": "Nord",
        "62": "Pas-de-Calais",
        "68": "Haut-Rhin",
        "72": "Sarthe",
        "76": "Seine-Maritime",
        "88": "Vosges",
    },
    "reg": {
        "11": "Île-de-France",
        "24": "Centre-Val de Loire",
        "27": "Bourgogne-Franche-Comté",
        "28": "Normandie",
        "32": "Hauts-de-France",
        "44": "Grand Est",
        "52": "Pays de la Loire",
        "53": "Bretagne",
        "75": "Nouvelle-Aquitaine",
        "76": "Occitanie",
        "84": "Auvergne-Rhône-Alpes",
        "93": "Provence-Alpes-Côte d'Azur",
    },
}
INDICATORS = {
    "industrial_share_jobs": "Part de l'industrie dans l'emploi",
    "industrial_projects": "Projets de recrutement industriels",
    "industrial_difficult_share": "Part des projets industriels jugés difficiles",
    "departures_rate": "Départs à la retraite sur dix ans",
    "bts_places": "Places de BTS pour 100 projets",
}
SCOPES = {
    "all": "Tous métiers",
    "industrial": "Métiers industriels",
    "C": "Domaine C : mécanique, travail des métaux",
    "D": "Domaine D : électricité, électronique",
    "E": "Domaine E : industries de process",
    "G": "Domaine G : maintenance",
    "C1Z40": "Soudeurs",
    "C1Z80": "Chaudronniers, tôliers",
    "D2Z40": "Techniciens en électricité",
    "E1Z42": "Pilotes d'installation",
    "G0A40": "Mécaniciens de maintenance",
    "H0Z90": "Agents de laboratoire",
}
TYPOLOGIES = {"tous": "Tous", "urbain": "Urbain", "intermediaire": "Intermédiaire", "rural": "Rural"}
TRENDS = {"industrial": "Industrie", "all": "Tous métiers", **{d: f"Domaine {d}" for d in "CDEFGH"}}
MAX_ZONES = 4


def made_up(*parts: object) -> int:
    """A made-up figure, stable for given choices (the floor reads no data)."""
    return zlib.crc32("|".join(map(str, parts)).encode()) % 1000


def year() -> int:
    return int(st.session_state.get("url:year") or YEARS[-1])


def zone_label(code: str) -> str:
    return f"{PLACES['ze'][code]} ({code})"


def carte() -> None:
    st.title("Carte")
    first_row = st.columns(2)
    indicator = first_row[0].selectbox("Indicateur", list(INDICATORS), format_func=INDICATORS.get, key="url:indicator")
    scope = first_row[1].selectbox("Métiers", list(SCOPES), format_func=SCOPES.get, key="url:scope")
    second_row = st.columns(2)
    level = second_row[0].segmented_control(
        "Niveau", list(LEVELS), format_func=LEVEL_PLURALS.get, default="ze", key="url:level", required=True
    )
    typology = second_row[1].segmented_control(
        "Territoires", list(TYPOLOGIES), format_func=TYPOLOGIES.get, default="tous", key="url:typology", required=True
    )
    st.subheader(f"{INDICATORS[indicator]} — {SCOPES[scope]} — {year()}")
    shades = [made_up(indicator, scope, level, typology, year(), i) % 5 for i in range(6)]
    colours = ["#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"]
    paths = "".join(
        f'<path d="M{20 + 60 * (i % 3)} {20 + 60 * (i // 3)} h55 v55 h-55 z" fill="{colours[s]}"/>'
        for i, s in enumerate(shades)
    )
    st.markdown(
        f'<svg role="img" aria-label="Carte (page minimale)" viewBox="0 0 220 160" width="220">{paths}</svg>',
        unsafe_allow_html=True,
    )


def territoire() -> None:
    controls = st.columns([2, 3])
    level = controls[0].segmented_control(
        "Niveau", list(LEVELS), format_func=LEVELS.get, default="ze", key="url:level", required=True
    )
    places = PLACES[level]
    code = controls[1].selectbox("Territoire", list(places), format_func=lambda c: f"{places[c]} ({c})", key="url:code")
    st.title(f"{places[code]} ({code})")
    columns = st.columns(3)
    columns[0].metric("Emplois industriels", f"{made_up(code, 'jobs') * 40:,}".replace(",", " "))
    columns[1].metric("Part de l'industrie", f"{made_up(code, 'share') % 300 / 10:.1f} %".replace(".", ","))
    columns[2].metric(f"Projets de recrutement {year()}", f"{made_up(code, year()) * 3:,}".replace(",", " "))
    trend(code)


@st.fragment
def trend(code: str) -> None:
    """Like the dashboard's trend section, a fragment: its control reruns this part only."""
    chosen = st.segmented_control(
        "Métiers", list(TRENDS), format_func=TRENDS.get, default="industrial", key="url:trend", required=True
    )
    st.metric(f"Projets jugés difficiles — {TRENDS[chosen]}", f"{made_up(code, chosen) % 100} %")


def add(code: str) -> None:
    """'Ajouter' button callback."""
    zones = list(st.session_state.get("url:zones") or [])
    if code not in zones and len(zones) < MAX_ZONES:
        st.session_state["url:zones"] = [*zones, code]


def comparer() -> None:
    st.title("Comparer des zones d'emploi")
    codes = list(PLACES["ze"])
    st.session_state.setdefault("url:zones", codes[:2])
    chosen = st.multiselect(
        f"Zones d'emploi à comparer (2 à {MAX_ZONES})",
        codes,
        format_func=zone_label,
        key="url:zones",
        max_selections=MAX_ZONES,
        placeholder="Choisissez des territoires",
    )
    if len(chosen) < 2:
        st.info("Choisissez au moins deux zones d'emploi, ou ajoutez des zones semblables ci-dessous.")
    if chosen:
        header = "| | " + " | ".join(zone_label(c) for c in chosen) + " |"
        rows = [
            f"| {label} | " + " | ".join(str(made_up(c, label, year())) for c in chosen) + " |"
            for label in ("Emplois industriels (centaines)", "Projets industriels", "Départs sur dix ans")
        ]
        st.markdown("\n".join([header, "|---" * (len(chosen) + 1) + "|", *rows]))
        first = codes.index(chosen[0])
        st.subheader(f"Zones semblables à {zone_label(chosen[0])}")
        for code in (codes[(first + k) % len(codes)] for k in range(1, 6)):
            if code in chosen:
                continue
            cols = st.columns([5, 1])
            cols[0].write(f"**{zone_label(code)}** — écart {made_up(chosen[0], code) / 500:.2f}")
            cols[1].button(
                "Ajouter",
                key=f"add-{code}",
                disabled=len(chosen) >= MAX_ZONES,
                on_click=add,
                args=(code,),
            )


def accueil() -> None:
    st.title("Vue d'ensemble")
    st.write("Page minimale du banc de charge : les pages Carte, Territoire et Comparer, sans données.")


page = st.navigation(
    [
        st.Page(accueil, title="Vue d'ensemble", icon=":material/dashboard:", default=True),
        st.Page(carte, title="Carte", icon=":material/map:", url_path="carte"),
        st.Page(territoire, title="Territoire", icon=":material/location_on:", url_path="territoire"),
        st.Page(comparer, title="Comparer", icon=":material/compare_arrows:", url_path="comparer"),
    ]
)
st.set_page_config(page_title=f"{page.title} · Atlas 4.h (plancher)", layout="wide")
page.run()
with st.sidebar:
    st.selectbox("Année de l'enquête BMO", YEARS, index=len(YEARS) - 1, key="url:year")
st.divider()
st.caption("Atlas 4.h · page minimale du banc de charge, chiffres fictifs · données ouvertes : aucune lue ici.")
