"""The build publishes all tables or none, and an unchanged rerun does nothing; a build killed at any
moment leaves the published data readable (etl check, the app) and the next run cleans up."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from etl import publish
from etl.build import build
from etl.errors import ValidationError
from etl.steps import bmo
from tests.unit.test_publish import snapshot

PROJECT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("build")]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, raw_dir: Path) -> Path:
    out = tmp_path_factory.mktemp("build") / "processed"
    result = build(raw_dir, out, log=lambda *_: None)
    assert result.built
    return out


def test_unchanged_rerun_does_nothing(built: Path, raw_dir: Path) -> None:
    before = (built / "manifest.json").read_text()
    result = build(raw_dir, built, log=lambda *_: None)
    assert not result.built
    assert result.message.startswith("Nothing to do: inputs and code unchanged")
    assert (built / "manifest.json").read_text() == before


def test_manifest_records_inputs_outputs_and_versions(built: Path) -> None:
    manifest = json.loads((built / "manifest.json").read_text())
    assert "bmo_2025/Base_open_data_BMO_2025.xlsx" in manifest["inputs"]
    assert manifest["outputs"]["zones_emploi"]["rows"] == 306
    assert {"python", "pandas", "pyarrow"} <= set(manifest["versions"])
    assert manifest["built_at"] and manifest["fingerprint"]


def test_failed_validation_leaves_previous_build_intact(
    built: Path, raw_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = snapshot(built)
    around = sorted(p.name for p in built.parent.iterdir())
    original = bmo.run

    def broken(ctx):  # a transform bug: a negative count slips through
        tables = original(ctx)
        tables["bmo"] = tables["bmo"].assign(projects=tables["bmo"]["projects"] * -1)
        return tables

    monkeypatch.setattr(bmo, "run", broken)
    with pytest.raises(ValidationError, match=r"table 'bmo', column 'projects': values below 0"):
        build(raw_dir, built, force=True, log=lambda *_: None)
    assert snapshot(built) == before
    assert (
        sorted(p.name for p in built.parent.iterdir())
        == around
        == [".processed.lock", "processed", "processed.versions"]
    )
    assert not publish.needs_cleanup(built)  # no temporary folder left


def test_cli_reports_a_corrupted_input_in_one_line(tmp_path: Path, raw_dir: Path) -> None:
    raw = tmp_path / "raw"
    shutil.copytree(raw_dir, raw, copy_function=os.symlink)
    target = raw / "bmo_2024" / "Base_open_data_BMO_2024.xlsx"
    data = target.read_bytes()
    target.unlink()
    target.write_bytes(data[: len(data) // 3])
    env = {**os.environ, "ATLAS_RAW_DIR": str(raw), "ATLAS_PROCESSED_DIR": str(tmp_path / "processed")}
    done = subprocess.run(
        [sys.executable, "-m", "etl", "build"], check=False, cwd=PROJECT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("error: Base_open_data_BMO_2024.xlsx: sha256 ")
    assert "truncated or modified" in lines[0]
    assert not (tmp_path / "processed").exists()


def test_published_tables_read_back_with_their_types(built: Path) -> None:
    communes = pd.read_parquet(built / "communes.parquet")
    assert communes["commune"].str.fullmatch(r"\d{5}|2[AB]\d{3}").all()
    assert str(communes["population"].dtype) == "Int64"


def test_an_unchanged_rerun_is_answered_without_loading_the_steps(built: Path, raw_dir: Path, tmp_path: Path) -> None:
    from etl.freshness import unchanged_build

    assert unchanged_build(raw_dir, built) is not None
    copy = tmp_path / "processed"
    shutil.copytree(built, copy)
    manifest = json.loads((copy / "manifest.json").read_text())
    manifest["fingerprint"] = "0" * 64
    (copy / "manifest.json").write_text(json.dumps(manifest))
    assert unchanged_build(raw_dir, copy) is None  # another fingerprint: build again
    light = subprocess.run(
        [sys.executable, "-c", "import etl.freshness, sys; print('pandas' in sys.modules)"],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert light.stdout.strip() == "False"  # the no-op path does not import pandas


def etl(*args: str, out: Path, raw: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ATLAS_RAW_DIR": str(raw), "ATLAS_PROCESSED_DIR": str(out)}
    return subprocess.run(
        [sys.executable, "-m", "etl", *args], check=False, cwd=PROJECT, env=env, capture_output=True, text=True
    )


def test_published_build_is_a_symlink_that_check_and_the_app_read(built: Path, raw_dir: Path) -> None:
    assert built.is_symlink() and publish.current_version(built) is not None
    done = etl("check", out=built, raw=raw_dir)
    assert done.returncode == 0, done.stderr
    assert f"publish: {built} -> processed.versions/" in done.stdout
    assert done.stdout.strip().endswith(f"check: {built} is complete and valid")


def test_a_build_killed_at_a_random_moment_leaves_the_published_data_readable(
    built: Path, raw_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed = random.randrange(1 << 30)
    delay = random.Random(seed).uniform(0.5, 14.0)  # a full rebuild takes about 12 s: steps, writing, switch
    before = snapshot(built)
    env = {**os.environ, "ATLAS_RAW_DIR": str(raw_dir), "ATLAS_PROCESSED_DIR": str(built)}
    run = subprocess.Popen(
        [sys.executable, "-m", "etl", "build", "--force"],
        cwd=PROJECT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    time.sleep(delay)
    run.send_signal(signal.SIGKILL)  # the build process only: its workers end with it (PR_SET_PDEATHSIG)
    run.wait(timeout=60)
    where = f"seed {seed}, killed after {delay:.1f} s"
    assert built.is_dir(), where
    after = snapshot(built)
    if after != before:  # killed after the switch: the new build, whole
        assert set(after) == set(before), where
    done = etl("check", out=built, raw=raw_dir)
    assert done.returncode == 0, (where, done.stderr)

    from atlas import data

    monkeypatch.setenv("ATLAS_PROCESSED_DIR", str(built))
    data.table.clear()
    try:
        assert len(data.table("zones_emploi")) == 306
    finally:
        data.table.clear()

    done = etl("build", out=built, raw=raw_dir)  # unchanged: answered at once, and tidies what the kill left
    assert done.returncode == 0, (where, done.stdout, done.stderr)
    assert "Nothing to do" in done.stdout or "Built 32 tables" in done.stdout  # (if the code was edited meanwhile)
    assert not publish.needs_cleanup(built), where
    assert sorted(p.name for p in built.parent.iterdir()) == [".processed.lock", "processed", "processed.versions"]
    versions = [p for p in (built.parent / "processed.versions").iterdir() if p.name != ".gitignore"]
    assert 1 <= len(versions) <= 2 and all(publish.is_complete(v) for v in versions), where
