"""What a build step sees: registered raw files, the tables it declared it reads, a list of notes."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from etl.registry import RawFile, Source


@dataclass
class Context:
    raw_dir: Path
    registry: dict[str, Source]
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    used: dict[str, RawFile] = field(default_factory=dict)
    reads: tuple[str, ...] | None = None  # tables the running step declared (None: any, for tests)
    step: str = ""

    def path(self, source: str, name: str) -> Path:
        """Path of a registered raw file; reading an unregistered file is a programming error."""
        raw = self.registry[source].file(name)
        self.used[str(raw.relpath)] = raw
        return self.raw_dir / raw.relpath

    def table(self, name: str) -> pd.DataFrame:
        if self.reads is not None and name not in self.reads:
            raise KeyError(f"step {self.step} reads table {name!r} without declaring it in READS")
        if name not in self.tables:
            raise KeyError(f"table {name!r} is built by a later step or not at all")
        return self.tables[name]
