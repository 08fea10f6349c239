"""Zones lying mostly in another région: on the région's maps, out of its rankings unless the user includes them."""

from __future__ import annotations

from tests.app.conftest import open_app, query

USSEL = "Ussel"  # zone 0063, mostly in Nouvelle-Aquitaine, touches Auvergne-Rhône-Alpes


def top_five(app) -> list[str]:
    return [link.label for link in app.get("page_link") if link.label[:2] in {"1.", "2.", "3.", "4.", "5."}]


def test_overview_ranks_only_the_regions_own_zones_by_default() -> None:
    # Fragile figures included, so that Ussel (fragile in 2025) would rank among the five.
    app = open_app(None, fragiles="oui")
    assert top_five(app) and not any(USSEL in label for label in top_five(app))
    assert any("région voisine" in m.value for m in app.markdown)
    included = open_app(None, fragiles="oui", voisines="oui")
    assert any(USSEL in label for label in top_five(included)), top_five(included)
    assert query(included).get("voisines") == "oui"


def test_the_sidebar_switch_includes_neighbours_and_keeps_them_in_the_link() -> None:
    app = open_app(None, fragiles="oui")
    app.sidebar.radio(key="url:voisines").set_value("oui").run()
    assert any(USSEL in label for label in top_five(app))
    assert query(app)["voisines"] == "oui"


def test_a_neighbouring_zone_is_drawn_paler_and_unranked_on_the_map() -> None:
    app = open_app("app_pages/map.py", level="ze", indicator="bmo_difficult_share", scope="industrial", view="svg")
    svg = next(m.value for m in app.markdown if "<svg" in m.value)
    assert 'class="elsewhere"' in svg and "région voisine" in svg
    assert "Ussel (0063)" in svg and "hors classement" in svg


def test_a_neighbouring_zones_profile_says_where_it_mostly_lies() -> None:
    app = open_app("app_pages/territory.py", level="ze", code="0063", reg="84")
    assert any("Nouvelle-Aquitaine" in i.value for i in app.info)


def test_least_supplied_zones_are_the_regions_own_by_default() -> None:
    # Valréas (main région Provence-Alpes-Côte d'Azur) used to head this list; Bollène-Pierrelatte stays:
    # 73 % of its population lives in Auvergne-Rhône-Alpes.
    app = open_app("app_pages/training.py", ze="8424")
    listed = " ".join(m.value for m in app.markdown if m.value.startswith("- "))
    assert listed and "Valréas" not in listed
    assert any("région voisine" in c.value for c in app.caption)
    included = open_app("app_pages/training.py", ze="8424", voisines="oui")
    listed = " ".join(m.value for m in included.markdown if m.value.startswith("- "))
    assert "Valréas" in listed


def test_pages_hold_for_an_early_survey_year_and_overseas_departements() -> None:
    # 2019 has no Parcoursup session: training figures are missing, never a crash; 971 and its région share a name.
    for page, query_values in (
        ("app_pages/territory.py", {"level": "ze", "code": "8425", "year": "2019"}),
        ("app_pages/training.py", {"ze": "8424", "year": "2019"}),
        ("app_pages/territory.py", {"level": "dep", "code": "971"}),
        ("app_pages/territory.py", {"level": "dep", "code": "974"}),
    ):
        app = open_app(page, **query_values)
        assert app.title, (page, query_values)
