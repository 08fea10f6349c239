"""Ageing, training, urban/rural and upskilling pages: figures equal the Parquet, widgets change them."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from atlas.formats import fmt_int, fmt_pct
from contract.domain import BTS_TRAINED_DOMAINS, MIN_PROJECTS_FOR_TRAINING_ALERT
from tests.app.conftest import metric, open_app, query

pytestmark = pytest.mark.xdist_group("app")


@pytest.fixture(scope="module")
def indicators(processed_dir: Path) -> pd.DataFrame:
    return pd.read_parquet(processed_dir / "territory_indicators.parquet")


def test_ageing_departures_equal_the_parquet(processed_dir: Path) -> None:
    needs = pd.read_parquet(processed_dir / "replacement_needs.parquet").set_index(["level", "code", "scope"])
    census = pd.read_parquet(processed_dir / "departures.parquet").set_index(["level", "code"])
    app = open_app("app_pages/ageing.py", ze="8405")
    zone = needs.loc[("ze", "8405", "industrial")]
    assert metric(app, "Départs par an") == fmt_int(zone["departures_10y"] / 10)
    assert metric(app, "Postes à pourvoir par an") == fmt_int(zone["positions_10y"] / 10)
    assert query(app)["ze"] == "8405"
    text = " ".join(m.value for m in app.markdown)
    # The range: the census lower reading beside the projection, and the projection's method with the zone's numbers.
    assert fmt_int(census.loc[("ze", "8405"), "departures_10y"] / 10) in text
    assert "Les métiers en 2030" in text and "Auvergne-Rhône-Alpes" in text
    assert "indice de vieillissement" in text and "14,7" in text  # the census formula, in its expander
    shown = app.table[0].value if app.table else None
    domains = " ".join(str(v) for v in shown.to_numpy().ravel()) if shown is not None else text
    assert "Mécanique" in domains


def test_ageing_overseas_zone_says_why_there_is_no_estimate() -> None:
    app = open_app("app_pages/ageing.py", ze="0101")
    assert any("recensement" in i.value for i in app.info)
    assert not app.metric


def test_ageing_pyramid_year_changes_the_caption(processed_dir: Path) -> None:
    app = open_app("app_pages/ageing.py", ze="8405", pyramid_year="1990")
    pyramids = pd.read_parquet(processed_dir / "population_pyramids.parquet")
    total = pyramids[(pyramids["dep"] == "01") & (pyramids["year"] == 1990)]["population"].sum()
    assert any(fmt_int(total) in c.value for c in app.caption)
    app.select_slider(key="url:pyramid_year").set_value(2025).run()
    assert query(app)["pyramid_year"] == "2025"
    assert any("provisoire" in c.value for c in app.caption)


def test_training_page_flags_domains_with_hard_hiring_and_few_places(processed_dir: Path) -> None:
    app = open_app("app_pages/training.py", ze="8424")
    fit = pd.read_parquet(processed_dir / "training_fit.parquet")
    agg = pd.read_parquet(processed_dir / "bmo_agg.parquet")
    rows = fit[
        (fit["level"] == "ze") & (fit["code"] == "8424") & (fit["year"] == 2025) & (fit["scope"] != "industrial")
    ]
    shares = agg[(agg["level"] == "ze") & (agg["code"] == "8424") & (agg["year"] == 2025)].set_index("scope")
    expected = {
        s
        for s, ratio in zip(rows["scope"], rows["places_per_100_projects"].fillna(0), strict=True)
        if s in BTS_TRAINED_DOMAINS
        and shares.loc[s, "projects"] >= MIN_PROJECTS_FOR_TRAINING_ALERT
        and shares.loc[s, "difficult_share"] >= 0.5
        and ratio < 10
    }
    warning = " ".join(w.value for w in app.warning)
    assert expected and all(f"{d} –" in warning for d in expected)
    assert "H –" not in warning and "C –" not in warning  # engineers (no BTS) and a domain with one project
    app.selectbox(key="url:scope").select("G").run()
    assert query(app)["scope"] == "G"
    assert any("Maintenance" in m.value for m in app.markdown if "<svg" in m.value)


def rural_share(indicators: pd.DataFrame, codes: set[str]) -> float:
    rows = indicators[(indicators["level"] == "ze") & (indicators["year"] == 2025) & indicators["code"].isin(codes)]
    rural = rows[rows["typology"] == "rural"].dropna(subset=["industrial_difficult", "industrial_projects"])
    return rural["industrial_difficult"].sum() / rural["industrial_projects"].sum()


def test_urban_rural_figures_are_ratios_of_sums(indicators: pd.DataFrame, processed_dir: Path) -> None:
    zones = pd.read_parquet(processed_dir / "zones_emploi.parquet")
    mostly_here = set(zones.loc[zones["reg"] == "84", "ze2020"])
    touching = set(zones.loc[zones["regs"].map(lambda r: "84" in list(r)), "ze2020"])
    assert mostly_here < touching  # Ussel, Mâcon... touch the région but lie mostly elsewhere
    app = open_app("app_pages/urban_rural.py")
    text = " ".join(m.value for m in app.markdown)
    assert f"zones rurales de la région ({fmt_pct(rural_share(indicators, mostly_here))})" in text
    app = open_app("app_pages/urban_rural.py", voisines="oui")
    text = " ".join(m.value for m in app.markdown)
    assert f"zones rurales de la région ({fmt_pct(rural_share(indicators, touching))})" in text
    assert "zones touchant la région" in text


def test_urban_rural_last_column_is_the_regions_own_figure(indicators: pd.DataFrame) -> None:
    region = indicators[(indicators["level"] == "reg") & (indicators["code"] == "84") & (indicators["year"] == 2025)]
    app = open_app("app_pages/urban_rural.py")
    text = " ".join(m.value for m in app.markdown)
    assert "Auvergne-Rhône-Alpes (chiffre régional)" in text
    assert fmt_pct(region["bts_apprenticeship_share"].iloc[0]) in text


def test_upskilling_simulator_arithmetic_and_url(processed_dir: Path) -> None:
    needs = pd.read_parquet(processed_dir / "replacement_needs.parquet").set_index(["level", "code", "scope"])
    row = needs.loc[("ze", "8405", "industrial")]
    app = open_app(
        "app_pages/upskilling.py", level="ze", code="8405", jeunes="50", migration="0", mobilite="20", maintien="0"
    )
    positions = round(row["positions_10y"] / 10)
    # external = positions - 50 % - 0 % - 20 % of them, each route rounded on its own
    young, internal = round(row["positions_10y"] * 0.5 / 10), round(row["positions_10y"] * 0.2 / 10)
    assert metric(app, "Postes à pourvoir par an") == fmt_int(positions)
    assert metric(app, "Recrutement extérieur") == fmt_int(positions - young - internal)
    app.number_input(key="sim:mobilite").set_value(60.0).run()
    assert metric(app, "Recrutement extérieur") == "0"
    assert metric(app, "Excédent") == fmt_int(young + round(row["positions_10y"] * 0.6 / 10) - positions)
    assert any("plus de 100" in i.value for i in app.info)
    assert query(app)["jeunes"] == "50" and query(app)["mobilite"] == "60"


def test_upskilling_reading_is_worded_with_care() -> None:
    app = open_app("app_pages/upskilling.py", level="ze", code="8405")
    text = " ".join(m.value for m in app.markdown)
    assert "ne prouvent pas" in text and "médiane" in text
    assert "Des indicateurs, pas des preuves." in text and "pas une prévision" in text


def test_upskilling_overseas_zone_is_not_computable() -> None:
    app = open_app("app_pages/upskilling.py", level="ze", code="0101")
    assert any("outre-mer" in w.value and "zéros" in w.value for w in app.warning)
