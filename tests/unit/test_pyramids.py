"""Population estimate sheets: header-driven reading, the 1990-1998 overseas 90+ band, and the sums checked."""

from __future__ import annotations

from pathlib import Path

import pytest
import xlsxwriter

from etl.errors import InputError
from etl.step import Context
from etl.steps import pyramids
from etl.steps.pyramids import band_of, build_pyramids, parse_sheet

LABELS = [f"{a} à {a + 4} ans" for a in range(0, 95, 5)] + ["95 ans et plus"]
TOP_90_LABELS = LABELS[:18] + ["90 ans et plus", ""]


def header(labels: list[str]) -> list[list[object]]:
    width = len(labels) + 1
    blocks = ["Départements", ""]
    for name in ("Ensemble", "Hommes", "Femmes"):
        blocks += [name] + [""] * (width - 1)
    return [blocks, ["", ""] + (labels + ["Total"]) * 3]


def dep_row(code: object, men: list[float], women: list[float]) -> list[object]:
    both = ["" if m == "" else m + w for m, w in zip(men, women, strict=True)]
    total = [sum(v for v in values if v != "") for values in (both, men, women)]
    return [code, "name"] + both + [total[0]] + men + [total[1]] + women + [total[2]]


def sheet(year: int, *, source: str = "Source : Insee - Estimations de population", top_90: bool = False):
    men = [float(i) for i in range(20)]
    women = [float(2 * i) for i in range(20)]
    rows = [["Estimation de population"], [f"Année {year}"], [""], *header(LABELS)]
    rows += [dep_row("01", men, women), dep_row("2A", men, women)]
    france = dep_row("France métropolitaine", [2 * m for m in men], [2 * w for w in women])
    rows.append(france)
    if top_90:
        dom_men = [float(i) for i in range(19)] + [""]
        dom_women = [1.0] * 19 + [""]
        rows += [[""], *header(TOP_90_LABELS), dep_row(971.0, dom_men, dom_women)]
        total = france[22] + sum(dom_men[:19]) + sum(dom_women[:19])
        rows.append(["France métropolitaine et DOM", ""] + [""] * 20 + [total])
    rows += [[""], [source]]
    return rows


def test_band_labels() -> None:
    assert band_of("0 à 4 ans") == ("0-4", 0)
    assert band_of(" 95 ans et plus") == ("95+", 95)
    assert band_of("90 ans et plus") == ("90+", 90)
    assert band_of("Total") == ("total", -1)
    assert band_of("") is None


def test_standard_sheet_keeps_departements_only() -> None:
    frame, facts = parse_sheet(sheet(2019), "2019")
    assert sorted(frame["dep"].unique()) == ["01", "2A"]  # the France row is a check, not a row
    assert len(frame) == 2 * 2 * 20
    ain_men = frame[(frame["dep"] == "01") & (frame["sex"] == "M")]
    assert ain_men["age_band"].tolist()[:2] == ["0-4", "5-9"] and ain_men["age_band"].iloc[-1] == "95+"
    assert ain_men["population"].sum() == sum(range(20))
    assert frame[(frame["dep"] == "01") & (frame["sex"] == "F")]["population"].sum() == 2 * sum(range(20))
    assert facts["status"] == "final" and not frame["provisional"].any() and (frame["year"] == 2019).all()


def test_overseas_block_of_the_nineties_gets_a_90_plus_band() -> None:
    frame, facts = parse_sheet(sheet(1990, top_90=True), "1990")
    guadeloupe = frame[(frame["dep"] == "971") & (frame["sex"] == "M")]
    assert guadeloupe["age_band"].iloc[-1] == "90+" and guadeloupe["age_start"].iloc[-1] == 90
    assert "95+" not in set(guadeloupe["age_band"]) and "90-94" not in set(guadeloupe["age_band"])
    assert guadeloupe["population"].sum() == sum(range(19))
    assert facts["top_90"] == ["971"]
    assert "95+" in set(frame.loc[frame["dep"] == "01", "age_band"])


@pytest.mark.parametrize(
    ("source", "status"),
    [
        ("Source : Insee - Estimations de population (résultats précoces arrêtés fin 2024)", "early"),
        ("Source : Insee - Estimations de population (résultats provisoires arrêtés fin 2024)", "provisional"),
        ("Source : Insee - Estimations de population (résultats définitifs arrêtés fin 2024)", "final"),
    ],
)
def test_status_read_from_the_source_line(source: str, status: str) -> None:
    frame, _ = parse_sheet(sheet(2025, source=source), "2025")
    assert (frame["estimate_status"] == status).all()
    assert frame["provisional"].all() == (status != "final")


def test_men_plus_women_must_equal_ensemble() -> None:
    rows = sheet(2025)
    rows[5][2] += 1  # Ensemble 0-4 of Ain
    with pytest.raises(InputError) as caught:
        parse_sheet(rows, "2025")
    assert str(caught.value) == (
        "estim-pop-dep-sexe-aq-1975-2025.xlsx, sheet '2025': 01: men + women differ from Ensemble"
    )


def test_bands_must_add_up_to_the_total() -> None:
    rows = sheet(2025)
    rows[6][43] += 1  # Hommes Total of 2A
    with pytest.raises(InputError, match=r"sheet '2025': 2A: age bands do not add up to the Total column"):
        parse_sheet(rows, "2025")


def test_departements_must_add_up_to_the_france_row() -> None:
    rows = sheet(2025)
    rows[7][22] += 1
    with pytest.raises(InputError, match=r"sheet '2025': départements add up to .*the France row says"):
        parse_sheet(rows, "2025")


def test_text_in_a_count_cell_is_an_error() -> None:
    rows = sheet(2025)
    rows[5][30] = "n.d."
    with pytest.raises(InputError, match=r"sheet '2025': a population cell is not a number"):
        parse_sheet(rows, "2025")


def test_sheet_title_must_match_its_name() -> None:
    with pytest.raises(InputError, match=r"sheet '2024': the sheet is titled 'annee2025'"):
        parse_sheet(sheet(2025), "2024")


def test_build_sorts_and_reports() -> None:
    table, notes = build_pyramids({"2020": sheet(2020), "2019": sheet(2019)})
    assert table["year"].tolist()[0] == 2019 and table["year"].tolist()[-1] == 2020
    assert table["population"].dtype == "int64"
    assert "2 départements in 2019-2020" in notes[0]


def test_loader_bad_workbook(scratch_ctx: Context) -> None:
    path = scratch_ctx.raw_dir / "insee_estim_pop_dep" / pyramids.FILE
    path.parent.mkdir(parents=True)
    path.write_bytes(b"not a workbook")
    with pytest.raises(InputError, match="not a readable spreadsheet"):
        pyramids.load_sheets(path)


def test_loader_without_year_sheets(tmp_path: Path) -> None:
    path = tmp_path / pyramids.FILE
    workbook = xlsxwriter.Workbook(path)
    workbook.add_worksheet("Données").write_row(0, 0, ["Départements", "Ensemble"])
    workbook.close()
    with pytest.raises(InputError, match=r"no sheet named by a year; sheets are \['Données'\]"):
        pyramids.load_sheets(path)


def test_header_without_sex_blocks_names_the_sheet() -> None:
    rows = sheet(2025)
    rows[3] = ["Départements", "", "Ensemble"] + [""] * 62  # Hommes and Femmes blocks lost
    with pytest.raises(InputError, match=r"sheet '2025': header row without the Ensemble, Hommes and Femmes"):
        parse_sheet(rows, "2025")
