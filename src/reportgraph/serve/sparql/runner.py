"""Running the endpoint's queries: one at a time, off the event loop, each in a child process
stopped at the time limit, on the store's newest snapshot.

Oxigraph's evaluation cannot be interrupted, so each query runs through
``query_process.run_bounded_call``, which forks; a fork copies only the calling thread, so the
queries go through one worker thread and a lock, never two at once. The web server's event loop
only awaits them, and keeps answering other requests (Datasette's pages) meanwhile.

Before each query, the runner looks for a snapshot newer than the one it reads (a build running
beside the server publishes one every few documents) and moves to it, so the endpoint answers
from the newest published state; the snapshot it leaves is released and the build prunes it.

The explorer's pages read the store through the same lane (``read``): a claim page waits while
a query runs.

A remote store (``http(s)://``, a SPARQL server) has no snapshots: each query goes to the
server, in this process, and the time limit is the request's (RG344, answered 503 as RG405 is);
the server may go on computing a query the endpoint gave up on (docs/deployment.md).
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

from reportgraph.errors import QueryError
from reportgraph.rdf.query_guard import check_query
from reportgraph.rdf.query_process import run_bounded_call
from reportgraph.rdf.remote import RemoteStore
from reportgraph.rdf.remote.location import is_store_url
from reportgraph.rdf.snapshot import Snapshots
from reportgraph.rdf.store import GraphStore
from reportgraph.serve.sparql.answers import Answer, answer
from reportgraph.serve.sparql.negotiation import Choice
from reportgraph.serve.sparql.protocol import QueryRequest

T = TypeVar("T")


class QueryRunner:
    """The endpoint's store and its one query lane."""

    def __init__(self, store_path: Path | str, *, timeout: float | None) -> None:
        self.store_path = store_path  # a directory, or a SPARQL server's URL
        self.timeout = timeout
        self._remote = is_store_url(store_path)
        self._store: GraphStore = (
            RemoteStore(str(store_path), read_only=True, timeout=timeout)
            if self._remote
            else GraphStore(store_path, read_only=True)
        )
        self._lock = threading.Lock()
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sparql")

    @property
    def snapshot(self) -> Path | None:
        """The snapshot the next query reads, if it is no newer one."""
        return self._store.snapshot

    async def run(self, request: QueryRequest, choice: Choice) -> Answer:
        """The answer to ``request``, refused (RG401, RG402, RG404) before it runs, and stopped
        after the time limit (RG405)."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, self._run, request, choice)

    def _run(self, request: QueryRequest, choice: Choice) -> Answer:
        check_query(request.query)  # parses only; here, so a long parse never blocks the loop
        with self._lock:
            store = self._newest()
            if self._remote:  # the server answers or the request times out: nothing to fork
                return answer(store, request, choice)
            try:
                return run_bounded_call(
                    lambda: answer(store, request, choice), timeout=self.timeout
                )
            except KeyboardInterrupt:  # the child died of the terminal's Ctrl-C: shutting down
                raise QueryError(
                    "The query was stopped: the server is shutting down.",
                    "Start the server again and resend the query.",
                    code="RG405",
                ) from None

    async def bounded(self, work: Callable[[], T]) -> T:
        """``work()`` in the queries' lane, in a forked child stopped at the time limit (RG405):
        for a page that reads much (a network neighbourhood)."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, self._bounded, work)

    def _bounded(self, work: Callable[[], T]) -> T:
        with self._lock:
            return run_bounded_call(work, timeout=self.timeout)

    async def read(self, read: Callable[[GraphStore], T]) -> T:
        """``read`` on the newest snapshot, in this process, in the queries' lane (so never
        while a query's child is forked): for the pages' own short reads (a claim's RDF)."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, self._read, read)

    def _read(self, read: Callable[[GraphStore], T]) -> T:
        with self._lock:
            return read(self._newest())

    def _newest(self) -> GraphStore:
        """The store on the newest published snapshot (the one already open if it is)."""
        if self._remote:
            return self._store
        published = Snapshots(Path(self.store_path)).numbered()
        if published and published[-1] != self._store.snapshot:
            fresh = GraphStore(self.store_path, read_only=True)
            self._store.close()
            self._store = fresh
        return self._store

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)
        with self._lock:
            self._store.close()
