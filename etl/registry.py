"""The registry of raw inputs (sources.toml): what each file is and how to check it."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from etl.config import SOURCES_TOML
from etl.errors import AtlasError


class RegistryError(AtlasError):
    """etl/sources.toml cannot be read: names the source and the field."""


@dataclass(frozen=True)
class RawFile:
    source: str
    name: str
    sha256: str
    bytes: int
    urls: tuple[str, ...]
    copied_from: str
    producer: str
    licence: str
    vintage: str
    notes: str = ""
    official: str = ""

    @property
    def relpath(self) -> Path:
        """Path under data/raw (and under the mirror): <source>/<file>."""
        return Path(self.source) / self.name


@dataclass(frozen=True)
class Source:
    id: str
    producer: str
    licence: str
    vintage: str
    page: str
    files: tuple[RawFile, ...] = field(default_factory=tuple)
    citation: str = ""  # short French citation shown under charts
    licence_short: str = ""

    def file(self, name: str) -> RawFile:
        for raw in self.files:
            if raw.name == name:
                return raw
        raise KeyError(f"source {self.id!r} has no file {name!r} in sources.toml")


@cache
def load_registry(path: Path = SOURCES_TOML) -> dict[str, Source]:
    """Parse sources.toml into Source objects keyed by id, checking required fields."""
    try:
        with open(path, "rb") as handle:
            document = tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise RegistryError(f"{path.name}: not valid TOML ({error})") from None
    sources: dict[str, Source] = {}
    for position, entry in enumerate(document.get("source", []), start=1):
        try:
            source = _source(entry)
        except KeyError as missing:
            where = f"source {entry.get('id', f'n° {position}')!r}"
            raise RegistryError(f"{path.name}, {where}: missing field {missing.args[0]!r}") from None
        if source.id in sources:
            raise RegistryError(f"{path.name}: source {source.id!r} is listed twice")
        sources[source.id] = source
    return sources


def _source(entry: dict) -> Source:
    """One [[source]] table; a missing required field raises KeyError naming it."""
    files = tuple(
        RawFile(
            source=entry["id"],
            name=item["name"],
            sha256=item["sha256"].lower(),
            bytes=int(item["bytes"]),
            urls=tuple(item.get("urls", [])),
            copied_from=item.get("copied_from", ""),
            producer=item.get("producer", entry["producer"]),
            licence=item.get("licence", entry["licence"]),
            vintage=item.get("vintage", entry["vintage"]),
            notes=item.get("notes", ""),
            official=item.get("official", ""),
        )
        for item in entry.get("files", [])
    )
    return Source(
        id=entry["id"],
        producer=entry["producer"],
        licence=entry["licence"],
        vintage=entry["vintage"],
        page=entry.get("page", ""),
        files=files,
        citation=entry.get("citation", entry["producer"]),
        licence_short=entry.get("licence_short", entry["licence"]),
    )


def select(source_ids: list[str] | None = None) -> list[Source]:
    """The sources named (all when none is named); unknown ids are an error."""
    registry = load_registry()
    if not source_ids:
        return list(registry.values())
    unknown = [s for s in source_ids if s not in registry]
    if unknown:
        raise KeyError(f"unknown source(s): {', '.join(unknown)}; known: {', '.join(registry)}")
    return [registry[s] for s in source_ids]
