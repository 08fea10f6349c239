"""etl.fetch against a real local HTTP server: retries, refusals and no half-written file left behind.

Each test serves small payloads from 127.0.0.1 with a per-path plan of behaviours (serve, 500, 404,
HTML page, cut connection) and checks both the outcome and the target folder, since the module
promises that a raw file ends up either complete and verified or absent.
"""

from __future__ import annotations

import hashlib
import os
import random
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from etl.errors import FetchError
from etl.fetch import DownloadPolicy, download, fetch_all, fetch_file, sha256_of
from etl.registry import RawFile, load_registry

PROJECT = Path(__file__).resolve().parents[2]
SHARED_RAW = PROJECT.parent / "shared" / "data" / "raw"
REAL_FILE = SHARED_RAW / "dares_fap" / "fap225_rome.csv"
POLICY = DownloadPolicy(timeout=2, attempts=3, backoff=0)
HTML_PAGE = b"<!DOCTYPE html>\n<html><head><title>Maintenance</title></head><body>Back soon</body></html>\n"


# --- a configurable local server -------------------------------------------------------------


@dataclass
class Route:
    body: bytes
    plan: tuple[str, ...]  # behaviour of the 1st, 2nd, ... request; the last one repeats


class FakeServer:
    """ThreadingHTTPServer on a free port whose answers are planned per path; counts requests."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: Counter[str] = Counter()
        self._lock = threading.Lock()
        self.httpd = _HTTPServer(("127.0.0.1", 0), _Handler)
        self.httpd.fake = self
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)

    def serve(self, path: str, body: bytes, *plan: str) -> str:
        """Register `path` (behaviours: ok, 500, 404, html, drop) and return its URL."""
        self.routes[path] = Route(body, plan or ("ok",))
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}{path}"

    def take(self, path: str) -> tuple[bytes, str]:
        """The body and behaviour for this request to `path`, counting it."""
        with self._lock:
            self.hits[path] += 1
            route = self.routes.get(path)
            if route is None:
                return b"", "404"
            return route.body, route.plan[min(self.hits[path], len(route.plan)) - 1]

    @property
    def total_hits(self) -> int:
        return sum(self.hits.values())


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    fake: FakeServer


class _Handler(BaseHTTPRequestHandler):
    server: _HTTPServer

    def do_GET(self) -> None:
        body, behaviour = self.server.fake.take(self.path)
        if behaviour in ("404", "500"):
            self.send_error(int(behaviour))
        elif behaviour == "html":
            self._send(200, "text/html; charset=utf-8", HTML_PAGE)
        elif behaviour == "drop":
            # announce the whole body, send half of it, then cut the connection
            self.send_response(200)
            self.send_header("Content-Type", "application/octet-stream")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)
            self.close_connection = True
        else:
            self._send(200, "application/octet-stream", body)

    def _send(self, status: int, content_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Keep pytest output clean."""


@pytest.fixture
def server() -> Iterator[FakeServer]:
    fake = FakeServer()
    fake.thread.start()
    try:
        yield fake
    finally:
        fake.httpd.shutdown()
        fake.httpd.server_close()
        fake.thread.join(timeout=5)


@pytest.fixture
def dead_url() -> str:
    """A URL on a port nothing listens on (connection refused)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/gone.csv"


# --- helpers -----------------------------------------------------------------------------------


def payload(seed: int, size: int = 4096) -> bytes:
    """Reproducible random-ish bytes (cannot be mistaken for HTML)."""
    return random.Random(seed).randbytes(size)


def raw_file(data: bytes, *urls: str, name: str = "table.csv", source: str = "src") -> RawFile:
    return RawFile(
        source=source,
        name=name,
        sha256=hashlib.sha256(data).hexdigest(),
        bytes=len(data),
        urls=urls,
        copied_from="test",
        producer="test",
        licence="test",
        vintage="test",
    )


def files_in(folder: Path) -> set[str]:
    """Every file under folder, dotfiles included (so a leftover .part shows up)."""
    if not folder.exists():
        return set()
    return {path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file()}


def open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


def eventually(condition: Callable[[], bool], timeout: float = 2.0) -> bool:
    """Poll: the server thread closes its side of a socket a moment after the client is done."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


# --- download: success and retries ------------------------------------------------------------


@pytest.mark.parametrize("kind", ["random", "real"])
def test_download_writes_the_verified_file_and_reports_the_url(kind: str, server: FakeServer, tmp_path: Path) -> None:
    if kind == "real":
        if not REAL_FILE.is_file():
            pytest.skip(f"{REAL_FILE} not available")
        data = REAL_FILE.read_bytes()
        # the copy served here is the registered one, so the test checks real registry facts too
        assert hashlib.sha256(data).hexdigest() == load_registry()["dares_fap"].file(REAL_FILE.name).sha256
    else:
        data = payload(1)
    raw = raw_file(data, server.serve("/f", data), name="fap225_rome.csv", source="dares_fap")

    result = fetch_file(raw, tmp_path, None, POLICY)

    assert result.how == raw.urls[0]
    assert result.file == raw
    assert (tmp_path / raw.relpath).read_bytes() == data
    assert sha256_of(tmp_path / raw.relpath) == raw.sha256
    assert server.hits["/f"] == 1
    assert files_in(tmp_path) == {"dares_fap/fap225_rome.csv"}


def test_server_error_then_success_is_retried_once(server: FakeServer, tmp_path: Path) -> None:
    data = payload(2)
    raw = raw_file(data, server.serve("/flaky", data, "500", "ok"))
    sleeps: list[float] = []

    url = download(raw, tmp_path / raw.relpath, DownloadPolicy(timeout=2, attempts=3, backoff=0.5), sleeps.append)

    assert url == raw.urls[0]
    assert server.hits["/flaky"] == 2
    assert sleeps == [0.5]
    assert (tmp_path / raw.relpath).read_bytes() == data
    assert files_in(tmp_path) == {"src/table.csv"}


def test_persistent_server_error_fails_after_all_attempts_with_doubling_backoff(
    server: FakeServer, tmp_path: Path
) -> None:
    raw = raw_file(payload(3), server.serve("/down", b"", "500"))
    sleeps: list[float] = []

    with pytest.raises(FetchError) as caught:
        download(raw, tmp_path / raw.relpath, DownloadPolicy(timeout=2, attempts=3, backoff=0.5), sleeps.append)

    assert "src/table.csv" in str(caught.value)
    assert "HTTP 500" in str(caught.value)
    assert server.hits["/down"] == 3
    assert sleeps == [0.5, 1.0]
    assert files_in(tmp_path) == set()


def test_cut_connection_then_success_is_retried(server: FakeServer, tmp_path: Path) -> None:
    data = payload(4, 64 * 1024)
    raw = raw_file(data, server.serve("/cut-once", data, "drop", "ok"))

    assert fetch_file(raw, tmp_path, None, POLICY).how == raw.urls[0]

    assert server.hits["/cut-once"] == 2
    assert (tmp_path / raw.relpath).read_bytes() == data
    assert files_in(tmp_path) == {"src/table.csv"}


def test_always_cut_connection_fails_after_all_attempts(server: FakeServer, tmp_path: Path) -> None:
    data = payload(5, 64 * 1024)
    raw = raw_file(data, server.serve("/cut", data, "drop"))

    with pytest.raises(FetchError, match=r"src/table\.csv: could not be downloaded"):
        fetch_file(raw, tmp_path, None, POLICY)

    assert server.hits["/cut"] == 3
    assert files_in(tmp_path) == set()


# --- download: refusals that must not be retried ----------------------------------------------


@pytest.mark.parametrize("plan", ["html", "html-body"])
def test_html_page_is_refused_without_retry(plan: str, server: FakeServer, tmp_path: Path) -> None:
    """A portal's error page (by Content-Type, or by its first bytes) never becomes a raw file."""
    data = payload(6)
    url = server.serve("/page", data, "html") if plan == "html" else server.serve("/page", HTML_PAGE, "ok")
    raw = raw_file(data, url)

    with pytest.raises(FetchError, match="HTML") as caught:
        fetch_file(raw, tmp_path, None, POLICY)

    assert "src/table.csv" in str(caught.value)
    assert server.hits["/page"] == 1
    assert files_in(tmp_path) == set()


def test_html_file_that_is_expected_is_accepted(server: FakeServer, tmp_path: Path) -> None:
    raw = raw_file(HTML_PAGE, server.serve("/doc.html", HTML_PAGE, "html"), name="doc.html")

    assert fetch_file(raw, tmp_path, None, POLICY).how == raw.urls[0]
    assert (tmp_path / raw.relpath).read_bytes() == HTML_PAGE


@pytest.mark.parametrize(
    "served",
    [payload(70), payload(71, 5000), payload(72, 3000)],
    ids=["same-size", "larger", "smaller"],
)
def test_wrong_checksum_is_refused_without_retry(served: bytes, server: FakeServer, tmp_path: Path) -> None:
    """Other bytes (e.g. a new edition, usually of another size) get the sha256 message, not retries."""
    raw = raw_file(payload(7), server.serve("/edition", served))

    with pytest.raises(FetchError, match="sha256") as caught:
        fetch_file(raw, tmp_path, None, POLICY)

    assert "new edition" in str(caught.value)
    assert server.hits["/edition"] == 1
    assert files_in(tmp_path) == set()


def test_not_found_is_not_retried(server: FakeServer, tmp_path: Path) -> None:
    raw = raw_file(payload(8), server.serve("/missing", b"", "404"))

    with pytest.raises(FetchError, match="HTTP 404"):
        fetch_file(raw, tmp_path, None, POLICY)

    assert server.hits["/missing"] == 1
    assert files_in(tmp_path) == set()


def test_file_without_url_asks_for_a_mirror(tmp_path: Path) -> None:
    raw = raw_file(payload(9), name="communes.gpkg", source="geo")

    with pytest.raises(FetchError, match="ATLAS_RAW_MIRROR") as caught:
        fetch_file(raw, tmp_path, None, POLICY)

    assert "geo/communes.gpkg" in str(caught.value)
    assert files_in(tmp_path) == set()


# --- several URLs --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "first_hits"),
    [("500", 3), ("404", 1), ("html", 1), ("drop", 3), ("wrong", 1), ("refused", 0)],
)
def test_falls_back_to_the_second_url(
    first: str, first_hits: int, server: FakeServer, dead_url: str, tmp_path: Path
) -> None:
    data = payload(10)
    if first == "refused":
        first_url = dead_url
    elif first == "wrong":
        first_url = server.serve("/first", payload(11))
    else:
        first_url = server.serve("/first", data, first)
    raw = raw_file(data, first_url, server.serve("/second", data))

    result = fetch_file(raw, tmp_path, None, POLICY)

    assert result.how == raw.urls[1]
    assert server.hits["/first"] == first_hits
    assert server.hits["/second"] == 1
    assert (tmp_path / raw.relpath).read_bytes() == data
    assert files_in(tmp_path) == {"src/table.csv"}


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc/self/fd")
@pytest.mark.parametrize("plan", ["404", "500", "drop", "refused"])
def test_failed_attempts_leave_no_open_file_descriptor(
    plan: str, server: FakeServer, dead_url: str, tmp_path: Path
) -> None:
    """Each attempt opens a temporary file; a failing request must close it, not only delete it."""
    data = payload(12)
    raw = raw_file(data, dead_url if plan == "refused" else server.serve("/x", data, plan))
    before = open_fds()

    with pytest.raises(FetchError):
        fetch_file(raw, tmp_path, None, POLICY)

    assert eventually(lambda: open_fds() <= before), f"{open_fds() - before} file descriptor(s) leaked"


# --- fetch_file: local copy, then mirror, then download -------------------------------------------


def test_present_verified_file_is_kept_without_any_request(server: FakeServer, tmp_path: Path) -> None:
    data = payload(13)
    raw = raw_file(data, server.serve("/f", data))
    target = tmp_path / "raw" / raw.relpath
    target.parent.mkdir(parents=True)
    target.write_bytes(data)
    os.utime(target, (1_000_000, 1_000_000))

    result = fetch_file(raw, tmp_path / "raw", tmp_path / "mirror", POLICY)

    assert result.how == "present"
    assert server.total_hits == 0
    assert target.stat().st_mtime == 1_000_000  # not rewritten
    assert files_in(tmp_path) == {"raw/src/table.csv"}


def test_corrupted_present_file_is_replaced_from_the_mirror(server: FakeServer, tmp_path: Path) -> None:
    data = payload(14)
    raw = raw_file(data, server.serve("/f", data))
    target = tmp_path / "raw" / raw.relpath
    target.parent.mkdir(parents=True)
    target.write_bytes(data[:-1] + b"\x00")  # same name, wrong bytes
    mirror = tmp_path / "mirror"
    (mirror / "src").mkdir(parents=True)
    (mirror / "src" / "table.csv").write_bytes(data)

    result = fetch_file(raw, tmp_path / "raw", mirror, POLICY)

    assert result.how == "mirror"
    assert target.read_bytes() == data
    assert server.total_hits == 0
    assert files_in(tmp_path / "raw") == {"src/table.csv"}


def test_corrupted_present_file_is_replaced_by_a_download(server: FakeServer, tmp_path: Path) -> None:
    data = payload(15)
    raw = raw_file(data, server.serve("/f", data))
    target = tmp_path / raw.relpath
    target.parent.mkdir(parents=True)
    target.write_bytes(data[: len(data) // 2])  # a truncated earlier copy

    assert fetch_file(raw, tmp_path, None, POLICY).how == raw.urls[0]
    assert target.read_bytes() == data
    assert files_in(tmp_path) == {"src/table.csv"}


def test_mirror_copy_with_wrong_checksum_fails_and_leaves_nothing(server: FakeServer, tmp_path: Path) -> None:
    data = payload(16)
    raw = raw_file(data, server.serve("/f", data))
    mirror = tmp_path / "mirror"
    (mirror / "src").mkdir(parents=True)
    (mirror / "src" / "table.csv").write_bytes(payload(17))

    with pytest.raises(FetchError, match="sha256") as caught:
        fetch_file(raw, tmp_path / "raw", mirror, POLICY)

    assert "mirror" in str(caught.value)
    assert files_in(tmp_path / "raw") == set()


def test_mirror_without_the_file_falls_back_to_download(server: FakeServer, tmp_path: Path) -> None:
    data = payload(18)
    raw = raw_file(data, server.serve("/f", data))
    mirror = tmp_path / "mirror"
    (mirror / "other").mkdir(parents=True)
    (mirror / "other" / "table.csv").write_bytes(data)  # right name, wrong source folder

    result = fetch_file(raw, tmp_path / "raw", mirror, POLICY)

    assert result.how == raw.urls[0]
    assert server.hits["/f"] == 1
    assert files_in(tmp_path / "raw") == {"src/table.csv"}


# --- fetch_all -----------------------------------------------------------------------------------


def test_fetch_all_carries_on_and_reports_every_failure(server: FakeServer, tmp_path: Path) -> None:
    good = payload(19)
    files = [
        raw_file(payload(20), server.serve("/missing", b"", "404"), name="a.csv"),
        raw_file(good, server.serve("/good", good), name="b.csv"),
        raw_file(payload(21), name="c.gpkg"),
        raw_file(payload(22), server.serve("/page", b"", "html"), name="d.csv"),
    ]

    results, failures = fetch_all(files, tmp_path, None, POLICY)

    assert [(r.file.name, r.how) for r in results] == [("b.csv", files[1].urls[0])]
    assert len(failures) == 3
    assert failures[0].startswith("src/a.csv:") and "404" in failures[0]
    assert failures[1].startswith("src/c.gpkg:") and "ATLAS_RAW_MIRROR" in failures[1]
    assert failures[2].startswith("src/d.csv:") and "HTML" in failures[2]
    assert files_in(tmp_path) == {"src/b.csv"}


# --- command line ----------------------------------------------------------------------------------


def run_cli(*args: str, raw_dir: Path, mirror: Path) -> subprocess.CompletedProcess[str]:
    """A subprocess, because etl.config reads ATLAS_RAW_DIR at import time."""
    env = {**os.environ, "ATLAS_RAW_DIR": str(raw_dir), "ATLAS_RAW_MIRROR": str(mirror)}
    return subprocess.run(
        [sys.executable, "-m", "etl", *args],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.skipif(not (SHARED_RAW / "dares_fap").is_dir(), reason="shared raw mirror not available")
def test_cli_fetch_copies_a_source_from_the_mirror(tmp_path: Path) -> None:
    raw_dir = tmp_path / "raw"

    done = run_cli("fetch", "dares_fap", raw_dir=raw_dir, mirror=SHARED_RAW)

    assert done.returncode == 0, done.stderr
    assert "4/4 files ready" in done.stdout
    expected = load_registry()["dares_fap"].files
    assert len(expected) == 4
    assert files_in(raw_dir) == {raw.relpath.as_posix() for raw in expected}
    for raw in expected:
        assert sha256_of(raw_dir / raw.relpath) == raw.sha256, raw.name


def test_cli_fetch_failure_is_one_error_line_naming_the_file(tmp_path: Path) -> None:
    raw_dir, mirror = tmp_path / "raw", tmp_path / "mirror"
    raw_dir.mkdir()
    mirror.mkdir()
    (wanted,) = load_registry()["geo_communes_2024"].files
    assert not wanted.urls  # the case under test: only a mirror can provide it

    done = run_cli("fetch", "geo_communes_2024", raw_dir=raw_dir, mirror=mirror)

    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("error: geo_communes_2024/communes_cog2024.gpkg:")
    assert "ATLAS_RAW_MIRROR" in lines[0]
    assert "Traceback" not in done.stderr
    assert files_in(raw_dir) == set()
