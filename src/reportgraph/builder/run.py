"""A build, stage after stage (see the package docstring): read, extract, write, record the
failures, resolve, report."""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from reportgraph.builder.extraction import extract
from reportgraph.builder.index_rows import Prepared
from reportgraph.builder.progress import ProgressCallback, Tally
from reportgraph.builder.reading import unstored
from reportgraph.builder.resolving import ResolutionRun, resolve_store
from reportgraph.builder.writer import BackgroundWriter, Written
from reportgraph.claims_index import ClaimsIndex
from reportgraph.models import Document, Failure
from reportgraph.rdf.mapping import FAILURES_GRAPH, failure_quads
from reportgraph.rdf.store import GraphStore
from reportgraph.rdf.store_summary import claim_count
from reportgraph.rows import BuildReport
from reportgraph.size_limits import DEFAULT_MAX_CHARS

if TYPE_CHECKING:
    from reportgraph.builder.cluster import ClusterSpec
    from reportgraph.builder.cluster_tasks import BatchItem
    from reportgraph.nlp.events.lexicon import EventLexicon


def build(
    store: GraphStore,
    paths: Sequence[str | Path],
    *,
    model: str | None = None,
    batch_size: int = 8,
    n_process: int = 1,
    progress: ProgressCallback | None = None,
    overrides: Path | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
    events: Path | None = None,
    index: ClaimsIndex | None = None,
    cluster: str | None = None,
    resolved: Callable[[ResolutionRun], None] | None = None,
) -> BuildReport:
    """Read, extract and store the articles of ``paths`` that ``store`` does not hold yet, then
    resolve entities across documents; one failing document never aborts the batch.

    ``events`` is a JSON file of event types merged over the shipped ones
    (:mod:`reportgraph.nlp.events.lexicon`). Each failure is returned in the report and
    recorded in the store's build-failures graph, which each build replaces. The claims rows of
    the documents written go to ``index`` after each write group (``writer``); its entity
    tables are the caller's to reconcile after the resolution.

    ``resolved`` is called with the resolution run (what it changed, for the claims index).

    ``cluster`` (``local:N`` or a Dask scheduler's address) parses and extracts on a Dask
    cluster instead of in this process and its forked workers (``cluster.py``); it excludes
    ``n_process`` above 1 (RG723). The cluster is reached (or started) when the first document
    needs extracting. An embedded store is written here; a remote store by the workers, and
    the claims index here."""
    from reportgraph.nlp.events.lexicon import load_event_lexicon
    from reportgraph.resolve import load_overrides

    rules = load_overrides(overrides) if overrides is not None else None  # fail fast
    event_types = load_event_lexicon(events) if events is not None else None  # fail fast
    spec = _cluster_spec(cluster, n_process)  # fail fast
    tally = Tally(progress)
    pending = unstored(store, paths, max_chars, tally)
    first = next(pending, None)
    if first is not None and spec is not None:
        documents = itertools.chain([first], pending)
        _build_on_cluster(
            store, spec, documents, tally, index, model, batch_size, max_chars, event_types
        )
    elif first is not None:
        documents = itertools.chain([first], pending)
        results = extract(
            documents,
            model=model,
            batch_size=batch_size,
            n_process=n_process,
            max_chars=max_chars,
            events=event_types,
        )
        _write(store, results, tally, index)
    failures = tally.all_failures()
    store.replace_graph(FAILURES_GRAPH, failure_quads(failures))
    resolution = resolve_store(store, rules)
    if resolved is not None:
        resolved(resolution)
    return BuildReport(
        read=tally.read,
        added=tally.counts["added"],
        unchanged=tally.counts["unchanged"],
        replaced=tally.counts["replaced"],
        failures=failures,
        entities=resolution.entities,
        claims=claim_count(store),
        quads=len(store),
    )


def _cluster_spec(cluster: str | None, n_process: int) -> ClusterSpec | None:
    if cluster is None:
        return None
    from reportgraph.builder.cluster import both_given, parse_cluster

    if n_process != 1:
        raise both_given()
    return parse_cluster(cluster)


def _build_on_cluster(
    store: GraphStore,
    spec: ClusterSpec,
    documents: Iterable[Document],
    tally: Tally,
    index: ClaimsIndex | None,
    model: str | None,
    batch_size: int,
    max_chars: int,
    events: EventLexicon | None,
) -> None:
    """Extract ``documents`` on the cluster of ``spec``; write them here as they come back, or,
    to a remote store, have the workers write them and write the claims index here."""
    from reportgraph.builder.cluster import connect, extract_on_cluster
    from reportgraph.builder.cluster_tasks import ExtractionSetup
    from reportgraph.nlp.pipeline import DEFAULT_MODEL
    from reportgraph.rdf.remote import RemoteStore

    setup = ExtractionSetup(model or DEFAULT_MODEL, max_chars, events)
    position: dict[int, int] = {}  # id(document) -> its input position, while it is away
    failed_at: dict[str, int] = {}  # path -> input position, of the documents that failed

    def numbered() -> Iterator[Document]:
        for k, doc in enumerate(documents):
            position[id(doc)] = k
            yield doc

    def noted(
        results: Iterable[tuple[Document, BatchItem]],
    ) -> Iterator[tuple[Document, BatchItem]]:
        for doc, item in results:
            k = position.pop(id(doc))
            if isinstance(item, Failure):
                failed_at[doc.path] = k
            elif isinstance(item, Written) and item.outcome == "unchanged":
                # the store lacked it when it was read (``unstored``), and each id is read
                # once: a worker wrote it in an earlier run of its batch, then died
                item = dataclasses.replace(item, outcome="landed")
            yield doc, item

    with connect(spec) as client:
        url = store.url if isinstance(store, RemoteStore) else None  # the workers write it
        found = extract_on_cluster(client, numbered(), setup, batch_size, store_url=url)
        _write(store, noted(found), tally, index)
    # results came back as batches finished: the failures are reported in input order
    tally.failures.sort(key=lambda f: failed_at.get(f.path, len(failed_at)))


def _write(
    store: GraphStore,
    results: Iterable[tuple[Document, Prepared | Written | Failure]],
    tally: Tally,
    index: ClaimsIndex | None,
) -> None:
    """Write each extraction in order from the background writer (a :class:`Written` one's index
    rows only: a worker wrote the store); a failure keeps its place."""
    with BackgroundWriter[Document, Failure](store, index=index) as writer:
        for doc, result in results:
            if isinstance(result, Failure):
                written_so_far = writer.passthrough(doc, result)
            else:
                written_so_far = writer.submit(doc, result)
            for written in written_so_far:
                tally.record(*written)
        for written in writer.drain():
            tally.record(*written)
