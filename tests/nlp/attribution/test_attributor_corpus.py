"""Attribution over the sample corpus in ../shared/corpus: general properties only."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from reportgraph.models import CERTAINTIES, Document, Source
from reportgraph.nlp.attribution.attributor import Attribution, Attributor, publication_source
from reportgraph.nlp.entities.mentions import collect_mentions
from reportgraph.nlp.entities.merging import merge_mentions
from reportgraph.nlp.lexicons import Lexicons
from reportgraph.nlp.sentences import split_sentences

pytestmark = pytest.mark.corpus  # skipped by the sample_docs fixture when the corpus is missing


@pytest.fixture(scope="module")
def attributions(
    sample_docs: list[tuple[Document, Doc]], lexicons: Lexicons
) -> list[tuple[Document, list[Attribution]]]:
    """Per document: the attribution of every sentence and of every verb and number in it."""
    out: list[tuple[Document, list[Attribution]]] = []
    for document, doc in sample_docs:
        sentences, token_sentence = split_sentences(document, doc)
        raws = collect_mentions(document.text, doc, sentences, token_sentence, lexicons.general)
        entities, _ = merge_mentions(document, raws, sentences, lex=lexicons.general)
        attributor = Attributor(document, lexicons, doc, entities)
        found: list[Attribution] = []
        for sentence in sentences:
            found.append(attributor(sentence))
            for token in doc[sentence.first_token : sentence.end_token]:
                if token.pos_ in ("VERB", "NUM"):
                    found.append(attributor(sentence, token.i))
        out.append((document, found))
    return out


def _sources(a: Attribution) -> list[Source]:
    return [a.source, *a.via]


def test_every_source_is_labelled_and_grounded(
    attributions: list[tuple[Document, list[Attribution]]],
) -> None:
    for document, found in attributions:
        assert found
        for a in found:
            assert a.certainty in CERTAINTIES
            for source in _sources(a):
                assert source.label.strip()
                assert source.id
                m = source.mention
                if m is not None:
                    assert document.text[m.start : m.end] == m.text
                    assert m.sentence_start <= m.start < m.end <= m.sentence_end
                    assert document.text[m.sentence_start : m.sentence_end] == m.sentence


def test_chains_end_at_the_publication(
    attributions: list[tuple[Document, list[Attribution]]],
) -> None:
    for document, found in attributions:
        publication = publication_source(document)
        for a in found:
            if a.source.kind == "publication":
                assert a.via == ()
                continue
            assert a.via and a.via[-1] == publication
            assert all(v.kind != "publication" for v in a.via[:-1])
            assert len({v.id for v in a.via}) == len(a.via)
            assert a.source.id not in {v.id for v in a.via}


def test_the_corpus_names_sources_beyond_the_publication(
    attributions: list[tuple[Document, list[Attribution]]],
) -> None:
    kinds = {a.source.kind for _, found in attributions for a in found}
    assert "publication" in kinds
    assert kinds & {"person", "organization", "anonymous", "unnamed"}
    cues = {a.cue for _, found in attributions for a in found if a.cue}
    assert len(cues) >= 3  # more than one way of reporting is recognised
