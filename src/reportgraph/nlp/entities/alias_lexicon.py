"""The cue words and lists of alias finding: the model of ``reportgraph/data/nlp_aliases.json``."""

from __future__ import annotations

import re
from functools import cached_property
from typing import Annotated, Literal

from pydantic import AfterValidator, Field

from reportgraph.data_files import IgnoreCaseRegex, Lexicon, Regex


def _folded(words: frozenset[str]) -> frozenset[str]:
    return frozenset(w.casefold() for w in words)


def _upper(words: frozenset[str]) -> frozenset[str]:
    return frozenset(w.upper() for w in words)


FoldedWords = Annotated[frozenset[str], AfterValidator(_folded)]


class AliasCue(Lexicon):
    """A phrase that defines an alias between two names: "X (formerly Y)", "Y, now known as X"."""

    text: str
    reason: Literal["formerly", "also_known_as", "apposition"]
    long: Literal["before", "after"]  # which side of the cue the long (canonical) form is on

    @property
    def long_before(self) -> bool:
        return self.long == "before"


class AliasLexicon(Lexicon):
    """Acronym letters, alias cues and the organisation contexts of bare acronyms."""

    function_words: FoldedWords
    max_inside_letters: int = Field(ge=0)
    cues_as_written: tuple[AliasCue, ...] = Field(alias="cues")
    cue_left_gap: Regex
    cue_right_gap: IgnoreCaseRegex
    stoplist: Annotated[frozenset[str], AfterValidator(_upper)] = Field(alias="acronym_stoplist")
    org_suffixes: FoldedWords = Field(alias="org_suffixes_after_hyphen")
    org_member_nouns: FoldedWords
    reporting_verbs: FoldedWords
    org_before: tuple[IgnoreCaseRegex, ...] = Field(alias="org_before_patterns")
    org_heads: FoldedWords = Field(alias="org_head_words")

    @cached_property
    def cues(self) -> tuple[AliasCue, ...]:
        """The cues, longest first."""
        return tuple(sorted(self.cues_as_written, key=lambda c: -len(c.text)))

    @cached_property
    def cue_patterns(self) -> tuple[re.Pattern[str], ...]:
        """One pattern per cue of :attr:`cues`, in its order."""
        return tuple(
            re.compile(rf"(?<!\w){re.escape(cue.text.casefold())}(?!\w)") for cue in self.cues
        )
