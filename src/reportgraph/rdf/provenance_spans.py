"""Provenance from the store: each span of text behind a claim or an entity, in its sentence,
with its document and (for a claim) its source, chain, cue and certainty."""

from __future__ import annotations

from collections import defaultdict

import pyoxigraph as ox

from reportgraph.rdf.entity_index import EntityIndex
from reportgraph.rdf.mapping import claim_iri, document_iri, entity_iri
from reportgraph.rdf.row_reads import entity_rows
from reportgraph.rdf.sparql_values import as_int
from reportgraph.rdf.store import GraphStore
from reportgraph.rdf.vocab import XSD, local_id
from reportgraph.rows import ClaimRow, MentionRow, Provenance, ProvenanceItem

_MENTION_CONTEXT = """SELECT ?sent ?sb ?path ?d ?b ?e WHERE { GRAPH ?g {
                 ?m rg:inDocument ?d ; nif:beginIndex ?b ; nif:endIndex ?e ; rg:sentence ?sent ;
                    rg:sentenceBegin ?sb . ?d rg:path ?path } } LIMIT 1"""
_ALL_EVIDENCE = """SELECT ?c ?b ?e WHERE { GRAPH ?g { ?c rg:evidence ?m .
                 ?m nif:beginIndex ?b ; nif:endIndex ?e } }"""
_EVIDENCE = """SELECT ?c ?b ?e ?text WHERE { GRAPH ?g { ?c rg:evidence ?m .
                 ?m nif:beginIndex ?b ; nif:endIndex ?e ; nif:anchorOf ?text } } ORDER BY ?b"""


def evidence_spans(store: GraphStore) -> dict[str, list[tuple[int, int]]]:
    """Every claim's evidence spans (document offsets, in order), by claim id: one query for the
    whole store, for views that show many claims at once."""
    out: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for r in store.select(_ALL_EVIDENCE).rows:
        out[local_id(str(r["c"])).removeprefix("claim/")].append((as_int(r["b"]), as_int(r["e"])))
    return {k: sorted(set(v)) for k, v in out.items()}


def entity_provenance(store: GraphStore, iri: str, index: EntityIndex | None) -> Provenance:
    """Each mention of the entity ``iri`` (canonical) in its sentence; ``index`` if loaded."""
    row = next(
        r
        for r in entity_rows(store, index, include_comments=True, entities=[iri])
        if entity_iri(r.id).value == iri
    )
    items = [_item(m, _mention_context(store, m.document, m.start, m.end)) for m in row.mentions]
    return Provenance(kind="entity", id=row.id, label=row.label, items=items)


def claim_provenance(store: GraphStore, claim: ClaimRow) -> Provenance:
    """Each evidence mention of ``claim``, in the claim's sentence, with its source."""
    res = store.select(_EVIDENCE, {"c": claim_iri(claim.id)})
    context: dict[str, object] = {
        "path": claim.document.path,
        "sent": claim.evidence.sentence,
        "sb": claim.evidence.start,
    }
    items = [
        _item(
            MentionRow(
                document=claim.document.id,
                start=as_int(r["b"]),
                end=as_int(r["e"]),
                text=str(r["text"]),
            ),
            context,
            claim,
        )
        for r in res.rows
    ]
    label = " ".join(
        x
        for x in (
            claim.subject.label if claim.subject else "",
            claim.predicate,
            claim.object.label if claim.object else "",
        )
        if x
    )
    return Provenance(kind="claim", id=claim.id, label=label, items=items)


def _mention_context(store: GraphStore, doc_id: str, start: int, end: int) -> dict[str, object]:
    """The sentence, sentence start and document path of the mention at ``start``-``end``."""
    res = store.select(
        _MENTION_CONTEXT,
        {
            "d": document_iri(doc_id),
            "b": ox.Literal(str(start), datatype=XSD.integer),
            "e": ox.Literal(str(end), datatype=XSD.integer),
        },
    )
    return dict(res.rows[0]) if res.rows else {}


def _item(m: MentionRow, ctx: dict[str, object], claim: ClaimRow | None = None) -> ProvenanceItem:
    return ProvenanceItem(
        document=m.document,
        path=str(ctx.get("path", claim.document.path if claim else "")),
        start=m.start,
        end=m.end,
        text=m.text,
        sentence=str(ctx.get("sent", claim.evidence.sentence if claim else "")),
        sentence_start=int(ctx.get("sb", claim.evidence.start if claim else 0)),  # type: ignore[call-overload]
        source=claim.source if claim else None,
        via=claim.via if claim else [],
        cue=claim.cue if claim else None,
        certainty=claim.certainty if claim else None,
        claim=claim.id if claim else None,
        segment=claim.segment if claim else None,
    )
