"""Safe reading while a build writes: one writer lock and published read-only snapshots.

RocksDB (under Oxigraph) allows one read-write process per store, and opening a store read-only
while another process writes it is undefined behaviour. So readers never open the live store:

- ``<store>.snapshots/build.lock`` is held (``flock``, exclusive) by the one process that writes
  the store. A second build fails fast with RG308 instead of waiting or corrupting anything.
- The writer publishes snapshots with ``Store.backup`` (a RocksDB checkpoint: hard links to the
  immutable table files, so cheap) into ``<store>.snapshots/<n>``: built under a temporary name,
  then renamed, so a snapshot is either complete or invisible. It publishes when it opens a store
  whose newest snapshot lags behind, every few documents during a build, and when it flushes.
- Readers open the newest snapshot read-only and hold a shared ``flock`` on its directory while
  they use it; old snapshots are deleted only when nobody holds them (the deleter takes the lock
  exclusively, renames the directory away, then deletes it).
- ``<store>.snapshots/unpublished`` marks writes not yet in any snapshot (e.g. a build that was
  killed). A reader that finds it, and finds no writer, refreshes the snapshot itself (holding the
  writer lock for those few milliseconds, and opening the store read-write, since a checkpoint
  of a read-only instance misses what is only in the write-ahead log) so it sees every
  committed document.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import shutil
import time
from pathlib import Path
from typing import IO, Literal

import pyoxigraph as ox

from reportgraph.errors import StoreError

Role = Literal["build", "snapshot"]
SNAPSHOT_EVERY_ENV = "REPORTGRAPH_SNAPSHOT_EVERY"
DEFAULT_SNAPSHOT_EVERY = 25  # documents between snapshots during a build
_NUMBERED = re.compile(r"\d{8}")
_POLL = 0.05
_HELD: set[int] = set()  # fds of the flocks this process holds


def _drop_inherited_locks() -> None:
    """In a forked child (extraction workers): point the inherited lock fds at /dev/null.

    A flock belongs to the open file, which fork shares: a child that kept the fd would keep
    the parent's build lock alive after the parent died, and block the next build. The fd
    numbers stay valid, so nothing closes an unrelated file later."""
    if not _HELD:
        return
    null = os.open(os.devnull, os.O_RDONLY)
    try:
        for fd in _HELD:
            with contextlib.suppress(OSError):
                os.dup2(null, fd)
    finally:
        os.close(null)
    _HELD.clear()


os.register_at_fork(after_in_child=_drop_inherited_locks)


def snapshot_every() -> int:
    """Documents between snapshots: ``$REPORTGRAPH_SNAPSHOT_EVERY`` or 25 (at least 1)."""
    try:
        return max(1, int(os.environ.get(SNAPSHOT_EVERY_ENV, DEFAULT_SNAPSHOT_EVERY)))
    except ValueError:
        return DEFAULT_SNAPSHOT_EVERY


def sidecar(store: Path) -> Path:
    """The directory beside the store that holds the lock, the marker and the snapshots."""
    return store.with_name(store.name + ".snapshots")


class BuildLock:
    """The exclusive writer lock of one store (released by ``release`` or process exit)."""

    def __init__(self, fh: IO[str]) -> None:
        self._fh: IO[str] | None = fh

    @classmethod
    def try_acquire(cls, store: Path, role: Role) -> BuildLock | None:
        """The lock, or None if another process (or another handle here) holds it."""
        path = sidecar(store) / "build.lock"
        path.parent.mkdir(parents=True, exist_ok=True)
        fh = path.open("a+", encoding="utf-8")
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.close()
            return None
        fh.seek(0)
        fh.truncate()
        fh.write(f"{role} {os.getpid()}\n")
        fh.flush()
        _HELD.add(fh.fileno())
        return cls(fh)

    @classmethod
    def acquire(cls, store: Path, role: Role, *, wait: float = 30.0) -> BuildLock:
        """Take the lock for a build: fail at once if another build holds it; wait (up to
        ``wait`` seconds) while a reader refreshes a snapshot under it."""
        deadline = time.monotonic() + wait
        while True:
            try:
                lock = cls.try_acquire(store, role)
            except OSError as exc:
                raise StoreError(
                    f"Could not create the lock beside the store at {sidecar(store)}: {exc}.",
                    "Make sure you may write the directory that holds the store.",
                    code="RG302",
                ) from exc
            if lock is not None:
                return lock
            holder = _holder(store)
            if (holder is not None and holder[0] == "build") or time.monotonic() > deadline:
                pid = f" (process {holder[1]})" if holder is not None else ""
                raise StoreError(
                    f"Another build{pid} is writing to this store ({store}).",
                    "Wait for it to finish or stop it; readers can keep querying meanwhile. "
                    "Two builds cannot write one store at the same time.",
                    code="RG308",
                )
            time.sleep(_POLL)

    def release(self) -> None:
        if self._fh is None:
            return
        _HELD.discard(self._fh.fileno())
        with contextlib.suppress(OSError):
            self._fh.seek(0)
            self._fh.truncate()
            self._fh.flush()
        self._fh.close()  # closing drops the flock
        self._fh = None


def _holder(store: Path) -> tuple[str, int] | None:
    """Who holds the lock, as its holder wrote it; None if unknown or that process is gone."""
    try:
        role, pid_text = (sidecar(store) / "build.lock").read_text(encoding="utf-8").split()
        pid = int(pid_text)
    except (OSError, ValueError):
        return None
    if pid != os.getpid():
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return None
        except PermissionError:
            pass
    return role, pid


class SnapshotHold:
    """A reader's shared lock on one snapshot directory; the snapshot stays while it is held."""

    def __init__(self, path: Path, fd: int) -> None:
        self.path = path
        self._fd: int | None = fd
        _HELD.add(fd)

    def release(self) -> None:
        if self._fd is not None:
            _HELD.discard(self._fd)
            os.close(self._fd)
            self._fd = None


class Snapshots:
    """The published snapshots of one on-disk store."""

    def __init__(self, store: Path) -> None:
        self.store = store
        self.dir = sidecar(store)
        self.marker = self.dir / "unpublished"

    def numbered(self) -> list[Path]:
        """Published snapshots, oldest first."""
        if not self.dir.is_dir():
            return []
        return sorted(p for p in self.dir.iterdir() if _NUMBERED.fullmatch(p.name))

    def lagging(self) -> bool:
        """True if the live store may hold writes that no snapshot has."""
        return self.marker.exists() or not self.numbered()

    def mark_unpublished(self) -> None:
        """Call before writing the live store (by the lock holder)."""
        if not self.marker.exists():
            self.marker.touch()

    def publish(self, db: ox.Store) -> Path:
        """Checkpoint ``db`` into the next snapshot, make it visible atomically, and prune.
        Only the holder of the build lock may call this."""
        existing = self.numbered()
        number = int(existing[-1].name) + 1 if existing else 1
        target = self.dir / f"{number:08d}"
        tmp = self.dir / f"tmp-{number:08d}-{os.getpid()}"
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
            _remove_tree(tmp)
            db.backup(str(tmp))
            os.rename(tmp, target)
            self.marker.unlink(missing_ok=True)  # only the lock holder writes, and not now
        except OSError as exc:
            raise StoreError(
                f"Could not publish a snapshot of the store at {target}: {exc}.",
                "Check free disk space and that you may write beside the store.",
                code="RG309",
            ) from exc
        self.prune()
        return target

    def prune(self) -> list[Path]:
        """Delete every snapshot but the newest that no reader holds, and leftovers of
        interrupted publishes. Only the holder of the build lock may call this."""
        removed: list[Path] = []
        if not self.dir.is_dir():
            return removed
        for p in self.dir.iterdir():
            if p.name.startswith(("tmp-", "trash-")):
                _remove_tree(p)
                removed.append(p)
        for p in self.numbered()[:-1]:
            try:
                fd = os.open(p, os.O_RDONLY | os.O_DIRECTORY)
            except OSError:
                continue
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)  # a reader holds it; try again at the next publish
                continue
            trash = self.dir / f"trash-{p.name}-{os.getpid()}"
            try:
                os.rename(p, trash)
            finally:
                os.close(fd)
            _remove_tree(trash)
            removed.append(p)
        return removed

    def open_newest(self) -> tuple[ox.Store, SnapshotHold] | None:
        """The newest snapshot, opened read-only and held; None if there is none."""
        for p in reversed(self.numbered()):
            try:
                fd = os.open(p, os.O_RDONLY | os.O_DIRECTORY)
            except OSError:
                continue  # deleted since listed
            try:
                fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
                same = os.stat(p).st_ino == os.fstat(fd).st_ino
            except OSError:  # being deleted, or renamed away
                same = False
            if not same:
                os.close(fd)
                continue
            try:
                db = ox.Store.read_only(str(p))
            except OSError:
                os.close(fd)
                raise
            return db, SnapshotHold(p, fd)
        return None


def open_for_reading(store: Path, *, wait: float = 10.0) -> tuple[ox.Store, SnapshotHold | None]:
    """Open the store for reading without ever touching a store another process writes.

    Returns the newest snapshot (refreshed first if it lags and nobody is writing). Where no
    snapshot can be made (no permission beside the store), falls back to the live store
    read-only, which is safe only while no build runs. Waits up to ``wait`` seconds for a
    build that has just started to publish its first snapshot, then reads an empty graph
    (nothing of that build is published yet)."""
    snaps = Snapshots(store)
    deadline = time.monotonic() + wait
    while True:
        can_write = True
        is_store = (store / "CURRENT").is_file()  # RocksDB's own marker file
        if is_store and snaps.lagging():
            try:
                lock = BuildLock.try_acquire(store, "snapshot")
            except OSError:
                lock, can_write = None, False
            if lock is not None:
                try:
                    if snaps.lagging():
                        # read-write: a checkpoint of a read-only instance misses what is
                        # only in the write-ahead log (measured), so it would lose documents
                        live = ox.Store(str(store))
                        try:
                            snaps.publish(live)
                        finally:
                            del live
                except (OSError, StoreError):
                    can_write = False  # e.g. no permission: read what is published
                finally:
                    lock.release()
        opened = snaps.open_newest()
        if opened is not None:
            return opened
        if not is_store and not snaps.dir.is_dir():
            raise StoreError(
                f"{store} is not a graph store.",
                "Point --store at a directory made by `reportgraph build`.",
                code="RG302",
            )
        if not can_write:
            return ox.Store.read_only(str(store)), None
        if time.monotonic() > deadline:
            # A build that has just started (or a slow machine) has published nothing yet:
            # what a reader may see of it is nothing, which is consistent.
            return ox.Store(), None
        time.sleep(_POLL)


def _remove_tree(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)
