"""Jobs by zone: yearly columns, absent zones stay missing, territories by population share, A38 detail."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from etl.errors import InputError
from etl.step import Context
from etl.steps import employment
from etl.steps.employment import allocate, allocation_weights, build_a38, build_jobs, check_france, to_long, zone_jobs

ZONES = pd.Series(["0051", "0052", "0601", "8405"])


def a5_long() -> pd.DataFrame:
    wide = pd.DataFrame(
        {
            "code_ze": ["0051", "0051", "0051", "0052", "0052", "8405", "8405"],
            "a5": ["AZ", "BE", "GU", "BE", "GU", "BE", "GU"],
            "eff_22": [10, 5, 20, 7, 3, 100, 300],
            "eff_23": [11, 6, 21, 8, 3, 110, 290],
        }
    )
    return to_long(wide, ["code_ze", "a5"], "a5.parquet")


def communes_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "commune": ["01001", "01002", "02001", "02002", "03001", "97601"],
            "ze2020": ["0051", "0051", "0051", "0052", "8405", "0601"],
            "dep": ["01", "01", "02", "02", "03", "976"],
            "reg": ["84", "84", "84", "84", "84", "06"],
            "population": pd.array([200, 100, 100, 50, 10, 5], dtype="Int64"),
        }
    )


def test_yearly_columns_become_rows() -> None:
    frame = a5_long()
    assert sorted(frame["year"].unique()) == [2022, 2023]
    assert frame[(frame["code_ze"] == "0051") & (frame["a5"] == "BE") & (frame["year"] == 2023)]["jobs"].item() == 6


def test_negative_count_names_the_column() -> None:
    wide = pd.DataFrame({"code_ze": ["0051"], "a5": ["BE"], "eff_22": [1], "eff_23": [-4]})
    with pytest.raises(InputError, match=r"^a5\.parquet, column 'eff_23': negative or fractional job count -4"):
        to_long(wide, ["code_ze", "a5"], "a5.parquet")


def test_zone_totals_and_absent_zone_stays_missing() -> None:
    zones = zone_jobs(a5_long(), ZONES, "a5.parquet").set_index(["code", "year"])
    assert zones.loc[("0051", 2022), "jobs_total"] == 35 and zones.loc[("0051", 2022), "jobs_industry"] == 5
    assert zones.loc[("0052", 2023), "jobs_industry"] == 8
    mayotte = zones.loc[("0601", 2022)]
    assert np.isnan(mayotte["jobs_total"]) and np.isnan(mayotte["jobs_industry"])  # never 0


def test_empty_cell_makes_the_zone_unknown() -> None:
    long = a5_long()
    long.loc[(long["code_ze"] == "0052") & (long["a5"] == "BE") & (long["year"] == 2022), "jobs"] = np.nan
    zones = zone_jobs(long, ZONES, "a5.parquet").set_index(["code", "year"])
    assert np.isnan(zones.loc[("0052", 2022), "jobs_total"]) and np.isnan(zones.loc[("0052", 2022), "jobs_industry"])
    assert zones.loc[("0052", 2023), "jobs_total"] == 11


def test_unknown_zone_code_is_an_error() -> None:
    long = a5_long()
    long.loc[0, "code_ze"] = "9999"
    with pytest.raises(InputError, match=r"column 'code_ze': 1 code\(s\) not in the ZE2020 list: \['9999'\]"):
        zone_jobs(long, ZONES, "a5.parquet")


def test_france_file_must_equal_the_sum_of_zones() -> None:
    zones = zone_jobs(a5_long(), ZONES, "a5.parquet")
    france = pd.DataFrame(
        {"code_ze": "00FR", "a5": ["AZ", "BE", "GU"], "eff_22": [10, 112, 323], "eff_23": [11, 124, 314]}
    )
    check_france(zones, to_long(france, ["code_ze", "a5"], "fr.parquet"), "fr.parquet")  # exact: no error
    france.loc[[1, 2], "eff_23"] = [125, 313]  # same total, one more industrial job
    with pytest.raises(InputError, match=r"^fr\.parquet, column 'eff_23': 2023 jobs_industry: zones add up to 124,"):
        check_france(zones, to_long(france, ["code_ze", "a5"], "fr.parquet"), "fr.parquet")


def test_zones_shared_among_territories_by_population() -> None:
    zones = zone_jobs(a5_long(), ZONES, "a5.parquet")
    weights = allocation_weights(communes_frame())
    dep = allocate(zones, weights["dep"]).set_index(["code", "year"])
    # zone 0051 (35 jobs in 2022): 300 of its 400 inhabitants live in 01, 100 in 02; zone 0052 is all in 02
    assert np.isclose(dep.loc[("01", 2022), "jobs_total"], 35 * 0.75)
    assert np.isclose(dep.loc[("02", 2022), "jobs_total"], 35 * 0.25 + 10)
    assert dep.loc[("01", 2022), "estimated"] and dep.loc[("02", 2022), "estimated"]
    assert dep.loc[("03", 2022), "jobs_total"] == 400 and not dep.loc[("03", 2022), "estimated"]
    assert np.isnan(dep.loc[("976", 2022), "jobs_total"])  # Mayotte's zone has no figure
    reg = allocate(zones, weights["reg"]).set_index(["code", "year"])
    assert reg.loc[("84", 2022), "jobs_total"] == 35 + 10 + 400 and not reg.loc[("84", 2022), "estimated"]


def test_jobs_table_france_is_the_exact_sum() -> None:
    zones = zone_jobs(a5_long(), ZONES, "a5.parquet")
    jobs = build_jobs({"FLORES": zones}, communes_frame())
    france = jobs[jobs["level"] == "fr"].set_index("year")
    assert france.loc[2022, "jobs_total"] == 445 and france.loc[2023, "jobs_industry"] == 124
    assert not jobs.loc[jobs["level"].isin(["ze", "fr"]), "estimated"].any()
    assert set(jobs["source"]) == {"FLORES"}
    assert len(jobs) == 2 * (4 + 4 + 2 + 1)
    dep_total = jobs[(jobs["level"] == "dep") & (jobs["year"] == 2022)]["jobs_total"].sum()
    assert np.isclose(dep_total, 445)


def test_a38_empty_cells_are_zero_when_they_reproduce_a5() -> None:
    a38 = pd.DataFrame(
        {
            "code_ze": ["0051", "0051", "0051"],
            "a38": ["BZ", "CA", "GZ"],
            "a5": ["BE", "BE", "GU"],
            "lib": ["Extraction", "Alimentaire", "Commerce"],
            "eff_22": [2.0, 3.0, 20.0],
            "eff_23": [np.nan, 6.0, 21.0],
        }
    )
    a5 = pd.DataFrame({"code_ze": "0051", "a5": ["BE", "GU"], "eff_22": [5, 20], "eff_23": [6, 21]})
    a5_long_frame = to_long(a5, ["code_ze", "a5"], "a5.parquet")
    out = build_a38(to_long(a38, ["code_ze", "a38", "a5", "lib"], "a38.parquet"), a5_long_frame)
    assert out[(out["a38"] == "BZ") & (out["year"] == 2023)]["jobs"].item() == 0.0
    assert list(out.columns) == ["ze2020", "year", "a38", "a38_label", "a5", "jobs"]
    a38.loc[1, "eff_23"] = 5.0
    with pytest.raises(InputError, match=r"column 'eff_23': A38 cells of zone 0051 sector BE in 2023 add up to 5"):
        build_a38(to_long(a38, ["code_ze", "a38", "a5", "lib"], "a38.parquet"), a5_long_frame)


def test_loader_names_the_missing_column(scratch_ctx: Context) -> None:
    folder = scratch_ctx.raw_dir / "employment_ze"
    folder.mkdir(parents=True)
    pd.DataFrame({"code_ze": ["0051"], "eff_22": [1]}).to_parquet(folder / "exdeco_pivot_flores_a5.parquet")
    pd.DataFrame({"code_ze": ["00FR"], "a5": ["BE"], "eff_22": [1]}).to_parquet(
        folder / "exdeco_pivot_flores_france.parquet"
    )
    with pytest.raises(InputError, match=r"^exdeco_pivot_flores_a5\.parquet, column 'a5': column not found"):
        employment.load_a5(scratch_ctx, "FLORES")


def test_loader_needs_yearly_columns(scratch_ctx: Context) -> None:
    folder = scratch_ctx.raw_dir / "employment_ze"
    folder.mkdir(parents=True)
    frame = pd.DataFrame({"code_ze": ["0051"], "a38": ["CA"], "a5": ["BE"], "lib": ["x"], "effectif": [1]})
    frame.to_parquet(folder / employment.A38_FILE)
    with pytest.raises(InputError, match=r"column 'eff_YY': no yearly column eff_YY"):
        employment.load_a38(scratch_ctx)
