"""The claims index's rows of one document, made by the build from the extraction it already
has, so that the index is written per write group without reading the claims back from the
store.

The rows are exactly those the store gives once the document's quads are in it
(``rdf.claim_reads.raw_claim_rows`` for its claims, the saved query ``documents`` for the
document): the rules below follow what ``rdf.mapping`` writes and what the reads keep of it.

- A source is described once per document graph, by its first use: claims in id order, each
  claim's source before its ``via`` chain. A later source of the same id (another spelling of
  one name) takes that first description's label and entity.
- Optional values are written only when they are not empty (title, publisher, cue, time value),
  and a time whose text is empty is not read back.
- Places and the entities a statement is about come back once each, in IRI order; participants
  once per (entity, role), in that order.

``tests/builder/test_index_rows.py`` holds them equal to the store's rows on random documents,
and ``tests/claims_index`` holds a built index equal to a reindexed one.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportgraph.ids import DATA_BASE
from reportgraph.models import Claim, Document, DocumentExtraction, Source
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
    """What the claims index holds of one document: its row and its raw claim rows."""

    document: DocumentRow
    claims: tuple[ClaimRow, ...]


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
    return IndexRows(_document_row(doc, len(rows)), tuple(rows.values()))


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
