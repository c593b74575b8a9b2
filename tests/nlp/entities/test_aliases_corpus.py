"""Acronyms and aliases on the sample corpus: general properties only, plus a printed count."""

from __future__ import annotations

import itertools
from pathlib import Path

from spacy.tokens import Doc

from reportgraph.models import Document
from reportgraph.nlp.entities.aliases import acronym_mentions, find_aliases
from reportgraph.nlp.entities.mentions import collect_mentions
from reportgraph.nlp.entities.merging import merge_mentions
from reportgraph.nlp.lexicons import Lexicons
from reportgraph.nlp.sentences import split_sentences


def test_aliases_on_corpus(sample_docs: list[tuple[Document, Doc]], lexicons: Lexicons) -> None:
    """Skipped (by the sample_docs fixture) when the corpus is missing."""
    counts: dict[str, dict[str, int]] = {}
    for document, doc in sample_docs:
        text = document.text
        sentences, token_sentence = split_sentences(document, doc)
        before = collect_mentions(text, doc, sentences, token_sentence, lexicons.general)
        raws = acronym_mentions(document, doc, sentences, token_sentence, before, lexicons.aliases)
        for raw in raws:
            sentence = sentences[raw.sentence]
            assert text[raw.start : raw.end] == raw.text
            assert sentence.start <= raw.start < raw.end <= sentence.end
        assert all(a.end <= b.start for a, b in itertools.pairwise(raws))
        for old in before:  # a model mention is kept or replaced by an overlapping one
            assert any(r.start < old.end and old.start < r.end for r in raws)
        definitions = find_aliases(document, doc, sentences, raws, lexicons.aliases)
        for d in definitions:
            assert d.start <= min(raws[d.short].start, raws[d.long].start)
            assert d.end >= max(raws[d.short].end, raws[d.long].end)
        entities, mention_entity = merge_mentions(
            document, raws, sentences, definitions, lex=lexicons.general
        )
        assert len(mention_entity) == len(raws)
        assert len({e.id for e in entities}) == len(entities)
        for entity in entities:
            for evidence in entity.alias_evidence:
                m = evidence.mention
                assert text[m.start : m.end] == m.text
                assert m.sentence_start <= m.start < m.end <= m.sentence_end
                assert text[m.sentence_start : m.sentence_end] == m.sentence
                assert evidence.alias in entity.aliases
        reasons = [d.reason for d in definitions]
        counts[Path(document.path).name] = {
            "acronym definitions": reasons.count("acronym"),
            "other definitions": len(reasons) - reasons.count("acronym"),
            "mentions added": len(raws) - len(before),
        }
    for name, count in counts.items():
        print(name, count)
