"""Hand-built extractions for store and RDF tests (invented text; no NLP involved), and
:func:`extracted` for tests that run the extraction stage on a sentence they write."""

from __future__ import annotations

from spacy.language import Language

from reportgraph import ids
from reportgraph.models import (
    AliasEvidence,
    Claim,
    Document,
    DocumentExtraction,
    Entity,
    Evidence,
    Mention,
    Quantity,
    Segment,
    Source,
    TextSpan,
    TimeExpr,
)
from reportgraph.nlp.extract import extract
from reportgraph.nlp.lexicons import Lexicons


def mention(doc: Document, text: str, occurrence: int = 0) -> Mention:
    start = -1
    for _ in range(occurrence + 1):
        start = doc.text.index(text, start + 1)
    end = start + len(text)
    s_start = doc.text.rfind(". ", 0, start)
    s_start = 0 if s_start < 0 else s_start + 2
    s_end = doc.text.find(".", end)
    s_end = len(doc.text) if s_end < 0 else s_end + 1
    return Mention(
        doc_id=doc.id,
        start=start,
        end=end,
        text=text,
        sentence_start=s_start,
        sentence_end=s_end,
        sentence=doc.text[s_start:s_end],
        segment=doc.segment_kind_at(start),
    )


def document(
    text: str,
    path: str = "mem/article.txt",
    publisher: str | None = "The Daily Test",
    segments: tuple[Segment, ...] = (),
) -> Document:
    """A document of ``text``: one body segment unless ``segments`` are given."""
    return Document(
        id=ids.document_id(text),
        path=path,
        text=text,
        source_format="txt",
        publisher=publisher,
        segments=segments or (Segment(kind="body", start=0, end=len(text)),),
    )


def extracted(
    nlp: Language, lexicons: Lexicons, text: str, publisher: str | None = "The Daily Test"
) -> DocumentExtraction:
    """``text`` as one body document, through the whole extraction stage."""
    doc = document(text, "mem/report.txt", publisher)
    return extract(doc, nlp(text), lexicons)


def publication(doc: Document) -> Source:
    return Source(
        id=ids.publication_source_id(doc.publisher, doc.id),
        label=doc.publisher or doc.path,
        kind="publication",
    )


def entity(doc: Document, type_: str, label: str, *occurrences: int) -> Entity:
    mentions = tuple(mention(doc, label, i) for i in (occurrences or (0,)))
    return Entity(
        id=ids.entity_id(type_, label),
        label=label,
        type=type_,  # type: ignore[arg-type]
        mentions=mentions,
    )


def acronym_entity(doc: Document, type_: str, label: str, acronym: str) -> Entity:
    """An entity named ``label`` whose document defines ``acronym`` as "label (acronym)" and
    then uses the acronym twice (occurrences 0 and 1 of the bare acronym)."""
    found = entity(doc, type_, label)
    definition = mention(doc, f"{label} ({acronym})")
    return found.model_copy(
        update={
            "aliases": (acronym,),
            "mentions": (*found.mentions, mention(doc, acronym, 0), mention(doc, acronym, 1)),
            "alias_evidence": (AliasEvidence(alias=acronym, reason="acronym", mention=definition),),
        }
    )


def relation(
    doc: Document,
    subj: Entity,
    pred: str,
    obj: Entity,
    *,
    places: tuple[Entity, ...] = (),
    source: Source | None = None,
    via: tuple[Source, ...] = (),
    certainty: str = "asserted",
    cue: str | None = None,
) -> Claim:
    ms = (subj.mentions[0], obj.mentions[0], *(p.mentions[0] for p in places))
    m0 = ms[0]
    return Claim(
        id=ids.claim_id(doc.id, "relation", pred, subj.id, obj.id, m0.sentence_start),
        kind="relation",
        predicate=pred,
        doc_id=doc.id,
        subject=subj.id,
        object=obj.id,
        places=tuple(p.id for p in places),
        source=source or publication(doc),
        via=via,
        cue=cue,
        certainty=certainty,  # type: ignore[arg-type]
        segment=m0.segment,
        evidence=Evidence(sentence=m0.sentence, start=m0.sentence_start, end=m0.sentence_end),
        mentions=ms,
    )


SAMPLE = (
    "The Northern Brigade attacked Port Vella on Tuesday. "
    "Monitors from the Harbour Watch said 40 civilians were killed in Port Vella. "
    "Mayor Ana Kovic fled to Lindau."
)


def sample_extraction(text: str = SAMPLE, path: str = "mem/article.txt") -> DocumentExtraction:
    doc = document(text, path)
    brigade = entity(doc, "ORGANIZATION", "Northern Brigade")
    port = entity(doc, "PLACE", "Port Vella", 0, 1)
    watch = entity(doc, "ORGANIZATION", "Harbour Watch")
    kovic = entity(doc, "PERSON", "Ana Kovic")
    lindau = entity(doc, "PLACE", "Lindau")
    watch_src = Source(
        id=ids.source_id("organization", "Harbour Watch"),
        label="Harbour Watch",
        kind="organization",
        entity_id=watch.id,
        mention=watch.mentions[0],
    )
    figure_m = mention(doc, "40 civilians")
    figure = Claim(
        id=ids.claim_id(doc.id, "figure", "killed", figure_m.start),
        kind="figure",
        predicate="killed",
        doc_id=doc.id,
        places=(port.id,),
        quantity=Quantity(
            value=40,
            qualifier="exact",
            unit="civilians killed",
            text="40 civilians",
            mention=figure_m,
        ),
        time=TimeExpr(text="on Tuesday", value=None),
        source=watch_src,
        via=(publication(doc),),
        cue="said",
        certainty="reported",
        segment="body",
        evidence=Evidence(
            sentence=figure_m.sentence, start=figure_m.sentence_start, end=figure_m.sentence_end
        ),
        mentions=(figure_m, port.mentions[1]),
    )
    said = mention(doc, "said")
    start = text.index("40 civilians")
    content = "40 civilians were killed in Port Vella"
    statement = figure.model_copy(
        update={
            "id": ids.claim_id(doc.id, "statement", "say", said.start),
            "kind": "statement",
            "predicate": "say",
            "places": (),
            "quantity": None,
            "time": None,
            "mentions": (said, watch.mentions[0], port.mentions[1]),
            "content": TextSpan(start=start, end=start + len(content), text=content),
            "about": (port.id,),
        }
    )
    claims = (
        relation(doc, brigade, "attack", port),
        relation(doc, kovic, "flee_to", lindau),
        figure,
        statement,
    )
    return DocumentExtraction(
        document=doc, entities=(brigade, port, watch, kovic, lindau), claims=claims
    )
