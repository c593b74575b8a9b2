"""Media outlets named as a source: "The X reported", "according to the news site X".

Takes a mention with its parse and gives, when the text says so, the mention retyped as an
ORGANIZATION with the subtype :data:`MEDIA_SUBTYPE` (:func:`media_outlet`). Both must hold:

* a reporting position: the name is the subject of a reporting verb ("X reported", "X told";
  the verbs of ``data/nlp_aliases.json``), follows "according to", or is the listener of a
  report ("told X", "speaking to X", "speaking with X");
* a media cue: a capital "The" right before the name inside a sentence ("... told The Ledger"):
  a title, never how a person or a body is written mid-sentence ("the Pentagon"); or a media
  noun next to the name ("the outlet X", "X, a news site,", "the X newspaper"; ``media_cues``
  of ``data/nlp_typing.json``).

A capital "The" opening a sentence is no cue ("The Ledger reported" needs a media noun), and
neither is a reporting position alone: people and agencies report too.
"""

from __future__ import annotations

from collections.abc import Collection

from spacy.tokens import Doc, Span, Token

from reportgraph.nlp.entities.mentions import RawMention

MEDIA_SUBTYPE = "media outlet"
NEAR_WORDS = 3
_LISTENING = frozenset({"speaking", "spoke", "speak", "talking", "talked", "told"})


def _reporting_position(span: Span, verbs: Collection[str]) -> bool:
    root = span.root
    head = root.head
    if root.dep_ in ("nsubj", "nsubjpass") and head.lower_ in verbs:
        return True
    according = head.i > 0 and span.doc[head.i - 1].lower_ == "according"
    if root.dep_ == "pobj" and head.lower_ == "to" and according:
        return True
    if root.dep_ == "pobj" and head.lower_ in ("to", "with"):
        return head.head.lower_ in _LISTENING
    return root.dep_ in ("dobj", "dative") and head.lower_ == "told"


def _words(tokens: Span) -> list[str]:
    return [t.lower_ for t in tokens if not t.is_punct]


def _near_cue(span: Span, sentence: Span, cues: Collection[str]) -> bool:
    """A media noun among the few words before or after the name."""
    doc = span.doc
    before = _words(doc[max(sentence.start, span.start - NEAR_WORDS) : span.start])
    after = _words(doc[span.end : min(sentence.end, span.end + NEAR_WORDS + 1)])
    for words in (before, after):
        for size in (2, 1):
            if any(" ".join(words[i : i + size]) in cues for i in range(len(words))):
                return True
    return False


def _title_the(span: Span, sentence: Span) -> bool:
    """A capital "The" right before the name, not opening the sentence."""
    i = span.start - 1
    if i <= sentence.start:
        return False
    token: Token = span.doc[i]
    return token.text == "The"


def media_outlet(
    doc: Doc,
    raw: RawMention,
    sentence: Span,
    verbs: Collection[str],
    cues: Collection[str],
) -> RawMention | None:
    """``raw`` as a media outlet when it stands in a reporting position with a media cue."""
    span = doc.char_span(raw.start, raw.end, alignment_mode="expand")
    if span is None or not _reporting_position(span, verbs):
        return None
    if not (_title_the(span, sentence) or _near_cue(span, sentence, cues)):
        return None
    return RawMention(raw.start, raw.end, raw.text, "ORGANIZATION", raw.sentence, MEDIA_SUBTYPE)


__all__ = ["MEDIA_SUBTYPE", "media_outlet"]
