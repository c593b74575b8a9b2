"""Saved queries the claims index answers itself, with the rows, columns and order the store's
SPARQL gives (``queries/<name>.rq``), so that ``ReportGraph.query(name)`` is fast on a big
store and the same everywhere."""

from __future__ import annotations

from collections.abc import Callable

from reportgraph.claims_index.database import ClaimsIndex
from reportgraph.rdf.store import QueryResult, Value
from reportgraph.rdf.vocab import data_iri

_BY_SOURCE = """
SELECT source_id, source, kind, COUNT(*) AS claims, COUNT(DISTINCT document) AS docs
FROM claims WHERE segment != 'reader_comment'
GROUP BY source_id, source, kind
ORDER BY claims DESC, source, kind
"""


def claims_by_source(index: ClaimsIndex) -> QueryResult:
    """``queries/claims_by_source.rq``: claims of each kind per source, and in how many
    documents, reader comments left out."""
    rows: list[dict[str, Value]] = [
        {
            "source": data_iri(f"source/{source_id}").value,
            "label": str(label),
            "kind": str(kind),
            "claims": int(str(claims)),
            "documents": int(str(docs)),
        }
        for source_id, label, kind, claims, docs in index.select(_BY_SOURCE)
    ]
    return QueryResult(["source", "label", "kind", "claims", "documents"], rows)


#: saved query name -> how the index answers it (only when it takes no parameters)
INDEXED: dict[str, Callable[[ClaimsIndex], QueryResult]] = {
    "claims_by_source": claims_by_source,
}
