"""Shared fixtures: the real build in data/processed (made by `make test` before pytest runs)."""

from __future__ import annotations

from pathlib import Path

import pytest

from etl import config
from etl.registry import load_registry
from etl.step import Context

PROJECT = Path(__file__).resolve().parent.parent
SHARED_RAW = PROJECT.parent / "shared" / "data" / "raw"


@pytest.fixture(scope="session")
def processed_dir() -> Path:
    """data/processed, built from the real raw files (builds it if a developer runs pytest alone)."""
    if not (config.PROCESSED_DIR / "manifest.json").is_file():
        from etl.build import build
        from etl.fetch import fetch_all

        files = [raw for source in load_registry().values() for raw in source.files]
        _, failures = fetch_all(files, config.RAW_DIR, config.mirror_dir())
        assert not failures, failures
        build(config.RAW_DIR, config.PROCESSED_DIR, log=lambda *_: None)
    return config.PROCESSED_DIR


@pytest.fixture(scope="session")
def raw_dir(processed_dir: Path) -> Path:
    return config.RAW_DIR


@pytest.fixture
def scratch_ctx(tmp_path: Path) -> Context:
    """A build context reading raw files from tmp_path, for tests that write broken inputs."""
    return Context(raw_dir=tmp_path, registry=load_registry())
