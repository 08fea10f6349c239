"""The sidebar search finds a zone, a département, a région or any commune (accents, hyphens and case ignored, or by
INSEE code) and opens the right territory; a commune opens its zone's profile, which names the commune."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qsl

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from atlas import search
from tests.app.conftest import open_app

pytestmark = pytest.mark.xdist_group("app")


@pytest.fixture(scope="module")
def communes(processed_dir: Path) -> pd.DataFrame:
    return pd.read_parquet(processed_dir / "communes.parquet").set_index("commune")


@pytest.fixture(scope="module")
def zones(processed_dir: Path) -> pd.DataFrame:
    return pd.read_parquet(processed_dir / "zones_emploi.parquet", columns=["ze2020", "name", "reg"]).set_index(
        "ze2020"
    )


def results(app: AppTest) -> list:
    """The search's result links in the sidebar (links to the Territoire page)."""
    return [link for link in app.sidebar.get("page_link") if link.proto.page == "territoire"]


def type_in(app: AppTest, text: str) -> list:
    app.sidebar.text_input(key=search.SEARCH_KEY).input(text).run()
    assert not app.exception, [e.value for e in app.exception]
    return results(app)


def follow(link) -> AppTest:
    """Open the link's view, as a click on it does."""
    return open_app("app_pages/territory.py", **dict(parse_qsl(link.proto.query_string)))


@pytest.fixture(scope="module")
def app() -> AppTest:
    return open_app()


# (typed, level and code of the territory opened, commune named on the profile)
CASES = [
    ("saint-étienne", "ze", "8428", None),
    ("Saint Etienne", "ze", "8428", None),
    ("villeurbanne", "ze", "8421", "69266"),
    ("42218", "ze", "8428", "42218"),
    ("Oyonnax", "ze", "8425", None),
]


@pytest.mark.parametrize(("typed", "level", "code", "commune"), CASES)
def test_each_search_opens_the_right_territory(
    app: AppTest, typed: str, level: str, code: str, commune: str | None, communes: pd.DataFrame, zones: pd.DataFrame
) -> None:
    links = type_in(app, typed)
    assert links, f"nothing found for {typed!r}"
    first = dict(parse_qsl(links[0].proto.query_string))
    assert (first["level"], first["code"]) == (level, code)
    assert first.get("commune") == commune
    profile = follow(links[0])
    assert profile.title[0].value == f"{zones.at[code, 'name']} ({code})"
    named = " ".join(s.value for s in profile.success)
    if commune:
        expected = f"{communes.at[commune, 'name']} ({commune}) fait partie de la zone d'emploi"
        assert expected in named and zones.at[code, "name"] in named
    else:
        assert not named


def test_villeurbanne_is_in_the_zone_of_lyon(app: AppTest) -> None:
    links = type_in(app, "Villeurbanne")
    assert links[0].label == "Villeurbanne (69266) · commune, zone d'emploi de Lyon"
    profile = follow(links[0])
    assert profile.success[0].value == "Villeurbanne (69266) fait partie de la zone d'emploi de Lyon."


@pytest.mark.parametrize(
    "typed", ["SAINT-ÉTIENNE", "saint etienne", "St-Étienne", "  saint   étienne ", "saintetienne"]
)
def test_accents_case_hyphens_and_spaces_are_ignored(app: AppTest, typed: str) -> None:
    links = type_in(app, typed)
    first = dict(parse_qsl(links[0].proto.query_string))
    assert (first["level"], first["code"]) == ("ze", "8428")
    assert any(link.label.startswith("Saint-Étienne (42218) · commune") for link in links[:3])


def test_codes_find_zones_departements_and_regions(app: AppTest) -> None:
    assert dict(parse_qsl(type_in(app, "8425")[0].proto.query_string))["code"] == "8425"
    found = {(p["level"], p["code"]) for p in (dict(parse_qsl(link.proto.query_string)) for link in type_in(app, "84"))}
    assert {("reg", "84"), ("dep", "84")} <= found  # Auvergne-Rhône-Alpes and Vaucluse share the code
    assert dict(parse_qsl(type_in(app, "2a004")[0].proto.query_string))["commune"] == "2A004"


def test_a_departement_and_a_region_by_name(app: AppTest) -> None:
    first = dict(parse_qsl(type_in(app, "cantal")[0].proto.query_string))
    assert (first["level"], first["code"]) == ("dep", "15")
    first = dict(parse_qsl(type_in(app, "grand est")[0].proto.query_string))
    assert (first["level"], first["code"], first["reg"]) == ("reg", "44", "44")


def test_no_match_says_so_in_french(app: AppTest) -> None:
    assert not type_in(app, "Xyzzyville")
    captions = [c.value for c in app.sidebar.caption]
    assert "Aucun territoire ne correspond à « Xyzzyville »." in captions


def test_an_empty_search_shows_nothing(app: AppTest) -> None:
    type_in(app, "Lyon")
    assert not [c for c in app.sidebar.caption if "Aucun" in c.value]
    assert not type_in(app, "")


def test_a_stale_commune_in_the_link_is_dropped() -> None:
    profile = open_app("app_pages/territory.py", level="ze", code="8425", commune="69266")
    assert not profile.success  # Villeurbanne is not in Oyonnax's zone
    assert "commune" not in dict(profile.query_params)


def test_normalize() -> None:
    assert search.normalize("Saint-Étienne") == search.normalize("SAINT ETIENNE") == "saint etienne"
    assert search.normalize("L'Isle-d'Abeau") == "l isle d abeau"
    assert search.compact("St Étienne") == "saintetienne"
    assert search.of("Oyonnax") == "d'Oyonnax" and search.of("Le Livradois") == "du Livradois"
