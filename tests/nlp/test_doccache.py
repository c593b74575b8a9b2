"""Per-Doc memos (``nlp/doccache.py``): the same values spaCy's Token and Doc attributes give."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.language import Language
from spacy.tokens import Doc

from reportgraph.nlp.doccache import (
    children,
    doc_children,
    doc_deps,
    doc_ents,
    doc_heads,
    doc_idx,
    doc_lemmas,
    doc_lower,
    doc_pos,
    doc_sent_starts,
    doc_tags,
    doc_text,
    doc_tokens,
    doc_words,
    ents_within,
    expand_range,
    token_at_char,
)
from reportgraph.nlp.pipeline import load_pipeline

TEXTS = [
    "Rebels SHELLED the port of Lakeside on Monday, the army said.\n\nAt least 12 people died.",
    "  Leading spaces,\ttabs and   runs of spaces stay   in tokens. Émigrés returned to Łódź.",
    "Who said it? Nobody did! The Coastal Guard, which patrols the bay, denied it.",
    "",
]


@pytest.fixture(scope="module")
def nlp() -> Iterator[Language]:
    yield load_pipeline()


@pytest.mark.parametrize("text", TEXTS)
def test_memos_equal_the_token_attributes(nlp: Language, text: str) -> None:
    doc = nlp(text)
    assert doc_text(doc) == doc.text
    assert doc_words(doc) == tuple(t.text for t in doc)
    assert doc_lower(doc) == tuple(t.lower_ for t in doc)
    assert doc_deps(doc) == tuple(t.dep_ for t in doc)
    assert doc_children(doc) == tuple(tuple(c.i for c in t.children) for t in doc)
    assert doc_ents(doc) == tuple(doc.ents)
    for token in doc:
        assert children(token, "nsubj", "dobj") == [
            c for c in token.children if c.dep_ in ("nsubj", "dobj")
        ]


def test_entities_within_a_range(nlp: Language) -> None:
    doc = nlp(TEXTS[0])
    for start, end in [(0, len(doc.text)), (0, 30), (20, 60), (5, 5)]:
        expected = tuple(e for e in doc.ents if e.start_char >= start and e.end_char <= end)
        assert ents_within(doc, start, end) == expected


@pytest.mark.parametrize("text", TEXTS)
def test_token_memos_equal_spacy(nlp: Language, text: str) -> None:
    doc = nlp(text)
    assert doc_tokens(doc) == tuple(doc)
    assert doc_tokens(doc) is doc_tokens(doc)  # made once
    assert doc_idx(doc) == tuple(t.idx for t in doc)
    assert doc_sent_starts(doc) == tuple(s.start for s in doc.sents)
    assert doc_pos(doc) == tuple(t.pos_ for t in doc)
    assert doc_tags(doc) == tuple(t.tag_ for t in doc)
    assert doc_heads(doc) == tuple(t.head.i for t in doc)
    assert doc_lemmas(doc) == tuple(t.lemma_.lower() for t in doc)


def _char_range(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    return None if span is None else (span.start, span.end)


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(which=st.integers(0, len(TEXTS) - 1), a=st.integers(-3, 120), n=st.integers(0, 40))
def test_expand_range_is_char_span_expand(nlp: Language, which: int, a: int, n: int) -> None:
    doc = nlp(TEXTS[which])
    assert expand_range(doc, a, a + n) == _char_range(doc, a, a + n)


def test_token_at_char_covers_trailing_whitespace(nlp: Language) -> None:
    doc = nlp("Ships  sank. ")  # tokens: "Ships", " ", "sank", "."
    assert [token_at_char(doc, c) for c in range(-1, 14)] == (
        [-1] + [0] * 6 + [1] + [2] * 4 + [3] * 2 + [-1]
    )


def test_extract_forgets_the_memos(nlp: Language) -> None:
    from factories import document
    from reportgraph.nlp.extract import extract

    doc = nlp(TEXTS[0])
    doc.user_data["mine"] = 1
    assert doc_tokens(doc) and doc_lower(doc)
    extract(document(TEXTS[0]), doc)
    assert doc.user_data == {"mine": 1}  # the caller's own data stays
