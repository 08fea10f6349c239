"""The build steps, in dependency order; each module has SOURCES, OUTPUTS and run(ctx)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from types import ModuleType

from etl import (
    bmo,
    census,
    dares_age,
    departures,
    employment,
    fit,
    geography,
    outcomes,
    pyramids,
    tensions,
    territory_indicators,
    training,
)
from etl.registry import Source


@dataclass(frozen=True)
class Step:
    module: ModuleType

    @property
    def name(self) -> str:
        return self.module.__name__.rsplit(".", 1)[-1]

    @property
    def outputs(self) -> tuple[str, ...]:
        return tuple(self.module.OUTPUTS)

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
    Step(territory_indicators),
)
