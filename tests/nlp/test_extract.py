"""Extraction on short invented sentences: types, offsets, sentences, relations, attribution."""

from __future__ import annotations

import pytest
from spacy.language import Language

from reportgraph import ids
from reportgraph.errors import ModelError
from reportgraph.models import Document, DocumentExtraction, Segment
from reportgraph.nlp.extract import extract, extract_documents
from reportgraph.nlp.lexicons import Lexicons


def make_doc(text: str, *segments: Segment, publisher: str | None = None) -> Document:
    return Document(
        id=ids.document_id(text),
        path="/data/inbox/report-17.txt",
        text=text,
        source_format="txt",
        publisher=publisher,
        segments=segments or (Segment(kind="body", start=0, end=len(text)),),
    )


def run(
    nlp: Language, lexicons: Lexicons, text: str, *segments: Segment, **kw: str
) -> DocumentExtraction:
    """Extract, keeping only the relation claims (figures and events have their own tests)."""
    document = make_doc(text, *segments, **kw)
    ex = extract(document, nlp(document.text), lexicons)
    return ex.model_copy(update={"claims": tuple(c for c in ex.claims if c.kind == "relation")})


def labelled(ex: DocumentExtraction) -> list[tuple[str | None, str, str | None, list[str], str]]:
    label = {e.id: e.label for e in ex.entities}
    return [
        (
            label.get(c.subject or ""),
            c.predicate,
            label.get(c.object or ""),
            [label[p] for p in c.places],
            c.certainty,
        )
        for c in ex.claims
    ]


def test_ner_labels_map_to_entity_types(nlp: Language, lexicons: Lexicons) -> None:
    ex = run(
        nlp, lexicons, "Maria Lopez met with Israeli officials and Hezbollah in Bogota on Monday."
    )
    types = {e.label: e.type for e in ex.entities}
    assert types == {
        "Maria Lopez": "PERSON",
        "Israeli": "GROUP",
        "Hezbollah": "ORGANIZATION",
        "Bogota": "PLACE",
    }  # the DATE "Monday" is not an entity


def test_mentions_are_cleaned_with_exact_offsets(nlp: Language, lexicons: Lexicons) -> None:
    text = "The Taliban’s fighters entered Kandahar.\n\nRebels attacked Goma\n\nThey left."
    ex = run(nlp, lexicons, text)
    mentions = [m for e in ex.entities for m in e.mentions]
    assert {m.text for m in mentions} >= {"Taliban", "Kandahar", "Goma"}
    for m in mentions:
        assert text[m.start : m.end] == m.text
        assert text[m.sentence_start : m.sentence_end] == m.sentence
        assert m.sentence_start <= m.start < m.end <= m.sentence_end
        assert "\n\n" not in m.sentence
    goma = next(m for m in mentions if m.text == "Goma")
    assert goma.sentence == "Rebels attacked Goma"


def test_sentences_never_cross_a_blank_line(nlp: Language, lexicons: Lexicons) -> None:
    text = "Shelling hit Kherson overnight\n\nUkrainian officials said Odesa was calm."
    ex = run(nlp, lexicons, text)
    for e in ex.entities:
        for m in e.mentions:
            assert "\n" not in m.sentence
    kherson = next(m for e in ex.entities for m in e.mentions if m.text == "Kherson")
    assert kherson.sentence_end <= text.index("\n\n")


def test_active_relation(nlp: Language, lexicons: Lexicons) -> None:
    ex = run(nlp, lexicons, "The Houthis and Hezbollah attacked Israel.")
    assert sorted(labelled(ex)) == [
        ("Hezbollah", "attack", "Israel", [], "asserted"),
        ("Houthis", "attack", "Israel", [], "asserted"),
    ]


def test_passive_relation_with_agent_and_place(nlp: Language, lexicons: Lexicons) -> None:
    text = "Kachin Independence Army fighters were attacked by the Myanmar military in Myitkyina."
    ex = run(nlp, lexicons, text)
    assert labelled(ex) == [
        ("Myanmar", "attack", "Kachin Independence Army", ["Myitkyina"], "asserted"),
        # the descriptor of the event's victims, linked to the group it names
        (
            "Kachin Independence Army fighters",
            "member_of",
            "Kachin Independence Army",
            [],
            "asserted",
        ),
    ]


def test_prepositional_relation_keeps_other_places(nlp: Language, lexicons: Lexicons) -> None:
    ex = run(nlp, lexicons, "Maria Lopez met with Carlos Mendez in Bogota.")
    assert labelled(ex) == [("Maria Lopez", "meet_with", "Carlos Mendez", ["Bogota"], "asserted")]


def test_fleeing_to_a_place_is_a_relation(nlp: Language, lexicons: Lexicons) -> None:
    ex = run(nlp, lexicons, "John Smith fled to Thailand.")
    assert labelled(ex) == [("John Smith", "flee_to", "Thailand", [], "asserted")]


def test_negated_relation_is_denied(nlp: Language, lexicons: Lexicons) -> None:
    ex = run(nlp, lexicons, "The Taliban did not attack Kandahar.")
    assert labelled(ex) == [("Taliban", "attack", "Kandahar", [], "denied")]


def test_passive_without_agent_needs_a_place(nlp: Language, lexicons: Lexicons) -> None:
    ex = run(
        nlp, lexicons, "Colonel Ivan Petrov was killed in Donetsk. Colonel Ivan Petrov was killed."
    )
    assert labelled(ex) == [(None, "kill", "Ivan Petrov", ["Donetsk"], "asserted")]


def test_claim_evidence_and_ids(nlp: Language, lexicons: Lexicons) -> None:
    text = "Aid workers arrived.\n\nThe Houthis attacked Israel."
    ex = run(nlp, lexicons, text)
    (claim,) = ex.claims
    sentence_start = text.index("The Houthis")
    assert claim.evidence.sentence == "The Houthis attacked Israel."
    assert claim.evidence.start == sentence_start
    assert text[claim.evidence.start : claim.evidence.end] == claim.evidence.sentence
    assert [m.text for m in claim.mentions] == ["Houthis", "Israel"]
    assert claim.id == ids.claim_id(
        ex.document.id,
        "relation",
        "attack",
        claim.subject,
        claim.object,
        sentence_start,
        text.index("attacked"),
    )
    assert claim.kind == "relation"
    assert claim.segment == "body"


def test_publication_is_the_fallback_source(nlp: Language, lexicons: Lexicons) -> None:
    ex = run(nlp, lexicons, "The Houthis attacked Israel.", publisher="Harbour Daily")
    (claim,) = ex.claims
    assert claim.source.kind == "publication"
    assert claim.source.label == "Harbour Daily"
    assert claim.source.id == ids.publication_source_id("Harbour Daily", ex.document.id)
    assert claim.via == ()
    assert claim.cue is None


def test_publication_without_publisher_is_named_by_its_words_and_file(
    nlp: Language, lexicons: Lexicons
) -> None:
    (claim,) = run(nlp, lexicons, "The Houthis attacked Israel.").claims
    assert claim.source.label == "The Houthis attacked Israel. (report-17.txt)"
    text = "Rebels from the Eastern Front attacked the garrison at Marosvar on Sunday."
    labels = {c.source.label for c in run(nlp, lexicons, text).claims}
    assert labels == {"Rebels from the Eastern Front attacked the garrison … (report-17.txt)"}


def test_embedded_post_is_attributed_to_its_account(nlp: Language, lexicons: Lexicons) -> None:
    body = "Fighting continued overnight.\n\n"
    post = "The Houthis attacked Israel again."
    text = body + post
    segments = (
        Segment(kind="body", start=0, end=len(body)),
        Segment(
            kind="embedded_post",
            start=len(body),
            end=len(text),
            author_name="Sea Watcher",
            author_handle="@seawatch_99",
        ),
    )
    ex = run(nlp, lexicons, text, *segments, publisher="Harbour Daily")
    (claim,) = ex.claims
    assert claim.segment == "embedded_post"
    assert claim.source.kind == "account"
    assert claim.source.label == "Sea Watcher (@seawatch_99)"
    assert claim.source.id == ids.source_id("account", "seawatch_99")
    assert [s.label for s in claim.via] == ["Harbour Daily"]
    assert all(m.segment == "embedded_post" for m in claim.mentions)


def test_sentences_stop_at_segment_bounds(nlp: Language, lexicons: Lexicons) -> None:
    body = "Reporters saw the Houthis. "
    post = "Hezbollah attacked Israel."
    text = body + post
    segments = (
        Segment(kind="body", start=0, end=len(body)),
        Segment(kind="embedded_post", start=len(body), end=len(text), author_handle="obs"),
    )
    ex = run(nlp, lexicons, text, *segments)
    for claim in ex.claims:
        assert claim.evidence.start >= len(body)
        assert claim.source.label == "@obs"


def test_doc_from_another_text_is_refused(nlp: Language, lexicons: Lexicons) -> None:
    with pytest.raises(ModelError) as info:
        extract(make_doc("The Houthis attacked Israel."), nlp("Something else."), lexicons)
    assert info.value.code == "RG203"


def test_extract_documents_keeps_order_and_matches_extract(
    nlp: Language, lexicons: Lexicons
) -> None:
    texts = ["John Smith fled to Thailand.", "Maria Lopez met with Carlos Mendez.", "No names."]
    documents = [make_doc(t) for t in texts]
    results = list(extract_documents(nlp, documents, lexicons, batch_size=2))
    assert [r.document.id for r in results] == [d.id for d in documents]
    assert results == [extract(d, nlp(d.text), lexicons) for d in documents]


def test_every_claim_has_evidence_mentions(nlp: Language, lexicons: Lexicons) -> None:
    ex = run(
        nlp, lexicons, "Refugees from Sudan fled from Khartoum to Chad. Boko Haram attacked Chibok."
    )
    assert ex.claims
    for claim in ex.claims:
        assert claim.mentions
        for m in claim.mentions:
            assert claim.evidence.start <= m.start < m.end <= claim.evidence.end
