"""Models -> RDF quads. The one place that knows how the graph is laid out.

Layout (see ontology/reportgraph.ttl):
- the document graph ``id:graph/doc/{doc}`` holds the document, its segments, its mentions, the
  entity descriptions this document supports, the sources it names, and every claim's metadata
  (source, chain, cue, certainty, evidence, sentence);
- each claim's own graph ``id:claim/{claim}`` (the claim IRI) holds what the claim asserts;
- ``id:graph/build-failures`` holds the failures of the last build (replaced by each build).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

import pyoxigraph as ox

from reportgraph import ids
from reportgraph.models import (
    Claim,
    Document,
    DocumentExtraction,
    Entity,
    EntityType,
    Event,
    Mention,
    Quantity,
    Source,
    TimeExpr,
)
from reportgraph.rdf.vocab import (
    NIF,
    PROV,
    RDF,
    RDFS,
    RG,
    SCHEMA,
    SEM,
    SKOS,
    XSD,
    data_iri,
    relation_iri,
)

ENTITY_CLASSES: dict[EntityType, ox.NamedNode] = {
    "PERSON": RG.Person,
    "ORGANIZATION": RG.Organization,
    "GROUP": RG.Group,
    "PLACE": RG.Place,
}
CLASS_TYPES: dict[str, EntityType] = {v.value: k for k, v in ENTITY_CLASSES.items()}
FAILURES_GRAPH = data_iri("graph/build-failures")


def document_graph(doc_id: str) -> ox.NamedNode:
    return data_iri(f"graph/doc/{doc_id}")


def document_iri(doc_id: str) -> ox.NamedNode:
    return data_iri(f"doc/{doc_id}")


def entity_iri(entity_id: str) -> ox.NamedNode:
    return data_iri(f"entity/{entity_id}")


def source_iri(source_id: str) -> ox.NamedNode:
    return data_iri(f"source/{source_id}")


def claim_iri(claim_id: str) -> ox.NamedNode:
    return data_iri(f"claim/{claim_id}")


def mention_iri(mention: Mention) -> ox.NamedNode:
    return data_iri(ids.mention_id(mention.doc_id, mention.start, mention.end))


def _str(value: str) -> ox.Literal:
    return ox.Literal(value)


def _int(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=XSD.integer)


def _decimal(value: float) -> ox.Literal:
    text = str(int(value)) if float(value).is_integer() else repr(float(value))
    return ox.Literal(text, datatype=XSD.decimal)


def _date(value: dt.date) -> ox.Literal:
    return ox.Literal(value.isoformat(), datatype=XSD.date)


class _Writer:
    """Collects quads for one document, describing each mention and source once."""

    def __init__(self, doc_id: str) -> None:
        self.graph = document_graph(doc_id)
        self.doc = document_iri(doc_id)
        self.quads: list[ox.Quad] = []
        self._mentions: set[str] = set()
        self._sources: set[str] = set()

    def add(
        self,
        s: ox.NamedNode,
        p: ox.NamedNode,
        o: ox.NamedNode | ox.Literal,
        g: ox.NamedNode | None = None,
    ) -> None:
        self.quads.append(ox.Quad(s, p, o, g if g is not None else self.graph))

    def mention(self, m: Mention) -> ox.NamedNode:
        node = mention_iri(m)
        if node.value in self._mentions:
            return node
        self._mentions.add(node.value)
        self.add(node, RDF.type, RG.Mention)
        self.add(node, RG.inDocument, self.doc)
        self.add(node, NIF.beginIndex, _int(m.start))
        self.add(node, NIF.endIndex, _int(m.end))
        self.add(node, NIF.anchorOf, _str(m.text))
        self.add(node, RG.sentence, _str(m.sentence))
        self.add(node, RG.sentenceBegin, _int(m.sentence_start))
        self.add(node, RG.sentenceEnd, _int(m.sentence_end))
        self.add(node, RG.segmentKind, _str(m.segment))
        return node

    def source(self, src: Source) -> ox.NamedNode:
        node = source_iri(src.id)
        if node.value in self._sources:
            return node
        self._sources.add(node.value)
        self.add(node, RDF.type, RG.Source)
        self.add(node, RDFS.label, _str(src.label))
        self.add(node, RG.sourceKind, _str(src.kind))
        if src.entity_id:
            self.add(node, RG.isEntity, entity_iri(src.entity_id))
        if src.mention is not None:
            self.add(node, RG.namedIn, self.mention(src.mention))
        return node


def _document(w: _Writer, d: Document) -> None:
    w.add(w.doc, RDF.type, RG.Document)
    w.add(w.doc, RG.path, _str(d.path))
    w.add(w.doc, RG.sourceFormat, _str(d.source_format))
    w.add(w.doc, NIF.isString, _str(d.text))
    w.add(w.doc, SCHEMA.inLanguage, _str(d.language))
    if d.title:
        w.add(w.doc, SCHEMA.headline, _str(d.title))
    if d.publisher:
        w.add(w.doc, RG.publisherName, _str(d.publisher))
    if d.url:
        w.add(w.doc, SCHEMA.url, _str(d.url))
    if d.published is not None:
        w.add(w.doc, SCHEMA.datePublished, _date(d.published))
    if d.published_text:
        w.add(w.doc, RG.datePublishedText, _str(d.published_text))
    if d.decode_note:
        w.add(w.doc, RG.decodeNote, _str(d.decode_note))
    for seg in d.segments:
        node = data_iri(ids.segment_id(d.id, seg.start, seg.end))
        w.add(w.doc, RG.hasSegment, node)
        w.add(node, RDF.type, RG.Segment)
        w.add(node, RG.inDocument, w.doc)
        w.add(node, RG.segmentKind, _str(seg.kind))
        w.add(node, NIF.beginIndex, _int(seg.start))
        w.add(node, NIF.endIndex, _int(seg.end))
        for prop, value in (
            (RG.authorName, seg.author_name),
            (RG.authorHandle, seg.author_handle),
            (RG.dateText, seg.date_text),
            (SCHEMA.url, seg.url),
        ):
            if value:
                w.add(node, prop, _str(value))


def _entity(w: _Writer, e: Entity) -> None:
    node = entity_iri(e.id)
    w.add(node, RDF.type, RG.Entity)
    w.add(node, RDF.type, ENTITY_CLASSES[e.type])
    w.add(node, RDFS.label, _str(e.label))
    for alias in e.aliases:
        w.add(node, SKOS.altLabel, _str(alias))
    if e.subtype:
        w.add(node, RG.subtype, _str(e.subtype))
    if e.links.geonames:
        w.add(node, RG.geonamesId, _str(e.links.geonames))
    if e.links.wikidata:
        w.add(node, RG.wikidataId, _str(e.links.wikidata))
    if e.coordinates is not None:
        w.add(node, SCHEMA.latitude, _decimal(e.coordinates[0]))
        w.add(node, SCHEMA.longitude, _decimal(e.coordinates[1]))
    if e.country:
        w.add(node, RG.country, _str(e.country))
    if e.region:
        w.add(node, RG.region, _str(e.region))
    for m in e.mentions:
        w.add(node, RG.hasMention, w.mention(m))
    for i, ev in enumerate(e.alias_evidence):
        enode = ox.NamedNode(f"{node.value}/alias/{w.doc.value.rsplit('/', 1)[-1]}/{i}")
        w.add(node, RG.aliasEvidence, enode)
        w.add(enode, RDF.type, RG.AliasEvidence)
        w.add(enode, RG.alias, _str(ev.alias))
        w.add(enode, RG.reason, _str(ev.reason))
        w.add(enode, RG.evidenceMention, w.mention(ev.mention))


def _quantity(w: _Writer, node: ox.NamedNode, q: Quantity, g: ox.NamedNode) -> None:
    w.add(node, RDF.type, RG.Quantity, g)
    if q.value is not None:
        w.add(node, RG.value, _decimal(q.value), g)
    if q.upper is not None:
        w.add(node, RG.upperBound, _decimal(q.upper), g)
    w.add(node, RG.qualifier, _str(q.qualifier), g)
    w.add(node, RG.unit, _str(q.unit), g)
    w.add(node, RG.textAsWritten, _str(q.text), g)


def _time(w: _Writer, node: ox.NamedNode, t: TimeExpr, g: ox.NamedNode) -> None:
    w.add(node, RDF.type, RG.TimeExpression, g)
    w.add(node, RG.textAsWritten, _str(t.text), g)
    if t.value:
        w.add(node, RG.normalisedValue, _str(t.value), g)


def _event(w: _Writer, node: ox.NamedNode, ev: Event, g: ox.NamedNode) -> None:
    w.add(node, RDF.type, RG.Event, g)
    w.add(node, RG.eventType, _str(ev.type), g)
    w.add(node, RG.trigger, w.mention(ev.trigger), g)
    for i, part in enumerate(ev.participants):
        pnode = ox.NamedNode(f"{node.value}/participant/{i}")
        w.add(node, SEM.hasActor, entity_iri(part.entity_id), g)
        w.add(node, RG.participant, pnode, g)
        w.add(pnode, RG.role, _str(part.role), g)
        w.add(pnode, RG.agent, entity_iri(part.entity_id), g)
    for place in ev.places:
        w.add(node, RG.place, entity_iri(place), g)


def _claim(w: _Writer, c: Claim) -> None:
    node = claim_iri(c.id)
    # metadata: on the claim IRI, in the document graph
    w.add(node, RDF.type, RG.Claim)
    w.add(node, RG.claimKind, _str(c.kind))
    w.add(node, RG.predicate, _str(c.predicate))
    w.add(node, RG.relation, relation_iri(c.predicate))
    w.add(node, RG.inDocument, w.doc)
    w.add(node, PROV.wasAttributedTo, w.source(c.source))
    for i, step in enumerate(c.via):
        snode = ox.NamedNode(f"{node.value}/via/{i}")
        w.add(node, RG.chainStep, snode)
        w.add(snode, RDF.type, RG.ChainStep)
        w.add(snode, RG.position, _int(i))
        w.add(snode, RG.agent, w.source(step))
    if c.cue:
        w.add(node, RG.cue, _str(c.cue))
    w.add(node, RG.certainty, _str(c.certainty))
    w.add(node, RG.segmentKind, _str(c.segment))
    w.add(node, RG.sentence, _str(c.evidence.sentence))
    w.add(node, RG.sentenceBegin, _int(c.evidence.start))
    w.add(node, RG.sentenceEnd, _int(c.evidence.end))
    for m in c.mentions:
        w.add(node, RG.evidence, w.mention(m))
    if c.subject:
        w.add(node, RG.subject, entity_iri(c.subject))
    if c.object:
        w.add(node, RG.object, entity_iri(c.object))
    for place in c.places:
        w.add(node, RG.place, entity_iri(place))
    # assertion: in the claim's own graph
    g = node
    if c.quantity is not None:
        qnode = ox.NamedNode(f"{node.value}/quantity")
        w.add(node, RG.quantity, qnode)
        _quantity(w, qnode, c.quantity, g)
    if c.time is not None:
        tnode = ox.NamedNode(f"{node.value}/time")
        w.add(node, RG.time, tnode)
        _time(w, tnode, c.time, g)
    if c.event is not None:
        enode = ox.NamedNode(f"{node.value}/event")
        w.add(node, RG.event, enode)
        _event(w, enode, c.event, g)
    if c.subject and c.object:
        w.add(entity_iri(c.subject), relation_iri(c.predicate), entity_iri(c.object), g)
    else:
        anode = ox.NamedNode(f"{node.value}/assertion")
        w.add(anode, RDF.type, RG.Assertion, g)
        w.add(anode, RG.relation, relation_iri(c.predicate), g)
        if c.subject:
            w.add(anode, RG.subject, entity_iri(c.subject), g)
        if c.object:
            w.add(anode, RG.object, entity_iri(c.object), g)
        for place in c.places:
            w.add(anode, RG.place, entity_iri(place), g)


def extraction_quads(extraction: DocumentExtraction) -> list[ox.Quad]:
    """All quads for one document: its graph and its claim graphs (deterministic order)."""
    w = _Writer(extraction.document.id)
    _document(w, extraction.document)
    for e in sorted(extraction.entities, key=lambda e: e.id):
        _entity(w, e)
    for c in sorted(extraction.claims, key=lambda c: c.id):
        _claim(w, c)
    for predicate in sorted({c.predicate for c in extraction.claims}):
        w.add(relation_iri(predicate), RDFS.subPropertyOf, RG.reportedRelation)
    return w.quads


@dataclass(frozen=True)
class PreparedDocument:
    """One document's quads as N-Quads bytes, made where the document was extracted.

    A build worker sends these bytes instead of the extraction models: they cost little to
    pickle, and the process that owns the store only hands them to Oxigraph, which parses and
    inserts them without holding the GIL (``GraphStore.write``)."""

    doc_id: str
    path: str
    nquads: bytes
    quads: int


def prepare_document(extraction: DocumentExtraction) -> PreparedDocument:
    """The quads of ``extraction`` (:func:`extraction_quads`), serialised for the store."""
    quads = extraction_quads(extraction)
    data = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
    assert data is not None
    doc = extraction.document
    return PreparedDocument(doc.id, doc.path, data, len(quads))


class FailureRecord(Protocol):
    """What a build failure tells (``api.BuildFailure`` and ``ingest.ReadFailure`` both do)."""

    @property
    def path(self) -> str: ...
    @property
    def line(self) -> int | None: ...
    @property
    def code(self) -> str: ...
    @property
    def message(self) -> str: ...
    @property
    def fix(self) -> str: ...


def failure_quads(failures: Iterable[FailureRecord]) -> list[ox.Quad]:
    """The quads of the build-failures graph: one ``rg:BuildFailure`` per failure, its IRI a
    digest of what it says (deterministic: no timestamps, no build counter)."""
    quads: list[ox.Quad] = []
    seen: set[str] = set()
    for f in failures:
        node = data_iri("failure/" + ids.digest(f.path, f.line, f.code, f.message))
        if node.value in seen:
            continue
        seen.add(node.value)
        props: list[tuple[ox.NamedNode, ox.NamedNode | ox.Literal]] = [
            (RDF.type, RG.BuildFailure),
            (RG.failurePath, _str(f.path)),
            (RG.failureCode, _str(f.code)),
            (RG.failureMessage, _str(f.message)),
        ]
        if f.line is not None:
            props.append((RG.failureLine, _int(f.line)))
        if f.fix:
            props.append((RG.failureFix, _str(f.fix)))
        quads += [ox.Quad(node, p, o, FAILURES_GRAPH) for p, o in props]
    return quads
