"""The build's reading: the documents of the input paths not yet in the store, read one file at a
time (memory stays flat in corpus size), with what could not be read kept as failures."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from reportgraph.builder.progress import Tally
from reportgraph.ingest import iter_read
from reportgraph.models import Document, Failure
from reportgraph.rdf.store import GraphStore


def unstored(
    store: GraphStore, paths: Sequence[str | Path], max_chars: int, tally: Tally
) -> Iterator[Document]:
    """The documents of ``paths`` the store does not hold yet; a document it holds counts as
    ``unchanged``, and a file or line that cannot be read as a read failure."""
    for item in iter_read(paths, max_chars=max_chars):
        if isinstance(item, Failure):
            tally.read_failures.append(item)
            continue
        tally.read += 1
        if store.has_document(item.id):
            tally.counts["unchanged"] += 1
            tally.report(item.path, "unchanged")
        else:
            yield item
    tally.reading = False
