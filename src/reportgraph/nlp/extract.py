"""The extraction stage: a Document and its spaCy Doc in, a DocumentExtraction out.

Nothing from spaCy leaves this stage: mentions, entities and claims are pydantic models whose
offsets index ``document.text``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from reportgraph import ids
from reportgraph.errors import ModelError
from reportgraph.models import Claim, Document, DocumentExtraction, Entity, Evidence
from reportgraph.nlp.attribution import Attributor
from reportgraph.nlp.entities import merge_mentions, to_mention
from reportgraph.nlp.mentions import RawMention, collect_mentions
from reportgraph.nlp.relations import RelationFrame, relation_frames
from reportgraph.nlp.sentences import Sentence, split_sentences


def _token_mentions(doc: Doc, raws: list[RawMention]) -> list[int]:
    token_mention = [-1] * len(doc)
    for i, raw in enumerate(raws):
        span = doc.char_span(raw.start, raw.end, alignment_mode="expand")
        for token in span if span is not None else ():
            token_mention[token.i] = i
    return token_mention


def _claim(
    document: Document,
    doc: Doc,
    frame: RelationFrame,
    sentence: Sentence,
    index: int,
    raws: list[RawMention],
    entity_of: list[Entity],
    attributor: Attributor,
) -> Claim | None:
    args = [m for m in (frame.subject, frame.object) if m is not None]
    if any(raws[m].sentence != index for m in args):
        return None
    subject = entity_of[frame.subject].id if frame.subject is not None else None
    obj = entity_of[frame.object].id if frame.object is not None else None
    if subject is not None and subject == obj:
        return None
    place_ids: dict[str, int] = {}
    for m in frame.places:
        pid = entity_of[m].id
        if raws[m].sentence == index and pid not in (subject, obj):
            place_ids.setdefault(pid, m)
    if len(args) + len(place_ids) < 2:
        return None
    trigger = doc[frame.trigger].idx
    attribution = attributor(sentence)
    return Claim(
        id=ids.claim_id(
            document.id, "relation", frame.predicate, subject, obj, sentence.start, trigger
        ),
        kind="relation",
        predicate=frame.predicate,
        doc_id=document.id,
        subject=subject,
        object=obj,
        places=tuple(place_ids),
        source=attribution.source,
        via=attribution.via,
        cue=attribution.cue,
        certainty="denied" if frame.negated else attribution.certainty,
        segment=document.segment_kind_at(sentence.start),
        evidence=Evidence(sentence=sentence.text, start=sentence.start, end=sentence.end),
        mentions=tuple(
            to_mention(document, raws[m], sentence) for m in (*args, *place_ids.values())
        ),
    )


def extract(document: Document, doc: Doc) -> DocumentExtraction:
    """Mentions, entities and relation claims of ``document``; ``doc`` is made from its text."""
    if doc.text != document.text:
        raise ModelError(
            f"the spaCy Doc given for document {document.id} was not made from its text.",
            "make the Doc with nlp(document.text), or use extract_documents().",
            code="RG203",
        )
    sentences, token_sentence = split_sentences(document, doc)
    raws = collect_mentions(document.text, doc, sentences, token_sentence)
    entities, mention_entity = merge_mentions(document, raws, sentences)
    entity_of = [entities[e] for e in mention_entity]
    frames = relation_frames(doc, _token_mentions(doc, raws), [e.type for e in entity_of])
    attributor = Attributor(document, doc, entities)
    claims: dict[str, Claim] = {}
    for frame in frames:
        index = token_sentence[frame.trigger]
        if index < 0:
            continue
        claim = _claim(document, doc, frame, sentences[index], index, raws, entity_of, attributor)
        if claim is not None:
            claims.setdefault(claim.id, claim)
    return DocumentExtraction(
        document=document, entities=tuple(entities), claims=tuple(claims.values())
    )


def extract_documents(
    nlp: Language,
    documents: Iterable[Document],
    *,
    batch_size: int = 16,
    n_process: int = 1,
) -> Iterator[DocumentExtraction]:
    """Run ``nlp.pipe`` over the documents' texts and extract each, in input order."""
    pairs = ((document.text, document) for document in documents)
    for doc, document in nlp.pipe(
        pairs, as_tuples=True, batch_size=batch_size, n_process=n_process
    ):
        yield extract(document, doc)
