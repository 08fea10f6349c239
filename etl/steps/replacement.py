"""Replacement needs step: end-of-career departures and positions to fill, calibrated on "Les métiers en 2030".

Load: the regional projection of DARES and France Stratégie (12 metropolitan régions and Corse x
FAP 87 groups, in thousands over 2019-2030). Process:

- a région's figures for industry (FAP domains C-H) and for each domain are the projection's own,
  brought to ten years (x 10/11, the projection spans eleven years);
- a département's or zone's share of its région is its industrial jobs (FLORES) weighted by its own
  age structure for departures (ageing ratio of the census), by jobs alone for net job creation; a
  zone spread over several régions takes from each the part of its industrial jobs lying there (split
  by jobs at the place of work, census 2018), so the zones of a région add up to it exactly;
- France is the sum of the metropolitan régions; overseas has no projection and no estimate (never zero).

The census-based estimate of the departures step is kept beside it as a lower reading.
Save: replacement_needs (one row per territory and scope), replacement_zone_parts (zone x région).
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd

from contract.domain import FRANCE, INDUSTRIAL_DOMAINS, TRAINING_ADJUSTMENT_BOUNDS
from etl.errors import InputError
from etl.readers import normalize_name
from etl.step import Context

SOURCES = ("metiers_2030",)
READS = ("regions", "departements", "zones_emploi", "communes", "commune_jobs", "jobs", "departures", "training_fit")
OUTPUTS = ("replacement_needs", "replacement_zone_parts")
FILE = "dares_metiers_2030.json"
PROJECTION_YEARS = 11  # 2019-2030
HORIZON_YEARS = 10
JOBS_SOURCE = "FLORES"
SCOPES: tuple[str, ...] = ("industrial", *INDUSTRIAL_DOMAINS)
# Projection fields (thousands) -> published columns (persons over ten years). Young entrants and
# migration are counted as what they bring (the file counts them as negative contributions to the imbalance).
FIELDS = {
    "effectifs_2019_milliers": ("occupation_jobs", 1.0),
    "departs_fin_carriere_milliers": ("departures_10y", 1.0),
    "creations_destructions_milliers": ("net_creation_10y", 1.0),
    "postes_a_pourvoir_milliers": ("positions_10y", 1.0),
    "jeunes_debutants_milliers": ("young_entrants_10y", -1.0),
    "solde_mobilites_inter_regions_milliers": ("net_migration_10y", -1.0),
    "desequilibre_milliers": ("imbalance_10y", 1.0),
}
MEASURES = [column for column, _ in FIELDS.values()]
SPREAD_BY_DEPARTURES = ("departures_10y",)  # spread by jobs x ageing ratio; the others by jobs alone
ROUTES = ("young_entrants_10y", "net_migration_10y", "imbalance_10y")  # spread after positions, see with_routes
OVERSEAS_CAVEAT = "Pas de projection « Les métiers en 2030 » pour l'outre-mer : aucune estimation."

CAVEATS = (
    "Départs en fin de carrière et postes à pourvoir (projection) : la DARES et France Stratégie projettent, pour "
    "chaque région métropolitaine et chaque famille professionnelle, les départs en fin de carrière et les créations "
    "nettes d'emplois de 2019 à 2030 (« Les métiers en 2030 », scénario central). Les postes à pourvoir sont la somme "
    "des deux. L'industrie regroupe les domaines FAP C à H (métiers industriels). Les chiffres sur dix ans valent "
    "les 10/11 de la projection, qui couvre onze ans ; par an, un onzième.",
    "Pour un département ou une zone d'emploi, le chiffre régional est réparti selon les emplois salariés "
    "industriels du territoire (FLORES), pondérés pour les départs par son indice de vieillissement (part des 55-64 "
    "ans parmi les 25-64 ans rapportée à la France, recensement 2022) ; une zone à cheval sur plusieurs régions "
    "reçoit de chacune la part de ses emplois qui s'y trouve (emplois au lieu de travail, recensement 2018). Les "
    "zones d'une région en font exactement le total. Chaque domaine est réparti avec les mêmes poids : la "
    "structure par métier d'une zone est supposée celle de sa région.",
    "Lecture basse : l'estimation fondée sur le recensement (emplois industriels × part nationale des 55 ans ou "
    "plus × indice de vieillissement) est gardée à côté. Elle ignore les 50-54 ans qui partiront aussi dans les dix "
    "ans et applique une part par métier à des emplois par secteur : elle sous-estime les départs d'environ 40 %.",
    "La France est la somme des régions métropolitaines ; l'outre-mer n'a pas de projection et n'est pas estimé.",
    "Quatre voies pour pourvoir les postes : la projection dit, pour chaque région et chaque métier, combien de "
    "postes les jeunes débutants pourront occuper, ce qu'apporte le solde des mobilités entre régions, et le "
    "déséquilibre qui reste, à combler par la mobilité professionnelle (montée en compétences, reconversion, "
    "promotion interne) ou par davantage de recrutements extérieurs. Pour une zone ou un département, les jeunes "
    "débutants de la région sont répartis selon les postes à pourvoir du territoire, corrigés par son offre locale "
    "de BTS industriels (places pour 100 projets de recrutement industriels rapportées à celles de la région, "
    "bornées entre 0,75 et 1,25), sans dépasser ses postes à pourvoir (au-delà du rapport régional entre "
    "jeunes débutants et postes) : ce qu'une zone ne peut prendre va aux autres. Le solde migratoire est "
    "réparti selon les postes à pourvoir ; le déséquilibre est ce qui "
    "reste. Les zones d'une région en font exactement le total. La correction vaut pour tous les domaines (elle "
    "est calculée sur l'ensemble des BTS industriels).",
)


def read_projection(path) -> pd.DataFrame:
    """The projection's records, with every field checked: a missing or non-numeric value is one clear line."""
    try:
        records = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InputError(path, f"not a readable JSON file ({type(error).__name__})") from None
    if not isinstance(records, list) or not records:
        raise InputError(path, "expected a non-empty list of records")
    rows = []
    for number, record in enumerate(records, start=1):
        if not isinstance(record, dict):
            raise InputError(path, f"record {number} is not an object")
        row = {}
        row["fap_libelle"] = str(record.get("fap_libelle") or "")
        for field in ("code_fap", "region", *FIELDS):
            if field not in record or record[field] in (None, ""):
                raise InputError(path, f"record {number} has no value", column=field)
            value = record[field]
            if field in FIELDS and (isinstance(value, bool) or not isinstance(value, int | float)):
                raise InputError(path, f"record {number}: {value!r} is not a number", column=field)
            row[field] = value
        rows.append(row)
    return pd.DataFrame(rows)


def domains_of(code_fap: str) -> set[str]:
    """FAP domain letters of a group code ('C1Z;D1Z;E1Z' in Corse, where small groups are merged)."""
    return {code.strip()[0] for code in str(code_fap).split(";") if code.strip()}


def regional_figures(projection: pd.DataFrame, regions: pd.DataFrame, path) -> tuple[pd.DataFrame, list[str]]:
    """One row per région and scope, in persons over ten years; merged groups spanning scopes are left out."""
    by_name = {normalize_name(name): code for code, name in zip(regions["reg"], regions["name"], strict=True)}
    names = projection["region"].map(lambda name: by_name.get(normalize_name(name)))
    unknown = sorted(set(projection.loc[names.isna(), "region"]))
    if unknown:
        raise InputError(path, f"région(s) not found in the 2024 régions: {unknown}", column="region")
    projection = projection.assign(reg=names)
    domains = projection["code_fap"].map(domains_of)
    notes = []
    rows = []
    for scope in SCOPES:
        wanted = set(INDUSTRIAL_DOMAINS) if scope == "industrial" else {scope}
        inside = domains.map(lambda found, wanted=wanted: found <= wanted)
        partial = domains.map(lambda found, wanted=wanted: bool(found & wanted) and not found <= wanted)
        for reg, group in projection[inside].groupby("reg"):
            row = {"reg": reg, "scope": scope}
            for field, (column, sign) in FIELDS.items():
                years = 1 if column == "occupation_jobs" else HORIZON_YEARS / PROJECTION_YEARS  # a stock, not a flow
                row[column] = sign * group[field].sum() * 1000 * years
            left_out = projection[partial & (projection["reg"] == reg)]
            row["caveat"] = (
                "Groupes de métiers fusionnés avec d'autres domaines dans la projection, non comptés : "
                + ", ".join(
                    f"{code} ({label})"
                    for code, label in zip(left_out["code_fap"], left_out["fap_libelle"], strict=True)
                )
                if len(left_out)
                else None
            )
            rows.append(row)
        for reg in sorted(set(projection.loc[partial, "reg"]) - set(projection.loc[inside, "reg"])):
            notes.append(f"Métiers 2030: {scope} not estimated in région {reg} (groups merged across domains)")
    return pd.DataFrame(rows), notes


def zone_parts(communes: pd.DataFrame, commune_jobs: pd.DataFrame) -> pd.DataFrame:
    """Share of each zone's jobs (at the place of work) lying in each région it touches (shares sum to one)."""
    located = communes[["commune", "ze2020", "reg"]].merge(commune_jobs[["commune", "jobs"]], "left")
    located["weight"] = located["jobs"].astype("float64").fillna(0.0)  # commune_jobs reports communes without a count
    parts = located.groupby(["ze2020", "reg"], as_index=False)["weight"].sum()
    total = parts.groupby("ze2020")["weight"].transform("sum")
    count = parts.groupby("ze2020")["weight"].transform("size")
    parts["share"] = np.where(total > 0, parts["weight"] / total.where(total > 0, 1), 1 / count)
    return parts[["ze2020", "reg", "share"]]


def spread(region_rows: pd.DataFrame, units: pd.DataFrame, unit_key: list[str]) -> pd.DataFrame:
    """A région's figures shared among its units (parts of zones, or départements) by their weights."""
    frame = units.merge(region_rows, on="reg", how="inner")
    jobs_total = frame.groupby(["reg", "scope"])["industrial_jobs"].transform("sum")
    ageing_total = frame.groupby(["reg", "scope"])["ageing_weight"].transform("sum")
    jobs_share = frame["industrial_jobs"] / jobs_total.where(jobs_total > 0)
    ageing_share = frame["ageing_weight"] / ageing_total.where(ageing_total > 0)
    for column in MEASURES:
        if column in ROUTES:
            continue
        if column in SPREAD_BY_DEPARTURES:
            frame[column] = frame[column] * ageing_share
        else:
            frame[column] = frame[column] * jobs_share
    frame["positions_10y"] = frame["departures_10y"] + frame["net_creation_10y"]
    return with_routes(frame)[[*unit_key, "reg", "scope", *MEASURES, "training_adjustment", "caveat"]]


def with_routes(frame: pd.DataFrame) -> pd.DataFrame:
    """The région's routes shared among its units: young entrants by positions to fill x the unit's training
    adjustment, never more than a unit's positions (beyond the région's own young-to-positions ratio when it
    exceeds one): the excess goes to the other units; net migration by positions to fill; the imbalance is
    what is left. Each route adds up to the région's.

    `frame` holds, per unit, its positions to fill, the région's routes (still whole) and training_adjustment."""
    out = frame.copy()
    positions = out["positions_10y"].clip(lower=0)
    groups = [out["reg"], out["scope"]]
    plain_share = positions / positions.groupby(groups).transform("sum").where(lambda t: t > 0)
    region_positions = out["young_entrants_10y"] + out["net_migration_10y"] + out["imbalance_10y"]
    young = pd.Series(np.nan, index=out.index)
    for _, rows in out.groupby(["reg", "scope"]).groups.items():
        total = out.loc[rows, "young_entrants_10y"].iloc[0]
        unit_positions = positions.loc[rows]
        ceiling = unit_positions * max(1.0, total / unit_positions.sum()) if unit_positions.sum() > 0 else None
        young.loc[rows] = shared_with_ceiling(total, unit_positions * out.loc[rows, "training_adjustment"], ceiling)
    out["young_entrants_10y"] = young
    out["net_migration_10y"] = out["net_migration_10y"] * plain_share
    out["imbalance_10y"] = out["positions_10y"] - out["young_entrants_10y"] - out["net_migration_10y"]
    out.loc[region_positions.isna(), "imbalance_10y"] = np.nan
    return out


def shared_with_ceiling(total: float, weights: pd.Series, ceiling: pd.Series | None) -> pd.Series:
    """`total` shared in proportion to `weights`, no unit above its ceiling: what a capped unit cannot take
    goes to the others, in proportion to their weights (water-filling). NaN when nothing can be shared."""
    if pd.isna(total) or weights.sum() <= 0:
        return pd.Series(np.nan, index=weights.index)
    share = total * weights / weights.sum()
    if ceiling is None:
        return share
    capped = pd.Series(False, index=weights.index)
    for _ in range(len(weights)):
        over = (share > ceiling + 1e-9) & ~capped
        if not over.any():
            break
        capped |= over
        share[capped] = ceiling[capped]
        rest = total - share[capped].sum()
        free = weights[~capped]
        if free.sum() <= 0:
            break
        share[~capped] = rest * free / free.sum()
    return share


def training_adjustment(fit: pd.DataFrame, level: str) -> pd.Series:
    """How much more (or less) than its région a territory can count on local young entrants: its industrial
    BTS places per 100 industrial projects over the région's (latest survey), bounded; 1 when unknown."""
    latest = fit[(fit["scope"] == "industrial") & (fit["year"] == fit["year"].max())]
    own = latest[latest["level"] == level].set_index("code")["places_per_100_projects"]
    return own.astype("float64")


def adjustment_against_region(values: pd.Series, regions: pd.Series) -> pd.Series:
    low, high = TRAINING_ADJUSTMENT_BOUNDS
    return (values / regions.where(regions > 0)).clip(low, high).fillna(1.0)


def territory_weights(jobs: pd.DataFrame, departures: pd.DataFrame, level: str) -> pd.DataFrame:
    """Industrial jobs (FLORES, latest year) and ageing ratio of each territory of a level."""
    flores = jobs[(jobs["source"] == JOBS_SOURCE) & (jobs["level"] == level)]
    latest = flores[flores["year"] == flores["year"].max()][["code", "jobs_industry"]]
    ages = departures.loc[departures["level"] == level, ["code", "ageing_ratio"]]
    frame = latest.merge(ages, on="code", how="left")
    frame["industrial_jobs"] = frame["jobs_industry"].astype("float64")
    frame["ageing_known"] = frame["ageing_ratio"].notna()
    frame["ageing_ratio"] = frame["ageing_ratio"].astype("float64").fillna(1.0)
    return frame[["code", "industrial_jobs", "ageing_ratio", "ageing_known"]]


def build(
    projection: pd.DataFrame,
    path,
    *,
    regions: pd.DataFrame,
    departements: pd.DataFrame,
    zones_emploi: pd.DataFrame,
    communes: pd.DataFrame,
    commune_jobs: pd.DataFrame,
    jobs: pd.DataFrame,
    departures: pd.DataFrame,
    training_fit: pd.DataFrame,
) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    region_rows, notes = regional_figures(projection, regions, path)
    supply = {level: training_adjustment(training_fit, level) for level in ("ze", "dep", "reg")}

    zone_weights = territory_weights(jobs, departures, "ze").rename(columns={"code": "ze2020"})
    parts = zone_parts(communes, commune_jobs).merge(zone_weights, on="ze2020", how="left")
    parts["industrial_jobs"] = parts["industrial_jobs"].fillna(0.0) * parts["share"]
    parts["ageing_weight"] = parts["industrial_jobs"] * parts["ageing_ratio"]
    parts["training_adjustment"] = adjustment_against_region(
        parts["ze2020"].map(supply["ze"]), parts["reg"].map(supply["reg"])
    )
    zone_part_rows = spread(region_rows, parts, ["ze2020"])
    zone_part_rows = zone_part_rows.merge(parts[["ze2020", "reg", "share"]], on=["ze2020", "reg"], how="left")

    dep_weights = territory_weights(jobs, departures, "dep").rename(columns={"code": "dep"})
    deps = departements[["dep", "reg"]].merge(dep_weights, on="dep", how="left")
    deps["industrial_jobs"] = deps["industrial_jobs"].fillna(0.0)
    deps["ageing_ratio"] = deps["ageing_ratio"].fillna(1.0)
    deps["ageing_weight"] = deps["industrial_jobs"] * deps["ageing_ratio"]
    deps["training_adjustment"] = adjustment_against_region(
        deps["dep"].map(supply["dep"]), deps["reg"].map(supply["reg"])
    )
    dep_rows = spread(region_rows, deps, ["dep"])

    zones = zone_part_rows.groupby(["ze2020", "scope"], as_index=False)[MEASURES].sum(min_count=1)
    zones = zones.merge(
        parts.groupby("ze2020")["training_adjustment"].mean().rename("training_adjustment"), on="ze2020", how="left"
    )
    regs_of_zone = zone_part_rows.groupby("ze2020")["reg"].agg(lambda regs: sorted(set(regs)))
    shared = regs_of_zone[regs_of_zone.map(len) > 1].index
    zones["caveat"] = np.where(
        zones["ze2020"].isin(shared),
        "Zone à cheval sur plusieurs régions : somme des parts reçues de chaque région.",
        None,
    )
    france = region_rows.groupby("scope", as_index=False)[MEASURES].sum(min_count=1)
    france["caveat"] = "France métropolitaine : somme des régions ; l'outre-mer n'a pas de projection."

    frames = [
        zones.rename(columns={"ze2020": "code"}).assign(level="ze"),
        dep_rows.drop(columns="reg").rename(columns={"dep": "code"}).assign(level="dep"),
        region_rows.rename(columns={"reg": "code"}).assign(level="reg", training_adjustment=1.0),
        france.assign(level="fr", code=FRANCE, training_adjustment=1.0),
    ]
    table = pd.concat(frames, ignore_index=True)
    table = with_every_territory(table, regions, departements, zones_emploi)
    table = with_census_reading(table, departures)
    table["uncovered_by_young_10y"] = table["positions_10y"] - table["young_entrants_10y"]
    table["estimated"] = table["level"].isin(["ze", "dep"])
    table["horizon"] = "2019-2030"
    table["caveat"] = table["caveat"].astype("object").where(table["caveat"].notna(), None)

    zone_part_rows = zone_part_rows.rename(columns={"share": "zone_share"})
    notes.extend(describe(table, zone_part_rows))
    return table, zone_part_rows[["ze2020", "reg", "scope", "zone_share", *MEASURES, "training_adjustment"]], notes


def with_every_territory(
    table: pd.DataFrame, regions: pd.DataFrame, departements: pd.DataFrame, zones: pd.DataFrame
) -> pd.DataFrame:
    """Territories without a projection (overseas) get rows with missing values and a caveat, never zeros."""
    every = pd.concat(
        [
            pd.DataFrame({"level": "ze", "code": zones["ze2020"]}),
            pd.DataFrame({"level": "dep", "code": departements["dep"]}),
            pd.DataFrame({"level": "reg", "code": regions["reg"]}),
            pd.DataFrame({"level": ["fr"], "code": [FRANCE]}),
        ]
    ).drop_duplicates()
    grid = every.merge(pd.DataFrame({"scope": list(SCOPES)}), how="cross")
    out = grid.merge(table, on=["level", "code", "scope"], how="left")
    missing = out["departures_10y"].isna() & out["caveat"].isna()
    out.loc[missing, "caveat"] = OVERSEAS_CAVEAT
    return out


def with_census_reading(table: pd.DataFrame, departures: pd.DataFrame) -> pd.DataFrame:
    """The census-based estimate (industry only) as a lower reading beside the projection."""
    census = departures[["level", "code", "departures_10y"]].rename(columns={"departures_10y": "departures_census_10y"})
    out = table.merge(census.assign(scope="industrial"), on=["level", "code", "scope"], how="left")
    return out


def describe(table: pd.DataFrame, parts: pd.DataFrame) -> list[str]:
    industry = table[table["scope"] == "industrial"]
    regs = industry[industry["level"] == "reg"].set_index("code")
    zone_sums = parts[parts["scope"] == "industrial"].groupby("reg")["departures_10y"].sum()
    gap = (zone_sums - regs["departures_10y"].reindex(zone_sums.index)).abs().max()
    fr = industry[industry["level"] == "fr"].iloc[0]
    ara = regs.loc["84"] if "84" in regs.index else None
    return [
        f"Métiers 2030: industrial departures over ten years France (metropolitan) {fr['departures_10y']:,.0f} "
        f"(census lower reading {fr['departures_census_10y']:,.0f}); positions to fill {fr['positions_10y']:,.0f}"
        + (
            f"; Auvergne-Rhône-Alpes {ara['departures_10y']:,.0f} departures, {ara['positions_10y']:,.0f} positions"
            if ara is not None
            else ""
        )
        + f"; largest gap between a région and the sum of its zone parts: {gap:.6f}",
        f"Métiers 2030: {int(industry.loc[industry['level'] == 'ze', 'departures_10y'].isna().sum())} zones "
        "without an estimate (overseas)",
    ]


def run(ctx: Context) -> dict[str, pd.DataFrame]:
    path = ctx.path("metiers_2030", FILE)
    table, parts, notes = build(
        read_projection(path),
        path,
        regions=ctx.table("regions"),
        departements=ctx.table("departements"),
        zones_emploi=ctx.table("zones_emploi"),
        communes=ctx.table("communes"),
        commune_jobs=ctx.table("commune_jobs"),
        jobs=ctx.table("jobs"),
        departures=ctx.table("departures"),
        training_fit=ctx.table("training_fit"),
    )
    ctx.notes.extend(notes)
    return {"replacement_needs": table, "replacement_zone_parts": parts}
