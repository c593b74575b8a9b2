"""Place specificity and the sentence-place fallback of the event finder, on hand-made entities."""

from __future__ import annotations

from reportgraph.models import Entity, Mention
from reportgraph.nlp.events.participants import MentionFacts, mention_facts, specificity


def place(label: str, subtype: str | None) -> Entity:
    mention = Mention(
        doc_id="d",
        start=0,
        end=len(label),
        text=label,
        sentence_start=0,
        sentence_end=len(label),
        sentence=label,
    )
    return Entity(
        id=f"place/{label}", label=label, type="PLACE", subtype=subtype, mentions=(mention,)
    )


def test_specificity_orders_facility_town_region_country() -> None:
    ranks = [
        specificity(place("Kidal Airport", "airport")),
        specificity(place("Gao", "populated place")),
        specificity(place("Tessit", None)),
        specificity(place("Mopti Region", None), frozenset({"region"})),
        specificity(place("Sagaing", "first-level subdivision")),
        specificity(place("Mali", "country")),
        specificity(place("Africa", "continent")),
    ]
    assert ranks == [0, 1, 1, 2, 2, 3, 4]


def test_places_are_ordered_most_specific_first() -> None:
    entities = [place("Mali", "country"), place("Gao", "populated place"), place("x", "checkpoint")]
    facts = mention_facts(entities, {})
    assert facts.ordered([0, 1, 2, 1]) == [2, 1, 0]


def test_fallback_drops_a_country_when_something_more_specific_is_there() -> None:
    entities = [place("Myanmar", "country"), place("Mandalay", "populated place")]
    facts = mention_facts(entities, {})
    assert facts.fallback([0, 1]) == [1]
    assert facts.fallback([0]) == [0]  # a country alone is kept


def test_without_facts_places_keep_text_order() -> None:
    assert MentionFacts().ordered([3, 1, 2]) == [3, 1, 2]
