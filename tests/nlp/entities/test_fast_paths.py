"""The fast paths of the mention stages give what the slow, obvious code gives.

Each helper is checked against the plain spaCy call or the plain regex it replaces.
"""

from __future__ import annotations

import re

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.language import Language
from spacy.tokens import Doc

from reportgraph.ingest import read_text
from reportgraph.nlp.entities.aliases import _CAPS_WORD, _acronym_words, _Taken
from reportgraph.nlp.entities.mentions import RawMention
from reportgraph.nlp.entities.retyping import _DocView
from reportgraph.nlp.places.linking import mentions_any
from reportgraph.nlp.sentences import split_sentences

TEXTS = [
    "The NDF and the KLA met in Tirana (Albania) on Friday.\n\nTalks   resumed\tlater. ",
    "  Leading spaces; x-AB, @AB #AB AB's A.B. AB-led ABCDEFG.\nNew line here",
    "Émigrés returned to Łódź. İzmir and ıI ſs KELVIN K stay apart.",
]
# the patterns the fast ones replace: the look-behind first
_BEFORE = r"(?<![\w@#&./'’-])"
_AFTER = r"(?![\w@&]|\.\w)"
_OLD_CAPS = re.compile(rf"{_BEFORE}[A-Z][A-Z&]{{1,5}}{_AFTER}")


@pytest.fixture(scope="module")
def blank() -> Language:
    return spacy.blank("en")


@pytest.mark.parametrize("text", TEXTS)
def test_doc_view_span_is_char_span_expand(blank: Language, text: str) -> None:
    doc = blank(text)
    view = _DocView(doc, [], [])
    for start in range(len(text)):
        for end in range(start + 1, len(text) + 1):
            span = doc.char_span(start, end, alignment_mode="expand")
            expected = None if span is None else range(span.start, span.end)
            assert view.span(start, end) == expected, (start, end)
    for token in doc:
        assert view.spaced(token.i) == bool(token.whitespace_)


def _oracle_sentences(doc: Doc, bounds: list[tuple[int, int]]) -> list[int]:
    """Each token's sentence: the bound its first character lies in, else -1."""
    return [next((k for k, (a, b) in enumerate(bounds) if a <= t.idx < b), -1) for t in doc]


@pytest.mark.parametrize("text", TEXTS)
def test_split_sentences_without_and_with_sentence_bounds(blank: Language, text: str) -> None:
    document = read_text(text, path="t.txt")
    plain = blank(document.text)
    with_sentencizer = spacy.blank("en")
    with_sentencizer.add_pipe("sentencizer")
    hooked = blank(document.text)
    hooked.user_hooks["sents"] = lambda d: iter([d[: len(d) // 2], d[len(d) // 2 :]])
    hooked[0].is_sent_start = True  # has_annotation("SENT_START") holds
    for doc in (plain, with_sentencizer(document.text), hooked):
        sentences, token_sentence = split_sentences(document, doc)
        bounds = [(s.start, s.end) for s in sentences]
        assert token_sentence == _oracle_sentences(doc, bounds)
        for k, sent in enumerate(sentences):
            inside = [i for i, s in enumerate(token_sentence) if s == k]
            assert (sent.first_token, sent.end_token) == (
                (inside[0], inside[-1] + 1) if inside else (0, 0)
            )
    middle = hooked[len(hooked) // 2]
    if not middle.is_space:  # the hook's second sentence starts a sentence
        firsts = {s.first_token for s in split_sentences(document, hooked)[0]}
        assert middle.i in firsts


_TEXT = st.text(alphabet=st.sampled_from(list("aAbBkKsSiI \n-.'’@#&/(ıİſKéΣσς")), max_size=40)


@given(_TEXT, st.sets(st.text(alphabet="abkKsiS -", min_size=1, max_size=4), max_size=4))
@settings(max_examples=300, deadline=None)
def test_mentions_any_is_the_ignorecase_search(context: str, words: set[str]) -> None:
    mentions_any.cache_clear()
    expected = any(re.search(re.escape(w), context, re.IGNORECASE) for w in words)
    assert mentions_any(context, frozenset(words)) == expected


@given(st.text(alphabet=st.sampled_from(list("ABCDK&a-./@#'’ \n(")), max_size=40))
@settings(max_examples=300, deadline=None)
def test_word_patterns_match_the_lookbehind_first_patterns(text: str) -> None:
    assert [m.span() for m in _CAPS_WORD.finditer(text)] == [
        m.span() for m in _OLD_CAPS.finditer(text)
    ]
    for acronyms in (["AB"], ["ABC", "AB", "K&D"], ["DK"]):
        alternatives = "|".join(re.escape(a) for a in sorted(acronyms, key=len, reverse=True))
        old = re.compile(rf"{_BEFORE}(?:{alternatives}){_AFTER}|{_OLD_CAPS.pattern}")
        new = _acronym_words(acronyms)
        assert [m.span() for m in new.finditer(text)] == [m.span() for m in old.finditer(text)]


@given(
    st.lists(st.tuples(st.integers(0, 30), st.integers(0, 8)), max_size=8),
    st.integers(0, 40),
    st.integers(1, 6),
)
def test_taken_overlaps_is_any_overlap(spans: list[tuple[int, int]], start: int, n: int) -> None:
    raws = sorted(
        (RawMention(s, s + w, "x" * w, "PLACE", 0) for s, w in spans), key=lambda r: r.start
    )
    expected = any(r.start < start + n and start < r.end for r in raws)
    assert _Taken(raws).overlaps(start, start + n) == expected
