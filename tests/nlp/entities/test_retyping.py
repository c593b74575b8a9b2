"""Typing fixes, missed places, subtypes and place links (reportgraph.nlp.entities.retyping).

The NER input is given by hand (RawMention lists) so that each rule is tested on its own; the
parse comes from the real pipeline. Sentences are made up, about other regions.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import pytest
from spacy.language import Language

from reportgraph.ingest import read_text
from reportgraph.models import EntityType
from reportgraph.nlp.entities.facts import describe_entity
from reportgraph.nlp.entities.mentions import RawMention
from reportgraph.nlp.entities.retyping import refine_mentions
from reportgraph.nlp.lexicons import Lexicons
from reportgraph.nlp.places.gazetteer import Gazetteer, PlaceRecord
from reportgraph.nlp.places.linking import link_place
from reportgraph.nlp.sentences import split_sentences


def refine(
    nlp: Language, lexicons: Lexicons, text: str, given: Sequence[tuple[str, EntityType]]
) -> list[tuple[str, str]]:
    document = read_text(text, path="t.txt")
    doc = nlp(document.text)
    sentences, token_sentence = split_sentences(document, doc)
    raws = []
    for name, etype in given:
        start = document.text.index(name)
        index = next(i for i, s in enumerate(sentences) if s.start <= start < s.end)
        raws.append(RawMention(start, start + len(name), name, etype, index))
    out = refine_mentions(document, doc, sentences, token_sentence, raws, lexicons)
    for a, b in itertools.pairwise(out):
        assert a.end <= b.start  # text order, no overlap
    for raw in out:
        assert document.text[raw.start : raw.end] == raw.text
        sentence = sentences[raw.sentence]
        assert sentence.start <= raw.start < raw.end <= sentence.end
    return [(r.text, r.type) for r in out]


def test_wrong_type_with_place_cue_becomes_place(nlp: Language, lexicons: Lexicons) -> None:
    text = "Shelling continued in Kharkiv overnight, officials said."
    assert refine(nlp, lexicons, text, [("Kharkiv", "PERSON")]) == [("Kharkiv", "PLACE")]
    text = "Fighting spread to the outskirts of Moundou."
    assert refine(nlp, lexicons, text, [("Moundou", "ORGANIZATION")]) == [("Moundou", "PLACE")]


def test_same_name_typed_place_elsewhere_in_the_document(nlp: Language, lexicons: Lexicons) -> None:
    text = "Protesters gathered in Gyumri. Gyumri announced a curfew."
    got = refine(nlp, lexicons, text, [("Gyumri", "PLACE"), ("Gyumri announced", "ORGANIZATION")])
    assert got[0] == ("Gyumri", "PLACE")
    text = "Protesters gathered in Gyumri. Later Gyumri stayed calm."
    got = refine(nlp, lexicons, text, [("Gyumri", "PLACE"), ("Gyumri stayed", "PERSON")])
    assert ("Gyumri stayed", "PERSON") in got  # not a gazetteer name: left alone


def test_person_named_like_a_town_stays_a_person(nlp: Language, lexicons: Lexicons) -> None:
    assert lexicons.places.best("Evans") is not None  # a town name too
    text = "Evans told the committee that the talks had failed."
    assert refine(nlp, lexicons, text, [("Evans", "PERSON")]) == [("Evans", "PERSON")]
    text = "The envoy handed the letter to Springfield on Monday."
    assert refine(nlp, lexicons, text, [("Springfield", "PERSON")]) == [("Springfield", "PERSON")]


def test_missed_places_with_a_cue_are_added(nlp: Language, lexicons: Lexicons) -> None:
    text = "Aid convoys reached the outskirts of Bossangoa on Friday."
    assert ("Bossangoa", "PLACE") in refine(nlp, lexicons, text, [])
    text = "Two clinics closed in Gjilan after the storm."
    assert ("Gjilan", "PLACE") in refine(nlp, lexicons, text, [])


def test_missed_country_or_subdivision_needs_no_cue(nlp: Language, lexicons: Lexicons) -> None:
    text = "Officials said Borno remains tense after the raids."
    assert ("Borno", "PLACE") in refine(nlp, lexicons, text, [])


def test_no_place_added_for_a_town_name_without_a_cue(nlp: Language, lexicons: Lexicons) -> None:
    text = "Reporters asked Springfield about the ceasefire."
    assert refine(nlp, lexicons, text, []) == []
    text = "Heavy rain fell in March across the valley."
    assert refine(nlp, lexicons, text, []) == []  # a month, though a town of that name exists


def test_collectives_become_group(nlp: Language, lexicons: Lexicons) -> None:
    text = "The Rohingya fled across the river while Hazaras stayed."
    got = refine(nlp, lexicons, text, [("Rohingya", "PERSON"), ("Hazaras", "PLACE")])
    assert got == [("Rohingya", "GROUP"), ("Hazaras", "GROUP")]


def test_plural_demonyms_by_morphology(nlp: Language, lexicons: Lexicons) -> None:
    text = "Veloran fighters attacked at dawn. By noon the Velorans had retreated."
    assert refine(nlp, lexicons, text, [("Velorans", "PERSON")]) == [("Velorans", "GROUP")]
    text = "Villagers said the Zandarites were blamed for the raid."
    assert refine(nlp, lexicons, text, [("Zandarites", "ORGANIZATION")]) == [
        ("Zandarites", "GROUP")
    ]
    text = "Relatives said Evans was released on bail."
    assert refine(nlp, lexicons, text, [("Evans", "PERSON")]) == [("Evans", "PERSON")]


def test_community_context_makes_group(nlp: Language, lexicons: Lexicons) -> None:
    text = "Leaders of the Kalashi community asked for protection."
    assert refine(nlp, lexicons, text, [("Kalashi", "ORGANIZATION")]) == [("Kalashi", "GROUP")]


def test_capitalised_facility_noun_joins_the_mention(nlp: Language, lexicons: Lexicons) -> None:
    text = "Troops withdrew from Tarvana Air Base on Tuesday."
    assert refine(nlp, lexicons, text, [("Tarvana", "PERSON")]) == [("Tarvana Air Base", "PLACE")]


def test_lowercase_facility_noun_types_place_only(nlp: Language, lexicons: Lexicons) -> None:
    text = "Drones struck the Vaziani airbase before dawn."
    assert refine(nlp, lexicons, text, [("Vaziani", "PERSON")]) == [("Vaziani", "PLACE")]
    facts = describe_entity("Vaziani", "PLACE", [], [text], lexicons)
    assert facts.subtype == "airbase" and facts.geonames is None


def test_nationality_before_facility_noun_stays_group(nlp: Language, lexicons: Lexicons) -> None:
    text = "Families sought shelter at the Turkish base near the border."
    assert refine(nlp, lexicons, text, [("Turkish", "GROUP")]) == [("Turkish", "GROUP")]


@pytest.mark.parametrize(
    ("label", "contexts", "subtype"),
    [
        ("Ministry of Interior", [], "government body"),
        ("National Police", [], "military or security force"),
        ("Radio Okapi", [], "media outlet"),
        ("Human Rights Watch", [], "monitor/NGO"),
        ("Sahel Observatory for Civilian Protection", [], "monitor/NGO"),
        ("African Union", [], "international organization"),
        ("UN", [], "international organization"),
        ("Mai-Tembo Brigade", [], "armed group"),
        ("National Liberation Front of Velor", [], "armed group"),
        ("Zorvan", ["Zorvan-led fighters seized the pass."], "armed group"),
        ("Kavuna", ["The Kavuna news agency reported heavy losses."], "media outlet"),
        ("Orsk Relief", ["Orsk Relief, an aid agency, sent trucks."], "monitor/NGO"),
        ("Kestrel", ["Kestrel troops were deployed to the border."], "military or security force"),
    ],
)
def test_organisation_subtypes(
    lexicons: Lexicons, label: str, contexts: list[str], subtype: str
) -> None:
    facts = describe_entity(label, "ORGANIZATION", [], contexts, lexicons)
    assert (facts.type, facts.subtype) == ("ORGANIZATION", subtype)


def test_organisation_without_cue_has_no_subtype(lexicons: Lexicons) -> None:
    facts = describe_entity(
        "Brightwater", "ORGANIZATION", [], ["Brightwater said nothing."], lexicons
    )
    assert facts.subtype is None


def test_group_and_type_fixes_in_describe(lexicons: Lexicons) -> None:
    assert describe_entity("Druze", "PERSON", [], [], lexicons).type == "GROUP"
    assert describe_entity("Uyghurs", "PLACE", [], [], lexicons).subtype == "ethnic group"
    facts = describe_entity("Tarvana Air Base", "ORGANIZATION", [], [], lexicons)
    assert (facts.type, facts.subtype) == ("PLACE", "airbase")


def test_unambiguous_place_is_linked(lexicons: Lexicons) -> None:
    facts = describe_entity("Tbilisi", "PLACE", [], ["Protests filled Tbilisi."], lexicons)
    assert facts.geonames is not None and facts.coordinates is not None
    assert facts.country == "GE"
    bossangoa = describe_entity("Bossangoa", "PLACE", [], ["Clashes near Bossangoa."], lexicons)
    assert bossangoa.country == "CF" and bossangoa.geonames is not None


def test_country_link(lexicons: Lexicons) -> None:
    facts = describe_entity("Chad", "PLACE", [], ["Refugees crossed into Chad."], lexicons)
    assert (facts.subtype, facts.country) == ("country", "TD") and facts.geonames is not None


def test_ambiguous_place_is_not_linked(lexicons: Lexicons) -> None:
    facts = describe_entity("Tripoli", "PLACE", [], ["Flights to Tripoli resumed."], lexicons)
    assert facts.geonames is None and facts.coordinates is None
    lebanon = describe_entity(
        "Tripoli", "PLACE", [], ["Flights to Tripoli in Lebanon resumed."], lexicons
    )
    assert lebanon.country == "LB" and lebanon.geonames is not None
    libyan = describe_entity("Tripoli", "PLACE", [], ["Libyan forces entered Tripoli."], lexicons)
    assert libyan.country == "LY"


def test_ambiguous_within_one_country_keeps_the_country(lexicons: Lexicons) -> None:
    facts = describe_entity("Springfield", "PLACE", [], ["Floods hit Springfield."], lexicons)
    assert facts.geonames is None  # several towns of similar size
    gaz = Gazetteer()
    for number, population in (("1", 50000), ("2", 42000)):
        record = PlaceRecord(number, "Ostrava Nova", "city", 1.0, 2.0, "VV", "North", population)
        gaz.add(record, ["Ostrava Nova"])
    link = link_place(gaz, ["Ostrava Nova"], [], lexicons.typing)
    assert link is not None and (link.record, link.country, link.region) == (None, "VV", "North")
    gaz.add(PlaceRecord("3", "Ostrava Nova", "city", 1.0, 2.0, "WW", None, 1000), ["Ostrava Nova"])
    assert link_place(gaz, ["Ostrava Nova"], [], lexicons.typing) is None
    record = link_place(gaz, ["Ostrava Nova"], ["Ostrava Nova, a town in Veloria"], lexicons.typing)
    assert record is None  # a country gaz does not know is no hint


def test_facility_gets_country_but_no_coordinates(lexicons: Lexicons) -> None:
    facts = describe_entity(
        "Gyumri Airport", "PLACE", [], ["Planes left Gyumri Airport."], lexicons
    )
    assert (facts.subtype, facts.country, facts.coordinates) == ("airport", "AM", None)


def test_unknown_place_has_no_link(lexicons: Lexicons) -> None:
    facts = describe_entity("Qarvondeh", "PLACE", [], ["Shells fell on Qarvondeh."], lexicons)
    assert (facts.geonames, facts.country) == (None, None)


def test_a_persons_surname_before_an_eponym_noun_is_a_person(
    nlp: Language, lexicons: Lexicons
) -> None:
    """ "the X regime" names the person X when the document names a person X (spellings of a
    romanised name folded); NER's organisation stays one otherwise."""
    text = "Abu Hamza al-Qurashi spoke on Friday. Later the Qorashi regime called for calm."
    got = refine(
        nlp, lexicons, text, [("Abu Hamza al-Qurashi", "PERSON"), ("Qorashi", "ORGANIZATION")]
    )
    assert ("Qorashi", "PERSON") in got
    text = "Velasco loyalists blocked the roads. President Ana Velasco had resigned."
    got = refine(nlp, lexicons, text, [("Ana Velasco", "PERSON"), ("Velasco", "ORGANIZATION")])
    assert ("Velasco", "PERSON") in got


@pytest.mark.parametrize(
    ("text", "given"),
    [
        # no person of that name: a party or a movement governs
        ("The Tamarod government banned the march.", [("Tamarod", "ORGANIZATION")]),
        # a person of that name, but no eponym noun: the company stays a company
        (
            "Henry Dalgaard founded the firm. Dalgaard said sales rose.",
            [("Henry Dalgaard", "PERSON"), ("Dalgaard said", "ORGANIZATION")],
        ),
    ],
)
def test_an_organisation_is_no_eponym_without_both_signs(
    nlp: Language, lexicons: Lexicons, text: str, given: list[tuple[str, EntityType]]
) -> None:
    got = refine(nlp, lexicons, text, given)
    assert (given[-1][0], "ORGANIZATION") in got
