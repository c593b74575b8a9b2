"""``ReportGraph.stats()`` with the counts the claims index holds (documents, canonical entities
by type, claims by kind) read from it; sources, mention nodes, quads and the last build's
failures, which it does not hold, still come from the store (``rdf.store_summary``)."""

from __future__ import annotations

from reportgraph.claims_index.database import ClaimsIndex
from reportgraph.rdf import store_summary
from reportgraph.rdf.store import GraphStore
from reportgraph.rows import Stats

# A canonical entity counts once under each type one of its records' descriptions gives it.
_BY_TYPE = """
SELECT m.type, COUNT(DISTINCT COALESCE(e.canonical, m.entity)) FROM mentions m
LEFT JOIN entities e ON e.iri = m.entity GROUP BY m.type ORDER BY m.type
"""
_ENTITIES = """
SELECT COUNT(DISTINCT COALESCE(e.canonical, m.entity)) FROM mentions m
LEFT JOIN entities e ON e.iri = m.entity
"""
_BY_KIND = "SELECT kind, COUNT(*) FROM claims GROUP BY kind ORDER BY kind"


def index_stats(index: ClaimsIndex, store: GraphStore) -> Stats:
    """The store's :class:`Stats`, its entity, claim and document counts read from ``index``."""
    rest = store_summary.store_counts(store)
    by_kind = {str(k): int(str(n)) for k, n in index.select(_BY_KIND)}
    return Stats(
        documents=len(index.document_ids()),
        entities=int(str(index.select(_ENTITIES)[0][0])),
        entities_by_type={str(t): int(str(n)) for t, n in index.select(_BY_TYPE)},
        claims=sum(by_kind.values()),
        claims_by_kind=by_kind,
        sources=rest["sources"],
        mentions=rest["mentions"],
        quads=rest["quads"],
        failures=rest["failures"],
    )
