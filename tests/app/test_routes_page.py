"""Four routes to fill positions (issue #14): the page's figures equal the Parquet, the métiers switch changes them
and the URL, the simulator starts from them, and the map draws the zones of the région."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from atlas import territories
from atlas.formats import NNBSP, fmt_change, fmt_int
from tests.app.conftest import metric, open_app, query
from tests.app.html_tables import page_tables

pytestmark = pytest.mark.xdist_group("app")

PAGE = "app_pages/upskilling.py"


@pytest.fixture(scope="module")
def needs(processed_dir: Path) -> pd.DataFrame:
    return pd.read_parquet(processed_dir / "replacement_needs.parquet").set_index(["level", "code", "scope"])


def signed(value: float) -> str:
    return ("+" if round(value) > 0 else "") + fmt_int(value)


def expected_routes(row: pd.Series) -> dict[str, str]:
    """The four figures per year as the Parquet gives them: each a tenth of the ten-year figure, rounded; the
    imbalance is what the rounded figures leave (within one unit of the Parquet's own)."""
    positions, young = round(row["positions_10y"] / 10), round(row["young_entrants_10y"] / 10)
    migration = round(row["net_migration_10y"] / 10)
    imbalance = positions - young - migration
    assert abs(imbalance - row["imbalance_10y"] / 10) < 1.5
    return {
        "Postes à pourvoir par an": fmt_int(positions),
        "Jeunes débutants par an": fmt_int(young),
        "Solde migratoire par an": signed(migration),
        "Déséquilibre par an": signed(imbalance),
    }


def routes_metrics(app) -> dict[str, str]:
    labels = ("Postes à pourvoir par an", "Jeunes débutants par an", "Solde migratoire par an", "Déséquilibre par an")
    return {label: metric(app, label) for label in labels}


def routes_table(app) -> list[list[str]]:
    return next(t for t in page_tables(app) if t[0][:2] == ["Territoire", "Postes à pourvoir par an"])


@pytest.mark.parametrize(("level", "code"), [("ze", "8425"), ("reg", "84"), ("ze", "8421"), ("ze", "8429")])
def test_the_four_routes_equal_the_parquet(needs: pd.DataFrame, level: str, code: str) -> None:
    app = open_app(PAGE, level=level, code=code)
    assert not app.exception, [e.value for e in app.exception]
    row = needs.loc[(level, code, "industrial")]
    assert routes_metrics(app) == expected_routes(row)
    # the same figures for the territory, its région and France, in the table below
    table = routes_table(app)
    names = [r[0] for r in table[1:]]
    assert names[-1] == "France" and ("Auvergne-Rhône-Alpes" in names)
    for line in table[1:]:
        lv, cd = {"France": ("fr", "FR"), "Auvergne-Rhône-Alpes": ("reg", "84")}.get(line[0], (level, code))
        assert line[1:5] == list(expected_routes(needs.loc[(lv, cd, "industrial")]).values())
        other = needs.loc[(lv, cd, "industrial")]
        assert line[5] == fmt_change(other["imbalance_10y"] / other["positions_10y"])


def test_oyonnax_reads_as_a_surplus_of_young_entrants(needs: pd.DataFrame) -> None:
    row = needs.loc[("ze", "8425", "industrial")]
    assert row["imbalance_10y"] < 0
    app = open_app(PAGE, level="ze", code="8425")
    surplus = -int(metric(app, "Déséquilibre par an").replace(NNBSP, ""))
    text = " ".join(m.value for m in app.markdown)
    assert f"les jeunes débutants attendus dépassent les postes à pourvoir (excédent de {fmt_int(surplus)} par an)" in (
        text
    )
    # the method with the zone's own numbers: the région's young entrants, its shares and its training factor
    assert "Auvergne-Rhône-Alpes en attend" in text and "Facteur de formation" in text and "1,25" in text
    assert "moitié-moitié" in text  # the simulator says how it splits an imbalance the projection leaves open


def test_the_metiers_switch_changes_the_figures_and_the_link(needs: pd.DataFrame) -> None:
    app = open_app(PAGE, level="ze", code="8425")
    industry = routes_metrics(app)
    app.selectbox(key="url:domaine").select("D").run()
    assert not app.exception, [e.value for e in app.exception]
    assert query(app)["domaine"] == "D"
    domain = routes_metrics(app)
    assert domain == expected_routes(needs.loc[("ze", "8425", "D")]) and domain != industry
    assert any("domaine D" in m.value for m in app.markdown)
    # a link to the domain opens on it
    again = open_app(PAGE, level="ze", code="8425", domaine="D")
    assert routes_metrics(again) == domain


def test_simulator_defaults_are_the_projection_shares(needs: pd.DataFrame) -> None:
    for code in ("8425", "8421"):
        row = needs.loc[("ze", code, "industrial")]
        app = open_app(PAGE, level="ze", code=code)
        positions = row["positions_10y"]
        assert app.number_input(key="sim:jeunes").value == pytest.approx(100 * row["young_entrants_10y"] / positions)
        assert app.number_input(key="sim:migration").value == pytest.approx(100 * row["net_migration_10y"] / positions)
        half = max(row["imbalance_10y"], 0) / 2
        assert app.number_input(key="sim:mobilite").value == pytest.approx(100 * half / positions)
        assert app.slider(key="url:maintien").value == 0 and app.slider(key="url:report").value == 2


def test_retention_changes_the_need(needs: pd.DataFrame) -> None:
    row = needs.loc[("ze", "8429", "industrial")]  # Saint-Flour: a positive imbalance
    app = open_app(PAGE, level="ze", code="8429", maintien="50", report="10")
    removed = round(row["departures_10y"] * 0.5 / 10)
    assert [m.value for m in app.metric if m.label == "Maintien en emploi"] == [fmt_int(removed)]
    assert any(f"soit **{fmt_int(removed)} par an** évités" in m.value for m in app.markdown)


def zones_drawn(svg: str) -> int:
    return svg.count("<path") - svg.count('class="fragile"')


def test_map_draws_the_zones_of_the_region(needs: pd.DataFrame) -> None:
    app = open_app(PAGE, level="ze", code="8425", domaine="D")
    svg = next(m.value for m in app.markdown if "<svg" in m.value and "jeunes débutants" in m.value)
    touching = territories.in_region("ze", "84")
    assert zones_drawn(svg) == len(touching) == 39
    assert svg.count('class="elsewhere"') == int((touching["reg"] != "84").sum()) > 0
    assert "domaine D" in svg and 'stroke="#111"' in svg  # legend names the domain; Oyonnax outlined
    oyonnax = needs.loc[("ze", "8425", "D")]
    share = oyonnax["uncovered_by_young_10y"] / oyonnax["positions_10y"]
    assert f"Oyonnax (8425) · {fmt_change(share)}" in svg
    assert "competences?level=ze&amp;code=8421&amp;domaine=D" in svg
    app = open_app(PAGE, level="ze", code="8425", domaine="D", voisines="oui")
    table = next(t for t in page_tables(app) if t[0][:2] == ["Rang", "Zone"])
    assert len(table) - 1 == 39  # every zone touching the région is ranked once neighbours are included


def test_evidence_table_and_its_reading() -> None:
    app = open_app(PAGE, level="ze", code="8425")
    tables = [t for t in page_tables(app) if t[0][0] == "Métiers"]
    assert len(tables) == 2 and len(tables[0]) == 2 + 7  # two header rows, industry and C to H
    text = " ".join(m.value for m in app.markdown)
    assert "Ce que les chiffres soutiennent" in text and "Ce qu'ils ne disent pas" in text
    assert "Des indicateurs, pas des preuves." in text


def test_overseas_territory_says_no_estimate_never_zero() -> None:
    app = open_app(PAGE, level="reg", code="01")
    assert any("Pas d'estimation pour Guadeloupe" in i.value for i in app.info)
    assert not app.metric
