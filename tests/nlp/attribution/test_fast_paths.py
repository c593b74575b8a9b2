"""The helpers that make attribution fast give what the plain spaCy reads would give."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from spacy.language import Language

from reportgraph.ingest import read_text
from reportgraph.nlp.attribution.attributor import (
    Attributor,
    _alternation,
    _quote_marks,
    _quote_open_after,
)
from reportgraph.nlp.attribution.cues import _cue_starts, cue_lexicon, sentence_cues
from reportgraph.nlp.doccache import kids
from reportgraph.nlp.entities.mentions import collect_mentions
from reportgraph.nlp.entities.merging import merge_mentions
from reportgraph.nlp.pipeline import load_pipeline
from reportgraph.nlp.sentences import split_sentences

TEXT = (
    "According to the Red Cross, 12 people were killed near Goma on Monday. "
    "The governor reportedly told Reuters that the toll would rise. "
    "Local officials put the toll at 30, but reports of more deaths could not be verified. "
    '"We buried them ourselves," a farmer said. Per the army, the town is calm.'
)


@pytest.fixture(scope="module")
def nlp() -> Iterator[Language]:
    yield load_pipeline()


def test_kids_are_the_children_in_order(nlp: Language) -> None:
    doc = nlp(TEXT)
    for token in doc:
        assert [c.i for c in kids(token)] == [c.i for c in token.children]


def test_cue_starts_hold_every_frame_and_skip_plain_words(nlp: Language) -> None:
    doc = nlp(TEXT)
    starts = set(_cue_starts(doc))
    frames = sentence_cues(doc, 0, len(doc)).frames
    assert {f.text for f in frames} >= {"according to", "reportedly", "told", "said", "per"}
    assert {f.cue for f in frames} <= starts
    plain = {t.i for t in doc if t.lower_ in ("people", "goma", "monday", "town", "calm")}
    assert not plain & starts
    assert _cue_starts(nlp("")) == ()


def test_alternation_matches_where_one_pattern_does() -> None:
    patterns = (
        re.compile(r"\bun(?:verified|confirmed)\b", re.I),
        re.compile(r"\bnot\s+yet\b", re.I),
    )
    joined = _alternation(patterns)
    assert joined is not None
    for text in ("Still UNVERIFIED.", "not yet known", "unverifiable", "nothing yet", ""):
        assert (joined.search(text) is not None) == any(p.search(text) for p in patterns)
    assert _alternation((re.compile(r"(a)\1"),)) is None  # a group number would shift
    assert _alternation((re.compile("a", re.I), re.compile("b"))) is None
    assert _alternation(()) is None
    assert _alternation(cue_lexicon().unverified) is not None


def test_quote_state_follows_the_marks() -> None:
    lex = cue_lexicon()
    marks = _quote_marks(lex)
    assert _quote_open_after('He said "we will', False, lex, marks)
    assert not _quote_open_after('He said "we will" and left', False, lex, marks)
    assert not _quote_open_after("leave now,\u201d she said", True, lex, marks)
    assert _quote_open_after("no marks here", True, lex, marks)


def test_given_sentences_change_nothing(nlp: Language) -> None:
    document = read_text(TEXT, path="t.txt", publisher="Lakeside Post")
    doc = nlp(document.text)
    sentences, token_sentence = split_sentences(document, doc)
    raws = collect_mentions(document.text, doc, sentences, token_sentence)
    entities, _ = merge_mentions(document, raws, sentences)
    own = Attributor(document, doc, entities)
    given = Attributor(document, doc, entities, sentences=sentences)
    for sentence in sentences:
        for anchor in (None, *range(sentence.first_token, sentence.end_token)):
            assert own(sentence, anchor) == given(sentence, anchor)
