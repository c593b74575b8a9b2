"""Entity-level facts after merging: corrected type, subtype, place link; re-keyed ids.

A corrected type changes an entity's id (ids are "<type>/<name key>"), and two entities of one
document may then share an id: they become one entity, their mentions, aliases and alias
evidence joined.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportgraph import ids
from reportgraph.models import Entity, ExternalLinks
from reportgraph.nlp.entities.retyping import describe_entity


def describe_entities(entities: Sequence[Entity]) -> tuple[list[Entity], list[int]]:
    """Entities with their facts filled in, and for each input entity its output index."""
    out: list[Entity] = []
    where: dict[str, int] = {}
    index_of: list[int] = []
    for e in entities:
        type_ = e.type
        if type_ == "PERSON" and any(ev.reason == "acronym" for ev in e.alias_evidence):
            type_ = "ORGANIZATION"  # people are not defined by acronyms; organisations are
        facts = describe_entity(e.label, type_, e.aliases, [m.sentence for m in e.mentions])
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
