"""BMO totals by territory and occupation scope, with two readings of each share.

Secret cells make every sum a lower bound; the count of secret cells travels with each total so
the app can say "au moins". Each share (difficult, seasonal) comes two ways (contract/formulas.py):
- `*_share`: every published part over every published project (secret parts count as 0);
- `*_share_known_cells`: only over cells where the projects and the part are both published.
France Travail hides a part when it is small, so the second reading leaves out cells with few
difficult projects and runs high (BMO 2025, France: 55.2 % against 49.6 %, while the national
figure France Travail publishes from complete data is about 50 %); the first is a minimum that
stays within half a point of the published national figures. The app shows the first.
"""

from __future__ import annotations

import pandas as pd

from contract.domain import FRANCE
from contract.formulas import BMO_COUNTS, BMO_SHARES, BMO_SUMS, bmo_additive_columns, with_bmo_shares


def by_scope(cells: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Totals for all occupations, industrial ones and each FAP domain, by the given keys."""
    columns = BMO_SUMS + BMO_COUNTS
    parts = [
        cells.groupby(keys, as_index=False)[columns].sum().assign(scope="all"),
        cells[cells["industrial"]].groupby(keys, as_index=False)[columns].sum().assign(scope="industrial"),
        cells.groupby(keys + ["fap_domain"], as_index=False)[columns].sum().rename(columns={"fap_domain": "scope"}),
    ]
    return pd.concat(parts, ignore_index=True)


def build(bmo: pd.DataFrame, bmo_ze: pd.DataFrame) -> pd.DataFrame:
    """bmo_agg: one row per year x level x territory x scope."""
    cells = bmo_additive_columns(bmo).assign(fr=FRANCE)
    frames = []
    for level, column in (("fr", "fr"), ("reg", "reg"), ("dep", "dep")):
        part = by_scope(cells, ["year", column]).rename(columns={column: "code"})
        frames.append(part.assign(level=level))
    zone_part = by_scope(bmo_ze, ["year", "ze2020"]).rename(columns={"ze2020": "code"})
    frames.append(zone_part.assign(level="ze"))
    agg = with_bmo_shares(pd.concat(frames, ignore_index=True))
    columns = ["year", "level", "code", "scope"] + BMO_SUMS + BMO_COUNTS + [share.column for share in BMO_SHARES]
    return agg[columns].sort_values(["year", "level", "code", "scope"]).reset_index(drop=True)
