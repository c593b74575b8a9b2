"""The claim page's data (``/-/claim/<id>`` and its JSON twin): the claim as the library gives
it (the JSONL contract), its evidence sentence cut into parts with the claim's evidence spans
marked, its document, and its RDF as Turtle.

The claim row comes from the claims index; the evidence spans and the RDF come from the store
(the server's snapshot, read through the runner's lane): the claim node's description and its
chain steps, content, quantity and time nodes (in the document's graph), and the claim's own
graph (its assertion), as one Turtle document of their triples.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pyoxigraph as ox

from reportgraph.errors import NotFoundError
from reportgraph.rdf.claim_reads import entity_iris, with_entities
from reportgraph.rdf.mapping import claim_iri
from reportgraph.rdf.sparql_values import as_int
from reportgraph.rdf.store import GraphStore
from reportgraph.rdf.vocab import PREFIXES
from reportgraph.rows import ClaimRow
from reportgraph.serve.pages.index_access import ReadOnlyIndex
from reportgraph.serve.pages.links import claim_id

_EVIDENCE = """SELECT ?c ?b ?e WHERE { GRAPH ?g { ?c rg:evidence ?m .
                 ?m nif:beginIndex ?b ; nif:endIndex ?e } } ORDER BY ?b ?e"""
# The claim node, the nodes named after it (claim/<id>/via/0, /content, /quantity, /time) and
# its own graph; each pattern starts from the claim's IRI, so no pattern scans the store.
_TRIPLES = """SELECT ?c ?s ?p ?o WHERE {
  { GRAPH ?g { ?c ?p ?o } BIND(?c AS ?s) }
  UNION { GRAPH ?g { ?c ?link ?s } FILTER(isIRI(?s) && STRSTARTS(STR(?s), CONCAT(STR(?c), "/")))
          GRAPH ?h { ?s ?p ?o } }
  UNION { GRAPH ?c { ?s ?p ?o } }
}"""


# Data IRIs written whole: "id:claim\/c..." (a slash escaped in a prefixed name) reads badly.
_TURTLE_PREFIXES = {k: v for k, v in PREFIXES.items() if k != "id"}


def not_found(name: str) -> NotFoundError:
    return NotFoundError(
        f"No claim {name!r} in the claims index.",
        "Search the claims table (/reportgraph/claim_rows); a claim id is c and 20 hex digits.",
        code="RG504",
    )


def claim_row(index: ReadOnlyIndex, name: str) -> ClaimRow:
    """The claim with this id or IRI, its entities resolved; RG504 if the index has none."""
    local = claim_id(name)
    found = index.select("SELECT raw FROM claims WHERE id = ?", [local]) if local else []
    if not found:
        raise not_found(name)
    raw = ClaimRow.model_validate_json(str(found[0][0]))
    return with_entities(raw, index.entity_index(entity_iris(raw)))


def document_of(index: ReadOnlyIndex, doc_id: str) -> dict[str, Any]:
    keys = ("id", "path", "title", "publisher", "published")
    rows = index.select(f"SELECT {', '.join(keys)} FROM documents WHERE id = ?", [doc_id])
    return dict(zip(keys, rows[0], strict=True)) if rows else {"id": doc_id}


def store_part(store: GraphStore, claim: str) -> tuple[list[tuple[int, int]], str]:
    """The claim's evidence spans (document offsets) and its triples as Turtle, from the
    store."""
    node = claim_iri(claim)
    spans = [(as_int(r["b"]), as_int(r["e"])) for r in store.select(_EVIDENCE, {"c": node}).rows]
    result = store.evaluate(_TRIPLES, {"c": node})
    assert isinstance(result, ox.QuerySolutions)
    triples = {ox.Triple(s["s"], s["p"], s["o"]) for s in result}
    ordered = sorted(triples, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    turtle = ox.serialize(ordered, format=ox.RdfFormat.TURTLE, prefixes=_TURTLE_PREFIXES)
    return sorted(set(spans)), (turtle or b"").decode("utf-8")


def sentence_parts(
    sentence: str, start: int, spans: Sequence[tuple[int, int]]
) -> list[dict[str, Any]]:
    """``sentence`` (at document offset ``start``) cut into parts, each ``{"text", "mark"}``:
    marked where an evidence span (document offsets) covers it. Overlapping spans join; the
    parts put back together are the sentence."""
    covered = [False] * len(sentence)
    for b, e in spans:
        for i in range(max(b - start, 0), min(e - start, len(sentence))):
            covered[i] = True
    parts: list[dict[str, Any]] = []
    for i, ch in enumerate(sentence):
        if parts and parts[-1]["mark"] == covered[i]:
            parts[-1]["text"] += ch
        else:
            parts.append({"text": ch, "mark": covered[i]})
    return parts


def claim_data(
    claim: ClaimRow, document: dict[str, Any], spans: Sequence[tuple[int, int]], turtle: str
) -> dict[str, Any]:
    """Everything the claim page shows, JSON-ready."""
    ev = claim.evidence
    return {
        "claim": claim.model_dump(mode="json"),
        "document": document,
        "evidence": [
            {"start": b, "end": e, "text": ev.sentence[b - ev.start : e - ev.start]}
            for b, e in spans
            if ev.start <= b < e <= ev.end
        ],
        "sentence": sentence_parts(ev.sentence, ev.start, spans),
        "turtle": turtle,
    }
