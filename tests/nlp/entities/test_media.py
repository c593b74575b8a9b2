"""Media outlets named as a source (reportgraph.nlp.entities.media), through extraction."""

from __future__ import annotations

from spacy.language import Language

from reportgraph.ingest import read_text
from reportgraph.nlp.extract import extract
from reportgraph.nlp.lexicons import Lexicons


def typed(nlp: Language, lexicons: Lexicons, text: str) -> dict[str, tuple[str, str | None]]:
    document = read_text(text, path="t.txt")
    ex = extract(document, nlp(document.text), lexicons)
    return {e.label: (e.type, e.subtype) for e in ex.entities}


def test_a_title_named_source_is_a_media_outlet(nlp: Language, lexicons: Lexicons) -> None:
    got = typed(nlp, lexicons, "Residents of Gao told The Sentinel that the convoy was attacked.")
    assert got["Sentinel"] == ("ORGANIZATION", "media outlet")


def test_a_media_noun_next_to_a_source(nlp: Language, lexicons: Lexicons) -> None:
    got = typed(nlp, lexicons, "According to the news site Lumbre, the army entered Cúcuta.")
    assert got["Lumbre"] == ("ORGANIZATION", "media outlet")


def test_a_reporting_position_alone_is_no_media_cue(nlp: Language, lexicons: Lexicons) -> None:
    got = typed(nlp, lexicons, "Governor Amina Bello said the bridge at Kano was closed.")
    assert got.get("Amina Bello", ("PERSON", None)) == ("PERSON", None)
    got = typed(nlp, lexicons, "Officials said on Monday that the Pentagon told reporters little.")
    assert all(subtype != "media outlet" for _, subtype in got.values())


def test_a_capital_the_opening_a_sentence_is_no_cue(nlp: Language, lexicons: Lexicons) -> None:
    got = typed(nlp, lexicons, "The Sentinel reported that 12 soldiers died in Gao.")
    assert got.get("Sentinel", (None, None))[1] != "media outlet"
