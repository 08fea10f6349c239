"""The sidebar search and the industry-first profile, as a person uses them in Chromium."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from playwright.sync_api import Browser, Page, expect

from atlas.formats import fmt_int, fmt_pct
from tests.e2e.conftest import SCREENSHOTS, wait_for_app

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]
OYONNAX = "8425"
# Metric labels and values drawn with an ellipsis because they do not fit their column.
CLIPPED = """() => [...document.querySelectorAll(
    '[data-testid="stMetricLabel"] .stMarkdownEllipsis, [data-testid="stMetricValue"] .stMarkdownEllipsis')]
    .filter(e => [e, ...e.querySelectorAll('p')].some(x => x.scrollWidth > x.clientWidth + 1))
    .map(e => e.innerText)"""


@pytest.fixture(scope="module")
def indicators(processed_dir: Path) -> pd.DataFrame:
    table = pd.read_parquet(processed_dir / "territory_indicators.parquet")
    return table[table["year"] == table["year"].max()].set_index(["level", "code"])


def metric_value(page: Page, label: str) -> str:
    metric = page.locator('[data-testid="stMetric"]').filter(
        has=page.locator('[data-testid="stMetricLabel"]', has_text=label)
    )
    return metric.first.locator('[data-testid="stMetricValue"]').inner_text()


def test_search_saint_etienne_opens_its_profile(page: Page, server: str, indicators: pd.DataFrame) -> None:
    page.goto(server + "/")
    wait_for_app(page)
    box = page.locator('[data-testid="stSidebar"] input[aria-label="Rechercher un territoire"]')
    box.fill("saint-étienne")
    box.press("Enter")
    result = page.locator('[data-testid="stSidebar"] [data-testid="stPageLink"] a').filter(
        has_text="Saint Etienne (8428) · zone d'emploi"
    )
    expect(result).to_have_count(1)
    expect(page.get_by_text("Saint-Étienne (42218) · commune, zone d'emploi de Saint Etienne")).to_be_visible()
    result.click()
    page.wait_for_url("**/territoire?**code=8428**")
    wait_for_app(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Saint Etienne (8428)")
    zone = indicators.loc[("ze", "8428")]
    assert metric_value(page, "Emplois industriels") == fmt_int(zone["jobs_industry"])
    assert metric_value(page, "Part de l'industrie") == fmt_pct(zone["industrial_share_jobs"])


def test_a_commune_opens_its_zone_and_is_named(page: Page, server: str) -> None:
    page.goto(server + "/territoire?level=ze&code=8405&reg=84")
    wait_for_app(page)
    box = page.locator('[data-testid="stSidebar"] input[aria-label="Rechercher un territoire"]')
    box.fill("Villeurbanne")
    box.press("Enter")
    page.locator('[data-testid="stSidebar"] [data-testid="stPageLink"] a').filter(has_text="Villeurbanne").click()
    page.wait_for_url("**code=8421**")
    wait_for_app(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Lyon (8421)")
    expect(page.get_by_text("Villeurbanne (69266) fait partie de la zone d'emploi de Lyon.")).to_be_visible()
    box.fill("Xyzzyville")
    box.press("Enter")
    expect(page.get_by_text("Aucun territoire ne correspond à « Xyzzyville ».")).to_be_visible()


@pytest.fixture(params=[1280, 1440, 1920])
def wide_page(request: pytest.FixtureRequest, browser: Browser) -> Iterator[tuple[Page, int]]:
    context = browser.new_context(viewport={"width": request.param, "height": 1000}, locale="fr-FR")
    tab = context.new_page()
    tab.set_default_timeout(60_000)
    yield tab, request.param
    context.close()


def test_oyonnax_profile_at_three_widths(wide_page: tuple[Page, int], server: str, indicators: pd.DataFrame) -> None:
    page, width = wide_page
    page.goto(server + f"/territoire?level=ze&code={OYONNAX}&reg=84&year=2025")
    wait_for_app(page)
    zone = indicators.loc[("ze", OYONNAX)]
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Oyonnax ({OYONNAX})")
    assert metric_value(page, "Part de l'industrie") == fmt_pct(zone["industrial_share_jobs"])
    expect(page.locator("table.atlas-table").filter(has_text="Caoutchouc, plastique").first).to_be_visible()
    # The main area scrolls inside the window: make the window as tall as the page to capture all of it.
    height = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": width, "height": int(height) + 50})
    page.wait_for_timeout(1500)  # charts redraw at the new size
    assert page.evaluate(CLIPPED) == [], f"clipped metric labels or values at {width} px"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"territoire-oyonnax-{width}.png"), full_page=True)
