"""Per-Doc memos of values spaCy recomputes on every access.

``Doc.text`` joins every token and ``Doc.ents`` builds a Span per entity each time they are
read; the extraction stages read them once per sentence or per number, which made them a
large share of the extraction time on long articles. The memos live in ``doc.user_data``, so
they go away with the Doc. Stages must not modify the Doc after reading them (none does).
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

_TEXT = "reportgraph.text"
_ENTS = "reportgraph.ents"
_LOWER = "reportgraph.lower"
_WORDS = "reportgraph.words"


def doc_text(doc: Doc) -> str:
    """``doc.text``, computed once per Doc."""
    text = doc.user_data.get(_TEXT)
    if not isinstance(text, str):
        text = doc.user_data[_TEXT] = doc.text
    return text


def doc_ents(doc: Doc) -> tuple[Span, ...]:
    """``doc.ents``, computed once per Doc."""
    ents = doc.user_data.get(_ENTS)
    if not isinstance(ents, tuple):
        ents = doc.user_data[_ENTS] = tuple(doc.ents)
    return ents


def doc_lower(doc: Doc) -> tuple[str, ...]:
    """``token.lower_`` of every token, computed once per Doc."""
    lower = doc.user_data.get(_LOWER)
    if not isinstance(lower, tuple):
        lower = doc.user_data[_LOWER] = tuple(t.lower_ for t in doc)
    return lower


def doc_words(doc: Doc) -> tuple[str, ...]:
    """``token.text`` of every token, computed once per Doc."""
    words = doc.user_data.get(_WORDS)
    if not isinstance(words, tuple):
        words = doc.user_data[_WORDS] = tuple(t.text for t in doc)
    return words
