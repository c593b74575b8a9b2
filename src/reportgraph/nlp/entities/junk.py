"""Mentions that are no names: shouted words and headline fragments.

Takes a document's text, its sentences and the typed mentions; :func:`drop_junk` gives the
mentions that name something. A mention is dropped when:

* every word of it is written in capitals (at least :data:`MIN_SHOUT_LETTERS` letters: "BREAKING",
  "SHOCKING VIDEO") and each word is a common English word -- an emphasis word of
  ``data/nlp_typing.json`` (``emphasis_words``), or a word the document also writes in lower case
  ("a HORROR ... the horror of"). Real acronyms stay: a word defined in brackets in the text
  ("(ELN)"), a known organisation or country short name of the typing lexicon ("NATO",
  "UNHCR", "UAE"), and any word that the document never writes in lower case and that is no
  emphasis word;
* it is a fragment of a headline: a sentence whose words are mostly capitalised (at least
  :data:`HEADLINE_SHARE` of its words of three letters or more), where the mention has at least
  :data:`MIN_FRAGMENT_WORDS` words and at least :data:`COMMON_SHARE` of them are common words
  (stop words, nationality or group adjectives, or words the document also writes in lower
  case), unless it is shaped like an organisation's name: an organisation head word
  (``org_head_words`` of ``data/nlp_aliases.json``) last or before a function word ("Ports
  Authority", "Observatory for ..."). In body text a capitalised span is a name however common
  its words; only a headline capitalises every word;
* it is one word opening its sentence that the document also writes in lower case ("Gunmen
  opened fire ... the gunmen"): a capital that only the sentence start gives. A name that is
  also a common word ("Nice") is lost when the text uses the word too: a known limit.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from functools import cached_property

from spacy.lang.en.stop_words import STOP_WORDS

from reportgraph.nlp.entities.mentions import RawMention
from reportgraph.nlp.entities.typing_lexicon import TypingLexicon
from reportgraph.nlp.sentences import Sentence

MIN_SHOUT_LETTERS = 3
HEADLINE_SHARE = 0.7
MIN_FRAGMENT_WORDS = 3
COMMON_SHARE = 0.75
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_DEFINED = re.compile(r"\(\s*([A-Z][A-Za-z.&-]{1,11})\s*\)")


class _Text:
    """What the junk tests read of one document: its lowercase words, its defined acronyms."""

    def __init__(self, text: str, typing: TypingLexicon, heads: frozenset[str]) -> None:
        self.text = text
        self.typing = typing
        self.heads = heads

    @cached_property
    def lowercase_words(self) -> frozenset[str]:
        """Words the document writes in lower case."""
        return frozenset(w for w in _WORD.findall(self.text) if w.islower())

    @cached_property
    def defined(self) -> frozenset[str]:
        """Words the text defines in brackets ("(ELN)")."""
        return frozenset(m.group(1).replace(".", "") for m in _DEFINED.finditer(self.text))

    @cached_property
    def known(self) -> frozenset[str]:
        """Known organisation names and country short names, as written."""
        names = {n for cues in self.typing.org_cues for n in cues.names}
        return frozenset(names | set(self.typing.country_short_names))

    def common(self, word: str) -> bool:
        lower = word.lower()
        return lower in STOP_WORDS or lower in self.lowercase_words

    def adjective(self, word: str) -> bool:
        """A common word, or a nationality or group word used as an adjective."""
        return self.common(word) or self.typing.collective_kind(word) is not None

    def org_shaped(self, words: Sequence[str]) -> bool:
        """An organisation head word last, or before a function word."""
        lower = [w.lower() for w in words]
        if lower[-1] in self.heads:
            return True
        return any(w in self.heads and n in STOP_WORDS for w, n in itertools.pairwise(lower))

    def acronym(self, word: str) -> bool:
        return word in self.known or word.replace(".", "") in self.defined


def shouted(mention: str, view: _Text) -> bool:
    """An all-capitals span of common words (see the module docstring)."""
    words = _WORD.findall(mention)
    if not words or any(not w.isupper() or len(w) < MIN_SHOUT_LETTERS for w in words):
        return False
    if view.acronym(mention) or any(view.acronym(w) for w in words):
        return False
    emphasis = view.typing.emphasis_words
    return all(w.lower() in emphasis or view.common(w) for w in words)


def _headline(sentence: str) -> bool:
    words: list[str] = [w for w in _WORD.findall(sentence) if len(w) >= 3]
    if len(words) < MIN_FRAGMENT_WORDS:
        return False
    capitals = sum(w[:1].isupper() for w in words)
    return capitals >= HEADLINE_SHARE * len(words)


def fragment(mention: str, sentence: str, view: _Text) -> bool:
    """A headline fragment made mostly of common words (see the module docstring)."""
    words = _WORD.findall(mention)
    if len(words) < MIN_FRAGMENT_WORDS or not _headline(sentence) or view.org_shaped(words):
        return False
    common = sum(view.adjective(w) for w in words)
    return common >= COMMON_SHARE * len(words)


def sentence_capital(raw: RawMention, sentence: Sentence, view: _Text) -> bool:
    """One word at the start of its sentence that the text also writes in lower case."""
    words = _WORD.findall(raw.text)
    if len(words) != 1 or words[0] != raw.text or view.acronym(raw.text):
        return False
    opening = view.text[sentence.start : raw.start].strip(" \t\"'“‘([-")
    return bool(not opening and raw.text.lower() in view.lowercase_words)


def _junk(raw: RawMention, sentence: Sentence, view: _Text) -> bool:
    return (
        shouted(raw.text, view)
        or fragment(raw.text, sentence.text, view)
        or sentence_capital(raw, sentence, view)
    )


def drop_junk(
    text: str,
    sentences: Sequence[Sentence],
    raws: Sequence[RawMention],
    typing: TypingLexicon,
    heads: frozenset[str],
) -> list[RawMention]:
    """``raws`` without shouted words, headline fragments and sentence-start common words, in
    their order; ``heads`` are the organisation head words."""
    view = _Text(text, typing, heads)
    return [r for r in raws if not _junk(r, sentences[r.sentence], view)]


__all__ = ["drop_junk"]
