"""Briefs printed from the real build: the PDF says what the Parquet says; PNG and XLSX are valid."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook
from PIL import Image
from pypdf import PdfReader

from atlas import territories
from atlas.brief.content import selection_brief, territory_brief
from atlas.brief.render import BriefRenderer
from atlas.formats import fmt_int, fmt_pct

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("brief")]


@pytest.fixture(scope="module")
def renderer():
    with BriefRenderer() as instance:
        yield instance


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


def test_zone_brief_figures_equal_the_parquet(renderer: BriefRenderer, tmp_path: Path, processed_dir: Path) -> None:
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
    assert "Bourg en Bresse (8405)" in text and "Licence Ouverte" in text and "territoire?level=ze&code=8405" in text
    for png in files.pngs:
        with Image.open(png) as image:
            assert image.format == "PNG" and image.width >= 600 and image.height >= 300
            assert len(image.convert("RGB").getcolors(1_000_000) or []) > 5  # not a blank canvas
    workbook = load_workbook(files.xlsx, read_only=True)
    assert "Sources" in workbook.sheetnames and "Recrutement" in workbook.sheetnames
    assert workbook["Recrutement"].max_row >= 5


def test_selection_brief_of_four_zones_fits_four_pages(renderer: BriefRenderer, tmp_path: Path) -> None:
    files = renderer.render(selection_brief(["8405", "8413", "8411", "8424"], 2025), tmp_path)
    assert 2 <= len(PdfReader(files.pdf).pages) <= 4
    text = pdf_text(files.pdf)
    assert all(code in text for code in ("8405", "8413", "8411", "8424"))
    assert files.link.endswith("comparer?zones=8405%2C8413%2C8411%2C8424&year=2025&reg=84")


def test_every_auvergne_rhone_alpes_zone_brief_builds(renderer: BriefRenderer, tmp_path: Path) -> None:
    zones = territories.in_region("ze", "84").index.tolist()
    started = time.perf_counter()
    for code in zones:
        files = renderer.render(territory_brief("ze", code), tmp_path)
        assert files.pdf.stat().st_size > 20_000 and 2 <= len(PdfReader(files.pdf).pages) <= 4
    seconds = time.perf_counter() - started
    assert len(zones) == 39
    print(f"{len(zones)} briefs in {seconds:.1f} s")
