"""Link a place name to one gazetteer record, or to none when the name is ambiguous.

Candidates are the gazetteer records of the label and aliases. Main-name matches win over
alternate-name matches. A subdivision cue in the sentences ("X Governorate", "province of X")
keeps subdivisions; a city cue ("city of X") keeps cities. Candidates in a country the sentences
name (a country name or a nationality word) are preferred. A subdivision and its namesake seat
city (same country, the city lies in it) count as one place: the city is linked (it has a
GeoNames id and coordinates) unless a subdivision cue is present. What remains must be one
country, one subdivision, or a city at least :data:`MARGIN` times more populous than the next;
otherwise nothing is linked, except the country (and region) that all candidates share.
A name found only among alternate spellings is linked only when its country is named nearby.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from reportgraph.nlp.entities.typing_lexicon import TypingLexicon
from reportgraph.nlp.places.gazetteer import Gazetteer, PlaceMatch, PlaceRecord

MARGIN = 10.0
_RANK = {"continent": 0, "country": 1, "admin1": 2, "city": 3}
_CAPITALISED_RUN = re.compile(r"[A-Z][\w'’.-]*(?:\s+(?:of\s+|the\s+)?[A-Z][\w'’.-]*){0,3}")


@dataclass(frozen=True)
class PlaceLink:
    record: PlaceRecord | None  # the linked record (None: only country/region are known)
    country: str | None
    region: str | None


def context_countries(
    gaz: Gazetteer, contexts: Sequence[str], exclude: set[str], typing: TypingLexicon
) -> set[str]:
    """ISO codes of the countries the sentences name (country names, nationality words)."""
    nationality = typing.nationality_country
    found: set[str] = set()
    for context in contexts:
        for run in _CAPITALISED_RUN.findall(context):
            words = run.split()
            for size in range(len(words), 0, -1):
                for i in range(len(words) - size + 1):
                    phrase = " ".join(words[i : i + size]).rstrip(".,'’s")
                    if phrase.lower() in nationality:
                        found.add(nationality[phrase.lower()])
                    elif phrase not in exclude:
                        for match in gaz.matches(phrase):
                            if match.primary and match.record.kind == "country":
                                found.add(match.record.country or "")
    found.discard("")
    return found


_ASCII_CASE_PARTNERS = ("\u0130", "\u0131", "\u017f", "\u212a")  # İ ı ſ and the Kelvin sign


@lru_cache(maxsize=8192)
def mentions_any(context: str, words: frozenset[str]) -> bool:
    """Whether one of ``words`` occurs in ``context`` ignoring case (as ``re.IGNORECASE``
    matches it): a quick test before a pattern that needs one of them next to a name (cached:
    the same sentences are the contexts of many names).

    Ignoring case, an ASCII letter matches only ASCII letters and the characters of
    :data:`_ASCII_CASE_PARTNERS`; without those, ASCII words occur in ``context`` ignoring case
    exactly where their lowercase forms occur in ``context.lower()``.
    """
    if not words:
        return False
    if all(w.isascii() for w in words) and (
        context.isascii() or not any(ch in context for ch in _ASCII_CASE_PARTNERS)
    ):
        lowered = context.lower()
        return any(w.lower() in lowered for w in words)
    pattern = "|".join(re.escape(w) for w in sorted(words))
    return re.search(pattern, context, re.IGNORECASE) is not None


@cache
def _cue_nouns(admin_suffixes: frozenset[str]) -> tuple[frozenset[str], frozenset[str]]:
    """The subdivision cue nouns and the city cue nouns."""
    admin = admin_suffixes | {"region", "state"}
    return admin, frozenset({"city", "town", "village"})


@lru_cache(maxsize=4096)
def _cue_pattern(name: str, nouns: frozenset[str]) -> re.Pattern[str]:
    """``name`` followed by one of the cue nouns, or preceded by "<noun> of" (any case)."""
    escaped = re.escape(name)
    alternatives = "|".join(re.escape(n) for n in sorted(nouns))
    return re.compile(
        rf"{escaped}[\s-]+(?:{alternatives})\b|\b(?:{alternatives})\s+of\s+{escaped}",
        re.IGNORECASE,
    )


def _has_cue(names: Sequence[str], contexts: Sequence[str], nouns: frozenset[str]) -> bool:
    """Whether a context has a name with one of the cue ``nouns`` next to it."""
    contexts = [c for c in contexts if mentions_any(c, nouns)]
    if not contexts:
        return False  # no sentence has a cue noun
    for name in names:
        pattern = _cue_pattern(name, nouns)
        if any(pattern.search(c) for c in contexts):
            return True
    return False


def _merge(found: list[PlaceMatch]) -> list[PlaceMatch]:
    best: dict[int, PlaceMatch] = {}
    for match in found:
        old = best.get(id(match.record))
        if old is None or (match.primary and not old.primary):
            best[id(match.record)] = match
    return list(best.values())


def _shared(pool: list[PlaceRecord]) -> PlaceLink | None:
    countries = {r.country for r in pool}
    if len(countries) != 1:
        return None
    regions = {r.region for r in pool}
    return PlaceLink(None, pool[0].country, regions.pop() if len(regions) == 1 else None)


def link_place(
    gaz: Gazetteer, names: Sequence[str], contexts: Sequence[str], typing: TypingLexicon
) -> PlaceLink | None:
    """The place ``names`` (label first, then aliases) refer to, when it is unambiguous."""
    found = _merge([m for name in names for m in gaz.matches(name)])
    if not found:
        return None
    primary = [m.record for m in found if m.primary]
    pool = primary or [m.record for m in found]
    countries = context_countries(gaz, contexts, set(names), typing)
    if not primary and not any(r.country in countries for r in pool):
        return None  # alternate spellings only, and no sentence names their country
    admin_nouns, city_nouns = _cue_nouns(typing.admin_suffixes)
    admin_cue = _has_cue(names, contexts, admin_nouns)
    city_cue = _has_cue(names, contexts, city_nouns)
    if admin_cue and any(r.kind == "admin1" for r in pool):
        pool = [r for r in pool if r.kind == "admin1"]
    elif city_cue and any(r.kind == "city" for r in pool):
        pool = [r for r in pool if r.kind == "city"]
    if any(r.country in countries for r in pool):
        pool = [r for r in pool if r.country in countries]
    if not admin_cue:
        pool = [r for r in pool if not (r.kind == "admin1" and _has_seat(r, pool))]
    ranked = sorted(pool, key=lambda r: (_RANK.get(r.kind, 4), -r.population))
    top = ranked[0]
    if len(ranked) == 1:
        return PlaceLink(top, top.country, top.region)
    second = ranked[1]
    if top.kind in ("continent", "country") and second.kind != top.kind:
        return PlaceLink(top, top.country, top.region)
    if top.kind == "city" and top.population >= MARGIN * max(second.population, 1):
        return PlaceLink(top, top.country, top.region)
    return _shared(pool)


def _has_seat(admin: PlaceRecord, pool: list[PlaceRecord]) -> bool:
    """Whether ``pool`` holds a city of the same name that may be ``admin``'s seat: same
    country, and in ``admin`` or in an unknown subdivision."""
    return any(
        r.kind == "city" and r.country == admin.country and r.region in (admin.name, None)
        for r in pool
    )
