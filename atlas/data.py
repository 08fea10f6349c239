"""Cached, read-only access to data/processed, and a plain-French status when it is missing or stale.

The app depends on the published contract, not on the pipeline's code: it was written for one
contract version (the hash of the published tables' columns and of the indicator declarations,
see contract/version.py) and refuses data built under another one. Any other change of the
pipeline (a comment, a faster step) leaves a running dashboard untouched.
"""

from __future__ import annotations

import gc
import json
import logging
import os
import threading
from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import pandas as pd
import streamlit as st

from atlas.caching import Once

PROJECT = Path(__file__).resolve().parent.parent
BUILD_COMMAND = "make data"
# The contract this app reads. When the build's declarations change (a column, a unit, an indicator),
# tests/unit/test_contract.py prints the new version: update it here once the pages use the new contract.
CONTRACT = "05aa3da6d5c0ea31"


def processed_dir() -> Path:
    return Path(os.environ.get("ATLAS_PROCESSED_DIR", PROJECT / "data" / "processed"))


class DataUnavailableError(RuntimeError):
    """data/processed cannot serve the app; the message says which command to run."""


@lru_cache(maxsize=1)
def _manifest(directory: Path) -> dict:
    path = directory / "manifest.json"
    if not path.is_file():
        raise DataUnavailableError(
            f"Les données ne sont pas encore construites. Lancez `{BUILD_COMMAND}` (ou `make run`) "
            "à la racine du projet, puis rechargez la page."
        )
    return json.loads(path.read_text())


def data_problem() -> str | None:
    """None when data/processed is complete and built by the current code; else what to do."""
    directory = processed_dir()
    try:
        manifest = _manifest(directory)
    except DataUnavailableError as error:
        return str(error)
    missing = [info["file"] for info in manifest["outputs"].values() if not (directory / info["file"]).is_file()]
    if missing:
        return f"Des tables manquent dans {directory} ({', '.join(missing[:3])}). Lancez `{BUILD_COMMAND}`."
    built = manifest.get("contract")
    if built != CONTRACT:
        return (
            "Les données publiées ne correspondent pas à cette version du tableau de bord (contrat de données "
            f"{built or 'absent'}, attendu {CONTRACT}) : une table ou un indicateur a changé. Lancez "
            f"`{BUILD_COMMAND}` pour reconstruire les données, puis rechargez la page."
        )
    warm()
    return None


@st.cache_resource(show_spinner=False)
def table(name: str) -> pd.DataFrame:
    """A published table (shared by all sessions: treat as read-only)."""
    path = processed_dir() / f"{name}.parquet"
    if not path.is_file():
        raise DataUnavailableError(f"Table {name} absente de {processed_dir()}. Lancez `{BUILD_COMMAND}`.")
    return pd.read_parquet(path)


@st.cache_resource(show_spinner=False)
def geo_table(name: str) -> gpd.GeoDataFrame:
    path = processed_dir() / f"{name}.parquet"
    if not path.is_file():
        raise DataUnavailableError(f"Table {name} absente de {processed_dir()}. Lancez `{BUILD_COMMAND}`.")
    return gpd.read_parquet(path)


@st.cache_resource(show_spinner=False)
def metadata() -> dict:
    return json.loads((processed_dir() / "metadata.json").read_text())


def manifest() -> dict:
    return _manifest(processed_dir())


# ---------------------------------------------------------------- warm-up, once per server

# Tables most pages read, loaded by the warm-up rather than by the first session that needs them.
WARM_TABLES = (
    "territory_indicators",
    "bmo_agg",
    "bmo_ze",
    "occupations",
    "fap_domains",
    "zones_emploi",
    "departements",
    "regions",
    "communes",
)
WARM_GEO_TABLES = ("zones_emploi", "departements", "regions")
_LOG = logging.getLogger(__name__)


def _warm(directory: Path | None) -> None:
    """Load the shared tables and build the indices of the read side, then freeze the garbage collector's view
    of them: a full collection's cost grows with the objects alive in the process (about 0.1-0.2 s with the
    modules and tables loaded); frozen objects (gc.freeze) are no longer traversed by Python's own full passes.
    Streamlit's full collection after every script run is off (.streamlit/config.toml, runner.postScriptGC):
    with many sessions open it walked their objects at every click."""
    from streamlit import runtime

    if not runtime.exists():  # bare mode (a script, a unit test): nothing is shared, nothing to warm
        return
    try:
        from atlas import catalogue, queries, scopes, territories

        for name in WARM_TABLES:
            table(name)
        for name in WARM_GEO_TABLES:
            geo_table(name)
        metadata()
        catalogue.warm()
        territories.warm()
        scopes.warm()
        queries.warm()
    except Exception:  # a warm-up never stops the app: what failed is computed when a page asks for it
        _LOG.exception("warm-up of the shared data failed")
    _freeze()
    # The survey's cells by département, région and occupation take a second or two and few views need them:
    # built in the background, so the first page is served first (a session needing them meanwhile waits for
    # them rather than computing them again).
    threading.Thread(target=_warm_more, name="atlas-warm", daemon=True).start()


def _warm_more() -> None:
    try:
        from atlas import queries

        queries.warm_more()
    except Exception:
        _LOG.exception("background warm-up of the shared data failed")
    _freeze()


def _freeze() -> None:
    """Collect, then move every object alive (modules, tables, indices) to the collector's permanent generation."""
    gc.collect()
    gc.freeze()


_warm_once = Once(_warm)


def warm() -> None:
    """Compute the work every session shares, once per server and data folder: the first call does it while
    any other session calling meanwhile waits for it (no stampede); later calls return at once.
    data_problem() calls it, so the router warms the app on its first run."""
    _warm_once(processed_dir())
