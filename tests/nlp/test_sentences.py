"""Paragraph breaks that sentences never cross, and sentence bounds on blank pipelines."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from reportgraph.ingest import read_text
from reportgraph.nlp.sentences import paragraph_breaks, split_sentences

TEXTS = [
    "The NDF and the KLA met in Tirana (Albania) on Friday.\n\nTalks   resumed\tlater. ",
    "  Leading spaces; x-AB, @AB #AB AB's A.B. AB-led ABCDEFG.\nNew line here",
    "Émigrés returned to Łódź. İzmir and ıI ſs KELVIN K stay apart.",
]


@pytest.fixture(scope="module")
def blank() -> Language:
    return spacy.blank("en")


def test_blank_lines_always_break() -> None:
    text = "Shelling hit Kherson\n\nresidents fled west"
    assert paragraph_breaks(text) == [text.index("residents")]


def test_single_line_breaks_split_paragraph_text() -> None:
    text = "Heading without a stop\nThe army withdrew.\nAid arrived later."
    assert paragraph_breaks(text) == [text.index("The army"), text.index("Aid")]


def test_hard_wrapped_text_keeps_single_line_breaks() -> None:
    text = "The convoy was stopped near\nthe border and its drivers\nwere held\n\nLater on"
    assert paragraph_breaks(text) == [text.index("Later")]


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
