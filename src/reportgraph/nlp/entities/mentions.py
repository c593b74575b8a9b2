"""Entity mentions from spaCy's NER: typed, cleaned, grounded in their sentence.

Types map from NER labels (data/nlp_config.json). One general correction: a single-word name
with a demonym ending ("-ian", "-ite", "-ese", "-i", "-ish") that modifies a plural people noun
("... civilians", "... fighters") is used as an adjective of a collective, so it counts as GROUP.

Leading tokens that cannot start a name (adverbs, conjunctions, pronouns, verbs... by part of
speech) are skipped first. Cleaning then works on characters of the document text, so offsets
stay exact (``document.text[start:end] == text``). At the edges of a span it removes whitespace,
quotes, dashes and other punctuation, symbols (emoji, flags, variation selectors), a leading
determiner ("the") or lowercase stop word, a trailing possessive ("'s", "’s", "s'"), a
sentence-final period (but not the period of an abbreviation such as "U.S."), and brackets that
are not balanced inside the span. A span that crosses a line break keeps its first line that
survives. Spans are dropped when nothing is left, when they hold no letter (figures) or only a
determiner, when they look like a URL or a handle, or when they have cased letters but no
capital (common words).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, Span, Token

from reportgraph.models import EntityType
from reportgraph.nlp.sentences import Sentence

if TYPE_CHECKING:
    from reportgraph.nlp.lexicons import GeneralLexicon

_OPEN = "([{"
_CLOSE = ")]}"
_WEB = re.compile(r"https?://|www\.|\w\.[a-z]{2,}/|(?:^|\W)@\w")
_POSSESSIVE = re.compile(r"(?:(?<=\w)['’]s|(?<=s)['’])$")


@dataclass(frozen=True)
class RawMention:
    """A cleaned NER span before merging: offsets, text, mapped type, sentence index, and the
    subtype when the mention's context alone says it (a media outlet named as a source)."""

    start: int
    end: int
    text: str
    type: EntityType
    sentence: int
    subtype: str | None = None


def _edge_junk(ch: str) -> bool:
    """Characters never kept at the edge of a name (brackets and periods are handled apart)."""
    if ch.isspace():
        return True
    if ch in _OPEN or ch in _CLOSE or ch == ".":
        return False
    cat = unicodedata.category(ch)
    return cat[0] in "PS" or cat == "Cf" or "\ufe00" <= ch <= "\ufe0f" or ch == "\u20e3"


def _strip_once(text: str, start: int, end: int, lex: GeneralLexicon) -> tuple[int, int]:
    while start < end and _edge_junk(text[start]):
        start += 1
    while end > start and _edge_junk(text[end - 1]):
        end -= 1
    if start >= end:
        return start, end
    span = text[start:end]
    opens = sum(span.count(c) for c in _OPEN)
    closes = sum(span.count(c) for c in _CLOSE)
    if span[0] in _OPEN and (opens > closes or span[-1] in _CLOSE):
        start += 1
    elif span[-1] in _CLOSE and closes > opens:
        end -= 1
    elif span[0] == ".":
        start += 1
    elif span[-1] == "." and span.count(".") == 1 and not re.search(r"(?:^|\s)\w{1,2}\.$", span):
        end -= 1
    span = text[start:end]
    words = span.split(None, 1)
    if len(words) == 2 and (
        words[0].lower() in lex.leading_determiners
        or (words[0].islower() and words[0] in STOP_WORDS)
    ):
        start = end - len(words[1])
    possessive = _POSSESSIVE.search(text, start, end)
    if possessive is not None and possessive.start() > start:
        end = possessive.start()
    return start, end


def _strip(text: str, start: int, end: int, lex: GeneralLexicon) -> tuple[int, int]:
    while True:
        new = _strip_once(text, start, end, lex)
        if new == (start, end):
            return start, end
        start, end = new


def _keep(span: str, lex: GeneralLexicon) -> bool:
    if span.lower() in lex.leading_determiners or _WEB.search(span):
        return False
    if not any(ch.isalpha() for ch in span):
        return False
    has_cased = any(ch.lower() != ch.upper() for ch in span)
    return not has_cased or any(ch.isupper() for ch in span)


def clean_span(text: str, start: int, end: int, lex: GeneralLexicon) -> tuple[int, int] | None:
    """The cleaned bounds of ``text[start:end]`` as a name, or None when it is not a name."""
    start, end = _strip(text, start, end, lex)
    if start >= end:
        return None
    if "\n" in text[start:end]:
        line_start = start
        while line_start < end:
            line_end = text.find("\n", line_start, end)
            line_end = end if line_end < 0 else line_end
            found = clean_span(text, line_start, line_end, lex)
            if found is not None:
                return found
            line_start = line_end + 1
        return None
    return (start, end) if _keep(text[start:end], lex) else None


def _name_start(ent: Span, lex: GeneralLexicon) -> int:
    """Character offset after the leading tokens of ``ent`` that cannot start a name."""
    skip = lex.leading_pos_to_strip
    for token in ent[:-1]:
        if token.pos_ not in skip:
            return token.idx
    return ent[-1].idx


def _adjectival_group(token: Token, lex: GeneralLexicon) -> bool:
    """A demonym-like word modifying a plural people noun ("... civilians")."""
    return (
        token.dep_ in ("amod", "compound")
        and token.head.tag_ == "NNS"
        and token.head.lemma_.lower() in lex.actor_nouns
        and token.lower_.endswith(lex.demonym_suffixes)
    )


def collect_mentions(
    text: str,
    doc: Doc,
    sentences: list[Sentence],
    token_sentence: list[int],
    lex: GeneralLexicon,
) -> list[RawMention]:
    """Cleaned, typed mentions of ``doc``'s entities, each inside one sentence, in text order.

    A span that runs past its sentence (the sentence of its first token) is cut at the bound.
    """
    label_map = lex.label_map
    found: list[RawMention] = []
    for ent in doc.ents:
        etype = label_map.get(ent.label_)
        if etype is None:
            continue
        bounds = clean_span(text, _name_start(ent, lex), ent.end_char, lex)
        if bounds is None:
            continue
        tokens = [t for t in ent if t.idx < bounds[1] and t.idx + len(t.text) > bounds[0]]
        index = token_sentence[tokens[0].i]
        if index < 0:
            continue
        sent = sentences[index]
        if bounds[0] < sent.start or bounds[1] > sent.end:
            bounds = clean_span(text, max(bounds[0], sent.start), min(bounds[1], sent.end), lex)
            if bounds is None:
                continue
        if etype != "GROUP" and len(tokens) == 1 and _adjectival_group(tokens[0], lex):
            etype = "GROUP"
        start, end = bounds
        found.append(RawMention(start, end, text[start:end], etype, index))
    return found
