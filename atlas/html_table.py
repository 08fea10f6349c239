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

MARKED = ' class="mark"'


def html_table(
    frame: pd.DataFrame,
    *,
    numeric: Sequence[str] = (),
    links: dict[str, pd.Series] | None = None,
    marked: pd.Series | None = None,
    max_height: int = 520,
    caption: str | None = None,
) -> str:
    """frame's values as text (already formatted); links maps a column to hrefs for its cells.

    Built column by column from plain lists: a page draws several tables at each rerun, and pandas' row
    iteration cost more than the rest of the page's script."""
    links = links or {}
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
    columns = []
    for position, column in enumerate(frame.columns):
        texts = [html.escape(_text(value)) for value in frame.iloc[:, position].tolist()]
        if column in links:
            hrefs = [html.escape(str(href)) for href in links[column].tolist()]
            texts = [f'<a href="{href}" target="_self">{text}</a>' for href, text in zip(hrefs, texts, strict=True)]
        opening = '<td class="num">' if column in numeric else "<td>"
        columns.append([f"{opening}{text}</td>" for text in texts])
    marks = marked.tolist() if marked is not None else [False] * len(frame)
    cells_by_row = zip(*columns, strict=True) if columns else [()] * len(frame)
    rows = [
        f"<tr{MARKED if bool(mark) else ''}>{''.join(cells)}</tr>"
        for mark, cells in zip(marks, cells_by_row, strict=True)
    ]
    title = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    return (
        STYLE.replace("MAXHEIGHT", str(max_height))
        + f'<div class="atlas-scroll"><table class="atlas-table">{title}<thead><tr>{head}</tr></thead>'
        + f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


def _text(value: object) -> str:
    """A cell's text: blank for a missing value (None, NaN, NA, NaT)."""
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)
