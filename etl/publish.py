"""Publishing a build: one build at a time, versioned folders, and an atomic switch of a symlink.

Layout, for out_dir = data/processed (or $ATLAS_PROCESSED_DIR):

    data/processed             symlink -> processed.versions/<id> (relative: the data folder can move)
    data/processed.versions/   one folder per published build: the current one and the one before it
    data/.processed.lock       locked (flock) by the running build, which writes its pid in it

A build writes into processed.versions/.tmp-<pid>-<id>/, flushes every file to disk, writes the
completion marker `.complete`, renames the folder to <id>, then creates a temporary symlink beside
data/processed and renames it over data/processed. rename(2) replaces the old symlink atomically: a
reader sees the previous version or the new one, never nothing and never a mix of files of both (a
reader that resolves the link once, as `python -m etl check` does, reads one version throughout).
The version before stays for `python -m etl rollback`; older ones are deleted.

A killed build leaves at most a temporary folder, a temporary symlink, or a complete version that was
never switched in; the next build (or an unchanged rerun, when no build holds the lock) removes them,
and points data/processed back at the newest complete version if it was left dangling.

A real data/processed folder (published before versions existed) is migrated by the first publish:
the new symlink and the folder trade places in one renameat2(RENAME_EXCHANGE) call (Linux), then the
folder is moved into processed.versions/ as the previous version, so data/processed is never absent.
Where the system cannot exchange two names (another OS, a filesystem without RENAME_EXCHANGE), the
folder is renamed into the versions and the symlink renamed in its place right after: data/processed
is then absent between those two calls, a few microseconds, once.

Only the standard library is imported: the unchanged-rerun path uses `tidy` without loading pandas.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import json
import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path

from etl.errors import PublishError, os_reason
from etl.freshness import MANIFEST

MARKER = ".complete"  # written last into a version folder: the folder is whole
KEEP = 2  # the current version and the one before it (for rollback)
MIN_FREE = 64 << 20  # bytes a first build needs at least (a full build publishes about 45 MB)
GITIGNORE = "# build outputs (etl/publish.py): never committed\n*\n"

# Called with the name of each stage of a publish; tests set it to interrupt the sequence there.
on_stage: Callable[[str], None] | None = None


def _stage(name: str) -> None:
    if on_stage is not None:
        on_stage(name)


class Layout:
    """The paths around one published folder."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = Path(out_dir)
        self.name = self.out_dir.name
        self.parent = self.out_dir.parent
        self.versions = self.parent / f"{self.name}.versions"
        self.lock = self.parent / f".{self.name}.lock"
        self.prefix = f".{self.name}."  # temporary symlinks and probes beside out_dir start with it

    def link_tmp(self) -> Path:
        return self.parent / f"{self.prefix}link-{os.getpid()}"


# ---------------------------------------------------------------- one build at a time

_HELD: set[int] = set()


def _close_in_child() -> None:
    """A forked worker must not keep the build lock alive: flock belongs to the open file, which a
    fork shares, so a worker orphaned by a killed build would otherwise block every later build."""
    for fd in list(_HELD):
        with suppress(OSError):
            os.close(fd)
    _HELD.clear()


os.register_at_fork(after_in_child=_close_in_child)


def lock_holder(out_dir: Path) -> str:
    """The pid recorded in the lock file (what the running build wrote), or '?'."""
    try:
        text = Layout(out_dir).lock.read_text().strip()
    except OSError:
        return "?"
    return text if text.isdigit() else "?"


def _open_lock(lay: Layout) -> int:
    if os.path.lexists(lay.parent) and not lay.parent.is_dir():
        raise PublishError(
            f"{lay.lock}: cannot create the build lock ({lay.parent} is a file, not a folder); "
            "set ATLAS_PROCESSED_DIR to a path inside a folder"
        )
    try:
        lay.parent.mkdir(parents=True, exist_ok=True)
        return os.open(lay.lock, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except OSError as error:
        raise PublishError.from_os(error, lay.lock, "cannot create the build lock") from None


@contextmanager
def build_lock(out_dir: Path) -> Iterator[None]:
    """Hold the build lock of out_dir, or fail at once with one line naming the build that holds it."""
    lay = Layout(out_dir)
    fd = _open_lock(lay)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise PublishError(
            f"another build is running (pid {lock_holder(out_dir)}) on {lay.out_dir}; "
            "wait for it to end, then run the command again"
        ) from None
    _HELD.add(fd)
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        _HELD.discard(fd)
        with suppress(OSError):
            os.ftruncate(fd, 0)
        os.close(fd)  # releases the lock (the file itself stays: deleting it would race another build)


def _try_lock(lay: Layout) -> int | None:
    """The lock's fd if it could be taken without waiting, else None (best effort, never raises)."""
    try:
        fd = os.open(lay.lock, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return None
    return fd


# ---------------------------------------------------------------- versions


def is_complete(folder: Path) -> bool:
    return (folder / MARKER).is_file()


def current_version(out_dir: Path) -> Path | None:
    """The version folder data/processed points at, if it is one of ours and exists."""
    lay = Layout(out_dir)
    if not lay.out_dir.is_symlink():
        return None
    target = Path(os.readlink(lay.out_dir))
    if target.is_absolute() or target.parent != Path(lay.versions.name) or target.name.startswith("."):
        return None  # not a link this module made
    folder = lay.versions / target.name
    return folder if folder.is_dir() else None


def complete_versions(out_dir: Path) -> list[Path]:
    """Complete version folders, oldest first (their names start with a UTC timestamp)."""
    lay = Layout(out_dir)
    if not lay.versions.is_dir():
        return []
    return sorted(p for p in lay.versions.iterdir() if not p.name.startswith(".") and p.is_dir() and is_complete(p))


def version_id(when: datetime | None = None, fingerprint: str = "", suffix: str = "") -> str:
    """'20250101T120000.123456Z-1a2b3c4d': sorts by time."""
    stamp = (when or datetime.now(UTC)).astimezone(UTC).strftime("%Y%m%dT%H%M%S.%fZ")
    return "-".join(part for part in (stamp, fingerprint[:8], suffix) if part)


def _free_name(lay: Layout, wanted: str) -> Path:
    path, n = lay.versions / wanted, 1
    while os.path.lexists(path):
        n += 1
        path = lay.versions / f"{wanted}-{n}"
    return path


def _legacy_id(folder: Path, suffix: str) -> str:
    """Id of a folder published before versions existed: its build time and fingerprint."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
        when = datetime.fromisoformat(manifest["built_at"])
        return version_id(when, str(manifest.get("fingerprint", "")), suffix)
    except (OSError, ValueError, KeyError, TypeError):
        return version_id(datetime.fromtimestamp(folder.stat().st_mtime, UTC), "", suffix)


def _mark_complete(folder: Path, version: str) -> None:
    marker = folder / MARKER
    with open(marker, "w") as handle:
        handle.write(json.dumps({"version": version}) + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    _fsync_dir(folder)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _sync_tree(folder: Path) -> None:
    """Every file of folder on disk before the folder is named complete (a crash keeps no half file)."""
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            with open(path, "rb") as handle:
                os.fsync(handle.fileno())
    _fsync_dir(folder)


def _remove(path: Path) -> None:
    """Delete a file, symlink or folder; missing is fine."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif os.path.lexists(path):
        path.unlink()


def _make_versions(lay: Layout) -> None:
    """The versions folder, which git ignores by itself (it lies beside data/processed, not in it)."""
    lay.versions.mkdir(parents=True, exist_ok=True)
    gitignore = lay.versions / ".gitignore"
    if not gitignore.exists():
        gitignore.write_text(GITIGNORE)


# ---------------------------------------------------------------- before the build


def published_bytes(out_dir: Path) -> int:
    """Size of the files published now (what the next build will need again, about)."""
    if not Path(out_dir).is_dir():
        return 0
    return sum(entry.stat().st_size for entry in os.scandir(out_dir) if entry.is_file())


def preflight(out_dir: Path, needed: int | None = None) -> None:
    """Refuse, in one line and before any work, a target the build could not publish to."""
    lay = Layout(out_dir)
    if lay.out_dir.exists() and not lay.out_dir.is_dir():  # (a dangling symlink is simply replaced)
        raise PublishError(f"{lay.out_dir}: not a folder; move it away or set ATLAS_PROCESSED_DIR to another folder")
    if lay.out_dir.is_dir():
        mode = os.stat(lay.out_dir).st_mode
        if not mode & stat.S_IWUSR or not os.access(lay.out_dir, os.W_OK):
            raise PublishError(
                f"{lay.out_dir}: the published folder is read-only, so it is not replaced; make it writable "
                f"(chmod u+w {lay.out_dir}) to publish a new build, or set ATLAS_PROCESSED_DIR to another folder"
            )
        if not lay.out_dir.is_symlink() and not (lay.out_dir / MANIFEST).is_file() and any(lay.out_dir.iterdir()):
            raise PublishError(
                f"{lay.out_dir}: a folder without {MANIFEST} (not a build of this pipeline?) is not replaced; "
                "move it away or set ATLAS_PROCESSED_DIR to another folder"
            )
    for folder in (lay.parent, lay.versions):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            fd, probe = tempfile.mkstemp(
                prefix=f"{lay.prefix}probe-" if folder == lay.parent else ".probe-", dir=folder
            )
            os.close(fd)
            os.unlink(probe)
        except OSError as error:
            raise PublishError(
                f"{folder}: cannot write ({os_reason(error)}); the published data is unchanged"
            ) from None
    try:
        _make_versions(lay)
    except OSError as error:
        raise PublishError.from_os(error, lay.versions, "cannot write") from None
    needed = max(MIN_FREE, int(1.25 * published_bytes(lay.out_dir))) if needed is None else needed
    free = shutil.disk_usage(lay.versions).free
    if free < needed:
        raise PublishError(
            f"{lay.versions}: only {free / 1e6:,.0f} MB free, a build needs about {needed / 1e6:,.0f} MB; "
            "free some space or set ATLAS_PROCESSED_DIR to another disk; the published data is unchanged"
        )


# ---------------------------------------------------------------- leftovers of killed builds


def _adopt(folder: Path, lay: Layout, suffix: str) -> Path | None:
    """Move a whole published folder (it has its manifest) into the versions; a duplicate is dropped."""
    wanted = _legacy_id(folder, suffix)
    if os.path.lexists(lay.versions / wanted):
        shutil.rmtree(folder)
        return None
    _make_versions(lay)
    target = _free_name(lay, wanted)
    os.rename(folder, target)
    _mark_complete(target, target.name)
    return target


def needs_cleanup(out_dir: Path) -> bool:
    """Cheap look (two directory listings) for anything cleanup() would change."""
    lay = Layout(out_dir)
    try:
        beside = [n for n in os.listdir(lay.parent) if n.startswith(lay.prefix) and n != lay.lock.name]
    except OSError:
        return False
    if beside or (os.path.islink(lay.out_dir) and not os.path.exists(lay.out_dir)):
        return True
    try:
        names = [n for n in os.listdir(lay.versions) if n != ".gitignore"]
    except OSError:
        return False
    if not os.path.islink(lay.out_dir):  # absent (restore a version) or a plain folder (versions unpublished)
        return bool(names)
    current = os.path.basename(os.readlink(lay.out_dir))
    return any(n.startswith(".") or n > current for n in names) or len(names) > KEEP


def cleanup(out_dir: Path) -> list[str]:
    """Remove what killed builds left behind and point data/processed at a whole version again if it
    was left absent or dangling. The caller holds the build lock. Returns notes for the log."""
    lay = Layout(out_dir)
    notes: list[str] = []
    missing = not lay.out_dir.exists()  # absent or dangling
    if lay.parent.is_dir():
        for entry in sorted(lay.parent.iterdir()):
            if not entry.name.startswith(lay.prefix) or entry == lay.lock:
                continue
            whole = entry.is_dir() and not entry.is_symlink() and (entry / MANIFEST).is_file()
            # a folder that traded places with the symlink (migration), or one left by the pre-versions
            # swap while data/processed is gone: published data, kept as a version
            if whole and (entry.name.startswith(f"{lay.prefix}link-") or missing):
                kept = _adopt(entry, lay, "recovered")
                notes.append(
                    f"publish: kept {entry.name} (left by a killed build) as {kept.name if kept else 'a copy'}"
                )
            else:
                _remove(entry)
                notes.append(f"publish: removed {entry.name}, left by a killed build")
    current = current_version(lay.out_dir)
    plain = lay.out_dir.is_dir() and not lay.out_dir.is_symlink()  # published before versions existed
    if lay.versions.is_dir():
        for entry in sorted(lay.versions.iterdir()):
            if entry.name == ".gitignore" or entry == current:
                continue
            if entry.name.startswith(".") or not entry.is_dir() or not is_complete(entry):
                _remove(entry)
                notes.append(f"publish: removed {lay.versions.name}/{entry.name}, left incomplete by a killed build")
            elif plain or (current is not None and entry.name > current.name):
                shutil.rmtree(entry)
                notes.append(
                    f"publish: removed {lay.versions.name}/{entry.name}, unpublished (not switched to, or rolled back)"
                )
    if not lay.out_dir.exists() and (versions := complete_versions(lay.out_dir)):
        switch(lay.out_dir, versions[-1])
        notes.append(f"publish: {lay.out_dir} restored to {lay.versions.name}/{versions[-1].name}")
    notes.extend(prune(lay.out_dir))
    return notes


def tidy(out_dir: Path) -> list[str]:
    """cleanup() when there is something to clean and no build runs (never waits, never raises)."""
    if not needs_cleanup(out_dir):
        return []
    lay = Layout(out_dir)
    fd = _try_lock(lay)
    if fd is None:
        return []
    try:
        return cleanup(out_dir)
    except OSError:
        return []
    finally:
        os.close(fd)


def prune(out_dir: Path, keep: int = KEEP) -> list[str]:
    """Delete versions beyond the current one and the (keep - 1) before it."""
    current = current_version(out_dir)
    if current is None:
        return []
    older = [v for v in complete_versions(out_dir) if v.name < current.name]
    notes = []
    for version in older[: max(0, len(older) - (keep - 1))]:
        try:
            shutil.rmtree(version)
        except OSError as error:
            notes.append(f"publish: could not delete the old version {version} ({os_reason(error)})")
    return notes


# ---------------------------------------------------------------- publish and switch


def publish_version(out_dir: Path, write: Callable[[Path], None], fingerprint: str = "") -> Path:
    """Write a new version with write(folder), make it whole on disk, switch data/processed to it and
    drop the versions beyond the previous one. The caller holds the build lock. Any OSError becomes
    one PublishError line naming the path; data/processed is left as it was unless the switch happened."""
    lay = Layout(out_dir)
    wanted = version_id(fingerprint=fingerprint)
    tmp = lay.versions / f".tmp-{os.getpid()}-{wanted}"
    final: Path | None = None
    try:
        _make_versions(lay)
        tmp.mkdir()
        _stage("writing")
        write(tmp)
        _stage("written")
        _sync_tree(tmp)
        _mark_complete(tmp, wanted)
        _stage("complete")
        final = _free_name(lay, wanted)
        os.rename(tmp, final)
        _fsync_dir(lay.versions)
        _stage("renamed")
    except BaseException as error:
        shutil.rmtree(tmp, ignore_errors=True)
        if final is not None:
            shutil.rmtree(final, ignore_errors=True)
        if isinstance(error, OSError):
            raise PublishError.from_os(error, tmp, "cannot write the new version") from None
        raise
    try:
        switch(out_dir, final)
    except BaseException as error:
        if current_version(out_dir) != final and os.path.lexists(out_dir):  # (absent: the next run links it)
            shutil.rmtree(final, ignore_errors=True)
        if isinstance(error, OSError):
            raise PublishError.from_os(error, out_dir, "cannot switch to the new version") from None
        raise
    prune(out_dir)
    _stage("pruned")
    return final


def switch(out_dir: Path, version: Path) -> None:
    """Point out_dir at version in one rename; a real folder there is migrated (see the module doc)."""
    lay = Layout(out_dir)
    link = lay.link_tmp()
    _remove(link)
    os.symlink(f"{lay.versions.name}/{version.name}", link)
    try:
        _stage("linked")
        if lay.out_dir.is_symlink() or not os.path.lexists(lay.out_dir):
            os.replace(link, lay.out_dir)
        elif lay.out_dir.is_dir():
            _migrate(lay, link)
        else:
            raise PublishError(f"{lay.out_dir}: not a folder nor a symlink; move it away")
    finally:
        if link.is_symlink():  # not used (a failure before the rename): drop it
            link.unlink()
    _fsync_dir(lay.parent)
    _stage("switched")


def _migrate(lay: Layout, link: Path) -> None:
    """Replace the real folder out_dir (a whole build, or empty: see preflight) by the symlink `link`
    and keep the folder as the previous version."""
    whole = (lay.out_dir / MANIFEST).is_file()
    if _exchange(link, lay.out_dir):  # out_dir is the symlink now; `link` names the old folder
        _stage("exchanged")
        if whole:
            _adopt(link, lay, "migrated")
        else:
            os.rmdir(link)
        return
    # No atomic exchange here: move the folder away, then rename the symlink in (out_dir absent in between).
    if whole:
        _mark_complete(lay.out_dir, "migrated")
        os.rename(lay.out_dir, _free_name(lay, _legacy_id(lay.out_dir, "migrated")))
    else:
        os.rmdir(lay.out_dir)
    _stage("aside")  # the only moment without data/processed; a killed build is repaired by the next run
    os.replace(link, lay.out_dir)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically with renameat2(RENAME_EXCHANGE); False where the system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EXDEV):
        return False
    raise OSError(code, os.strerror(code), str(b))


# ---------------------------------------------------------------- rollback and status


def rollback(out_dir: Path) -> str:
    """Point data/processed back at the version before the current one."""
    lay = Layout(out_dir)
    with build_lock(out_dir):
        cleanup(out_dir)
        current = current_version(out_dir)
        earlier = [v for v in complete_versions(out_dir) if current is None or v.name < current.name]
        if not earlier:
            raise PublishError(f"{lay.out_dir}: no earlier version to roll back to (only the current one is kept)")
        try:
            switch(out_dir, earlier[-1])
        except OSError as error:
            raise PublishError.from_os(error, out_dir, "cannot switch") from None
    return f"Rolled back {lay.out_dir} to {lay.versions.name}/{earlier[-1].name}" + (
        f" (was {current.name}; deleted by the next build)" if current else ""
    )


def status(out_dir: Path) -> str:
    """One line: which version is published and which one a rollback would restore."""
    lay = Layout(out_dir)
    current = current_version(out_dir)
    if current is None:
        return f"publish: {lay.out_dir} is a plain folder (it becomes a versioned symlink at the next build)"
    earlier = [v.name for v in complete_versions(out_dir) if v.name < current.name]
    previous = f"; previous {earlier[-1]} (python -m etl rollback)" if earlier else "; no previous version"
    return f"publish: {lay.out_dir} -> {lay.versions.name}/{current.name}{previous}"
