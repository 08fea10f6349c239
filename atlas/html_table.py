"""Light HTML tables: drawn at once by the browser (no data-grid library), with links and a scrollbar."""

from __future__ import annotations

import html
from collections.abc import Sequence

import pandas as pd

STYLE = (
    "<style>.atlas-table{border-collapse:collapse;width:100%;font-size:0.85rem}"
    ".atlas-table th{position:sticky;top:0;background:#f0f2f6;text-align:left;padding:4px 6px;"
    "border-bottom:1px solid #ccc}.atlas-table td{padding:3px 6px;border-bottom:1px solid #eee}"
    ".atlas-table td.num{text-align:right;white-space:nowrap}.atlas-table tr.mark td{background:#fff3cd}"
    ".atlas-scroll{max-height:MAXHEIGHTpx;overflow-y:auto;border:1px solid #e6e6e6;border-radius:6px}</style>"
)


def html_table(
    frame: pd.DataFrame,
    *,
    numeric: Sequence[str] = (),
    links: dict[str, pd.Series] | None = None,
    marked: pd.Series | None = None,
    max_height: int = 520,
    caption: str | None = None,
) -> str:
    """frame's values as text (already formatted); links maps a column to hrefs for its cells."""
    links = links or {}
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
    rows = []
    for position, (_, row) in enumerate(frame.iterrows()):
        cells = []
        for column in frame.columns:
            text = html.escape("" if pd.isna(row[column]) else str(row[column]))
            if column in links:
                href = html.escape(str(links[column].iloc[position]))
                text = f'<a href="{href}" target="_self">{text}</a>'
            css = ' class="num"' if column in numeric else ""
            cells.append(f"<td{css}>{text}</td>")
        mark = ' class="mark"' if marked is not None and bool(marked.iloc[position]) else ""
        rows.append(f"<tr{mark}>{''.join(cells)}</tr>")
    title = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    return (
        STYLE.replace("MAXHEIGHT", str(max_height))
        + f'<div class="atlas-scroll"><table class="atlas-table">{title}<thead><tr>{head}</tr></thead>'
        + f"<tbody>{''.join(rows)}</tbody></table></div>"
    )
