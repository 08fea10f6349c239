"""Departures and positions to fill, zones of neighbouring régions, one figure per territory: as a person sees them."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from playwright.sync_api import Page, expect

from atlas.formats import fmt_int, fmt_pct
from tests.e2e.conftest import screenshot, wait_for_app

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


@pytest.fixture(scope="module")
def needs(processed_dir: Path) -> pd.DataFrame:
    table = pd.read_parquet(processed_dir / "replacement_needs.parquet")
    return table[table["scope"] == "industrial"].set_index(["level", "code"])


def test_ageing_page_shows_the_departures_range_and_positions(page: Page, server: str, needs: pd.DataFrame) -> None:
    page.goto(server + "/ages?ze=8425")  # Oyonnax
    wait_for_app(page)
    oyonnax = needs.loc[("ze", "8425")]
    metrics = page.locator('[data-testid="stMetric"]')
    expect(metrics.filter(has_text="Départs par an")).to_contain_text(fmt_int(oyonnax["departures_10y"] / 10))
    expect(metrics.filter(has_text="Postes à pourvoir par an")).to_contain_text(fmt_int(oyonnax["positions_10y"] / 10))
    expect(page.get_by_text("lecture basse, recensement").first).to_be_visible()
    expect(page.get_by_text(fmt_int(oyonnax["departures_census_10y"] / 10), exact=True).first).to_be_visible()
    expect(page.get_by_text("D · Mécanique, travail des métaux")).to_be_visible()
    screenshot(page, "ages-oyonnax-departures")


def test_the_neighbours_switch_changes_the_ranking_and_the_link(page: Page, server: str) -> None:
    page.goto(server + "/?fragiles=oui")
    wait_for_app(page)
    ranking = page.locator('[data-testid="stPageLink"]').filter(has_text="%")
    expect(ranking.first).to_be_visible()
    assert not any("Ussel" in text for text in ranking.all_inner_texts())
    page.get_by_text("Incluses dans les classements").click()
    expect(ranking.filter(has_text="Ussel")).to_have_count(1)
    page.wait_for_url("**voisines=oui**")
    screenshot(page, "overview-neighbours-included")


def test_the_regions_figure_is_the_same_on_two_pages(page: Page, server: str, processed_dir: Path) -> None:
    table = pd.read_parquet(processed_dir / "territory_indicators.parquet")
    region = table[(table["level"] == "reg") & (table["code"] == "84") & (table["year"] == table["year"].max())]
    expected = fmt_pct(region["bts_apprenticeship_share"].iloc[0])
    label = "Part des places de BTS industriels en apprentissage"
    page.goto(server + "/urbain-rural")
    wait_for_app(page)
    first = page.locator("table.atlas-table").first  # the région's table (France's comes after)
    expect(first.locator("thead th").last).to_have_text("Auvergne-Rhône-Alpes (chiffre régional)")
    expect(first.locator("tr").filter(has_text=label).first.locator("td").last).to_have_text(expected)
    screenshot(page, "urban-rural-regional-column")
    page.goto(server + "/competences?level=reg&code=84")
    wait_for_app(page)
    row = page.locator("table.atlas-table tr").filter(has_text=label).first
    expect(row.locator("td").nth(1)).to_have_text(expected)
