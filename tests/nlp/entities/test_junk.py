"""Shouted words and headline fragments are no entities (reportgraph.nlp.entities.junk)."""

from __future__ import annotations

from reportgraph.ingest import read_text
from reportgraph.nlp.entities.junk import drop_junk
from reportgraph.nlp.entities.mentions import RawMention
from reportgraph.nlp.lexicons import Lexicons
from reportgraph.nlp.sentences import Sentence


def _sentences(text: str) -> list[Sentence]:
    out, start = [], 0
    for line in text.split("\n"):
        out.append(Sentence(start, start + len(line), line, 0, 0))
        start += len(line) + 1
    return out


def kept(lexicons: Lexicons, text: str, names: list[str]) -> list[str]:
    document = read_text(text, path="t.txt")
    sentences = _sentences(document.text)
    raws = []
    for name in names:
        start = document.text.index(name)
        index = next(i for i, s in enumerate(sentences) if s.start <= start <= s.end)
        raws.append(RawMention(start, start + len(name), name, "ORGANIZATION", index))
    return [
        r.text
        for r in drop_junk(
            document.text, sentences, raws, lexicons.typing, lexicons.aliases.org_heads
        )
    ]


def test_shouted_emphasis_words_are_dropped(lexicons: Lexicons) -> None:
    text = "BREAKING: troops enter Bamako.\nWATCH the SHOCKING VIDEO from Mopti."
    assert kept(lexicons, text, ["BREAKING", "WATCH", "SHOCKING VIDEO", "Mopti"]) == ["Mopti"]


def test_a_shouted_word_the_text_also_writes_in_lower_case_is_dropped(lexicons: Lexicons) -> None:
    text = "A CALAMITY unfolds in Tigray.\nAid workers described the calamity in detail."
    assert kept(lexicons, text, ["CALAMITY"]) == []


def test_real_acronyms_stay(lexicons: Lexicons) -> None:
    text = (
        "NATO and UNHCR met in Geneva.\nThe Ejercito de Liberacion Nacional (ELN) attacked.\n"
        "The ELN later withdrew, and FARDC troops moved in. The WHO sent help who needed it."
    )
    names = ["NATO", "UNHCR", "ELN", "FARDC", "WHO"]
    assert kept(lexicons, text, names) == names


def test_headline_fragments_of_common_words_are_dropped(lexicons: Lexicons) -> None:
    text = (
        "Heavy Rain Forces Somali Families To Flee Mombasa\n"
        "The heavy rain hit the coast, and coastal families had to flee. "
        "Forces of nature, said one."
    )
    got = kept(lexicons, text, ["Heavy Rain Forces Somali Families", "Mombasa"])
    assert got == ["Mombasa"]


def test_names_in_headlines_and_body_text_stay(lexicons: Lexicons) -> None:
    text = (
        "Kenya Ports Authority Says Trade Rose In Mombasa\n"
        "The Kenya Ports Authority said trade rose. Free Trade Zone Authority officials agreed."
    )
    names = ["Kenya Ports Authority", "Free Trade Zone Authority"]
    assert kept(lexicons, text, names) == names


def test_organisation_shaped_headline_spans_stay(lexicons: Lexicons) -> None:
    text = (
        "Somali Observatory For Human Rights Counts The Dead\n"
        "The report counts human losses and rights abuses for the families."
    )
    name = "Somali Observatory For Human Rights"
    assert kept(lexicons, text, [name]) == [name]


def test_a_common_word_capitalised_by_the_sentence_start_is_dropped(lexicons: Lexicons) -> None:
    text = (
        "Gunmen stormed a market in Mopti.\nWitnesses said the gunmen fled north.\nMopti is calm."
    )
    assert kept(lexicons, text, ["Gunmen", "Mopti"]) == ["Mopti"]
