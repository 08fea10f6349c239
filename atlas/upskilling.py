"""Upskilling or hiring: four routes to fill positions (projection « Les métiers en 2030 »), the evidence domain by
domain, the map of what young entrants cannot cover, and the external route against internal and training levers."""

from __future__ import annotations

import html
import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from atlas import catalogue, data, territories
from atlas.ageing import DOMAIN_NAMES, needs
from atlas.charts import PALETTE, TYPOLOGY_COLOURS, finish_layout, highlight_marker
from atlas.formats import fmt_change, fmt_dec, fmt_int, fmt_pct, fmt_points, fmt_value
from atlas.html_table import STYLE
from atlas.simulator import ROUTES, Result, Routes, Scenario, pct, projection_scenario, routes_shown, signed
from contract.domain import BTS_TRAINED_DOMAINS, TRAINING_ADJUSTMENT_BOUNDS

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
        y=y_median, line={"dash": "dash", "color": "#777"}, annotation_text="médiane", annotation_position="top left"
    )
    if highlight is not None and highlight in set(rows["code"]):
        row = rows[rows["code"] == highlight].iloc[0]
        figure.add_trace(highlight_marker(row[PRESSURE], row[capacity] * scale, row["name"]))
    figure.update_xaxes(title=catalogue.label(PRESSURE))
    figure.update_yaxes(title=label, ticksuffix=" %" if fmt == "pct" else "")
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


# ---------------------------------------------------------------- four routes (projection « Les métiers en 2030 »)

SCOPES = tuple(DOMAIN_NAMES)  # industrial, then the domains C to H
HORIZON = "2019-2030"
PROJECTION_SOURCE = (
    "Source : DARES et France Stratégie, « Les métiers en 2030 » (projection régionale, scénario central, 2019-2030, "
    "chiffres sur dix ans = 10/11 de la projection) ; répartition entre zones et départements par Atlas 4.h (emplois "
    "FLORES, âges du recensement 2022, places de BTS Parcoursup)."
)


def scope_words(scope: str) -> str:
    """'dans les métiers industriels' or 'dans le domaine D (mécanique, travail des métaux)'."""
    if scope == "industrial":
        return "dans les métiers industriels"
    return f"dans le domaine {scope} ({DOMAIN_NAMES[scope].split(' · ', 1)[1].lower()})"


def needs_row(level: str, code: str, scope: str) -> pd.Series | None:
    """The territory's replacement_needs row for a scope, or None when it has no estimate (overseas)."""
    rows = needs(level, code)
    if scope not in rows.index or pd.isna(rows.at[scope, "positions_10y"]):
        return None
    return rows.loc[scope]


def projection_of(row: pd.Series) -> Scenario:
    """The territory's projection as a simulator scenario (its own shares, imbalance split half and half)."""
    return projection_scenario(
        row["positions_10y"], row["departures_10y"], row["young_entrants_10y"], row["net_migration_10y"]
    )


def routes_of(row: pd.Series) -> Routes:
    return routes_shown(
        row["positions_10y"], row["departures_10y"], row["young_entrants_10y"], row["net_migration_10y"]
    )


def caveat_of(level: str, code: str, scope: str) -> str:
    """Why a territory has no estimate (the table's own caveat), in French."""
    rows = needs(level, code)
    caveat = rows.at[scope, "caveat"] if scope in rows.index else None
    return str(caveat) if isinstance(caveat, str) else "Pas d'estimation pour ce territoire."


def imbalance_words(imbalance: int) -> str:
    """How a territory's imbalance per year reads."""
    if imbalance < 0:
        return (
            f"les jeunes débutants attendus dépassent les postes à pourvoir (excédent de {fmt_int(-imbalance)} par an)"
        )
    if imbalance == 0:
        return "les jeunes débutants et le solde migratoire couvrent exactement les postes à pourvoir"
    return (
        f"{fmt_int(imbalance)} postes par an restent à pourvoir par la mobilité professionnelle (montée en "
        "compétences, reconversion, promotion interne) ou par des recrutements extérieurs supplémentaires"
    )


def creation_words(creation: int) -> str:
    if creation >= 0:
        return f"{fmt_int(creation)} {'création nette' if creation < 2 else 'créations nettes'} d'emplois"
    return f"{fmt_int(-creation)} {'suppression nette' if creation > -2 else 'suppressions nettes'} d'emplois"


ROUTE_COLUMNS = {
    "positions": "Postes à pourvoir par an",
    "young": "Jeunes débutants par an",
    "migration": "Solde migratoire par an",
    "imbalance": "Déséquilibre par an",
}


def routes_rows(level: str, code: str, scope: str) -> pd.DataFrame:
    """The four routes of the territory, its région and France for one scope (per year, whole numbers as shown,
    plus the raw ten-year figures for the export)."""
    from atlas.profiles import comparisons

    rows = []
    for lv, cd, name in comparisons(level, code):
        row = needs_row(lv, cd, scope)
        if row is None:
            rows.append({"territoire": name, "level": lv, "code": cd})
            continue
        shown = routes_of(row)
        rows.append(
            {
                "territoire": name,
                "level": lv,
                "code": cd,
                "postes_par_an": shown.positions,
                "jeunes_debutants_par_an": shown.young,
                "solde_migratoire_par_an": shown.migration,
                "desequilibre_par_an": shown.imbalance,
                "part_desequilibre": row["imbalance_10y"] / row["positions_10y"],
                "part_non_couverte_par_les_jeunes": row["uncovered_by_young_10y"] / row["positions_10y"],
                "postes_10_ans": row["positions_10y"],
                "jeunes_debutants_10_ans": row["young_entrants_10y"],
                "solde_migratoire_10_ans": row["net_migration_10y"],
                "desequilibre_10_ans": row["imbalance_10y"],
                "facteur_formation": row["training_adjustment"],
            }
        )
    return pd.DataFrame(rows)


def routes_table(rows: pd.DataFrame) -> pd.DataFrame:
    """routes_rows as shown: French numbers, 'pas d'estimation' where there is none (never zero)."""

    def cell(value: object, signed_value: bool = False) -> str:
        if value is None or pd.isna(value):
            return "pas d'estimation"
        return signed(int(value)) if signed_value else fmt_int(value)

    return pd.DataFrame(
        {
            "Territoire": rows["territoire"],
            ROUTE_COLUMNS["positions"]: [cell(v) for v in rows.get("postes_par_an", [None] * len(rows))],
            ROUTE_COLUMNS["young"]: [cell(v) for v in rows.get("jeunes_debutants_par_an", [None] * len(rows))],
            ROUTE_COLUMNS["migration"]: [
                cell(v, True) for v in rows.get("solde_migratoire_par_an", [None] * len(rows))
            ],
            ROUTE_COLUMNS["imbalance"]: [cell(v, True) for v in rows.get("desequilibre_par_an", [None] * len(rows))],
            "Déséquilibre (part des postes)": [
                fmt_change(v, missing="pas d'estimation") for v in rows.get("part_desequilibre", [None] * len(rows))
            ],
        }
    )


def domains_rows(level: str, code: str) -> pd.DataFrame:
    """The four routes of a territory, one row per scope (industry, then C to H): per year as shown and raw."""
    out = []
    for scope in SCOPES:
        row = needs_row(level, code, scope)
        if row is None:
            continue
        shown = routes_of(row)
        out.append(
            {
                "metiers": DOMAIN_NAMES[scope],
                "scope": scope,
                "postes_par_an": shown.positions,
                "departs_par_an": shown.departures,
                "jeunes_debutants_par_an": shown.young,
                "solde_migratoire_par_an": shown.migration,
                "desequilibre_par_an": shown.imbalance,
                "part_desequilibre": row["imbalance_10y"] / row["positions_10y"],
                "postes_10_ans": row["positions_10y"],
                "jeunes_debutants_10_ans": row["young_entrants_10y"],
                "solde_migratoire_10_ans": row["net_migration_10y"],
                "desequilibre_10_ans": row["imbalance_10y"],
            }
        )
    return pd.DataFrame(out)


def domains_table(rows: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Métiers": rows["metiers"],
            "Postes à pourvoir par an": rows["postes_par_an"].map(fmt_int),
            "Jeunes débutants": rows["jeunes_debutants_par_an"].map(fmt_int),
            "Solde migratoire": rows["solde_migratoire_par_an"].map(lambda v: signed(int(v))),
            "Déséquilibre": rows["desequilibre_par_an"].map(lambda v: signed(int(v))),
            "Déséquilibre (part des postes)": rows["part_desequilibre"].map(fmt_change),
        }
    )


def routes_chart(shown: Routes) -> go.Figure:
    """Waterfall: departures + net creation = positions to fill; minus young entrants and net migration = imbalance."""
    labels = [
        "Départs en fin de carrière",
        "Créations nettes d'emplois",
        "Postes à pourvoir",
        "Moins : jeunes débutants",
        "Moins : solde migratoire" if shown.migration >= 0 else "Plus : départs vers d'autres régions",
        "Déséquilibre" if shown.imbalance >= 0 else "Déséquilibre (excédent)",
    ]
    figure = go.Figure(
        go.Waterfall(
            orientation="h",
            y=labels,
            x=[shown.departures, shown.creation, 0, -shown.young, -shown.migration, 0],
            measure=["relative", "relative", "total", "relative", "relative", "total"],
            text=[
                fmt_int(shown.departures),
                signed(shown.creation),
                fmt_int(shown.positions),
                signed(-shown.young),
                signed(-shown.migration),
                signed(shown.imbalance),
            ],
            textposition="outside",
            cliponaxis=False,
            increasing={"marker": {"color": PALETTE[1]}},
            decreasing={"marker": {"color": PALETTE[2]}},
            totals={"marker": {"color": PALETTE[0]}},
            connector={"line": {"color": "#999", "dash": "dot"}},
            hovertemplate="%{y} : %{text} par an<extra></extra>",
        )
    )
    # Running totals of the waterfall, to leave room for the labels printed beyond each bar's end.
    steps = [0, shown.departures, shown.positions, shown.positions - shown.young, shown.imbalance]
    low, high = min(steps), max(steps)
    span = (high - low) or 1
    figure.update_yaxes(autorange="reversed")
    figure.update_xaxes(
        title="personnes par an",
        zeroline=True,
        zerolinecolor="#555",
        range=[low - 0.22 * span, high + 0.18 * span],
        separatethousands=True,
    )
    figure = finish_layout(figure, 300)
    figure.update_layout(showlegend=False, margin={"l": 10, "r": 60, "t": 16, "b": 10})
    return figure


def routes_reading(level: str, code: str, scope: str) -> str:
    """The territory's four routes in plain French, beside its région and France."""
    from atlas.profiles import comparisons

    name = territories.name(level, code)
    row = needs_row(level, code, scope)
    if row is None:
        return f"{name} : pas d'estimation. {caveat_of(level, code, scope)}"
    shown = routes_of(row)
    text = (
        f"{name} : d'ici 2030, {fmt_int(shown.positions)} postes seraient à pourvoir chaque année "
        f"{scope_words(scope)} : {fmt_int(shown.departures)} départs en fin de carrière, "
        f"{'plus' if shown.creation >= 0 else 'moins'} {creation_words(shown.creation)}. Les jeunes débutants "
        f"attendus en occuperaient {fmt_int(shown.young)} et le solde des mobilités entre régions apporterait "
        f"{signed(shown.migration)}. Ainsi, {imbalance_words(shown.imbalance)}."
    )
    if shown.imbalance > 0:
        text += " La projection ne dit pas comment ce déséquilibre se partage entre ces deux voies."
    elif shown.imbalance < 0:
        text += (
            " En moyenne, la projection n'appelle donc ni mobilité professionnelle ni recrutement extérieur "
            "supplémentaire ; l'enjeu est plutôt que ces jeunes choisissent ces métiers, et un excédent moyen "
            "n'exclut pas des difficultés sur des métiers précis."
        )
    others = []
    for lv, cd, other in comparisons(level, code)[1:]:
        row_other = needs_row(lv, cd, scope)
        if row_other is not None:
            others.append(f"{fmt_change(row_other['imbalance_10y'] / row_other['positions_10y'])} ({other})")
    if others:
        text += (
            f" Le déséquilibre représente {fmt_change(row['imbalance_10y'] / row['positions_10y'])} des postes à "
            f"pourvoir ici, contre {' et '.join(others)}."
        )
    return (
        text + " Ce sont des ordres de grandeur tirés d'une projection, répartie entre territoires : pas une prévision."
    )


def bts_ratio(level: str, code: str) -> float:
    """Industrial BTS places per 100 industrial projects of the latest survey (training_fit), as the build used it."""
    fit = data.table("training_fit")
    rows = fit[
        (fit["level"] == level)
        & (fit["code"] == code)
        & (fit["scope"] == "industrial")
        & (fit["year"] == fit["year"].max())
    ]
    return float(rows["places_per_100_projects"].iloc[0]) if len(rows) else math.nan


def adjustment_text(level: str, code: str, name: str, parts: list[tuple[str, float]]) -> str:
    """Why the territory's training factor is what it is, in words; parts: (région, factor) for each région the
    territory takes young entrants from (a zone straddling régions is compared with each)."""
    low, high = TRAINING_ADJUSTMENT_BOUNDS
    own = bts_ratio(level, code)
    if math.isnan(own):
        return (
            f"Facteur de formation : {fmt_dec(parts[0][1], 2)} pour {name} (offre de BTS industriels ou projets de "
            "recrutement inconnus : pas de correction)."
        )
    pieces = []
    for reg, adjustment in parts:
        region = bts_ratio("reg", reg)
        if math.isnan(region) or region <= 0:
            pieces.append(f"{fmt_dec(adjustment, 2)} ({territories.name('reg', reg)} : offre inconnue)")
            continue
        ratio = own / region
        clipped = ", ramené dans ses bornes" if not low <= ratio <= high else ""
        where = f" en {territories.name('reg', reg)}" if len(parts) > 1 else " dans la région"
        pieces.append(
            f"contre {fmt_dec(region)}{where}, soit un rapport de {fmt_dec(ratio, 2)}{clipped} : "
            f"{fmt_dec(adjustment, 2)}"
        )
    return (
        f"Facteur de formation : {name} compte {fmt_dec(own)} places de BTS industriels pour 100 projets de "
        f"recrutement industriels, {' ; '.join(pieces)} (facteur borné entre {fmt_dec(low, 2)} et "
        f"{fmt_dec(high, 2)}). Plus l'offre locale de BTS est fournie au regard des besoins, plus le territoire reçoit "
        "de jeunes débutants ; le facteur, calculé sur l'ensemble des BTS industriels, vaut pour tous les domaines."
    )


def method_lines(level: str, code: str, scope: str) -> list[str]:
    """How the territory's four routes come from its région's projection, with its own numbers (per year)."""
    row = needs_row(level, code, scope)
    if row is None:
        return [caveat_of(level, code, scope)]
    name = territories.name(level, code)
    shown = routes_of(row)
    lines = [
        f"Postes à pourvoir = départs en fin de carrière {fmt_int(shown.departures)} "
        + (
            f"+ créations nettes d'emplois {fmt_int(shown.creation)}"
            if shown.creation >= 0
            else f"− suppressions nettes d'emplois {fmt_int(-shown.creation)}"
        )
        + f" = **{fmt_int(shown.positions)} par an** ({fmt_int(row['positions_10y'])} sur dix ans, horizon {HORIZON} "
        "ramené à dix ans)."
    ]
    if level == "fr":
        lines.append(
            "Jeunes débutants, solde migratoire et déséquilibre : somme des régions métropolitaines de la projection "
            "(le solde migratoire entre régions s'y annule presque)."
        )
    elif level == "reg":
        lines.append(
            "Jeunes débutants, solde migratoire (mobilités entre régions) et déséquilibre : les chiffres de la "
            "projection pour la région, ramenés à dix ans."
        )
    else:
        if level == "ze":
            parts = data.table("replacement_zone_parts")
            parts = parts[(parts["ze2020"] == code) & (parts["scope"] == scope)]
        else:
            parts = pd.DataFrame([{**row.to_dict(), "reg": str(territories.listing("dep").at[code, "reg"])}])
        for part in parts.itertuples():
            region = needs_row("reg", part.reg, scope)
            if region is None:
                continue
            region_name = territories.name("reg", part.reg)
            where = f" (pour sa part située en {region_name})" if len(parts) > 1 else ""
            share_positions = part.positions_10y / region["positions_10y"]
            share_young = part.young_entrants_10y / region["young_entrants_10y"]
            mean_factor = share_positions * part.training_adjustment / share_young if share_young else math.nan
            lines.append(
                f"Jeunes débutants{where} : {region_name} en attend {fmt_int(region['young_entrants_10y'] / 10)} par "
                f"an. {name} reçoit sa part des postes à pourvoir de la région ({fmt_pct(share_positions, 2)}) × son "
                f"facteur de formation ({fmt_dec(part.training_adjustment, 2)}) ÷ le facteur moyen des territoires de "
                f"la région pondéré par leurs postes ({fmt_dec(mean_factor, 2)}) = {fmt_pct(share_young, 2)} des "
                f"jeunes débutants de la région, soit {fmt_int(part.young_entrants_10y / 10)} par an."
            )
            lines.append(
                f"Solde migratoire{where} : celui de la région ({signed(round(region['net_migration_10y'] / 10))} par "
                f"an) × la part des postes ({fmt_pct(share_positions, 2)}) = "
                f"{signed(round(part.net_migration_10y / 10))} par an."
            )
        factors = [(str(part.reg), float(part.training_adjustment)) for part in parts.itertuples()]
        lines.append(adjustment_text(level, code, name, factors))
    lines.append(
        f"Déséquilibre = postes {fmt_int(shown.positions)} − jeunes débutants {fmt_int(shown.young)} "
        f"{'−' if shown.migration >= 0 else '+'} solde migratoire {fmt_int(abs(shown.migration))} = "
        f"**{signed(shown.imbalance)} par an** : {imbalance_words(shown.imbalance)}."
    )
    lines.append(
        "Chaque chiffre annuel est le chiffre sur dix ans divisé par dix et arrondi à l'unité ; le déséquilibre est "
        "ce qui reste des chiffres arrondis, de sorte que les quatre voies s'additionnent exactement."
    )
    return lines


# ---------------------------------------------------------------- the scenario beside the projection


def scenario_chart(result: Result, baseline: Result) -> go.Figure:
    """Each route per year, the projection beside the scenario; a dotted line at the positions to fill."""
    figure = go.Figure()
    colours = [PALETTE[6], PALETTE[4], PALETTE[3], PALETTE[2], PALETTE[5], "#bbbbbb"]
    rows = ["Projection", "Scénario"]
    for (name, label), colour in zip(ROUTES, colours, strict=True):
        values = [baseline.shown.route(name), result.shown.route(name)]
        if not any(values):
            continue
        figure.add_trace(
            go.Bar(
                y=rows,
                x=values,
                orientation="h",
                name=label,
                marker_color=colour,
                marker_pattern_shape="/" if name == "surplus" else "",
                text=[fmt_int(v) if v else "" for v in values],
                textposition="inside",
                insidetextanchor="middle",
                hovertemplate=f"{label} : %{{text}} par an<extra>%{{y}}</extra>",
            )
        )
    positions = result.shown.positions
    figure.add_vline(
        x=positions,
        line={"dash": "dot", "color": "#111"},
        annotation_text=f"postes à pourvoir : {fmt_int(positions)}",
        annotation_position="top",
    )
    figure.update_layout(barmode="relative")
    figure.update_yaxes(autorange="reversed")
    figure.update_xaxes(title="personnes par an")
    figure = finish_layout(figure, 290)
    figure.update_layout(legend={"orientation": "h", "y": -0.35}, margin={"t": 30})
    return figure


def distance_rows(result: Result, baseline: Result) -> pd.DataFrame:
    """Each route: the projection's and the scenario's figure per year and share of the positions, and the gap."""
    rows = []
    for name, label in ROUTES:
        before, after = baseline.shown.route(name), result.shown.route(name)
        share_before = baseline.per_year[name] / baseline.per_year["positions"]
        share_after = result.per_year[name] / result.per_year["positions"]
        rows.append(
            {
                "voie": label,
                "projection_par_an": before,
                "scenario_par_an": after,
                "ecart_par_an": after - before,
                "part_projection": share_before,
                "part_scenario": share_after,
                "ecart_points": share_after - share_before,
            }
        )
    return pd.DataFrame(rows)


def distance_table(rows: pd.DataFrame) -> pd.DataFrame:
    migration = rows["voie"] == dict(ROUTES)["migration"]

    def count(values: pd.Series) -> list[str]:
        return [signed(int(v)) if m else fmt_int(v) for v, m in zip(values, migration, strict=True)]

    return pd.DataFrame(
        {
            "Voie": rows["voie"],
            "Projection par an": count(rows["projection_par_an"]),
            "Scénario par an": count(rows["scenario_par_an"]),
            "Écart par an": rows["ecart_par_an"].map(lambda v: signed(int(v))),
            "Part des postes, projection": rows["part_projection"].map(pct),
            "Part des postes, scénario": rows["part_scenario"].map(pct),
            "Écart (points)": rows["ecart_points"].map(fmt_points),
        }
    )


def distance_words(rows: pd.DataFrame) -> str:
    """How far the scenario is from the projection, in one sentence."""
    moved = rows[rows["ecart_par_an"] != 0]
    if moved.empty:
        return "Ce scénario reproduit la projection (partage du déséquilibre à parts égales, sans maintien en emploi)."
    parts = [
        f"{r.voie.lower()} {signed(int(r.ecart_par_an))} par an ({fmt_points(r.ecart_points)})"
        for r in moved.itertuples()
    ]
    return "Écart à la projection : " + ", ".join(parts) + "."


def scenario_table(result: Result, baseline: Result, where: str, scope: str) -> pd.DataFrame:
    """Every input and figure of a scenario, per year and over ten years, beside the projection (the export)."""
    inputs, ten, shown = result.scenario, result.shown_10y, result.shown
    lines = [
        ("Territoire", where, None, None),
        ("Métiers", DOMAIN_NAMES[scope], None, None),
        ("Horizon", HORIZON, None, None),
        ("Part des jeunes débutants (des postes à pourvoir)", inputs.share_young, baseline.scenario.share_young, None),
        ("Part du solde migratoire", inputs.share_migration, baseline.scenario.share_migration, None),
        ("Part de la mobilité professionnelle", inputs.share_internal, baseline.scenario.share_internal, None),
        ("Part des départs reportés (maintien en emploi)", inputs.retention_share, 0.0, None),
        ("Durée du report (années)", inputs.retention_years, None, None),
        ("Postes à pourvoir", shown.positions, baseline.shown.positions, ten.positions),
        ("Départs en fin de carrière", shown.departures, baseline.shown.departures, ten.departures),
    ]
    for name, label in ROUTES:
        lines.append((label, shown.route(name), baseline.shown.route(name), ten.route(name)))
    return pd.DataFrame(lines, columns=["grandeur", "scenario_par_an", "projection_par_an", "scenario_sur_dix_ans"])


# ---------------------------------------------------------------- evidence, domain by domain


@np.errstate(all="ignore")
def _ratio(a: float, b: float) -> float:
    return a / b if b and not pd.isna(a) and not pd.isna(b) else math.nan


def age_shares() -> tuple[pd.Series, str]:
    """National share of workers aged 55 or more by scope (DARES, latest period), and that period."""
    table = data.table("fap_age_share")
    latest = table["period"].max()
    rows = table[(table["period"] == latest) & table["level"].isin(["domain", "group"])].set_index("code")
    return rows["share_55p"].reindex(list(SCOPES)), str(latest)


def difficulty_change(level: str, code: str, scope: str, year: int) -> tuple[float, int | None, bool]:
    """Change of the difficult share (points) from the first survey year to `year`, the first year, and whether
    either figure is fragile."""
    agg = data.table("bmo_agg")
    rows = agg[(agg["level"] == level) & (agg["code"] == code) & (agg["scope"] == scope) & (agg["year"] <= year)]
    rows = rows.dropna(subset=["difficult_share"]).sort_values("year")
    if len(rows) < 2 or int(rows["year"].iloc[-1]) != year:
        return math.nan, None, False
    first, last = rows.iloc[0], rows.iloc[-1]
    return (
        float(last["difficult_share"] - first["difficult_share"]),
        int(first["year"]),
        bool(first["flagged"] or last["flagged"]),
    )


def fit_year(year: int) -> tuple[int, int]:
    """The training_fit year used for a survey year (that year, else the latest) and its Parcoursup year."""
    fit = data.table("training_fit")
    years = sorted(int(y) for y in fit["year"].unique())
    used = year if year in years else years[-1]
    return used, int(fit.loc[fit["year"] == used, "bts_year"].max())


def places_per_100(level: str, code: str, scope: str, year: int) -> float:
    fit = data.table("training_fit")
    used, _ = fit_year(year)
    rows = fit[(fit["level"] == level) & (fit["code"] == code) & (fit["scope"] == scope) & (fit["year"] == used)]
    return float(rows["places_per_100_projects"].iloc[0]) if len(rows) else math.nan


MIN_LEAVERS = 20  # InserJeunes publishes no rate below 20 leavers


def employment_rates() -> tuple[pd.DataFrame, str]:
    """Employment rate 12 months after a BTS by région (and FR) and scope, latest cohort: industrial BTS as
    published, each domain summed over its diplomas (rate hidden below 20 leavers, like InserJeunes)."""
    table = data.table("bts_outcomes")
    latest = str(table["millesime"].max())
    rows = table[(table["millesime"] == latest) & (table["status"] == "all")]
    out = []
    industrial = rows[rows["scope"] == "industrial"]
    out.extend({"reg": r.reg, "scope": "industrial", "rate": r.rate_12m} for r in industrial.itertuples())
    diplomas = rows[(rows["scope"] == "diploma") & rows["fap_domain"].isin(SCOPES)]
    known = diplomas.dropna(subset=["leavers", "employed_12m"])
    sums = known.groupby(["reg", "fap_domain"])[["leavers", "employed_12m"]].sum()
    for (reg, domain), values in sums.iterrows():
        leavers = float(values["leavers"])
        rate = values["employed_12m"] / leavers if leavers >= MIN_LEAVERS else math.nan
        out.append({"reg": reg, "scope": domain, "rate": rate})
    return pd.DataFrame(out).set_index(["reg", "scope"])["rate"], latest.replace("_", "-")


def evidence_by_domain(level: str, code: str, year: int) -> pd.DataFrame:
    """One row per scope (industry, C to H): for the territory, its région and France, the imbalance share, the
    change of the difficult share, BTS places per 100 projects; the national share of 55+ (DARES); the regional
    employment rate of BTS graduates at 12 months (InserJeunes). Columns suffixed _ter, _reg, _fr."""
    from atlas.profiles import comparisons

    places = comparisons(level, code)
    suffix = {"reg": "_reg", "fr": "_fr"}
    ages, _ = age_shares()
    rates, _ = employment_rates()
    rows = []
    for scope in SCOPES:
        row: dict[str, object] = {
            "scope": scope,
            "metiers": DOMAIN_NAMES[scope],
            "part_55_ans_plus_france": ages[scope],
        }
        for index, (lv, cd, _) in enumerate(places):
            end = "_ter" if index == 0 and lv not in suffix else suffix[lv]
            need = needs_row(lv, cd, scope)
            row[f"part_desequilibre{end}"] = (
                _ratio(need["imbalance_10y"], need["positions_10y"]) if need is not None else math.nan
            )
            change, first, fragile = difficulty_change(lv, cd, scope, year)
            row[f"evolution_part_difficile{end}"] = change
            row[f"evolution_fragile{end}"] = fragile
            row["premiere_annee"] = first if first is not None else row.get("premiere_annee")
            row[f"places_bts_pour_100_projets{end}"] = places_per_100(lv, cd, scope, year)
            if lv in ("reg", "fr"):
                row[f"taux_emploi_12_mois{end}"] = rates.get((cd, scope), math.nan)
        rows.append(row)
    return pd.DataFrame(rows)


EVIDENCE_GROUPS = (
    ("part_desequilibre", "Déséquilibre (part des postes)", ("_ter", "_reg", "_fr")),
    ("part_55_ans_plus", "55 ans ou plus", ("_france",)),
    ("evolution_part_difficile", "Part difficile : évolution", ("_ter", "_reg", "_fr")),
    ("places_bts_pour_100_projets", "Places de BTS pour 100 projets", ("_ter", "_reg", "_fr")),
    ("taux_emploi_12_mois", "Emploi à 12 mois des diplômés de BTS", ("_reg", "_fr")),
)
# Two tables that fit a laptop screen: the need and its signs, then local training and its outcomes.
EVIDENCE_TABLES = (
    ("part_desequilibre", "part_55_ans_plus", "evolution_part_difficile"),
    ("places_bts_pour_100_projets", "taux_emploi_12_mois"),
)
SHORT = {"_ter": None, "_reg": "Région", "_fr": "France", "_france": "France"}


def _evidence_cell(column: str, frame: pd.DataFrame, index: int, scope: str) -> str:
    value = frame.at[index, column] if column in frame else math.nan
    if column.startswith("part_desequilibre"):
        return fmt_change(value)
    if column.startswith("evolution_part_difficile"):
        fragile = bool(frame.at[index, column.replace("evolution_part_difficile", "evolution_fragile")])
        return fmt_points(value) + (" ⚠" if fragile and not pd.isna(value) else "")
    if column.startswith("places_bts"):
        if scope == "H":
            return "sans objet"
        return fmt_dec(value)
    return fmt_pct(value)


def evidence_html(
    frame: pd.DataFrame, level: str, keys: tuple[str, ...] | None = None, years: tuple[int, int] | None = None
) -> str:
    """The evidence table with two header rows (indicator, then territory / Région / France), as light HTML;
    `keys` picks some of the EVIDENCE_GROUPS, `years` names the survey years the change of difficulty spans."""
    territory = {"ze": "Zone", "dep": "Dép.", "reg": "Région", "fr": "France"}[level]
    groups = [g for g in EVIDENCE_GROUPS if keys is None or g[0] in keys]
    if years is not None:
        groups = [
            (key, f"{label} {years[0]}-{years[1]}" if key == "evolution_part_difficile" else label, ends)
            for key, label, ends in groups
        ]
    present = [
        (key, label, [e for e in ends if any(c == f"{key}{e}" for c in frame.columns)]) for key, label, ends in groups
    ]
    present = [(key, label, ends) for key, label, ends in present if ends]
    top = '<th rowspan="2">Métiers</th>' + "".join(
        f'<th colspan="{len(ends)}" style="text-align:center">{html.escape(label)}</th>' for _, label, ends in present
    )
    second = "".join(
        f'<th style="text-align:right">{html.escape(SHORT[e] or territory)}</th>'
        for _, _, ends in present
        for e in ends
    )
    body = []
    for index in frame.index:
        scope = str(frame.at[index, "scope"])
        cells = [f"<td>{html.escape(DOMAIN_NAMES[scope])}</td>"]
        for key, _, ends in present:
            for end in ends:
                text = _evidence_cell(f"{key}{end}", frame, index, scope)
                cells.append(f'<td class="num">{html.escape(text)}</td>')
        mark = ' class="mark"' if scope == "industrial" else ""
        body.append(f"<tr{mark}>{''.join(cells)}</tr>")
    return (
        STYLE.replace("MAXHEIGHT", "900")
        + f'<div class="atlas-scroll"><table class="atlas-table"><thead><tr>{top}</tr><tr>{second}</tr></thead>'
        + f"<tbody>{''.join(body)}</tbody></table></div>"
    )


def evidence_reading(frame: pd.DataFrame, level: str, code: str) -> list[str]:
    """What the figures support and what they do not, from the table's own values."""
    end = "_ter" if "part_desequilibre_ter" in frame else ("_reg" if level == "reg" else "_fr")
    name = territories.name(level, code)
    domains = frame[frame["scope"] != "industrial"].set_index("scope")
    industry = frame[frame["scope"] == "industrial"].iloc[0]
    imbalance = domains[f"part_desequilibre{end}"].dropna().sort_values(ascending=False)
    lines = []
    if imbalance.empty:
        return [f"{name} : pas d'estimation des postes à pourvoir, donc pas de lecture par domaine."]
    short = {s: DOMAIN_NAMES[s].split(" · ", 1)[1].lower() for s in SCOPES if s != "industrial"}
    need = imbalance[imbalance > 0]
    surplus = imbalance[imbalance < 0]
    if len(need):
        top = need.index[0]
        signals = []
        if domains.at[top, "part_55_ans_plus_france"] > industry["part_55_ans_plus_france"]:
            signals.append(
                f"une main-d'œuvre plus âgée que l'ensemble de l'industrie en France "
                f"({fmt_pct(domains.at[top, 'part_55_ans_plus_france'])} de 55 ans ou plus contre "
                f"{fmt_pct(industry['part_55_ans_plus_france'])})"
            )
        change = domains.at[top, f"evolution_part_difficile{end}"]
        if not pd.isna(change) and change > 0.05 and not domains.at[top, f"evolution_fragile{end}"]:
            signals.append(
                f"des recrutements jugés difficiles plus souvent qu'en {int(industry['premiere_annee'])} "
                f"({fmt_points(change)})"
            )
        if end == "_ter" and top in BTS_TRAINED_DOMAINS:
            own, region = (
                domains.at[top, "places_bts_pour_100_projets_ter"],
                domains.at[top, "places_bts_pour_100_projets_reg"],
            )
            if not pd.isna(own) and not pd.isna(region) and own < region:
                signals.append(
                    f"moins de places de BTS pour 100 projets que dans la région ({fmt_dec(own)} contre "
                    f"{fmt_dec(region)})"
                )
        region_text = ""
        if end == "_ter":
            region_share = domains.at[top, "part_desequilibre_reg"]
            if not pd.isna(region_share):
                region_text = f", contre {fmt_change(region_share)} dans la région"
        text = (
            f"Ce que les chiffres soutiennent. Pour {name}, c'est {scope_words(top)} que la projection laisse la plus "
            f"grande part des postes sans jeunes débutants ni arrivées ({fmt_change(need.iloc[0])}{region_text})"
        )
        if signals:
            text += (
                " ; s'y ajoutent "
                + " et ".join(signals)
                + ". Ces signaux vont dans le même sens : un besoin de mobilité professionnelle ou de recrutement "
                "extérieur dans ce domaine."
            )
        else:
            text += ". Les autres indicateurs du tableau ne le confirment pas nettement."
        others = [short[s] for s in need.index[1:]]
        if others:
            text += f" Déséquilibre positif aussi pour : {', '.join(others)}."
        lines.append(text)
    if len(surplus):
        lines.append(
            "Excédent de jeunes débutants attendus (plus de jeunes que de postes) pour : "
            + ", ".join(f"{short[s]} ({fmt_change(v)})" for s, v in surplus.items())
            + " : la projection n'y appelle pas d'autre voie en moyenne, ce qui n'empêche pas des difficultés de "
            "recrutement sur des métiers précis (voir l'évolution de la part difficile)."
        )
    lines.append(
        "Ce qu'ils ne disent pas : aucun de ces chiffres ne mesure si la montée en compétences interne réussit "
        "mieux que le recrutement extérieur (aucune source publique ne suit les mobilités professionnelles par "
        "territoire). La projection est un scénario central réparti entre territoires par Atlas 4.h ; la structure "
        "par âge est nationale (DARES) ; les taux d'emploi des diplômés sont régionaux (InserJeunes) ; une évolution "
        "marquée ⚠ repose sur une année fragile. Des indicateurs, pas des preuves."
    )
    return lines


# ---------------------------------------------------------------- map: what young entrants cannot cover


def map_region(level: str, code: str, region: str) -> str:
    """The région whose zones the map draws: the territory's own, else the sidebar's (FR = every zone)."""
    if level == "ze":
        return territories.zone_region(code)
    if level == "dep":
        return str(territories.listing("dep").at[code, "reg"])
    if level == "reg":
        return code
    return region


def uncovered_table(region: str, scope: str, include_neighbours: bool = False) -> pd.DataFrame:
    """Zones of the région (and those touching it): the share of positions to fill young entrants cannot cover,
    in the columns svgmap.svg_choropleth and maps.hover_texts read. Zones lying mostly in another région are drawn
    but ranked only when the user includes neighbours; zones without a projection stay missing, never zero."""
    shown = territories.in_region("ze", region)
    table = data.table("replacement_needs")
    rows = table[(table["level"] == "ze") & (table["scope"] == scope)].set_index("code").reindex(shown.index)
    out = shown[["code", "name", "typology", "population"]].copy()
    positions = rows["positions_10y"].astype(float)
    out["value"] = (rows["uncovered_by_young_10y"] / positions.where(positions > 0)).to_numpy()
    out["uncovered_per_year"] = [
        math.nan if pd.isna(p) else routes_shown(p, d, y, m).positions - routes_shown(p, d, y, m).young
        for p, d, y, m in zip(
            rows["positions_10y"],
            rows["departures_10y"],
            rows["young_entrants_10y"],
            rows["net_migration_10y"],
            strict=True,
        )
    ]
    out["positions_per_year"] = (positions / 10).round().to_numpy()
    out["partial"] = False
    out["secret_cells"] = 0
    out["projects"] = np.nan
    out["low"], out["high"] = np.nan, np.nan
    out["caveat"] = None
    out["flagged"] = False
    out["elsewhere"] = territories.elsewhere(shown, region).to_numpy()
    ranked = out["value"].where(include_neighbours | ~out["elsewhere"])
    out["rank"] = ranked.rank(ascending=False, method="min").astype("Int64")
    return out.sort_values("value", ascending=False, na_position="last")


def uncovered_tooltips(table: pd.DataFrame) -> list[str]:
    """French, signed: the share, what it means in people a year, the rank, and why a zone is unranked."""
    count = int(table["rank"].notna().sum())
    texts = []
    for row in table.itertuples():
        lines = [f"{row.name} ({row.code})"]
        if pd.isna(row.value):
            lines.append("pas d'estimation (pas de projection « Les métiers en 2030 »)")
        elif row.uncovered_per_year < 0:
            lines.append(
                f"{fmt_change(row.value)} : les jeunes débutants attendus dépassent les postes à pourvoir "
                f"(excédent de {fmt_int(-row.uncovered_per_year)} par an)"
            )
        else:
            lines.append(
                f"{fmt_change(row.value)} des postes à pourvoir : {fmt_int(row.uncovered_per_year)} par an sur "
                f"{fmt_int(row.positions_per_year)} que les jeunes débutants ne couvrent pas"
            )
        if not pd.isna(row.rank):
            lines.append(f"rang {int(row.rank)}/{count}")
        if row.elsewhere:
            lines.append(
                "zone surtout située dans une autre région" + (" : hors classement" if pd.isna(row.rank) else "")
            )
        texts.append(" · ".join(lines))
    return texts


def brief_text(level: str, code: str) -> str:
    """The four routes of a territory for industry in a few lines (the printed brief keeps to four pages): per year,
    the imbalance beside the région's and France's, and the imbalance of each domain."""
    from atlas.profiles import comparisons

    name = territories.name(level, code)
    row = needs_row(level, code, "industrial")
    if row is None:
        return f"{name} : pas d'estimation. {caveat_of(level, code, 'industrial')}"
    shown = routes_of(row)
    shares = [f"{fmt_change(row['imbalance_10y'] / row['positions_10y'])} des postes"]
    for lv, cd, _ in comparisons(level, code)[1:]:
        other = needs_row(lv, cd, "industrial")
        if other is not None:
            shares.append(
                f"{'région' if lv == 'reg' else 'France'} {fmt_change(other['imbalance_10y'] / other['positions_10y'])}"
            )
    text = (
        f"Par an d'ici 2030 : {fmt_int(shown.positions)} postes industriels à pourvoir, {fmt_int(shown.young)} jeunes "
        f"débutants, solde migratoire {signed(shown.migration)}, déséquilibre {signed(shown.imbalance)} "
        f"({' ; '.join(shares)})"
    )
    if shown.imbalance > 0:
        text += " pour la mobilité professionnelle ou le recrutement extérieur."
    elif shown.imbalance < 0:
        text += f" : les jeunes débutants dépassent les postes (excédent de {fmt_int(-shown.imbalance)})."
    else:
        text += "."
    domains = [
        f"{scope} {signed(routes_of(domain).imbalance)}"
        for scope in SCOPES[1:]
        if (domain := needs_row(level, code, scope)) is not None
    ]
    if domains:
        text += f" Par domaine : {', '.join(domains)}."
    return text
