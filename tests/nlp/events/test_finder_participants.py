"""Who did what to whom: event roles with descriptors, through the whole extraction, on short
invented sentences (the finder's own tests, without descriptors, are in test_finder.py)."""

from __future__ import annotations

from spacy.language import Language

from factories import extracted
from reportgraph.models import Claim, DocumentExtraction
from reportgraph.nlp.lexicons import Lexicons

Roles = list[tuple[str, str]]


def run(nlp: Language, lexicons: Lexicons, text: str) -> DocumentExtraction:
    return extracted(nlp, lexicons, text, None)


def event(ex: DocumentExtraction, kind: str) -> tuple[Claim, Roles, list[str]]:
    found = [c for c in ex.claims if c.kind == "event" and c.predicate == kind]
    assert len(found) == 1, [c.predicate for c in ex.claims]
    label = {e.id: e.label for e in ex.entities}
    claim = found[0]
    assert claim.event is not None
    roles = [(p.role, label[p.entity_id]) for p in claim.event.participants]
    return claim, roles, [label[p] for p in claim.event.places]


def test_active_clause_with_unnamed_agent_and_victims(nlp: Language, lexicons: Lexicons) -> None:
    ex = run(nlp, lexicons, "Soldiers shot dead three protesters in Mandalay on Friday.")
    claim, roles, places = event(ex, "killing")
    assert roles == [("agent", "Soldiers"), ("victim", "protesters")]
    assert places == ["Mandalay"]
    assert claim.event is not None and [q.text for q in claim.event.quantities] == [
        "three protesters"
    ]


def test_passive_clause_and_facility_before_region(nlp: Language, lexicons: Lexicons) -> None:
    text = "Two police officers were killed by gunmen near a checkpoint in Zamfara."
    _, roles, places = event(run(nlp, lexicons, text), "killing")
    assert roles == [("victim", "police officers"), ("agent", "gunmen")]
    assert places == ["checkpoint", "Zamfara"]


def test_possessive_attack_on_an_unnamed_base(nlp: Language, lexicons: Lexicons) -> None:
    ex = run(nlp, lexicons, "The rebels' attack on the army base in Kidal was repelled.")
    _, roles, places = event(ex, "attack")
    assert roles == [("agent", "rebels"), ("target", "army base")]
    assert places == ["Kidal"]


def test_nominal_killing_of_x_by_y(nlp: Language, lexicons: Lexicons) -> None:
    ex = run(nlp, lexicons, "The killing of a journalist by cartel members was condemned.")
    _, roles, _ = event(ex, "killing")
    assert roles == [("victim", "journalist"), ("agent", "cartel members")]


def test_counted_group_is_the_victim_and_the_figure_joins_the_event(
    nlp: Language, lexicons: Lexicons
) -> None:
    ex = run(nlp, lexicons, "Militants killed more than 40 members of the national guard.")
    claim, roles, _ = event(ex, "killing")
    assert roles == [("agent", "Militants"), ("victim", "members of the national guard")]
    assert claim.event is not None
    assert [q.value for q in claim.event.quantities] == [40.0]
    figures = [c for c in ex.claims if c.kind == "figure"]
    assert [f.quantity.value for f in figures if f.quantity] == [40.0]  # the figure stays


def test_shooting_at_unnamed_soldiers_is_an_attack(nlp: Language, lexicons: Lexicons) -> None:
    _, roles, places = event(run(nlp, lexicons, "Two gunmen shot at soldiers in Cauca."), "attack")
    assert roles == [("agent", "gunmen"), ("target", "soldiers")]
    assert places == ["Cauca"]


def test_coordinated_victims(nlp: Language, lexicons: Lexicons) -> None:
    text = "Junta troops killed teachers and students in Sagaing."
    _, roles, _ = event(run(nlp, lexicons, text), "killing")
    assert ("victim", "teachers") in roles and ("victim", "students") in roles


def test_a_named_apposition_wins_over_the_descriptor(nlp: Language, lexicons: Lexicons) -> None:
    text = "Gunmen killed a journalist, Maria Ortega, in Culiacan."
    _, roles, _ = event(run(nlp, lexicons, text), "killing")
    assert ("victim", "Maria Ortega") in roles
    assert ("victim", "journalist") not in roles


def test_acting_descriptor_brings_the_named_group(nlp: Language, lexicons: Lexicons) -> None:
    text = "Boko Haram fighters killed 30 villagers in Borno."
    _, roles, _ = event(run(nlp, lexicons, text), "killing")
    assert roles == [
        ("agent", "Boko Haram fighters"),
        ("agent", "Boko Haram"),
        ("victim", "villagers"),
    ]


def test_sentence_places_are_the_fallback_most_specific_first(
    nlp: Language, lexicons: Lexicons
) -> None:
    text = "In Mandalay, Myanmar, soldiers arrested two students."
    _, _, places = event(run(nlp, lexicons, text), "abduction")
    assert places == ["Mandalay"]


def test_no_event_and_no_participant_where_there_is_none(nlp: Language, lexicons: Lexicons) -> None:
    ex = run(nlp, lexicons, "Workers at the car factory in Puebla will strike if talks fail.")
    assert not [c for c in ex.claims if c.kind == "event"]
    assert not [e for e in ex.entities if e.subtype == "descriptor"]
    ex = run(nlp, lexicons, "The court in Bogota heard the case of the two soldiers on Monday.")
    assert not [c for c in ex.claims if c.kind == "event"]


def test_a_negated_killing_has_no_event(nlp: Language, lexicons: Lexicons) -> None:
    ex = run(nlp, lexicons, "The soldiers did not kill the villagers in Ituri.")
    assert not [c for c in ex.claims if c.kind == "event"]
