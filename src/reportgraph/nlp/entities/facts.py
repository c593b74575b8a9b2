"""Entity-level facts after merging: corrected type, subtype, place link; re-keyed ids.

:func:`describe_entity` gives an entity's subtype (organisation kind from cue words in its name
or sentences, facility kind, collective kind, gazetteer kind) and its place link
(:mod:`reportgraph.nlp.places.linking`). The type is corrected when the name itself says so: a
collective is a GROUP, a capitalised facility name ("X Air Base") a PLACE, and a person defined
by an acronym an organisation.

A corrected type changes an entity's id (ids are "<type>/<name key>"), and two entities of one
document may then share an id: they become one entity, their mentions, aliases and alias
evidence joined.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from reportgraph import ids
from reportgraph.models import Entity, EntityType, ExternalLinks
from reportgraph.nlp.entities.typing_lexicon import OrgCues, TypingLexicon
from reportgraph.nlp.places.linking import link_place, mentions_any

if TYPE_CHECKING:
    from reportgraph.nlp.lexicons import Lexicons

_PLACE_KIND_SUBTYPE = {
    "continent": "continent",
    "country": "country",
    "admin1": "first-level subdivision",
    "city": "populated place",
}


def describe_entities(
    entities: Sequence[Entity], lexicons: Lexicons
) -> tuple[list[Entity], list[int]]:
    """Entities with their facts filled in, and for each input entity its output index."""
    out: list[Entity] = []
    where: dict[str, int] = {}
    index_of: list[int] = []
    for e in entities:
        type_ = e.type
        if type_ == "PERSON" and any(ev.reason == "acronym" for ev in e.alias_evidence):
            type_ = "ORGANIZATION"  # people are not defined by acronyms; organisations are
        contexts = [m.sentence for m in e.mentions]
        facts = describe_entity(e.label, type_, e.aliases, contexts, lexicons)
        described = e.model_copy(
            update={
                "id": ids.entity_id(facts.type, e.label),
                "type": facts.type,
                "subtype": facts.subtype or e.subtype,
                "links": ExternalLinks(geonames=facts.geonames, wikidata=e.links.wikidata),
                "coordinates": facts.coordinates,
                "country": facts.country,
                "region": facts.region,
            }
        )
        if described.id in where:
            i = where[described.id]
            out[i] = _join(out[i], described)
        else:
            where[described.id] = len(out)
            out.append(described)
        index_of.append(where[described.id])
    return out, index_of


def _join(a: Entity, b: Entity) -> Entity:
    mentions = tuple(sorted({*a.mentions, *b.mentions}, key=lambda m: (m.start, m.end)))
    aliases = tuple(sorted(({*a.aliases, *b.aliases, b.label}) - {a.label}))
    return a.model_copy(
        update={
            "mentions": mentions,
            "aliases": aliases,
            "alias_evidence": (*a.alias_evidence, *b.alias_evidence),
            "subtype": a.subtype or b.subtype,
        }
    )


@dataclass(frozen=True)
class EntityFacts:
    type: EntityType
    subtype: str | None
    geonames: str | None
    coordinates: tuple[float, float] | None
    country: str | None
    region: str | None


def _org_subtype_in_name(names: Sequence[str], typing: TypingLexicon) -> str | None:
    for cues in typing.org_cues:
        for name in names:
            if name in cues.names or name.lower() in cues.names:
                return cues.subtype
    if any(re.match(r"U\.?N\.?\s", name) for name in names):
        return "international organization"
    for cues in typing.org_cues:
        if any(cues.words.search(name.lower()) for name in names):
            return cues.subtype
    return None


_TRAILING_ARTICLE = re.compile(r"(?:\b(?:the|a|an)\s*)$")


def _name_sides(names: Sequence[str], contexts: Sequence[str]) -> list[tuple[str, str]]:
    """(before, after) of every occurrence of a name in the contexts: up to 40 lowercase
    characters each side, without the article, possessive and separators next to the name."""
    sides: list[tuple[str, str]] = []
    for name in names:
        pattern = re.compile(re.escape(name))
        for context in contexts:
            lower = context.lower()
            for match in pattern.finditer(context):
                after = lower[match.end() : match.end() + 40].lstrip(" '’s-")
                before = lower[max(0, match.start() - 40) : match.start()].rstrip(" ,")
                before = _TRAILING_ARTICLE.sub("", before).rstrip(" ,")
                sides.append((before, after))
    return sides


def _context_score(cues: OrgCues, sides: Sequence[tuple[str, str]]) -> int:
    """How many name occurrences (see :func:`_name_sides`) have a context cue next to them."""
    bare = [cue.lstrip("-") for cue in cues.context]
    return sum(
        any(after.startswith(b) or before.endswith(b) for b in bare) for before, after in sides
    )


def _org_subtype(
    names: Sequence[str], contexts: Sequence[str], typing: TypingLexicon
) -> str | None:
    from_name = _org_subtype_in_name(names, typing)
    if from_name is not None:
        return from_name
    sides = _name_sides(names, contexts)
    scores = [(_context_score(c, sides), c.subtype) for c in typing.org_cues]
    best = max(scores, key=lambda s: s[0])
    return best[1] if best[0] > 0 else None


@lru_cache(maxsize=4096)
def _facility_after(name: str, nouns: str) -> re.Pattern[str]:
    """``name`` followed by a facility noun ("X air base"; ``nouns`` are the alternatives),
    compiled once per name."""
    return re.compile(rf"{re.escape(name)}['’]?s?[\s-]+({nouns})\b", re.IGNORECASE)


def _facility_in_context(
    names: Sequence[str], contexts: Sequence[str], typing: TypingLexicon
) -> str | None:
    facilities = typing.facilities
    contexts = [c for c in contexts if mentions_any(c, typing.facility_words)]
    if not contexts:
        return None  # no sentence has a facility noun
    for name in names:
        pattern = _facility_after(name, typing.facility_alternatives)
        for context in contexts:
            match = pattern.search(context)
            if match is not None:
                return facilities[match.group(1).lower()]
    return None


def _place_facts(
    label: str, aliases: Sequence[str], contexts: Sequence[str], lexicons: Lexicons
) -> EntityFacts:
    names = [label, *aliases]
    contexts = list(dict.fromkeys(contexts))  # a sentence with two mentions counts once
    typing, gaz = lexicons.typing, lexicons.places
    facility = typing.facility_suffix(label)
    subtype = facility[1] if facility is not None else _facility_in_context(names, contexts, typing)
    if facility is not None:
        stems = [facility[0], *(f[0] for a in aliases if (f := typing.facility_suffix(a)))]
        link = link_place(gaz, stems, contexts, typing)
        country = link.country if link is not None else None
        region = link.region if link is not None else None
        return EntityFacts("PLACE", subtype, None, None, country, region)
    link = link_place(gaz, names, contexts, typing)
    if link is None:
        return EntityFacts("PLACE", subtype, None, None, None, None)
    record = link.record
    if record is None or subtype is not None:
        return EntityFacts("PLACE", subtype, None, None, link.country, link.region)
    coordinates = (
        (record.latitude, record.longitude)
        if record.latitude is not None and record.longitude is not None
        else None
    )
    return EntityFacts(
        "PLACE",
        _PLACE_KIND_SUBTYPE.get(record.kind),
        record.geonames_id,
        coordinates,
        link.country,
        link.region,
    )


def describe_entity(
    label: str,
    type_: EntityType,
    aliases: Sequence[str],
    contexts: Sequence[str],
    lexicons: Lexicons,
) -> EntityFacts:
    """Subtype and place link of an entity; ``contexts`` are its mention sentences.

    The type is corrected when the name itself says so: a collective is a GROUP, a capitalised
    facility name ("X Air Base") a PLACE.
    """
    names = [label, *aliases]
    typing = lexicons.typing
    kind = next((k for n in names if (k := typing.collective_kind(n)) is not None), None)
    if type_ != "GROUP" and kind is not None:
        type_ = "GROUP"
    facility = typing.facility_suffix(label)
    if type_ in ("PERSON", "ORGANIZATION") and facility is not None and label.split()[-1].istitle():
        type_ = "PLACE"
    if type_ == "GROUP":
        return EntityFacts("GROUP", kind, None, None, None, None)
    if type_ == "ORGANIZATION":
        return EntityFacts(type_, _org_subtype(names, contexts, typing), None, None, None, None)
    if type_ == "PLACE":
        return _place_facts(label, aliases, contexts, lexicons)
    return EntityFacts(type_, None, None, None, None, None)
