"""Where index generations live, which one is live, and the locks and journal around writes.

A store holds generations of the index: `DirectoryStore` as `gen-*` folders under one path, with a
`CURRENT` file naming the live one (replaced atomically with os.replace, so readers see the old
or the new index, never a half-built one); `MemoryStore` as RamStorage objects, for tests.
Writes from several processes serialise on a file lock. While a rebuild builds a new generation,
writes to the live one are also journalled and replayed into the new one before the swap.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import pickle
import secrets
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from whoosh.filedb.filestore import FileStorage, RamStorage
from whoosh.index import Index

from archive.search.base import SearchUnavailable
from archive.search.schema import build_schema

Op = tuple[Any, ...]  # ("index", [SearchDocument, ...]) | ("delete", [id, ...]) | ("clear",)


class IndexStore:
    """The generations of one index. Subclasses implement storage; the protocol is shared."""

    def current_key(self) -> str | None:
        """The live generation's name, or None when there is no index yet."""
        raise NotImplementedError

    def open(self, key: str) -> Index:
        raise NotImplementedError

    def arrays_folder(self, key: str) -> Path | None:
        """The folder that keeps the generation's per-segment search arrays (segment_files), or
        None when it has none (each process then builds them in memory)."""
        return None

    def create(self) -> tuple[str, Index]:
        """A new, empty generation that is not live yet."""
        raise NotImplementedError

    def publish(self, key: str) -> None:
        """Make ``key`` the live generation and drop all but it and the one it replaces."""
        raise NotImplementedError

    def discard(self, key: str) -> None:
        raise NotImplementedError

    def write_lock(self, timeout: float) -> contextlib.AbstractContextManager[None]:
        """Held around every write, across threads and processes."""
        raise NotImplementedError

    def rebuild_lock(self) -> contextlib.AbstractContextManager[None]:
        """Held for a whole rebuild: rebuilds run one at a time."""
        raise NotImplementedError

    # The journal of writes made during a rebuild; called with the write lock held.
    def start_journal(self, key: str) -> None:
        raise NotImplementedError

    def journal_key(self) -> str | None:
        raise NotImplementedError

    def append_journal(self, key: str, op: Op) -> None:
        raise NotImplementedError

    def read_journal(self, key: str) -> list[Op]:
        raise NotImplementedError

    def stop_journal(self, key: str) -> None:
        raise NotImplementedError

    def leftovers(self, *, rebuilding_here: bool = False) -> list[str]:
        """What killed writers and rebuilds left behind, by name; call with the write lock held.

        ``rebuilding_here``: the caller holds the rebuild lock itself, so no other rebuild runs and
        nothing a rebuild started is kept.
        """
        return []

    def remove_leftovers(self, *, rebuilding_here: bool = False) -> list[str]:
        """Remove what ``leftovers`` names; returns it. Call with the write lock held."""
        return []


class _RamStorage(RamStorage):
    """RamStorage whose writers' temporary files stay in RAM too.

    Whoosh's own puts them in the system temp dir under a fixed name, so two writers collide.
    """

    def temp_storage(self, name=None):
        return RamStorage()


class _FileStorage(FileStorage):
    """FileStorage whose writers' temporary folders are their own.

    Whoosh names them after the index (`MAIN.tmp`), so writers working side by side (a
    rebuild's worker processes) delete each other's temporary files when one finishes. One
    folder per process and thread, not per call: a writer asks twice (itself and its per-document
    writer) and destroys only its own, so a name per call left a folder behind on every write.
    """

    def temp_storage(self, name=None):
        owner = f"{os.getpid()}-{threading.get_ident()}"
        return super().temp_storage(f"{name or 'writer'}-{owner}.tmp")


class MemoryStore(IndexStore):
    """Generations in RAM: for tests and throwaway indexes; one process only."""

    def __init__(self) -> None:
        self._indexes: dict[str, Index] = {}
        self._current: str | None = None
        self._write = threading.Lock()
        self._rebuild = threading.Lock()
        self._journal: tuple[str, list[Op]] | None = None

    def current_key(self) -> str | None:
        return self._current

    def open(self, key: str) -> Index:
        try:
            return self._indexes[key]
        except KeyError:
            raise SearchUnavailable(f"no index generation {key!r}") from None

    def create(self) -> tuple[str, Index]:
        key = _new_key()
        self._indexes[key] = _RamStorage().create_index(build_schema())
        return key, self._indexes[key]

    def publish(self, key: str) -> None:
        previous, self._current = self._current, key
        for old in set(self._indexes) - {key, previous}:
            del self._indexes[old]

    def discard(self, key: str) -> None:
        self._indexes.pop(key, None)

    @contextlib.contextmanager
    def write_lock(self, timeout: float) -> Iterator[None]:
        if not self._write.acquire(timeout=timeout):
            raise SearchUnavailable("the search index is busy; try again shortly")
        try:
            yield
        finally:
            self._write.release()

    @contextlib.contextmanager
    def rebuild_lock(self) -> Iterator[None]:
        with self._rebuild:
            yield

    def start_journal(self, key: str) -> None:
        self._journal = (key, [])

    def journal_key(self) -> str | None:
        return self._journal[0] if self._journal else None

    def append_journal(self, key: str, op: Op) -> None:
        if self._journal and self._journal[0] == key:
            self._journal[1].append(op)

    def read_journal(self, key: str) -> list[Op]:
        return list(self._journal[1]) if self._journal and self._journal[0] == key else []

    def stop_journal(self, key: str) -> None:
        if self._journal and self._journal[0] == key:
            self._journal = None


class DirectoryStore(IndexStore):
    """Generations as folders under ``path``; safe for several processes on one machine."""

    CURRENT = "CURRENT"
    PREVIOUS = "PREVIOUS"  # the generation the live one replaced, kept one round for searchers
    REBUILDING = "REBUILDING"

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)

    def current_key(self) -> str | None:
        try:
            key = (self.path / self.CURRENT).read_text().strip()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise SearchUnavailable(f"cannot read {self.path / self.CURRENT}: {exc}") from exc
        return key or None

    def open(self, key: str) -> Index:
        return _FileStorage(str(self.path / key)).open_index()

    def arrays_folder(self, key: str) -> Path | None:
        # Beside the segments: the generation's folder takes them along when it is removed.
        return self.path / key

    def create(self) -> tuple[str, Index]:
        key = _new_key()
        folder = self.path / key
        folder.mkdir(parents=True)
        return key, _FileStorage(str(folder)).create_index(build_schema())

    def publish(self, key: str) -> None:
        previous = self.current_key()
        pointer = self.path / f"{self.CURRENT}.{key}.tmp"
        with open(pointer, "w") as handle:
            handle.write(key)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(pointer, self.path / self.CURRENT)
        if previous:
            (self.path / self.PREVIOUS).write_text(previous)
        else:
            with contextlib.suppress(FileNotFoundError):
                (self.path / self.PREVIOUS).unlink()
        # The replaced generation stays one round: a searcher elsewhere may still be reading it.
        for folder in self.path.glob("gen-*"):
            if folder.is_dir() and folder.name not in (key, previous):
                shutil.rmtree(folder, ignore_errors=True)

    def discard(self, key: str) -> None:
        shutil.rmtree(self.path / key, ignore_errors=True)

    @contextlib.contextmanager
    def write_lock(self, timeout: float) -> Iterator[None]:
        with _file_lock(self.path / "write.lock", timeout):
            yield

    @contextlib.contextmanager
    def rebuild_lock(self) -> Iterator[None]:
        with _file_lock(self.path / "rebuild.lock", None):
            yield

    def start_journal(self, key: str) -> None:
        (self.path / f"{key}.journal").write_bytes(b"")
        (self.path / self.REBUILDING).write_text(key)

    def journal_key(self) -> str | None:
        try:
            key = (self.path / self.REBUILDING).read_text().strip()
        except FileNotFoundError:
            return None
        if not _lock_is_held(self.path / "rebuild.lock"):  # its rebuild died: nobody will replay
            self.stop_journal(key)
            return None
        return key or None

    def append_journal(self, key: str, op: Op) -> None:
        with open(self.path / f"{key}.journal", "ab") as handle:
            pickle.dump(op, handle)
            handle.flush()
            os.fsync(handle.fileno())

    def read_journal(self, key: str) -> list[Op]:
        ops: list[Op] = []
        with contextlib.suppress(FileNotFoundError), open(self.path / f"{key}.journal", "rb") as f:
            while True:
                try:
                    ops.append(pickle.load(f))  # written by this module under the write lock
                except EOFError:
                    break
        return ops

    def stop_journal(self, key: str) -> None:
        for name in (self.REBUILDING, f"{key}.journal"):
            with contextlib.suppress(FileNotFoundError):
                (self.path / name).unlink()

    def leftovers(self, *, rebuilding_here: bool = False) -> list[str]:
        """Journals, generations, pointer files and writers' temporary folders of killed runs.

        Kept: the live generation, the one it replaced (searchers may still read it) and the
        generation and journal of a rebuild that is running (it holds the rebuild lock).
        """
        if not self.path.is_dir():
            return []
        running = None if rebuilding_here else self._running_rebuild()
        live = self.current_key()
        kept = {key for key in (live, self._read(self.PREVIOUS), running) if key}
        found: list[str] = []
        for entry in sorted(self.path.iterdir()):
            name = entry.name
            if name.startswith("gen-") and entry.is_dir():
                if name not in kept:
                    found.append(name)
                elif name != running:  # a writer killed mid-write leaves its temporary folder
                    found.extend(f"{name}/{tmp.name}" for tmp in sorted(entry.glob("*.tmp")))
            elif name.endswith(".journal") and name.removesuffix(".journal") != running:
                found.append(name)
            elif name.startswith(f"{self.CURRENT}.") and name.endswith(".tmp"):
                found.append(name)  # a publish killed before its rename
            elif name == self.REBUILDING and running is None:
                found.append(name)
        return found

    def remove_leftovers(self, *, rebuilding_here: bool = False) -> list[str]:
        found = self.leftovers(rebuilding_here=rebuilding_here)
        for name in found:
            target = self.path / name
            if target.is_dir() and not target.is_symlink():
                shutil.rmtree(target, ignore_errors=True)
            else:
                with contextlib.suppress(FileNotFoundError):
                    target.unlink()
        return found

    def _running_rebuild(self) -> str | None:
        key = self._read(self.REBUILDING)
        if key and _lock_is_held(self.path / "rebuild.lock"):
            return key
        return None

    def _read(self, name: str) -> str | None:
        try:
            return (self.path / name).read_text().strip() or None
        except FileNotFoundError:
            return None


def _new_key() -> str:
    return f"gen-{time.time_ns()}-{secrets.token_hex(4)}"


@contextlib.contextmanager
def _file_lock(path: Path, timeout: float | None) -> Iterator[None]:
    """An flock on ``path``: it excludes other processes and other threads (one fd each)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+b") as handle:
        if timeout is None:
            fcntl.flock(handle, fcntl.LOCK_EX)
        else:
            deadline = time.monotonic() + timeout
            while True:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise SearchUnavailable(
                            "the search index is busy; try again shortly"
                        ) from None
                    time.sleep(0.02)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _lock_is_held(path: Path) -> bool:
    with open(path, "a+b") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(handle, fcntl.LOCK_UN)
        return False
