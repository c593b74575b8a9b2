"""What a Dask worker runs for a cluster build (``cluster.py`` is the client's side).

A worker loads the spaCy pipeline, the lexicons and the gazetteer once per process, keyed by
what the build asked for (:class:`ExtractionSetup`): :class:`LoadExtraction`, a worker plugin,
loads them when the worker starts (and again in a worker its nanny restarted), and
:func:`extract_batch` finds them in the process's cache (or loads them, on a worker that joined
without the plugin). A batch is extracted as in a local build (``workers.extract_chunk``, a
raising batch redone one document at a time) and each document is turned into what the store
and the claims index take (``index_rows.prepare``) on the worker, so the client only writes.

The result of a batch is one :class:`Prepared` or :class:`~reportgraph.models.Failure` per
document, in the batch's order. This is the seam for stores that workers can write to
themselves: :func:`deliver` is the one place a batch's quads leave the worker. Today it hands
them back to the client, which writes them to its embedded store; a worker that writes its
documents' N-Quads to a remote store would write them here (``GraphStore.write_batch`` of
``[p.quads for p in prepared]``) and send back only the outcome and the index rows.

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
from reportgraph.models import Document, Failure

if TYPE_CHECKING:
    from spacy.language import Language

    from reportgraph.nlp.events.lexicon import EventLexicon
    from reportgraph.nlp.lexicons import Lexicons


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


BatchItem = Prepared | Failure


def extract_batch(setup: ExtractionSetup, documents: list[Document], batch_size: int) -> list[Any]:
    """Each document of the batch, prepared for the store and the index, or its failure (a
    :class:`ReportgraphError` raised here, e.g. a pipeline that will not load, fails the task)."""
    from reportgraph.builder.workers import _finished as finished
    from reportgraph.builder.workers import extract_chunk

    nlp, lexicons = loaded(setup)
    results = finished(extract_chunk(nlp, lexicons, documents, batch_size), prepare)
    return deliver(results)


def deliver(results: list[BatchItem]) -> list[BatchItem]:
    """What the worker sends back for its batch: see the module's docstring."""
    return results
