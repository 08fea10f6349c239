"""Four routes to fill positions (issue #14), as a regional planner sees them in Chromium: the figures of the
Parquet, the métiers switch, the simulator, the map of the région's zones, no clipped label at 1280 and 1920 px."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from playwright.sync_api import Browser, Page, expect

from atlas.formats import fmt_int
from tests.e2e.conftest import SCREENSHOTS, wait_for_app

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]
OYONNAX = "8425"
# Metric labels and values drawn with an ellipsis because they do not fit their column.
CLIPPED = """() => [...document.querySelectorAll(
    '[data-testid="stMetricLabel"] .stMarkdownEllipsis, [data-testid="stMetricValue"] .stMarkdownEllipsis')]
    .filter(e => [e, ...e.querySelectorAll('p')].some(x => x.scrollWidth > x.clientWidth + 1))
    .map(e => e.innerText)"""


@pytest.fixture(scope="module")
def needs(processed_dir: Path) -> pd.DataFrame:
    return pd.read_parquet(processed_dir / "replacement_needs.parquet").set_index(["level", "code", "scope"])


def signed(value: int) -> str:
    return ("+" if value > 0 else "") + fmt_int(value)


def expected(row: pd.Series) -> dict[str, str]:
    positions, young = round(row["positions_10y"] / 10), round(row["young_entrants_10y"] / 10)
    migration = round(row["net_migration_10y"] / 10)
    return {
        "Postes à pourvoir par an": fmt_int(positions),
        "Jeunes débutants par an": fmt_int(young),
        "Solde migratoire par an": signed(migration),
        "Déséquilibre par an": signed(positions - young - migration),
    }


def metric_value(page: Page, label: str) -> str:
    metric = page.locator('[data-testid="stMetric"]').filter(
        has=page.locator('[data-testid="stMetricLabel"]', has_text=label)
    )
    return metric.first.locator('[data-testid="stMetricValue"]').inner_text()


@pytest.fixture(params=[1280, 1920])
def wide_page(request: pytest.FixtureRequest, browser: Browser) -> Iterator[tuple[Page, int]]:
    context = browser.new_context(viewport={"width": request.param, "height": 1000}, locale="fr-FR")
    tab = context.new_page()
    tab.set_default_timeout(60_000)
    yield tab, request.param
    context.close()


def test_oyonnax_four_routes_at_two_widths(wide_page: tuple[Page, int], server: str, needs: pd.DataFrame) -> None:
    page, width = wide_page
    page.goto(server + f"/competences?level=ze&code={OYONNAX}")
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Quatre voies pour pourvoir les postes")).to_be_visible()
    for label, value in expected(needs.loc[("ze", OYONNAX, "industrial")]).items():
        assert metric_value(page, label) == value, label
    row = needs.loc[("ze", OYONNAX, "industrial")]
    imbalance = (
        round(row["positions_10y"] / 10) - round(row["young_entrants_10y"] / 10) - round(row["net_migration_10y"] / 10)
    )
    if imbalance < 0:  # Oyonnax: young entrants and migration exceed the positions to fill
        expect(page.get_by_text(f"excédent de {fmt_int(-imbalance)} par an").first).to_be_visible()
    # The map: every zone touching the région, Oyonnax outlined, a tooltip in French with a sign.
    svg = page.locator('svg.atlas-map[aria-label*="jeunes débutants"]')
    expect(svg).to_have_count(1)
    expect(svg.locator("path:not(.fragile)")).to_have_count(39)
    expect(svg.locator("title").filter(has_text="Oyonnax (8425) · ")).to_have_count(1)
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    # The main area scrolls inside the window: make the window as tall as the page to capture all of it.
    height = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": width, "height": int(height) + 50})
    page.wait_for_timeout(1500)  # charts redraw at the new size
    assert page.evaluate(CLIPPED) == [], f"clipped metric labels or values at {width} px"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"competences-quatre-voies-oyonnax-{width}.png"), full_page=True)


def test_domain_switch_and_retention_in_the_browser(page: Page, server: str, needs: pd.DataFrame) -> None:
    page.goto(server + f"/competences?level=ze&code={OYONNAX}")
    wait_for_app(page)
    page.get_by_role("combobox", name="Métiers").click()
    page.get_by_role("option", name="D · Mécanique, travail des métaux").click()
    page.wait_for_url("**domaine=D**")
    wait_for_app(page)
    domain = expected(needs.loc[("ze", OYONNAX, "D")])
    expect(page.locator('[data-testid="stMetric"]').filter(has_text="Postes à pourvoir par an").first).to_contain_text(
        domain["Postes à pourvoir par an"]
    )
    for label, value in domain.items():
        assert metric_value(page, label) == value, label
    # a scenario link: half of the departures postponed by ten years removes D x 0,5 a year
    page.goto(server + f"/competences?level=ze&code={OYONNAX}&domaine=D&maintien=50&report=10")
    wait_for_app(page)
    removed = round(needs.loc[("ze", OYONNAX, "D")]["departures_10y"] * 0.5 / 10)
    assert metric_value(page, "Maintien en emploi") == fmt_int(removed)
    expect(page.get_by_text(f"soit {fmt_int(removed)} par an évités").first).to_be_visible()
