"""Per-Doc memos (``nlp/doccache.py``): the same values spaCy's Token and Doc attributes give."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from spacy.language import Language

from reportgraph.nlp.doccache import (
    children,
    doc_children,
    doc_deps,
    doc_ents,
    doc_lower,
    doc_text,
    doc_words,
    ents_within,
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
