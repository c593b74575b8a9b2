"""Entity-level corrections after merging (invented names): acronyms make organisations,
a name listed among places is a place, retyped duplicates become one entity."""

from __future__ import annotations

from spacy.language import Language

from reportgraph import ids
from reportgraph.ingest import read_text
from reportgraph.models import AliasEvidence, Entity, Mention
from reportgraph.nlp.entities.facts import describe_entities
from reportgraph.nlp.extract import extract
from reportgraph.nlp.lexicons import Lexicons


def _mention(text: str, word: str, occurrence: int = 0) -> Mention:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(word, start + 1)
    return Mention(
        doc_id="d",
        start=start,
        end=start + len(word),
        text=word,
        sentence_start=0,
        sentence_end=len(text),
        sentence=text,
    )


def test_an_acronym_defined_person_is_an_organisation(lexicons: Lexicons) -> None:
    text = "Fighters of Jaish Saif Tarik (JST) entered the valley."
    long_m = _mention(text, "Jaish Saif Tarik")
    e = Entity(
        id=ids.entity_id("PERSON", "Jaish Saif Tarik"),
        label="Jaish Saif Tarik",
        type="PERSON",
        aliases=("JST",),
        mentions=(long_m, _mention(text, "JST")),
        alias_evidence=(
            AliasEvidence(
                alias="JST", reason="acronym", mention=_mention(text, "Jaish Saif Tarik (JST)")
            ),
        ),
    )
    (out,), index = describe_entities([e], lexicons)
    assert out.type == "ORGANIZATION"
    assert out.id == "organization/jaish-saif-tarik"
    assert index == [0]


def test_retyped_duplicates_join(lexicons: Lexicons) -> None:
    text = "Jaish Saif Tarik (JST) said Jaish Saif Tarik would stay."
    as_person = Entity(
        id="person/jaish-saif-tarik",
        label="Jaish Saif Tarik",
        type="PERSON",
        aliases=("JST",),
        mentions=(_mention(text, "Jaish Saif Tarik"), _mention(text, "JST")),
        alias_evidence=(
            AliasEvidence(
                alias="JST", reason="acronym", mention=_mention(text, "Jaish Saif Tarik (JST)")
            ),
        ),
    )
    as_org = Entity(
        id="organization/jaish-saif-tarik",
        label="Jaish Saif Tarik",
        type="ORGANIZATION",
        mentions=(_mention(text, "Jaish Saif Tarik", 1),),
    )
    out, index = describe_entities([as_person, as_org], lexicons)
    assert index == [0, 0]
    (joined,) = out
    assert joined.id == "organization/jaish-saif-tarik"
    assert [m.start for m in joined.mentions] == sorted(m.start for m in joined.mentions)
    assert len(joined.mentions) == 3
    assert [ev.alias for ev in joined.alias_evidence] == ["JST"]


def test_a_name_listed_among_places_is_a_place(nlp: Language, lexicons: Lexicons) -> None:
    text = "Protesters marched in Baghdad, Mosul, Kirkuk and Zakho on Sunday."
    doc = read_text(text, path="t.txt")
    ex = extract(doc, nlp(doc.text), lexicons)
    types = {e.label: e.type for e in ex.entities}
    listed = [n for n in ("Baghdad", "Mosul", "Kirkuk", "Zakho") if n in types]
    assert len(listed) >= 3
    assert all(types[n] == "PLACE" for n in listed)
