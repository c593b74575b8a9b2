"""Per-Doc memos of values spaCy recomputes on every access.

``Doc.text`` joins every token and ``Doc.ents`` builds a Span per entity each time they are
read; the extraction stages read them once per sentence or per number, which made them a
large share of the extraction time on long articles. The memos live in ``doc.user_data``, so
they go away with the Doc. Stages must not modify the Doc after reading them (none does).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable
from functools import partial
from typing import TypeVar

from spacy.attrs import DEP, HEAD, IDX, LEMMA, LENGTH, LOWER, ORTH, POS, SENT_START, SPACY, TAG
from spacy.tokens import Doc, Span, Token

T = TypeVar("T")
_PREFIX = "reportgraph."  # the memos' keys in ``doc.user_data``


def memo(doc: Doc, key: str, make: Callable[[Doc], T]) -> T:
    """``make(doc)``, computed once per Doc and kept in ``doc.user_data[key]``."""
    found = doc.user_data.get(key)
    if found is None:
        found = doc.user_data[key] = make(doc)
    return found  # no typing.cast: a call, and memo runs ~6,000 times a document


def forget(doc: Doc) -> None:
    """Drop every memo of ``doc``. The token memo refers back to the Doc, so without this a
    finished Doc lives until Python's cycle collector runs."""
    for key in [k for k in doc.user_data if isinstance(k, str) and k.startswith(_PREFIX)]:
        del doc.user_data[key]


def doc_text(doc: Doc) -> str:
    """``doc.text``, computed once per Doc."""
    return memo(doc, "reportgraph.text", lambda d: str(d.text))


def doc_ents(doc: Doc) -> tuple[Span, ...]:
    """``doc.ents``, computed once per Doc."""
    return memo(doc, "reportgraph.ents", lambda d: tuple(d.ents))


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


_READERS = {attr: partial(_strings, attr=attr) for attr in (LOWER, ORTH, POS, TAG, DEP)}


def _string_memo(attr: int, key: str, doc: Doc) -> tuple[str, ...]:
    return memo(doc, key, _READERS[attr])  # no new function per read


def doc_lower(doc: Doc) -> tuple[str, ...]:
    """``token.lower_`` of every token, computed once per Doc."""
    return _string_memo(LOWER, "reportgraph.lower", doc)


def doc_words(doc: Doc) -> tuple[str, ...]:
    """``token.text`` of every token, computed once per Doc."""
    return _string_memo(ORTH, "reportgraph.words", doc)


def doc_pos(doc: Doc) -> tuple[str, ...]:
    """``token.pos_`` of every token, computed once per Doc."""
    return _string_memo(POS, "reportgraph.pos", doc)


def doc_tags(doc: Doc) -> tuple[str, ...]:
    """``token.tag_`` of every token, computed once per Doc."""
    return _string_memo(TAG, "reportgraph.tags", doc)


def doc_deps(doc: Doc) -> tuple[str, ...]:
    """``token.dep_`` of every token, computed once per Doc."""
    return _string_memo(DEP, "reportgraph.deps", doc)


def doc_lemmas(doc: Doc) -> tuple[str, ...]:
    """``token.lemma_.lower()`` of every token, computed once per Doc."""
    return memo(doc, "reportgraph.lemmas", lambda d: tuple(x.lower() for x in _strings(d, LEMMA)))


def _heads(doc: Doc) -> tuple[int, ...]:
    offsets = doc.to_array(HEAD).astype("int64").tolist() if len(doc) else []
    return tuple(i + o for i, o in enumerate(offsets))


def doc_heads(doc: Doc) -> tuple[int, ...]:
    """``token.head.i`` of every token (a root is its own head), computed once per Doc."""
    return memo(doc, "reportgraph.heads", _heads)


def _children(doc: Doc) -> tuple[tuple[int, ...], ...]:
    found: list[list[int]] = [[] for _ in range(len(doc))]
    for i, head in enumerate(doc_heads(doc)):
        if head != i:
            found[head].append(i)
    return tuple(tuple(k) for k in found)


def doc_children(doc: Doc) -> tuple[tuple[int, ...], ...]:
    """The indices of every token's syntactic children, in text order (as ``token.children``)."""
    return memo(doc, "reportgraph.children", _children)


def children(token: Token, *deps: str) -> list[Token]:
    """``token``'s children whose dependency label is one of ``deps``."""
    doc = token.doc
    found = doc_children(doc)[token.i]
    if not found:
        return []
    labels = doc_deps(doc)
    tokens = doc_tokens(doc)
    return [tokens[j] for j in found if labels[j] in deps]


def kids(token: Token) -> list[Token]:
    """``list(token.children)``, from the per-Doc memos (no new Token objects)."""
    doc = token.doc
    tokens = doc_tokens(doc)
    return [tokens[j] for j in doc_children(doc)[token.i]]


def doc_tokens(doc: Doc) -> tuple[Token, ...]:
    """Every token of ``doc``, made once (``doc[i]`` and iterating make a new Token each time)."""
    return memo(doc, "reportgraph.tokens", tuple)


Offsets = tuple[tuple[int, ...], tuple[int, ...], int]


def _read_offsets(doc: Doc) -> Offsets:
    if not len(doc):
        return (), (), 0
    table = doc.to_array([IDX, LENGTH, SPACY])
    idx = tuple(table[:, 0].tolist())
    ends = tuple((table[:, 0] + table[:, 1]).tolist())
    return idx, ends, int(table[-1].sum())


def _offsets(doc: Doc) -> Offsets:
    """Each token's first character, each token's end (without its trailing whitespace), and
    the end of the last token with its trailing whitespace."""
    return memo(doc, "reportgraph.offsets", _read_offsets)


def doc_idx(doc: Doc) -> tuple[int, ...]:
    """``token.idx`` of every token, computed once per Doc."""
    return _offsets(doc)[0]


def doc_ends(doc: Doc) -> tuple[int, ...]:
    """``token.idx + len(token)`` of every token, computed once per Doc."""
    return _offsets(doc)[1]


def token_at_char(doc: Doc, char: int) -> int:
    """The index of the token whose text or trailing whitespace holds ``char``, or -1 (as
    spaCy's own lookup for ``Doc.char_span``)."""
    idx, _, stop = _offsets(doc)
    if not idx or char < idx[0] or char >= stop:
        return -1
    return bisect_right(idx, char) - 1


def expand_range(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    """Token range ``(first, stop)`` of ``doc.char_span(start, end, alignment_mode="expand")``,
    or None where it is None; no Span or Token is made."""
    idx, ends, stop = _offsets(doc)
    if not idx or start < idx[0] or start >= stop or end - 1 < idx[0] or end - 1 >= stop:
        return None
    first, last = bisect_right(idx, start) - 1, bisect_right(idx, end - 1) - 1
    if start == ends[first]:
        first += 1  # trailing whitespace is not part of the token before it
    return first, last + 1


def _sent_starts(doc: Doc) -> tuple[int, ...]:
    if "sents" in doc.user_hooks:
        return tuple(sent.start for sent in doc.sents)
    if not len(doc):
        return ()
    flags = doc.to_array(SENT_START).tolist()
    return (0, *(i for i, flag in enumerate(flags) if i and flag == 1))


def doc_sent_starts(doc: Doc) -> tuple[int, ...]:
    """The first token of each of ``doc.sents`` (the Doc must have sentence bounds)."""
    return memo(doc, "reportgraph.sent_starts", _sent_starts)
