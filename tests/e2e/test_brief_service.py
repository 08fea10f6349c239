"""Briefs as a service: one Chromium for every request, a queue with a limit, a cache per view and data."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from atlas.brief.model import Brief, Section
from atlas.brief.service import BriefQueueFullError, BriefService
from tests.e2e.conftest import screenshot, wait_for_app

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("brief")]


def small_brief(name: str) -> Brief:
    return Brief(
        slug=f"fiche-{name}",
        title=f"Fiche {name}",
        subtitle="Essai du service",
        built_at="2026-12-03T00:00:00+00:00",
        link=f"http://127.0.0.1:8501/territoire?code={name}",
        sections=[Section("Premier constat", paragraphs=[f"Texte de la fiche {name}."])],
        sources=["Atlas 4.h"],
    )


def chromium_children() -> int:
    """Chromium processes descending from this test process (read from /proc)."""
    parents, names = {}, {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                parents[int(entry.name)] = int(fields[1])
                names[int(entry.name)] = (entry / "comm").read_text().strip().lower()
            except (OSError, IndexError):
                continue

    def descends(pid: int) -> bool:
        while pid > 1:
            pid = parents.get(pid, 0)
            if pid == os.getpid():
                return True
        return False

    return sum("chrom" in name and descends(pid) for pid, name in names.items())


@pytest.fixture
def service():
    instance = BriefService(max_waiting=3)
    yield instance
    instance.close()


def test_one_browser_prints_every_brief_and_a_repeat_is_instant(service: BriefService) -> None:
    first = service.request("a", lambda: small_brief("a")).result(timeout=120)
    assert first.pdf.startswith(b"%PDF") and first.xlsx[:2] == b"PK"
    service.request("b", lambda: small_brief("b")).result(timeout=120)
    assert service.browsers_started == 1 and service.printed == 2
    started = time.perf_counter()
    again = service.request("a", lambda: pytest.fail("a cached brief is not built again"))
    assert again.done() and again.result() is first
    assert time.perf_counter() - started < 0.05


def test_sessions_asking_for_the_same_brief_share_one_job(service: BriefService) -> None:
    builds = []

    def make() -> Brief:
        builds.append(1)
        return small_brief("c")

    results = []
    threads = [
        threading.Thread(target=lambda: results.append(service.request("c", make).result(120))) for _ in range(5)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 5 and len({id(r) for r in results}) == 1
    assert len(builds) == 1 and service.printed == 1
    assert 0 < chromium_children() < 15  # one browser (a handful of Chromium processes), not one per request


def test_a_full_queue_asks_the_user_to_retry(service: BriefService) -> None:
    jobs = [service.request(name, lambda name=name: small_brief(name)) for name in ("d", "e", "f")]
    with pytest.raises(BriefQueueFullError, match="réessayez"):
        service.request("g", lambda: small_brief("g"))
    for job in jobs:
        job.result(timeout=120)
    assert service.request("g", lambda: small_brief("g")).result(timeout=120).pdf.startswith(b"%PDF")


def test_the_page_offers_a_brief_printed_before_at_once(page: Page, server: str) -> None:
    page.goto(server + "/territoire?level=ze&code=8425")
    wait_for_app(page)
    page.get_by_role("button", name="Préparer la fiche PDF").click()
    expect(page.locator('[data-testid="stDownloadButton"]').filter(has_text="PDF").first).to_be_visible(timeout=120_000)
    page.goto(server + "/territoire?level=ze&code=8425")  # another visit: the brief is in the server's cache
    wait_for_app(page)
    expect(page.locator('[data-testid="stDownloadButton"]').filter(has_text="PDF").first).to_be_visible(timeout=10_000)
    expect(page.get_by_role("button", name="Préparer la fiche PDF")).to_have_count(0)
    screenshot(page, "territory-brief-cached")
