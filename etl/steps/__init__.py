"""The build steps, in order. Each step module (or package) declares:

- SOURCES: registry ids (or patterns such as 'bmo_\\d{4}') of the raw files it reads;
- READS: tables built by earlier steps that it reads;
- OUTPUTS: the tables it publishes;
- run(ctx): load inputs, process, return {table: frame}.

`check_order` proves that every table a step reads is published by an earlier step; the build
calls it before running anything, and a step that reads an undeclared table fails at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from types import ModuleType

from etl.registry import Source
from etl.steps import (
    bmo,
    census,
    commune_jobs,
    dares_age,
    departures,
    employment,
    fit,
    geography,
    outcomes,
    pyramids,
    replacement,
    tensions,
    territory_indicators,
    training,
)


@dataclass(frozen=True)
class Step:
    module: ModuleType

    @property
    def name(self) -> str:
        return self.module.__name__.rsplit(".", 1)[-1]

    @property
    def outputs(self) -> tuple[str, ...]:
        return tuple(self.module.OUTPUTS)

    @property
    def reads(self) -> tuple[str, ...]:
        return tuple(self.module.READS)

    def source_ids(self, registry: dict[str, Source]) -> list[str]:
        """Registry ids the step reads; a pattern like 'bmo_\\d{4}' picks up next year's file by itself."""
        ids: list[str] = []
        for wanted in self.module.SOURCES:
            matches = [s for s in registry if re.fullmatch(wanted, s)]
            if not matches:
                raise KeyError(f"step {self.name}: no source matches {wanted!r} in sources.toml")
            ids.extend(m for m in matches if m not in ids)
        return ids


STEPS: tuple[Step, ...] = (
    Step(geography),
    Step(commune_jobs),
    Step(bmo),
    Step(tensions),
    Step(census),
    Step(pyramids),
    Step(employment),
    Step(dares_age),
    Step(departures),
    Step(training),
    Step(outcomes),
    Step(fit),
    Step(replacement),
    Step(territory_indicators),
)


def check_order(steps: tuple[Step, ...]) -> None:
    """Every table a step reads is an output of an earlier step; each table is published once."""
    published: set[str] = set()
    for step in steps:
        missing = [name for name in step.reads if name not in published]
        if missing:
            raise RuntimeError(f"step {step.name} reads {missing}, which no earlier step publishes")
        twice = published & set(step.outputs)
        if twice:
            raise RuntimeError(f"step {step.name} publishes {sorted(twice)} again")
        published |= set(step.outputs)
