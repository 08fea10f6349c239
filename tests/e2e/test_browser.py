"""What a person sees in Chromium: figures equal to the Parquet, maps drawn, links that reopen views."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from atlas.formats import fmt_int, fmt_pct
from tests.e2e.conftest import screenshot, wait_for_app, wait_for_map

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


@pytest.fixture(scope="module")
def agg(processed_dir: Path) -> pd.DataFrame:
    return pd.read_parquet(processed_dir / "bmo_agg.parquet")


def value_of(agg: pd.DataFrame, year: int, level: str, code: str, scope: str, column: str) -> float:
    row = agg[(agg["year"] == year) & (agg["level"] == level) & (agg["code"] == code) & (agg["scope"] == scope)]
    return float(row[column].iloc[0])


def map_has_colours(page: Page) -> int:
    """Distinct colours in the plotly map's area: a blank or failed map has one or two."""
    chart = page.locator(".js-plotly-plot").first
    image = Image.open(io.BytesIO(chart.screenshot())).convert("RGB").resize((200, 200))
    return len(image.getcolors(maxcolors=200 * 200) or [])


def test_overview_shows_the_parquet_figures_and_draws_the_map(page: Page, server: str, agg: pd.DataFrame) -> None:
    page.goto(server + "/")
    wait_for_app(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Auvergne-Rhône-Alpes")
    expect(page.locator('[data-testid="stMetricValue"]')).to_have_count(4)
    values = page.locator('[data-testid="stMetricValue"]').all_inner_texts()
    assert values[0] == fmt_int(value_of(agg, 2025, "reg", "84", "all", "projects"))
    assert values[1] == fmt_pct(value_of(agg, 2025, "reg", "84", "all", "difficult_share"))
    assert values[3] == fmt_pct(value_of(agg, 2025, "reg", "84", "industrial", "difficult_share"))
    svg = page.locator('[data-testid="stMarkdownContainer"] svg[role="img"]').first
    zones = svg.locator("path:not(.fragile)")  # a fragile figure adds a hatched overlay
    expect(zones).to_have_count(39)
    colours = {zones.nth(i).get_attribute("fill") for i in range(39)}
    assert len(colours) >= 4  # a five-class legend
    screenshot(page, "overview")
    svg.locator("a").first.click()
    page.wait_for_url("**/territoire?level=ze&code=*")
    wait_for_app(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text("(")


def test_map_page_from_a_shared_link(page: Page, server: str, agg: pd.DataFrame) -> None:
    page.goto(server + "/carte?reg=FR&year=2024&indicator=bmo_projects&level=reg&scope=all&view=interactive")
    wait_for_app(page)
    wait_for_map(page)
    expect(page.get_by_text("Projets de recrutement — Tous métiers — 2024")).to_be_visible()
    assert map_has_colours(page) > 10
    rows = page.locator("table.atlas-table tbody tr")
    expect(rows).to_have_count(18)
    expect(rows.first).to_contain_text("Île-de-France")
    assert "year=2024" in page.url and "level=reg" in page.url
    screenshot(page, "map-regions-2024")
    with page.expect_download() as download:
        page.locator('[data-testid="stDownloadButton"] button').filter(has_text="CSV").first.click()
    # Read as French Excel would: `;` separators, decimal commas, a BOM.
    shown = pd.read_csv(download.value.path(), sep=";", decimal=",", encoding="utf-8-sig", dtype={"Code": str})
    regions = agg[(agg["year"] == 2024) & (agg["level"] == "reg") & (agg["scope"] == "all")]
    expected = regions.sort_values("projects", ascending=False)
    assert shown["Code"].tolist() == expected["code"].tolist()
    assert shown["Projets de recrutement"].tolist() == expected["projects"].tolist()


def test_profile_opens_from_the_overview_list(page: Page, server: str) -> None:
    page.goto(server + "/")
    wait_for_app(page)
    first = page.locator('[data-testid="stPageLink"] a').filter(has_text="1. ").first
    name = first.inner_text().split(". ", 1)[1].split(" : ")[0]
    first.click()
    page.wait_for_url("**/territoire?**")
    wait_for_app(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text(name)
    locator = page.locator('svg[role="img"]').first
    expect(locator.locator('path[stroke="#111"]')).to_have_count(1)  # the zone is outlined on its region
    screenshot(page, "profile-from-overview")


def test_profile_shows_zone_figures(page: Page, server: str, agg: pd.DataFrame) -> None:
    page.goto(server + "/territoire?level=ze&code=8405&year=2025&reg=84")
    wait_for_app(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Bourg en Bresse (8405)")
    expected = fmt_pct(value_of(agg, 2025, "ze", "8405", "industrial", "difficult_share"))
    expect(page.locator('[data-testid="stMetricValue"]').filter(has_text=expected)).to_have_count(1)
    screenshot(page, "profile-8405")


def test_invalid_link_falls_back_with_a_notice(page: Page, server: str) -> None:
    page.goto(server + "/carte?year=1999&level=commune")
    wait_for_app(page)
    expect(page.get_by_text("year=1999")).to_be_visible()
    expect(page.get_by_text("level=commune")).to_be_visible()
    expect(page.locator('svg[role="img"] path:not(.fragile)')).to_have_count(39)
    assert "year=2025" in page.url
    screenshot(page, "invalid-link")


@pytest.mark.parametrize(
    ("path", "heading", "shot"),
    [
        ("/ages?ze=8405", "Âges et renouvellement", "ages"),
        ("/formation?ze=8424", "Formation et besoins", "formation"),
        ("/urbain-rural", "Urbain et rural", "urbain-rural"),
        ("/competences?level=ze&code=8405", "Monter en compétences ou recruter", "competences"),
        ("/methodologie", "Méthodologie et sources", "methodologie"),
        ("/comparer?zones=8405,8413", "Comparer des zones d'emploi", "comparer"),
    ],
)
def test_issue_pages_render_their_map_and_figures(page: Page, server: str, path: str, heading: str, shot: str) -> None:
    page.goto(server + path)
    wait_for_app(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    if shot in ("ages", "formation"):
        expect(page.locator('svg[role="img"] path').first).to_be_visible()
    if shot == "competences":
        expect(page.locator('[data-testid="stMetricValue"]').first).to_be_visible()
    screenshot(page, shot)


def test_a_fragile_trend_is_drawn_apart_and_says_why(page: Page, server: str) -> None:
    page.goto(server + "/territoire?level=ze&code=8425&reg=84&year=2025")
    wait_for_app(page)
    expect(page.get_by_text("2016-2025").first).to_be_visible()
    expect(page.get_by_text("Années à interpréter avec prudence")).to_be_visible()
    chart = page.locator("svg.atlas-chart").first
    expect(chart).to_be_visible()
    # Fragile years are open grey markers, and their reason is in the tooltip.
    assert chart.locator(".point.fragile").count() >= 1
    assert "à interpréter avec prudence" in chart.locator(".point.fragile title").first.text_content()
    screenshot(page, "territoire-tendance")
    page.goto(server + "/carte?reg=84&year=2025&indicator=bmo_difficult_share&since=2016")
    wait_for_app(page)
    expect(page.locator('svg[role="img"] path.fragile').first).to_be_attached()
    expect(page.get_by_text("évolution 2016-2025").first).to_be_visible()
    screenshot(page, "carte-evolution")
