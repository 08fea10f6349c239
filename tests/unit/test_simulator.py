"""Four-route simulator, checked against hand-computed cases and edge cases; its text agrees with its figures."""

from __future__ import annotations

import itertools
import math
import re

import pytest

from atlas.formats import NNBSP, fmt_int
from atlas.simulator import (
    Result,
    Scenario,
    explain,
    external_in_headline,
    headline,
    largest_remainder,
    projection_scenario,
    retained_10y,
    routes_shown,
    simulate,
)

NOT_NONE = re.compile(r"\b(nul|nulle|nuls|aucun|aucune)\b", re.IGNORECASE)
EXTERNAL_STEP = re.compile(r"^Recrutement extérieur = .* = (?:\*\*([\d\u202f]+) par an\*\*|.*donc \*\*0 par an\*\*)")


def text_of(result: Result) -> str:
    return " ".join([headline(result), *result.warnings, *explain(result)])


def per_year(result: Result) -> tuple[int, ...]:
    shown = result.shown
    return (
        shown.positions,
        shown.retained,
        shown.young,
        shown.migration,
        shown.internal,
        shown.external,
        shown.surplus,
    )


# ---------------------------------------------------------------- hand-computed cases


def test_defaults_reproduce_the_projection() -> None:
    # Positions 1 000 over ten years (800 departures + 200 created), 600 young entrants, 100 arrivals:
    # imbalance 300, half to occupational mobility by default (150), half to external hiring (150).
    scenario = projection_scenario(1000, 800, 600, 100)
    assert scenario.share_young == pytest.approx(0.6) and scenario.share_migration == pytest.approx(0.1)
    assert scenario.share_internal == pytest.approx(0.15)
    assert scenario.retention_share == 0 and scenario.retention_years == 2
    result = simulate(scenario)
    assert result.computable and not result.warnings and not result.oversubscribed
    assert result.per_year["young"] == pytest.approx(60) and result.per_year["migration"] == pytest.approx(10)
    assert result.per_year["internal"] == pytest.approx(15) and result.per_year["external"] == pytest.approx(15)
    assert per_year(result) == (100, 0, 60, 10, 15, 15, 0)
    assert result.shown.departures == 80 and result.shown.creation == 20
    ten = result.shown_10y
    assert (ten.positions, ten.young, ten.migration, ten.internal, ten.external) == (1000, 600, 100, 150, 150)
    assert routes_shown(1000, 800, 600, 100).imbalance == 30
    assert "il reste 15 recrutements extérieurs par an sur 100 postes à pourvoir" in headline(result)
    assert external_in_headline(headline(result)) == 15


def test_defaults_reproduce_a_projection_with_a_surplus_of_young_entrants() -> None:
    # Oyonnax, industry (replacement_needs): positions 2 432,6, young 2 796,3, migration 42,3 over ten years:
    # per year 243, 280, +4, imbalance 243 - 280 - 4 = -41: no mobility, no external hiring, a surplus of 41.
    result = simulate(projection_scenario(2432.630391, 2254.331118, 2796.329936, 42.332910))
    assert result.scenario.share_internal == 0
    assert per_year(result) == (243, 0, 280, 4, 0, 0, 41)
    assert routes_shown(2432.630391, 2254.331118, 2796.329936, 42.332910).imbalance == -41
    assert result.oversubscribed and result.coverage == pytest.approx((2796.329936 + 42.332910) / 2432.630391)
    assert "aucun recrutement extérieur" in headline(result) and "excédent de 41 par an" in headline(result)
    assert "**excédent de 41 par an**" in explain(result)[-2]


def test_the_projection_imbalance_shown_adds_up_even_when_rounding_would_not() -> None:
    # Lyon, industry: 2 688,4 positions, 1 957,6 young entrants, 46,8 arrivals a year. Rounded on their own:
    # 2 688, 1 958, 47 and 684,1 -> 684, which would not add up: the imbalance shown is 2 688 - 1 958 - 47 = 683,
    # and the simulator's defaults split it 342 (mobility, 342,04 rounded) + 341 (external, what is left).
    routes = routes_shown(26884.106095, 24565.789612, 19575.535150, 467.840300)
    assert (routes.positions, routes.young, routes.migration, routes.imbalance) == (2688, 1958, 47, 683)
    result = simulate(projection_scenario(26884.106095, 24565.789612, 19575.535150, 467.840300))
    assert (result.shown.internal, result.shown.external) == (342, 341)
    assert result.shown.internal + result.shown.external == routes.imbalance


def test_retention_removes_departures_times_share_times_years_over_ten() -> None:
    # D = 800 over ten years, 25 % postponed by 4 years: 800 x 0,25 x 4/10 = 80 removed (8 a year), taken from
    # external hiring: 15 - 8 = 7 a year.
    assert retained_10y(800, 0.25, 4) == pytest.approx(80)
    scenario = Scenario(1000, 800, 0.6, 0.1, 0.15, retention_share=0.25, retention_years=4)
    result = simulate(scenario)
    assert result.per_year["retained"] == pytest.approx(8) and result.per_year["external"] == pytest.approx(7)
    assert per_year(result) == (100, 8, 60, 10, 15, 7, 0)
    assert result.shown_10y.retained == 80
    lines = explain(result)
    assert "départs 800 sur dix ans × 25\u202f% reportés × 4/10 = 80 sur dix ans, soit **8 par an**" in lines[1]
    assert "8 évités par le maintien en emploi" in headline(result)


def test_retention_beyond_ten_years_counts_ten_years() -> None:
    # Postponed past the horizon whatever the length: min(years, 10) = 10 -> 800 x 0,5 = 400.
    assert retained_10y(800, 0.5, 15) == pytest.approx(400)
    result = simulate(Scenario(1000, 800, 0.6, 0.1, 0.0, retention_share=0.5, retention_years=10))
    assert result.per_year["retained"] == pytest.approx(40)
    # 100 - 40 - 60 - 10 = -10: a surplus of 10 a year, no external hiring
    assert per_year(result) == (100, 40, 60, 10, 0, 0, 10)
    assert result.oversubscribed


def test_retention_can_remove_all_external_hiring() -> None:
    base = simulate(projection_scenario(1000, 800, 600, 100))
    retained = simulate(
        Scenario(1000, 800, base.scenario.share_young, 0.1, 0.15, retention_share=0.5, retention_years=2)
    )
    # 800 x 0,5 x 2/10 = 80 -> 8 a year; external 15 - 8 = 7
    assert retained.shown.external == base.shown.external - 8 == 7


def test_shares_above_one_hundred_percent_are_normalised() -> None:
    # young 90 % + migration 10 % + mobility 30 % = 130 % of 100 positions a year: nothing to hire outside, a
    # surplus of 30; ramenées à 100 %: 90/130 = 69,2 %, 10/130 = 7,7 %, 30/130 = 23,1 %.
    result = simulate(Scenario(1000, 800, 0.9, 0.1, 0.3))
    assert result.oversubscribed and result.coverage == pytest.approx(1.3)
    assert result.per_year["external"] == 0 and result.per_year["surplus"] == pytest.approx(30)
    assert per_year(result) == (100, 0, 90, 10, 30, 0, 30)
    assert result.filled_permille == (0, 692, 77, 231) and sum(result.filled_permille) == 1000
    assert result.warnings == (
        f"Les voies retenues apportent 130 personnes par an (solde migratoire compris) pour 100 postes à pourvoir, "
        f"plus de 100{NNBSP}% : aucun recrutement extérieur n'est nécessaire, et il reste un excédent de 30 "
        "personnes par an sans poste dans ces métiers. "
        f"Ramenées à 100{NNBSP}%, les voies se partagent les postes ainsi : jeunes débutants 69,2{NNBSP}%, solde "
        f"migratoire 7,7{NNBSP}%, mobilité professionnelle 23,1{NNBSP}%.",
    )
    assert "aucun recrutement extérieur" in headline(result)


def test_exactly_one_hundred_percent_leaves_no_external_hiring_and_no_surplus() -> None:
    result = simulate(Scenario(1000, 800, 0.5, 0.1, 0.4))
    assert not result.oversubscribed and not result.warnings
    assert per_year(result) == (100, 0, 50, 10, 40, 0, 0)
    assert "aucun recrutement extérieur" in headline(result) and "excédent" not in headline(result)


def test_negative_migration_adds_to_the_need() -> None:
    # 100 positions a year, young 70 %, migration -5 % (net departures): imbalance 35 %, 17,5 to mobility
    # (rounded 18 on its own), external 100 - 70 + 5 - 18 = 17.
    result = simulate(projection_scenario(1000, 900, 700, -50))
    assert result.scenario.share_internal == pytest.approx(0.175)
    assert per_year(result) == (100, 0, 70, -5, 18, 17, 0)
    assert "100 − 0 − 70 + 5 − 18 = **17 par an**" in explain(result)[5]
    assert "-5 par le solde migratoire" in headline(result)


def test_job_losses_show_as_suppressions() -> None:
    result = simulate(projection_scenario(900, 1000, 500, 0))
    assert result.shown.creation == -10
    assert "départs en fin de carrière 100 − suppressions nettes d'emplois 10 = **90 par an**" in explain(result)[0]


def test_out_of_range_inputs_are_clipped_and_said() -> None:
    result = simulate(Scenario(1000, 800, 3.5, -1.5, -0.2, retention_share=1.2, retention_years=0))
    used = result.scenario
    assert (used.share_young, used.share_migration, used.share_internal) == (3.0, -1.0, 0.0)
    assert (used.retention_share, used.retention_years) == (1.0, 1.0)
    assert [label for label, _, _ in result.clipped] == [
        "la part des jeunes débutants",
        "la part du solde migratoire",
        "la part de la mobilité professionnelle",
        "la part des départs reportés",
        "la durée du report",
    ]
    assert "ramenées dans leur intervalle" in result.warnings[0]
    assert f"la part des jeunes débutants (350{NNBSP}% → 300{NNBSP}%)" in result.warnings[0]
    assert "la durée du report (0 an → 1 an)" in result.warnings[0]


@pytest.mark.parametrize("positions", [None, math.nan])
def test_missing_projection_is_not_computable(positions: float | None) -> None:
    result = simulate(projection_scenario(positions, 800, 600, 100))
    assert not result.computable and "outre-mer" in result.reason and "zéros" in result.reason
    assert result.shown is None and not result.warnings and explain(result) == []
    assert headline(result) == result.reason and external_in_headline(headline(result)) is None


@pytest.mark.parametrize(
    ("scenario", "words"),
    [
        (Scenario(1000, None, 0.5, 0.1, 0.1), "outre-mer"),
        (Scenario(1000, 800, None, 0.1, 0.1), "part des jeunes débutants"),
        (Scenario(1000, 800, 0.5, math.nan, None), "part du solde migratoire, la part de la mobilité"),
        (Scenario(1000, 800, 0.5, 0.1, 0.1, retention_share=math.nan), "part des départs reportés"),
        (Scenario(0, 0, 0.5, 0.1, 0.1), "aucun poste à pourvoir"),
    ],
)
def test_other_missing_inputs_give_no_figures(scenario: Scenario, words: str) -> None:
    result = simulate(scenario)
    assert not result.computable and words in result.reason and result.shown is None


def test_projection_scenario_without_figures_is_left_unset() -> None:
    scenario = projection_scenario(math.nan, math.nan, math.nan, math.nan)
    assert scenario.share_young is None and not simulate(scenario).computable


# ---------------------------------------------------------------- largest remainder (shares ramenées à 100 %)


@pytest.mark.parametrize(
    ("values", "total", "expected"),
    [
        ([100 * 5 / 12, 100 * 7 / 12], None, [42, 58]),
        ([100 / 3] * 3, 100, [33, 33, 34]),  # a tie goes to the later value
        ([0.5, 0.5], 1, [0, 1]),
        ([53.417, 11.261, 0, 63.522], 128, [53, 11, 0, 64]),
        ([0.4, 0.4, 0.4], 1, [0, 0, 1]),
        ([0, 0], 0, [0, 0]),
        ([5, 7], None, [5, 7]),
    ],
)
def test_largest_remainder(values: list[float], total: int | None, expected: list[int]) -> None:
    assert largest_remainder(values, total) == expected


@pytest.mark.parametrize(("values", "total"), [([-1.0, 2.0], None), ([math.nan], None), ([1.2, 1.2], 5)])
def test_largest_remainder_refuses_what_it_cannot_split(values: list[float], total: int | None) -> None:
    with pytest.raises(ValueError):
        largest_remainder(values, total)


# ---------------------------------------------------------------- rounding adds up, the text never contradicts

GRID = list(
    itertools.product(
        [0, 0.35, 0.6149, 0.8, 1.15, 1.6],  # young
        [-0.08, 0, 0.017, 0.1],  # migration
        [0, 0.05, 0.127, 0.5],  # mobility
        [0, 0.1, 0.5],  # retention share
        [1, 2, 7.5],  # retention years
        [(2432.63, 2254.33), (26884.1, 24565.8), (95.7, 101.2), (7, 6)],  # positions, departures over ten years
    )
)


def check_agreement(result: Result) -> None:
    shown, ten = result.shown, result.shown_10y
    for figures in (shown, ten):
        # the routes add up to the positions shown; never external hiring and a surplus at once, never negative
        total = figures.retained + figures.young + figures.migration + figures.internal + figures.external
        assert total - figures.surplus == figures.positions
        assert figures.external >= 0 and figures.surplus >= 0 and min(figures.external, figures.surplus) == 0
        assert figures.creation == figures.positions - figures.departures
    # each route is its own value rounded; external hiring and the surplus stay within the rounding of the others
    for name in ("retained", "young", "migration", "internal"):
        assert shown.route(name) == round(result.per_year[name])
    assert abs(shown.external - result.per_year["external"]) <= 2.5
    assert abs(shown.surplus - result.per_year["surplus"]) <= 2.5
    assert result.oversubscribed == (shown.surplus > 0)
    assert any("plus de 100" in w for w in result.warnings) == result.oversubscribed
    if result.oversubscribed:
        assert sum(result.filled_permille) == 1000
    # the text states the metrics' figures and says "none" exactly when the metric is 0
    text = text_of(result)
    assert external_in_headline(headline(result)) == shown.external
    step = explain(result)[5]
    found = EXTERNAL_STEP.match(step)
    assert found, step
    assert int((found.group(1) or "0").replace(NNBSP, "")) == shown.external
    if shown.external > 0:
        assert not NOT_NONE.search(text), text
    else:
        assert "aucun recrutement extérieur" in headline(result)
    if shown.surplus:
        assert f"excédent de {fmt_int(shown.surplus)} par an" in headline(result)


def test_text_and_figures_always_agree() -> None:
    for young, migration, internal, share, years, (positions, departures) in GRID:
        result = simulate(Scenario(positions, departures, young, migration, internal, share, years))
        try:
            check_agreement(result)
        except AssertionError as error:
            raise AssertionError(
                f"young={young} migration={migration} internal={internal} retention={share}x{years} P={positions}"
            ) from error
