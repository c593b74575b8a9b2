"""Models -> N-Quads text. The one place that decides how the graph is laid out; the reads
(``row_reads``, ``store_summary``, ``provenance_spans``, ``entity_index``, ``resolution``) and the
saved queries in ``queries/`` follow this layout.

Layout (see ontology/reportgraph.ttl):
- the document graph ``id:graph/doc/{doc}`` holds the document, its segments, its mentions, the
  entity descriptions this document supports, the sources it names, and every claim's metadata
  (source, chain, cue, certainty, evidence, sentence); and ``rg:entityRecords``, the same entity
  descriptions as one JSON literal for resolution (:func:`document_records`), so that it lands
  and goes with the document;
- each claim's own graph ``id:claim/{claim}`` (the claim IRI) holds what the claim asserts;
- ``id:graph/build-failures`` holds the failures of the last build (replaced by each build).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox

from reportgraph import ids
from reportgraph.ids import DATA_BASE
from reportgraph.models import (
    Claim,
    Document,
    DocumentExtraction,
    Entity,
    EntityType,
    Event,
    Failure,
    Mention,
    Quantity,
    Source,
    TimeExpr,
)
from reportgraph.rdf import nquads
from reportgraph.rdf.record_cache import document_records
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
from reportgraph.resolve.records import dump_records

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


def _decimal(value: float) -> str:
    text = str(int(value)) if float(value).is_integer() else repr(float(value))
    return nquads.typed(text, XSD.decimal)


def _date(value: dt.date) -> str:
    return nquads.typed(value.isoformat(), XSD.date)


def _data(local: str) -> str:
    return nquads.iri(DATA_BASE + local)


_t = nquads.term
_lit = nquads.literal
_integer = nquads.integer


def _quad(s: str, p: str, o: str, g: str) -> str:
    return f"{s} {p} {o} {g} .\n"


class _Writer:
    """Collects one document's quads as N-Quads lines, describing each mention and source once.

    Subjects, objects and graphs are N-Quads terms (strings); predicates and classes are
    vocabulary terms, rendered once each (``nquads.term``)."""

    def __init__(self, doc_id: str) -> None:
        self.doc_id = doc_id
        self.graph = _data(f"graph/doc/{doc_id}")
        self.doc = _data(f"doc/{doc_id}")
        self.lines: list[str] = []
        self._mentions: set[str] = set()
        self._sources: set[str] = set()
        self._sentences: dict[str, str] = {}
        self._relations: dict[str, str] = {}

    def add(self, s: str, p: ox.NamedNode, o: str, g: str | None = None) -> None:
        self.lines.append(f"{s} {_t(p)} {o} {g or self.graph} .\n")  # _quad, inlined: hot

    def line(self, s: str, p: str, o: str, g: str) -> None:
        """One quad whose terms are all N-Quads text already."""
        self.lines.append(_quad(s, p, o, g))

    def sentence(self, text: str) -> str:
        """A sentence literal (mentions of one sentence repeat it: escaped once)."""
        found = self._sentences.get(text)
        if found is None:
            found = self._sentences[text] = _lit(text)
        return found

    def relation(self, predicate: str) -> str:
        found = self._relations.get(predicate)
        if found is None:
            found = self._relations[predicate] = str(relation_iri(predicate))
        return found

    def mention(self, m: Mention) -> str:
        node = _data(ids.mention_id(m.doc_id, m.start, m.end))
        if node in self._mentions:
            return node
        self._mentions.add(node)
        self.add(node, RDF.type, _t(RG.Mention))
        self.add(node, RG.inDocument, self.doc)
        self.add(node, NIF.beginIndex, _integer(m.start))
        self.add(node, NIF.endIndex, _integer(m.end))
        self.add(node, NIF.anchorOf, _lit(m.text))
        self.add(node, RG.sentence, self.sentence(m.sentence))
        self.add(node, RG.sentenceBegin, _integer(m.sentence_start))
        self.add(node, RG.sentenceEnd, _integer(m.sentence_end))
        self.add(node, RG.segmentKind, _lit(m.segment))
        return node

    def source(self, src: Source) -> str:
        node = _data(f"source/{src.id}")
        if node in self._sources:
            return node
        self._sources.add(node)
        self.add(node, RDF.type, _t(RG.Source))
        self.add(node, RDFS.label, _lit(src.label))
        self.add(node, RG.sourceKind, _lit(src.kind))
        if src.entity_id:
            self.add(node, RG.isEntity, _entity_node(src.entity_id))
        if src.mention is not None:
            self.add(node, RG.namedIn, self.mention(src.mention))
        return node


def _entity_node(entity_id: str) -> str:
    return _data(f"entity/{entity_id}")


def _document(w: _Writer, d: Document) -> None:
    w.add(w.doc, RDF.type, _t(RG.Document))
    w.add(w.doc, RG.path, _lit(d.path))
    w.add(w.doc, RG.sourceFormat, _lit(d.source_format))
    w.add(w.doc, NIF.isString, _lit(d.text))
    w.add(w.doc, SCHEMA.inLanguage, _lit(d.language))
    if d.title:
        w.add(w.doc, SCHEMA.headline, _lit(d.title))
    if d.publisher:
        w.add(w.doc, RG.publisherName, _lit(d.publisher))
    if d.url:
        w.add(w.doc, SCHEMA.url, _lit(d.url))
    if d.published is not None:
        w.add(w.doc, SCHEMA.datePublished, _date(d.published))
    if d.published_text:
        w.add(w.doc, RG.datePublishedText, _lit(d.published_text))
    if d.decode_note:
        w.add(w.doc, RG.decodeNote, _lit(d.decode_note))
    for seg in d.segments:
        node = _data(ids.segment_id(d.id, seg.start, seg.end))
        w.add(w.doc, RG.hasSegment, node)
        w.add(node, RDF.type, _t(RG.Segment))
        w.add(node, RG.inDocument, w.doc)
        w.add(node, RG.segmentKind, _lit(seg.kind))
        w.add(node, NIF.beginIndex, _integer(seg.start))
        w.add(node, NIF.endIndex, _integer(seg.end))
        for prop, value in (
            (RG.authorName, seg.author_name),
            (RG.authorHandle, seg.author_handle),
            (RG.dateText, seg.date_text),
            (SCHEMA.url, seg.url),
        ):
            if value:
                w.add(node, prop, _lit(value))


def _entity(w: _Writer, e: Entity) -> None:
    node = _entity_node(e.id)
    w.add(node, RDF.type, _t(RG.Entity))
    w.add(node, RDF.type, _t(ENTITY_CLASSES[e.type]))
    w.add(node, RDFS.label, _lit(e.label))
    for alias in e.aliases:
        w.add(node, SKOS.altLabel, _lit(alias))
    if e.subtype:
        w.add(node, RG.subtype, _lit(e.subtype))
    if e.links.geonames:
        w.add(node, RG.geonamesId, _lit(e.links.geonames))
    if e.links.wikidata:
        w.add(node, RG.wikidataId, _lit(e.links.wikidata))
    if e.coordinates is not None:
        w.add(node, SCHEMA.latitude, _decimal(e.coordinates[0]))
        w.add(node, SCHEMA.longitude, _decimal(e.coordinates[1]))
    if e.country:
        w.add(node, RG.country, _lit(e.country))
    if e.region:
        w.add(node, RG.region, _lit(e.region))
    for m in e.mentions:
        w.add(node, RG.hasMention, w.mention(m))
    for i, ev in enumerate(e.alias_evidence):
        enode = _entity_node(f"{e.id}/alias/{w.doc_id}/{i}")
        w.add(node, RG.aliasEvidence, enode)
        w.add(enode, RDF.type, _t(RG.AliasEvidence))
        w.add(enode, RG.alias, _lit(ev.alias))
        w.add(enode, RG.reason, _lit(ev.reason))
        w.add(enode, RG.evidenceMention, w.mention(ev.mention))


def _quantity(w: _Writer, node: str, q: Quantity, g: str) -> None:
    w.add(node, RDF.type, _t(RG.Quantity), g)
    if q.value is not None:
        w.add(node, RG.value, _decimal(q.value), g)
    if q.upper is not None:
        w.add(node, RG.upperBound, _decimal(q.upper), g)
    w.add(node, RG.qualifier, _lit(q.qualifier), g)
    w.add(node, RG.unit, _lit(q.unit), g)
    w.add(node, RG.textAsWritten, _lit(q.text), g)


def _time(w: _Writer, node: str, t: TimeExpr, g: str) -> None:
    w.add(node, RDF.type, _t(RG.TimeExpression), g)
    w.add(node, RG.textAsWritten, _lit(t.text), g)
    if t.value:
        w.add(node, RG.normalisedValue, _lit(t.value), g)


def _event(w: _Writer, base: str, ev: Event, g: str) -> None:
    node = _data(f"{base}/event")
    w.add(node, RDF.type, _t(RG.Event), g)
    w.add(node, RG.eventType, _lit(ev.type), g)
    w.add(node, RG.trigger, w.mention(ev.trigger), g)
    for i, part in enumerate(ev.participants):
        pnode = _data(f"{base}/event/participant/{i}")
        agent = _entity_node(part.entity_id)
        w.add(node, SEM.hasActor, agent, g)
        w.add(node, RG.participant, pnode, g)
        w.add(pnode, RG.role, _lit(part.role), g)
        w.add(pnode, RG.agent, agent, g)
    for place in ev.places:
        w.add(node, RG.place, _entity_node(place), g)


def _claim(w: _Writer, c: Claim) -> None:
    base = f"claim/{c.id}"
    node = _data(base)
    relation = w.relation(c.predicate)
    # metadata: on the claim IRI, in the document graph
    w.add(node, RDF.type, _t(RG.Claim))
    w.add(node, RG.claimKind, _lit(c.kind))
    w.add(node, RG.predicate, _lit(c.predicate))
    w.add(node, RG.relation, relation)
    w.add(node, RG.inDocument, w.doc)
    w.add(node, PROV.wasAttributedTo, w.source(c.source))
    for i, step in enumerate(c.via):
        snode = _data(f"{base}/via/{i}")
        w.add(node, RG.chainStep, snode)
        w.add(snode, RDF.type, _t(RG.ChainStep))
        w.add(snode, RG.position, _integer(i))
        w.add(snode, RG.agent, w.source(step))
    if c.cue:
        w.add(node, RG.cue, _lit(c.cue))
    w.add(node, RG.certainty, _lit(c.certainty))
    w.add(node, RG.segmentKind, _lit(c.segment))
    w.add(node, RG.sentence, w.sentence(c.evidence.sentence))
    w.add(node, RG.sentenceBegin, _integer(c.evidence.start))
    w.add(node, RG.sentenceEnd, _integer(c.evidence.end))
    for m in c.mentions:
        w.add(node, RG.evidence, w.mention(m))
    if c.subject:
        w.add(node, RG.subject, _entity_node(c.subject))
    if c.object:
        w.add(node, RG.object, _entity_node(c.object))
    for place in c.places:
        w.add(node, RG.place, _entity_node(place))
    for named in c.about:
        w.add(node, RG.about, _entity_node(named))
    if c.content is not None:
        cnode = _data(f"{base}/content")
        w.add(node, RG.content, cnode)
        w.add(cnode, RDF.type, _t(RG.Content))
        w.add(cnode, RG.inDocument, w.doc)
        w.add(cnode, NIF.beginIndex, _integer(c.content.start))
        w.add(cnode, NIF.endIndex, _integer(c.content.end))
        w.add(cnode, NIF.anchorOf, _lit(c.content.text))
    # assertion: in the claim's own graph
    g = node
    if c.quantity is not None:
        qnode = _data(f"{base}/quantity")
        w.add(node, RG.quantity, qnode)
        _quantity(w, qnode, c.quantity, g)
    if c.time is not None:
        tnode = _data(f"{base}/time")
        w.add(node, RG.time, tnode)
        _time(w, tnode, c.time, g)
    if c.event is not None:
        w.add(node, RG.event, _data(f"{base}/event"))
        _event(w, base, c.event, g)
    if c.subject and c.object:
        w.line(_entity_node(c.subject), relation, _entity_node(c.object), g)
    else:
        anode = _data(f"{base}/assertion")
        w.add(anode, RDF.type, _t(RG.Assertion), g)
        w.add(anode, RG.relation, relation, g)
        if c.subject:
            w.add(anode, RG.subject, _entity_node(c.subject), g)
        if c.object:
            w.add(anode, RG.object, _entity_node(c.object), g)
        for place in c.places:
            w.add(anode, RG.place, _entity_node(place), g)
        for named in c.about:
            w.add(anode, RG.about, _entity_node(named), g)


def _lines(extraction: DocumentExtraction) -> list[str]:
    """One document's N-Quads lines: its graph and its claim graphs (deterministic order)."""
    w = _Writer(extraction.document.id)
    _document(w, extraction.document)
    for e in sorted(extraction.entities, key=lambda e: e.id):
        _entity(w, e)
    w.add(w.doc, RG.entityRecords, _lit(dump_records(document_records(extraction))))
    for c in sorted(extraction.claims, key=lambda c: c.id):
        _claim(w, c)
    for predicate in sorted({c.predicate for c in extraction.claims}):
        w.add(w.relation(predicate), RDFS.subPropertyOf, _t(RG.reportedRelation))
    return w.lines


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
    """The quads of ``extraction`` as N-Quads bytes, written directly (``rdf/nquads.py``)."""
    lines = _lines(extraction)
    doc = extraction.document
    return PreparedDocument(doc.id, doc.path, "".join(lines).encode("utf-8"), len(lines))


def extraction_quads(extraction: DocumentExtraction) -> list[ox.Quad]:
    """All quads for one document, as pyoxigraph quads (parsed from :func:`prepare_document`)."""
    data = prepare_document(extraction).nquads
    return list(ox.parse(data, format=ox.RdfFormat.N_QUADS))


def failure_quads(failures: Iterable[Failure]) -> list[ox.Quad]:
    """The quads of the build-failures graph: one ``rg:BuildFailure`` per failure, its IRI a
    digest of what it says (deterministic: no timestamps, no build counter)."""
    graph = str(FAILURES_GRAPH)
    lines: list[str] = []
    seen: set[str] = set()
    for f in failures:
        node = _data("failure/" + ids.digest(f.path, f.line, f.code, f.message))
        if node in seen:
            continue
        seen.add(node)
        props: list[tuple[ox.NamedNode, str]] = [
            (RDF.type, _t(RG.BuildFailure)),
            (RG.failurePath, _lit(f.path)),
            (RG.failureCode, _lit(f.code)),
            (RG.failureMessage, _lit(f.message)),
        ]
        if f.line is not None:
            props.append((RG.failureLine, _integer(f.line)))
        if f.fix:
            props.append((RG.failureFix, _lit(f.fix)))
        lines += [_quad(node, _t(p), o, graph) for p, o in props]
    return list(ox.parse("".join(lines).encode("utf-8"), format=ox.RdfFormat.N_QUADS))
