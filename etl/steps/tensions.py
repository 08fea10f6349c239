"""Tensions step: DARES / France Travail recruitment-tension indicators of 2019 and their six components.

Load: the 2019 indicator by FAP 2009 occupation (225 and 87 levels) for France, regions and
départements, the national history 2011-2019, and FAP 2009 labels. Process: strip the trailing
spaces of some headers and values, restore two-character region codes, keep the 1-5 classes as
small integers (missing stays missing). Save: tensions_2019, tensions_history.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from contract.domain import INDUSTRIAL_DOMAINS
from etl.errors import InputError
from etl.readers import decode_text, read_csv, strict_numbers
from etl.step import Context

SOURCES = ("dares_tensions_2019", "dares_fap")
READS = ("departements",)
OUTPUTS = ("tensions_2019", "tensions_history")

COMPONENTS = {
    "hiring_intensity": "Intensité d'embauches",
    "training_link": "Lien formation-emploi",
    "labour_shortage": "Manque de main-d'œuvre disponible",
    "job_instability": "Non-durabilité de l'emploi",
    "working_conditions": "Conditions de travail contraignantes",
    "geographic_mismatch": "Inadéquation géographique",
}
COMPONENT_LABELS = {
    "hiring_intensity": "Intensité d'embauches",
    "training_link": "Lien formation-emploi (spécificité de la formation)",
    "labour_shortage": "Manque de main-d'œuvre disponible",
    "job_instability": "Non-durabilité de l'emploi",
    "working_conditions": "Conditions de travail contraignantes",
    "geographic_mismatch": "Inadéquation géographique",
}
CAVEATS = (
    "Indicateurs de tension DARES-France Travail de 2019 (nomenclature FAP 2009) : antérieurs à la crise sanitaire, "
    "ils sont montrés comme tels. Catégorie et composantes vont de 1 (très faible) à 5 (très forte) ; elles manquent "
    "pour environ la moitié des couples département × métier, trop petits pour être publiés.",
)


def load_tensions(ctx: Context) -> pd.DataFrame:
    path = ctx.path("dares_tensions_2019", "tensions.csv")
    text = decode_text(path)
    header, _, body = text.partition("\n")
    cleaned = ",".join(name.strip() for name in header.split(",")) + "\n" + body
    columns = {
        "fap": "fap",
        "employment": "Emploi moyen",
        "tension": "Tension",
        "category": "Catégorie Tension",
        **COMPONENTS,
        "year": "Année",
        "geo": "niveau_geo",
        "fap_level": "niveau_fap",
        "reg": "reg",
        "dep": "dep",
    }
    return read_csv(path, columns, text=cleaned)


def load_history(ctx: Context) -> pd.DataFrame:
    path = ctx.path("dares_tensions_2019", "evol_tensions.csv")
    text = decode_text(path)
    header, _, body = text.partition("\n")
    cleaned = ",".join(name.strip() for name in header.split(",")) + "\n" + body
    return read_csv(path, {"fap": "fap", "tension": "Tension", "year": "Année"}, text=cleaned)


def load_fap_labels(ctx: Context) -> pd.DataFrame:
    table = read_csv(
        ctx.path("dares_fap", "Intitules_FAP2009.csv"),
        {
            "fap225": "Code FAP détaillées",
            "label225": "FAP détaillées",
            "fap87": "Code FAP agrégées",
            "label87": "FAP agrégées",
        },
        sep=";",
    )
    labels = pd.concat(
        [
            table[["fap225", "label225"]].set_axis(["fap", "label"], axis=1),
            table[["fap87", "label87"]].set_axis(["fap", "label"], axis=1),
        ]
    )
    return labels.drop_duplicates("fap").set_index("fap")["label"]


def _classes(values: pd.Series, name: str) -> pd.Series:
    numbers = strict_numbers(values, "tensions.csv", name)
    bad = numbers.notna() & ~numbers.isin([1, 2, 3, 4, 5])
    if bad.any():
        raise InputError("tensions.csv", f"class outside 1..5: {values[bad].iloc[0]!r}", column=name)
    return numbers.astype("Int8")


def tidy_tensions(raw: pd.DataFrame, labels: pd.Series) -> pd.DataFrame:
    """One row per territory × FAP with the indicator, its category and six components."""
    geo = raw["geo"].str.strip()
    unknown = sorted(set(geo) - {"nat", "reg", "dep"})
    if unknown:
        raise InputError("tensions.csv", f"unknown geographic level(s) {unknown}", column="niveau_geo")
    region = strict_numbers(raw["reg"], "tensions.csv", "reg")
    region_code = region.map(lambda v: "" if pd.isna(v) else f"{int(v):02d}")
    code = np.select([geo == "nat", geo == "reg"], ["FR", region_code], raw["dep"].str.strip())
    level = geo.map({"nat": "fr", "reg": "reg", "dep": "dep"})
    fap_level = raw["fap_level"].str.strip().map({"fap 225": "fap225", "fap 87": "fap87"})
    if fap_level.isna().any():
        raise InputError("tensions.csv", "unknown FAP level", column="niveau_fap")
    out = pd.DataFrame(
        {
            "level": level,
            "code": code,
            "fap_level": fap_level,
            "fap": raw["fap"].str.strip(),
        }
    )
    out["fap_label"] = out["fap"].map(labels)
    out["fap_domain"] = out["fap"].str[0]
    out["industrial"] = out["fap_domain"].isin(INDUSTRIAL_DOMAINS)
    out["employment"] = strict_numbers(raw["employment"], "tensions.csv", "Emploi moyen").round().astype("Int64")
    out["tension"] = strict_numbers(raw["tension"], "tensions.csv", "Indicateur de tension")
    out["category"] = _classes(raw["category"], "Catégorie Tension")
    for name, column in COMPONENTS.items():
        out[name] = _classes(raw[name], column)
    return out.sort_values(["level", "code", "fap_level", "fap"]).reset_index(drop=True)


def tidy_history(raw: pd.DataFrame, labels: pd.Series) -> pd.DataFrame:
    out = pd.DataFrame(
        {
            "fap": raw["fap"].str.strip(),
            "year": strict_numbers(raw["year"], "evol_tensions.csv", "Année", blank=False).astype("Int16"),
            "tension": strict_numbers(raw["tension"], "evol_tensions.csv", "Tension"),
        }
    )
    out["fap_level"] = np.where(out["fap"].str.len() == 3, "fap87", "fap225")
    out["fap_label"] = out["fap"].map(labels)
    return out[["fap_level", "fap", "fap_label", "year", "tension"]]


def run(ctx: Context) -> dict[str, pd.DataFrame]:
    labels = load_fap_labels(ctx)
    tensions = tidy_tensions(load_tensions(ctx), labels)
    history = tidy_history(load_history(ctx), labels)
    deps = set(ctx.table("departements")["dep"])
    orphans = sorted(set(tensions.loc[tensions["level"] == "dep", "code"]) - deps)
    if orphans:
        raise InputError("tensions.csv", f"unknown département codes {orphans[:5]}", column="dep")
    covered = tensions.loc[tensions["level"] == "dep", "category"].notna().mean()
    ctx.notes.append(
        f"Tensions 2019: {len(tensions)} territory x FAP rows; tension category known for {covered:.0%} of "
        "département rows"
    )
    return {"tensions_2019": tensions, "tensions_history": history}
