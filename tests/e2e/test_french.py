"""Everything a user reads is French: every page at three widths, plotly's toolbar, widget messages, the brief.

Each page of dashboard.py is opened at 1280, 1440 and 1920 pixels wide (tall windows: Streamlit's main area
scrolls inside the page) and its screenshot saved in artifacts/screenshots/french-<page>-<width>.png. The
visible text and the texts meant for screen readers (aria-label, title, placeholder) must hold none of a list
of English interface strings, nor a year written like a count ('2 024'). The map's CSV reads back as French
Excel reads it, and its picture downloads as SVG and PNG.
"""

from __future__ import annotations

import ast
import io
import re
from pathlib import Path

import pandas as pd
import pytest
from PIL import Image
from playwright.sync_api import Browser, Page

from tests.e2e.conftest import PROJECT, screenshot, wait_for_app

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

WIDTHS = (1280, 1440, 1920)
HEIGHT = 3000
# English that Streamlit, plotly or the build log could leak into a page; matched as whole words.
ENGLISH = (
    "No results",
    "No data",
    "You can only select",
    "Remove an option",
    "Choose an option",
    "Press Enter",
    "Running...",
    "Help for",
    "Download plot",
    "Download as",
    "Autoscale",
    "Zoom in",
    "Zoom out",
    "Reset axes",
    "Reset view",
    "Box Select",
    "Lasso Select",
    "Fullscreen",
    "Show data",
    "Made with Streamlit",
    "This app has encountered an error",
    "survey",
    "fieldwork",
    "repo",
    "licence file",
    "rows read",
    "bassins to zones",
    "share of projects",
    "the",
    "and",
    "with",
    "from",
    "which",
)
ENGLISH_PATTERN = re.compile(r"(?<![\w-])(" + "|".join(re.escape(e) for e in ENGLISH) + r")(?![\w-])")
# A year written as a count: '2 024' (thin, no-break or plain space). A count of that size followed by its
# unit ('2 035 places') is a count, not a year.
YEAR_AS_COUNT = re.compile(r"(?<![\d,.])(?<!\d[\u202f\u00a0 ])2[\u202f\u00a0 ]0[0-4]\d(?![\d,])(?![\u202f\u00a0 ]\d)")
COUNT_WORDS = re.compile(
    r"^[\u202f\u00a0 ]*(%|pt|projets?|places?|habitants?|emplois?|personnes?|départs?|postes?|zones?|sortants?|"
    r"contrats?|lignes?|communes?|bassins?|salariés?|établissements?|vœux|cellules?)\b"
)
URL = re.compile(r"https?://\S+")
# Raw codes of a source shown as they are: an InserJeunes vintage '2022_2023', a BCN title '… (bts)', 'option a'.
RAW_LABEL = re.compile(r"\b20\d\d_20\d\d\b|\((?:bts|btsa)\)|\boption [a-z]\b")
PLOTLY_ENGLISH = {
    "Download plot as a PNG",
    "Download plot",
    "Autoscale",
    "Reset axes",
    "Reset view",
    "Zoom in",
    "Zoom out",
    "Pan",
    "Box Select",
    "Lasso Select",
    "Toggle Spike Lines",
    "Show closest data on hover",
    "Compare data on hover",
    "Fullscreen",
}


def dashboard_pages() -> list[tuple[str, str]]:
    """(url path, title) of every st.Page declared in dashboard.py."""
    tree = ast.parse((PROJECT / "dashboard.py").read_text())
    pages = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "Page":
            words = {k.arg: k.value.value for k in node.keywords if isinstance(k.value, ast.Constant)}
            pages.append((words.get("url_path", "") if not words.get("default") else "", words["title"]))
    return pages


def english_in(text: str) -> list[str]:
    return sorted({m.group(1) for m in ENGLISH_PATTERN.finditer(URL.sub(" ", text))})


def years_as_counts(text: str) -> list[str]:
    found = []
    for match in YEAR_AS_COUNT.finditer(text):
        if not COUNT_WORDS.match(text[match.end() : match.end() + 20]):
            found.append(text[max(match.start() - 30, 0) : match.end() + 10])
    return found


def page_text(page: Page, *, counts: bool = True) -> str:
    """Every text of the page, shown or folded (an expander's content, a map's tooltips), one text node a line;
    never scripts, styles or the names of Material icons. Without counts: numeric table cells and headline
    figures are left out (a count such as 2 034 projects is no year)."""
    return page.evaluate(
        """(counts) => {
            let skip = 'script, style, noscript, template, [data-testid="stIconMaterial"]';
            if (!counts) skip += ', td.num, [data-testid="stMetricValue"], [data-testid="stMetricDelta"]';
            const out = [];
            const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
            while (walker.nextNode()) {
                const node = walker.currentNode;
                if (!node.parentElement || node.parentElement.closest(skip)) continue;
                const text = node.nodeValue.trim();
                if (text) out.push(text);
            }
            return out.join('\\n');
        }""",
        counts,
    )


def hidden_texts(page: Page) -> list[str]:
    """What a screen reader or a tooltip says: aria-label, title, placeholder and plotly's data-title."""
    return page.evaluate(
        "() => [...document.querySelectorAll('[aria-label],[title],[placeholder],[data-title]')]"
        ".flatMap(e => ['aria-label', 'title', 'placeholder', 'data-title'].map(a => e.getAttribute(a)))"
        ".filter(Boolean)"
    )


def test_dashboard_declares_every_page() -> None:
    pages = dashboard_pages()
    assert len(pages) >= 10 and ("donnees", "Données") in pages and ("", "Vue d'ensemble") in pages


def test_english_and_year_checks_catch_what_they_should() -> None:
    assert english_in("No results") == ["No results"]
    assert english_in("Source : enquete 2023 survey ; MIT repo") == ["repo", "survey"]
    assert english_in("Aucun résultat ; Thé ; théorie ; https://example.org/the-repo") == []
    assert years_as_counts("Parcoursup 2\u202f024") and years_as_counts("session 2 023.")
    assert (
        not years_as_counts("2\u202f035 places") and not years_as_counts("12\u202f024") and not years_as_counts("2024")
    )
    assert RAW_LABEL.findall("InserJeunes, 2022_2023 ; Metiers de la mesure (bts) ; option a") == [
        "2022_2023",
        "(bts)",
        "option a",
    ]


@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_is_french_at_every_width(browser: Browser, server: str, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": HEIGHT}, locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(90_000)
    problems: dict[str, list[str]] = {}
    try:
        for path, title in dashboard_pages():
            page.goto(f"{server}/{path}")
            wait_for_app(page)
            page.wait_for_timeout(600)  # charts and maps finish drawing
            name = path or "vue-d-ensemble"
            screenshot(page, f"french-{name}-{width}")
            found = []
            assert page.title() == f"{title} · Atlas 4.h", page.title()
            found += [f"anglais : {e}" for e in english_in(page_text(page))]
            found += [f"année : {y!r}" for y in years_as_counts(page_text(page, counts=False))]
            if path != "donnees":  # the data page shows the published values as they are, on purpose
                found += [f"libellé brut : {m}" for m in sorted(set(RAW_LABEL.findall(page_text(page))))]
            found += [f"attribut : {e}" for e in english_in("\n".join(hidden_texts(page)))]
            titles = page.evaluate("() => [...document.querySelectorAll('.modebar-btn')].map(a => a.dataset.title)")
            found += [f"barre d'outils : {t}" for t in titles if t in PLOTLY_ENGLISH]
            if found:
                problems[name] = found
    finally:
        context.close()
    assert not problems, problems


def test_plotly_toolbar_and_widget_messages_are_french(page: Page, server: str) -> None:
    page.goto(server + "/carte?view=interactive&level=reg&reg=FR")
    wait_for_app(page)
    page.wait_for_selector(".modebar-btn", state="attached")
    titles = page.evaluate("() => [...document.querySelectorAll('.modebar-btn')].map(a => a.dataset.title)")
    assert "Télécharger le graphique en PNG" in titles, titles
    assert not set(titles) & PLOTLY_ENGLISH, titles
    # A search with no match in a picker says so in French.
    page.locator('[data-testid="stSelectbox"]').filter(has_text="Indicateur").first.click()
    page.keyboard.type("zzqqzz")
    page.get_by_text("Aucun résultat").wait_for()
    assert "No results" not in page.inner_text("body")
    page.keyboard.press("Escape")
    assert page.evaluate("() => document.documentElement.lang") == "fr"


def test_map_csv_reads_as_french_excel_and_the_map_downloads(page: Page, server: str, processed_dir: Path) -> None:
    page.goto(server + "/carte?reg=84&year=2025&indicator=bmo_difficult_share&level=ze&scope=industrial")
    wait_for_app(page)
    with page.expect_download() as download:
        page.locator('[data-testid="stDownloadButton"] button').filter(has_text="CSV").first.click()
    raw = Path(download.value.path()).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM tells Excel the file is UTF-8
    header = raw.decode("utf-8-sig").splitlines()[0]
    assert ";" in header and "Part des projets jugés difficiles (%)" in header and "Zone d'emploi" in header
    shown = pd.read_csv(io.BytesIO(raw), sep=";", decimal=",", encoding="utf-8-sig", dtype={"Code": str})
    agg = pd.read_parquet(processed_dir / "bmo_agg.parquet")
    expected = agg[
        (agg["year"] == 2025) & (agg["level"] == "ze") & (agg["code"] == "8405") & (agg["scope"] == "industrial")
    ]
    row = shown[shown["Code"] == "8405"].iloc[0]
    assert abs(row["Part des projets jugés difficiles (%)"] - 100 * expected["difficult_share"].iloc[0]) < 0.006
    assert row["Projets de recrutement (nombre)"] == round(expected["projects"].iloc[0])
    with page.expect_download() as download:
        page.locator('[data-testid="stDownloadButton"] button').filter(has_text="Carte SVG").first.click()
    svg = Path(download.value.path()).read_text()
    assert svg.startswith("<?xml") and "<svg" in svg and "<desc>" in svg and "<a " not in svg
    with page.expect_download() as download:
        page.locator('[data-testid="stDownloadButton"] button').filter(has_text="Carte PNG").first.click()
    with Image.open(download.value.path()) as image:
        assert image.format == "PNG" and image.width >= 1000
        assert len(image.convert("RGB").getcolors(1_000_000) or []) > 10  # a drawn map, not a blank


def test_brief_text_is_french() -> None:
    from atlas.brief.content import selection_brief, territory_brief
    from atlas.brief.document import render_body

    for brief in (territory_brief("ze", "8405", 2025), selection_brief(["8405", "8413"], 2025)):
        html = render_body(brief)
        text = re.sub(r"<[^>]+>", " ", re.sub(r"<style>.*?</style>", " ", html, flags=re.S))
        assert not english_in(text), english_in(text)
        # Years are checked outside the charts: a chart's axis of counts rightly reads "2 000" beside its year ticks
        # (its labels are checked by tests/unit/test_svgcharts.py).
        prose = re.sub(r'<svg [^>]*class="atlas-chart".*?</svg>', " ", html, flags=re.S)
        prose = re.sub(r"<[^>]+>", " ", re.sub(r"<style>.*?</style>", " ", prose, flags=re.S))
        assert not years_as_counts(prose), years_as_counts(prose)
        assert "Sources et licences" in text and "Licence Ouverte 2.0" in text
        assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", URL.sub(" ", text)), "dates are written in French"
