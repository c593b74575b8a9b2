"""Merging a document's mentions into entities: a pure function, no spaCy pipeline."""

from __future__ import annotations

from reportgraph import ids
from reportgraph.models import Document, Segment
from reportgraph.nlp.entities.mentions import RawMention
from reportgraph.nlp.entities.merging import merge_mentions
from reportgraph.nlp.lexicons import Lexicons
from reportgraph.nlp.sentences import Sentence


def _doc(text: str) -> Document:
    return Document(
        id=ids.document_id(text),
        path="/tmp/sample.txt",
        text=text,
        source_format="txt",
        segments=(Segment(kind="body", start=0, end=len(text)),),
    )


def _raws(text: str, typed: list[tuple[str, str]]) -> list[RawMention]:
    out: list[RawMention] = []
    pos = 0
    for surface, etype in typed:
        start = text.index(surface, pos)
        pos = start + len(surface)
        out.append(RawMention(start, pos, surface, etype, 0))  # type: ignore[arg-type]
    return out


def test_merge_by_normalised_name_with_majority_type(lexicons: Lexicons) -> None:
    text = "Al-Shabaab, AL-SHABAAB and al-Shabaab's al-Shabaab met Mogadishu."
    document = _doc(text)
    sentence = Sentence(0, len(text), text, 0, 0)
    raws = _raws(
        text,
        [
            ("Al-Shabaab", "ORGANIZATION"),
            ("AL-SHABAAB", "PERSON"),
            ("al-Shabaab", "ORGANIZATION"),
            ("al-Shabaab", "ORGANIZATION"),
            ("Mogadishu", "PLACE"),
        ],
    )
    entities, mention_entity = merge_mentions(document, raws, [sentence], lex=lexicons.general)
    assert [e.type for e in entities] == ["ORGANIZATION", "PLACE"]
    group = entities[0]
    assert group.label == "al-Shabaab"  # most frequent form
    assert group.aliases == ("AL-SHABAAB", "Al-Shabaab")
    assert group.id == ids.entity_id("ORGANIZATION", "al-Shabaab")
    assert mention_entity == [0, 0, 0, 0, 1]
    assert all(text[m.start : m.end] == m.text for m in group.mentions)


def test_type_ties_follow_the_configured_order(lexicons: Lexicons) -> None:
    text = "Darfur and Darfur"
    raws = _raws(text, [("Darfur", "PERSON"), ("Darfur", "PLACE")])
    sentences = [Sentence(0, len(text), text, 0, 0)]
    entities, _ = merge_mentions(_doc(text), raws, sentences, lex=lexicons.general)
    assert [e.type for e in entities] == ["PLACE"]


def test_plural_of_a_group_name_is_a_group(lexicons: Lexicons) -> None:
    text = "Yazidi elders said Yazidis left."
    raws = _raws(text, [("Yazidi", "GROUP"), ("Yazidis", "PLACE")])
    sentences = [Sentence(0, len(text), text, 0, 0)]
    entities, _ = merge_mentions(_doc(text), raws, sentences, lex=lexicons.general)
    assert [(e.label, e.type) for e in entities] == [("Yazidi", "GROUP"), ("Yazidis", "GROUP")]


def test_singular_of_a_group_plural_is_a_group(lexicons: Lexicons) -> None:
    text = "Yazidis fled the town, which has a large Yazidi population."
    raws = _raws(text, [("Yazidis", "GROUP"), ("Yazidi", "PERSON")])
    sentences = [Sentence(0, len(text), text, 0, 0)]
    entities, _ = merge_mentions(_doc(text), raws, sentences, lex=lexicons.general)
    assert [(e.label, e.type) for e in entities] == [("Yazidis", "GROUP"), ("Yazidi", "GROUP")]


def test_a_name_typed_person_in_most_mentions_is_a_person(lexicons: Lexicons) -> None:
    text = "Kabila spoke. Kabila left. Kabila's office said Kabila had gone."
    document = _doc(text)
    sentence = Sentence(0, len(text), text, 0, 0)
    typed = [("Kabila", "PERSON"), ("Kabila", "PERSON"), ("Kabila", "ORGANIZATION")]
    typed.append(("Kabila", "PERSON"))
    entities, _ = merge_mentions(document, _raws(text, typed), [sentence], lex=lexicons.general)
    assert [(e.label, e.type, len(e.mentions)) for e in entities] == [("Kabila", "PERSON", 4)]


def test_a_cue_typed_mention_outvotes_ner_and_gives_the_subtype(lexicons: Lexicons) -> None:
    text = "Ledger wrote this. Ledger said that. The Ledger reported more."
    document = _doc(text)
    sentence = Sentence(0, len(text), text, 0, 0)
    raws = _raws(text, [("Ledger", "PERSON"), ("Ledger", "PERSON")])
    start = text.index("Ledger", raws[-1].end)
    raws.append(RawMention(start, start + 6, "Ledger", "ORGANIZATION", 0, "media outlet"))
    entities, _ = merge_mentions(document, raws, [sentence], lex=lexicons.general)
    assert [(e.type, e.subtype) for e in entities] == [("ORGANIZATION", "media outlet")]
