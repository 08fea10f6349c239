"""Where things live: project folders and the optional raw-data mirror."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
RAW_DIR = Path(os.environ.get("ATLAS_RAW_DIR", PROJECT_ROOT / "data" / "raw"))
PROCESSED_DIR = Path(os.environ.get("ATLAS_PROCESSED_DIR", PROJECT_ROOT / "data" / "processed"))
# Parsed copies of slow raw workbooks, keyed by their sha256: rebuilding never re-reads an unchanged file.
CACHE_DIR = Path(os.environ.get("ATLAS_CACHE_DIR", PROJECT_ROOT / "data" / "cache"))
SOURCES_TOML = Path(__file__).resolve().parent / "sources.toml"
DEFAULT_MIRROR = PROJECT_ROOT.parent / "shared" / "data" / "raw"


def mirror_dir() -> Path | None:
    """The local mirror of raw files: $ATLAS_RAW_MIRROR, else ../shared/data/raw if present.

    An empty ATLAS_RAW_MIRROR disables the mirror (download only).
    """
    configured = os.environ.get("ATLAS_RAW_MIRROR")
    if configured is not None:
        return Path(configured) if configured.strip() else None
    return DEFAULT_MIRROR if DEFAULT_MIRROR.is_dir() else None
