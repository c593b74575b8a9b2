"""The cue words of entity typing, read once from ``reportgraph/data/nlp_typing.json``.

Collectives (nationalities, religious and ethnic groups) are matched on the whole name, singular
or plural; plurals are derived (+s, or unchanged after -ese/-ss/-sh/-ch). Facility nouns map to
a place subtype ("air base" -> "airbase"). Organisation cues are words or phrases found in a
name, or next to it in a sentence, per subtype.
"""

from __future__ import annotations

import re
from functools import cached_property
from typing import Self

from pydantic import Field, model_validator

from reportgraph.data_files import Lexicon, Words

NATIONALITY = "nationality"
RELIGIOUS = "religious group"
ETHNIC = "ethnic group"


class OrgCueWords(Lexicon):
    """The cue words of one organisation subtype, as written in the file."""

    names: tuple[str, ...]  # exact names (case kept for all-capital acronyms)
    words: tuple[str, ...]  # cue words inside a name
    context: tuple[str, ...]  # cue words next to a name in a sentence


class OrgCues(Lexicon):
    """The cues of one organisation subtype, ready to match."""

    model_config = Lexicon.model_config | {"arbitrary_types_allowed": True}

    subtype: str
    names: frozenset[str]  # exact names (case kept for all-capital acronyms)
    words: re.Pattern[str]  # cue words inside a name (lowercase)
    context: tuple[str, ...]  # cue words next to a name in a sentence (lowercase)


class TypingLexicon(Lexicon):
    """Collectives, place cues, facility nouns and organisation cues."""

    nationalities: dict[str, tuple[str, ...]]  # ISO alpha-2 -> nationality forms
    religious_groups: tuple[str, ...]
    ethnic_groups: tuple[str, ...]
    collective_nouns: Words
    plural_suffixes: tuple[str, ...] = Field(alias="demonym_plural_suffixes")
    place_cues_before: Words
    weak_place_cues: Words  # place cues that also take people ("loyal to X")
    place_nouns_of: Words
    place_nouns_after: Words
    admin_suffixes: Words
    common_admin_words: Words
    facility_nouns: dict[str, str]  # facility noun (one or two words) -> place subtype
    org_subtypes: dict[str, OrgCueWords]
    org_subtype_order: tuple[str, ...]  # precedence of the organisation subtypes
    country_short_names: dict[str, str]  # English short name ("Britain") -> ISO alpha-2
    emphasis_words: Words  # common words shouted in capitals ("BREAKING"): no names
    media_cues: Words  # nouns that call a name a media outlet ("newspaper", "news site")
    eponym_heads: Words = frozenset()  # "the X regime": a one-word X is a person's surname

    @model_validator(mode="after")
    def _every_subtype_ordered(self) -> Self:
        if set(self.org_subtype_order) != set(self.org_subtypes):
            raise ValueError("org_subtype_order must list each key of org_subtypes once")
        return self

    @cached_property
    def _collectives(self) -> tuple[dict[str, str], dict[str, str]]:
        collectives: dict[str, str] = {}
        nationality_country: dict[str, str] = {}
        for code, forms in sorted(self.nationalities.items()):
            for form in forms:
                for word in plurals(form):
                    collectives.setdefault(word.lower(), NATIONALITY)
                    nationality_country.setdefault(word.lower(), code)
        for groups, kind in ((self.religious_groups, RELIGIOUS), (self.ethnic_groups, ETHNIC)):
            for form in groups:
                for word in plurals(form):
                    collectives.setdefault(word.lower(), kind)
        return collectives, nationality_country

    @cached_property
    def collectives(self) -> dict[str, str]:
        """Lowercase form (singular or plural) -> collective kind."""
        return self._collectives[0]

    @cached_property
    def nationality_country(self) -> dict[str, str]:
        """Lowercase nationality form -> ISO alpha-2."""
        return self._collectives[1]

    @cached_property
    def facilities(self) -> dict[str, str]:
        """Lowercase facility noun (one or two words) -> place subtype."""
        return {k.lower(): v for k, v in self.facility_nouns.items()}

    @cached_property
    def facility_words(self) -> frozenset[str]:
        """The facility nouns (lowercase; one or two words)."""
        return frozenset(self.facilities)

    @cached_property
    def facility_alternatives(self) -> str:
        """The facility nouns as pattern alternatives, longest first."""
        return "|".join(re.escape(f) for f in sorted(self.facilities, key=len, reverse=True))

    def collective_kind(self, name: str) -> str | None:
        """The collective kind of a whole name ("the Kurds" -> "ethnic group"), or None."""
        words = name.split()
        if words and words[0].lower() == "the":
            words = words[1:]
        return self.collectives.get(" ".join(words).lower())

    def facility_suffix(self, name: str) -> tuple[str, str] | None:
        """(stem, subtype) when ``name`` ends with a facility noun ("X Air Base"), else None."""
        words = name.split()
        for size in (2, 1):
            if len(words) > size:
                tail = " ".join(words[-size:]).lower()
                if tail in self.facilities:
                    return " ".join(words[:-size]), self.facilities[tail]
        return None

    @cached_property
    def org_cues(self) -> tuple[OrgCues, ...]:
        """The organisation cues, in order of precedence."""
        return tuple(
            OrgCues(
                subtype=subtype,
                names=frozenset(
                    n if n.replace(".", "").isupper() else n.lower()
                    for n in self.org_subtypes[subtype].names
                ),
                words=_phrases([w.lower() for w in self.org_subtypes[subtype].words]),
                context=tuple(w.lower() for w in self.org_subtypes[subtype].context),
            )
            for subtype in self.org_subtype_order
        )


def plurals(word: str) -> list[str]:
    """The word and its plural ("Kurd" -> "Kurds"; "Sudanese" stays)."""
    if word.endswith(("ese", "ss", "sh", "ch", "s")):
        return [word]
    return [word, word + "s"]


def _phrases(words: list[str]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![\w]){'(?:' + alternatives + ')' if words else '(?!)'}(?![\w])")
