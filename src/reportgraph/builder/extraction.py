"""The build's one call into extraction: load the pipeline and the lexicons, then each
document's quads (as N-Quads) and claims index rows, made where the document was extracted
(``index_rows.prepare``), or its failure, in input order.

spaCy and the extraction stages are imported here, when a build has a document to extract, not
when the library is imported.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from reportgraph.builder.index_rows import Prepared, prepare
from reportgraph.models import Document, Failure

if TYPE_CHECKING:
    from reportgraph.nlp.events.lexicon import EventLexicon


def extract(
    documents: Iterable[Document],
    *,
    model: str | None,
    batch_size: int,
    n_process: int,
    max_chars: int,
    events: EventLexicon | None = None,
) -> Iterator[tuple[Document, Prepared | Failure]]:
    """Load the pipeline (``model`` or the default) and the lexicons (with the user's
    ``events``, if any) now, then extract ``documents`` as they are taken from the iterator
    (``workers.extract_all``)."""
    from reportgraph.builder.workers import extract_all
    from reportgraph.nlp.lexicons import load_lexicons
    from reportgraph.nlp.pipeline import DEFAULT_MODEL, load_pipeline

    nlp = load_pipeline(model or DEFAULT_MODEL)
    nlp.max_length = max(nlp.max_length, max_chars)  # ingest already refused longer ones
    lexicons = load_lexicons(events)
    return extract_all(nlp, lexicons, documents, batch_size, n_process, finish=prepare)
