"""Briefs as a service: one shared Chromium, a small queue, and a cache per view and data version.

Each click on "Préparer la fiche PDF" used to start its own Chromium; a room of users clicking at once
started dozens. Here every session of the server shares one `BriefService`:

- one worker thread owns one Chromium (Playwright's sync objects belong to the thread that made them),
  reused for every brief, restarted once if it dies;
- at most `MAX_WAITING` briefs wait their turn; beyond that the user is asked to retry in a moment;
- a finished brief is kept in memory by (view, year, link base, data version): the same request again,
  from any session, is answered at once, and a rebuild of the data makes new briefs;
- two sessions asking for the same brief while it is being printed share the same job.
"""

from __future__ import annotations

import contextlib
import io
import tempfile
import threading
import zipfile
from collections import OrderedDict
from collections.abc import Callable, Hashable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from atlas.brief.model import Brief
from atlas.brief.render import BriefFiles, BriefRenderer

MAX_WAITING = 6  # briefs queued or printing at once, all sessions together
CACHE_SIZE = 64  # briefs kept in memory (a four-page brief weighs a few hundred kilobytes)


class BriefQueueFullError(RuntimeError):
    """Too many briefs are waiting: the user should retry shortly."""


@dataclass(frozen=True)
class BriefBytes:
    """A printed brief, as the download buttons need it."""

    pdf: bytes
    pdf_name: str
    xlsx: bytes
    xlsx_name: str
    png_zip: bytes
    png_zip_name: str
    link: str


def packed(files: BriefFiles, slug: str) -> BriefBytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in files.pngs:
            archive.write(path, path.name)
    return BriefBytes(
        files.pdf.read_bytes(),
        files.pdf.name,
        files.xlsx.read_bytes(),
        files.xlsx.name,
        buffer.getvalue(),
        f"{slug}-graphiques.zip",
        files.link,
    )


class BriefService:
    def __init__(self, max_waiting: int = MAX_WAITING, cache_size: int = CACHE_SIZE) -> None:
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="atlas-brief")
        self._lock = threading.Lock()
        self._cache: OrderedDict[Hashable, BriefBytes] = OrderedDict()
        self._jobs: dict[Hashable, Future[BriefBytes]] = {}
        self._renderer: BriefRenderer | None = None  # used by the worker thread only
        self.max_waiting = max_waiting
        self.cache_size = cache_size
        self.browsers_started = 0
        self.printed = 0

    def cached(self, key: Hashable) -> BriefBytes | None:
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
        return None

    def waiting(self) -> int:
        with self._lock:
            return len(self._jobs)

    def request(self, key: Hashable, make_brief: Callable[[], Brief]) -> Future[BriefBytes]:
        """The brief for `key`: from the cache, from a job already under way, or queued for printing.

        `make_brief` runs here, in the caller's thread (it reads the app's cached tables); only the printing
        goes to the shared browser."""
        with self._lock:
            if key in self._cache:
                done: Future[BriefBytes] = Future()
                done.set_result(self._cache[key])
                return done
            if key in self._jobs:
                return self._jobs[key]
            if len(self._jobs) >= self.max_waiting:
                raise BriefQueueFullError(
                    f"{len(self._jobs)} fiches sont déjà en préparation : réessayez dans une minute."
                )
            job: Future[BriefBytes] = Future()
            self._jobs[key] = job
        try:
            brief = make_brief()
        except BaseException as error:
            self._finish(key, job, error=error)
            raise
        self._executor.submit(self._print, key, brief, job)
        return job

    def _print(self, key: Hashable, brief: Brief, job: Future[BriefBytes]) -> None:
        try:
            result = self._render(brief)
        except BaseException as error:  # handed to every session waiting for this brief
            self._finish(key, job, error=error)
            return
        self._finish(key, job, result=result)

    def _render(self, brief: Brief) -> BriefBytes:
        for attempt in (1, 2):
            try:
                if self._renderer is None:
                    self._renderer = BriefRenderer().__enter__()
                    self.browsers_started += 1
                with tempfile.TemporaryDirectory() as tmp:
                    files = self._renderer.render(brief, Path(tmp))
                    result = packed(files, brief.slug)
                self.printed += 1
                return result
            except Exception:
                self._close_renderer()  # a crashed or closed browser: start a fresh one once
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def _finish(
        self,
        key: Hashable,
        job: Future[BriefBytes],
        *,
        result: BriefBytes | None = None,
        error: BaseException | None = None,
    ) -> None:
        with self._lock:
            self._jobs.pop(key, None)
            if result is not None:
                self._cache[key] = result
                while len(self._cache) > self.cache_size:
                    self._cache.popitem(last=False)
        if error is not None:
            job.set_exception(error)
        else:
            job.set_result(result)

    def _close_renderer(self) -> None:
        if self._renderer is not None:
            with contextlib.suppress(Exception):  # the browser may already be gone
                self._renderer.__exit__(None, None, None)
            self._renderer = None

    def close(self) -> None:
        """Stop the worker and its browser (tests; the server keeps the service for its lifetime)."""
        self._executor.submit(self._close_renderer).result()
        self._executor.shutdown(wait=True)
