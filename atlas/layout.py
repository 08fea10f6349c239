"""Pieces every page shares: the sidebar choices, captions and the footer."""

from __future__ import annotations

import streamlit as st

from atlas import catalogue, data, queries, state, territories
from atlas.catalogue import Indicator
from atlas.formats import SECRET_ONLY
from atlas.state import Param

APP_TITLE = "Atlas 4.h"


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
    regions = territories.region_options()
    with st.sidebar:
        st.selectbox(
            "Territoire de référence",
            list(regions),
            format_func=regions.get,
            key=state.widget_key("reg"),
            help="Région étudiée (ou la France entière).",
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
    producers = sorted({s["citation"].split(",")[0] for s in metadata["sources"]})
    licences = sorted({part.strip() for s in metadata["sources"] for part in s["licence_short"].split("/")})
    st.divider()
    st.caption(
        f"{APP_TITLE} · données ouvertes : {', '.join(producers)}. Licences : {'; '.join(licences)}. "
        f"Données construites le {metadata['built_at'][:10]}. Détails dans « Méthodologie et sources »."
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
