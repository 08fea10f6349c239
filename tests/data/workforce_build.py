"""The workforce steps run once per test process on the real raw files (independent of the shared registry)."""

from __future__ import annotations

import functools
from pathlib import Path

import pandas as pd

from etl.steps import bmo, census, commune_jobs, dares_age, departures, employment, geography, pyramids
from etl.build import run_steps
from etl.steps import Step

WORKFORCE_STEPS = (geography, commune_jobs, bmo, census, pyramids, employment, dares_age, departures)


@functools.cache
def workforce_tables(raw_dir: Path) -> dict[str, pd.DataFrame]:
    """Every table of the geography, BMO and workforce steps, validated against their schemas."""
    ctx = run_steps(tuple(Step(m) for m in WORKFORCE_STEPS), raw_dir, log=lambda *_: None)
    return ctx.tables
