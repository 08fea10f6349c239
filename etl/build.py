"""Run the build steps and publish their tables atomically, or do nothing when nothing changed.

One build runs at a time (a lock beside data/processed). Before any step runs, the target is checked
writable with room to spare; every table is validated against its declaration in etl/schema/ before
anything is written; the tables go to a new version folder that data/processed is switched to only
when all of them are written (etl/publish.py: versions, symlink, rollback). The manifest records
inputs (sha256), outputs (rows, sha256), the build time and package versions, the contract version
(what the app checks) and a fingerprint of inputs and code that makes an unchanged rerun a no-op.
"""

from __future__ import annotations

import ctypes
import importlib
import json
import os
import signal
import sys
import time
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from datetime import UTC, datetime
from multiprocessing import get_context
from pathlib import Path

import pandas as pd

from contract.version import contract_version
from etl import indicators
from etl import publish as publishing
from etl.codehash import code_hashes
from etl.errors import InputError, PublishError
from etl.freshness import MANIFEST, fingerprint, nothing_to_do, package_versions, sha256_of, up_to_date
from etl.registry import RawFile, load_registry
from etl.schema import TABLES, Table, validate
from etl.step import Context
from etl.steps import STEPS, Step, check_order

METADATA = "metadata.json"


@dataclass
class BuildResult:
    built: bool
    message: str
    seconds: float
    outputs: dict[str, int]


def input_files(steps: tuple[Step, ...]) -> list[RawFile]:
    registry = load_registry()
    files: dict[str, RawFile] = {}
    for step in steps:
        for source_id in step.source_ids(registry):
            for raw in registry[source_id].files:
                files[str(raw.relpath)] = raw
    return [files[k] for k in sorted(files)]


def verify_inputs(files: list[RawFile], raw_dir: Path) -> dict[str, str]:
    """sha256 of every input, which must be present and equal to the registry's."""
    hashes: dict[str, str] = {}
    for raw in files:
        path = raw_dir / raw.relpath
        if not path.is_file():
            raise InputError(path, "missing from data/raw: run `python -m etl fetch` (or `make data`)")
        digest = sha256_of(path)
        if digest != raw.sha256:
            raise InputError(
                path,
                f"sha256 {digest[:12]}… differs from etl/sources.toml ({raw.sha256[:12]}…): the file is "
                "truncated or modified; run `python -m etl fetch` to restore it, or register the new edition",
            )
        hashes[str(raw.relpath)] = digest
    return hashes


WORKERS = 2  # build steps run on both cores when their inputs allow it


def _die_with_parent() -> None:
    """A worker ends with the build that started it (Linux): a killed build leaves no worker behind."""
    if not sys.platform.startswith("linux"):
        return
    parent = os.getppid()
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the build died before prctl took effect
        os._exit(1)


def run_step(module_name: str, raw_dir: Path, inputs: dict[str, pd.DataFrame]) -> tuple[dict, list[str], dict]:
    """One step in a worker process: its outputs, notes and the raw files it read."""
    step = Step(importlib.import_module(module_name))
    ctx = Context(raw_dir=raw_dir, registry=load_registry(), tables=inputs, step=step.name, reads=step.reads)
    produced = step.module.run(ctx)
    missing = set(step.outputs) - set(produced)
    if missing:
        raise RuntimeError(f"step {step.name} did not produce {sorted(missing)}")
    return {name: produced[name] for name in step.outputs}, ctx.notes, ctx.used


def run_steps(steps: tuple[Step, ...], raw_dir: Path, log=print) -> Context:
    """Run the steps, each as soon as the tables it reads exist, two at a time, and validate their
    tables; raises on the first problem. Notes and tables keep the declared step order."""
    check_order(steps)
    ctx = Context(raw_dir=raw_dir, registry=load_registry())
    notes: dict[str, list[str]] = {}
    pending = list(steps)
    running: dict[Future, tuple[Step, float]] = {}
    with ProcessPoolExecutor(max_workers=WORKERS, mp_context=get_context("fork"), initializer=_die_with_parent) as pool:
        while pending or running:
            for step in [s for s in pending if set(s.reads) <= set(ctx.tables)][: WORKERS - len(running)]:
                inputs = {name: ctx.tables[name] for name in step.reads}
                future = pool.submit(run_step, step.module.__name__, raw_dir, inputs)
                running[future] = (step, time.perf_counter())
                pending.remove(step)
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                step, started = running.pop(future)
                produced, notes[step.name], used = future.result()
                ctx.used.update(used)
                for name in step.outputs:
                    ctx.tables[name] = validate(produced[name], TABLES[name])
                log(
                    f"  {step.name}: {', '.join(f'{n} ({len(ctx.tables[n]):,})' for n in step.outputs)}"
                    f" in {time.perf_counter() - started:.1f} s"
                )
    ctx.tables = {name: ctx.tables[name] for step in steps for name in step.outputs}
    ctx.notes = [note for step in steps for note in notes[step.name]]
    return ctx


def write_table(frame: pd.DataFrame, path: Path) -> None:
    if hasattr(frame, "geometry") and "geometry" in frame.columns:
        frame.to_parquet(path, index=False, compression="zstd", schema_version="1.1.0")
    else:
        frame.to_parquet(path, index=False, compression="zstd")


def table_document(table: Table) -> dict:
    """A table's declaration as published: description, key and each column's name, type, meaning and unit."""
    return {
        "description": table.description,
        "key": list(table.key),
        "columns": [
            {"name": c.name, "dtype": c.dtype, "description": c.description, "unit": c.unit} for c in table.columns
        ],
    }


def published_contract() -> str:
    """The contract version of what this code publishes: every declared table and indicator."""
    tables = {name: table_document(table) for name, table in TABLES.items()}
    return contract_version(tables, indicators.catalogue([]))


def metadata_document(ctx: Context, built_at: str) -> dict:
    registry = ctx.registry
    used_sources = sorted({raw.source for raw in ctx.used.values()})
    sources = []
    for source_id in used_sources:
        source = registry[source_id]
        sources.append(
            {
                "id": source.id,
                "producer": source.producer,
                "licence": source.licence,
                "vintage": source.vintage,
                "page": source.page,
                "citation": source.citation,
                "licence_short": source.licence_short,
                "files": [
                    {
                        "name": f.name,
                        "sha256": f.sha256,
                        "bytes": f.bytes,
                        "copied_from": f.copied_from,
                        "official": f.official,
                        "notes": f.notes,
                    }
                    for f in source.files
                ],
            }
        )
    tables = {
        name: {**table_document(table), "rows": len(ctx.tables[name])}
        for name, table in TABLES.items()
        if name in ctx.tables
    }
    catalogue = indicators.catalogue(indicators.bmo_years(ctx.tables))
    caveats = []
    for step in STEPS:
        caveats.extend(getattr(step.module, "CAVEATS", ()))
    return {
        "built_at": built_at,
        "contract": published_contract(),
        "indicators": catalogue,
        "sources": sources,
        "tables": tables,
        "caveats": caveats,
        "notes": ctx.notes,
    }


def publish(ctx: Context, out_dir: Path, manifest: dict) -> dict[str, int]:
    """Write every table into a new version folder, then switch out_dir to it (etl/publish.py).
    The caller holds the build lock; a write that fails (disk full, permission) is one PublishError
    line naming the file, and out_dir is left as it was."""
    outputs: dict[str, dict] = {}

    def write(folder: Path) -> None:
        path = folder
        try:
            for name, frame in ctx.tables.items():
                path = folder / f"{name}.parquet"
                write_table(frame, path)
                outputs[name] = {
                    "file": path.name,
                    "rows": len(frame),
                    "bytes": path.stat().st_size,
                    "sha256": sha256_of(path),
                }
            metadata = metadata_document(ctx, manifest["built_at"])
            path = folder / METADATA
            path.write_text(json.dumps(metadata, ensure_ascii=False, indent=1, default=str))
            manifest["contract"] = metadata["contract"]
            manifest["outputs"] = outputs
            path = folder / MANIFEST
            path.write_text(json.dumps(manifest, indent=1))
        except OSError as error:
            raise PublishError.from_os(error, path, "cannot write the new version") from None

    publishing.publish_version(out_dir, write, manifest.get("fingerprint", ""))
    return {name: info["rows"] for name, info in outputs.items()}


def build(raw_dir: Path, out_dir: Path, *, force: bool = False, log=print) -> BuildResult:
    """Build and publish, one build at a time: a second one fails at once naming the first's pid."""
    started = time.perf_counter()
    with publishing.build_lock(out_dir):
        for note in publishing.cleanup(out_dir):
            log(note)
        files = input_files(STEPS)
        inputs = verify_inputs(files, raw_dir)
        versions = package_versions()
        print_hash = fingerprint(inputs, code_hashes(), versions)
        current = None if force else up_to_date(out_dir, print_hash)
        if current is not None:
            rows = {name: info["rows"] for name, info in current["outputs"].items()}
            return BuildResult(False, nothing_to_do(current, out_dir), time.perf_counter() - started, rows)
        publishing.preflight(out_dir)  # writable, with room: checked before the steps spend their time
        ctx = run_steps(STEPS, raw_dir, log)
        built_at = datetime.now(UTC).isoformat(timespec="seconds")
        manifest = {
            "built_at": built_at,
            "fingerprint": print_hash,
            "inputs": {path: {"sha256": digest} for path, digest in inputs.items()},
            "code": code_hashes(),
            "versions": versions,
            "notes": ctx.notes,
        }
        rows = publish(ctx, out_dir, manifest)
    seconds = time.perf_counter() - started
    return BuildResult(True, f"Built {len(rows)} tables in {out_dir} in {seconds:.1f} s", seconds, rows)
