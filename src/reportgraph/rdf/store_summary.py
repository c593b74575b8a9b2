"""What the store holds, summed up: its counts, its documents with their publication dates, and
the failures of the last build.

The document and failure lists are the rows of the saved queries ``documents`` and ``failures``
(``queries/*.rq``, which users run too); the other reads are here.
"""

from __future__ import annotations

from collections.abc import Iterable

from reportgraph.models import Failure
from reportgraph.rdf.entity_index import EntityIndex
from reportgraph.rdf.mapping import document_iri
from reportgraph.rdf.sparql_values import as_int, one_column, select_for
from reportgraph.rdf.store import GraphStore, QueryResult
from reportgraph.rows import DocumentRow, Stats

_CLAIMS = "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { GRAPH ?g { ?c a rg:Claim } }"
_PUBLISHED = """
SELECT ?document ?published
WHERE { GRAPH ?g { #VALUES# ?document schema:datePublished ?published } }
"""
_DOCUMENTS = "SELECT ('d' AS ?k) (COUNT(DISTINCT ?d) AS ?n) WHERE { GRAPH ?g { ?d a rg:Document } }"
_ENTITY_CLASSES = (
    "SELECT DISTINCT ?e ?c WHERE { GRAPH ?g { ?e a rg:Entity, ?c . FILTER(?c != rg:Entity) } }"
)
_CLAIM_KINDS = (
    "SELECT ?k (COUNT(DISTINCT ?c) AS ?n) WHERE { GRAPH ?g { ?c a rg:Claim ; "
    "rg:claimKind ?k } } GROUP BY ?k"
)
_SOURCES = "SELECT ('s' AS ?k) (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g { ?s a rg:Source } }"
_MENTIONS = "SELECT ('m' AS ?k) (COUNT(DISTINCT ?m) AS ?n) WHERE { GRAPH ?g { ?m a rg:Mention } }"
_FAILURES = (
    "SELECT ('f' AS ?k) (COUNT(DISTINCT ?f) AS ?n) WHERE { GRAPH ?g { ?f a rg:BuildFailure } }"
)


_DOCUMENT_PATHS = "SELECT ?d ?path WHERE { GRAPH ?g { ?d a rg:Document ; rg:path ?path } }"
_CLAIM_DOCUMENTS = "SELECT ?c ?d WHERE { GRAPH ?g { ?c a rg:Claim ; rg:inDocument ?d } }"


def document_paths(store: GraphStore) -> dict[str, str]:
    """Every document's id and path."""
    rows = store.select(_DOCUMENT_PATHS).rows
    return {str(r["d"]).rsplit("/", 1)[-1]: str(r["path"]) for r in rows}


def claims_by_document(store: GraphStore) -> dict[str, list[str]]:
    """Document id -> the IRIs of its claims."""
    out: dict[str, list[str]] = {}
    for r in store.select(_CLAIM_DOCUMENTS).rows:
        out.setdefault(str(r["d"]).rsplit("/", 1)[-1], []).append(str(r["c"]))
    return out


def claim_count(store: GraphStore) -> int:
    """How many claims the store holds."""
    rows = store.select(_CLAIMS).rows
    return as_int(rows[0]["n"]) if rows else 0


def store_stats(store: GraphStore, index: EntityIndex) -> Stats:
    """Counts of documents, entities by type (canonical entities, by ``index``), claims by kind,
    sources, mentions, quads and the failures of the last build."""

    def count(query: str) -> dict[str, int]:
        return {str(r["k"]): as_int(r["n"]) for r in store.select(query).rows}

    docs = count(_DOCUMENTS)
    types: dict[str, set[str]] = {}
    for r in store.select(_ENTITY_CLASSES).rows:
        kind = str(r["c"]).rsplit("#", 1)[-1].upper()
        types.setdefault(kind, set()).add(index.canon(str(r["e"])))
    by_type = {k: len(v) for k, v in types.items()}
    by_kind = count(_CLAIM_KINDS)
    rest = store_counts(store)
    return Stats(
        documents=docs.get("d", 0),
        entities=len(set().union(*types.values())) if types else 0,
        entities_by_type={k.upper(): v for k, v in sorted(by_type.items())},
        claims=sum(by_kind.values()),
        claims_by_kind=dict(sorted(by_kind.items())),
        sources=rest["sources"],
        mentions=rest["mentions"],
        quads=rest["quads"],
        failures=rest["failures"],
    )


def store_counts(store: GraphStore) -> dict[str, int]:
    """The counts only the store holds: sources, mention nodes, quads, failures."""

    def one(query: str) -> int:
        rows = store.select(query).rows
        return as_int(rows[0]["n"]) if rows else 0

    return {
        "sources": one(_SOURCES),
        "mentions": one(_MENTIONS),
        "quads": len(store),
        "failures": one(_FAILURES),
    }


def published_dates(store: GraphStore, doc_ids: Iterable[str]) -> dict[str, str]:
    """Publication dates of those documents (the ones that have one), by document id."""
    rows = select_for(
        store, _PUBLISHED, ["document"], one_column(document_iri(d).value for d in doc_ids)
    )
    return {str(r["document"]).rsplit("/", 1)[-1]: str(r["published"]) for r in rows}


def document_rows(result: QueryResult) -> list[DocumentRow]:
    """The rows of the saved query ``documents``, one per document."""
    return [
        DocumentRow(
            id=str(r["document"]).rsplit("/", 1)[-1],
            path=str(r["path"]),
            title=None if r["title"] is None else str(r["title"]),
            publisher=None if r["publisher"] is None else str(r["publisher"]),
            published=None if r["published"] is None else str(r["published"]),
            claims=as_int(r["claims"]),
            decode_note=None if r["decode_note"] is None else str(r["decode_note"]),
        )
        for r in result.rows
    ]


def failure_rows(result: QueryResult) -> list[Failure]:
    """The rows of the saved query ``failures``: the failures of the last build."""
    return [
        Failure(
            path=str(r["path"]),
            line=None if r["line"] is None else as_int(r["line"]),
            code=str(r["code"]),
            message=str(r["message"]),
            fix="" if r["fix"] is None else str(r["fix"]),
        )
        for r in result.rows
    ]
