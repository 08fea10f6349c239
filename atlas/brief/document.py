"""Lay a brief out as one printable HTML document (A4, French typography)."""

from __future__ import annotations

import html

from atlas.brief.model import Brief, TableBlock
from atlas.formats import fmt_date

CSS = """
@page { size: A4; margin: 14mm 14mm 16mm 14mm; }
body { font-family: 'DejaVu Sans', 'Liberation Sans', Arial, sans-serif; font-size: 9pt; color: #1c1c1c; }
h1 { font-size: 20pt; margin: 0 0 2mm 0; color: #1f5f8b; }
h2 { font-size: 13pt; margin: 6mm 0 2mm 0; color: #1f5f8b; border-bottom: 1px solid #c9d6e2; break-after: avoid; }
h3 { font-size: 10.5pt; margin: 4mm 0 1mm 0; break-after: avoid; }
.subtitle { color: #555; margin-bottom: 4mm; }
.meta { color: #777; font-size: 8pt; }
.break { break-before: page; }
.source { color: #666; font-size: 7.5pt; margin: 1mm 0 3mm 0; }
table { border-collapse: collapse; width: 100%; font-size: 8.5pt; }
th { background: #eef2f6; text-align: left; padding: 2px 4px; border-bottom: 1px solid #b9c6d3; }
td { padding: 2px 4px; border-bottom: 1px solid #e4e8ec; }
.figure { break-inside: avoid; margin-bottom: 2mm; }
.chart { width: 180mm; }
.map { width: 120mm; margin: 2mm auto; text-align: center; }
.map svg { max-height: 80mm; width: auto; max-width: 120mm; }
.sources li { margin-bottom: 0.6mm; font-size: 7.5pt; }
"""


def _table(block: TableBlock) -> str:
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in block.shown.columns)
    rows = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(v))}</td>" for v in row) + "</tr>"
        for row in block.shown.itertuples(index=False)
    )
    return (
        f'<div class="figure"><h3>{html.escape(block.title)}</h3><table><thead><tr>{head}</tr></thead>'
        f'<tbody>{rows}</tbody></table><p class="source">{html.escape(block.source)}</p></div>'
    )


def render_body(brief: Brief) -> str:
    """The brief's body; static charts are inline SVG, plotly charts empty divs that render.py fills with plotly.js."""
    parts = [
        f"<h1>{html.escape(brief.title)}</h1>",
        f'<div class="subtitle">{html.escape(brief.subtitle)}</div>',
        f'<div class="meta">Atlas 4.h · données construites le {fmt_date(brief.built_at)} · vue en ligne : '
        f'<a href="{html.escape(brief.link)}">{html.escape(brief.link)}</a></div>',
    ]
    for section in brief.sections:
        css = ' class="break"' if section.page_break_before else ""
        parts.append(f"<h2{css}>{html.escape(section.title)}</h2>")
        parts.extend(f"<p>{html.escape(p)}</p>" for p in section.paragraphs)
        if section.svg:
            parts.append(f'<div class="map">{section.svg}</div>')
        for figure in section.figures:
            chart = (
                f'<div class="chart" id="chart-{figure.key}">{figure.figure}</div>'
                if isinstance(figure.figure, str)
                else f'<div class="chart" id="chart-{figure.key}" style="height:{figure.height}px"></div>'
            )
            parts.append(
                f'<div class="figure"><h3>{html.escape(figure.title)}</h3>{chart}'
                f'<p class="source">{html.escape(figure.source)}</p></div>'
            )
        parts.extend(_table(t) for t in section.tables)
    parts.append('<h2 class="break">Sources et licences</h2><ul class="sources">')
    parts.extend(f"<li>{html.escape(s)}</li>" for s in brief.sources)
    parts.append("</ul>")
    parts.append(
        "<p class='meta'>Chiffres issus de données publiques ouvertes, vérifiées et assemblées par Atlas 4.h. "
        "Les bassins de l'enquête BMO sont ventilés en zones d'emploi selon les emplois au lieu de travail "
        "(recensement 2018) ; les cellules "
        f"secrètes ne sont jamais comptées, d'où les « au moins ». Pour rouvrir cette vue : {html.escape(brief.link)}"
        "</p>"
    )
    return (
        f'<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>{html.escape(brief.title)}</title>'
        f"<style>{CSS}</style></head><body>{''.join(parts)}</body></html>"
    )
