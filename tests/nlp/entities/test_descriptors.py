"""Descriptors on short invented sentences: spans, ids per document, singular vs plural, links
and their claims, and which descriptors extraction keeps."""

from __future__ import annotations

import pytest
from spacy.language import Language

from factories import extracted
from reportgraph.data_files import validate
from reportgraph.errors import ModelError
from reportgraph.models import DocumentExtraction, Entity
from reportgraph.nlp.entities.descriptors import DescriptorLexicon, descriptor_id
from reportgraph.nlp.lexicons import Lexicons


def run(nlp: Language, lexicons: Lexicons, text: str) -> DocumentExtraction:
    return extracted(nlp, lexicons, text, None)


def descriptors(ex: DocumentExtraction) -> list[Entity]:
    return [e for e in ex.entities if e.subtype == "descriptor"]


def links(ex: DocumentExtraction) -> list[tuple[str, str, str]]:
    label = {e.id: e.label for e in ex.entities}
    return [
        (label[c.subject or ""], c.predicate, label[c.object or ""])
        for c in ex.claims
        if c.kind == "relation" and c.subject in {e.id for e in descriptors(ex)}
    ]


def test_descriptor_spans_are_grounded_and_leave_out_the_figure(
    nlp: Language, lexicons: Lexicons
) -> None:
    ex = run(nlp, lexicons, "Militants killed more than 40 members of the national guard.")
    found = {e.label: e for e in descriptors(ex)}
    assert set(found) == {"Militants", "members of the national guard"}
    for e in found.values():
        for m in e.mentions:
            assert ex.document.text[m.start : m.end] == m.text
        assert e.type == "GROUP"
        assert e.id.startswith(f"group/descriptor/{ex.document.id}/")


def test_a_modifier_that_names_a_group_links_the_descriptor(
    nlp: Language, lexicons: Lexicons
) -> None:
    ex = run(nlp, lexicons, "Kenyan police officers arrested two Somali traders in Mombasa.")
    assert ("Kenyan police officers", "member_of", "Kenyan") in links(ex)
    link = next(c for c in ex.claims if c.predicate == "member_of")
    assert link.evidence.start == 0 and link.source.kind == "publication"
    assert {m.text for m in link.mentions} == {"Kenyan police officers", "Kenyan"}


def test_a_place_in_a_from_phrase_links_with_from(nlp: Language, lexicons: Lexicons) -> None:
    ex = run(nlp, lexicons, "Soldiers from Chad attacked a convoy near Gao on Sunday.")
    assert ("Soldiers from Chad", "from", "Chad") in links(ex)


def test_plural_descriptors_of_one_document_are_one_group(
    nlp: Language, lexicons: Lexicons
) -> None:
    text = "Gunmen killed five farmers in Zamfara. Residents said the gunmen fled on motorbikes."
    ex = run(nlp, lexicons, text)
    gunmen = [e for e in descriptors(ex) if e.label.lower() == "gunmen"]
    assert len(gunmen) == 1 and len(gunmen[0].mentions) == 2


def test_singular_descriptors_are_one_entity_per_mention(nlp: Language, lexicons: Lexicons) -> None:
    text = "A soldier was killed in Kidal on Monday. A soldier was killed in Gao on Tuesday."
    ex = run(nlp, lexicons, text)
    soldiers = [e for e in descriptors(ex) if e.label == "soldier"]
    assert len(soldiers) == 2
    assert len({e.id for e in soldiers}) == 2
    assert all(len(e.mentions) == 1 for e in soldiers)


def test_two_documents_never_share_a_descriptor(nlp: Language, lexicons: Lexicons) -> None:
    a = run(nlp, lexicons, "Soldiers killed civilians in Mopti.")
    b = run(nlp, lexicons, "Rebels killed civilians in Sagaing.")
    ids_a = {e.id for e in descriptors(a) if e.label == "civilians"}
    ids_b = {e.id for e in descriptors(b) if e.label == "civilians"}
    assert len(ids_a) == len(ids_b) == 1
    assert not ids_a & ids_b


def test_descriptors_outside_events_are_not_kept(nlp: Language, lexicons: Lexicons) -> None:
    ex = run(nlp, lexicons, "Farmers in Cauca grow coffee and the workers are paid weekly.")
    assert descriptors(ex) == []
    assert not [c for c in ex.claims if c.predicate in ("member_of", "from")]


def test_descriptors_make_no_relation_claims(nlp: Language, lexicons: Lexicons) -> None:
    ex = run(nlp, lexicons, "Protesters met Colombian officials in Bogota.")
    kept = {e.id for e in descriptors(ex)}
    assert not [c for c in ex.claims if c.subject in kept or c.object in kept]


def test_a_named_place_noun_is_no_descriptor(nlp: Language, lexicons: Lexicons) -> None:
    ex = run(nlp, lexicons, "Rebels attacked the village of Tessit and a checkpoint.")
    labels = {e.label for e in descriptors(ex)}
    assert "checkpoint" in labels
    assert not any("village" in label for label in labels)


def test_descriptor_id_is_per_document_and_offset_for_singulars() -> None:
    assert descriptor_id("GROUP", "d1", "alawite civilians", None) == (
        "group/descriptor/d1/alawite-civilians"
    )
    assert descriptor_id("PLACE", "d1", "checkpoint", 40) == "place/descriptor/d1/checkpoint-40"


def test_bad_descriptor_lexicon_is_rg210() -> None:
    with pytest.raises(ModelError) as info:
        validate(DescriptorLexicon, {"nouns": "soldier"}, "nlp_descriptors.json")
    assert info.value.code == "RG210"
