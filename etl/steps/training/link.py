"""Link each BTS diploma to one occupation: diploma (BCN) -> first ROME (Certif Info) -> FAP 2009 (DARES)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from contract.domain import INDUSTRIAL_DOMAINS
from etl.bcn import BTS_LEVELS
from etl.frames import member

TECHNICIANS = "7"  # DARES qualification code of technicians, the level a BTS trains for
OPTION_OFFSETS = range(1, 6)  # a common first-year CFD is followed by its options' CFDs
LABEL_PREFIX = 20  # characters of the BCN label an option must share with its common first year
SUCCESSOR_STEPS = 3  # BCN renewals followed for a closed diploma


def fap_of_rome(pairs: pd.DataFrame) -> pd.DataFrame:
    """One FAP per ROME: the only one, else the one whose qualification filter admits technicians (7).

    A ROME whose FAPs do not single out technicians gets no FAP (`rule` says why)."""
    admits = (pairs["qualification"] == "") | pairs["qualification"].str.contains(TECHNICIANS, regex=False)
    counts = pairs.groupby("rome")["fap2009"].transform("size")
    technicians = pairs.loc[admits].groupby("rome")["fap2009"].transform("size").reindex(pairs.index)
    single = pairs.loc[counts == 1].assign(rule="single")
    chosen = pairs.loc[(counts > 1) & admits & (technicians == 1)].assign(rule="technicians")
    out = pd.concat([single, chosen])[["rome", "fap2009", "rule"]]
    ambiguous = sorted(set(pairs["rome"]) - set(out["rome"]))
    if ambiguous:
        out = pd.concat([out, pd.DataFrame({"rome": ambiguous, "fap2009": None, "rule": "ambiguous"})])
    return out.sort_values("rome").reset_index(drop=True)


def first_rome(diplomas: pd.DataFrame, certif: pd.DataFrame) -> pd.DataFrame:
    """First ROME of each CFD, from Certif Info, else borrowed from a related CFD (`rome_source`):
    - option: the next CFD (+1..+5) known to Certif Info whose BCN label shares its first LABEL_PREFIX
      characters (a common first year and its options, which Certif Info alone lists);
    - successor: the diploma that replaced it in the BCN (NOUVEAU_DIPLOME_1, followed up to SUCCESSOR_STEPS
      times), for closed diplomas that InserJeunes still reports (e.g. MUC -> MCO)."""
    romes = certif.set_index("cfd")["romes"]
    romes = romes[romes.str.len() > 0]
    label = diplomas.set_index("cfd")["diploma"].str.upper().str[:LABEL_PREFIX]
    out = pd.DataFrame({"cfd": diplomas["cfd"]})
    out["rome_cfd"] = out["cfd"].where(member(out["cfd"], romes.index))
    out["rome_source"] = np.where(out["rome_cfd"].notna(), "certif_info", "none")
    own_label = out["cfd"].map(label)
    for k in OPTION_OFFSETS:
        missing = out["rome_cfd"].isna() & out["cfd"].str.fullmatch(r"\d{8}")
        if not missing.any():
            break
        option = (out.loc[missing, "cfd"].astype("int64") + k).astype(str).str.zfill(8)
        fits = member(option, romes.index) & (option.map(label) == own_label[missing])
        out.loc[fits[fits].index, ["rome_cfd", "rome_source"]] = np.column_stack(
            [option[fits], np.full(int(fits.sum()), "option")]
        )
    resolved = out.set_index("cfd")["rome_cfd"].dropna()
    successor = diplomas.set_index("cfd")["successor"].replace("", None).dropna()
    target = out["cfd"].where(out["rome_cfd"].isna())
    for _ in range(SUCCESSOR_STEPS):
        target = target.map(successor)
        found = target.map(resolved)
        newly = out["rome_cfd"].isna() & found.notna()
        out.loc[newly, "rome_cfd"] = found[newly]
        out.loc[newly, "rome_source"] = "successor"
        target = target.where(out["rome_cfd"].isna())
    out["romes"] = out["rome_cfd"].map(romes)
    out["rome"] = out["romes"].str[0]
    return out


def link_diplomas(
    diplomas: pd.DataFrame,
    nsf_labels: pd.DataFrame,
    certif: pd.DataFrame,
    rome_fap: pd.DataFrame,
    fap_labels: pd.DataFrame,
) -> pd.DataFrame:
    """bts_diplomas: every BTS/BTSA diploma of the BCN with its NSF group, first ROME and FAP 2009."""
    bts = diplomas.loc[diplomas["niveau"].isin(BTS_LEVELS)].reset_index(drop=True)
    out = bts.merge(nsf_labels.drop_duplicates("nsf"), on="nsf", how="left")
    out = out.merge(first_rome(bts, certif), on="cfd", how="left")
    out = out.merge(fap_of_rome(rome_fap).rename(columns={"rule": "fap_rule"}), on="rome", how="left")
    out = out.merge(fap_labels, on="fap2009", how="left")
    out["fap_domain"] = out["fap2009"].str[0]
    out["linked"] = out["fap2009"].notna()
    out["industrial"] = pd.array(out["fap_domain"].isin(INDUSTRIAL_DOMAINS), dtype="boolean")
    out.loc[~out["linked"], "industrial"] = pd.NA
    out["romes"] = out["romes"].apply(lambda v: list(v) if isinstance(v, list) else [])
    columns = [
        "cfd",
        "niveau",
        "diploma",
        "nsf",
        "nsf_label",
        "rome",
        "rome_source",
        "rome_cfd",
        "romes",
        "fap2009",
        "fap_label",
        "fap_rule",
        "fap_domain",
        "industrial",
        "linked",
    ]
    return out[columns].sort_values("cfd").reset_index(drop=True)
