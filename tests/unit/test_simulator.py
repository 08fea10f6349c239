"""Simulator arithmetic, checked against hand-computed cases and edge cases."""

from __future__ import annotations

import math

import pytest

from atlas.simulator import Scenario, simulate


def test_hand_computed_case() -> None:
    # need = 1 000 + 10 000 x 5 % = 1 500 over ten years = 150 a year
    # internal 30 % = 45; graduates wanted 30 % = 45, capacity 100 x 0.8 x 0.7 = 56 -> 45 used; external 60
    result = simulate(
        Scenario(
            1000,
            10_000,
            growth=0.05,
            share_internal=0.3,
            share_graduates=0.3,
            bts_places=100,
            completion_rate=0.8,
            employment_rate=0.7,
            current_projects=240,
            difficult_share=0.5,
        )
    )
    assert result.computable and not result.warnings
    assert result.need_10y == pytest.approx(1500) and result.need_per_year == pytest.approx(150)
    assert result.internal_per_year == pytest.approx(45)
    assert result.graduates_capacity_per_year == pytest.approx(56)
    assert result.graduates_per_year == pytest.approx(45)
    assert result.external_per_year == pytest.approx(60)
    assert result.external_vs_projects == pytest.approx(0.25)
    assert result.external_difficult_per_year == pytest.approx(30)
    assert result.share_external == pytest.approx(0.4)


def test_graduate_shortfall_goes_to_external_hiring() -> None:
    result = simulate(
        Scenario(
            1000, 5000, share_internal=0.2, share_graduates=0.5, bts_places=20, completion_rate=0.5, employment_rate=0.5
        )
    )
    # need 100/yr; internal 20; graduates wanted 50 but capacity 5 -> external 100 - 20 - 5 = 75
    assert result.graduates_per_year == pytest.approx(5)
    assert result.external_per_year == pytest.approx(75)
    assert any("BTS" in w for w in result.warnings)


def test_shares_above_one_hundred_percent_are_scaled() -> None:
    result = simulate(Scenario(500, 1000, share_internal=0.9, share_graduates=0.6, bts_places=1000))
    assert result.share_internal == pytest.approx(0.6) and result.share_graduates == pytest.approx(0.4)
    assert result.share_external == 0
    assert result.external_per_year == pytest.approx(0)
    assert any("dépassent 100" in w for w in result.warnings)


def test_zero_jobs_and_no_departures() -> None:
    result = simulate(Scenario(0, 0, growth=0.1, current_projects=0))
    assert result.computable and result.need_10y == 0 and result.external_per_year == 0
    assert math.isnan(result.external_vs_projects)


def test_job_losses_larger_than_departures_give_no_need() -> None:
    result = simulate(Scenario(100, 1000, growth=-0.5))
    assert result.need_10y == 0 and result.external_per_year == 0
    assert any("aucun besoin" in w for w in result.warnings)


@pytest.mark.parametrize("departures", [None, math.nan])
def test_missing_census_data_is_not_computable(departures: float | None) -> None:
    result = simulate(Scenario(departures, 1000))
    assert not result.computable and "recensement" in result.reason
    assert math.isnan(result.external_per_year)
