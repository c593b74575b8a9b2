"""The build's background writer: store writes in one thread, in the order they were submitted.

Oxigraph parses and inserts N-Quads without holding the GIL, so while the writer thread
inserts, the build's main thread parses and extracts the next documents (or receives them from
the workers). Documents are written in groups of about ``GROUP_QUADS`` quads: a group of new
documents is one bulk load, which RocksDB ingests in one atomic step (``GraphStore.write_batch``),
at much less CPU than a transaction per document. One group is written while the next
one fills; the caller waits only when that one is full too, so memory stays flat in corpus size.

After a group lands in the store, the same thread writes the claims index's rows of the
documents it added or replaced (``index_rows``), in one SQLite transaction. The store is always
written first, so a build killed at any point leaves an index that holds no document the store
lacks; what the index lacks, the reconciliation at the end of the build (or at the next open)
adds from the store (``claims_index.sync``). A failed index write fails nothing: the index is
derived, and the reconciliation mends it.

A document a cluster worker already wrote to a remote store comes as :class:`Written` (its
outcome and index rows): the thread writes only its index rows, in the same groups.

The thread starts on the first write, after any worker processes have been forked.
"""

from __future__ import annotations

import sqlite3
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Generic, Literal, TypeAlias, TypeVar

from reportgraph.builder.index_rows import IndexRows, Prepared
from reportgraph.claims_index import ClaimsIndex
from reportgraph.errors import ReportgraphError
from reportgraph.rdf.mapping import PreparedDocument
from reportgraph.rdf.store import GraphStore, Writable, WriteOutcome

K = TypeVar("K")
V = TypeVar("V")
Result: TypeAlias = WriteOutcome | ReportgraphError | V
Done: TypeAlias = tuple[K, Result[V]]

# About 40 articles of 800 words; bench/README.md ("Writes") measures group sizes.
GROUP_QUADS = 100_000
GROUP_DOCS = 256  # short documents: a group still ends, so results keep coming back


@dataclass(frozen=True, slots=True)
class Written:
    """A document another process wrote to the store (a cluster worker, to a remote store):
    what the write came to, the document's index rows and its quads (to size the groups).

    ``landed``: the store held it already although it lacked it when the build read it, so an
    earlier attempt of this build wrote it (a batch run again after its worker died): it counts
    as ``replaced`` when the index holds another document at its path, else as ``added``."""

    outcome: WriteOutcome | Literal["landed"]
    rows: IndexRows
    quads: int = 0


@dataclass(frozen=True, slots=True)
class _Passed(Generic[V]):
    """A value returned in its place in the order, with nothing written."""

    value: V


class BackgroundWriter(Generic[K, V]):
    """Ordered writes to ``store`` from one thread. Each result comes back with its ``key``:
    the write's outcome, or the project error that stopped it (the build goes on). Any other
    exception is a bug and is raised again in the caller's thread.

    Results come back a group at a time, once the group is written (and, for the items
    submitted as :class:`Prepared`, their rows are in ``index``, when one is given)."""

    def __init__(
        self,
        store: GraphStore,
        group_quads: int = GROUP_QUADS,
        group_docs: int = GROUP_DOCS,
        *,
        index: ClaimsIndex | None = None,
    ) -> None:
        self._store = store
        self._index = index
        self._group_quads = max(1, group_quads)
        self._group_docs = max(1, group_docs)
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="reportgraph-writer")
        self._group: list[tuple[K, Writable | Prepared | Written | _Passed[V]]] = []
        self._quads = 0
        self._pending: deque[tuple[list[K], Future[list[Result[V]]]]] = deque()

    def submit(self, key: K, item: Writable | Prepared | Written) -> list[Done[K, V]]:
        """Queue one write (of the index alone, for a :class:`Written`); returns the writes
        finished so far. Waits only while a full group is ready and the one before it is still
        being written."""
        if isinstance(item, Written):
            self._quads += item.quads
            return self._add(key, item)
        quads = item.quads if isinstance(item, Prepared) else item
        self._quads += quads.quads if isinstance(quads, PreparedDocument) else 0
        return self._add(key, item)

    def passthrough(self, key: K, value: V) -> list[Done[K, V]]:
        """Return ``value`` in its place in the order, without writing anything (a document
        whose extraction failed)."""
        return self._add(key, _Passed(value))

    def drain(self) -> list[Done[K, V]]:
        """Write what is queued and wait for every write; their results, in order."""
        self._send()
        return self._collect(keep=0)

    def _add(self, key: K, item: Writable | Prepared | Written | _Passed[V]) -> list[Done[K, V]]:
        self._group.append((key, item))
        if len(self._group) >= self._group_docs or self._quads >= self._group_quads:
            self._send()
        return self._collect(keep=1)

    def _send(self) -> None:
        if self._group:
            keys = [k for k, _ in self._group]
            items = [item for _, item in self._group]
            self._pending.append((keys, self._pool.submit(self._write, items)))
            self._group, self._quads = [], 0

    def _write(self, items: list[Writable | Prepared | Written | _Passed[V]]) -> list[Result[V]]:
        writes = [item for item in items if not isinstance(item, _Passed)]
        here = [w for w in writes if not isinstance(w, Written)]  # the others are written
        stored: list[WriteOutcome | ReportgraphError]
        try:
            quads = [w.quads if isinstance(w, Prepared) else w for w in here]
            stored = list(self._store.write_batch(quads)) if quads else []
        except ReportgraphError as exc:  # the whole group: e.g. a read-only store
            stored = [exc] * len(here)
        done = iter(stored)
        outcomes = [self._written(w) if isinstance(w, Written) else next(done) for w in writes]
        if self._index is not None:
            self._index_rows(self._index, writes, outcomes)
        written = iter(outcomes)
        return [item.value if isinstance(item, _Passed) else next(written) for item in items]

    def _written(self, item: Written) -> WriteOutcome:
        """The outcome of a document written elsewhere (see :class:`Written` for ``landed``)."""
        if item.outcome != "landed":
            return item.outcome
        doc = item.rows.document
        try:
            held = self._index.documents_at_path(doc.path) if self._index is not None else []
        except (sqlite3.Error, ReportgraphError):
            held = []
        return "replaced" if any(d != doc.id for d in held) else "added"

    @staticmethod
    def _index_rows(
        index: ClaimsIndex,
        writes: list[Writable | Prepared | Written],
        outcomes: list[WriteOutcome | ReportgraphError],
    ) -> None:
        """The index rows of the documents the store now holds and the index may lack; the
        earlier versions a replaced document took the place of go."""
        landed: list[IndexRows] = []
        stale: list[str] = []
        for item, outcome in zip(writes, outcomes, strict=True):
            if isinstance(item, Prepared | Written) and outcome in ("added", "replaced"):
                landed.append(item.rows)
                if outcome == "replaced":
                    doc = item.rows.document
                    stale += [d for d in index.documents_at_path(doc.path) if d != doc.id]
        if not landed:
            return
        try:
            if stale:
                index.drop_documents(stale)
            index.replace_documents(
                [r.document for r in landed],
                [c for r in landed for c in r.claims],
                [m for r in landed for m in r.mentions],
            )
        except (sqlite3.Error, ReportgraphError):
            pass  # the index is derived: the reconciliation that ends the build mends it

    def _collect(self, keep: int) -> list[Done[K, V]]:
        out: list[Done[K, V]] = []
        while self._pending and (self._pending[0][1].done() or len(self._pending) > keep):
            keys, future = self._pending.popleft()
            out.extend(zip(keys, future.result(), strict=True))
        return out

    def close(self) -> None:
        """Stop the thread after the write in progress (queued writes are dropped)."""
        self._pool.shutdown(wait=True, cancel_futures=True)
        self._pending.clear()
        self._group = []

    def __enter__(self) -> BackgroundWriter[K, V]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
