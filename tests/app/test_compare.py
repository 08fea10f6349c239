"""Comparer takes zones or départements, compares every indicator family, opens on the chosen territory with its
most similar zones, and says in French when the selection is full."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from atlas import catalogue, compare, queries, territories
from atlas.formats import fmt_dec, fmt_int, fmt_pct
from atlas.scopes import Scope
from tests.app.conftest import open_app, query
from tests.app.html_tables import page_tables

pytestmark = pytest.mark.xdist_group("app")


@pytest.fixture(scope="module")
def indicators(processed_dir: Path) -> pd.DataFrame:
    table = pd.read_parquet(processed_dir / "territory_indicators.parquet")
    return table[table["year"] == table["year"].max()].set_index(["level", "code"])


def family_tables(app: AppTest) -> dict[str, list[list[str]]]:
    """The page's family tables, by the subheader above each (they come in the same order)."""
    families = [s.value for s in app.subheader][: len(compare.FAMILIES)]
    tables = [t for t in page_tables(app) if t[0][0] == "Indicateur"]
    return dict(zip(families, tables, strict=True))


def row(table: list[list[str]], label: str) -> dict[str, str]:
    found = next(r for r in table if r[0] == label)
    return dict(zip(table[0], found, strict=True))


def test_every_family_is_compared() -> None:
    app = open_app("app_pages/compare.py", zones="8405,8413")
    tables = family_tables(app)
    expected = [compare.family_label(family) for family in compare.FAMILIES]
    assert list(tables) == expected
    assert {"Recrutement (enquête BMO)", "Âges et renouvellement", "Formation et adéquation aux besoins"} <= set(tables)
    for table in tables.values():
        assert table[0] == ["Indicateur", "Bourg en Bresse (8405)", "La Tarentaise (8413)", "France"]
    # Catalogue labels, so a figure is named the same on every page.
    labels = {r[0] for table in tables.values() for r in table[1:]}
    assert {catalogue.label("departures_10y"), catalogue.label("bts_places_per_100_projects")} <= labels


def test_departements_are_comparable(indicators: pd.DataFrame) -> None:
    app = open_app("app_pages/compare.py", level="dep", zones="15,43")
    assert not app.exception
    tables = family_tables(app)
    ageing = tables["Âges et renouvellement"]
    assert ageing[0] == ["Indicateur", "Cantal (15)", "Haute-Loire (43)", "France"]
    label = catalogue.label("departures_per_100_jobs")
    assert row(ageing, label)["Cantal (15)"] == fmt_dec(indicators.loc[("dep", "15"), "departures_per_100_jobs"])
    training = tables["Formation et adéquation aux besoins"]
    label = catalogue.label("bts_apprenticeship_share")
    assert row(training, label)["Haute-Loire (43)"] == fmt_pct(
        indicators.loc[("dep", "43"), "bts_apprenticeship_share"]
    )
    assert query(app) == {"reg": "84", "year": "2025", "level": "dep", "zones": "15,43"}
    assert "Départements semblables à Cantal (15)" in [s.value for s in app.subheader]


def test_level_change_moves_zones_to_their_departements() -> None:
    app = open_app("app_pages/compare.py", zones="8429,8413")  # Saint-Flour, La Tarentaise
    app.segmented_control(key="url:level").set_value("dep").run()
    assert query(app)["zones"] == "15,73"
    assert query(app)["level"] == "dep"


def test_default_is_the_chosen_territory_and_its_similar_zones() -> None:
    app = open_app("app_pages/territory.py", level="ze", code="8425")  # Oyonnax, opened on Territoire
    app.switch_page("app_pages/compare.py")
    app.query_params.clear()
    app.run()
    similar = queries.similar_zones("8425", count=compare.DEFAULT_SIMILAR).index.tolist()
    assert query(app)["zones"].split(",") == ["8425", *similar]
    assert all(territories.zone_region(code) == "84" for code in similar)


def test_default_without_a_chosen_territory_is_the_hardest_zone_never_a_neighbour(processed_dir: Path) -> None:
    zones = pd.read_parquet(processed_dir / "zones_emploi.parquet").set_index("ze2020")
    app = open_app("app_pages/compare.py")
    codes = query(app)["zones"].split(",")
    hardest = queries.hardest_zones("84", 2025, Scope("industrial"), 1).index[0]
    assert codes[0] == hardest and len(codes) == 1 + compare.DEFAULT_SIMILAR
    assert (zones.loc[codes, "reg"] == "84").all()  # no Ussel-like zone lying mostly in another région
    app = open_app("app_pages/compare.py", voisines="oui")
    assert (zones.loc[query(app)["zones"].split(","), "reg"] == "84").all()


def test_the_limit_is_said_in_french() -> None:
    app = open_app("app_pages/compare.py", zones="8405,8413,8411,8424")
    app.multiselect(key="url:zones").select("8425").run()
    assert query(app)["zones"] == "8405,8413,8411,8424"
    warning = " ".join(w.value for w in app.warning)
    assert "Vous pouvez comparer au plus 4 territoires à la fois" in warning and "« Oyonnax »" in warning
    assert not [w for w in app.warning if "You can only" in w.value]
    app.run()
    assert not [w for w in app.warning if "au plus 4" in w.value]  # said once
    buttons = [b for b in app.button if b.label == "Ajouter"]
    assert buttons and all(b.disabled for b in buttons)


def test_similar_zones_within_the_region_or_france() -> None:
    region = queries.similar_zones("8425", count=6)
    assert (region["reg"] == "84").all() and "8425" not in region.index
    assert region["distance"].is_monotonic_increasing
    france = queries.similar_zones("8425", count=6, within="france")
    assert france["distance"].iloc[0] <= region["distance"].iloc[0]
    app = open_app("app_pages/compare.py", zones="8425,8414")
    app.segmented_control(key="similar-within").set_value("france").run()
    listed = [m.value for m in app.markdown if m.value.startswith("**")]
    assert listed and listed[0].startswith(f"**{france['name'].iloc[0]} ({france.index[0]})**")


def test_population_row_equals_the_listing(processed_dir: Path) -> None:
    zones = pd.read_parquet(processed_dir / "zones_emploi.parquet").set_index("ze2020")
    app = open_app("app_pages/compare.py", zones="8405,8413")
    territory = family_tables(app)["Population et territoire"]
    assert row(territory, catalogue.label("population"))["La Tarentaise (8413)"] == fmt_int(
        zones.at["8413", "population"]
    )


def test_an_empty_level_falls_back_to_the_view_s_level() -> None:
    """Under load a rerun once arrived with the level's value empty (load benchmark): the page keeps working."""
    app = open_app("app_pages/compare.py", level="dep", zones="01,38", reg="84")
    app.session_state["url:level"] = None
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    assert app.session_state["url:level"] == "dep"
