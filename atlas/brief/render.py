"""Print a brief with headless Chromium: PDF, one PNG per chart, an XLSX workbook and the link back.

Static charts (atlas.svgcharts) are inline SVG, their PNG drawn by cairo; plotly.js (shipped with plotly.py, so
offline) draws the plotly figures inside the page and Plotly.toImage gives their PNG; Chromium's print engine
makes the PDF.
"""

from __future__ import annotations

import base64
import json
import os
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

import plotly
import plotly.io

from atlas.brief.document import CSS, render_body
from atlas.brief.model import Brief
from atlas.exports import xlsx_bytes
from atlas.svgmap import png_bytes as svg_png

CHROMIUM = os.environ.get("ATLAS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"]
PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
CHART_WIDTH = 680


class BrowserUnavailableError(RuntimeError):
    """Chromium is needed to print briefs."""


@dataclass(frozen=True)
class BriefFiles:
    folder: Path
    pdf: Path
    pngs: list[Path]
    xlsx: Path
    link: str


class BriefRenderer:
    """One Chromium for many briefs (batch mode reuses it)."""

    def __enter__(self) -> BriefRenderer:
        if not Path(CHROMIUM).exists():
            raise BrowserUnavailableError(
                f"Chromium est introuvable ({CHROMIUM}) : installez-le (make browser) pour produire les fiches PDF."
            )
        from playwright.sync_api import sync_playwright

        self._playwright = sync_playwright().start()
        self._browser = self._playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        # One page for every brief: the stylesheet and plotly.js (4.8 MB) are loaded once.
        self._page = self._browser.new_page(viewport={"width": 1000, "height": 1400})
        self._page.set_content(
            f'<!doctype html><html lang="fr"><head><meta charset="utf-8"><style>{CSS}</style>'
            "</head><body></body></html>"
        )
        self._page.add_script_tag(path=str(PLOTLY_JS))
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self._browser.close()
        self._playwright.stop()

    def render(self, brief: Brief, out_dir: Path) -> BriefFiles:
        folder = out_dir / brief.slug
        (folder / "graphiques").mkdir(parents=True, exist_ok=True)
        page = self._page
        page.evaluate(
            "([title, body]) => { document.title = title; document.body.innerHTML = body; }",
            [brief.title, render_body(brief)],
        )
        pngs = []
        for figure in brief.figures:
            path = folder / "graphiques" / f"{figure.key}.png"
            if isinstance(figure.figure, str):  # a static SVG chart: its PNG drawn by cairo at twice its size
                path.write_bytes(svg_png(figure.figure))
                pngs.append(path)
                continue
            spec = json.loads(
                plotly.io.to_json(figure.figure.update_layout(width=CHART_WIDTH, height=figure.height), validate=False)
            )
            page.evaluate(
                "([id, spec]) => Plotly.newPlot(id, spec.data, spec.layout, {staticPlot: true})",
                [f"chart-{figure.key}", spec],
            )
            data_url = page.evaluate(
                "([id, w, h]) => Plotly.toImage(id, {format: 'png', width: w, height: h, scale: 2})",
                [f"chart-{figure.key}", CHART_WIDTH, figure.height],
            )
            path.write_bytes(base64.b64decode(data_url.split(",", 1)[1]))
            pngs.append(path)
        pdf = folder / f"{brief.slug}.pdf"
        page.pdf(
            path=str(pdf),
            format="A4",
            print_background=True,
            display_header_footer=True,
            header_template="<span></span>",
            footer_template='<div style="font-size:7pt;color:#777;width:100%;text-align:center">'
            f"Atlas 4.h · {brief.title} · page <span class='pageNumber'></span>/"
            "<span class='totalPages'></span></div>",
            margin={"top": "14mm", "bottom": "16mm", "left": "14mm", "right": "14mm"},
        )
        xlsx = folder / f"{brief.slug}.xlsx"
        sheets = {t.key: t.data for t in brief.tables}
        xlsx.write_bytes(xlsx_bytes(sheets, [*brief.sources, f"Vue en ligne : {brief.link}"]))
        (folder / "lien.txt").write_text(brief.link + "\n")
        return BriefFiles(folder, pdf, pngs, xlsx, brief.link)
