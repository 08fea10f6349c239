"""Gather a brief's figures, tables and map with the same queries and chart functions as the pages."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

import pandas as pd

from atlas import (
    ageing,
    catalogue,
    data,
    maps,
    profiles,
    queries,
    svgcharts,
    svgmap,
    territories,
    training,
    upskilling,
    urban_rural,
)
from atlas.brief.model import Brief, Figure, Section, TableBlock
from atlas.exports import slug
from atlas.formats import SECRET_ONLY, fmt_change, fmt_count, fmt_int, fmt_pct, fmt_points
from atlas.scopes import Scope

INDUSTRY = Scope("industrial")
# Pixels of a chart's drawing, shown 180 mm wide on the page: wider than the app's, so that the text prints small
# and the four pages hold.
CHART_WIDTH = 760
DEFAULT_APP_URL = "http://localhost:8501"


def bmo_source(year: int) -> str:
    return (
        f"Source : France Travail, enquête Besoins en main-d'œuvre {year} (Licence Ouverte 2.0), bassins ventilés "
        "en zones d'emploi selon les emplois au lieu de travail (recensement 2018) ; INSEE, zonages 2024."
    )


def sources_list() -> list[str]:
    """Every source of the build, in French: its citation (a yearly series once: enquête BMO 2016-2025), licence
    and the publisher's page (last page of the brief)."""
    series: dict[str, dict] = {}
    for source in data.metadata()["sources"]:
        key = catalogue.collapse_years([source["citation"]])[0].rstrip("0123456789- ,")
        entry = series.setdefault(key, {"citations": [], "licences": [], "page": source["page"]})
        entry["citations"].append(source["citation"])
        for part in source["licence_short"].split(" / "):
            if part.strip() not in entry["licences"]:
                entry["licences"].append(part.strip())
    lines = []
    for entry in series.values():
        cited = " ; ".join(catalogue.collapse_years(entry["citations"]))
        lines.append(f"{cited} — {catalogue.licence_text(entry['licences']).rstrip('.')} — {entry['page']}")
    return lines


def _view_link(base_url: str, page: str, params: dict[str, str]) -> str:
    return f"{base_url.rstrip('/')}/{page}?{urlencode(params)}"


def headline_section(level: str, code: str, year: int) -> Section:
    info = profiles.info(level, code)
    totals = {scope.kind: queries.bmo_total(level, code, year, scope) for scope in (Scope("all"), INDUSTRY)}
    change = queries.change(level, code, year, INDUSTRY)
    typology = territories.TYPOLOGY_LABELS.get(info["typology"], "")
    paragraphs = [
        f"{info['name']} compte {fmt_int(info['population'])} habitants (2021) répartis dans "
        f"{fmt_int(info['n_communes'])} communes ; {fmt_pct(info['rural_pop_share'])} d'entre eux vivent dans une "
        f"commune rurale, ce qui en fait un territoire {typology.lower()}.",
    ]
    industry = totals["industrial"]
    if industry is not None:
        projects = fmt_count(industry["projects"], industry["projects_secret"])
        if projects == SECRET_ONLY:
            text = (
                f"En {year}, les projets de recrutement dans les métiers industriels y relèvent du secret statistique"
            )
        else:
            text = (
                f"En {year}, les employeurs y prévoient {projects} recrutements dans les métiers industriels, dont "
                f"{fmt_pct(industry['difficult_share'])} jugés difficiles"
            )
        if change["difficult_share"] is not None:
            text += f" ({fmt_points(change['difficult_share'])} par rapport à {change['year']})"
        paragraphs.append(text + profiles.caution(change["caveat"]) + ".")
        paragraphs.extend(profiles.trend_sentences(level, code, year))
    rows = profiles.recruitment_rows(level, code, year)
    table = TableBlock(
        "Recrutement",
        f"Projets de recrutement {year}, comparés à la région et à la France",
        profiles.recruitment_shown(rows),
        rows,
        bmo_source(year),
    )
    return Section(
        "Le territoire en bref", paragraphs=paragraphs, tables=[table], svg=profiles.locator_svg(level, code, width=520)
    )


def recruitment_section(level: str, code: str, year: int) -> Section:
    series = profiles.trend_series(level, code)
    own = series[str(profiles.info(level, code)["name"])]
    years = queries.survey_years()
    cut = queries.nomenclature_break()
    trend = Figure(
        "tendance-difficulte",
        f"Part des projets industriels jugés difficiles, {years[0]}-{years[-1]} (bande : bornes selon le secret)",
        svgcharts.trend_lines(
            series, "difficult_share", "pct", band=True, nomenclature_break=cut, width=CHART_WIDTH, height=230
        ),
        bmo_source(year) + " Points creux : années fragiles.",
    )
    projects = Figure(
        "projets-industriels",
        "Projets de recrutement industriels et projets difficiles (hachuré : année fragile)",
        svgcharts.projects_bars(own, nomenclature_break=cut, width=CHART_WIDTH, height=210),
        bmo_source(year),
    )
    shown, raw = profiles.occupations(level, code, year, count=6)
    occupations = TableBlock(
        "Métiers difficiles",
        f"Les métiers industriels aux projets les plus difficiles ({year})",
        shown,
        raw,
        bmo_source(year) + " « au moins » : des cellules sont secrètes.",
    )
    change = queries.change(level, code, year, INDUSTRY)
    paragraphs = []
    if change["projects"] is not None:
        paragraphs.append(
            f"Les projets industriels évoluent de {fmt_change(change['projects'])} par rapport à {change['year']}"
            f"{profiles.caution(change['caveat'])}. Les enquêtes codent les métiers en FAP 2009 jusqu'en 2023, en "
            "FAP 2021 ensuite : le périmètre industriel (domaines C à H) reste comparable."
        )
    return Section(
        "Difficultés de recrutement dans l'industrie",
        paragraphs=paragraphs,
        figures=[trend, projects],
        tables=[occupations],
        page_break_before=True,
    )


def renewal_section(level: str, code: str, year: int) -> Section:
    """Ageing, estimated departures, BTS supply against needs, and the urban/rural context."""
    info = profiles.info(level, code)
    paragraphs = []
    span = ageing.departures_range(level, code)
    if span is not None:
        low, high = span
        paragraphs.append(
            f"Départs en fin de carrière attendus dans les métiers industriels : environ {fmt_int(high)} par an "
            f"selon la projection « Les métiers en 2030 » ({fmt_int(low)} par an en lecture basse, par le "
            "recensement). " + ageing.projection_text(level, code)
        )
    else:
        paragraphs.append(
            "Pas d'estimation des départs : la projection « Les métiers en 2030 » ne couvre pas l'outre-mer."
        )
    figures = []
    bands = ageing.age_bands(level, code)
    if len(bands) > 1:
        figures.append(
            Figure(
                "structure-ages",
                "Structure par âge (recensement 2022)",
                ageing.age_bands_chart(bands),
                "Source : INSEE, recensement de la population 2022 (IRIS agrégés).",
                height=220,
            )
        )
    domains = training.fit_by_domain(level, code, year)
    fit = TableBlock(
        "Formation et besoins",
        f"Besoins de recrutement et places de BTS par domaine industriel ({year})",
        training.fit_shown(domains),
        domains.reset_index(),
        "Sources : France Travail BMO ; MESR Parcoursup (places, vœux) ; BCN, Certif Info, DARES (lien diplôme → "
        f"métier). Alerte : {training.alert_rule()}. Formations à distance (CNED…) comptées au niveau national "
        "seulement. « au moins » : des cellules sont secrètes.",
    )
    reg = str(info["reg"]) if level != "reg" else code
    contrast = urban_rural.compare(urban_rural.zone_rows(reg, year), urban_rural.territory_row(reg, year))
    lines = urban_rural.sentences(
        contrast,
        "de la région",
        only=("industrial_difficult_share", "departures_per_100_jobs", "bts_places_per_100_projects"),
    )
    typology = territories.TYPOLOGY_LABELS.get(info["typology"], "").lower()
    paragraphs.append(
        f"Contexte urbain / rural : {info['name']} est un territoire {typology}. Dans sa région, " + " ".join(lines)
    )
    return Section(
        "Renouvellement, formation et contexte",
        paragraphs=paragraphs,
        figures=figures,
        tables=[fit],
        page_break_before=True,
    )


def routes_section(level: str, code: str) -> Section:
    """Four routes to fill the industrial positions (projection « Les métiers en 2030 »), with the figures the
    Monter en compétences page shows, in a few lines on the first page: the brief keeps to four pages."""
    return Section("Quatre voies pour pourvoir les postes", paragraphs=[upskilling.brief_text(level, code)])


def territory_brief(level: str, code: str, year: int | None = None, base_url: str = DEFAULT_APP_URL) -> Brief:
    year = year or queries.survey_years()[-1]
    info = profiles.info(level, code)
    sections = [
        headline_section(level, code, year),
        routes_section(level, code),
        recruitment_section(level, code, year),
        renewal_section(level, code, year),
    ]
    link = _view_link(
        base_url, "territoire", {"level": level, "code": code, "year": str(year), "reg": str(info["reg"])}
    )
    return Brief(
        slug=f"atlas-4h-{level}-{code}-{slug(str(info['name']))}-{year}",
        title=f"{info['name']} ({code})",
        subtitle=f"{territories.LEVEL_LABELS[level]} · portrait emploi, compétences et recrutement industriel",
        built_at=data.metadata()["built_at"][:10],
        link=link,
        sections=sections,
        sources=sources_list(),
    )


def selection_brief(codes: list[str], year: int | None = None, base_url: str = DEFAULT_APP_URL) -> Brief:
    """Two to four zones d'emploi side by side."""
    if not 2 <= len(codes) <= 4:
        raise ValueError("une sélection compte de deux à quatre zones d'emploi")
    year = year or queries.survey_years()[-1]
    profile = pd.DataFrame([queries.zone_profile_row(c, year) for c in codes])
    labels = [f"{n} ({c})" for n, c in zip(profile["name"], profile["code"], strict=True)]
    shown = pd.DataFrame(
        {
            "Zone d'emploi": labels,
            "Population": [fmt_int(v) for v in profile["population"]],
            "Typologie": [territories.TYPOLOGY_LABELS.get(t, t) for t in profile["typology"]],
            "Part rurale": [fmt_pct(v) for v in profile["rural_pop_share"]],
            "Projets industriels": [
                fmt_count(v, p)
                for v, p in zip(profile["industrial_projects"], profile["industrial_partial"], strict=True)
            ],
            "Part difficile (industrie)": [fmt_pct(v) for v in profile["industrial_difficult_share"]],
            "Part difficile (tous métiers)": [fmt_pct(v) for v in profile["all_difficult_share"]],
        }
    )
    table = TableBlock("Comparaison", f"Les zones comparées ({year})", shown, profile, bmo_source(year))
    bars = Figure(
        "comparaison-difficulte",
        "Part des projets jugés difficiles",
        svgcharts.grouped_bars(
            profile.assign(label=labels),
            "label",
            {"all_difficult_share": "Tous métiers", "industrial_difficult_share": "Métiers industriels"},
            "pct",
            width=CHART_WIDTH,
            height=300,
        ),
        bmo_source(year),
    )
    indicator = catalogue.get("bmo_difficult_share")
    regions = sorted({territories.zone_region(c) for c in codes})
    region = regions[0] if len(regions) == 1 else territories.FRANCE
    ranking = queries.indicator_table(indicator.id, "ze", year, INDUSTRY, region)
    svg = svgmap.svg_choropleth(
        ranking,
        "ze",
        value_format="pct",
        direction=indicator.direction,
        legend_title=f"{indicator.label}, industrie, {year} (%)",
        tooltips=maps.hover_texts(ranking, "pct", "%", separator=" · ", bold=False),
        highlight=codes[0],
        width=520,
    )
    sections = [
        Section(
            "Zones comparées",
            paragraphs=[
                "Chiffres clés des zones d'emploi sélectionnées ; la carte situe la première zone dans sa région."
            ],
            tables=[table],
            svg=svg,
        )
    ]
    series = {territories.label("ze", c): queries.trend("ze", c, INDUSTRY) for c in codes}
    trend = Figure(
        "comparaison-tendance",
        "Part des projets industriels jugés difficiles, 2023-2025",
        svgcharts.trend_lines(series, "difficult_share", "pct", width=CHART_WIDTH, height=300),
        bmo_source(year),
    )
    sections.append(Section("Difficultés de recrutement", figures=[bars, trend], page_break_before=True))
    tops = []
    for code in codes:
        _, raw = profiles.occupations("ze", code, year, INDUSTRY, count=4)
        tops.append(raw.assign(zone=territories.label("ze", code)))
    top = pd.concat(tops, ignore_index=True)
    top_shown = pd.DataFrame(
        {
            "Zone d'emploi": top["zone"],
            "Métier": top["occupation_name"].fillna("") + " (" + top["occupation"] + ")",
            "Projets difficiles": [
                fmt_count(v, secret) for v, secret in zip(top["difficult"], top["difficult_secret"], strict=True)
            ],
            "Part difficile": top["difficult_share"].map(fmt_pct),
        }
    )
    sections.append(
        Section(
            "Métiers industriels les plus difficiles à pourvoir",
            tables=[
                TableBlock(
                    "Métiers difficiles",
                    f"Quatre métiers par zone ({year})",
                    top_shown,
                    top,
                    bmo_source(year) + " « au moins » : des cellules sont secrètes.",
                )
            ],
        )
    )
    link = _view_link(base_url, "comparer", {"zones": ",".join(codes), "year": str(year), "reg": region})
    return Brief(
        slug=f"atlas-4h-comparaison-{'-'.join(codes)}-{year}",
        title="Comparaison de zones d'emploi",
        subtitle=" · ".join(labels),
        built_at=data.metadata()["built_at"][:10],
        link=link,
        sections=sections,
        sources=sources_list(),
    )


def today() -> str:
    return date.today().isoformat()
