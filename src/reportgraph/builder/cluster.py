"""The build's extraction on a Dask cluster (``--cluster``): the client reads, workers parse and
extract; the client writes an embedded store, the workers write a remote one.

* **Where.** ``local:N`` starts a ``LocalCluster`` of N worker processes (one thread each, on
  127.0.0.1, no dashboard), closed when the build ends; any other value is the address of a
  running scheduler (``tcp://host:8786``). An address nobody answers at fails within
  ``CONNECT_TIMEOUT`` seconds (RG722), not after Dask's own 30.
* **Loading once.** The client registers a worker plugin (``cluster_tasks.LoadExtraction``) that
  loads the pipeline and lexicons on every worker, now and on any worker that joins or is
  restarted later; tasks find them in the worker's cache.
* **Bounded.** Files are read here, on the client (workers need not see its disk), and their
  text is sent to the workers in batches of ``batch_size`` documents. At most ``2 ×`` the
  cluster's worker threads batches are in flight, so memory does not grow with the corpus.
  Results are written as they come back, in any order; each document is its own graphs, so
  the store's content does not depend on the order.
* **Nothing lost.** Dask runs the tasks of a worker that died again on another worker (up to
  ``distributed.scheduler.allowed-failures`` deaths per task). A batch that killed that many
  workers is split, and each of its documents is tried alone, one at a time (so that a death
  is that document's own, not a neighbour's on the same worker); a document that still kills
  its worker is reported as a failure (RG726) and the build goes on. The store skips a document it
  already holds (its id is the hash of its text), so a document never lands twice.
* **Who writes.** With an embedded store the workers send each document's quads and index rows
  back and the client writes them (``run.py``, the writer thread). With a remote store
  (``--store http(s)://...``) each worker writes its batch's N-Quads to the store itself and
  sends back only each document's outcome and index rows (``cluster_tasks.deliver``); the
  client writes its claims index (one per reader machine) and counts the outcomes (``run.py``:
  a document a worker finds stored is one an earlier run of its batch wrote). The workers
  then need the store's ``REPORTGRAPH_STORE_*`` variables in their own environment (a
  ``LocalCluster``'s inherit the client's). A write error that concerns the whole store
  (unreachable, refused credentials or writes) stops the build with its RG34x code; every
  document is whole or absent, and a rerun does the rest.
* **Imports.** Dask is imported only when a cluster build starts (it is the ``scale`` extra;
  RG727 without it), and the worker's side (``cluster_tasks``) with it.
* **Lost cluster.** When the scheduler goes away mid-build, the build stops with RG725; what
  was written is complete, and the same build run again does only the rest.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import time
import uuid
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import CancelledError
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from reportgraph.errors import ClusterError, ReportgraphError
from reportgraph.models import Document, Failure

if TYPE_CHECKING:
    from reportgraph.builder.cluster_tasks import BatchItem, ExtractionSetup
    from reportgraph.rdf.remote import StoreURL

CONNECT_TIMEOUT = 5.0  # seconds to reach a scheduler
WORKERS_TIMEOUT = 120.0  # seconds for a first worker to join a scheduler that has none
LOCAL_PREFIX = "local:"
_SCHEMES = ("tcp://", "tls://", "ws://", "wss://", "inproc://")

KILLED_FIX = (
    "The worker that extracted this document died each time it tried (out of memory?): give "
    "the workers more memory or lower --max-chars. The other documents were built."
)


@dataclass(frozen=True)
class ClusterSpec:
    """Where a build runs: a local cluster of ``local_workers`` processes, or ``address``."""

    address: str | None = None
    local_workers: int | None = None


def parse_cluster(value: str) -> ClusterSpec:
    """``local:N`` or a scheduler address; RG721 for anything else."""
    text = value.strip()
    if text.startswith(LOCAL_PREFIX):
        count = text[len(LOCAL_PREFIX) :]
        if count.isdigit() and int(count) >= 1:
            return ClusterSpec(local_workers=int(count))
    elif text.startswith(_SCHEMES) and text.split("://", 1)[1]:
        return ClusterSpec(address=text)
    raise ClusterError(
        f"--cluster {value!r} is neither local:N nor a scheduler address",
        "Give local:N (N worker processes on this machine, e.g. local:4) or the address of a "
        "running Dask scheduler (e.g. tcp://scheduler:8786).",
        code="RG721",
    )


def both_given() -> ClusterError:
    """RG723: a build runs on a cluster or in this machine's worker processes, not both."""
    return ClusterError(
        "--cluster and --workers were both given",
        "Give --cluster to extract on a Dask cluster, or --workers to extract in worker "
        "processes of this machine, not both.",
        code="RG723",
    )


@contextlib.contextmanager
def connect(spec: ClusterSpec, timeout: float | None = None) -> Iterator[Any]:
    """A Dask client of ``spec``; a local cluster is started here and closed on exit. A
    scheduler that does not answer within ``timeout`` (``CONNECT_TIMEOUT``) is RG722."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise ClusterError(
            "--cluster needs Dask distributed, which is not installed",
            "Install the scale extra: pip install 'reportgraph[scale]'.",
            code="RG727",
        ) from None

    if spec.local_workers is not None:
        cluster = LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=spec.local_workers,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
            silence_logs=logging.ERROR,
        )
        try:
            with Client(cluster) as client:  # type: ignore[no-untyped-call]
                yield client
        finally:
            cluster.close()
        return
    assert spec.address is not None
    try:
        client = Client(spec.address, timeout=timeout or CONNECT_TIMEOUT)  # type: ignore[no-untyped-call]
    except Exception as exc:  # refused, unknown host, timeout, or not a Dask scheduler
        raise ClusterError(
            f"no Dask scheduler answered at {spec.address} ({type(exc).__name__}: {exc})",
            "Start the scheduler (`dask scheduler`) and its workers (`dask worker ADDRESS`), "
            "check the address and port (default 8786) and that this machine can reach it, "
            "or build on this machine with --cluster local:N.",
            code="RG722",
        ) from None
    with client:
        yield client


def _wait_for_workers(client: Any, timeout: float) -> None:
    try:
        client.wait_for_workers(1, timeout=timeout)
    except TimeoutError:
        raise ClusterError(
            f"no worker joined the scheduler within {timeout:.0f} s",
            "Start workers for the scheduler (`dask worker ADDRESS`) and run the build again.",
            code="RG724",
        ) from None


def _lost(exc: BaseException) -> ClusterError:
    return ClusterError(
        f"the build lost the Dask scheduler ({type(exc).__name__}: {exc})",
        "Every document written before is in the store, complete: start the scheduler again "
        "and re-run the same build to do the rest.",
        code="RG725",
    )


@dataclass
class _Batch:
    key: str
    documents: list[Document]
    alone: bool = False  # a document of a batch that killed its workers, tried alone


def extract_on_cluster(
    client: Any,
    documents: Iterable[Document],
    setup: ExtractionSetup,
    batch_size: int,
    *,
    workers_timeout: float = WORKERS_TIMEOUT,
    store_url: StoreURL | None = None,
) -> Iterator[tuple[Document, BatchItem]]:
    """Each document with what its worker made of it, as batches finish (not in input order):
    prepared for the client to write, or, with ``store_url``, written by the worker to that
    remote store (``cluster_tasks.deliver``).

    ``documents`` is read lazily: at most two batches per worker thread are held at a time."""
    from distributed import as_completed
    from distributed.client import FutureCancelledError
    from distributed.scheduler import KilledWorker

    from reportgraph.builder.cluster_tasks import LoadExtraction, extract_batch

    _wait_for_workers(client, workers_timeout)
    try:
        client.register_plugin(LoadExtraction(setup))
    except (OSError, CancelledError) as exc:
        raise _lost(exc) from None
    build = uuid.uuid4().hex[:12]
    size = max(1, batch_size)
    it = iter(documents)
    numbers = itertools.count()
    running: dict[Any, _Batch] = {}
    done = as_completed()  # type: ignore[no-untyped-call]
    limit = _Limit(client)

    def submit(batch: _Batch) -> None:
        future = client.submit(
            extract_batch,
            setup,
            batch.documents,
            size,
            store_url,
            key=batch.key,
            pure=False,
            retries=0,  # a raising task is a lost pipeline, not bad luck: Dask retries deaths
        )
        running[future] = batch
        done.add(future)  # type: ignore[no-untyped-call]

    suspects: deque[_Batch] = deque()  # documents of batches that killed their workers

    def fill() -> None:
        if suspects and not any(b.alone for b in running.values()):
            submit(suspects.popleft())  # one at a time: a death is then the suspect's own
        while len(running) < limit.now():
            chunk = list(itertools.islice(it, size))
            if not chunk:
                return
            submit(_Batch(f"reportgraph-extract-{build}-{next(numbers)}", chunk))

    try:
        fill()
        for future in done:
            batch = running.pop(future)
            try:
                results: list[BatchItem] = future.result()
            except KilledWorker:
                results = [_killed(batch.documents[0])] if batch.alone else []
                if not batch.alone:  # each of its documents again, alone
                    suspects.extend(
                        _Batch(f"{batch.key}-{k}", [doc], alone=True)
                        for k, doc in enumerate(batch.documents)
                    )
            except ReportgraphError:
                raise  # the worker could not load the pipeline (as a local build) or write
            except (FutureCancelledError, CancelledError, OSError) as exc:
                raise _lost(exc) from None
            if results:
                yield from zip(batch.documents, results, strict=True)
            fill()
    finally:
        for future in running:
            future.cancel()


def _killed(doc: Document) -> Failure:
    """RG726: a document whose extraction killed each worker that tried it, alone."""
    message = "extraction killed the worker that ran it, each time it was tried"
    return Failure(path=doc.path, code="RG726", message=message, fix=KILLED_FIX)


class _Limit:
    """Batches in flight: two per worker thread, asked of the scheduler at most every
    ``every`` seconds (workers join and leave a cluster)."""

    def __init__(self, client: Any, every: float = 2.0) -> None:
        self._client = client
        self._every = every
        self._at = -every
        self._value = 2

    def now(self) -> int:
        if time.monotonic() - self._at >= self._every:
            with contextlib.suppress(OSError):
                self._value = max(2, 2 * sum(self._client.nthreads().values()))
            self._at = time.monotonic()
        return self._value
