"""Upskilling or hiring: the external route against the internal and training routes, and scenario inputs."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from atlas import catalogue, data, territories
from atlas.charts import PALETTE, TYPOLOGY_COLOURS, finish_layout, highlight_marker
from atlas.formats import fmt_dec, fmt_int, fmt_pct, fmt_points, fmt_value
from atlas.simulator import DEFAULT, Result, Scenario

# The quadrant: external hiring pressure (x) against one internal or training lever (y), by indicator id.
PRESSURE = "industrial_projects_per_100_jobs"
CAPACITY_MEASURES = (
    "bts_places_per_100_jobs",
    "employment_rate_5564",
    "bts_apprenticeship_share",
    "contracts_per_1000_jobs",
)


def indicators(level: str, code: str) -> pd.DataFrame:
    """Every survey year of territory_indicators for one territory."""
    table = data.table("territory_indicators")
    return table[(table["level"] == level) & (table["code"] == code)].sort_values("year")


def evidence_rows(level: str, code: str, year: int) -> pd.DataFrame:
    """External route and internal/training routes for the territory, its région and France."""
    from atlas.profiles import comparisons

    rows = []
    for lv, cd, name in comparisons(level, code):
        values = indicators(lv, cd)
        now = values[values["year"] == year]
        if now.empty:
            continue
        row = now.iloc[0]
        first = values.iloc[0]
        rows.append(
            {
                "territoire": name,
                "projets_industriels_pour_100_emplois": row["industrial_projects_per_100_jobs"],
                "part_difficile": row["industrial_difficult_share"],
                "part_saisonniere": row["industrial_seasonal_share"],
                "evolution_part_difficile": row["industrial_difficult_share"] - first["industrial_difficult_share"],
                "annee_reference": int(first["year"]),
                "contrats_apprentissage_pour_1000_emplois": row["contracts_per_1000_jobs"],
                "part_bts_en_apprentissage": row["bts_apprenticeship_share"],
                "taux_emploi_55_64": row["employment_rate_5564"],
                "voeux_par_place_bts": row["bts_applications_per_place"],
                "places_bts_pour_100_emplois": row["bts_places_per_100_jobs"],
            }
        )
    return pd.DataFrame(rows)


# Columns of evidence_rows (the export) and the indicator each one shows, in the order of the table.
EVIDENCE = {
    "projets_industriels_pour_100_emplois": "industrial_projects_per_100_jobs",
    "part_difficile": "industrial_difficult_share",
    "part_saisonniere": "industrial_seasonal_share",
    "evolution_part_difficile": None,
    "contrats_apprentissage_pour_1000_emplois": "contracts_per_1000_jobs",
    "part_bts_en_apprentissage": "bts_apprenticeship_share",
    "taux_emploi_55_64": "employment_rate_5564",
    "voeux_par_place_bts": "bts_applications_per_place",
}


def evidence_shown(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per indicator (its catalogue label, the same on every page), one column per territory."""
    shown: dict[str, list[str]] = {"Indicateur": []}
    for indicator_id in EVIDENCE.values():
        if indicator_id is None:
            since = int(rows["annee_reference"].min()) if len(rows) else ""
            shown["Indicateur"].append(f"Évolution de la part des projets industriels jugés difficiles depuis {since}")
        else:
            shown["Indicateur"].append(catalogue.label(indicator_id))
    for _, row in rows.iterrows():
        values = []
        for column, indicator_id in EVIDENCE.items():
            value = row[column]
            if indicator_id is None:
                values.append(fmt_points(value) if pd.notna(value) else "–")
            else:
                values.append(fmt_value(value, catalogue.get(indicator_id).format))
        shown[str(row["territoire"])] = values
    return pd.DataFrame(shown)


def quadrant_rows(region: str, year: int, capacity: str, include_neighbours: bool = False) -> pd.DataFrame:
    table = data.table("territory_indicators")
    zones = territories.for_ranking("ze", region, include_neighbours)
    rows = table[(table["level"] == "ze") & (table["year"] == year) & table["code"].isin(zones.index)].copy()
    rows["name"] = rows["code"].map(zones["name"])
    return rows.dropna(subset=[PRESSURE, capacity])


def quadrant_chart(rows: pd.DataFrame, capacity: str, highlight: str | None) -> go.Figure:
    """External hiring pressure (x) against internal/training capacity (y), medians drawn."""
    label, fmt = catalogue.label(capacity), catalogue.get(capacity).format
    scale = 100 if fmt == "pct" else 1
    figure = go.Figure()
    for typology, group in rows.groupby("typology"):
        figure.add_trace(
            go.Scatter(
                x=group[PRESSURE],
                y=group[capacity] * scale,
                mode="markers",
                name=territories.TYPOLOGY_LABELS.get(typology, typology),
                text=group["name"],
                marker={
                    "size": 11,
                    "color": TYPOLOGY_COLOURS.get(typology, "#888"),
                    "line": {"width": 0.5, "color": "white"},
                },
                customdata=[
                    [fmt_dec(a), fmt_pct(b) if fmt == "pct" else fmt_dec(b)]
                    for a, b in zip(group[PRESSURE], group[capacity], strict=True)
                ],
                hovertemplate="%{text}<br>projets industriels : %{customdata[0]} pour 100 emplois<br>"
                f"{label} : %{{customdata[1]}}<extra></extra>",
            )
        )
    x_median, y_median = rows[PRESSURE].median(), rows[capacity].median() * scale
    figure.add_vline(
        x=x_median, line={"dash": "dash", "color": "#777"}, annotation_text="médiane", annotation_position="top"
    )
    figure.add_hline(
        y=y_median, line={"dash": "dash", "color": "#777"}, annotation_text="médiane", annotation_position="right"
    )
    if highlight is not None and highlight in set(rows["code"]):
        row = rows[rows["code"] == highlight].iloc[0]
        figure.add_trace(highlight_marker(row[PRESSURE], row[capacity] * scale, row["name"]))
    figure.update_xaxes(title=f"{catalogue.label(PRESSURE)} (pression du recrutement externe)")
    figure.update_yaxes(title=f"{label} (voies interne et formation)", ticksuffix=" %" if fmt == "pct" else "")
    return finish_layout(figure, 480)


def reading(rows: pd.DataFrame, capacity: str, code: str, name: str) -> str:
    """Where a zone stands against the medians, worded as a description, not a verdict."""
    if code not in set(rows["code"]):
        return f"{name} n'a pas les deux indicateurs (données manquantes, par exemple outre-mer)."
    label, fmt = catalogue.label(capacity), catalogue.get(capacity).format
    row = rows[rows["code"] == code].iloc[0]
    x, y = row[PRESSURE], row[capacity]
    x_median, y_median = rows[PRESSURE].median(), rows[capacity].median()
    pressure = "au-dessus" if x > x_median else "en dessous"
    capacity_word = "au-dessus" if y > y_median else "en dessous"
    y_text = fmt_pct(y) if fmt == "pct" else fmt_dec(y)
    y_median_text = fmt_pct(y_median) if fmt == "pct" else fmt_dec(y_median)
    profile = {
        ("au-dessus", "en dessous"): "un recours au recrutement externe plus intense que la moyenne des zones, avec "
        "des leviers internes et de formation plus minces : c'est là que miser sur la promotion interne et la "
        "formation demanderait le plus d'effort",
        ("au-dessus", "au-dessus"): "un recours intense au recrutement externe, mais aussi des leviers internes et "
        "de formation plus fournis que la moyenne, sur lesquels s'appuyer",
        ("en dessous", "au-dessus"): "un recours modéré au recrutement externe et des leviers internes et de "
        "formation plutôt fournis",
        ("en dessous", "en dessous"): "un recours modéré au recrutement externe, avec des leviers internes et de "
        "formation plus minces que la moyenne",
    }[(pressure, capacity_word)]
    return (
        f"{name} compte {fmt_dec(x)} projets de recrutement industriels pour 100 emplois industriels "
        f"({pressure} de la médiane des zones, {fmt_dec(x_median)}) et {y_text} pour l'indicateur « {label} » "
        f"({capacity_word} de la médiane, {y_median_text}). Ces chiffres décrivent {profile}. Ce sont des "
        "indicateurs de situation : ils ne prouvent pas qu'une voie réussit mieux que l'autre."
    )


def scenario_inputs(level: str, code: str, year: int) -> dict[str, float | None]:
    """Data-driven starting values of the simulator for a territory."""
    values = indicators(level, code)
    now = values[values["year"] == year]
    row = now.iloc[0] if len(now) else None
    info = territories.listing(level).loc[code] if level != "fr" else None
    reg = str(info["reg"]) if info is not None else "FR"
    outcomes = data.table("bts_outcomes")
    industrial = outcomes[(outcomes["scope"] == "industrial") & (outcomes["status"] == "all")]
    latest = industrial[industrial["millesime"] == industrial["millesime"].max()]
    rate = latest.loc[latest["reg"] == reg, "rate_12m"]
    if rate.empty or pd.isna(rate.iloc[0]):
        rate = latest.loc[latest["reg"] == "FR", "rate_12m"]

    def get(column: str) -> float | None:
        if row is None or pd.isna(row[column]):
            return None
        return float(row[column])

    return {
        "departures_10y": get("departures_10y"),
        "industrial_jobs": get("jobs_industry"),
        "bts_places": get("bts_places"),  # unknown stays unknown: no scenario, not 0
        "current_projects": get("industrial_projects"),
        "difficult_share": get("industrial_difficult_share"),
        "employment_rate": float(rate.iloc[0]) if len(rate) and pd.notna(rate.iloc[0]) else DEFAULT.employment_rate,
        "employment_rate_region": reg,
        "bts_year": get("bts_year"),
    }


def scenario_chart(result: Result, scenario: Scenario) -> go.Figure:
    """Yearly need split by route, beside the current industrial recruitment projects."""
    figure = go.Figure()
    shown = result.shown  # the whole numbers of the metrics and the text: the bars say the same
    parts = (
        ("Promotion et montée en compétences", shown.internal, PALETTE[2]),
        ("Jeunes diplômés locaux (BTS)", shown.graduates, PALETTE[4]),
        ("Recrutement externe restant", shown.external, PALETTE[5]),
    )
    for name, value, colour in parts:
        figure.add_trace(
            go.Bar(
                x=["Scénario : besoin par an"],
                y=[value],
                name=name,
                marker_color=colour,
                text=[fmt_int(value)],
                textposition="inside",
            )
        )
    projects = scenario.current_projects or 0
    difficult = projects * (scenario.difficult_share or 0)
    figure.add_trace(
        go.Bar(
            x=["Projets industriels actuels"],
            y=[projects - difficult],
            name="Projets jugés faciles",
            marker_color="#9ecae1",
            text=[fmt_int(projects - difficult)],
            textposition="inside",
        )
    )
    figure.add_trace(
        go.Bar(
            x=["Projets industriels actuels"],
            y=[difficult],
            name="Projets jugés difficiles",
            marker_color=PALETTE[0],
            text=[fmt_int(difficult)],
            textposition="inside",
        )
    )
    figure.update_layout(barmode="stack")
    figure.update_yaxes(title="par an", rangemode="tozero")
    return finish_layout(figure, 420)


def scenario_table(scenario: Scenario, result: Result) -> pd.DataFrame:
    """Every input and result of a scenario, for the export."""
    rows = [
        ("Départs estimés sur dix ans", scenario.departures_10y),
        ("Emplois industriels", scenario.industrial_jobs),
        ("Évolution attendue de l'emploi industriel sur dix ans", scenario.growth),
        ("Part couverte par la promotion et la montée en compétences (saisie)", scenario.share_internal),
        ("Part couverte par les jeunes diplômés locaux (saisie)", scenario.share_graduates),
        ("Places de BTS industriels par an", scenario.bts_places),
        ("Taux d'obtention du diplôme", scenario.completion_rate),
        ("Taux d'emploi à 12 mois des diplômés", scenario.employment_rate),
        ("Part couverte par la promotion et la montée en compétences (retenue)", result.share_internal),
        ("Part couverte par les jeunes diplômés locaux (retenue)", result.share_graduates),
        ("Besoin sur dix ans", result.need_10y),
        ("Besoin par an", result.shown.need),
        ("Promotion interne par an", result.shown.internal),
        ("Diplômés disponibles par an (capacité)", result.shown.graduates_capacity),
        ("Diplômés retenus par an", result.shown.graduates),
        ("Recrutement externe par an", result.shown.external),
        ("Projets industriels actuels par an", scenario.current_projects),
        ("Recrutement externe / projets actuels", result.external_vs_projects),
        ("Recrutements externes difficiles attendus par an", result.external_difficult_per_year),
    ]
    return pd.DataFrame(rows, columns=["grandeur", "valeur"]).assign(
        valeur=lambda f: [np.nan if v is None else float(v) for v in f["valeur"]]
    )
