"""A build, stage after stage (see the package docstring): read, extract, write, record the
failures, resolve, report."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from pathlib import Path

from reportgraph.builder.extraction import extract
from reportgraph.builder.index_rows import Prepared
from reportgraph.builder.progress import ProgressCallback, Tally
from reportgraph.builder.reading import unstored
from reportgraph.builder.resolving import resolve_store
from reportgraph.builder.writer import BackgroundWriter
from reportgraph.claims_index import ClaimsIndex
from reportgraph.models import Document, Failure
from reportgraph.rdf.mapping import FAILURES_GRAPH, failure_quads
from reportgraph.rdf.store import GraphStore
from reportgraph.rdf.store_summary import claim_count
from reportgraph.rows import BuildReport
from reportgraph.size_limits import DEFAULT_MAX_CHARS


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
) -> BuildReport:
    """Read, extract and store the articles of ``paths`` that ``store`` does not hold yet, then
    resolve entities across documents; one failing document never aborts the batch.

    ``events`` is a JSON file of event types merged over the shipped ones
    (:mod:`reportgraph.nlp.events.lexicon`). Each failure is returned in the report and
    recorded in the store's build-failures graph, which each build replaces. The claims rows of
    the documents written go to ``index`` after each write group (``writer``); its entity
    tables are the caller's to reconcile after the resolution."""
    from reportgraph.nlp.events.lexicon import load_event_lexicon
    from reportgraph.resolve import load_overrides

    rules = load_overrides(overrides) if overrides is not None else None  # fail fast
    event_types = load_event_lexicon(events) if events is not None else None  # fail fast
    tally = Tally(progress)
    pending = unstored(store, paths, max_chars, tally)
    first = next(pending, None)
    if first is not None:
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


def _write(
    store: GraphStore,
    results: Iterable[tuple[Document, Prepared | Failure]],
    tally: Tally,
    index: ClaimsIndex | None,
) -> None:
    """Write each extraction in order from the background writer; a failure keeps its place."""
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
