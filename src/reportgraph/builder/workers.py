"""The build's parse workers: many documents extracted in input order, with forked processes.

One pool of ``n_process`` workers is started per call (not per chunk), after the pipeline,
the lexicons and the gazetteer are loaded, so the workers inherit them. At most ``2 * n_process``
chunks of ``batch_size`` documents are in flight, so memory does not grow with the corpus.

* **One worker** only parses: it sends each Doc back as bytes (``Doc.to_bytes``, cheap next
  to the parse) and this process extracts the chunk before while the worker parses the
  next. spaCy holds the GIL, so a thread could not do this; a process can, and the extraction
  no longer adds to the time of the parse.
* **Several workers** parse *and* extract: with the extraction in the parent, the parent
  would become the bottleneck.

Workers are forked on Linux. Elsewhere everything runs in this process: Windows has no fork,
and on macOS fork is unsafe once system frameworks have started threads (Python's own default
there is spawn, which would load the pipeline again in every worker). A worker exits when its
parent is gone, and does not keep the store's locks (``rdf/snapshot.py`` drops them in forked
children).

A chunk that raises is redone document by document, so only the failing document is reported
(as a :class:`~reportgraph.models.Failure`). If a worker process dies (killed, out of memory),
the chunks not yet extracted are done in this process.

``finish`` turns each extraction into what the caller keeps, in the process that extracted it:
the build passes ``rdf.mapping.prepare_document`` (``builder/extraction.py``), so workers send
N-Quads bytes back, not models, and the quads are made in parallel.
"""

from __future__ import annotations

import datetime as dt
import itertools
import multiprocessing
import os
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

from spacy.language import Language
from spacy.tokens import Doc

from reportgraph.errors import ReportgraphError
from reportgraph.models import Document, DocumentExtraction, Failure
from reportgraph.nlp import extract as extraction
from reportgraph.nlp.extract import extract_documents, within_limit
from reportgraph.nlp.lexicons import Lexicons

EXTRACTION_FIX = (
    "This is a bug in reportgraph's extraction: please report it with the document. "
    "The other documents were built."
)

Outcome = DocumentExtraction | Failure
Finish = Callable[[DocumentExtraction], Any]


def _failure(exc: Exception, step: str, document: Document) -> Failure:
    """A project error as it is; anything else is a bug, reported with ``step`` and RG701."""
    if isinstance(exc, ReportgraphError):
        return Failure(path=document.path, code=exc.code, message=exc.cause, fix=exc.fix)
    message = f"{step} failed: {type(exc).__name__}: {exc}"
    return Failure(path=document.path, code="RG701", message=message, fix=EXTRACTION_FIX)


R = TypeVar("R")


def _each_alone(
    chunk: list[Document], whole: Callable[[list[Document]], list[R]], step: str
) -> list[R | Failure]:
    """``whole(chunk)``; if that raises, ``whole`` of one document at a time, so that only the
    document that raised is reported (as a failure of ``step``)."""
    try:
        return list(whole(chunk))
    except Exception:  # find the document that raised, below
        pass
    out: list[R | Failure] = []
    for document in chunk:
        try:
            out.extend(whole([document]))
        except Exception as exc:  # a bug must not abort the batch: report it
            out.append(_failure(exc, step, document))
    return out


def extract_chunk(
    nlp: Language, lexicons: Lexicons, chunk: list[Document], batch_size: int
) -> list[Outcome]:
    """Extract ``chunk`` in this process; a raising batch is redone one document at a time."""

    def whole(docs: list[Document]) -> list[DocumentExtraction]:
        return list(extract_documents(nlp, docs, lexicons, batch_size=batch_size))

    return _each_alone(chunk, whole, "extraction")


_DOC_EXCLUDE = ["user_data", "tensor"]  # extraction reads neither; the bytes stay small


def parse_chunk(nlp: Language, chunk: list[Document], batch_size: int) -> list[bytes | Outcome]:
    """Each document parsed and serialised (``Doc.to_bytes``), or why it could not be; a
    raising batch is redone one document at a time."""

    def whole(docs: list[Document]) -> list[bytes]:
        texts = [within_limit(d, nlp.max_length).text for d in docs]
        return [d.to_bytes(exclude=_DOC_EXCLUDE) for d in nlp.pipe(texts, batch_size=batch_size)]

    parsed: list[bytes | Failure] = _each_alone(chunk, whole, "parsing")
    return [*parsed]


def extract_parsed(
    nlp: Language,
    lexicons: Lexicons,
    chunk: list[Document],
    parsed: list[bytes | Outcome],
    finish: Finish | None,
) -> list[Any]:
    """The extraction (or ``finish`` of it) of each document from its serialised Doc."""
    out: list[Any] = []
    for document, item in zip(chunk, parsed, strict=True):
        if not isinstance(item, bytes):
            out.append(item)
            continue
        try:
            doc = Doc(nlp.vocab).from_bytes(item)
            result: Outcome = extraction.extract(document, doc, lexicons)
        except Exception as exc:  # a bug must not abort the batch: report it
            out.append(_failure(exc, "extraction", document))
            continue
        out.extend(_finished([result], finish))
    return out


def _finished(results: list[Outcome], finish: Finish | None) -> list[Any]:
    """``finish`` applied to each extraction; a document it fails on is reported alone."""
    if finish is None:
        return results
    out: list[Any] = []
    for result in results:
        if isinstance(result, Failure):
            out.append(result)
            continue
        try:
            out.append(finish(result))
        except Exception as exc:  # a bug must not abort the batch: report it
            out.append(_failure(exc, "preparing the quads", result.document))
    return out


_WORKER_NLP: Language | None = None  # set before the pool forks; the workers inherit them
_WORKER_LEXICONS: Lexicons | None = None
_WORKER_FINISH: Finish | None = None


def _exit_with_parent(parent: int) -> None:
    """Worker initializer: exit when the parent process is gone (a killed build must not leave
    workers behind; they would wait for chunks forever)."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.2)
        os._exit(1)

    threading.Thread(target=watch, name="reportgraph-parent-watch", daemon=True).start()


def _work(chunk: list[Document], batch_size: int) -> list[Any]:
    assert _WORKER_NLP is not None, "workers are forked after _WORKER_NLP is set"
    assert _WORKER_LEXICONS is not None, "workers are forked after _WORKER_LEXICONS is set"
    found = extract_chunk(_WORKER_NLP, _WORKER_LEXICONS, chunk, batch_size)
    return _finished(found, _WORKER_FINISH)


def _parse_work(chunk: list[Document], batch_size: int) -> list[bytes | Outcome]:
    assert _WORKER_NLP is not None, "workers are forked after _WORKER_NLP is set"
    return parse_chunk(_WORKER_NLP, chunk, batch_size)


def _warm() -> None:
    """Load what every worker would otherwise load for itself (the lexicons and the gazetteer
    are loaded already: they are the workers' argument)."""
    from reportgraph.nlp.time.expressions import normalise_time

    normalise_time("6 March", dt.date(2001, 6, 15))  # dateparser loads its data on first use


def _chunks(docs: Iterable[Document], size: int) -> Iterator[list[Document]]:
    """``docs`` in lists of ``size``, taken from the iterable only as they are needed."""
    it = iter(docs)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


def can_fork() -> bool:
    """Whether builds fork worker processes here (see the module's docstring)."""
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


def extract_all(
    nlp: Language,
    lexicons: Lexicons,
    docs: Iterable[Document],
    batch_size: int = 8,
    n_process: int = 1,
    finish: Finish | None = None,
) -> Iterator[tuple[Document, Any]]:
    """Each document with its extraction (or ``finish`` of it) or its failure, in input order.

    ``docs`` is read lazily: at most ``2 * n_process`` chunks of ``batch_size`` documents are
    held at a time."""
    chunks = _chunks(docs, max(1, batch_size))
    if not can_fork():
        for chunk in chunks:
            results = _finished(extract_chunk(nlp, lexicons, chunk, batch_size), finish)
            yield from zip(chunk, results, strict=True)
        return
    yield from _extract_forked(nlp, lexicons, chunks, batch_size, max(1, n_process), finish)


def _extract_forked(
    nlp: Language,
    lexicons: Lexicons,
    chunks: Iterator[list[Document]],
    batch_size: int,
    n_process: int,
    finish: Finish | None,
) -> Iterator[tuple[Document, Any]]:
    global _WORKER_NLP, _WORKER_LEXICONS, _WORKER_FINISH
    parse_only = n_process == 1  # the worker parses; this process extracts meanwhile
    work = _parse_work if parse_only else _work
    _warm()
    _WORKER_NLP, _WORKER_LEXICONS, _WORKER_FINISH = nlp, lexicons, finish
    pool = ProcessPoolExecutor(
        n_process,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_exit_with_parent,
        initargs=(os.getpid(),),
    )
    pending: deque[tuple[list[Document], Future[list[Any]] | None]] = deque()
    todo = chunks
    broken = False
    try:
        while True:
            while not broken and len(pending) < 2 * n_process:
                chunk = next(todo, None)
                if chunk is None:
                    break
                try:
                    pending.append((chunk, pool.submit(work, chunk, batch_size)))
                except BrokenProcessPool:
                    broken = True
                    pending.append((chunk, None))
            if not pending:
                if broken and (chunk := next(todo, None)) is not None:
                    pending.append((chunk, None))
                    continue
                return
            chunk, future = pending.popleft()
            results: list[Any] | None = None
            if future is not None:
                try:
                    results = future.result()
                except BrokenProcessPool:
                    broken = True  # a worker died: finish here, in this process
                except Exception:  # e.g. a result that could not be sent back: redo it here
                    results = None
            if results is None:
                results = _finished(extract_chunk(nlp, lexicons, chunk, batch_size), finish)
            elif parse_only:
                results = extract_parsed(nlp, lexicons, chunk, results, finish)
            yield from zip(chunk, results, strict=True)
    finally:
        _WORKER_NLP = _WORKER_LEXICONS = _WORKER_FINISH = None
        pool.shutdown(wait=True, cancel_futures=True)
