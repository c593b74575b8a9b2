"""Per-Doc memos of values spaCy recomputes on every access.

``Doc.text`` joins every token and ``Doc.ents`` builds a Span per entity each time they are
read; the extraction stages read them once per sentence or per number, which made them a
large share of the extraction time on long articles. The memos live in ``doc.user_data``, so
they go away with the Doc. Stages must not modify the Doc after reading them (none does).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from spacy.attrs import DEP, HEAD, LOWER, ORTH
from spacy.tokens import Doc, Span, Token

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


_STARTS = "reportgraph.ent_starts"


def ents_within(doc: Doc, start: int, end: int) -> tuple[Span, ...]:
    """The entities of ``doc`` whose characters lie inside ``[start, end)``, in text order."""
    ents = doc_ents(doc)
    starts = doc.user_data.get(_STARTS)
    if not isinstance(starts, tuple):
        starts = doc.user_data[_STARTS] = tuple(e.start_char for e in ents)
    lo, hi = bisect_left(starts, start), bisect_right(starts, end)
    return tuple(e for e in ents[lo:hi] if e.end_char <= end)


def _strings(doc: Doc, attr: int) -> tuple[str, ...]:
    """One string attribute of every token, read as an array of string ids (no Token objects
    are made; the same strings as ``token.lower_``, ``token.text`` or ``token.dep_``)."""
    strings = doc.vocab.strings
    seen: dict[int, str] = {}
    out: list[str] = []
    for key in doc.to_array(attr).tolist():
        text = seen.get(key)
        if text is None:
            text = seen[key] = strings[key] if key else ""
        out.append(text)
    return tuple(out)


def doc_lower(doc: Doc) -> tuple[str, ...]:
    """``token.lower_`` of every token, computed once per Doc."""
    lower = doc.user_data.get(_LOWER)
    if not isinstance(lower, tuple):
        lower = doc.user_data[_LOWER] = _strings(doc, LOWER)
    return lower


def doc_words(doc: Doc) -> tuple[str, ...]:
    """``token.text`` of every token, computed once per Doc."""
    words = doc.user_data.get(_WORDS)
    if not isinstance(words, tuple):
        words = doc.user_data[_WORDS] = _strings(doc, ORTH)
    return words


_DEPS = "reportgraph.deps"
_KIDS = "reportgraph.children"


def doc_deps(doc: Doc) -> tuple[str, ...]:
    """``token.dep_`` of every token, computed once per Doc."""
    deps = doc.user_data.get(_DEPS)
    if not isinstance(deps, tuple):
        deps = doc.user_data[_DEPS] = _strings(doc, DEP)
    return deps


def doc_children(doc: Doc) -> tuple[tuple[int, ...], ...]:
    """The indices of every token's syntactic children, in text order (as ``token.children``)."""
    kids = doc.user_data.get(_KIDS)
    if not isinstance(kids, tuple):
        found: list[list[int]] = [[] for _ in range(len(doc))]
        offsets = doc.to_array(HEAD).astype("int64")  # head index minus token index
        for i, offset in enumerate(offsets.tolist()):
            if offset:
                found[i + offset].append(i)
        kids = doc.user_data[_KIDS] = tuple(tuple(k) for k in found)
    return kids


def children(token: Token, *deps: str) -> list[Token]:
    """``token``'s children whose dependency label is one of ``deps``."""
    doc = token.doc
    labels = doc_deps(doc)
    return [doc[j] for j in doc_children(doc)[token.i] if labels[j] in deps]
