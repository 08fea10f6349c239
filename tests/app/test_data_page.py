"""Données: every published table is listed with its dictionary and downloads as CSV, XLSX or Parquet."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.app.conftest import open_app, query

pytestmark = pytest.mark.xdist_group("app")


def downloads(app) -> dict[str, bool]:
    """Label -> disabled, for the page's download buttons."""
    return {b.proto.label: b.proto.disabled for b in app.get("download_button")}


def test_every_published_table_is_listed_with_its_dictionary(processed_dir: Path) -> None:
    tables = json.loads((processed_dir / "metadata.json").read_text())["tables"]
    app = open_app("app_pages/data.py")
    assert app.title[0].value == "Données"
    listing = next(m.value for m in app.markdown if "atlas-table" in m.value and "Contenu" in m.value)
    assert all(f">{name}</a>" in listing for name in tables)
    dictionary = next(m.value for m in app.markdown if "En-tête CSV et XLSX" in m.value)
    for column in tables["territory_indicators"]["columns"]:
        assert f"<td>{column['name']}</td>" in dictionary
    assert "Part des projets industriels jugés difficiles (%)" in dictionary
    assert downloads(app) == {"CSV": False, "XLSX": False, "Parquet": False}


def test_a_table_opens_from_its_link_and_big_tables_skip_the_workbook() -> None:
    app = open_app("app_pages/data.py", table="bmo_agg")
    assert app.header[0].value == "bmo_agg" and query(app)["table"] == "bmo_agg"
    app.selectbox(key="url:table").select("bmo_ze").run()
    assert query(app)["table"] == "bmo_ze"
    assert downloads(app) == {"CSV": False, "XLSX": True, "Parquet": False}
    app.selectbox(key="url:table").select("zones_emploi").run()
    assert any("Parquet (GeoParquet)" in c.value for c in app.caption)  # contours: Parquet only
