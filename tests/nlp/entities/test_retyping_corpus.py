"""Typing and place links over the sample corpus: general properties only, counts printed."""

from __future__ import annotations

import itertools

import pytest

from paths import CORPUS
from reportgraph.ingest import read_text
from reportgraph.nlp.entities.mentions import collect_mentions
from reportgraph.nlp.entities.merging import merge_mentions
from reportgraph.nlp.entities.retyping import describe_entity, refine_mentions
from reportgraph.nlp.pipeline import load_pipeline
from reportgraph.nlp.sentences import split_sentences

pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(
        not CORPUS.is_dir() or not any(CORPUS.glob("*.txt")),
        reason=f"sample corpus not found at {CORPUS}",
    ),
]


def test_refined_mentions_are_grounded_and_counted() -> None:
    nlp = load_pipeline()
    retyped = added = places = linked = 0
    for path in sorted(CORPUS.glob("*.txt")):
        document = read_text(path.read_text(encoding="utf-8"), path=str(path))
        doc = nlp(document.text)
        sentences, token_sentence = split_sentences(document, doc)
        raws = collect_mentions(document.text, doc, sentences, token_sentence)
        out = refine_mentions(document, doc, sentences, token_sentence, raws)
        assert out == refine_mentions(document, doc, sentences, token_sentence, raws)
        for a, b in itertools.pairwise(out):
            assert a.end <= b.start
        for raw in out:
            assert document.text[raw.start : raw.end] == raw.text
            sentence = sentences[raw.sentence]
            assert sentence.start <= raw.start < raw.end <= sentence.end
        before = {(r.start, r.end): r.type for r in raws}
        retyped += sum(1 for r in out if before.get((r.start, r.end), r.type) != r.type)
        added += sum(1 for r in out if not any(r.start < e and s < r.end for s, e in before))
        entities, _ = merge_mentions(document, out, sentences)
        for entity in entities:
            facts = describe_entity(
                entity.label, entity.type, entity.aliases, [m.sentence for m in entity.mentions]
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
