"""The Territoire profile tells the industrial story first, each figure beside the région and France and equal to
the Parquet; selections follow the user when the level or the région changes."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from atlas.formats import fmt_dec, fmt_int, fmt_pct
from tests.app.conftest import metric, open_app, query
from tests.app.html_tables import page_tables

pytestmark = pytest.mark.xdist_group("app")
OYONNAX = "8425"


@pytest.fixture(scope="module")
def indicators(processed_dir: Path) -> pd.DataFrame:
    table = pd.read_parquet(processed_dir / "territory_indicators.parquet")
    return table[table["year"] == table["year"].max()].set_index(["level", "code"])


@pytest.fixture(scope="module")
def oyonnax() -> AppTest:
    return open_app("app_pages/territory.py", level="ze", code=OYONNAX, reg="84")


def table_with(app: AppTest, first_cell: str) -> list[list[str]]:
    """The HTML table having a row that starts with first_cell."""
    for table in page_tables(app):
        if any(row and row[0] == first_cell for row in table):
            return table
    raise AssertionError(f"no table with a row {first_cell!r}")


def row_of(table: list[list[str]], first_cell: str) -> dict[str, str]:
    header = table[0]
    row = next(r for r in table if r and r[0] == first_cell)
    return dict(zip(header, row, strict=True))


def test_industry_comes_first(oyonnax: AppTest) -> None:
    headers = [h.value for h in oyonnax.header]
    assert headers[0] == "L'industrie"
    assert headers.index("L'industrie") < headers.index("Projets de recrutement en 2025")
    assert headers.index("Âges et départs en fin de carrière") < headers.index(
        "Formation : l'offre de BTS face aux besoins"
    )
    assert headers[-1] == "Population et territoire"
    assert [m.label for m in oyonnax.metric][:2] == ["Emplois industriels", "Part de l'industrie"]


def test_industrial_jobs_and_share_equal_the_parquet(oyonnax: AppTest, indicators: pd.DataFrame) -> None:
    zone, region, france = (indicators.loc[key] for key in (("ze", OYONNAX), ("reg", "84"), ("fr", "FR")))
    assert metric(oyonnax, "Emplois industriels") == fmt_int(zone["jobs_industry"])
    assert metric(oyonnax, "Part de l'industrie") == fmt_pct(zone["industrial_share_jobs"]) == "40,7\u202f%"
    row = row_of(
        table_with(oyonnax, "Part de l'industrie dans l'emploi salarié"), "Part de l'industrie dans l'emploi salarié"
    )
    assert row == {
        "Indicateur": "Part de l'industrie dans l'emploi salarié",
        "Oyonnax": fmt_pct(zone["industrial_share_jobs"]),
        "Auvergne-Rhône-Alpes": fmt_pct(region["industrial_share_jobs"]),
        "France": fmt_pct(france["industrial_share_jobs"]),
    }
    jobs = row_of(table_with(oyonnax, "Emplois salariés de l'industrie"), "Emplois salariés de l'industrie")
    assert jobs["France"] == fmt_int(france["jobs_industry"])


def test_main_industrial_sectors_come_from_jobs_a38(oyonnax: AppTest, processed_dir: Path) -> None:
    a38 = pd.read_parquet(processed_dir / "jobs_a38.parquet")
    latest = a38[(a38["ze2020"] == OYONNAX) & (a38["year"] == a38["year"].max())]
    industry = latest[latest["a5"] == "BE"].sort_values("jobs", ascending=False)
    table = table_with(oyonnax, str(industry["a38_label"].iloc[0]))
    assert table[0][0] == "Secteur industriel (A38)"
    assert "Part de l'emploi, Auvergne-Rhône-Alpes" in table[0] and "Part de l'emploi, France" in table[0]
    body = table[1:]
    assert [r[0] for r in body] == industry["a38_label"].head(5).tolist()
    plastics = row_of(table, "Caoutchouc, plastique")
    assert plastics["Emplois salariés"] == fmt_int(industry["jobs"].iloc[0])
    assert plastics["Part de l'emploi, Oyonnax"] == fmt_pct(industry["jobs"].iloc[0] / latest["jobs"].sum())
    france = a38[(a38["year"] == a38["year"].max())]
    share = france.loc[france["a38"] == "CG", "jobs"].sum() / france["jobs"].sum()
    assert plastics["Part de l'emploi, France"] == fmt_pct(share)


def test_departures_beside_region_and_france(oyonnax: AppTest, indicators: pd.DataFrame, processed_dir: Path) -> None:
    needs = pd.read_parquet(processed_dir / "replacement_needs.parquet").set_index(["level", "code", "scope"])
    zone = needs.loc[("ze", OYONNAX, "industrial")]
    assert metric(oyonnax, "Départs par an") == fmt_int(zone["departures_10y"] / 10)
    assert metric(oyonnax, "Postes à pourvoir par an") == fmt_int(zone["positions_10y"] / 10)
    label = "Départs en fin de carrière dans l'industrie sur dix ans"
    row = row_of(table_with(oyonnax, label), label)
    assert row["Oyonnax"] == fmt_int(indicators.loc[("ze", OYONNAX), "departures_10y"])
    assert row["Auvergne-Rhône-Alpes"] == fmt_int(indicators.loc[("reg", "84"), "departures_10y"])
    assert row["France"] == fmt_int(indicators.loc[("fr", "FR"), "departures_10y"])
    low = row_of(table_with(oyonnax, label), "Départs sur dix ans, lecture basse (recensement)")
    assert low["Oyonnax"] == fmt_int(indicators.loc[("ze", OYONNAX), "departures_census_10y"])
    assert any("Les métiers en 2030" in c.value for c in oyonnax.caption)


def test_bts_supply_and_fit(oyonnax: AppTest, indicators: pd.DataFrame) -> None:
    zone = indicators.loc[("ze", OYONNAX)]
    assert metric(oyonnax, "Places de BTS industriels") == fmt_int(zone["bts_places"])
    assert metric(oyonnax, "Places pour 100 projets") == fmt_dec(zone["bts_places_per_100_projects"])
    label = "Places de BTS industriels pour 100 projets industriels"
    row = row_of(table_with(oyonnax, label), label)
    assert row["Auvergne-Rhône-Alpes"] == fmt_dec(indicators.loc[("reg", "84"), "bts_places_per_100_projects"])
    assert row["France"] == fmt_dec(indicators.loc[("fr", "FR"), "bts_places_per_100_projects"])
    fit = table_with(oyonnax, "Ensemble des métiers industriels")
    assert fit[0][:4] == ["Domaine", "Projets", "Part difficile", "Places de BTS"]
    assert len(fit) == 1 + 7  # the industrial total and domains C to H


def test_links_to_the_detailed_pages(oyonnax: AppTest) -> None:
    pages = {link.proto.page: link.proto.query_string for link in oyonnax.get("page_link")}
    assert {"carte", "ages", "formation", "comparer", "competences", "urbain-rural"} <= set(pages)
    assert f"ze={OYONNAX}" in pages["ages"] and f"ze={OYONNAX}" in pages["formation"]
    assert f"zones={OYONNAX}" in pages["comparer"]


def test_a_region_profile_compares_with_france_only() -> None:
    app = open_app("app_pages/territory.py", level="reg", code="84")
    table = table_with(app, "Part de l'industrie dans l'emploi salarié")
    assert table[0] == ["Indicateur", "Auvergne-Rhône-Alpes", "France"]
    assert table_with(app, "Caoutchouc, plastique")[0][-2:] == [
        "Part de l'emploi, Auvergne-Rhône-Alpes",
        "Part de l'emploi, France",
    ]


def test_an_overseas_zone_says_why_departures_are_missing() -> None:
    app = open_app("app_pages/territory.py", level="ze", code="0101")
    assert not app.exception
    assert any("recensement" in i.value for i in app.info)


# ---------------------------------------------------------------- selections follow the user


def test_level_change_keeps_the_place() -> None:
    app = open_app("app_pages/territory.py", level="ze", code="8429")  # Saint-Flour
    app.segmented_control(key="url:level").set_value("dep").run()
    assert app.title[0].value == "Cantal (15)"
    assert query(app)["code"] == "15"
    app.segmented_control(key="url:level").set_value("reg").run()
    assert app.title[0].value == "Auvergne-Rhône-Alpes (84)"
    app.segmented_control(key="url:level").set_value("ze").run()
    assert app.title[0].value == "Saint Flour (8429)"  # back down to the zone last seen
    assert not app.exception


def test_region_change_picks_a_territory_of_that_region(processed_dir: Path) -> None:
    zones = pd.read_parquet(processed_dir / "zones_emploi.parquet").set_index("ze2020")
    app = open_app("app_pages/territory.py", level="ze", code="8424", reg="84")  # Moulins
    app.sidebar.selectbox(key="url:reg").select("44").run()
    code = query(app)["code"]
    assert zones.at[code, "reg"] == "44" and query(app)["reg"] == "44"
    name = zones.at[code, "name"]
    assert app.title[0].value == f"{name} ({code})"
    notices = " ".join(i.value for i in app.info)
    assert f"Région changée : Grand Est ; territoire affiché : {name} (zone d'emploi" in notices


def test_region_change_keeps_a_territory_already_in_it() -> None:
    app = open_app("app_pages/territory.py", level="dep", code="15", reg="84")
    app.sidebar.selectbox(key="url:reg").select("FR").run()
    assert app.title[0].value == "Cantal (15)"
    assert not [i for i in app.info if "Région changée" in i.value]


def test_a_profile_opened_without_a_link_reopens_the_last_territory() -> None:
    app = open_app("app_pages/territory.py", level="ze", code=OYONNAX)
    app.switch_page("app_pages/overview.py").run()
    app.switch_page("app_pages/territory.py")
    app.query_params.clear()
    app.run()
    assert app.title[0].value == f"Oyonnax ({OYONNAX})"


def test_an_empty_level_keeps_the_territory_shown() -> None:
    """Under load a rerun once arrived with the level's value empty (load benchmark): the page keeps the level and
    territory shown instead of failing."""
    app = open_app("app_pages/territory.py", level="dep", code="01", reg="84")
    app.session_state["url:level"] = None
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    assert app.session_state["url:level"] == "dep" and app.session_state["url:code"] == "01"
