"""Read the HTML tables a page draws with st.markdown (atlas.layout.light_table) back into rows of text."""

from __future__ import annotations

from html.parser import HTMLParser

from streamlit.testing.v1 import AppTest


class _Tables(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self.tables and self.tables[-1]:
            self.tables[-1][-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def tables_in(*markups: str) -> list[list[list[str]]]:
    """Every HTML table of the markup: a list of rows (header row first), each a list of cell texts."""
    parser = _Tables()
    for markup in markups:
        parser.feed(markup)
    return [table for table in parser.tables if table]


def page_tables(app: AppTest) -> list[list[list[str]]]:
    """Every HTML table of the page: a list of rows (header row first), each a list of cell texts."""
    return tables_in(*(element.value for element in app.markdown if "<table" in element.value))
