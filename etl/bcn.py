"""BCN nomenclature readers shared by the training and outcomes steps."""

from __future__ import annotations

import pandas as pd

from etl.readers import read_csv
from etl.step import Context

BTS_LEVELS = ("320", "323")  # BCN NIVEAU_FORMATION_DIPLOME: BTS, BTSA


def load_mef(ctx: Context) -> pd.DataFrame:
    """MEFSTAT11 -> CFD from the BCN (the offer files' own CFD column is wrong for BTSA)."""
    path = ctx.path("bcn", "bcn_n_mef.csv")
    table = read_csv(path, {"mefstat11": "MEF_STAT_11", "cfd": "FORMATION_DIPLOME"}, sep=";")
    table = table.loc[table["mefstat11"] != ""]
    return table.drop_duplicates("mefstat11", keep="last").reset_index(drop=True)
