"""Is the published build current? Answered without importing the steps (pandas, geopandas), so an
unchanged rerun of `python -m etl build` returns at once.

The fingerprint of a build covers its inputs (sha256), the pipeline's code and the package versions;
the manifest records it with the inputs it read, so a rerun re-hashes those files and compares.
data/processed is a symlink to the published version (etl/publish.py): it is resolved once, so the
manifest and the files it lists are read from the same version even if a build switches the link.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
from importlib import metadata as importlib_metadata
from pathlib import Path

from etl.codehash import code_hashes

MANIFEST = "manifest.json"
PACKAGES = ("pandas", "pyarrow", "geopandas", "shapely", "pyogrio", "python-calamine", "numpy")
CHUNK = 1 << 20


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def package_versions() -> dict[str, str]:
    versions = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            versions[name] = importlib_metadata.version(name)
        except importlib_metadata.PackageNotFoundError:
            versions[name] = "absent"
    return versions


def fingerprint(inputs: dict[str, str], code: dict[str, str], versions: dict[str, str]) -> str:
    payload = json.dumps({"inputs": inputs, "code": code, "versions": versions}, sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()


def read_manifest(out_dir: Path) -> dict | None:
    path = out_dir / MANIFEST
    if not path.is_file():
        return None
    try:
        manifest = json.loads(path.read_text())
    except (OSError, ValueError):  # unreadable or not JSON: build again
        return None
    return manifest if isinstance(manifest, dict) else None


def up_to_date(out_dir: Path, print_hash: str) -> dict | None:
    """The current manifest if it records this fingerprint and its outputs are all there."""
    root = Path(os.path.realpath(out_dir))
    manifest = read_manifest(root)
    if manifest is None or manifest.get("fingerprint") != print_hash:
        return None
    try:
        for info in manifest.get("outputs", {}).values():
            path = root / info["file"]
            if not path.is_file() or path.stat().st_size != info["bytes"]:
                return None
    except (KeyError, TypeError, AttributeError, OSError):  # a manifest of another shape: build again
        return None
    return manifest


def unchanged_build(raw_dir: Path, out_dir: Path) -> dict | None:
    """The manifest of the published build when its recorded inputs, the code and the packages are
    all unchanged; None when anything differs (then the full build decides what to do)."""
    manifest = read_manifest(Path(os.path.realpath(out_dir)))
    if manifest is None:
        return None
    inputs = {}
    for relpath in manifest.get("inputs", {}):
        path = raw_dir / relpath
        if not path.is_file():
            return None
        inputs[relpath] = sha256_of(path)
    return up_to_date(out_dir, fingerprint(inputs, code_hashes(), package_versions()))


def nothing_to_do(manifest: dict, out_dir: Path) -> str:
    return (
        f"Nothing to do: inputs and code unchanged since the build of {manifest['built_at']}"
        f" ({len(manifest['outputs'])} tables in {out_dir})"
    )
