"""Pieces every page shares: the sidebar choices, captions and the footer."""

from __future__ import annotations

import streamlit as st

from atlas import catalogue, data, queries, state, territories
from atlas.catalogue import Indicator
from atlas.formats import SECRET_ONLY, fmt_date
from atlas.state import Param

APP_TITLE = "Atlas 4.h"


# Streamlit's own words (widget messages, tooltips, labels for screen readers) are English in its bundle, and a
# browser's locale does not change them. A script in the page translates them as they appear: exact texts, then
# patterns; it also declares the page French (lang="fr"). Titles of plotly's toolbar are translated by the
# locale in each chart's config (atlas.maps.plot_config).
STREAMLIT_FRENCH = {
    "No results": "Aucun résultat",
    "No data": "Aucune donnée",
    "No content": "Aucun contenu",
    "Choose an option": "Choisissez une option",
    "Choose options": "Choisissez des options",
    "Select...": "Choisir…",
    "Select all": "Tout choisir",
    "Selected values": "Valeurs choisies",
    "Clear all": "Tout effacer",
    "Clear value": "Effacer",
    "Clear entry": "Effacer",
    "Clear selection": "Effacer la sélection",
    "Clear": "Effacer",
    "Close": "Fermer",
    "Open": "Ouvrir",
    "Add": "Ajouter",
    "Cancel": "Annuler",
    "Increment": "Augmenter",
    "Decrement": "Diminuer",
    "Show password": "Afficher le mot de passe",
    "Hide password": "Masquer le mot de passe",
    "Running...": "Calcul en cours…",
    "Stop": "Arrêter",
    "Stop script": "Arrêter le calcul",
    "Rerun": "Relancer",
    "Always rerun": "Toujours relancer",
    "Connecting": "Connexion",
    "Please wait...": "Veuillez patienter…",
    "Main menu": "Menu principal",
    "Settings": "Paramètres",
    "Print": "Imprimer",
    "Record a screencast": "Filmer l'écran",
    "About": "À propos",
    "Clear cache": "Vider le cache",
    "Clear caches": "Vider les caches",
    "Get help": "Aide",
    "Report a bug": "Signaler un problème",
    "Theme": "Thème",
    "Light": "Clair",
    "Dark": "Sombre",
    "System": "Système",
    "Notifications": "Notifications",
    "Sidebar": "Panneau latéral",
    "App pages": "Pages de l'application",
    "Collapse sidebar": "Replier le panneau latéral",
    "Expand sidebar": "Déplier le panneau latéral",
    "Skip to main content": "Aller au contenu principal",
    "Navigate to home page": "Aller à l'accueil",
    "Link to heading": "Lien vers ce titre",
    "Fullscreen": "Plein écran",
    "Toggle fullscreen": "Plein écran",
    "Close fullscreen": "Quitter le plein écran",
    "Exit fullscreen": "Quitter le plein écran",
    "Download as CSV": "Télécharger en CSV",
    "Download as PNG": "Télécharger en PNG",
    "Search": "Rechercher",
    "Close Search": "Fermer la recherche",
    "Next Result": "Résultat suivant",
    "Previous Result": "Résultat précédent",
    "Copy": "Copier",
    "Copy to clipboard": "Copier",
    "Copy column name": "Copier le nom de la colonne",
    "Dataframe column menu": "Menu de la colonne",
    "Sort ascending": "Tri croissant",
    "Sort descending": "Tri décroissant",
    "Hide column": "Masquer la colonne",
    "Pin column": "Épingler la colonne",
    "Unpin column": "Détacher la colonne",
    "Autosize": "Largeur automatique",
    "Format": "Format",
    "Show data": "Afficher les données",
    "Show chart": "Afficher le graphique",
    "Previous page": "Page précédente",
    "Next page": "Page suivante",
    "Previous month": "Mois précédent",
    "Next month": "Mois suivant",
    "Try again": "Réessayer",
    "Ask Google": "Chercher sur Google",
    "Ask ChatGPT": "Demander à ChatGPT",
    "Script execution error": "Erreur pendant le calcul de la page",
    "An error has occurred, please try again.": "Une erreur est survenue, veuillez réessayer.",
}
STREAMLIT_FRENCH_PATTERNS = [
    (
        r"^You can only select up to (\d+) options?\. Remove an option first\.$",
        "Vous pouvez choisir au plus $1 éléments : retirez-en un d'abord.",
    ),
    (r"^Press Enter to (apply|submit|add)$", "Appuyez sur Entrée pour valider"),
    (r"^Press (⌘|Ctrl)\+Enter to (apply|submit|add)$", "Appuyez sur $1+Entrée pour valider"),
    (r"^Help for (.+)$", "Aide : $1"),
    (
        r"^This app has encountered an error\..*$",
        "Une erreur est survenue sur cette page ; le détail est dans le journal du serveur. Rechargez la page ou "
        "changez de vue.",
    ),
    (r"^Made with Streamlit", "Réalisé avec Streamlit"),
]
TRANSLATED_ATTRIBUTES = ["aria-label", "title", "placeholder", "data-title"]  # data-title: plotly toolbar
# Labels Streamlit cuts with an ellipsis (metric labels, page names) wrap instead; button groups wrap too.
FRENCH_CSS = """
[data-testid="stMetricLabel"], [data-testid="stSidebarNavLink"] { height: auto !important; }
[data-testid="stMetricLabel"] .stMarkdownEllipsis, [data-testid="stMetricLabel"] .stMarkdownEllipsis p,
[data-testid="stSidebarNavLink"] .stMarkdownEllipsis, [data-testid="stSidebarNavLink"] .stMarkdownEllipsis p {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
}
[data-testid="stSidebarNavLink"] .stMarkdownEllipsis p { line-height: 1.3; }
[data-testid="stButtonGroup"] > div { flex-wrap: wrap; }
[data-testid="stElementContainer"]:has(#atlas-french) { display: none; }
"""


def french_interface() -> None:
    """Translate Streamlit's own interface into French in the browser, and let cut labels wrap."""
    import json

    script = (
        "(() => {"
        "document.documentElement.lang = 'fr';"
        "if (window.__atlasFrench) return; window.__atlasFrench = true;"
        f"const exact = {json.dumps(STREAMLIT_FRENCH, ensure_ascii=False)};"
        f"const patterns = {json.dumps(STREAMLIT_FRENCH_PATTERNS, ensure_ascii=False)}"
        ".map(([p, r]) => [new RegExp(p, 's'), r]);"
        f"const attributes = {json.dumps(TRANSLATED_ATTRIBUTES)};"
        "const translate = (text) => {"
        "  const t = text.trim(); if (!t) return null;"
        "  if (Object.prototype.hasOwnProperty.call(exact, t)) return text.replace(t, exact[t]);"
        "  for (const [p, r] of patterns) { if (p.test(t)) return text.replace(t, t.replace(p, r)); }"
        "  return null; };"
        "const fixElement = (el) => { for (const a of attributes) { const v = el.getAttribute(a);"
        "  if (v) { const t = translate(v); if (t !== null && t !== v) el.setAttribute(a, t); } } };"
        "const fixText = (n) => { const t = translate(n.nodeValue || '');"
        "  if (t !== null && t !== n.nodeValue) n.nodeValue = t; };"
        "const fix = (node) => {"
        "  if (node.nodeType === 3) { fixText(node); return; }"
        "  if (node.nodeType !== 1) return; fixElement(node);"
        "  const walker = document.createTreeWalker(node, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);"
        "  while (walker.nextNode()) { const n = walker.currentNode;"
        "    if (n.nodeType === 3) fixText(n); else fixElement(n); } };"
        "new MutationObserver((changes) => { for (const c of changes) {"
        "  if (c.type === 'characterData') fixText(c.target);"
        "  else if (c.type === 'attributes') fixElement(c.target);"
        "  else c.addedNodes.forEach(fix); } })"
        ".observe(document.body, {subtree: true, childList: true, characterData: true, attributes: true,"
        "  attributeFilter: attributes});"
        "fix(document.body);"
        "})();"
    )
    st.html(
        f'<style>{FRENCH_CSS}</style><span id="atlas-french"></span><script>{script}</script>',
        unsafe_allow_javascript=True,
    )


def shared_params() -> list[Param]:
    years = queries.survey_years()
    regions = territories.region_options()

    def region(text: str) -> str:
        code = text.upper()
        if code not in regions:
            raise ValueError(text)
        return code

    def year(text: str) -> int:
        value = int(text)
        if value not in years:
            raise ValueError(text)
        return value

    return [
        Param("reg", territories.DEFAULT_REGION, region, label="la région"),
        Param("year", years[-1], year, label="l'année d'enquête"),
        Param("voisines", "non", state.one_of(list(NEIGHBOURS)), label="les zones des régions voisines"),
    ]


# Zones touching the région but lying mostly in another: left out of rankings and group figures by default.
NEIGHBOURS = {"non": "Écartées des classements", "oui": "Incluses dans les classements"}


def include_neighbours() -> bool:
    """The user's choice for zones lying mostly in another région (sidebar, URL `voisines=oui`)."""
    return state.value("voisines") == "oui"


def shared_state(page: str) -> tuple[str, int]:
    """Region and survey year from the URL (or the session), before any page draws."""
    params = shared_params()
    state.apply_url(page, params, keep_when_absent=state.SHARED, page_params=False)
    years = queries.survey_years()
    state.ensure_valid("year", years, years[-1], "Année")
    state.ensure_valid("reg", list(territories.region_options()), territories.DEFAULT_REGION, "Territoire")
    state.ensure_valid("voisines", list(NEIGHBOURS), "non", "Zones voisines")
    return state.value("reg"), int(state.value("year"))


def sidebar_widgets() -> None:
    """The region and year selectors, drawn after the page so its figures reach the browser first.

    Their values are already in session state (shared_state), so the page ran with them; a change
    here reruns the script like any widget.
    """
    from atlas import picker, search

    regions = territories.region_options()
    with st.sidebar:
        search.search_box(state.value("reg"), int(state.value("year")))
        st.selectbox(
            "Territoire de référence",
            list(regions),
            format_func=regions.get,
            key=state.widget_key("reg"),
            help="Région étudiée (ou la France entière). En changer affiche un territoire de la nouvelle région.",
            on_change=picker.region_changed,
            args=(state.value("reg"),),
        )
        st.selectbox(
            "Année de l'enquête BMO",
            queries.survey_years(),
            key=state.widget_key("year"),
            help="Enquête Besoins en main-d'œuvre de France Travail, publiée chaque printemps.",
        )
        if state.value("reg") != territories.FRANCE:
            st.radio(
                "Zones surtout situées dans une région voisine",
                list(NEIGHBOURS),
                format_func=NEIGHBOURS.get,
                key=state.widget_key("voisines"),
                help="Une zone d'emploi qui touche la région mais dont la population vit surtout dans une autre "
                "(Ussel, Mâcon pour Auvergne-Rhône-Alpes) reste sur les cartes, mais n'entre dans les classements "
                "et les totaux par groupe de zones que si vous l'incluez.",
            )


def source_caption(indicator: Indicator | None = None, extra: str = "") -> None:
    text = catalogue.source_line(indicator) if indicator else ""
    st.caption(" ".join(t for t in (text, extra) if t))


def bmo_caption(year: int) -> str:
    return (
        f"Source : France Travail, enquête Besoins en main-d'œuvre {year} (Licence Ouverte 2.0) ; "
        "zones d'emploi INSEE 2020. Bassins BMO ventilés en zones d'emploi selon les emplois au lieu de travail "
        "(recensement 2018)."
    )


def footer() -> None:
    metadata = data.metadata()
    producers = sorted({catalogue.producer(s["citation"]) for s in metadata["sources"]}, key=str.casefold)
    licences = sorted({part.strip() for s in metadata["sources"] for part in s["licence_short"].split("/")})
    st.divider()
    st.caption(
        f"{APP_TITLE} · données ouvertes : {', '.join(producers)}. Licences : {' ; '.join(licences)}. "
        f"Données construites le {fmt_date(metadata['built_at'])}. Détails dans « Méthodologie et sources » ; "
        "tables et dictionnaire des données dans « Données »."
    )


def figure_metric(
    column: st.delta_generator.DeltaGenerator,
    label: str,
    value: str,
    *,
    lower_bound: bool = False,
    delta: str | None = None,
    delta_color: str = "off",
    since: int | None = None,
    help: str | None = None,
    caveat: str | None = None,
) -> None:
    """A headline figure; sums that are minimums say so in their label, changes name the earlier year,
    and a change resting on a fragile figure is greyed and says why it needs caution."""
    if lower_bound and value == "0":  # published cells sum to 0, some are secret: never "au moins 0"
        value, lower_bound = SECRET_ONLY, False
    description = f"depuis {since}" if since and delta else None
    if caveat and delta:
        description = f"{description} ⚠"
        help = f"{help or ''} À interpréter avec prudence ({caveat}).".strip()
    column.metric(
        f"{label} (au moins)" if lower_bound else label,
        value,
        delta=delta,
        delta_color="off" if caveat and delta else delta_color,
        delta_description=description,
        help=help,
    )


def light_table(frame, *, numeric: tuple[str, ...] = (), max_height: int = 420) -> None:
    """A formatted table drawn as plain HTML: appears at once and prints well (no data-grid library)."""
    from atlas.html_table import html_table

    st.markdown(html_table(frame, numeric=numeric, max_height=max_height), unsafe_allow_html=True)


SUM_HELP = "Somme des cellules publiées : un minimum lorsque des cellules sont couvertes par le secret statistique."
SHARE_HELP = (
    "Projets difficiles publiés rapportés aux projets publiés (les cellules secrètes comptent pour 0), proche "
    "du chiffre national publié par France Travail."
)


def share_bounds(total) -> str:
    """'Selon ce que cachent les cellules secrètes : entre 55,7 % et 65,1 %.'"""
    from atlas.formats import fmt_pct

    low, high = total.get("difficult_share_low"), total.get("difficult_share_high")
    if low is None or high is None or not high > low:
        return ""
    return f"Selon ce que cachent les cellules secrètes : entre {fmt_pct(low)} et {fmt_pct(high)}."


def recruitment_metrics(level: str, code: str, year: int, industry_word: str = "industrie") -> None:
    """Four headline figures: projects and difficult share, all and industrial occupations, with their change."""
    from atlas.formats import fmt_change, fmt_int, fmt_pct, fmt_points
    from atlas.scopes import Scope

    columns = st.columns(4)
    for index, scope in enumerate((Scope("all"), Scope("industrial"))):
        what = "tous métiers" if scope.kind == "all" else industry_word
        total = queries.bmo_total(level, code, year, scope)
        if total is None:
            columns[2 * index].metric(f"Projets, {what}", "–")
            continue
        change = queries.change(level, code, year, scope)
        figure_metric(
            columns[2 * index],
            f"Projets, {what}",
            fmt_int(total["projects"]),
            lower_bound=total["projects_secret"] > 0,
            delta=fmt_change(change["projects"]) if change["projects"] is not None else None,
            since=change["year"],
            help=SUM_HELP,
            caveat=change["caveat"],
        )
        figure_metric(
            columns[2 * index + 1],
            f"Part difficile, {what}",
            fmt_pct(total["difficult_share"]),
            delta=fmt_points(change["difficult_share"]) if change["difficult_share"] is not None else None,
            delta_color="inverse",
            since=change["year"],
            help=f"{SHARE_HELP} {share_bounds(total)}",
            caveat=change["caveat"],
        )


def static_chart(svg: str, basename: str, key: str) -> None:
    """A chart drawn on the server as SVG (atlas.svgcharts): shown at once, no chart library to load in the
    browser, with its SVG and PNG downloads (made on click only)."""
    from atlas import svgmap

    st.markdown(svg, unsafe_allow_html=True)
    svgmap.download_buttons(svg, basename, key=key, noun="Graphique")
