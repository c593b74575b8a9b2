"""Typing and place links over the sample corpus: general properties only, counts printed."""

from __future__ import annotations

import itertools

import pytest
from spacy.tokens import Doc

from reportgraph.models import Document
from reportgraph.nlp.entities.facts import describe_entity
from reportgraph.nlp.entities.mentions import collect_mentions
from reportgraph.nlp.entities.merging import merge_mentions
from reportgraph.nlp.entities.retyping import refine_mentions
from reportgraph.nlp.lexicons import Lexicons
from reportgraph.nlp.sentences import split_sentences

pytestmark = pytest.mark.corpus  # skipped by the sample_docs fixture when the corpus is missing


def test_refined_mentions_are_grounded_and_counted(
    sample_docs: list[tuple[Document, Doc]], lexicons: Lexicons
) -> None:
    retyped = added = places = linked = 0
    for document, doc in sample_docs:
        sentences, token_sentence = split_sentences(document, doc)
        raws = collect_mentions(document.text, doc, sentences, token_sentence, lexicons.general)
        out = refine_mentions(document, doc, sentences, token_sentence, raws, lexicons)
        assert out == refine_mentions(document, doc, sentences, token_sentence, raws, lexicons)
        for a, b in itertools.pairwise(out):
            assert a.end <= b.start
        for raw in out:
            assert document.text[raw.start : raw.end] == raw.text
            sentence = sentences[raw.sentence]
            assert sentence.start <= raw.start < raw.end <= sentence.end
        before = {(r.start, r.end): r.type for r in raws}
        retyped += sum(1 for r in out if before.get((r.start, r.end), r.type) != r.type)
        added += sum(1 for r in out if not any(r.start < e and s < r.end for s, e in before))
        entities, _ = merge_mentions(document, out, sentences, lex=lexicons.general)
        for entity in entities:
            facts = describe_entity(
                entity.label,
                entity.type,
                entity.aliases,
                [m.sentence for m in entity.mentions],
                lexicons,
            )
            if facts.type == "PLACE":
                places += 1
                linked += facts.geonames is not None
                if facts.coordinates is not None:
                    lat, lon = facts.coordinates
                    assert -90 <= lat <= 90 and -180 <= lon <= 180
    print(
        f"corpus: {retyped} mentions changed type, {added} mentions added; "
        f"{linked} of {places} PLACE entities (per document) linked to GeoNames"
    )
