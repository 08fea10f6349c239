"""BMO step: France Travail's recruitment survey, one file per year, to tidy tables.

Load: each `bmo_YYYY` source (the data sheet and the `BEyy` bassin column are found by
themselves, so next year's file needs only a line in sources.toml), the bassin -> commune table
and the DARES FAP nomenclatures. Process: counts as nullable integers with a flag per secret
(`*`) cell; FAP domain and nomenclature from the occupation code; bassins moved to employment
areas by the jobs at the place of work of their communes (census 2018, table commune_jobs), with
population as the published alternative (bmo_allocation: projects of each zone under both
weightings and the move between them); aggregates by level and occupation scope. Save: bmo,
occupations, fap_domains, bmo_bassins, bmo_ze, bmo_agg, bmo_allocation.
"""

from __future__ import annotations

import pandas as pd

from etl import config
from etl.step import Context
from etl.steps.bmo import aggregates, bassins
from etl.steps.bmo.survey import (
    fap_domains_table,
    load_nomenclatures,
    load_surveys,
    occupations_table,
    survey_sources,
    tidy_survey,
)

SOURCES = (r"bmo_\d{4}", "bmo_bassins_2021", "dares_fap")
READS = ("communes", "departements", "zones_emploi", "commune_jobs")
OUTPUTS = ("bmo", "occupations", "fap_domains", "bmo_bassins", "bmo_ze", "bmo_agg", "bmo_allocation")

CAVEATS = (
    "Les bassins d'emploi de France Travail ne sont pas des zones d'emploi : chaque cellule de l'enquête "
    "(bassin × département × métier) est répartie entre les communes 2024 du bassin dans ce département au "
    "prorata de leurs emplois au lieu de travail (recensement 2018), puis sommée par zone d'emploi : les projets "
    "de recrutement naissent là où sont les emplois. Le total de chaque bassin est conservé. Un bassin dont les "
    "communes n'ont aucun emploi recensé, ou dont une commune n'a pas de chiffre (Mayotte), est réparti au prorata "
    "de la population, à défaut à parts égales.",
    "La répartition au prorata de la population reste l'alternative : les projets de chaque zone d'emploi selon "
    "les deux règles et l'écart entre elles sont publiés (table bmo_allocation, page « Méthodologie et sources »). "
    "L'écart ne concerne que les bassins qui s'étendent sur plusieurs zones d'emploi : il déplace des projets "
    "vers la zone où se concentrent les emplois du bassin, au détriment de ses zones plus résidentielles.",
    "Secret statistique : les cellules marquées « * » ne sont jamais converties en nombres. Les sommes sont donc "
    "des minimums (« au moins »). La part de projets difficiles rapporte les projets difficiles publiés aux projets "
    "publiés : le secret masquant surtout de petits nombres de projets difficiles, c'est un minimum proche du chiffre "
    "national publié par France Travail (49,6 % contre environ 50 % en 2025). Calculée sur les seules cellules où "
    "les deux chiffres sont publiés, elle serait nettement plus haute (55,2 %) ; cette lecture est disponible dans "
    "la carte pour comparaison. Dans les petites zones d'emploi, où le secret est fréquent, toute part reste "
    "approximative.",
    "Nomenclatures : l'enquête 2023 code les métiers en FAP 2009, celles de 2024 et 2025 en FAP 2021. Les métiers "
    "industriels (domaines C à H) existent dans les deux ; la comparaison métier par métier entre 2023 et 2024 "
    "n'est pas possible.",
    "Saint-Martin et Saint-Barthélemy (bassin « Îles du Nord ») et Monaco sont enquêtés mais hors du zonage en "
    "zones d'emploi : ils comptent dans les totaux nationaux et départementaux, pas dans ceux des zones.",
    "Une zone d'emploi qui s'étend sur plusieurs régions est rattachée à la région où vit la plus grande part de "
    "sa population ; elle apparaît dans la liste de chaque région qu'elle touche.",
)


def run(ctx: Context) -> dict[str, pd.DataFrame]:
    nomenclatures = load_nomenclatures(ctx)
    years = []
    sources = survey_sources(ctx)
    for (year, path, _), (raw, sheet) in zip(sources, load_surveys(sources, config.CACHE_DIR), strict=True):
        survey = tidy_survey(raw, nomenclatures, path.name, sheet, year)
        ctx.notes.extend(survey.attrs.pop("quirks", []))
        years.append(survey)
    bmo = pd.concat(years, ignore_index=True)
    # The région of each cell is that of its département today (2016 files use the former régions).
    region_of = ctx.table("departements").set_index("dep")["reg"]
    bmo["reg"] = bmo["dep"].map(region_of).fillna(bmo["reg"])
    communes = bassins.with_jobs(ctx.table("communes"), ctx.table("commune_jobs"))
    commune_bassins = bassins.load_commune_bassins(ctx, communes)
    units = bassins.allocation_units(bmo, commune_bassins, communes)
    weights = {by: bassins.zone_weights(units, communes, by=by) for by in bassins.WEIGHTINGS}
    bmo_ze = bassins.allocate_to_zones(bmo, weights["jobs"], units)
    ctx.notes.extend(bassins.describe_units(units, bmo))
    ctx.notes.extend(bassins.describe_weighting(weights["jobs"], bmo))
    allocation = bassins.allocation_effect(bmo, weights)
    zone_names = ctx.table("zones_emploi").set_index("ze2020")["name"]
    ctx.notes.append(bassins.largest_moves(allocation, zone_names))
    agg = aggregates.build(bmo, bmo_ze)
    return {
        "bmo": bmo,
        "occupations": occupations_table(bmo),
        "fap_domains": fap_domains_table(nomenclatures),
        "bmo_bassins": bassins.units_table(units, bmo),
        "bmo_ze": bmo_ze,
        "bmo_agg": agg,
        "bmo_allocation": allocation,
    }
