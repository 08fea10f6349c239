"""Publishing a build (etl/publish.py): versions behind an atomic symlink, one build at a time, a killed
build never leaves data/processed missing or mixed, and every refusal is one line.

Fast: small files in tmp folders, and for the command line a `python -m etl build` whose steps are
replaced by two tiny tables (FAKE_BUILD). The real build is exercised in test_build.py."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from etl import publish
from etl.errors import PublishError

PROJECT = Path(__file__).resolve().parents[2]
STAGES = ("writing", "written", "complete", "renamed", "linked", "switched", "pruned")
AFTER_SWITCH = ("switched", "pruned", "exchanged", "aside")  # the new version is published from there on
ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


# ---------------------------------------------------------------- helpers


def snapshot(folder: Path, skip: tuple[str, ...] = ()) -> dict[str, str]:
    """sha256 of every file under the published folder (through the symlink)."""
    root = Path(os.path.realpath(folder))
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name not in skip
    }


def writer(value: str):
    def write(folder: Path) -> None:
        (folder / "table.parquet").write_text(f"table {value}\n" * 100)
        (folder / "other.parquet").write_text(f"other {value}\n")
        (folder / "manifest.json").write_text(json.dumps({"built_at": "2025-01-01T00:00:00+00:00", "v": value}))

    return write


def publish_once(out: Path, value: str) -> Path:
    with publish.build_lock(out):
        publish.cleanup(out)
        publish.preflight(out)
        return publish.publish_version(out, writer(value), "f" * 64)


def legacy_folder(out: Path, value: str = "legacy") -> None:
    """data/processed as a plain folder, as published before versions existed."""
    out.mkdir(parents=True)
    writer(value)(out)


def assert_tidy(out: Path, versions: int = 2) -> None:
    """Nothing left by a killed build: the link, the versions (whole), the lock file, nothing else."""
    assert out.is_symlink() and out.is_dir()
    assert sorted(p.name for p in out.parent.iterdir()) == sorted(
        [out.name, f"{out.name}.versions", f".{out.name}.lock"]
    )
    names = sorted(p.name for p in (out.parent / f"{out.name}.versions").iterdir())
    assert names[0] == ".gitignore" and len(names) == versions + 1, names
    assert all(publish.is_complete(out.parent / f"{out.name}.versions" / n) for n in names[1:])


@pytest.fixture
def out(tmp_path: Path) -> Path:
    return tmp_path / "data" / "processed"


@pytest.fixture(autouse=True)
def no_hook():
    yield
    publish.on_stage = None


# ---------------------------------------------------------------- versions and switch


def test_publish_switches_a_relative_symlink_and_keeps_one_previous_version(out: Path) -> None:
    publish_once(out, "one")
    assert os.readlink(out).startswith("processed.versions/")  # relative: the data folder can move
    assert (out / "table.parquet").read_text().startswith("table one")
    publish_once(out, "two")
    publish_once(out, "three")
    assert (out / "table.parquet").read_text().startswith("table three")
    assert_tidy(out, versions=2)  # the current one and the one before
    assert "previous" in publish.status(out)
    assert (out.parent / "processed.versions" / ".gitignore").read_text().splitlines()[-1] == "*"

    message = publish.rollback(out)
    assert message.startswith(f"Rolled back {out} to processed.versions/")
    assert (out / "table.parquet").read_text().startswith("table two")
    with pytest.raises(PublishError, match="no earlier version to roll back to"):
        publish.rollback(out)


def test_a_real_folder_is_migrated_and_never_absent(out: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    legacy_folder(out)
    before = snapshot(out)
    seen = []

    def look(stage: str) -> None:  # right after the exchange: data/processed is the new version already
        if stage == "exchanged":
            seen.append((out.is_symlink(), (out / "table.parquet").read_text()[:9]))

    publish.on_stage = look
    publish_once(out, "new")
    assert seen == [(True, "table new")]
    assert_tidy(out, versions=2)
    publish.rollback(out)  # the migrated folder is the previous version, whole
    assert snapshot(out, skip=(publish.MARKER,)) == before


def test_migration_where_names_cannot_be_exchanged(out: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    legacy_folder(out)
    before = snapshot(out)
    monkeypatch.setattr(publish, "_exchange", lambda a, b: False)
    publish_once(out, "new")
    assert (out / "table.parquet").read_text().startswith("table new")
    assert_tidy(out, versions=2)
    publish.rollback(out)
    assert snapshot(out, skip=(publish.MARKER,)) == before


# ---------------------------------------------------------------- a build stopped at any point


@pytest.mark.parametrize(
    ("stage", "layout"),
    [
        *[(s, "versioned") for s in STAGES],
        *[(s, "legacy") for s in (*STAGES, "exchanged")],
        *[(s, "legacy-no-exchange") for s in (*STAGES, "aside")],
    ],
)
def test_a_failure_at_any_stage_leaves_the_published_data_whole(
    out: Path, stage: str, layout: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if layout == "legacy-no-exchange":
        monkeypatch.setattr(publish, "_exchange", lambda a, b: False)
    if layout == "versioned":
        publish_once(out, "old")
    else:
        legacy_folder(out, "old")
    old = snapshot(out, skip=(publish.MARKER,))

    def fail(name: str) -> None:
        if name == stage:
            raise RuntimeError(f"stopped at {name}")

    publish.on_stage = fail
    with pytest.raises(RuntimeError, match=f"stopped at {stage}"):
        publish_once(out, "new")
    publish.on_stage = None
    if stage == "aside":  # the one moment without data/processed (no RENAME_EXCHANGE): the next run repairs it
        assert not os.path.lexists(out)
        publish.tidy(out)
    now = snapshot(out, skip=(publish.MARKER,))
    if stage in AFTER_SWITCH:
        assert now["table.parquet"] == hashlib.sha256(("table new\n" * 100).encode()).hexdigest()
    else:
        assert now == old  # byte for byte what was published before
    publish_once(out, "next")  # the next build cleans up whatever was left
    assert (out / "table.parquet").read_text().startswith("table next")
    assert_tidy(out, versions=2)


KILLER = """
import os, signal, sys
from pathlib import Path
from etl import publish
out, stage, value = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
if sys.argv[4] == "no-exchange":
    publish._exchange = lambda a, b: False
def kill(name):
    if name == stage:
        os.kill(os.getpid(), signal.SIGKILL)
publish.on_stage = kill
with publish.build_lock(out):
    publish.cleanup(out)
    publish.publish_version(out, lambda folder: (folder / "table.parquet").write_text(value), "k" * 8)
"""


KILL_POINTS = [
    *[(stage, "versioned", "exchange") for stage in STAGES],
    *[(stage, "legacy", "exchange") for stage in (*STAGES, "exchanged")],
    *[(stage, "legacy", "no-exchange") for stage in (*STAGES, "aside")],
]


@pytest.mark.parametrize(("stage", "layout", "exchange"), KILL_POINTS)
def test_sigkill_at_any_stage_leaves_data_readable_and_the_next_run_cleans_up(
    out: Path, stage: str, layout: str, exchange: str
) -> None:
    if layout == "versioned":
        publish_once(out, "old")
    else:
        legacy_folder(out, "old")
    old = snapshot(out, skip=(publish.MARKER,))
    done = subprocess.run(
        [sys.executable, "-c", KILLER, str(out), stage, "killed", exchange],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == -signal.SIGKILL, done.stderr
    if stage == "aside":  # without RENAME_EXCHANGE, the migration's one moment without data/processed
        assert not os.path.lexists(out)
        publish.tidy(out)  # the next run (even an unchanged one) points it at the newest whole version
    assert out.is_dir()  # never absent otherwise
    now = snapshot(out, skip=(publish.MARKER,))
    assert now == old or now == {"table.parquet": hashlib.sha256(b"killed").hexdigest()}
    if stage not in AFTER_SWITCH:
        assert now == old
    # an unchanged rerun tidies up when no build runs (the fast path of `python -m etl build`)
    publish.tidy(out)
    assert snapshot(out, skip=(publish.MARKER,)) == now
    assert out.is_symlink() == (layout == "versioned" or stage in AFTER_SWITCH)  # else still the plain folder
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".processed.") and p.name != ".processed.lock"]
    publish_once(out, "next")
    assert_tidy(out, versions=2)


def test_a_lock_is_not_kept_alive_by_a_forked_worker_of_a_killed_build(out: Path) -> None:
    holder = """
import os, signal, sys, time
from pathlib import Path
from etl import publish
with publish.build_lock(Path(sys.argv[1])):
    child = os.fork()
    if child == 0:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        time.sleep(60)
        os._exit(0)
    print(child, flush=True)
    os.kill(os.getpid(), signal.SIGKILL)
"""
    done = subprocess.run(
        [sys.executable, "-c", holder, str(out)], cwd=PROJECT, capture_output=True, text=True, check=False
    )
    child = int(done.stdout.split()[0])
    try:
        os.kill(child, 0)  # the orphaned worker still runs...
        with publish.build_lock(out):  # ...and the next build is not blocked by it
            pass
    finally:
        os.kill(child, signal.SIGKILL)


def test_a_second_build_fails_at_once_naming_the_first(out: Path) -> None:
    with publish.build_lock(out):
        assert publish.lock_holder(out) == str(os.getpid())
        with pytest.raises(PublishError) as caught, publish.build_lock(out):
            pass
    assert str(caught.value) == (
        f"another build is running (pid {os.getpid()}) on {out}; wait for it to end, then run the command again"
    )
    with publish.build_lock(out):  # released
        pass


# ---------------------------------------------------------------- leftovers


def test_leftovers_of_the_swap_before_versions_are_recovered(out: Path) -> None:
    """The pre-versions swap killed between its two renames: data/processed gone, .old and .tmp left."""
    out.parent.mkdir(parents=True)
    for name, value, when in ((".processed.old-41", "old", "2025-01-01"), (".processed.tmp-41", "new", "2025-02-01")):
        folder = out.parent / name
        folder.mkdir()
        writer(value)(folder)
        (folder / "manifest.json").write_text(json.dumps({"built_at": f"{when}T00:00:00+00:00", "fingerprint": "ab"}))
    (out.parent / ".processed.tmp-42").mkdir()  # a partial one, without its manifest
    assert publish.needs_cleanup(out)
    notes = publish.tidy(out)
    assert any("restored" in note for note in notes)
    assert (out / "table.parquet").read_text().startswith("table new")
    assert_tidy(out, versions=2)
    publish.rollback(out)
    assert (out / "table.parquet").read_text().startswith("table old")


def test_temporary_and_incomplete_folders_are_removed(out: Path) -> None:
    publish_once(out, "one")
    before = snapshot(out)
    versions = out.parent / "processed.versions"
    (versions / ".tmp-99-20990101T000000.000000Z").mkdir()
    (versions / "20990101T000000.000000Z-cafe").mkdir()  # no completion marker
    (versions / ".probe-x").write_text("")
    (out.parent / ".processed.link-99").symlink_to("processed.versions/nowhere")
    (out.parent / ".processed.probe-1").write_text("")
    with publish.build_lock(out):
        notes = publish.cleanup(out)
    assert len(notes) == 5
    assert snapshot(out) == before
    assert_tidy(out, versions=1)


def test_a_dangling_link_is_pointed_back_at_the_newest_whole_version(out: Path) -> None:
    publish_once(out, "one")
    publish_once(out, "two")
    current = Path(os.path.realpath(out))
    os.rename(current, current.parent / ".tmp-1-moved")  # the current version vanished
    assert not out.exists() and publish.needs_cleanup(out)
    publish.tidy(out)
    assert (out / "table.parquet").read_text().startswith("table one")


def test_a_dangling_link_without_any_version_is_simply_replaced(out: Path) -> None:
    out.parent.mkdir(parents=True)
    out.symlink_to("processed.versions/gone")  # e.g. the versions folder deleted by hand
    publish_once(out, "one")
    assert (out / "table.parquet").read_text().startswith("table one")
    assert_tidy(out, versions=1)


# ---------------------------------------------------------------- refused before any work, in one line


def test_a_read_only_published_folder_is_not_replaced(out: Path) -> None:
    publish_once(out, "one")
    before = snapshot(out)
    current = Path(os.path.realpath(out))
    current.chmod(0o555)
    try:
        with publish.build_lock(out), pytest.raises(PublishError) as caught:
            publish.preflight(out)
        assert "the published folder is read-only, so it is not replaced" in str(caught.value)
        assert "\n" not in str(caught.value)
        assert oct(current.stat().st_mode & 0o777) == "0o555"  # its permissions untouched
    finally:
        current.chmod(0o755)
    assert snapshot(out) == before


def unprivileged(action) -> str:
    """The PublishError message of action() run without root's rights (as nobody, in a forked child,
    when the tests run as root: chmod does not bind root); '' when it raised nothing."""
    if not ROOT:
        try:
            action()
        except PublishError as error:
            return str(error)
        return ""
    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - the child reports through the pipe
        try:
            os.close(read)
            os.setgroups([])
            os.setgid(65534)
            os.setuid(65534)
            try:
                action()
                message = ""
            except PublishError as error:
                message = str(error)
            except BaseException as error:
                message = f"unexpected {type(error).__name__}: {error}"
            os.write(write, message.encode())
        finally:
            os._exit(0)
    os.close(write)
    chunks = []
    while chunk := os.read(read, 1 << 16):
        chunks.append(chunk)
    os.close(read)
    os.waitpid(child, 0)
    return b"".join(chunks).decode()


@pytest.fixture
def shared_tmp():
    """A folder nobody can reach (tmp_path lies under a root-only folder)."""
    base = Path(tempfile.mkdtemp(prefix="atlas-publish-"))
    base.chmod(0o755)
    yield base
    for folder in [base, *base.rglob("*")]:
        if folder.is_dir() and not folder.is_symlink():
            folder.chmod(0o755)
    shutil.rmtree(base)


def test_a_parent_folder_that_is_not_writable(shared_tmp: Path) -> None:
    out = shared_tmp / "data" / "processed"
    out.parent.mkdir()
    out.parent.chmod(0o555)

    def take_lock() -> None:
        with publish.build_lock(out):
            pass

    assert unprivileged(take_lock) == (
        f"{out.parent}/.processed.lock: cannot create the build lock (permission denied); "
        "the published data is unchanged"
    )


def test_a_versions_folder_that_is_not_writable(shared_tmp: Path) -> None:
    out = shared_tmp / "data" / "processed"
    (out.parent / "processed.versions").mkdir(parents=True)
    out.parent.chmod(0o777)
    (out.parent / "processed.versions").chmod(0o555)

    def build() -> None:
        with publish.build_lock(out):
            publish.preflight(out)

    assert unprivileged(build) == (
        f"{out.parent}/processed.versions: cannot write (permission denied); the published data is unchanged"
    )


def test_a_parent_that_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "afile").write_text("")
    lock = publish.build_lock(tmp_path / "afile" / "processed")
    with pytest.raises(PublishError, match=r"cannot create the build lock \(.*afile is a file, not a folder\)"), lock:
        pass


def test_a_full_disk_is_refused_before_the_build(out: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    publish_once(out, "one")
    usage = publish.shutil._ntuple_diskusage(10**9, 10**9 - 10**6, 10**6)
    monkeypatch.setattr(publish.shutil, "disk_usage", lambda path: usage)
    with publish.build_lock(out), pytest.raises(PublishError, match=r"only 1 MB free, a build needs about 67 MB"):
        publish.preflight(out)


def test_a_folder_that_is_not_a_build_is_not_replaced(out: Path) -> None:
    out.mkdir(parents=True)
    (out / "notes.txt").write_text("mine")
    with publish.build_lock(out), pytest.raises(PublishError, match=r"a folder without manifest\.json"):
        publish.preflight(out)
    assert (out / "notes.txt").read_text() == "mine"


def test_disk_full_while_writing_is_one_line_and_leaves_nothing(out: Path) -> None:
    publish_once(out, "one")
    before = snapshot(out)

    def full(folder: Path) -> None:
        (folder / "table.parquet").write_text("partial")
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(folder / "other.parquet"))

    with publish.build_lock(out), pytest.raises(PublishError) as caught:
        publish.publish_version(out, full, "e" * 8)
    message = str(caught.value)
    assert message.endswith(
        "other.parquet: cannot write the new version (no space left on the disk); the published data is unchanged"
    )
    assert snapshot(out) == before
    assert_tidy(out, versions=1)


# ---------------------------------------------------------------- command line, tiny tables for steps

FAKE_BUILD = """
import errno, os, shutil, sys, time
from pathlib import Path
import pandas as pd
import etl.build as b
from etl.step import Context

b.input_files = lambda steps: []

def run_steps(steps, raw_dir, log=print):
    wait = os.environ.get("FAKE_WAIT")
    if wait:
        Path(wait + ".started").touch()
        while not Path(wait).exists():
            time.sleep(0.02)
    ctx = Context(raw_dir=raw_dir, registry={})
    ctx.tables = {"fake_a": pd.DataFrame({"x": [1, 2, int(os.environ.get("FAKE_VALUE", "3"))]}),
                  "fake_b": pd.DataFrame({"y": ["a"]})}
    return ctx

b.run_steps = run_steps
if os.environ.get("FAKE_FAIL") == "enospc":
    real = b.write_table
    def write_table(frame, path):
        if path.name == "fake_b.parquet":
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real(frame, path)
    b.write_table = write_table
if os.environ.get("FAKE_FREE"):
    free = int(os.environ["FAKE_FREE"])
    shutil.disk_usage = lambda path: shutil._ntuple_diskusage(10**12, 10**12 - free, free)
from etl.__main__ import main
sys.exit(main(sys.argv[1:]))
"""


def fake_build(
    out: Path, *args: str, wait: bool = True, **env: str
) -> subprocess.CompletedProcess[str] | subprocess.Popen:
    environment = {**os.environ, "ATLAS_PROCESSED_DIR": str(out), "ATLAS_RAW_DIR": str(out.parent / "raw"), **env}
    command = [sys.executable, "-c", FAKE_BUILD, "build", *args]
    if not wait:
        return subprocess.Popen(
            command, cwd=PROJECT, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
    return subprocess.run(
        command, cwd=PROJECT, env=environment, capture_output=True, text=True, check=False, timeout=120
    )


def one_error_line(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 1, (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("error: ")
    return lines[0]


@pytest.fixture
def published(out: Path) -> dict[str, str]:
    done = fake_build(out, "--force")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1].startswith(f"Built 2 tables in {out}")
    return snapshot(out)


def test_cli_unchanged_rerun_is_a_no_op(out: Path, published: dict[str, str]) -> None:
    done = fake_build(out)
    assert done.returncode == 0 and done.stdout.startswith("Nothing to do"), done.stderr
    assert snapshot(out) == published


def test_cli_second_build_gets_the_lock_message(out: Path, published: dict[str, str]) -> None:
    with publish.build_lock(out):
        line = one_error_line(fake_build(out, "--force"))
    running = f"another build is running (pid {os.getpid()}) on {out}"
    assert line == f"error: {running}; wait for it to end, then run the command again"
    assert snapshot(out) == published


def test_cli_two_concurrent_builds_do_not_interleave(out: Path, published: dict[str, str], tmp_path: Path) -> None:
    gate = tmp_path / "gate"
    first = fake_build(out, "--force", wait=False, FAKE_WAIT=str(gate), FAKE_VALUE="7")
    try:
        deadline = time.monotonic() + 60
        while not Path(f"{gate}.started").exists():
            assert first.poll() is None and time.monotonic() < deadline, first.communicate()
            time.sleep(0.05)
        line = one_error_line(fake_build(out, "--force", FAKE_VALUE="8"))
        assert line.startswith(f"error: another build is running (pid {first.pid}) on {out}")
        assert snapshot(out) == published  # the first has not published yet, the second did nothing
    finally:
        gate.touch()
        _, stderr = first.communicate(timeout=60)
    assert first.returncode == 0, stderr
    assert snapshot(out) != published
    assert_tidy(out, versions=2)


def test_cli_read_only_target_is_refused_before_building(out: Path, published: dict[str, str]) -> None:
    current = Path(os.path.realpath(out))
    current.chmod(0o555)
    try:
        started = time.perf_counter()
        line = one_error_line(fake_build(out, "--force", FAKE_WAIT=str(out.parent / "never")))  # steps never run
        assert time.perf_counter() - started < 60
    finally:
        current.chmod(0o755)
    assert line.startswith(f"error: {out}: the published folder is read-only, so it is not replaced")
    assert snapshot(out) == published


def test_cli_parent_that_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "afile").write_text("")
    line = one_error_line(fake_build(tmp_path / "afile" / "processed", "--force"))
    assert line == (
        f"error: {tmp_path}/afile/.processed.lock: cannot create the build lock ({tmp_path}/afile is a file, "
        "not a folder); set ATLAS_PROCESSED_DIR to a path inside a folder"
    )


@pytest.mark.skipif(ROOT, reason="root writes in a folder whatever its permissions")
def test_cli_parent_folder_not_writable(out: Path, published: dict[str, str]) -> None:
    (out.parent / ".processed.lock").unlink()
    out.parent.chmod(0o555)
    try:
        line = one_error_line(fake_build(out, "--force"))
    finally:
        out.parent.chmod(0o755)
    assert "permission denied" in line
    assert snapshot(out) == published


def test_cli_disk_full_while_writing(out: Path, published: dict[str, str]) -> None:
    line = one_error_line(fake_build(out, "--force", FAKE_FAIL="enospc", FAKE_VALUE="9"))
    assert line.startswith(f"error: {out.parent}/processed.versions/.tmp-")
    assert line.endswith(
        "fake_b.parquet: cannot write the new version (no space left on the disk); the published data is unchanged"
    )
    assert snapshot(out) == published
    assert_tidy(out, versions=1)


def test_cli_no_free_space_is_refused_before_building(out: Path, published: dict[str, str]) -> None:
    line = one_error_line(fake_build(out, "--force", FAKE_FREE=str(2 * 10**6)))
    assert line.startswith(f"error: {out.parent}/processed.versions: only 2 MB free, a build needs about 67 MB")
    assert snapshot(out) == published


def test_cli_killed_at_a_random_moment_then_the_next_build_cleans_up(out: Path, published: dict[str, str]) -> None:
    seed = random.randrange(1 << 30)
    delays = random.Random(seed).sample(range(0, 1500, 25), 3)
    for delay in delays:
        run = fake_build(out, "--force", wait=False, FAKE_VALUE=str(delay))
        time.sleep(delay / 1000)
        run.send_signal(signal.SIGKILL)
        run.communicate(timeout=60)
        assert out.is_dir(), f"seed {seed}, {delay} ms"
        assert set(snapshot(out)) == set(published), f"seed {seed}, {delay} ms"  # one whole build, old or new
    done = fake_build(out, "--force")
    assert done.returncode == 0, done.stderr
    assert_tidy(out, versions=2)


def test_cli_rollback(out: Path, published: dict[str, str]) -> None:
    assert fake_build(out, "--force", FAKE_VALUE="5").returncode == 0
    environment = {**os.environ, "ATLAS_PROCESSED_DIR": str(out)}
    done = subprocess.run(
        [sys.executable, "-m", "etl", "rollback"],
        cwd=PROJECT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0 and done.stdout.startswith(f"Rolled back {out} to processed.versions/"), done.stderr
    assert snapshot(out) == published
    done = subprocess.run(
        [sys.executable, "-m", "etl", "rollback"],
        cwd=PROJECT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert one_error_line(done).endswith("no earlier version to roll back to (only the current one is kept)")
