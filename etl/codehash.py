"""Hashes of the pipeline's own code: part of the build fingerprint, and how the app spots stale data."""

from __future__ import annotations

import hashlib
from pathlib import Path

CODE_DIR = Path(__file__).resolve().parent


def code_hashes(code_dir: Path = CODE_DIR) -> dict[str, str]:
    files = sorted(code_dir.glob("*.py")) + [code_dir / "sources.toml"]
    return {f.name: hashlib.sha256(f.read_bytes()).hexdigest() for f in files}
