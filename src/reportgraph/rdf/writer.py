"""Store writes in one background thread, in the order they were submitted.

Oxigraph parses and inserts a document's N-Quads without holding the GIL, so while the writer
thread inserts one document, the build's main thread parses and extracts the next ones (or
receives them from the workers). Each document is still one transaction (``GraphStore.write``);
at most ``depth`` documents wait for the writer, so memory stays flat in corpus size.

The thread starts on the first write, after any worker processes have been forked.
"""

from __future__ import annotations

from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Generic, TypeVar

from reportgraph.errors import ReportgraphError
from reportgraph.models import DocumentExtraction
from reportgraph.rdf.mapping import PreparedDocument
from reportgraph.rdf.store import GraphStore, WriteOutcome

K = TypeVar("K")
V = TypeVar("V")
Done = tuple[K, WriteOutcome | ReportgraphError | V]
Writable = DocumentExtraction | PreparedDocument


def queue_depth(batch_size: int, n_process: int) -> int:
    """Writes a build lets wait: two chunks of ``batch_size`` documents per worker. Documents
    come back a chunk at a time, so a shorter queue makes the NLP wait for the inserts of the
    chunk before (measured: 8% of a one-worker build waited with a queue of 4)."""
    return 2 * max(1, batch_size) * max(1, n_process)


class BackgroundWriter(Generic[K, V]):
    """Ordered writes to ``store`` from one thread. Each result comes back with its ``key``:
    the write's outcome, or the project error that stopped it (the build goes on). Any other
    exception is a bug and is raised again in the caller's thread."""

    def __init__(self, store: GraphStore, depth: int = 4) -> None:
        self._store = store
        self._depth = max(1, depth)
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="reportgraph-writer")
        self._pending: deque[tuple[K, Future[WriteOutcome | ReportgraphError | V]]] = deque()

    def _write(self, item: Writable) -> WriteOutcome | ReportgraphError:
        try:
            return self._store.write(item)
        except ReportgraphError as exc:
            return exc

    def submit(self, key: K, item: Writable) -> list[Done[K, V]]:
        """Queue one write; returns the writes finished so far, waiting only while more than
        ``depth`` are queued."""
        self._pending.append((key, self._pool.submit(self._write, item)))
        return self._collect(keep=self._depth)

    def passthrough(self, key: K, value: V) -> list[Done[K, V]]:
        """Return ``value`` in its place in the order, without writing anything (a document
        whose extraction failed)."""
        done: Future[WriteOutcome | ReportgraphError | V] = Future()
        done.set_result(value)
        self._pending.append((key, done))
        return self._collect(keep=self._depth)

    def drain(self) -> list[Done[K, V]]:
        """Wait for every queued write; their results, in order."""
        return self._collect(keep=0)

    def _collect(self, keep: int) -> list[Done[K, V]]:
        out: list[Done[K, V]] = []
        while self._pending and (self._pending[0][1].done() or len(self._pending) > keep):
            key, future = self._pending.popleft()
            out.append((key, future.result()))
        return out

    def close(self) -> None:
        """Stop the thread after the write in progress (queued writes are dropped)."""
        self._pool.shutdown(wait=True, cancel_futures=True)
        self._pending.clear()

    def __enter__(self) -> BackgroundWriter[K, V]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
