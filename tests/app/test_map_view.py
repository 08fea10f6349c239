"""The Carte page's pieces, memoised per choice of controls: the same figures as the indicator's table, and a
map whose outlines written once (per frame) draw exactly what a fresh drawing does."""

from __future__ import annotations

from pathlib import Path

import pytest

from atlas import caching, map_view, svgmap
from tests.app.html_tables import tables_in

pytestmark = pytest.mark.xdist_group("app")

CHOICES = [
    map_view.Choice("bmo_difficult_share", "ze", "84", 2025, "industrial", None, None, False),
    map_view.Choice("bmo_difficult_share", "ze", "84", 2025, "industrial", "rural", None, False),
    map_view.Choice("bmo_projects", "dep", "11", 2024, "all", None, None, True),
    map_view.Choice("bmo_difficult_share", "reg", "84", 2023, "D", None, 2019, False),
]


@pytest.mark.parametrize("choice", CHOICES, ids=lambda c: f"{c.indicator_id}-{c.level}-{c.typology}-{c.since}")
def test_cached_outlines_draw_the_same_map(processed_dir: Path, choice: map_view.Choice) -> None:
    caching.clear_all()
    cold, _ = map_view.fast_map(choice)
    map_view.fast_map.cache_clear()  # the map again, its outlines now taken from the cache
    warm, sentence = map_view.fast_map(choice)
    assert warm == cold and svgmap._shape_path.values
    view = map_view.data(choice)
    assert warm.count("<title>") >= len(view.table["code"]) and sentence.startswith(view.title)
    if view.hidden:  # a filter: the hidden territories grey inside the région's outline
        assert warm.count('class="context"') == len(view.hidden) and 'class="outline"' in warm


@pytest.mark.parametrize("choice", CHOICES[:3], ids=lambda c: f"{c.indicator_id}-{c.level}-{c.typology}")
def test_ranked_table_has_a_row_per_territory_with_its_link(processed_dir: Path, choice: map_view.Choice) -> None:
    view = map_view.data(choice)
    (table,) = tables_in(map_view.ranking_html(choice))
    assert len(table) == len(view.table) + 1  # the header, then a row per territory
    assert all(f"code={code}" in map_view.ranking_html(choice) for code in view.table["code"])
