"""The population pyramids reconcile with INSEE's sheets read independently (plain calamine, fixed positions)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from python_calamine import CalamineWorkbook

from tests.data.workforce_build import workforce_tables

pytestmark = pytest.mark.xdist_group("workforce")
FILE = "insee_estim_pop_dep/estim-pop-dep-sexe-aq-1975-2025.xlsx"


@pytest.fixture(scope="module")
def pyramids(raw_dir: Path) -> pd.DataFrame:
    return workforce_tables(raw_dir)["population_pyramids"]


@pytest.fixture(scope="module")
def workbook(raw_dir: Path) -> CalamineWorkbook:
    return CalamineWorkbook.from_path(str(raw_dir / FILE))


def file_totals(workbook: CalamineWorkbook, year: int) -> dict[str, tuple[float, float, float]]:
    """Département -> (Ensemble, Hommes, Femmes) totals, columns 22, 43 and 64 of the sheet."""
    out = {}
    for row in workbook.get_sheet_by_name(str(year)).to_python():
        code = row[0]
        code = str(int(code)) if isinstance(code, float) else str(code).strip()
        if (code.isdigit() and len(code) in (2, 3)) or code in ("2A", "2B"):
            out[code] = (row[22], row[43], row[64])
    return out


def test_france_2025(pyramids: pd.DataFrame) -> None:
    assert pyramids.loc[pyramids["year"] == 2025, "population"].sum() == 68_605_616
    latest = pyramids[pyramids["year"] == 2025]
    assert latest["provisional"].all() and (latest["estimate_status"] == "early").all()
    assert not pyramids.loc[pyramids["year"] <= 2022, "provisional"].any()


@pytest.mark.parametrize("year", [1975, 1990, 1998, 2014, 2025])
def test_departement_totals_equal_the_total_columns(year: int, pyramids: pd.DataFrame, workbook) -> None:
    totals = file_totals(workbook, year)
    ours = pyramids[pyramids["year"] == year].groupby(["dep", "sex"])["population"].sum().unstack()
    assert set(ours.index) == set(totals)
    for dep, (both, men, women) in totals.items():
        assert (ours.loc[dep, "M"], ours.loc[dep, "F"]) == (men, women), dep
        assert ours.loc[dep, "M"] + ours.loc[dep, "F"] == both


def test_coverage_by_period(pyramids: pd.DataFrame) -> None:
    deps = pyramids.groupby("year")["dep"].nunique()
    assert list(deps.index) == list(range(1975, 2026))
    assert (deps.loc[1975:1989] == 96).all() and (deps.loc[1990:2013] == 100).all() and (deps.loc[2014:] == 101).all()
    assert "20" not in set(pyramids["dep"])


def test_nineties_overseas_top_band(pyramids: pd.DataFrame) -> None:
    top = pyramids[pyramids["age_band"] == "90+"]
    assert sorted(top["dep"].unique()) == ["971", "972", "973", "974"]
    assert sorted(top["year"].unique()) == list(range(1990, 1999))
    bands = pyramids.groupby(["dep", "year", "sex"])["age_band"].nunique()
    assert set(bands.unique()) == {19, 20}
    assert pyramids.loc[(pyramids["year"] == 1999) & (pyramids["dep"] == "971"), "age_band"].eq("95+").any()
