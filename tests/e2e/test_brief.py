"""Briefs printed from the real build: the PDF says what the Parquet says; PNG and XLSX are valid."""

from __future__ import annotations

import re
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook
from PIL import Image
from pypdf import PdfReader

from atlas import territories
from atlas.brief.content import selection_brief, territory_brief
from atlas.brief.render import BriefRenderer
from atlas.formats import fmt_change, fmt_int, fmt_pct

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("brief")]


class ThreadRenderer:
    """A BriefRenderer living in its own thread, as in the dashboard's brief service: Playwright's sync API
    allows one instance per thread, and the browser tests of the same worker drive theirs from the main one."""

    def __init__(self) -> None:
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="brief-test")
        self._renderer = self._thread.submit(lambda: BriefRenderer().__enter__()).result()

    def render(self, brief, out_dir: Path):
        return self._thread.submit(self._renderer.render, brief, out_dir).result()

    def close(self) -> None:
        self._thread.submit(self._renderer.__exit__, None, None, None).result()
        self._thread.shutdown()


@pytest.fixture(scope="module")
def renderer():
    instance = ThreadRenderer()
    yield instance
    instance.close()


def pdf_text(path: Path) -> str:
    """The PDF's text with every kind of space collapsed, so '1 151' matches whatever space the PDF uses."""
    text = " ".join(page.extract_text() for page in PdfReader(path).pages)
    return re.sub(r"[\s\u202f\u00a0]+", " ", text)


def squash(text: str) -> str:
    return re.sub(r"[\s\u202f\u00a0]+", " ", text)


def agg_row(processed_dir: Path, year: int, level: str, code: str, scope: str) -> pd.Series:
    agg = pd.read_parquet(processed_dir / "bmo_agg.parquet")
    return agg[(agg["year"] == year) & (agg["level"] == level) & (agg["code"] == code) & (agg["scope"] == scope)].iloc[
        0
    ]


def test_zone_brief_figures_equal_the_parquet(renderer: ThreadRenderer, tmp_path: Path, processed_dir: Path) -> None:
    files = renderer.render(territory_brief("ze", "8405", 2025), tmp_path)
    assert 2 <= len(PdfReader(files.pdf).pages) <= 4
    text = pdf_text(files.pdf)
    zone = agg_row(processed_dir, 2025, "ze", "8405", "industrial")
    region = agg_row(processed_dir, 2025, "reg", "84", "industrial")
    france = agg_row(processed_dir, 2025, "fr", "FR", "all")
    for expected in (
        fmt_int(zone["projects"]),
        fmt_pct(zone["difficult_share"]),
        fmt_pct(region["difficult_share"]),
        fmt_int(france["projects"]),
    ):
        assert squash(expected) in text, expected
    population = territories.listing("ze").loc["8405", "population"]
    assert squash(fmt_int(population)) in text
    assert "Bourg en Bresse (8405)" in text and "Licence Ouverte" in text
    assert "territoire?level=ze&code=8405" in text.replace(" ", "")  # a long link may wrap in the PDF
    for png in files.pngs:
        with Image.open(png) as image:
            assert image.format == "PNG" and image.width >= 600 and image.height >= 300
            assert len(image.convert("RGB").getcolors(1_000_000) or []) > 5  # not a blank canvas
    workbook = load_workbook(files.xlsx, read_only=True)
    assert "Sources" in workbook.sheetnames and "Recrutement" in workbook.sheetnames
    assert workbook["Recrutement"].max_row >= 5


def test_selection_brief_of_four_zones_fits_four_pages(renderer: ThreadRenderer, tmp_path: Path) -> None:
    files = renderer.render(selection_brief(["8405", "8413", "8411", "8424"], 2025), tmp_path)
    assert 2 <= len(PdfReader(files.pdf).pages) <= 4
    text = pdf_text(files.pdf)
    assert all(code in text for code in ("8405", "8413", "8411", "8424"))
    assert files.link.endswith("comparer?zones=8405%2C8413%2C8411%2C8424&year=2025&reg=84")


def test_every_auvergne_rhone_alpes_zone_brief_builds(renderer: ThreadRenderer, tmp_path: Path) -> None:
    zones = territories.in_region("ze", "84").index.tolist()
    started = time.perf_counter()
    for code in zones:
        files = renderer.render(territory_brief("ze", code), tmp_path)
        assert files.pdf.stat().st_size > 20_000 and 2 <= len(PdfReader(files.pdf).pages) <= 4
    seconds = time.perf_counter() - started
    assert len(zones) == 39
    print(f"{len(zones)} briefs in {seconds:.1f} s")


def test_zone_brief_states_the_four_routes_of_the_parquet(
    renderer: ThreadRenderer, tmp_path: Path, processed_dir: Path
) -> None:
    needs = pd.read_parquet(processed_dir / "replacement_needs.parquet").set_index(["level", "code", "scope"])
    for code, word in (("8425", "excédent de"), ("8421", "pour la mobilité professionnelle ou le recrutement")):
        brief = territory_brief("ze", code, 2025)
        section = next(s for s in brief.sections if s.title == "Quatre voies pour pourvoir les postes")
        files = renderer.render(brief, tmp_path)
        assert len(PdfReader(files.pdf).pages) <= 4
        text = pdf_text(files.pdf)
        assert "Quatre voies pour pourvoir les postes" in text and word in text
        row, region = needs.loc[("ze", code, "industrial")], needs.loc[("reg", "84", "industrial")]
        positions, young = round(row["positions_10y"] / 10), round(row["young_entrants_10y"] / 10)
        migration = round(row["net_migration_10y"] / 10)
        imbalance = positions - young - migration  # what the rounded figures leave, as the page shows it
        assert abs(imbalance - row["imbalance_10y"] / 10) < 1.5
        expected = (
            f"Par an d'ici 2030 : {fmt_int(positions)} postes industriels à pourvoir, {fmt_int(young)} jeunes "
            f"débutants, solde migratoire {migration:+d}, déséquilibre {imbalance:+d} "
            f"({fmt_change(row['imbalance_10y'] / row['positions_10y'])} des postes ; région "
            f"{fmt_change(region['imbalance_10y'] / region['positions_10y'])}"
        )
        assert squash(expected) in squash(section.paragraphs[0]) and squash(expected) in text
        domain = needs.loc[("ze", code, "D")]
        d_imbalance = (
            round(domain["positions_10y"] / 10)
            - round(domain["young_entrants_10y"] / 10)
            - round(domain["net_migration_10y"] / 10)
        )
        assert f"D {d_imbalance:+d}" in text or (d_imbalance == 0 and "D 0" in text)
