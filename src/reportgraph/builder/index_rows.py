"""The claims index's rows of one document, made by the build from the extraction it already
has, so that the index is written per write group without reading the claims back from the
store.

The rows are exactly those the store gives once the document's quads are in it
(``rdf.claim_reads.raw_claim_rows`` for its claims, the saved query ``documents`` for the
document, ``claims_index.browse.mention_records`` for its entity mentions): the rules below
follow what ``rdf.mapping`` writes and what the reads keep of it.

- A source is described once per document graph, by its first use: claims in id order, each
  claim's source before its ``via`` chain. A later source of the same id (another spelling of
  one name) takes that first description's label and entity.
- Optional values are written only when they are not empty (title, publisher, cue, time value),
  and a time whose text is empty is not read back.
- A mention node is described once, by its first use (entities in id order, each one's
  mentions, then its alias evidence); a record with two classes or coordinates in one
  document has a mention record for each (as the store's join gives them).
- Places and the entities a statement is about come back once each, in IRI order; participants
  once per (entity, role), in that order.

``tests/builder/test_index_rows.py`` holds them equal to the store's rows on random documents,
and ``tests/claims_index`` holds a built index equal to a reindexed one.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from reportgraph.claims_index.browse import MentionRecord, mention_order
from reportgraph.ids import DATA_BASE
from reportgraph.models import Claim, Document, DocumentExtraction, Mention, Source
from reportgraph.rdf.mapping import PreparedDocument, prepare_document
from reportgraph.rows import (
    ClaimRow,
    ContentRow,
    DocRef,
    DocumentRow,
    EvidenceRow,
    ParticipantRow,
    QuantityRow,
    Ref,
    TimeRow,
)

_ENTITY = DATA_BASE + "entity/"


@dataclass(frozen=True)
class IndexRows:
    """What the claims index holds of one document: its row, its raw claim rows and its entity
    mentions."""

    document: DocumentRow
    claims: tuple[ClaimRow, ...]
    mentions: tuple[MentionRecord, ...]


@dataclass(frozen=True)
class Prepared:
    """One extracted document as the build writes it: quads for the store, rows for the index
    (made where the document was extracted, like the quads)."""

    quads: PreparedDocument
    rows: IndexRows


def prepare(extraction: DocumentExtraction) -> Prepared:
    """The store's quads and the index's rows of ``extraction``."""
    return Prepared(prepare_document(extraction), index_rows(extraction))


def index_rows(extraction: DocumentExtraction) -> IndexRows:
    claims = sorted(extraction.claims, key=lambda c: c.id)
    doc = extraction.document
    sources: dict[str, Source] = {}  # id -> the description the document graph holds
    for c in claims:
        for src in (c.source, *c.via):
            sources.setdefault(src.id, src)
    ref = DocRef(id=doc.id, path=doc.path)
    rows: dict[str, ClaimRow] = {}
    for c in claims:
        rows.setdefault(c.id, _claim_row(c, ref, sources))
    return IndexRows(
        _document_row(doc, len(rows)), tuple(rows.values()), _mention_records(extraction)
    )


def _mention_records(extraction: DocumentExtraction) -> tuple[MentionRecord, ...]:
    """The entity mentions of the document as ``browse.mention_records`` reads them: each
    mention node as first described (entities in id order, each one's mentions then its alias
    evidence), every class and coordinate pair the document gives a record."""
    doc_id = extraction.document.id
    spans: dict[tuple[int, int], Mention] = {}
    named: dict[str, set[tuple[int, int]]] = defaultdict(set)
    classes: dict[str, set[str]] = defaultdict(set)
    lats: dict[str, set[float]] = defaultdict(set)
    lons: dict[str, set[float]] = defaultdict(set)
    for e in sorted(extraction.entities, key=lambda e: e.id):
        iri = _ENTITY + e.id
        classes[iri].add(e.type)
        if e.coordinates is not None:
            lats[iri].add(float(e.coordinates[0]))
            lons[iri].add(float(e.coordinates[1]))
        for m in (*e.mentions, *(ev.mention for ev in e.alias_evidence)):
            spans.setdefault((m.start, m.end), m)
        named[iri].update((m.start, m.end) for m in e.mentions)
    out: set[MentionRecord] = set()
    for iri, found in named.items():
        places: list[tuple[float | None, float | None]] = [
            (a, b) for a in lats[iri] for b in lons[iri]
        ] or [(None, None)]
        for start, end in found:
            m = spans[start, end]
            for cls in classes[iri]:
                for lat, lon in places:
                    out.add(
                        MentionRecord(iri, doc_id, start, end, m.text, m.segment, cls, lat, lon)
                    )
    return tuple(sorted(out, key=mention_order))


def _document_row(doc: Document, claims: int) -> DocumentRow:
    return DocumentRow(
        id=doc.id,
        path=doc.path,
        title=doc.title or None,
        publisher=doc.publisher or None,
        published=doc.published.isoformat() if doc.published is not None else None,
        claims=claims,
        decode_note=doc.decode_note or None,
    )


def _entity(entity_id: str) -> Ref:
    return Ref(id=_ENTITY + entity_id, label="")


def _claim_row(c: Claim, doc: DocRef, sources: dict[str, Source]) -> ClaimRow:
    q, t, src = c.quantity, c.time, sources[c.source.id]
    participants = (
        {(_ENTITY + p.entity_id, p.role) for p in c.event.participants} if c.event else ()
    )
    return ClaimRow(
        id=c.id,
        kind=c.kind,
        predicate=c.predicate,
        subject=_entity(c.subject) if c.subject else None,
        object=_entity(c.object) if c.object else None,
        quantity=None
        if q is None
        else QuantityRow(
            value=q.value, qualifier=q.qualifier, upper=q.upper, unit=q.unit, text=q.text
        ),
        places=[_entity(p) for p in sorted(set(c.places))],
        time=TimeRow(text=t.text, value=t.value or None) if t is not None and t.text else None,
        source=Ref(id=src.id, label=src.label),
        via=[Ref(id=s.id, label=sources[s.id].label) for s in c.via],
        cue=c.cue or None,
        certainty=c.certainty,
        segment=c.segment,
        document=doc,
        evidence=EvidenceRow(
            sentence=c.evidence.sentence, start=c.evidence.start, end=c.evidence.end
        ),
        content=None
        if c.content is None
        else ContentRow(start=c.content.start, end=c.content.end, text=c.content.text),
        about=[_entity(p) for p in sorted(set(c.about))],
        source_entity=_entity(src.entity_id) if src.entity_id else None,
        participants=[
            ParticipantRow(id=p, label="", role=role) for p, role in sorted(participants)
        ],
    )
