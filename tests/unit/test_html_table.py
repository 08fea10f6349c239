"""Light HTML tables: every cell escaped, blanks for missing values, links and marked rows where asked."""

from __future__ import annotations

import numpy as np
import pandas as pd

from atlas.html_table import html_table


def rows(markup: str) -> list[str]:
    body = markup.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [row for row in body.split("</tr>") if row]


def test_cells_are_escaped_and_missing_values_blank() -> None:
    frame = pd.DataFrame({"Territoire": ["<b>Lyon</b>", None], "Valeur": [np.nan, "56,8 %"], "Rang": [pd.NA, 2]})
    markup = html_table(frame, numeric=("Valeur",))
    first, second = rows(markup)
    assert "&lt;b&gt;Lyon&lt;/b&gt;" in first and "<b>" not in first
    assert first.count("<td") == 3 and '<td class="num"></td>' in first and first.endswith("<td></td>")
    assert second == '<tr><td></td><td class="num">56,8 %</td><td>2</td>'
    assert "<th>Territoire</th><th>Valeur</th><th>Rang</th>" in markup


def test_links_and_marked_rows_follow_the_rows_order() -> None:
    frame = pd.DataFrame({"Zone": ["Oyonnax", "Lyon"], "Part": ["40,7 %", "11,0 %"]}, index=[7, 3])
    links = {"Zone": pd.Series(["/territoire?code=8425&reg=84", "/territoire?code=8421"], index=[7, 3])}
    markup = html_table(frame, links=links, marked=pd.Series([False, True], index=[7, 3]), caption="Zones")
    first, second = rows(markup)
    assert first.startswith('<tr><td><a href="/territoire?code=8425&amp;reg=84" target="_self">Oyonnax</a>')
    assert second.startswith('<tr class="mark"><td><a href="/territoire?code=8421"')
    assert "<caption>Zones</caption>" in markup


def test_an_empty_frame_keeps_its_header() -> None:
    markup = html_table(pd.DataFrame({"A": [], "B": []}))
    assert "<th>A</th><th>B</th>" in markup and "<tbody></tbody>" in markup
