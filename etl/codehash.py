"""Hashes of the code that shapes the published data: part of the build fingerprint.

Covers the pipeline (etl/, every subpackage) and the shared formulas it computes with (contract/),
so a change in either rebuilds. The app never reads these: it checks the contract version instead.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

CODE_DIR = Path(__file__).resolve().parent
CONTRACT_DIR = CODE_DIR.parent / "contract"


def code_hashes(code_dir: Path = CODE_DIR, contract_dir: Path = CONTRACT_DIR) -> dict[str, str]:
    root = code_dir.parent
    files = sorted(code_dir.rglob("*.py")) + sorted(contract_dir.rglob("*.py")) + [code_dir / "sources.toml"]
    return {str(f.relative_to(root)): hashlib.sha256(f.read_bytes()).hexdigest() for f in files}
