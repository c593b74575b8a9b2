"""Events and times over the sample corpus in ../shared/corpus: general properties only."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from reportgraph.models import Document, EntityType
from reportgraph.nlp.entities.mentions import collect_mentions
from reportgraph.nlp.entities.merging import merge_mentions
from reportgraph.nlp.events.finder import find_events
from reportgraph.nlp.frames import EventFrame, TimeFrame
from reportgraph.nlp.lexicons import Lexicons
from reportgraph.nlp.sentences import Sentence, split_sentences
from reportgraph.nlp.time.expressions import find_times

pytestmark = pytest.mark.corpus  # skipped by the sample_docs fixture when the corpus is missing

Row = tuple[Document, Sentence, list[int], list[EntityType], list[int], list[EventFrame]]


def _rows(parsed: Iterable[tuple[Document, Doc]], lexicons: Lexicons) -> list[Row]:
    rows: list[Row] = []
    for document, doc in parsed:
        sentences, token_sentence = split_sentences(document, doc)
        raws = collect_mentions(document.text, doc, sentences, token_sentence, lexicons.general)
        entities, mention_entity = merge_mentions(document, raws, sentences, lex=lexicons.general)
        types = [entities[e].type for e in mention_entity]
        token_mention = [-1] * len(doc)
        for i, raw in enumerate(raws):
            span = doc.char_span(raw.start, raw.end, alignment_mode="expand")
            for token in span if span is not None else ():
                token_mention[token.i] = i
        mention_sentence = [r.sentence for r in raws]
        for index, sentence in enumerate(sentences):
            found = find_events(doc, sentence, token_mention, types, document.published, lexicons)
            rows.append((document, sentence, [index], types, mention_sentence, found))
    return rows


@pytest.fixture(scope="module")
def rows(sample_docs: list[tuple[Document, Doc]], lexicons: Lexicons) -> list[Row]:
    return _rows(sample_docs, lexicons)


def _time_ok(document: Document, sentence: Sentence, t: TimeFrame) -> None:
    assert document.text[t.start : t.end] == t.text
    assert sentence.start <= t.start < t.end <= sentence.end
    if t.value is not None:
        for part in t.value.split("/"):
            dt.date.fromisoformat(part)
        if document.published is None:
            assert any(ch.isdigit() for ch in t.text)  # only dates with a year normalise


def test_events_are_grounded_and_typed(rows: list[Row], lexicons: Lexicons) -> None:
    known = set(lexicons.events.types)
    events = 0
    for document, sentence, (index,), types, mention_sentence, found in rows:
        assert [e.trigger for e in found] == sorted(e.trigger for e in found)
        for e in found:
            events += 1
            assert e.type in known
            spec = lexicons.events.types[e.type]
            assert sentence.first_token <= e.trigger < sentence.end_token
            for role, m in e.participants:
                assert 0 <= m < len(types) and mention_sentence[m] == index
                assert role in {"agent", "victim", "target", "participant"}
                assert types[m] != "PLACE" or role in spec.place_roles
            for m in e.places:
                assert types[m] == "PLACE" and mention_sentence[m] == index
            assert not {m for _, m in e.participants} & set(e.places)
            if e.time is not None:
                _time_ok(document, sentence, e.time)
    assert events > 0


def test_times_are_grounded(sample_docs: list[tuple[Document, Doc]]) -> None:
    count = 0
    for document, doc in sample_docs:
        sentences, _ = split_sentences(document, doc)
        ents = doc.ents
        for sentence in sentences:
            known = find_times(doc, sentence, document.published, ents)
            unknown = find_times(doc, sentence, None, ents)
            assert [t.text for t in known] == [t.text for t in unknown]
            for t in (*known, *unknown):
                _time_ok(document, sentence, t)
            count += len(known)
    assert count > 0


def test_events_are_deterministic(
    nlp: Language, lexicons: Lexicons, sample_docs: list[tuple[Document, Doc]], rows: list[Row]
) -> None:
    reparsed = [(document, nlp(document.text)) for document, _ in sample_docs]  # a fresh parse
    again = _rows(reparsed, lexicons)
    assert [r[5] for r in again] == [r[5] for r in rows]
