"""The extraction stage: a Document, its spaCy Doc and the lexicons in, a DocumentExtraction out.

The stages in order: sentences, mentions, typing fixes, acronyms and aliases, merged entities
and their facts, then per sentence relations, times, figures and events, each made a claim with
its attribution. The lexicons (:class:`reportgraph.nlp.lexicons.Lexicons`) are passed to each
stage as an argument. Nothing from spaCy leaves this stage: mentions, entities and claims are
pydantic models whose offsets index ``document.text``.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc

from reportgraph.errors import ModelError
from reportgraph.models import Claim, Document, DocumentExtraction
from reportgraph.nlp.attribution.attributor import Attributor
from reportgraph.nlp.claims import (
    ClaimContext,
    descriptor_link_claims,
    event_claim,
    figure_claim,
    relation_claim,
    statement_claim,
)
from reportgraph.nlp.entities.aliases import acronym_mentions, find_aliases
from reportgraph.nlp.entities.descriptors import add_descriptors, kept_entities
from reportgraph.nlp.entities.facts import describe_entities
from reportgraph.nlp.entities.mentions import RawMention, collect_mentions
from reportgraph.nlp.entities.merging import merge_mentions
from reportgraph.nlp.entities.retyping import refine_mentions
from reportgraph.nlp.events.finder import find_events
from reportgraph.nlp.events.participants import mention_facts
from reportgraph.nlp.events.relations import relation_frames
from reportgraph.nlp.figures.quantities import find_quantities
from reportgraph.nlp.lexicons import Lexicons
from reportgraph.nlp.sentences import split_sentences
from reportgraph.nlp.time.expressions import find_times
from reportgraph.size_limits import check_length


def _token_mentions(doc: Doc, raws: list[RawMention]) -> list[int]:
    token_mention = [-1] * len(doc)
    for i, raw in enumerate(raws):
        span = doc.char_span(raw.start, raw.end, alignment_mode="expand")
        for t in range(span.start, span.end) if span is not None else ():
            token_mention[t] = i
    return token_mention


def extract(document: Document, doc: Doc, lexicons: Lexicons) -> DocumentExtraction:
    """Mentions, entities and claims (relations, figures, events) of ``document``; ``doc`` is
    made from its text."""
    if doc.text != document.text:
        raise ModelError(
            f"the spaCy Doc given for document {document.id} was not made from its text.",
            "make the Doc with nlp(document.text), or use extract_documents().",
            code="RG203",
        )
    sentences, token_sentence = split_sentences(document, doc)
    raws = collect_mentions(document.text, doc, sentences, token_sentence, lexicons.general)
    raws = refine_mentions(document, doc, sentences, token_sentence, raws, lexicons)
    raws = acronym_mentions(document, doc, sentences, token_sentence, raws, lexicons.aliases)
    definitions = find_aliases(document, doc, sentences, raws, lexicons.aliases)
    merged, mention_entity = merge_mentions(
        document, raws, sentences, definitions, lex=lexicons.general
    )
    entities, new_index = describe_entities(merged, lexicons)
    entity_of = [entities[new_index[e]] for e in mention_entity]
    token_mention = _token_mentions(doc, raws)
    mention_type = [e.type for e in entity_of]
    every = add_descriptors(
        document,
        doc,
        sentences,
        token_sentence,
        raws,
        entity_of,
        token_mention,
        lexicons.descriptors,
    )  # descriptors are for events only: relations keep the named mentions
    every_type = [e.type for e in every.entity_of]
    facts = mention_facts(every.entity_of, every.links, lexicons.typing.admin_suffixes)
    attributor = Attributor(document, lexicons, doc, entities, sentences=sentences)
    people = lexicons.figures.people_nouns
    ctx = ClaimContext(document, doc, sentences, raws, entity_of, attributor, people)
    event_ctx = replace(ctx, raws=every.raws, entity_of=every.entity_of)  # with descriptors
    claims: dict[str, Claim] = {}

    def add(claim: Claim | None) -> None:
        if claim is not None:
            claims.setdefault(claim.id, claim)

    for frame in relation_frames(doc, token_mention, mention_type, lexicons.general):
        index = token_sentence[frame.trigger]
        if index >= 0:
            add(relation_claim(ctx, frame, index))
    published = document.published
    ents = doc.ents  # spaCy makes this tuple anew on every read: read it once
    ent_starts = [ent.start_char for ent in ents]
    for index, sentence in enumerate(sentences):
        first = bisect_left(ent_starts, sentence.start)
        near = ents[first : bisect_right(ent_starts, sentence.end)]  # those starting in it
        for report in attributor.reports(sentence):
            add(statement_claim(ctx, report, index))
        times = find_times(doc, sentence, published, near)
        found = find_quantities(document.text, doc, sentence, lexicons)
        quantities = [q for q in found if q.kind is not None or q.counted]
        for quantity in quantities:
            add(figure_claim(ctx, quantity, index, times))
        events = find_events(
            doc, sentence, every.token_mention, every_type, published, lexicons, times, facts
        )
        for event in events:
            attached = tuple(q for q in quantities if q.anchor == event.trigger)
            add(event_claim(event_ctx, replace(event, quantities=attached), index))
    used = {p.entity_id for c in claims.values() if c.event for p in c.event.participants}
    used |= {p for c in claims.values() if c.event for p in c.event.places}
    descriptors = kept_entities(every, used)
    for claim in descriptor_link_claims(event_ctx, every, {e.id for e in descriptors}):
        add(claim)
    return DocumentExtraction(
        document=document, entities=(*entities, *descriptors), claims=tuple(claims.values())
    )


def within_limit(document: Document, max_length: int) -> Document:
    """``document``, or InputError RG112 when it is longer than ``max_length`` characters."""
    check_length(document.text, path=document.path, max_chars=max_length)
    return document


def extract_documents(
    nlp: Language,
    documents: Iterable[Document],
    lexicons: Lexicons,
    *,
    batch_size: int = 16,
    n_process: int = 1,
) -> Iterator[DocumentExtraction]:
    """Run ``nlp.pipe`` over the documents' texts and extract each, in input order.

    A document longer than the pipeline's ``nlp.max_length`` raises InputError RG112 before
    spaCy sees it (instead of spaCy's E088 from inside the pipe).
    """
    pairs = ((within_limit(document, nlp.max_length).text, document) for document in documents)
    for doc, document in nlp.pipe(
        pairs, as_tuples=True, batch_size=batch_size, n_process=n_process
    ):
        yield extract(document, doc, lexicons)
