"""Job-weighted bassin allocation on small inline tables: weights, fallbacks, the commune jobs table
(one set among cities and arrondissements, 2021 codes brought to 2024, strict numbers) and the
published comparison with population weighting."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from etl.errors import InputError
from etl.steps import commune_jobs as cj
from etl.steps.bmo.bassins import UNIT, Units, allocation_effect, largest_moves, with_jobs, zone_weights
from etl.steps.bmo.survey import with_bounds

COMMUNES = pd.DataFrame(
    {
        "commune": ["01001", "01002", "01003", "01004", "01005", "01006", "97601", "97602"],
        "dep": ["01", "01", "01", "01", "01", "01", "976", "976"],
        "ze2020": ["8401", "8402", "8402", "8403", "8403", "8404", "0601", "0602"],
        "population": [100, 300, 600, 400, 0, 0, 500, 1500],
    }
)
JOBS = pd.DataFrame(
    {
        "commune": ["01001", "01002", "01003", "01004", "01005", "01006", "97601", "97602"],
        "jobs": [300.0, 100.0, 600.0, 0.0, 0.0, 0.0, 200.0, np.nan],  # Mayotte: one commune without a figure
    }
)


def units(groups: dict[str, list[str]], year: int = 2025) -> Units:
    """Units (one per bassin code, département taken from its first commune) and their communes."""
    dep_of = COMMUNES.set_index("commune")["dep"]
    table = pd.DataFrame(
        [(year, bassin, f"BASSIN {bassin}", dep_of[members[0]], "table") for bassin, members in groups.items()],
        columns=[*UNIT, "method"],
    )
    members = pd.DataFrame(
        [
            (year, bassin, f"BASSIN {bassin}", dep_of[member], member)
            for bassin, communes in groups.items()
            for member in communes
        ],
        columns=[*UNIT, "commune"],
    )
    return Units(table, members)


UNITS = units(
    {
        "1": ["01001", "01002", "01003"],  # jobs known everywhere: weighted by jobs
        "2": ["01004", "01005"],  # no jobs at all: population
        "3": ["01005", "01006"],  # neither jobs nor inhabitants: equal shares
        "4": ["97601", "97602"],  # a commune without a job figure: population, never a zero
    }
)


def weights_of(weights: pd.DataFrame, bassin: str) -> pd.Series:
    return weights[weights["bassin"] == bassin].set_index("ze2020")["weight"]


def test_weights_sum_to_one_for_every_unit_under_both_weightings() -> None:
    communes = with_jobs(COMMUNES, JOBS)
    for by in ("jobs", "population"):
        weights = zone_weights(UNITS, communes, by=by)
        assert np.allclose(weights.groupby(UNIT)["weight"].sum(), 1.0)
        assert set(weights["bassin"]) == {"1", "2", "3", "4"}


def test_jobs_weighting_follows_the_jobs_at_the_place_of_work() -> None:
    weights = zone_weights(UNITS, with_jobs(COMMUNES, JOBS))
    first = weights_of(weights, "1")
    assert np.isclose(first["8401"], 300 / 1000) and np.isclose(first["8402"], 700 / 1000)
    by_population = weights_of(zone_weights(UNITS, with_jobs(COMMUNES, JOBS), by="population"), "1")
    assert np.isclose(by_population["8401"], 0.1) and np.isclose(by_population["8402"], 0.9)


def test_a_unit_without_jobs_falls_back_to_population_then_to_equal_shares() -> None:
    weights = zone_weights(UNITS, with_jobs(COMMUNES, JOBS))
    basis = weights.drop_duplicates("bassin").set_index("bassin")["basis"]
    assert basis.to_dict() == {"1": "jobs", "2": "population", "3": "equal", "4": "population"}
    assert weights_of(weights, "2").to_dict() == {"8403": 1.0}
    assert weights_of(weights, "3").to_dict() == {"8403": 0.5, "8404": 0.5}
    # Mayotte: 97602 has no job figure; spreading by jobs would give it nothing, so population decides.
    mayotte = weights_of(weights, "4")
    assert np.isclose(mayotte["0601"], 0.25) and np.isclose(mayotte["0602"], 0.75)


def test_weighting_by_jobs_needs_the_jobs_and_a_known_rule() -> None:
    with pytest.raises(ValueError, match="jobs column"):
        zone_weights(UNITS, COMMUNES)
    with pytest.raises(ValueError, match="weighting"):
        zone_weights(UNITS, with_jobs(COMMUNES, JOBS), by="surface")
    assert with_jobs(COMMUNES, JOBS)["jobs"].isna().sum() == 1  # unknown stays unknown


def survey(rows: list[tuple]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=[*UNIT, "occupation", "projects"])
    frame["projects"] = frame["projects"].astype("float64")
    for measure in ("difficult", "seasonal"):
        frame[measure] = np.nan
    for measure in ("projects", "difficult", "seasonal"):
        frame[f"{measure}_secret"] = frame[measure].isna()
    frame["nomenclature"] = "FAP2021"
    frame["fap_domain"] = frame["occupation"].str[0]
    frame["industrial"] = frame["fap_domain"].isin(list("CDEFGH"))
    return with_bounds(frame, 4)


def test_allocation_effect_keeps_totals_and_measures_the_move() -> None:
    bmo = survey(
        [
            (2025, "1", "BASSIN 1", "01", "D1X40", 100),
            (2025, "1", "BASSIN 1", "01", "A0X40", 50),
            (2025, "2", "BASSIN 2", "01", "A0X40", 20),
        ]
    )
    communes = with_jobs(COMMUNES, JOBS)
    weights = {by: zone_weights(UNITS, communes, by=by) for by in ("jobs", "population")}
    effect = allocation_effect(bmo, weights).set_index(["ze2020", "scope"])
    totals = effect.groupby("scope")[["projects_jobs", "projects_population"]].sum()
    assert np.allclose(totals.loc["all"], 170) and np.allclose(totals.loc["industrial"], 100)
    assert np.isclose(effect.loc[("8401", "industrial"), "projects_jobs"], 30)
    assert np.isclose(effect.loc[("8401", "industrial"), "projects_population"], 10)
    assert np.isclose(effect.loc[("8401", "industrial"), "move"], 20)
    assert np.isclose(effect.loc[("8401", "industrial"), "move_share"], 2.0)
    # Every zone has both scopes; one without industrial projects has no relative move.
    assert effect.loc[("8403", "industrial"), "projects_population"] == 0
    assert np.isnan(effect.loc[("8403", "industrial"), "move_share"])
    assert effect.loc[("8403", "all"), "move_share"] == 0
    assert np.isclose(effect["move"].sum(), 0)
    note = largest_moves(effect.reset_index(), pd.Series({"8401": "Bourg", "8402": "Oyonnax"}), count=2)
    assert "2025" in note and "Bourg (8401) +20 projets" in note and "Oyonnax (8402) -20 projets" in note


# ---------------------------------------------------------------- commune_jobs


def comparateur(rows: list[tuple[str, str, str, str]]) -> str:
    header = "CODGEO;P18_POP;P13_POP;P18_EMPLT;P18_EMPLT_SAL"
    return "\r\n".join([header, *(f"{c};{p};1;{j};{s}" for c, p, j, s in rows)]) + "\r\n"


CITY_FILE = [
    ("01001", "771", "93.1", "62.1"),
    ("75056", "2175601", "1000", "900"),
    ("75101", "16000", "600", "500"),
    ("75102", "20000", "400", "400"),
    ("97601", "", "", ""),
]


def test_strict_numbers_keep_blanks_missing_and_refuse_text() -> None:
    frame = cj.parse_comparateur(comparateur(CITY_FILE))
    assert frame["jobs"].isna().sum() == 1 and frame.loc[0, "jobs"] == 93.1
    broken = comparateur([*CITY_FILE[:2], ("01002", "253", "n/a", "8")])
    with pytest.raises(InputError) as error:
        cj.parse_comparateur(broken)
    message = str(error.value)
    assert "base_cc_comparateur.CSV" in message and "P18_EMPLT" in message and "row 4" in message
    assert len(message.splitlines()) == 1


def test_a_bad_archive_is_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "base_cc_comparateur_csv.zip"
    bad.write_bytes(b"not a zip")
    with pytest.raises(InputError, match="not a readable zip"):
        cj.member_text(bad)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("other.csv", "x")
    bad.write_bytes(buffer.getvalue())
    with pytest.raises(InputError, match=r"no base_cc_comparateur\.CSV"):
        cj.member_text(bad)


def test_one_set_of_communes_cities_or_arrondissements() -> None:
    frame = cj.parse_comparateur(comparateur(CITY_FILE))
    kept, note = cj.one_set(frame, pd.Series(["01001", "75056", "97601"]))
    assert sorted(kept["commune"]) == ["01001", "75056", "97601"]
    assert "dropped their 2 municipal arrondissements" in note and "Paris +0.0" in note
    kept, _ = cj.one_set(frame, pd.Series(["01001", "75101", "75102", "97601"]))
    assert sorted(kept["commune"]) == ["01001", "75101", "75102", "97601"]
    assert np.isclose(kept["jobs"].sum(), 93.1 + 1000)  # never both: no double counting
    with pytest.raises(InputError):
        cj.one_set(frame, pd.Series(["01001", "75056", "75101"]))


CHANGES = pd.DataFrame(
    [
        # 2022: 01002 merges into 01001 (both listed, as in the COG table)
        (2021, "01001", "01001", "f", 1.0),
        (2021, "01002", "01001", "f", 1.0),
        # 2024: 60054 split in two, 30 % of its population to the new 60694
        (2023, "60054", "60054", "d", 0.7),
        (2023, "60054", "60694", "d", 0.3),
        # an older change already in the 2021 codes: not applied again
        (2019, "01003", "01001", "f", 1.0),
    ],
    columns=["year_from", "code_from", "code_to", "change_type", "ratio"],
)
RAW_2021 = pd.DataFrame(
    {
        "commune": ["01001", "01002", "01003", "60054", "97601"],
        "jobs": [100.0, 50.0, 10.0, 200.0, np.nan],
        "salaried_jobs": [80.0, 40.0, 5.0, 150.0, np.nan],
        "population_2018": [1000.0, 500.0, 100.0, 2000.0, np.nan],
    }
)


def test_2021_codes_are_brought_to_2024_mergers_sum_splits_share() -> None:
    mapped, moved = cj.to_cog(RAW_2021, CHANGES, list(cj.VALUES))
    mapped = mapped.set_index("commune")
    assert mapped.loc["01001", "jobs"] == 150  # merger: sum
    assert "01002" not in mapped.index
    assert mapped.loc["01003", "jobs"] == 10  # the 2019 change is before the file's COG
    assert np.isclose(mapped.loc["60054", "jobs"], 140) and np.isclose(mapped.loc["60694", "jobs"], 60)
    assert np.isnan(mapped.loc["97601", "jobs"])  # blank stays blank
    assert moved == 3
    assert np.isclose(mapped["jobs"].sum(), RAW_2021["jobs"].sum())


def test_a_merger_with_an_unknown_commune_has_no_figure() -> None:
    raw = RAW_2021.assign(jobs=[100.0, np.nan, 10.0, 200.0, 5.0])
    mapped, _ = cj.to_cog(raw, CHANGES, ["jobs"])
    assert np.isnan(mapped.set_index("commune").loc["01001", "jobs"])


def test_ratios_of_a_split_must_sum_to_one() -> None:
    broken = CHANGES.copy()
    broken.loc[3, "ratio"] = 0.2
    with pytest.raises(InputError, match="do not sum to 1"):
        cj.to_cog(RAW_2021, broken, ["jobs"])


def test_commune_jobs_covers_every_2024_commune_and_reports_the_missing() -> None:
    communes_2024 = pd.Series(["01001", "01003", "60054", "60694", "97601", "97602"])
    out, notes = cj.commune_jobs(RAW_2021, CHANGES, communes_2024)
    assert out["commune"].tolist() == communes_2024.tolist()
    assert out.set_index("commune")["jobs"].isna().to_dict() == {
        "01001": False,
        "01003": False,
        "60054": False,
        "60694": False,
        "97601": True,  # blank in the file
        "97602": True,  # not in the file: missing, never zero
    }
    text = " ".join(notes)
    assert "5 rows read" in text and "2 without a value" in text and "97601, 97602" in text
    assert "360.0 jobs at the place of work before, 360.0 after" in text


def test_codes_unknown_in_2024_are_refused() -> None:
    with pytest.raises(InputError, match="unknown in the COG 2024"):
        cj.commune_jobs(RAW_2021, CHANGES, pd.Series(["01001", "60054", "60694", "97601"]))
