"""Jobs reconcile with the FLORES and URSSAF files read independently: France totals, zones, A38 detail."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tests.data.workforce_build import workforce_tables

pytestmark = pytest.mark.xdist_group("workforce")
FOLDER = "employment_ze"


@pytest.fixture(scope="module")
def tables(raw_dir: Path) -> dict[str, pd.DataFrame]:
    return workforce_tables(raw_dir)


@pytest.fixture(scope="module")
def jobs(tables: dict) -> pd.DataFrame:
    return tables["jobs"]


def france(jobs: pd.DataFrame, source: str) -> pd.DataFrame:
    return jobs[(jobs["level"] == "fr") & (jobs["source"] == source)].set_index("year")


def test_flores_industry_totals(jobs: pd.DataFrame) -> None:
    fr = france(jobs, "FLORES")
    assert fr.loc[2022, "jobs_industry"] == 3_226_482 and fr.loc[2023, "jobs_industry"] == 3_266_136
    assert fr.loc[2022, "jobs_total"] == 26_115_622 and fr.loc[2023, "jobs_total"] == 26_527_385


@pytest.mark.parametrize(("source", "prefix"), [("FLORES", "flores"), ("URSSAF", "urssaf")])
def test_france_rows_equal_the_france_files(source: str, prefix: str, jobs: pd.DataFrame, raw_dir: Path) -> None:
    raw = pd.read_parquet(raw_dir / FOLDER / f"exdeco_pivot_{prefix}_france.parquet")
    fr = france(jobs, source)
    years = [c for c in raw.columns if c.startswith("eff_")]
    assert sorted(fr.index) == sorted(2000 + int(c[-2:]) for c in years)
    for column in years:
        year = 2000 + int(column[-2:])
        assert fr.loc[year, "jobs_total"] == raw[column].sum()
        assert fr.loc[year, "jobs_industry"] == raw.loc[raw["a5"] == "BE", column].sum()
    assert sorted(fr.index) == ([2022, 2023] if source == "FLORES" else [2019, 2022, 2023, 2024])


def test_zone_rows_equal_the_a5_file(jobs: pd.DataFrame, raw_dir: Path) -> None:
    raw = pd.read_parquet(raw_dir / FOLDER / "exdeco_pivot_urssaf_a5.parquet")
    ours = jobs[(jobs["level"] == "ze") & (jobs["source"] == "URSSAF") & (jobs["year"] == 2024)].set_index("code")
    expected = raw.groupby("code_ze")["eff_24"].sum()
    assert ours["jobs_total"].dropna().to_dict() == expected.astype(float).to_dict()
    industry = raw[raw["a5"] == "BE"].set_index("code_ze")["eff_24"]
    assert ours.loc[industry.index, "jobs_industry"].tolist() == industry.astype(float).tolist()


def test_mayotte_is_missing_not_zero(jobs: pd.DataFrame) -> None:
    zones = jobs[jobs["level"] == "ze"]
    assert zones["code"].nunique() == 306
    assert zones.dropna(subset=["jobs_total"])["code"].nunique() == 305
    for level, code in (("ze", "0601"), ("dep", "976"), ("reg", "06")):
        rows = jobs[(jobs["level"] == level) & (jobs["code"] == code)]
        assert rows[["jobs_total", "jobs_industry"]].isna().all().all(), code
    assert not (jobs["jobs_total"] == 0).any()


def test_departements_and_regions_add_up_to_france(jobs: pd.DataFrame) -> None:
    for (source, year), part in jobs.groupby(["source", "year"]):
        fr = part.loc[part["level"] == "fr", ["jobs_total", "jobs_industry"]].iloc[0]
        for level in ("dep", "reg", "ze"):
            sums = part.loc[part["level"] == level, ["jobs_total", "jobs_industry"]].sum()
            assert np.allclose(sums, fr), (source, year, level)
    assert not jobs.loc[jobs["level"].isin(["ze", "fr"]), "estimated"].any()
    assert jobs.loc[jobs["level"] == "dep", "estimated"].any()


def test_a38_detail(tables: dict, jobs: pd.DataFrame, raw_dir: Path) -> None:
    a38 = tables["jobs_a38"]
    assert len(a38) == 305 * 36 * 2
    totals = a38.groupby(["ze2020", "year"])["jobs"].sum()
    flores = jobs[(jobs["level"] == "ze") & (jobs["source"] == "FLORES")].dropna(subset=["jobs_total"])
    assert totals.to_dict() == flores.set_index(["code", "year"])["jobs_total"].to_dict()
    industry = a38[a38["a5"] == "BE"].groupby("year")["jobs"].sum()
    assert industry.to_dict() == {2022: 3_226_482, 2023: 3_266_136}
    raw = pd.read_parquet(raw_dir / FOLDER / "exdeco_pivot_flores_a38.parquet")
    empty = raw["eff_23"].isna()
    keys = raw.loc[empty, ["code_ze", "a38"]].itertuples(index=False)
    ours = a38[a38["year"] == 2023].set_index(["ze2020", "a38"])["jobs"]
    assert all(ours[tuple(k)] == 0 for k in keys) and empty.sum() == 736
