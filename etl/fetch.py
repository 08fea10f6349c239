"""Get every raw file into data/raw, verified: local copy, else mirror, else download.

Each file ends up either complete with the sha256 of the registry or absent: writes go to a
temporary name in the target folder and are renamed only once the checksum matched.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import requests
from tqdm import tqdm

from etl.errors import FetchError, os_reason
from etl.freshness import sha256_of
from etl.registry import RawFile

CHUNK = 1 << 20
HTML_MARKERS = (b"<!doctype html", b"<html", b"<head", b"<?xml version")


@dataclass(frozen=True)
class DownloadPolicy:
    """How hard to try over the network (tests shorten the waits)."""

    timeout: float = 30.0
    attempts: int = 4
    backoff: float = 1.0  # seconds before the 2nd attempt; doubles each time


@dataclass(frozen=True)
class FetchResult:
    file: RawFile
    how: str  # "present", "mirror" or the URL it was downloaded from


def _atomic_target(target: Path) -> tuple[int, Path]:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    return fd, Path(tmp)


def _commit(tmp: Path, target: Path, raw: RawFile, origin: str) -> None:
    """Rename tmp onto target if its checksum is the registry's, else delete it and fail."""
    actual = sha256_of(tmp)
    if actual != raw.sha256:
        tmp.unlink(missing_ok=True)
        raise FetchError(
            f"{raw.relpath}: sha256 from {origin} is {actual[:12]}…, expected {raw.sha256[:12]}… "
            "(the publisher may have released a new edition: check it and update etl/sources.toml)"
        )
    os.replace(tmp, target)


def copy_from_mirror(raw: RawFile, mirror: Path, target: Path) -> bool:
    """Copy <mirror>/<source>/<file> to target if the mirror has it; False when it does not."""
    origin = mirror / raw.relpath
    if not origin.is_file():
        return False
    fd, tmp = _atomic_target(target)
    try:
        with os.fdopen(fd, "wb") as out, open(origin, "rb") as src:
            shutil.copyfileobj(src, out, CHUNK)
        _commit(tmp, target, raw, f"mirror {origin}")
    finally:
        tmp.unlink(missing_ok=True)
    return True


def _looks_like_html(first_bytes: bytes, content_type: str) -> bool:
    head = first_bytes.lstrip().lower()
    return "text/html" in content_type.lower() or head.startswith(HTML_MARKERS)


def _download_once(url: str, raw: RawFile, target: Path, policy: DownloadPolicy) -> None:
    """One attempt: stream the body to a temporary file, check it, rename it."""
    fd, tmp = _atomic_target(target)
    out = os.fdopen(fd, "wb")  # opened now so that `finally` closes it even when the request fails
    try:
        with requests.get(url, stream=True, timeout=policy.timeout) as response:
            if response.status_code >= 400:
                raise requests.HTTPError(f"HTTP {response.status_code}", response=response)
            expected = raw.name.lower().endswith((".html", ".htm"))
            size = int(response.headers.get("Content-Length") or raw.bytes)
            with (
                out,
                tqdm(
                    total=size,
                    unit="B",
                    unit_scale=True,
                    desc=raw.name[:40],
                    disable=None,
                    leave=False,
                    file=sys.stderr,
                ) as bar,
            ):
                first = True
                for block in response.iter_content(CHUNK):
                    if (
                        first
                        and not expected
                        and _looks_like_html(block[:512], response.headers.get("Content-Type", ""))
                    ):
                        raise _NotRetryableError(f"{url} returned an HTML page instead of {raw.name}")
                    first = False
                    out.write(block)
                    bar.update(len(block))
            # urllib3 already fails a body shorter than its Content-Length; without one, a short body
            # is a cut transfer (retry), while any other size is a different file (sha256 check below)
            if raw.bytes and tmp.stat().st_size < raw.bytes and "Content-Length" not in response.headers:
                raise requests.ConnectionError(f"incomplete body: {tmp.stat().st_size} of {raw.bytes} bytes")
        _commit(tmp, target, raw, url)
    finally:
        out.close()
        tmp.unlink(missing_ok=True)


class _NotRetryableError(Exception):
    pass


def download(
    raw: RawFile,
    target: Path,
    policy: DownloadPolicy = DownloadPolicy(),
    sleep: Callable[[float], None] = time.sleep,
) -> str:
    """Try each URL of the file with retries and backoff; return the URL that worked."""
    if not raw.urls:
        raise FetchError(
            f"{raw.relpath}: not in data/raw nor in a mirror, and no download URL serves these bytes "
            "(it is a conversion made for the mirror); set ATLAS_RAW_MIRROR to a folder that holds it"
        )
    problems: list[str] = []
    for url in raw.urls:
        for attempt in range(1, policy.attempts + 1):
            try:
                _download_once(url, raw, target, policy)
                return url
            except _NotRetryableError as error:
                problems.append(str(error))
                break
            except FetchError as error:  # wrong checksum: another attempt gives the same bytes
                problems.append(str(error))
                break
            except requests.HTTPError as error:
                status = error.response.status_code if error.response is not None else 0
                problems.append(f"{url}: {error}")
                if status and status < 500 and status != 429:
                    break
            except (requests.ConnectionError, requests.Timeout, requests.exceptions.ChunkedEncodingError) as error:
                problems.append(f"{url}: {type(error).__name__}: {str(error)[:120]}")
            if attempt < policy.attempts:
                sleep(policy.backoff * 2 ** (attempt - 1))
    raise FetchError(f"{raw.relpath}: could not be downloaded ({'; '.join(problems[-3:])})")


def fetch_file(
    raw: RawFile,
    raw_dir: Path,
    mirror: Path | None,
    policy: DownloadPolicy = DownloadPolicy(),
) -> FetchResult:
    """Make data/raw/<source>/<file> present and verified. A file system problem (disk full, folder
    not writable, unreadable mirror) is one FetchError line naming the path."""
    target = raw_dir / raw.relpath
    try:
        if target.is_file() and target.stat().st_size == raw.bytes and sha256_of(target) == raw.sha256:
            return FetchResult(raw, "present")
        if mirror is not None and copy_from_mirror(raw, mirror, target):
            return FetchResult(raw, "mirror")
        return FetchResult(raw, download(raw, target, policy))
    except requests.RequestException as error:  # an OSError too: a request problem not retried above
        raise FetchError(f"{raw.relpath}: could not be downloaded ({type(error).__name__})") from None
    except OSError as error:
        where = error.filename if isinstance(error.filename, str) and error.filename else target
        raise FetchError(f"{raw.relpath}: {where}: {os_reason(error)}; nothing half-written is left") from None


def fetch_all(
    files: Iterable[RawFile],
    raw_dir: Path,
    mirror: Path | None,
    policy: DownloadPolicy = DownloadPolicy(),
) -> tuple[list[FetchResult], list[str]]:
    """Fetch every file, carrying on past failures so one run reports all of them."""
    results: list[FetchResult] = []
    failures: list[str] = []
    for raw in files:
        try:
            results.append(fetch_file(raw, raw_dir, mirror, policy))
        except FetchError as error:
            failures.append(str(error))
    return results, failures
