"""Exports open in French Excel: `;` separators, decimal commas, a BOM, French headers with units, rounded
values; XLSX cells keep numbers with a number format; the fast map downloads as SVG and PNG."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
from openpyxl import load_workbook

from atlas import exports
from atlas.exports import Column, csv_bytes, french_table, xlsx_bytes


def bmo_row(processed_dir: Path) -> pd.DataFrame:
    agg = pd.read_parquet(processed_dir / "bmo_agg.parquet")
    return agg[(agg["year"] == 2025) & (agg["level"] == "reg") & (agg["code"] == "84") & (agg["scope"] == "industrial")]


def test_csv_reads_back_as_french_excel_would(processed_dir: Path) -> None:
    row = bmo_row(processed_dir)
    shown, kinds = french_table(row[["code", "year", "projects", "difficult_share", "flagged"]])
    data = csv_bytes(shown, kinds)
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM
    text = data.decode("utf-8-sig")
    assert text.splitlines()[0] == (
        "Code;Année;Projets de recrutement (nombre);Part des projets jugés difficiles (%);Chiffre fragile"
    )
    back = pd.read_csv(io.BytesIO(data), sep=";", decimal=",", encoding="utf-8-sig", dtype={"Code": str})
    assert back.loc[0, "Code"] == "84"
    assert back.loc[0, "Année"] == 2025  # a year, never '2 024' nor '2025,0'
    assert back.loc[0, "Projets de recrutement (nombre)"] == round(row["projects"].iloc[0])
    share = back.loc[0, "Part des projets jugés difficiles (%)"]
    assert abs(share - 100 * row["difficult_share"].iloc[0]) < 0.006  # in percent, two decimals
    assert back.loc[0, "Chiffre fragile"] in ("oui", "non")
    values = text.splitlines()[1]
    assert "," in values and "." not in values


def test_headers_come_from_the_catalogue_and_the_data_dictionary(processed_dir: Path) -> None:
    frame = pd.DataFrame(
        {
            "bmo_projects": [1.0],
            "industrial_projects_per_100_jobs": [1.23456],
            "rural_pop_share": [0.5],
            "bassin_name": ["x"],
            "custom": [2.5],
        }
    )
    shown, kinds = french_table(frame, {"custom": Column("Mesure maison (points)", "dec")})
    assert list(shown.columns) == [
        "Projets de recrutement",
        "Projets industriels pour 100 emplois industriels",  # the unit is in the label: never doubled
        "Part de la population rurale (%)",
        "Nom du bassin",
        "Mesure maison (points)",
    ]
    assert kinds["Part de la population rurale (%)"] == "pct"
    line = csv_bytes(shown, kinds).decode("utf-8-sig").splitlines()[1]
    assert line == "1;1,23;50;x;2,5"


def test_headers_stay_unique() -> None:
    shown, _ = french_table(pd.DataFrame({"a": [1], "b": [2]}), {"a": "Valeur", "b": "Valeur"})
    assert list(shown.columns) == ["Valeur", "Valeur [b]"]


def test_xlsx_keeps_numbers_with_french_readable_formats(processed_dir: Path) -> None:
    row = bmo_row(processed_dir)
    shown, kinds = french_table(row[["code", "projects", "difficult_share", "flagged"]])
    workbook = load_workbook(io.BytesIO(xlsx_bytes({"Données": shown}, ["Source : test"], {"Données": kinds})))
    sheet = workbook["Données"]
    headers = [c.value for c in sheet[1]]
    assert headers == list(shown.columns)
    projects, share, flagged = sheet.cell(2, 2), sheet.cell(2, 3), sheet.cell(2, 4)
    assert projects.number_format == "#,##0" and isinstance(projects.value, (int, float))
    assert share.number_format == "0.0%" and abs(share.value - row["difficult_share"].iloc[0]) < 1e-4
    assert flagged.value in ("oui", "non")
    assert workbook["Sources"]["A2"].value == "Source : test"


def test_a_whole_published_table_exports(processed_dir: Path) -> None:
    """Every column of a published table gets a French header from the data dictionary."""
    import json

    tables = json.loads((processed_dir / "metadata.json").read_text())["tables"]
    spec = {c["name"]: c for c in tables["territory_indicators"]["columns"]}
    frame = pd.read_parquet(processed_dir / "territory_indicators.parquet").head(20)
    columns = {name: exports.dictionary_column(c["description"], c.get("unit"), c["dtype"]) for name, c in spec.items()}
    shown, kinds = french_table(frame, columns)
    assert not [c for c in shown.columns if "_" in c], "headers in plain French"
    back = pd.read_csv(io.BytesIO(csv_bytes(shown, kinds)), sep=";", decimal=",", encoding="utf-8-sig")
    assert len(back) == 20 and back.shape[1] == frame.shape[1]
    year = next(c for c in back.columns if c.startswith("Année"))
    assert back[year].between(2016, 2030).all()


def test_map_exports_as_svg_and_png(processed_dir: Path) -> None:
    from atlas import maps, queries, svgmap, territories
    from atlas.scopes import Scope

    table = queries.indicator_table("bmo_difficult_share", "ze", 2025, Scope("industrial"), "84", "rural")
    hidden = [c for c in territories.in_region("ze", "84").index if c not in set(table["code"])]
    svg = svgmap.svg_choropleth(
        table,
        "ze",
        value_format="pct",
        direction="higher_is_worse",
        legend_title="Part des projets jugés difficiles (%)",
        tooltips=maps.hover_texts(table, "pct", "%", separator=" · ", bold=False),
        link=lambda code: f"/territoire?code={code}",
        context=hidden,
        outline="84",
    )
    assert svg.count('class="context"') == len(hidden) > 0 and 'class="outline"' in svg
    assert "<desc>" in svg and "Valeurs les plus élevées" in svg
    assert svg.count("<rect") >= 5  # one swatch per class
    document = svgmap.standalone(svg)
    assert document.startswith("<?xml") and "<a " not in document and 'width="100%"' not in document
    png = svgmap.png_bytes(svg)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
