"""The agreement between the build and the app: shared formulas, one place for each constant,
an app that imports nothing from the pipeline, and a contract version both sides agree on."""

from __future__ import annotations

import ast
import json
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from atlas import data
from contract.domain import INDUSTRIAL_DOMAINS
from contract.formulas import BMO_SHARES, Ratio, bmo_additive_columns, ratio, with_bmo_shares
from etl.build import published_contract

PROJECT = Path(__file__).resolve().parents[2]
APP_FILES = [
    PROJECT / "dashboard.py",
    *sorted((PROJECT / "atlas").rglob("*.py")),
    *sorted((PROJECT / "app_pages").glob("*.py")),
]
CODE_FILES = [*APP_FILES, *sorted((PROJECT / "etl").rglob("*.py")), *sorted((PROJECT / "contract").rglob("*.py"))]


def imported_modules(path: Path) -> set[str]:
    modules = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            modules |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            modules.add(node.module)
    return modules


@pytest.mark.parametrize("path", APP_FILES, ids=lambda p: str(p.relative_to(PROJECT)))
def test_the_app_imports_nothing_from_the_pipeline(path: Path) -> None:
    pipeline = sorted(m for m in imported_modules(path) if m == "etl" or m.startswith("etl."))
    assert not pipeline, f"{path.relative_to(PROJECT)} imports {pipeline}: read the published data instead"


def test_contract_imports_neither_side() -> None:
    for path in (PROJECT / "contract").rglob("*.py"):
        sides = [m for m in imported_modules(path) if m.split(".")[0] in ("etl", "atlas")]
        assert not sides, f"{path.name} imports {sides}"


def test_industrial_domains_are_declared_once() -> None:
    literal = '("C", "D", "E", "F", "G", "H")'
    places = [p.relative_to(PROJECT).as_posix() for p in CODE_FILES if literal in p.read_text()]
    assert places == ["contract/domain.py"]
    assert tuple("CDEFGH") == INDUSTRIAL_DOMAINS


def test_ratio_is_missing_when_the_denominator_is_zero_or_missing() -> None:
    out = ratio(pd.Series([10, 0, 5, 3]), pd.Series([40.0, 0.0, 0.0, np.nan]), 100)
    assert out[0] == 25
    assert out[1:].isna().all()
    assert Ratio("r", "a", "b", 1000).compute(pd.DataFrame({"a": [3.0], "b": [1500.0]}))[0] == 2


def test_bmo_shares_count_secret_cells_as_zero_and_carry_bounds() -> None:
    cells = pd.DataFrame(
        {
            "projects": [100.0, 50.0, np.nan],
            "difficult": [60.0, np.nan, np.nan],
            "seasonal": [10.0, 5.0, np.nan],
            "projects_high": [100.0, 50.0, 4.0],
            "difficult_high": [60.0, 4.0, 4.0],
            "seasonal_high": [10.0, 5.0, 4.0],
            "projects_secret": [False, False, True],
            "difficult_secret": [False, True, True],
            "seasonal_secret": [False, False, True],
        }
    )
    totals = with_bmo_shares(bmo_additive_columns(cells).sum().to_frame().T)
    assert totals.loc[0, "difficult_share"] == pytest.approx(60 / 150)
    assert totals.loc[0, "difficult_share_low"] == pytest.approx(60 / 154)
    assert totals.loc[0, "difficult_share_high"] == pytest.approx(68 / 154)
    assert totals.loc[0, "seasonal_share"] == pytest.approx(15 / 150)
    assert [share.column for share in BMO_SHARES][:2] == ["difficult_share", "seasonal_share"]


def test_the_app_expects_the_contract_this_pipeline_publishes() -> None:
    version = published_contract()
    assert version == data.CONTRACT, (
        f"the published tables or indicators changed (contract {version}, the app expects {data.CONTRACT}): "
        f"check the pages against the new declarations, then set CONTRACT = {version!r} in atlas/data.py"
    )


@pytest.fixture
def published_copy(processed_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the manifest beside links to the published tables, served to the app's data guard."""
    copy = tmp_path / "processed"
    copy.mkdir()
    for path in processed_dir.iterdir():
        if path.name != "manifest.json":
            (copy / path.name).symlink_to(path)
    shutil.copy(processed_dir / "manifest.json", copy / "manifest.json")
    monkeypatch.setenv("ATLAS_PROCESSED_DIR", str(copy))
    data._manifest.cache_clear()
    yield copy
    data._manifest.cache_clear()


def edit_manifest(directory: Path, change) -> None:
    manifest = json.loads((directory / "manifest.json").read_text())
    change(manifest)
    (directory / "manifest.json").write_text(json.dumps(manifest))


def test_a_change_of_pipeline_code_alone_keeps_the_dashboard_serving(published_copy: Path) -> None:
    assert data.data_problem() is None
    edit_manifest(published_copy, lambda m: m["code"].update({"etl/fetch.py": "0" * 64}))
    data._manifest.cache_clear()
    assert data.data_problem() is None


def test_data_built_under_another_contract_is_refused_in_french(published_copy: Path) -> None:
    edit_manifest(published_copy, lambda m: m.update(contract="0123456789abcdef"))
    data._manifest.cache_clear()
    problem = data.data_problem()
    assert problem is not None
    assert "make data" in problem and "contrat de données 0123456789abcdef" in problem
