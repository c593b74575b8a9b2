"""The cue words of entity typing, read once from ``reportgraph/data/nlp_typing.json``.

Collectives (nationalities, religious and ethnic groups) are matched on the whole name, singular
or plural; plurals are derived (+s, or unchanged after -ese/-ss/-sh/-ch). Facility nouns map to
a place subtype ("air base" -> "airbase"). Organisation cues are words or phrases found in a
name, or next to it in a sentence, per subtype.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from reportgraph.resources import data_file

NATIONALITY = "nationality"
RELIGIOUS = "religious group"
ETHNIC = "ethnic group"


@dataclass(frozen=True)
class OrgCues:
    subtype: str
    names: frozenset[str]  # exact names (case kept for all-capital acronyms)
    words: re.Pattern[str]  # cue words inside a name (lowercase)
    context: tuple[str, ...]  # cue words next to a name in a sentence (lowercase)


@dataclass(frozen=True)
class TypingLexicon:
    collectives: dict[str, str]  # lowercase form (singular or plural) -> collective kind
    nationality_country: dict[str, str]  # lowercase nationality form -> ISO alpha-2
    collective_nouns: frozenset[str]
    plural_suffixes: tuple[str, ...]
    place_cues_before: frozenset[str]
    weak_place_cues: frozenset[str]  # place cues that also take people ("loyal to X")
    place_nouns_of: frozenset[str]
    place_nouns_after: frozenset[str]
    admin_suffixes: frozenset[str]
    common_admin_words: frozenset[str]
    facilities: dict[str, str]  # lowercase facility noun (one or two words) -> subtype
    org_cues: tuple[OrgCues, ...]  # in order of precedence


def plurals(word: str) -> list[str]:
    """The word and its plural ("Kurd" -> "Kurds"; "Sudanese" stays)."""
    if word.endswith(("ese", "ss", "sh", "ch", "s")):
        return [word]
    return [word, word + "s"]


def _phrases(words: list[str]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![\w]){'(?:' + alternatives + ')' if words else '(?!)'}(?![\w])")


def _org_cues(raw: dict[str, Any], order: list[str]) -> tuple[OrgCues, ...]:
    cues = []
    for subtype in order:
        spec = raw[subtype]
        cues.append(
            OrgCues(
                subtype=subtype,
                names=frozenset(
                    n if n.replace(".", "").isupper() else n.lower() for n in spec["names"]
                ),
                words=_phrases([str(w).lower() for w in spec["words"]]),
                context=tuple(str(w).lower() for w in spec["context"]),
            )
        )
    return tuple(cues)


@cache
def typing_lexicon() -> TypingLexicon:
    """The typing cues (cached: read once per process)."""
    raw = json.loads(data_file("nlp_typing.json").read_text(encoding="utf-8"))
    collectives: dict[str, str] = {}
    nationality_country: dict[str, str] = {}
    for code, forms in sorted(raw["nationalities"].items()):
        for form in forms:
            for word in plurals(form):
                collectives.setdefault(word.lower(), NATIONALITY)
                nationality_country.setdefault(word.lower(), code)
    for field, kind in (("religious_groups", RELIGIOUS), ("ethnic_groups", ETHNIC)):
        for form in raw[field]:
            for word in plurals(form):
                collectives.setdefault(word.lower(), kind)

    def words(field: str) -> frozenset[str]:
        return frozenset(str(w).lower() for w in raw[field])

    return TypingLexicon(
        collectives=collectives,
        nationality_country=nationality_country,
        collective_nouns=words("collective_nouns"),
        plural_suffixes=tuple(str(s) for s in raw["demonym_plural_suffixes"]),
        place_cues_before=words("place_cues_before"),
        weak_place_cues=words("weak_place_cues"),
        place_nouns_of=words("place_nouns_of"),
        place_nouns_after=words("place_nouns_after"),
        admin_suffixes=words("admin_suffixes"),
        common_admin_words=words("common_admin_words"),
        facilities={str(k).lower(): str(v) for k, v in raw["facility_nouns"].items()},
        org_cues=_org_cues(raw["org_subtypes"], list(raw["org_subtype_order"])),
    )


def collective_kind(name: str) -> str | None:
    """The collective kind of a whole name ("the Kurds" -> "ethnic group"), or None."""
    words = name.split()
    if words and words[0].lower() == "the":
        words = words[1:]
    return typing_lexicon().collectives.get(" ".join(words).lower())


def facility_suffix(name: str) -> tuple[str, str] | None:
    """(stem, subtype) when ``name`` ends with a facility noun ("X Air Base"), else None."""
    words = name.split()
    facilities = typing_lexicon().facilities
    for size in (2, 1):
        if len(words) > size:
            tail = " ".join(words[-size:]).lower()
            if tail in facilities:
                return " ".join(words[:-size]), facilities[tail]
    return None
