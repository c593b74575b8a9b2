"""What a reporting cue reports: the character span of a statement's content.

Given one :class:`~reportgraph.nlp.attribution.cues.CueFrame`, the content is

* for a reporting verb or noun: the complements it governs (``governs``: "said *that ...*",
  "warned *of ...*", "X's claim *that ...*"), without the speaker, the recipients ("told AP")
  and the cue itself; a clause, when there is one, is the content alone ("told MPs *on Monday*
  that ..." keeps the clause), also when the parse hangs it from the statement noun ("wrote in
  a filing *that ...*");
* for a verb used as an aside ("..., a witness said", "as X reported"): the clause it hangs from,
  without the aside;
* for "according to X" / "per X": the clause the phrase attaches to, without the phrase;
* for a toll ("X put the toll at 45"): the toll and its figure.

The span is the longest stretch of content tokens broken only by punctuation ("..., she said
on Monday" keeps the quotation, not "on Monday"), trimmed of punctuation, quotation marks, a
complementiser ("that") and a leading conjunction. A quotation that opens before the cue's
sentence (or closes after it) is followed to its mark, so "“A. B,” she said." has the content
"A. B". Hedging adverbs ("reportedly") report nothing of their own: they have no content.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc, Token

from reportgraph.nlp.attribution.cues import CueFrame, governs
from reportgraph.nlp.attribution.lexicon import CueLexicon

_EDGE_POS = frozenset({"PUNCT", "CCONJ", "SPACE"})
_CLAUSE_DEPS = frozenset({"ccomp", "xcomp", "parataxis", "csubj"})  # "said (on Monday) that ..."
_MAX_QUOTE_CHARS = 2000  # how far a quotation is followed before or after the cue's sentence


def _clause_of(token: Token) -> Token:
    """The nearest verb (or the root) above ``token``."""
    t = token
    for _ in range(20):
        if t.pos_ in ("VERB", "AUX") or t.head.i == t.i:
            return t
        t = t.head
    return t


def _subtrees(tokens: Iterable[Token]) -> set[int]:
    return {t.i for token in tokens for t in token.subtree}


def _in_a_statement(cue: Token, lex: CueLexicon) -> list[Token]:
    """ "wrote in a filing that ...", parsed with the clause on the noun: that clause."""
    return [
        clause
        for prep in cue.children
        if prep.dep_ == "prep" and prep.lower_ == "in"
        for noun in prep.children
        if noun.dep_ == "pobj" and noun.lemma_.lower() in lex.interview_nouns
        for clause in noun.children
        if clause.dep_ in ("relcl", "acl", "ccomp") and clause.pos_ in ("VERB", "AUX")
    ]


def content_tokens(doc: Doc, frame: CueFrame, lex: CueLexicon, adjunct: bool) -> set[int]:
    """Token indices of what ``frame`` reports (empty for a hedge or a frame with nothing under
    it). ``adjunct``: the frame covers the clause it hangs from ("..., X said")."""
    cue = doc[frame.cue]
    if frame.kind == "adverb":
        return set()
    if frame.kind == "toll":
        return set(frame.extra)
    drop = _subtrees(doc[i] for i in frame.recipients)
    if frame.speaker is not None and frame.speaker != frame.cue:
        drop |= _subtrees([doc[frame.speaker]])
    if frame.kind == "adjunct":
        clause = _clause_of(cue.head)
        return _subtrees([clause]) - _subtrees([cue]) - drop
    governed = [c for c in cue.children if governs(frame, c, lex) and c.i not in drop]
    clauses = [c for c in governed if c.dep_ in _CLAUSE_DEPS] or _in_a_statement(cue, lex)
    found = _subtrees(clauses or governed) - drop
    if not found and adjunct and cue.head.i != cue.i:
        found = _subtrees([cue.head]) - _subtrees([cue]) - drop
    return found


def _longest_run(doc: Doc, tokens: set[int]) -> tuple[int, int] | None:
    """(first, last) of the longest stretch of ``tokens`` broken by nothing but punctuation:
    "“..., ” she said on Monday" keeps the quotation, not "on Monday"."""
    runs: list[tuple[int, int, int]] = []  # (length, first, last)
    for i in sorted(tokens):
        if runs:
            length, first, last = runs[-1]
            gap = range(last + 1, i)
            if all(doc[g].pos_ in _EDGE_POS for g in gap):
                runs[-1] = (length + 1, first, i)
                continue
        runs.append((1, i, i))
    if not runs:
        return None
    _, first, last = max(runs, key=lambda r: (r[0], -r[1]))
    return first, last


def _trim(doc: Doc, tokens: set[int]) -> tuple[int, int] | None:
    """(first, last) token of the longest run of ``tokens``, without edge punctuation, "that"
    or a conjunction."""
    run = _longest_run(doc, tokens)
    if run is None:
        return None
    first, last = run
    while first <= last and (
        doc[first].pos_ in _EDGE_POS or (doc[first].dep_ == "mark" and doc[first].lower_ == "that")
    ):
        first += 1
    while last >= first and doc[last].pos_ in _EDGE_POS:
        last -= 1
    return (first, last) if first <= last else None


def _open_before(text: str, at: int, floor: int, lex: CueLexicon) -> int | None:
    """Offset just after the opening mark of a quotation still open at ``at``."""
    for i in range(at - 1, max(floor, at - _MAX_QUOTE_CHARS) - 1, -1):
        ch = text[i]
        if ch in lex.quote_open and ch not in lex.quote_close:
            return i + 1
        if ch in lex.quote_close and ch not in lex.quote_open:
            return None  # a quotation closed in between: not the same one
        if ch in lex.quote_open:  # the same mark opens and closes ('"')
            return i + 1
    return None


def _close_after(text: str, at: int, ceiling: int, lex: CueLexicon) -> int | None:
    """Offset of the closing mark of a quotation still open at ``at``."""
    for i in range(at, min(ceiling, at + _MAX_QUOTE_CHARS)):
        ch = text[i]
        if ch in lex.quote_close:
            return i
        if ch in lex.quote_open:
            return None
    return None


def content_span(
    text: str,
    doc: Doc,
    frame: CueFrame,
    lex: CueLexicon,
    *,
    adjunct: bool,
    sentence: tuple[int, int],
    quote_open: tuple[bool, bool],
    bounds: tuple[int, int],
) -> tuple[int, int] | None:
    """Character offsets of what ``frame`` reports, or None. ``text`` is the text ``doc`` was
    made from (``doc.text`` would join every token anew).

    ``sentence``: the cue's sentence (characters); ``quote_open``: whether a quotation is open at
    its start and at its end; ``bounds``: the characters a quotation may be followed within (its
    segment).
    """
    found = _trim(doc, content_tokens(doc, frame, lex, adjunct))
    if found is None:
        return None
    first, last = sentence
    start, end = doc[found[0]].idx, doc[found[1]].idx + len(doc[found[1]])
    if quote_open[0] and not any(ch in lex.quote_open for ch in text[first:start]):
        opened = _open_before(text, first, bounds[0], lex)
        if opened is not None:
            start = opened
    if quote_open[1] and not any(ch in lex.quote_close for ch in text[end:last]):
        closed = _close_after(text, last, bounds[1], lex)
        if closed is not None:
            end = closed
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in lex.quote_close):
        end -= 1
    return (start, end) if start < end else None
