"""The upskilling page's simulator: starts from the projection, retention removes D x share x years / 10, shares
above 100 % leave a surplus and are said so, text and metrics agree, the scenario lives in the URL."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from atlas.formats import NNBSP, fmt_int
from atlas.simulator import external_in_headline
from tests.app.conftest import metric, open_app, query

pytestmark = pytest.mark.xdist_group("app")

PAGE = "app_pages/upskilling.py"
STEP = re.compile(r"Recrutement extérieur = .* = (?:\*\*([\d\u202f]+) par an\*\*|[^*]*donc \*\*0 par an\*\*)")


@pytest.fixture(scope="module")
def needs(processed_dir: Path) -> pd.DataFrame:
    return pd.read_parquet(processed_dir / "replacement_needs.parquet").set_index(["level", "code", "scope"])


def figure(app, label: str) -> str:
    """The metric with exactly this label (the simulator's 'Jeunes débutants' beside 'Jeunes débutants par an')."""
    found = [m.value for m in app.metric if m.label == label]
    assert len(found) == 1, [m.label for m in app.metric]
    return found[0]


def number(text: str) -> int:
    return int(text.replace(NNBSP, "").replace("+", ""))


def headline_of(app) -> str:
    lines = [m.value for m in app.markdown if external_in_headline(m.value) is not None]
    assert len(lines) == 1, [m.value for m in app.markdown]
    return lines[0]


def external_step(app) -> int:
    steps = " ".join(m.value for m in app.markdown if "Recrutement extérieur =" in m.value)
    found = STEP.search(steps)
    assert found, steps
    return number(found.group(1) or "0")


def check_text_equals_metrics(app) -> None:
    external = number(metric(app, "Recrutement extérieur"))
    assert external_in_headline(headline_of(app)) == external == external_step(app)
    if external > 0:
        assert not re.search(r"\b(nul|aucun)\b", headline_of(app)), headline_of(app)
    surplus = number(metric(app, "Excédent"))
    if surplus:
        assert f"excédent de {fmt_int(surplus)} par an" in headline_of(app)
    parts = ("Maintien en emploi", "Jeunes débutants", "Solde migratoire", "Mobilité professionnelle")
    total = sum(number(figure(app, label)) for label in parts) + external - surplus
    assert total == number(metric(app, "Postes à pourvoir par an"))


def test_defaults_are_the_projection_and_text_equals_metrics(needs: pd.DataFrame) -> None:
    row = needs.loc[("ze", "8421", "industrial")]  # Lyon: a positive imbalance, split half and half by default
    app = open_app(PAGE, level="ze", code="8421")
    positions = row["positions_10y"]
    assert app.number_input(key="sim:jeunes").value == pytest.approx(100 * row["young_entrants_10y"] / positions)
    assert app.number_input(key="sim:migration").value == pytest.approx(100 * row["net_migration_10y"] / positions)
    assert app.number_input(key="sim:mobilite").value == pytest.approx(50 * row["imbalance_10y"] / positions)
    assert (
        metric(app, "Jeunes débutants")
        == metric(app, "Jeunes débutants par an")
        == fmt_int(row["young_entrants_10y"] / 10)
    )
    imbalance = number(metric(app, "Déséquilibre par an"))
    assert number(metric(app, "Mobilité professionnelle")) + number(metric(app, "Recrutement extérieur")) == imbalance
    assert any("reproduit la projection" in m.value for m in app.markdown)
    check_text_equals_metrics(app)
    assert "jeunes" not in query(app) and "mobilite" not in query(app)  # the projection's own figures stay out


def test_retention_removes_departures_times_share_times_years_over_ten(needs: pd.DataFrame) -> None:
    row = needs.loc[("ze", "8421", "industrial")]
    app = open_app(PAGE, level="ze", code="8421")
    before = number(metric(app, "Recrutement extérieur"))
    app.slider(key="url:maintien").set_value(20.0).run()
    app.slider(key="url:report").set_value(3.0).run()
    assert not app.exception, [e.value for e in app.exception]
    removed = round(row["departures_10y"] * 0.2 * 3 / 10 / 10)  # per year
    assert number(metric(app, "Maintien en emploi")) == removed
    assert number(metric(app, "Recrutement extérieur")) == before - removed
    steps = " ".join(m.value for m in app.markdown if "Maintien en emploi =" in m.value)
    assert f"× 20{NNBSP}% reportés × 3/10" in steps and f"**{fmt_int(removed)} par an**" in steps
    check_text_equals_metrics(app)
    assert query(app)["maintien"] == "20" and query(app)["report"] == "3"


def test_shares_above_one_hundred_percent_leave_a_surplus_and_say_so() -> None:
    app = open_app(PAGE, level="ze", code="8421")
    app.number_input(key="sim:jeunes").set_value(90.0).run()
    app.number_input(key="sim:mobilite").set_value(30.0).run()
    assert not app.exception, [e.value for e in app.exception]
    notices = " ".join(i.value for i in app.info)
    assert f"plus de 100{NNBSP}%" in notices and f"Ramenées à 100{NNBSP}%" in notices
    assert metric(app, "Recrutement extérieur") == "0"
    assert number(metric(app, "Excédent")) > 0
    assert "aucun recrutement extérieur" in headline_of(app)
    check_text_equals_metrics(app)
    assert query(app)["jeunes"] == "90" and query(app)["mobilite"] == "30"


def test_a_link_reopens_the_scenario_and_the_reset_button_returns_to_the_projection() -> None:
    app = open_app(PAGE, level="ze", code="8421", jeunes="60", mobilite="10", maintien="10", report="5")
    assert app.number_input(key="sim:jeunes").value == 60 and app.number_input(key="sim:mobilite").value == 10
    assert any("Écart à la projection" in m.value for m in app.markdown)
    check_text_equals_metrics(app)
    app.button[0].click().run()
    assert "jeunes" not in query(app) and query(app)["maintien"] == "0"
    assert any("reproduit la projection" in m.value for m in app.markdown)


def test_changing_the_metiers_restarts_from_their_projection(needs: pd.DataFrame) -> None:
    app = open_app(PAGE, level="ze", code="8421", jeunes="60")
    app.selectbox(key="url:domaine").select("D").run()
    row = needs.loc[("ze", "8421", "D")]
    assert app.number_input(key="sim:jeunes").value == pytest.approx(
        100 * row["young_entrants_10y"] / row["positions_10y"]
    )
    assert "jeunes" not in query(app) and query(app)["domaine"] == "D"


def test_overseas_zone_shows_no_figures_but_says_why() -> None:
    app = open_app(PAGE, level="ze", code="0101", jeunes="50", mobilite="70")
    assert any("outre-mer" in w.value and "zéros" in w.value for w in app.warning)
    assert not app.metric
    assert not any("Recrutement extérieur =" in m.value for m in app.markdown)
    assert any("Pas d'estimation" in i.value for i in app.info)
