"""What the event finder knows about mentions besides their type: descriptor links and how
specific each place is.

:class:`MentionFacts` is built once per document by extraction (:func:`mention_facts`) from the
entities of the mentions and the descriptors' links
(:mod:`reportgraph.nlp.entities.descriptors`). The finder uses it to

* add, for an **acting** role (agent, participant), the named entity a descriptor links to
  after the descriptor ("Boko Haram fighters attacked": the fighters, and Boko Haram acting
  through them). A victim or target stays the descriptor alone: "Hazara civilians were
  killed" names civilians, not the whole group.
* order an event's **places** most specific first (:func:`specificity`: a facility, then a town
  or an unknown place, then a first-level subdivision, then a country, then a continent), and,
  when the trigger's own place phrases give none, fall back to the sentence's places: the most
  specific ones, a country or continent only when nothing more specific is mentioned.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from reportgraph.models import Entity

_RANK = {
    "populated place": 1,
    "first-level subdivision": 2,
    "country": 3,
    "continent": 4,
}
UNKNOWN_RANK = 1  # a place the gazetteer does not know: most often a village or a district
COUNTRY_RANK = 3
ACTING_ROLES = frozenset({"agent", "participant"})


def specificity(entity: Entity, admin_suffixes: frozenset[str] = frozenset()) -> int:
    """0 for a facility (any other place subtype), 1 for a town or an unknown place, 2 for a
    first-level subdivision (or a name ending in an administrative word: "X Province"), 3 for a
    country, 4 for a continent."""
    if entity.subtype is None:
        last = entity.label.split()[-1].lower() if entity.label.split() else ""
        return 2 if last in admin_suffixes else UNKNOWN_RANK
    return _RANK.get(entity.subtype, 0)


@dataclass(frozen=True)
class MentionFacts:
    """Per mention of the document: the named mentions a descriptor links to, and a PLACE
    mention's specificity (lower is more specific)."""

    links: Mapping[int, tuple[int, ...]] = field(default_factory=dict)
    rank: Sequence[int] = ()

    def rank_of(self, m: int) -> int:
        return self.rank[m] if m < len(self.rank) else UNKNOWN_RANK

    def ordered(self, places: Sequence[int]) -> list[int]:
        """``places`` once each, most specific first (text order among equals)."""
        unique = list(dict.fromkeys(places))
        return sorted(unique, key=self.rank_of)

    def fallback(self, places: Sequence[int]) -> list[int]:
        """The sentence's ``places`` an event without place phrases gets: most specific first,
        countries and continents only when nothing more specific is there."""
        ordered = self.ordered(places)
        specific = [m for m in ordered if self.rank_of(m) < COUNTRY_RANK]
        return specific or ordered

    def linked(self) -> set[int]:
        """Every mention a descriptor links to ("Afghan" in "Afghan soldiers")."""
        return {m for found in self.links.values() for m in found}


def mention_facts(
    entity_of: Sequence[Entity],
    links: Mapping[int, tuple[int, ...]],
    admin_suffixes: frozenset[str] = frozenset(),
) -> MentionFacts:
    """The facts of every mention: its descriptor links, and each PLACE's specificity."""
    rank = [
        specificity(e, admin_suffixes) if e.type == "PLACE" else UNKNOWN_RANK for e in entity_of
    ]
    return MentionFacts(links=dict(links), rank=rank)
