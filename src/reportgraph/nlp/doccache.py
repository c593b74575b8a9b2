"""Per-Doc memos of values spaCy recomputes on every access.

``Doc.text`` joins every token and ``Doc.ents`` builds a Span per entity each time they are
read; the extraction stages read them once per sentence or per number, which made them a
large share of the extraction time on long articles. The memos live in ``doc.user_data``, so
they go away with the Doc. Stages must not modify the Doc after reading them (none does).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from spacy.attrs import DEP, HEAD, IDX, LENGTH, LOWER, ORTH, SENT_START, SPACY
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
    tokens = doc_tokens(doc)
    return [tokens[j] for j in doc_children(doc)[token.i] if labels[j] in deps]


_TOKENS = "reportgraph.tokens"
_IDX = "reportgraph.idx"
_SENT_STARTS = "reportgraph.sent_starts"


def doc_tokens(doc: Doc) -> tuple[Token, ...]:
    """Every token of ``doc``, made once (``doc[i]`` and iterating make a new Token each time)."""
    tokens = doc.user_data.get(_TOKENS)
    if not isinstance(tokens, tuple):
        tokens = doc.user_data[_TOKENS] = tuple(doc)
    return tokens


def _offsets(doc: Doc) -> tuple[tuple[int, ...], int]:
    """Each token's first character, and the end of the last token with its trailing space."""
    found = doc.user_data.get(_IDX)
    if not isinstance(found, tuple):
        table = doc.to_array([IDX, LENGTH, SPACY]).tolist() if len(doc) else []
        idx = tuple(row[0] for row in table)
        end = table[-1][0] + table[-1][1] + table[-1][2] if table else 0
        found = doc.user_data[_IDX] = (idx, end)
    return found


def doc_idx(doc: Doc) -> tuple[int, ...]:
    """``token.idx`` of every token, computed once per Doc."""
    return _offsets(doc)[0]


def token_at_char(doc: Doc, char: int) -> int:
    """The index of the token whose text or trailing whitespace holds ``char``, or -1 (as
    spaCy's own lookup for ``Doc.char_span``)."""
    idx, end = _offsets(doc)
    if not idx or char < idx[0] or char >= end:
        return -1
    return bisect_right(idx, char) - 1


def expand_range(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    """Token range ``(first, stop)`` of ``doc.char_span(start, end, alignment_mode="expand")``,
    or None where it is None; no Span or Token is made."""
    first = token_at_char(doc, start)
    if first < 0:
        return None
    last = token_at_char(doc, end - 1)
    if last < 0:
        return None
    if start == doc_idx(doc)[first] + len(doc_words(doc)[first]):
        first += 1  # trailing whitespace is not part of the token before it
    return first, last + 1


def doc_sent_starts(doc: Doc) -> tuple[int, ...]:
    """The first token of each of ``doc.sents`` (the Doc must have sentence bounds)."""
    starts = doc.user_data.get(_SENT_STARTS)
    if not isinstance(starts, tuple):
        if "sents" in doc.user_hooks:
            starts = tuple(sent.start for sent in doc.sents)
        elif not len(doc):
            starts = ()
        else:
            flags = doc.to_array(SENT_START).tolist()
            starts = (0, *(i for i, flag in enumerate(flags) if i and flag == 1))
        doc.user_data[_SENT_STARTS] = starts
    return starts
