"""Simulator arithmetic, checked against hand-computed cases and edge cases; its text agrees with its figures."""

from __future__ import annotations

import itertools
import math
import re

import pytest

from atlas.formats import NNBSP
from atlas.simulator import (
    Result,
    Scenario,
    explain,
    external_in_headline,
    headline,
    largest_remainder,
    simulate,
)

# need = 1 000 departures over ten years, no growth = 100 a year; 1 000 BTS places x 0.8 x 0.7 = 560 graduates a
# year, more than any share of 100 can ask for.
PLENTY = {"departures_10y": 1000, "industrial_jobs": 10_000, "bts_places": 1000}
NOT_NONE = re.compile(r"\b(nul|nulle|nuls|aucun|aucune)\b", re.IGNORECASE)


def text_of(result: Result) -> str:
    return " ".join([headline(result), *result.warnings, *explain(result, 2025)])


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
    shown = result.shown
    assert (shown.need, shown.internal, shown.graduates, shown.external) == (150, 45, 45, 60)
    assert shown.external_difficult == 30
    assert "il reste 60 recrutements externes par an sur un besoin de 150" in headline(result)
    lines = explain(result, 2025)
    assert "Recrutement externe restant = 150 − 45 − 45 = **60 par an**" in lines[3]
    assert f"soit 25{NNBSP}% des 240 projets" in lines[3] and "environ 30 de ces recrutements" in lines[3]


def test_shares_below_one_hundred_percent() -> None:
    result = simulate(Scenario(**PLENTY, share_internal=0.3, share_graduates=0.2))
    assert not result.normalised and not result.warnings
    assert result.share_external == pytest.approx(0.5)
    assert (result.shown.internal, result.shown.graduates, result.shown.external) == (30, 20, 50)
    assert result.shown.shares_permille == (300, 200, 500)
    assert external_in_headline(headline(result)) == 50


def test_shares_of_exactly_one_hundred_percent_leave_no_external_hiring() -> None:
    result = simulate(Scenario(**PLENTY, share_internal=0.6, share_graduates=0.4))
    assert not result.normalised and not result.warnings
    assert result.share_external == 0 and result.external_per_year == pytest.approx(0)
    assert (result.shown.internal, result.shown.graduates, result.shown.external) == (60, 40, 0)
    assert "aucun recrutement externe" in headline(result)
    assert external_in_headline(headline(result)) == 0


def test_shares_above_one_hundred_percent_are_scaled() -> None:
    result = simulate(Scenario(500, 1000, share_internal=0.9, share_graduates=0.6, bts_places=1000))
    assert result.share_internal == pytest.approx(0.6) and result.share_graduates == pytest.approx(0.4)
    assert result.share_external == 0
    assert result.external_per_year == pytest.approx(0)
    assert any("dépassent 100" in w for w in result.warnings)


def test_fifty_and_seventy_percent_are_normalised_before_any_figure() -> None:
    # 50 % + 70 % = 120 % -> 50/120 = 41,67 % and 70/120 = 58,33 %; need 100 a year -> 41,67 and 58,33 -> 42 + 58
    result = simulate(Scenario(**PLENTY, share_internal=0.5, share_graduates=0.7))
    assert result.normalised and result.shares_total == pytest.approx(1.2)
    assert result.share_internal == pytest.approx(5 / 12) and result.share_graduates == pytest.approx(7 / 12)
    assert result.internal_per_year == pytest.approx(100 * 5 / 12)
    assert result.graduates_per_year == pytest.approx(100 * 7 / 12)
    assert result.external_per_year == pytest.approx(0)
    assert (result.shown.internal, result.shown.graduates, result.shown.external) == (42, 58, 0)
    assert result.warnings == (
        f"Les parts saisies dépassent 100{NNBSP}% (120{NNBSP}%) : elles ont été ramenées à 100{NNBSP}% en gardant "
        f"leurs proportions (internes 41,7{NNBSP}%, diplômés 58,3{NNBSP}%).",
    )
    assert "aucun recrutement externe" in headline(result)


def test_issue_11_normalised_shares_with_too_few_graduates_say_the_external_figure() -> None:
    # The issue's case (Moulins): 50 % + 70 %, need 128,2 a year, 18 BTS places x 0,8 x 0,782 = 11,26 graduates.
    # internal 128,2 x 5/12 = 53,42; graduates wanted 74,78, available 11,26, shortfall 63,52 -> external 63,52.
    # Shown: total 128; floors 53 + 11 + 0 + 63 = 127, the unit left goes to the largest remainder (0,52) -> 64.
    result = simulate(
        Scenario(
            1282,
            4126,
            share_internal=0.5,
            share_graduates=0.7,
            bts_places=18,
            completion_rate=0.8,
            employment_rate=0.782,
        )
    )
    assert result.share_external == 0 and result.external_per_year == pytest.approx(63.5224, abs=1e-3)
    shown = result.shown
    assert (shown.need, shown.internal, shown.graduates, shown.shortfall, shown.external) == (128, 53, 11, 64, 64)
    text = text_of(result)
    assert not NOT_NONE.search(text), text
    assert external_in_headline(headline(result)) == 64
    assert "= **64 par an**" in explain(result, 2025)[3]
    assert "l'écart (64 par an) s'ajoute au recrutement externe" in " ".join(result.warnings)


def test_internal_share_at_one_hundred_percent() -> None:
    result = simulate(Scenario(**PLENTY, share_internal=1.0, share_graduates=0.0))
    assert not result.warnings
    assert (result.shown.internal, result.shown.graduates, result.shown.external) == (100, 0, 0)


def test_graduates_share_at_one_hundred_percent_limited_by_supply() -> None:
    # need 100; graduates wanted 100, capacity 100 x 0,8 x 0,7 = 56 -> external 44, all of it from the shortfall
    result = simulate(Scenario(1000, 10_000, share_internal=0.0, share_graduates=1.0, bts_places=100))
    assert result.graduates_per_year == pytest.approx(56) and result.external_per_year == pytest.approx(44)
    assert (result.shown.graduates, result.shown.shortfall, result.shown.external) == (56, 44, 44)
    assert "entièrement" in headline(result) and external_in_headline(headline(result)) == 44


def test_zero_shares_leave_everything_to_external_hiring() -> None:
    result = simulate(Scenario(**PLENTY, share_internal=0.0, share_graduates=0.0))
    assert not result.warnings
    assert (result.shown.internal, result.shown.graduates, result.shown.external) == (0, 0, 100)
    assert result.share_external == 1


def test_zero_jobs_and_no_departures() -> None:
    result = simulate(Scenario(0, 0, growth=0.1, current_projects=0))
    assert result.computable and result.need_10y == 0 and result.external_per_year == 0
    assert math.isnan(result.external_vs_projects)
    assert result.shown.need == 0 and result.shown.external == 0
    assert "aucun recrutement externe" in headline(result)


def test_graduate_shortfall_goes_to_external_hiring() -> None:
    result = simulate(
        Scenario(
            1000, 5000, share_internal=0.2, share_graduates=0.5, bts_places=20, completion_rate=0.5, employment_rate=0.5
        )
    )
    # need 100/yr; internal 20; graduates wanted 50 but capacity 5 -> external 100 - 20 - 5 = 75 (30 + 45 short)
    assert result.graduates_per_year == pytest.approx(5)
    assert result.external_per_year == pytest.approx(75)
    assert any("BTS" in w for w in result.warnings)
    shown = result.shown
    assert (shown.external_unassigned, shown.shortfall, shown.external) == (30, 45, 75)
    assert "Sur ces 75, 45 viennent d'une offre locale" in headline(result)


def test_out_of_range_inputs_are_clipped() -> None:
    # internal -20 % -> 0 %, graduates 150 % -> 100 % (together 100 %: no normalisation), completion 120 % -> 100 %
    result = simulate(Scenario(**PLENTY, share_internal=-0.2, share_graduates=1.5, completion_rate=1.2))
    assert result.scenario.share_internal == 0 and result.scenario.share_graduates == 1
    assert result.scenario.completion_rate == 1 and not result.normalised
    assert [label for label, _, _ in result.clipped] == [
        "la part interne",
        "la part des diplômés",
        "le taux d'obtention",
    ]
    assert (result.shown.internal, result.shown.graduates, result.shown.external) == (0, 100, 0)
    assert result.graduates_capacity_per_year == pytest.approx(700)
    assert len(result.warnings) == 1 and "ramenées dans cet intervalle" in result.warnings[0]
    assert f"la part interne (-20{NNBSP}% → 0{NNBSP}%)" in result.warnings[0]


def test_clipped_shares_can_still_need_normalising() -> None:
    result = simulate(Scenario(**PLENTY, share_internal=1.5, share_graduates=1.0))
    assert result.normalised and result.shares_total == 2
    assert result.share_internal == pytest.approx(0.5) and result.shown.internal == 50
    assert len(result.warnings) == 2


def test_job_losses_larger_than_departures_give_no_need() -> None:
    result = simulate(Scenario(100, 1000, growth=-0.5))
    assert result.need_10y == 0 and result.external_per_year == 0
    assert any("aucun besoin" in w for w in result.warnings)
    assert "ramené à **0**" in explain(result, 2025)[0]


@pytest.mark.parametrize("departures", [None, math.nan])
def test_missing_census_data_is_not_computable(departures: float | None) -> None:
    result = simulate(Scenario(departures, 1000))
    assert not result.computable and "recensement" in result.reason
    assert math.isnan(result.external_per_year)
    assert result.shown is None and not result.warnings and explain(result, 2025) == []
    assert headline(result) == result.reason and external_in_headline(headline(result)) is None


@pytest.mark.parametrize(
    ("scenario", "word"),
    [
        (Scenario(1000, None), "emplois industriels"),
        (Scenario(None, None), "départs estimés et emplois industriels"),
        (Scenario(1000, 1000, bts_places=None), "places de BTS"),
        (Scenario(1000, 1000, share_internal=math.nan), "part interne"),
    ],
)
def test_other_missing_inputs_give_no_figures(scenario: Scenario, word: str) -> None:
    result = simulate(scenario)
    assert not result.computable and word in result.reason and result.shown is None


# ---------------------------------------------------------------- largest remainder


@pytest.mark.parametrize(
    ("values", "total", "expected"),
    [
        ([100 * 5 / 12, 100 * 7 / 12], None, [42, 58]),
        ([100 / 3] * 3, 100, [33, 33, 34]),  # a tie goes to the later value
        ([0.5, 0.5], 1, [0, 1]),
        ([53.417, 11.261, 0, 63.522], 128, [53, 11, 0, 64]),
        ([239.77, 0, 239.77], 480, [240, 0, 240]),
        ([0.4, 0.4, 0.4], 1, [0, 0, 1]),
        ([0, 0], 0, [0, 0]),
        ([5, 7], None, [5, 7]),
    ],
)
def test_largest_remainder(values: list[float], total: int | None, expected: list[int]) -> None:
    assert largest_remainder(values, total) == expected


def test_largest_remainder_keeps_the_total_and_each_value_within_one() -> None:
    for a, b, c in itertools.product([0, 0.25, 0.5, 1.49, 2.5, 7.77, 12.345], repeat=3):
        split = largest_remainder([a, b, c])
        assert sum(split) == round(a + b + c)
        assert all(math.floor(v) <= n <= math.ceil(v) for v, n in zip([a, b, c], split, strict=True))


@pytest.mark.parametrize(("values", "total"), [([-1.0, 2.0], None), ([math.nan], None), ([1.2, 1.2], 5)])
def test_largest_remainder_refuses_what_it_cannot_split(values: list[float], total: int | None) -> None:
    with pytest.raises(ValueError):
        largest_remainder(values, total)


# ---------------------------------------------------------------- the text never contradicts the figures

GRID = list(
    itertools.product(
        [-0.2, 0, 0.05, 0.3, 0.5, 0.7, 1.0, 1.2],  # internal
        [-0.1, 0, 0.2, 0.5, 0.7, 1.0, 1.3],  # graduates
        [0, 3, 18, 100, 1000],  # BTS places
        [(1282, 4126, 0.0), (7, 40, 0.0), (100, 1000, -0.5), (1000, 10_000, 0.05)],  # departures, jobs, growth
    )
)


def check_agreement(result: Result, internal: float, graduates: float) -> None:
    shown = result.shown
    # the routes shown add up to the need shown, and the shares to 100 %
    assert shown.internal + shown.graduates + shown.external == shown.need == round(result.need_per_year)
    assert shown.external == shown.external_unassigned + shown.shortfall
    assert sum(shown.shares_permille) == 1000
    assert abs(shown.external - result.external_per_year) < 1.5
    # normalised exactly when the clipped shares exceed 100 %, and then said so
    clipped_total = min(max(internal, 0), 1) + min(max(graduates, 0), 1)
    assert result.normalised == (clipped_total > 1)
    assert any("dépassent 100" in w for w in result.warnings) == result.normalised
    # the text states the metric's figure, and says "none" exactly when the metric is 0
    text = text_of(result)
    assert external_in_headline(headline(result)) == shown.external
    assert f"= **{shown.external} par an**" in explain(result, 2025)[3]
    if shown.external > 0:
        assert not NOT_NONE.search(text), text
    else:
        assert "aucun recrutement externe" in headline(result)


def test_text_and_figures_always_agree() -> None:
    for internal, graduates, bts, (departures, jobs, growth) in GRID:
        result = simulate(
            Scenario(
                departures,
                jobs,
                growth=growth,
                share_internal=internal,
                share_graduates=graduates,
                bts_places=bts,
                current_projects=350,
                difficult_share=0.776,
            )
        )
        try:
            check_agreement(result, internal, graduates)
        except AssertionError as error:
            raise AssertionError(f"internal={internal} graduates={graduates} bts={bts} need={departures}") from error
