"""Every indicator declaration is complete and consistent with the tables it lives in, and every
indicator id a page names exists (walks the declarations, needs no data)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from etl import indicators
from etl.indicators import CATALOGUE, DIRECTIONS, FAMILIES, FORMATS, Indicator
from etl.registry import load_registry
from etl.schema import TABLES

PROJECT = Path(__file__).resolve().parents[2]
ID_LISTS = {"MEASURES", "CAPACITY_MEASURES", "PRESSURE", "INDICATORS"}  # module constants that hold indicator ids
ID_CALLS = {"get", "label", "indicator_table"}  # catalogue.get("id"), catalogue.label("id"), queries.indicator_table(…)


def columns_of(indicator: Indicator) -> dict:
    return {c.name: c for c in TABLES[indicator.table].columns}


@pytest.mark.parametrize("indicator", CATALOGUE, ids=lambda i: i.id)
def test_declaration_is_complete(indicator: Indicator) -> None:
    assert indicator.label and indicator.unit and indicator.definition and indicator.vintage
    assert indicator.direction in DIRECTIONS
    assert indicator.format in FORMATS
    assert indicator.family in FAMILIES
    assert set(indicator.levels) <= {"ze", "dep", "reg", "fr"}


@pytest.mark.parametrize("indicator", CATALOGUE, ids=lambda i: i.id)
def test_column_is_declared_in_its_table_with_the_same_unit(indicator: Indicator) -> None:
    columns = columns_of(indicator)
    assert indicator.column in columns, f"{indicator.table} has no column {indicator.column}"
    column = columns[indicator.column]
    assert column.unit == indicator.unit
    assert column.dtype in ("float64", "Int64")
    if indicator.format == "pct":
        low = None if indicator.signed else 0  # a signed share (a surplus) may be negative, never above 1
        assert (column.min, column.max) == (low, 1), "a share is stored as a part between 0 and 1"


@pytest.mark.parametrize("indicator", [i for i in CATALOGUE if i.ratio], ids=lambda i: i.id)
def test_ratio_terms_exist_beside_the_ratio(indicator: Indicator) -> None:
    columns = columns_of(indicator)
    assert indicator.ratio.column == indicator.column
    assert indicator.ratio.numerator in columns and indicator.ratio.denominator in columns
    assert indicator.ratio.scale > 0


@pytest.mark.parametrize("indicator", CATALOGUE, ids=lambda i: i.id)
def test_secret_cells_vintage_columns_and_sources_exist(indicator: Indicator) -> None:
    columns = columns_of(indicator)
    assert set(indicator.secret_cells) <= set(columns)
    assert set(indicator.vintage_columns) <= set(columns)
    registry = load_registry()
    for source in indicator.sources:
        pattern = source.replace("{year}", r"\d{4}")
        assert any(re.fullmatch(pattern, known) for known in registry), f"unknown source {source}"
    if indicator.by_scope or indicator.table.startswith("bmo"):
        assert indicator.secret_cells, "a figure from BMO cells says which secret cells it rests on"
    if indicator.secret_cells:
        assert indicator.caveat_column in columns, "a figure resting on survey cells says when it is fragile"


def test_ids_are_unique_and_territory_ratios_are_all_computed_from_declarations() -> None:
    assert len({i.id for i in CATALOGUE}) == len(CATALOGUE)
    computed = {i.column for i in indicators.ratios_of("territory_indicators")}
    declared = {c.name for c in TABLES["territory_indicators"].columns}
    assert computed <= declared
    published = {r["id"]: r for r in indicators.catalogue([2024, 2025])}
    assert published["bmo_projects"]["sources"] == ["bmo_2024", "bmo_2025"]
    assert published["bmo_projects"]["vintage"] == "Enquête BMO 2024-2025"
    assert published["contracts_per_1000_jobs"]["scale"] == 1000


def ids_named_by_the_app() -> list[tuple[str, str]]:
    """(file, id) for every indicator id written in the app: id lists and catalogue look-ups."""
    found = []
    for path in [*(PROJECT / "atlas").rglob("*.py"), *(PROJECT / "app_pages").glob("*.py")]:
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            strings: list[ast.AST] = []
            if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id in ID_LISTS for t in node.targets):
                strings = [node.value, *getattr(node.value, "elts", [])]
            elif (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.args
                and node.func.attr in ID_CALLS
                and getattr(node.func.value, "id", "") in ("catalogue", "queries")
            ):
                strings = [node.args[0]]
            rel = path.relative_to(PROJECT).as_posix()
            found += [(rel, s.value) for s in strings if isinstance(s, ast.Constant) and isinstance(s.value, str)]
    return found


def test_the_app_names_indicators() -> None:
    assert len(ids_named_by_the_app()) >= 15  # the scan itself must keep finding the pages' ids


@pytest.mark.parametrize(("path", "ident"), ids_named_by_the_app(), ids=str)
def test_every_id_a_page_uses_is_declared(path: str, ident: str) -> None:
    assert ident in indicators.BY_ID, f"{path} names indicator {ident!r}, which is not declared"
