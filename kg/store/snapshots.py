"""Read snapshots: what readers open while a writer works on the store.

Oxigraph documents a read-only open of a store that another process is writing as undefined
behaviour (in practice `kg gaps` during a load answered 0 rows for seconds). So readers never open
the writer's database: at the end of each write session the writer *publishes* a snapshot, a
RocksDB checkpoint made by ``Store.backup`` (hard links to the immutable table files when on the
same file system: a few milliseconds and almost no disk), with the generation it holds and the
gaps index built for it. Readers open the current snapshot read-only; nobody writes it, so the
read is within Oxigraph's guarantees, and a reader during a load gets the whole state before the
load, then the whole state after it.

Folder layout (``.kg/``)::

    oxigraph/            the writer's database          writer.lock   held by the writer
    generation           the writer's generation        gaps-index.sqlite   built by the writer
    snapshots/current    the name of the current snapshot
    merged-generation    the generation the merged default graph matches (kg/store/merged.py)
    snapshots/<name>/    oxigraph/ (checkpoint), generation, gaps-index.sqlite, readers.lock,
                         merged-generation when the merged view was current at the publish

Locks are ``flock`` locks (per open file, so two Store objects of one process exclude each other,
and they go away with the process). The writer holds ``writer.lock`` exclusively for its session.
A reader holds its snapshot's ``readers.lock`` shared while it reads; an old snapshot is deleted
only when its lock can be taken exclusively (no reader left), else at a later publish.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import time
import uuid
import weakref
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

SNAPSHOTS = "snapshots"
CURRENT = "current"
WRITER_LOCK = "writer.lock"
READERS_LOCK = "readers.lock"
GENERATION_FILE = "generation"
MERGED_GENERATION_FILE = "merged-generation"  # the generation the merged default graph matches
INDEX_FILE = "gaps-index.sqlite"
DATABASE = "oxigraph"

# Lock files held by this process: a child made by fork (the load's parsing workers) closes its
# copies, or a worker outliving a killed writer would keep the writer's lock.
_HELD: weakref.WeakSet[Lock] = weakref.WeakSet()


class Lock:
    """An flock on a file, released when closed or garbage-collected."""

    def __init__(self, path: Path, *, exclusive: bool, wait: bool, create: bool = True):
        # a reader may pin a snapshot of a folder it may only read: flock works on any open file
        flags = (os.O_RDWR | os.O_CREAT) if create else os.O_RDONLY
        self.path = path
        self._fd: int | None = os.open(path, flags, 0o644)
        try:
            op = (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | (0 if wait else fcntl.LOCK_NB)
            fcntl.flock(self._fd, op)
        except OSError:
            os.close(self._fd)
            self._fd = None
            raise
        _HELD.add(self)

    def same_file(self) -> bool:
        """Whether the locked file is still the one at its path (not deleted and replaced)."""
        try:
            return self._fd is not None and os.stat(self.path).st_ino == os.fstat(self._fd).st_ino
        except OSError:
            return False

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def __del__(self) -> None:
        self.close()


def _close_in_child() -> None:
    for lock in list(_HELD):
        lock.close()


os.register_at_fork(after_in_child=_close_in_child)


def try_lock(path: Path, *, exclusive: bool, create: bool = True) -> Lock | None:
    try:
        return Lock(path, exclusive=exclusive, wait=False, create=create)
    except BlockingIOError:
        return None


def lock_writer(root: Path, wait_seconds: float = 3.0) -> Lock | None:
    """The writer's lock, or None when another writer holds it. Waits a little: a reader may
    hold it for the moment it takes to publish a snapshot."""
    deadline = time.monotonic() + wait_seconds
    while True:
        lock = try_lock(root / WRITER_LOCK, exclusive=True)
        if lock is not None or time.monotonic() >= deadline:
            return lock
        time.sleep(0.05)


@dataclass(frozen=True)
class Snapshot:
    folder: Path

    @property
    def database(self) -> Path:
        return self.folder / DATABASE

    @property
    def generation(self) -> str:
        return read_generation(self.folder)


def read_generation(folder: Path, name: str = GENERATION_FILE) -> str:
    try:
        return (folder / name).read_text(encoding="ascii").strip()
    except OSError:
        return "none"


def current(root: Path) -> Snapshot | None:
    try:
        name = (root / SNAPSHOTS / CURRENT).read_text(encoding="utf-8").strip()
    except OSError:
        return None
    folder = root / SNAPSHOTS / name
    return Snapshot(folder) if name and folder.is_dir() else None


def pin(snapshot: Snapshot) -> Lock | None:
    """A shared lock that keeps ``snapshot`` from being deleted while it is read; None when it
    was deleted in the meantime (read ``current`` again)."""
    try:
        lock = Lock(snapshot.folder / READERS_LOCK, exclusive=False, wait=True, create=False)
    except FileNotFoundError:
        return None
    if not lock.same_file():
        lock.close()
        return None
    return lock


def publish(inner: ox.Store, root: Path, generation: str) -> Snapshot:
    """Make the writer's present state the current snapshot (the caller holds the writer lock),
    then delete the snapshots no reader holds any more."""
    snaps = root / SNAPSHOTS
    snaps.mkdir(exist_ok=True)
    name = f"{generation[:16]}-{uuid.uuid4().hex[:8]}"
    tmp = snaps / f"{name}.tmp"
    tmp.mkdir()
    inner.flush()
    inner.backup(str(tmp / DATABASE))
    (tmp / GENERATION_FILE).write_text(generation, encoding="ascii")
    if read_generation(root, MERGED_GENERATION_FILE) == generation:  # the merged view came along
        (tmp / MERGED_GENERATION_FILE).write_text(generation, encoding="ascii")
    index = root / INDEX_FILE
    if index.exists():  # its stamp says whether it fits; a stale one is rebuilt by its first reader
        try:
            os.link(index, tmp / INDEX_FILE)
        except OSError:
            shutil.copyfile(index, tmp / INDEX_FILE)
    (tmp / READERS_LOCK).touch()
    os.rename(tmp, snaps / name)
    pointer = snaps / f"{CURRENT}.{os.getpid()}.tmp"
    pointer.write_text(name, encoding="utf-8")
    os.replace(pointer, snaps / CURRENT)
    prune(root)
    return Snapshot(snaps / name)


def prune(root: Path) -> list[str]:
    """Delete every snapshot but the current one that no reader holds; returns their names."""
    snaps = root / SNAPSHOTS
    keep = current(root)
    removed = []
    for folder in sorted(snaps.iterdir()) if snaps.is_dir() else []:
        if not folder.is_dir() or folder.suffix == ".tmp" or (keep and folder == keep.folder):
            continue
        lock = try_lock(folder / READERS_LOCK, exclusive=True, create=False) \
            if (folder / READERS_LOCK).exists() else None
        if lock is None and (folder / READERS_LOCK).exists():
            continue  # a reader still reads it
        gone = folder.with_name(folder.name + ".deleted.tmp")
        os.rename(folder, gone)  # readers that look now find it gone and read `current` again
        if lock is not None:
            lock.close()
        shutil.rmtree(gone, ignore_errors=True)
        removed.append(folder.name)
    return removed


def remove_leftovers(root: Path) -> list[Path]:
    """Temporary files a killed process left (the caller holds the writer lock): snapshots half
    made or half deleted, and ``*.<pid>.tmp`` files of processes that are gone."""
    removed: list[Path] = []
    snaps = root / SNAPSHOTS
    if snaps.is_dir():
        for p in snaps.iterdir():
            if p.is_dir() and p.suffix == ".tmp":
                shutil.rmtree(p, ignore_errors=True)
                removed.append(p)
    folders = [root, snaps] + ([p for p in snaps.iterdir() if p.is_dir()] if snaps.is_dir() else [])
    for folder in folders:
        for p in folder.glob("*.tmp") if folder.is_dir() else []:
            pid = p.suffixes[-2][1:] if len(p.suffixes) >= 2 else ""
            if p.is_file() and pid.isdigit() and not _alive(int(pid)):
                p.unlink(missing_ok=True)
                removed.append(p)
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
