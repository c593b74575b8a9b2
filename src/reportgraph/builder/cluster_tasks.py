"""What a Dask worker runs for a cluster build (``cluster.py`` is the client's side).

A worker loads the spaCy pipeline, the lexicons and the gazetteer once per process, keyed by
what the build asked for (:class:`ExtractionSetup`): :class:`LoadExtraction`, a worker plugin,
loads them when the worker starts (and again in a worker its nanny restarted), and
:func:`extract_batch` finds them in the process's cache (or loads them, on a worker that joined
without the plugin). A batch is extracted as in a local build (``workers.extract_chunk``, a
raising batch redone one document at a time) and each document is turned into what the store
and the claims index take (``index_rows.prepare``) on the worker.

:func:`deliver` is the one place a batch's quads leave the worker; the result of a batch is one
item per document, in the batch's order:

- **Embedded store** (no ``store_url``): a :class:`Prepared` (quads and index rows) or a
  :class:`~reportgraph.models.Failure`; the client writes the store.
- **Remote store** (``store_url``): the worker writes the batch's N-Quads to the store itself
  (``RemoteStore.write_batch``, the client's write groups: whole documents, one request for
  the new ones, a changed document at the same path replaced in one request, a document the
  store holds left alone, so a batch run again never lands twice) and sends back a
  :class:`~reportgraph.builder.writer.Written` (the outcome and the index rows; the client
  writes its claims index, which is per reader machine) or a ``Failure``: its extraction's,
  or the store's refusal of that one document (RG305). A write that fails the whole batch
  (the server gone, refusing writes or credentials, failing or slow) raises its RG34x error,
  which stops the build (``cluster.py``): every document is whole or absent, and the same
  build run again does the rest.

  The worker opens the store from its own environment (``REPORTGRAPH_STORE_TOKEN``, ``_USER``
  and ``_PASSWORD``, ``_CREDENTIALS``, ``_CA_BUNDLE``, ``_TIMEOUT``, ``_MAX_UPDATE``): workers
  of a ``LocalCluster`` inherit the client's; workers on other machines need them set. One
  store per worker thread, kept for the next batches (dropped after an error).

This module imports Dask (only a cluster build imports it) but not spaCy: the client imports it
to name the task and the plugin; a worker imports spaCy when it loads the pipeline.
"""

from __future__ import annotations

import hashlib
import pickle
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from distributed import Worker
from distributed.diagnostics.plugin import WorkerPlugin

from reportgraph.builder.index_rows import Prepared, prepare
from reportgraph.builder.writer import Written
from reportgraph.errors import ReportgraphError, StoreError
from reportgraph.models import Document, Failure
from reportgraph.rdf.store import WriteOutcome

if TYPE_CHECKING:
    from spacy.language import Language

    from reportgraph.nlp.events.lexicon import EventLexicon
    from reportgraph.nlp.lexicons import Lexicons
    from reportgraph.rdf.remote import RemoteStore, StoreURL


@dataclass(frozen=True)
class ExtractionSetup:
    """What every worker of a build loads: the pipeline ``model``, its length limit and the
    event lexicon (the user's types merged in on the client, which read their file)."""

    model: str
    max_chars: int
    events: EventLexicon | None = None

    @property
    def key(self) -> str:
        """Names this setup in a worker's cache and in the plugin's name."""
        events = b"" if self.events is None else self.events.model_dump_json().encode("utf-8")
        digest = hashlib.sha256(pickle.dumps((self.model, self.max_chars)) + events)
        return digest.hexdigest()[:16]


_LOADED: dict[str, tuple[Language, Lexicons]] = {}  # per worker process, by setup key
_LOADING = threading.Lock()


def loaded(setup: ExtractionSetup) -> tuple[Language, Lexicons]:
    """The pipeline and lexicons of ``setup`` in this process, loaded on first use only."""
    key = setup.key
    with _LOADING:
        if key not in _LOADED:
            from reportgraph.builder.workers import _warm as warm
            from reportgraph.nlp.lexicons import load_lexicons
            from reportgraph.nlp.pipeline import load_pipeline

            nlp = load_pipeline(setup.model)
            nlp.max_length = max(nlp.max_length, setup.max_chars)
            lexicons = load_lexicons(setup.events)
            warm()
            _LOADED.clear()  # one build's setup at a time: a worker does not pile up pipelines
            _LOADED[key] = (nlp, lexicons)
        return _LOADED[key]


def plugin_name(setup: ExtractionSetup) -> str:
    return f"reportgraph-extraction-{setup.key}"


class LoadExtraction(WorkerPlugin):
    """Loads a build's pipeline and lexicons when a worker starts (or when the plugin is
    registered, on the workers already running)."""

    def __init__(self, extraction: ExtractionSetup) -> None:
        self.extraction = extraction
        self.name = plugin_name(extraction)

    def setup(self, worker: Worker) -> None:
        loaded(self.extraction)


BatchItem = Prepared | Written | Failure

# codes of a write that failed the whole batch yet concerns its documents alone (a timeout, a
# server error answering one request): they fail, and the build goes on; any other error of
# the store (unreachable, refused credentials or writes, not a SPARQL server) stops the build
PER_DOCUMENT = frozenset({"RG344", "RG346", "RG349"})


def extract_batch(
    setup: ExtractionSetup,
    documents: list[Document],
    batch_size: int,
    store_url: StoreURL | None = None,
) -> list[Any]:
    """Each document of the batch, prepared for the store and the index (or written to the
    remote store at ``store_url``), or its failure. A :class:`ReportgraphError` raised here
    (a pipeline that will not load, a store this worker cannot write to) fails the task."""
    from reportgraph.builder.workers import _finished as finished
    from reportgraph.builder.workers import extract_chunk

    nlp, lexicons = loaded(setup)
    results = finished(extract_chunk(nlp, lexicons, documents, batch_size), prepare)
    return deliver(results, store_url)


def deliver(results: list[Prepared | Failure], store_url: StoreURL | None) -> list[BatchItem]:
    """What the worker sends back for its batch: see the module's docstring."""
    if store_url is None:
        return list(results)
    prepared = [r for r in results if isinstance(r, Prepared)]
    if not prepared:
        return list(results)
    outcomes: list[WriteOutcome | ReportgraphError]
    try:
        outcomes = list(_store(store_url).write_batch([p.quads for p in prepared]))
    except ReportgraphError as exc:
        _forget(store_url)
        if exc.code not in PER_DOCUMENT:
            raise _from_worker(exc) from None
        outcomes = [exc] * len(prepared)
    done = iter(zip(prepared, outcomes, strict=True))
    return [r if isinstance(r, Failure) else _item(*next(done)) for r in results]


def _item(p: Prepared, outcome: WriteOutcome | ReportgraphError) -> Written | Failure:
    if isinstance(outcome, ReportgraphError):
        doc = p.rows.document
        return Failure(path=doc.path, code=outcome.code, message=outcome.cause, fix=outcome.fix)
    return Written(outcome, p.rows, p.quads.quads)


_STORES = threading.local()  # per worker thread: {url: RemoteStore}


def _store(url: StoreURL) -> RemoteStore:
    from reportgraph.rdf.remote import RemoteStore

    stores: dict[str, RemoteStore] = _STORES.__dict__.setdefault("stores", {})
    if url.base not in stores:
        stores[url.base] = RemoteStore(url)
    return stores[url.base]


def _forget(url: StoreURL) -> None:
    stores: dict[str, RemoteStore] = _STORES.__dict__.get("stores", {})
    store = stores.pop(url.base, None)
    if store is not None:
        store.close()


def _from_worker(exc: ReportgraphError) -> StoreError:
    """``exc`` as the build reports it: the same code, said to come from a worker."""
    return StoreError(
        f"A Dask worker could not write to the store: {exc.cause}",
        f"{exc.fix} The workers open the store themselves, each with its own environment: "
        "give them the same REPORTGRAPH_STORE_* variables as this machine (the workers of "
        "--cluster local:N inherit them); documents written so far are whole, and the same "
        "build run again does the rest.".strip(),
        code=exc.code,
    )
