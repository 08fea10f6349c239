"""Every page runs on the real build; widgets change what is shown; the URL carries the view."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from atlas.formats import fmt_int, fmt_pct
from tests.app.conftest import metric, open_app, query
from tests.app.html_tables import page_tables

pytestmark = pytest.mark.xdist_group("app")


def zones_drawn(svg: str) -> int:
    """Territories drawn on an SVG map (a fragile one adds a hatched overlay path)."""
    return svg.count("<path") - svg.count('class="fragile"')


def agg_row(agg: pd.DataFrame, year: int, level: str, code: str, scope: str) -> pd.Series:
    return agg[(agg["year"] == year) & (agg["level"] == level) & (agg["code"] == code) & (agg["scope"] == scope)].iloc[
        0
    ]


@pytest.mark.parametrize(
    "page",
    [
        None,
        "app_pages/map.py",
        "app_pages/territory.py",
        "app_pages/compare.py",
        "app_pages/methodology.py",
        "app_pages/ageing.py",
        "app_pages/training.py",
        "app_pages/urban_rural.py",
        "app_pages/upskilling.py",
    ],
)
def test_every_page_runs_without_exception(page: str | None) -> None:
    app = open_app(page)
    assert app.title, "each page has a title"
    assert not app.error


def test_overview_headline_figures_equal_the_parquet(agg: pd.DataFrame) -> None:
    app = open_app()
    ara = agg_row(agg, 2025, "reg", "84", "all")
    industry = agg_row(agg, 2025, "reg", "84", "industrial")
    assert metric(app, "Projets, tous métiers") == fmt_int(ara["projects"])
    assert metric(app, "Part difficile, tous métiers") == fmt_pct(ara["difficult_share"])
    assert metric(app, "Projets, industrie") == fmt_int(industry["projects"])
    assert metric(app, "Part difficile, industrie") == fmt_pct(industry["difficult_share"])
    svg = next(m.value for m in app.markdown if "<svg" in m.value)
    assert zones_drawn(svg) == 39 and svg.count('href="/territoire?level=ze&amp;code=') == 39
    assert "Auvergne-Rhône-Alpes" in app.title[0].value
    assert app.query_params["reg"] == ["84"] or app.query_params["reg"] == "84"


def test_sidebar_region_and_year_change_the_figures(agg: pd.DataFrame) -> None:
    app = open_app()
    app.sidebar.selectbox[0].select("11").run()
    assert "Île-de-France" in app.title[0].value
    assert metric(app, "Projets, tous métiers") == fmt_int(agg_row(agg, 2025, "reg", "11", "all")["projects"])
    app.sidebar.selectbox[1].select(2023).run()
    assert metric(app, "Projets, tous métiers") == fmt_int(agg_row(agg, 2023, "reg", "11", "all")["projects"])
    assert dict(app.query_params)["year"] in (["2023"], "2023")


def test_overview_lists_five_hardest_zones_with_profile_links() -> None:
    app = open_app()
    links = [link for link in app.get("page_link") if link.proto.page == "territoire"]
    assert len(links) == 5
    values = [float(link.proto.label.split(" : ")[1].replace("\u202f%", "").replace(",", ".")) for link in links]
    assert values == sorted(values, reverse=True)


def ranking_rows(app) -> int:
    """Rows of the map page's ranked table (an HTML table in a markdown element)."""
    tables = [m.value for m in app.markdown if "atlas-table" in m.value]
    assert len(tables) == 1
    return tables[0].count("<tr") - 1


def test_map_widgets_change_the_table_and_the_url(processed_dir: Path) -> None:
    app = open_app("app_pages/map.py")
    assert ranking_rows(app) == 39  # zones touching Auvergne-Rhône-Alpes
    assert query(app)["indicator"] == "bmo_difficult_share"
    app.segmented_control(key="url:level").set_value("dep").run()
    assert ranking_rows(app) == 12
    assert query(app)["level"] == "dep"
    app.segmented_control(key="url:typology").set_value("rural").run()
    departements = pd.read_parquet(processed_dir / "departements.parquet")
    expected = departements[(departements["reg"] == "84") & (departements["typology"] == "rural")]
    assert ranking_rows(app) == len(expected)
    app.selectbox(key="url:indicator").select("bmo_projects").run()
    assert app.subheader[0].value.startswith("Projets de recrutement")
    assert query(app)["indicator"] == "bmo_projects"


@pytest.mark.parametrize("level", ["ze", "dep", "reg"])
def test_every_map_indicator_draws_at_every_level(level: str, processed_dir: Path) -> None:
    import json

    catalogue = json.loads((processed_dir / "metadata.json").read_text())["indicators"]
    indicators = [i["id"] for i in catalogue if level in i["levels"] and i["on_map"]]
    app = open_app("app_pages/map.py", level=level)
    for indicator in indicators:
        app.selectbox(key="url:indicator").select(indicator).run()
        assert not app.exception, (indicator, [e.value for e in app.exception])
        svg = next(m.value for m in app.markdown if "<svg" in m.value)
        assert zones_drawn(svg) >= 12, indicator
        assert query(app)["indicator"] == indicator


def test_map_views_svg_and_interactive() -> None:
    app = open_app("app_pages/map.py", level="reg", reg="FR")
    svg = next(m.value for m in app.markdown if "<svg" in m.value)
    assert zones_drawn(svg) == 18
    app.segmented_control(key="url:view").set_value("interactive").run()
    assert query(app)["view"] == "interactive"
    assert app.selectbox(key="url:basemap").value == "white-bg"
    assert not [m for m in app.markdown if "<svg" in m.value]


def test_map_one_occupation_scope(agg: pd.DataFrame) -> None:
    app = open_app("app_pages/map.py", indicator="bmo_projects", level="reg", scope="D1X33")
    assert "D1X33" in app.subheader[0].value
    assert ranking_rows(app) == 18


def test_url_parameters_round_trip() -> None:
    app = open_app(
        "app_pages/map.py",
        reg="FR",
        year="2024",
        indicator="bmo_seasonal_share",
        level="reg",
        scope="G",
        typology="tous",
    )
    assert app.selectbox(key="url:indicator").value == "bmo_seasonal_share"
    assert app.selectbox(key="url:scope").value == "G"
    assert app.sidebar.selectbox[0].value == "FR"
    assert app.sidebar.selectbox[1].value == 2024
    assert query(app) == {
        "reg": "FR",
        "year": "2024",
        "indicator": "bmo_seasonal_share",
        "level": "reg",
        "scope": "G",
        "typology": "tous",
        "basemap": "white-bg",
        "view": "svg",
    }
    assert not app.info  # nothing to correct


def test_invalid_parameters_fall_back_with_a_notice() -> None:
    app = open_app("app_pages/map.py", year="1999", indicator="nope", foo="bar")
    notices = " ".join(i.value for i in app.info)
    assert "year=1999" in notices and "indicator=nope" in notices and "foo" in notices
    assert query(app)["year"] == "2025" and query(app)["indicator"] == "bmo_difficult_share"
    assert "foo" not in query(app)


def test_territory_profile_from_the_url(agg: pd.DataFrame) -> None:
    app = open_app("app_pages/territory.py", level="ze", code="8405", year="2024")
    assert app.title[0].value == "Bourg en Bresse (8405)"
    zone = agg_row(agg, 2024, "ze", "8405", "industrial")
    assert metric(app, "Part difficile, industrie") == fmt_pct(zone["difficult_share"])

    comparison = next(t for t in page_tables(app) if t[1][0] == "Projets de recrutement, tous métiers")
    assert comparison[0] == ["Indicateur", "Bourg en Bresse", "Auvergne-Rhône-Alpes", "France"]
    app.selectbox(key="url:code").select("8413").run()
    assert app.title[0].value.endswith("(8413)")
    assert query(app)["code"] == "8413"


def occupation_rows(app) -> list[str]:
    """The occupations listed (first column) of the page's table headed « Métier »."""
    table = next(t for t in page_tables(app) if t[0][0] == "Métier")
    return [row[0] for row in table[1:]]


def test_territory_occupation_toggle_changes_the_list() -> None:
    app = open_app("app_pages/territory.py", level="ze", code="8405")
    industrial = occupation_rows(app)
    app.toggle(key="occupations-industrial").set_value(False).run()
    everything = occupation_rows(app)
    assert industrial and everything and industrial != everything


def test_departement_profile() -> None:
    app = open_app("app_pages/territory.py", level="dep", code="38")
    assert app.title[0].value == "Isère (38)"


def compared(app) -> list[str]:
    """Column titles of the comparison's first table, without its label column and France."""

    return next(t for t in page_tables(app) if t[0][0] == "Indicateur")[0][1:-1]


def test_compare_zones_and_add_a_similar_one() -> None:
    app = open_app("app_pages/compare.py", zones="8405,8413")
    assert compared(app) == ["Bourg en Bresse (8405)", "La Tarentaise (8413)"]
    add = [b for b in app.button if b.label == "Ajouter"]
    assert add
    add[0].click().run()
    assert len(compared(app)) == 3
    assert len(query(app)["zones"].split(",")) == 3


def test_methodology_lists_sources_and_caveats(processed_dir: Path) -> None:
    app = open_app("app_pages/methodology.py")
    assert len(app.expander) >= 6
    text = " ".join(m.value for m in app.markdown)
    assert "FAP 2009" in text and "secret" in text.lower()


def test_missing_data_says_which_command_to_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ATLAS_PROCESSED_DIR", str(tmp_path))
    app = open_app()
    assert "make data" in app.error[0].value


def test_link_text_is_shown_as_typed_never_as_markdown() -> None:
    app = open_app("app_pages/map.py", indicator="![x](http://host/track.png)", level="[site](https://evil.example)")
    notices = " ".join(element.value for element in app.info)
    assert "\\!\\[x\\]\\(http" in notices and "\\[site\\]\\(https" in notices
    assert "](http" not in notices.replace("\\]\\(", "")
    long_value = open_app("app_pages/map.py", scope="x" * 10_000)
    notice = " ".join(element.value for element in long_value.info)
    assert "x" * 61 not in notice and "…" in notice
