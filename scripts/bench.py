"""`make bench`: speed and memory of the pipeline (and, once the server is up, of the pages).

Targets come from the issues; each figure is measured on this machine and printed beside its
target. Results are also written to artifacts/bench.json for the closing notes.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))
ARTIFACTS = PROJECT / "artifacts"


@dataclass
class Figure:
    name: str
    value: float
    unit: str
    target: float | None = None  # upper bound

    @property
    def verdict(self) -> str:
        if self.target is None:
            return ""
        return "ok" if self.value <= self.target else "MISSED"


def timed_child(args: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    """Wall seconds, peak resident memory (MB) and exit code of one child process."""
    started = time.perf_counter()
    process = subprocess.Popen(args, cwd=PROJECT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    if process.returncode != 0:
        sys.stderr.write(process.stderr.read().decode())
    return seconds, usage.ru_maxrss / 1024, process.returncode


def bench_pipeline() -> list[Figure]:
    """Fresh fetch from the mirror and full build into temporary folders, then a no-op rebuild."""
    with tempfile.TemporaryDirectory(prefix="atlas-bench-") as tmp:
        env = {**os.environ, "ATLAS_RAW_DIR": f"{tmp}/raw", "ATLAS_PROCESSED_DIR": f"{tmp}/processed"}
        fetch_s, fetch_mb, code1 = timed_child([sys.executable, "-m", "etl", "fetch"], env)
        build_s, build_mb, code2 = timed_child([sys.executable, "-m", "etl", "build"], env)
        noop_s, _, code3 = timed_child([sys.executable, "-m", "etl", "build"], env)
        if code1 or code2 or code3:
            raise SystemExit("bench: the pipeline failed")
    return [
        Figure("fetch from mirror (wall)", fetch_s, "s"),
        Figure("build (wall)", build_s, "s"),
        Figure("fetch + build (wall)", fetch_s + build_s, "s", 30.0),
        Figure("fetch + build (peak memory)", max(fetch_mb, build_mb), "MB", 2048.0),
        Figure("no-op rebuild (wall)", noop_s, "s", 3.0),
    ]


def report(figures: list[Figure]) -> None:
    width = max(len(f.name) for f in figures)
    for figure in figures:
        target = f"target <= {figure.target:g} {figure.unit}" if figure.target is not None else ""
        print(f"{figure.name:<{width}}  {figure.value:>9.2f} {figure.unit:<3} {target:<22} {figure.verdict}")
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "bench.json").write_text(json.dumps([asdict(f) for f in figures], indent=1))


def main() -> int:
    figures = bench_pipeline()
    report(figures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
