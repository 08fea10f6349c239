"""The registry of raw inputs (sources.toml): what each file is and how to check it."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from etl import config
from etl.errors import AtlasError, os_reason

SHA256 = re.compile(r"[0-9a-fA-F]{64}")


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


def load_registry(path: Path | None = None) -> dict[str, Source]:
    """Parse sources.toml (etl/sources.toml unless told) into Source objects keyed by id; any problem
    is one RegistryError line naming the source and the field."""
    return _load(Path(path) if path is not None else config.SOURCES_TOML)


@cache
def _load(path: Path) -> dict[str, Source]:
    try:
        with open(path, "rb") as handle:
            document = tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise RegistryError(f"{path.name}: not valid TOML ({' '.join(str(error).split())})") from None
    except OSError as error:
        raise RegistryError(f"{path}: cannot be read ({os_reason(error)})") from None
    except UnicodeDecodeError as error:
        raise RegistryError(f"{path.name}: not valid UTF-8 at byte {error.start}") from None
    entries = document.get("source", [])
    if not isinstance(entries, list):
        raise RegistryError(f"{path.name}: `source` must be a list of [[source]] tables")
    sources: dict[str, Source] = {}
    for position, entry in enumerate(entries, start=1):
        where = f"source {entry.get('id', f'n° {position}')!r}" if isinstance(entry, dict) else f"source n° {position}"
        try:
            source = _source(entry)
        except KeyError as missing:
            raise RegistryError(f"{path.name}, {where}: missing field {missing.args[0]!r}") from None
        except (TypeError, ValueError, AttributeError) as error:
            raise RegistryError(f"{path.name}, {where}: {error}") from None
        if source.id in sources:
            raise RegistryError(f"{path.name}: source {source.id!r} is listed twice")
        sources[source.id] = source
    return sources


def _text(item: dict, key: str, default: str | None = None) -> str:
    """A string field; KeyError when required and absent, ValueError naming it when of another type."""
    value = item[key] if default is None else item.get(key, default)
    if not isinstance(value, str):
        raise ValueError(f"field {key!r} must be text, not {value!r}")
    return value


def _file(entry: dict, item: dict) -> RawFile:
    if not isinstance(item, dict):
        raise ValueError(f"a [[source.files]] entry must be a table, not {item!r}")
    name = _text(item, "name")
    sha256 = item["sha256"]
    if not isinstance(sha256, str) or not SHA256.fullmatch(sha256):
        raise ValueError(f"file {name!r}: field 'sha256' must be 64 hexadecimal digits, not {sha256!r}")
    size = item["bytes"]
    if isinstance(size, bool) or not isinstance(size, int) or size < 0:
        raise ValueError(f"file {name!r}: field 'bytes' must be a whole number of bytes, not {size!r}")
    urls = item.get("urls", [])
    if not isinstance(urls, list) or not all(isinstance(u, str) for u in urls):
        raise ValueError(f"file {name!r}: field 'urls' must be a list of text")
    return RawFile(
        source=entry["id"],
        name=name,
        sha256=sha256.lower(),
        bytes=size,
        urls=tuple(urls),
        copied_from=_text(item, "copied_from", ""),
        producer=_text(item, "producer", entry["producer"]),
        licence=_text(item, "licence", entry["licence"]),
        vintage=_text(item, "vintage", entry["vintage"]),
        notes=_text(item, "notes", ""),
        official=_text(item, "official", ""),
    )


def _source(entry: dict) -> Source:
    """One [[source]] table; a missing required field raises KeyError naming it, a field of the wrong
    type ValueError."""
    if not isinstance(entry, dict):
        raise ValueError(f"a [[source]] entry must be a table, not {entry!r}")
    for key in ("id", "producer", "licence", "vintage"):
        _text(entry, key)
    items = entry.get("files", [])
    if not isinstance(items, list):
        raise ValueError("field 'files' must be a list of [[source.files]] tables")
    files = tuple(_file(entry, item) for item in items)
    return Source(
        id=entry["id"],
        producer=entry["producer"],
        licence=entry["licence"],
        vintage=entry["vintage"],
        page=_text(entry, "page", ""),
        files=files,
        citation=_text(entry, "citation", entry["producer"]),
        licence_short=_text(entry, "licence_short", entry["licence"]),
    )


def select(source_ids: list[str] | None = None) -> list[Source]:
    """The sources named (all when none is named); unknown ids are an error."""
    registry = load_registry()
    if not source_ids:
        return list(registry.values())
    unknown = [s for s in source_ids if s not in registry]
    if unknown:
        raise RegistryError(f"unknown source(s): {', '.join(unknown)}; known: {', '.join(registry)}")
    return [registry[s] for s in source_ids]
