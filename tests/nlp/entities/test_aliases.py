"""Acronyms and aliases inside one document, on short invented sentences.

Most tests give hand-made raw mentions (so they test this stage, not the NER model); the last
ones run the whole chain with the pipeline.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.language import Language
from spacy.tokens import Doc

from reportgraph import ids
from reportgraph.ingest import read_text
from reportgraph.models import Document, EntityType
from reportgraph.nlp.entities.aliases import (
    _CAPS_WORD,
    AliasDefinition,
    _acronym_words,
    _Taken,
    acronym_matches,
    acronym_mentions,
    find_aliases,
    initials,
    is_acronym,
)
from reportgraph.nlp.entities.mentions import RawMention, collect_mentions
from reportgraph.nlp.entities.merging import merge_mentions
from reportgraph.nlp.lexicons import Lexicons
from reportgraph.nlp.sentences import Sentence, split_sentences


class Case:
    """A document, its parse and sentences, and raw mentions placed by hand."""

    def __init__(self, nlp: Language, lexicons: Lexicons, text: str) -> None:
        self.lexicons = lexicons
        self.document: Document = read_text(text, path="t.txt")
        self.doc: Doc = nlp(self.document.text)
        self.sentences: list[Sentence]
        self.token_sentence: list[int]
        self.sentences, self.token_sentence = split_sentences(self.document, self.doc)

    def raw(self, name: str, etype: EntityType, nth: int = 0) -> RawMention:
        text = self.document.text
        start = -1
        for _ in range(nth + 1):
            start = text.index(name, start + 1)
        end = start + len(name)
        index = next(i for i, s in enumerate(self.sentences) if s.start <= start < s.end)
        return RawMention(start, end, name, etype, index)

    def added(self, raws: list[RawMention]) -> list[RawMention]:
        return acronym_mentions(
            self.document,
            self.doc,
            self.sentences,
            self.token_sentence,
            raws,
            self.lexicons.aliases,
        )

    def aliases(self, raws: list[RawMention]) -> list[tuple[str, str, str, str]]:
        text = self.document.text
        return [
            (raws[d.short].text, raws[d.long].text, d.reason, text[d.start : d.end])
            for d in find_aliases(
                self.document, self.doc, self.sentences, raws, self.lexicons.aliases
            )
        ]


def spans(raws: list[RawMention]) -> list[tuple[str, str]]:
    return [(r.text, r.type) for r in raws]


# --- letters -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("acronym", "name"),
    [
        ("FPL", "Frente Popular de Liberación"),
        ("NUM", "National Unity Movement"),
        ("JAN", "Jaish al-Nasr"),  # a particle may give a letter
        ("JN", "Jaish al-Nasr"),  # ... or be skipped
        ("AQIM", "Al-Qaeda in the Islamic Maghreb"),
        ("MoD", "Ministry of Defence"),
        ("KNR", "Kataib Nasr"),  # one letter from inside a word
        ("FDLK", "Forces Démocratiques de Libération du Kivu"),
    ],
)
def test_acronym_spells_initials(lexicons: Lexicons, acronym: str, name: str) -> None:
    assert acronym_matches(acronym, name, lexicons.aliases)


@pytest.mark.parametrize(
    ("acronym", "name"),
    [
        ("NM", "National Unity Movement"),  # a content word gives no letter
        ("XUM", "National Unity Movement"),
        ("AD", "Ahmad"),  # one word is not expanded
        ("KNSR", "Kataib Nasr"),  # too many letters from inside words
        ("UNM", "National Unity Movement"),  # order matters
    ],
)
def test_acronym_does_not_spell(lexicons: Lexicons, acronym: str, name: str) -> None:
    assert not acronym_matches(acronym, name, lexicons.aliases)


def test_is_acronym_and_initials(lexicons: Lexicons) -> None:
    assert [is_acronym(w) for w in ("NUM", "MoD", "Sigga", "I", "Nasr", "U.N.")] == [
        True,
        True,
        False,
        False,
        False,
        False,
    ]
    assert initials("the Army of the Free South", lexicons.aliases) == "AFS"


# --- definitions ---------------------------------------------------------------------------------


def test_long_then_acronym_adds_missing_long_side(nlp: Language, lexicons: Lexicons) -> None:
    case = Case(
        nlp, lexicons, "Fighters of the Frente Popular de Liberación (FPL) seized the valley."
    )
    raws = case.added([case.raw("FPL", "ORGANIZATION")])
    assert spans(raws) == [
        ("Frente Popular de Liberación", "ORGANIZATION"),
        ("FPL", "ORGANIZATION"),
    ]
    assert case.aliases(raws) == [
        ("FPL", "Frente Popular de Liberación", "acronym", "Frente Popular de Liberación (FPL)")
    ]


def test_acronym_then_long_adds_missing_acronym_with_long_type(
    nlp: Language, lexicons: Lexicons
) -> None:
    case = Case(nlp, lexicons, "Delegates of the NUM (National Unity Movement) met in Lusaka.")
    raws = case.added([case.raw("National Unity Movement", "ORGANIZATION")])
    assert spans(raws) == [("NUM", "ORGANIZATION"), ("National Unity Movement", "ORGANIZATION")]
    assert case.aliases(raws) == [
        ("NUM", "National Unity Movement", "acronym", "NUM (National Unity Movement)")
    ]


def test_truncated_long_side_is_completed(nlp: Language, lexicons: Lexicons) -> None:
    case = Case(nlp, lexicons, "Yesterday Liwa Fajr al-Nasr (LFN) shelled the port.")
    raws = case.added([case.raw("Fajr al-Nasr", "PERSON"), case.raw("LFN", "ORGANIZATION")])
    assert spans(raws) == [("Liwa Fajr al-Nasr", "PERSON"), ("LFN", "ORGANIZATION")]


def test_untagged_definition_needs_an_organisation_word(nlp: Language, lexicons: Lexicons) -> None:
    case = Case(
        nlp,
        lexicons,
        "The Kivu Liberation Front (KLF) grew while Gross Domestic Product (GDP) fell.",
    )
    raws = case.added([])
    assert spans(raws) == [("Kivu Liberation Front", "ORGANIZATION"), ("KLF", "ORGANIZATION")]


def test_bare_uses_of_a_defined_acronym(nlp: Language, lexicons: Lexicons) -> None:
    text = (
        "The National Unity Movement (NUM) won in Lusaka. Voters said NUM promises mattered. "
        "The NUM-led council met; see https://num.example.org/NUM and @NUM_press. NUMBERS rose."
    )
    case = Case(nlp, lexicons, text)
    raws = case.added([case.raw("National Unity Movement", "ORGANIZATION")])
    found = [(r.text, r.type, r.start) for r in raws]
    assert found == [
        ("National Unity Movement", "ORGANIZATION", text.index("National")),
        ("NUM", "ORGANIZATION", text.index("NUM)")),
        ("NUM", "ORGANIZATION", text.index("NUM promises")),
        ("NUM", "ORGANIZATION", text.index("NUM-led")),
    ]
    assert all(text[r.start : r.end] == r.text for r in raws)


def test_undefined_all_caps_with_organisation_context(nlp: Language, lexicons: Lexicons) -> None:
    text = (
        "Residents said the KDF said nothing. Later ZRA fighters crossed the river. "
        "A TPLA-backed unit arrived, said members of the MVR."
    )
    case = Case(nlp, lexicons, text)
    assert spans(case.added([])) == [
        ("KDF", "ORGANIZATION"),
        ("ZRA", "ORGANIZATION"),
        ("TPLA", "ORGANIZATION"),
        ("MVR", "ORGANIZATION"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "He watched TV in the US and said it was OK before the CEO said no.",
        "THE ARMY OF THE ZLF ENTERED THE TOWN AND ZLF FIGHTERS FLED.",
        "ZLF fighters entered the town at dawn.",  # sentence-initial, never defined
        "Brigade XII fighters and the NGO said the IED fighters left.",
        "See https://example.org/?q=ZLF fighters, example.org/ZLF-led and @ZLF fighters.",
    ],
)
def test_all_caps_negatives(nlp: Language, lexicons: Lexicons, text: str) -> None:
    case = Case(nlp, lexicons, text)
    assert case.added([]) == []


def test_initials_of_an_organisation_in_the_document(nlp: Language, lexicons: Lexicons) -> None:
    text = "Voters backed the Patriotic Alliance of Kivu in May. In June many chose PAK again."
    case = Case(nlp, lexicons, text)
    raws = case.added([case.raw("Patriotic Alliance of Kivu", "ORGANIZATION")])
    assert spans(raws) == [("Patriotic Alliance of Kivu", "ORGANIZATION"), ("PAK", "ORGANIZATION")]
    assert case.aliases(raws) == []  # no definition in the text: resolution may link them


def test_ambiguous_acronym_maps_to_neither(nlp: Language, lexicons: Lexicons) -> None:
    text = (
        "The Frente Popular de Liberación (FPL) and the Fuerzas Populares de Lucha (FPL) "
        "signed. The FPL said little."
    )
    case = Case(nlp, lexicons, text)
    raws = case.added(
        [
            case.raw("Frente Popular de Liberación", "ORGANIZATION"),
            case.raw("Fuerzas Populares de Lucha", "ORGANIZATION"),
        ]
    )
    assert [r.text for r in raws].count("FPL") == 3
    assert case.aliases(raws) == []
    entities, _ = merge_mentions(case.document, raws, case.sentences, [], lex=lexicons.general)
    labels = sorted(e.label for e in entities)
    assert labels == ["FPL", "Frente Popular de Liberación", "Fuerzas Populares de Lucha"]
    assert all(not e.alias_evidence for e in entities)


@pytest.mark.parametrize(
    ("text", "long", "short", "reason", "phrase"),
    [
        (
            "Kalev Tamm (formerly Kalev Tammsaar) spoke in Tartu.",
            "Kalev Tamm",
            "Kalev Tammsaar",
            "formerly",
            "Kalev Tamm (formerly Kalev Tammsaar)",
        ),
        (
            "Sigrún Jónsdóttir, also known as Sigga, won in Akureyri.",
            "Sigrún Jónsdóttir",
            "Sigga",
            "also_known_as",
            "Sigrún Jónsdóttir, also known as Sigga",
        ),
        (
            "Marek Zielinski (a.k.a. Wolf) was seen in Lodz.",
            "Marek Zielinski",
            "Wolf",
            "also_known_as",
            "Marek Zielinski (a.k.a. Wolf)",
        ),
        (
            "The Kivu Defence League, now known as the Kivu Patriotic Front, left Bunia.",
            "Kivu Patriotic Front",
            "Kivu Defence League",
            "formerly",
            "Kivu Defence League, now known as the Kivu Patriotic Front",
        ),
        (
            "Tomas Ruiz, better known as El Flaco, fled.",
            "Tomas Ruiz",
            "El Flaco",
            "apposition",
            "Tomas Ruiz, better known as El Flaco",
        ),
    ],
)
def test_cue_definitions(
    nlp: Language, lexicons: Lexicons, text: str, long: str, short: str, reason: str, phrase: str
) -> None:
    case = Case(nlp, lexicons, text)
    etype: EntityType = "ORGANIZATION" if "Kivu" in long else "PERSON"
    raws = sorted([case.raw(long, etype), case.raw(short, etype)], key=lambda r: r.start)
    assert case.aliases(raws) == [(short, long, reason, phrase)]


def test_cue_definition_needs_one_type(nlp: Language, lexicons: Lexicons) -> None:
    case = Case(nlp, lexicons, "Kalev Tamm (formerly Tartu Works) spoke.")
    raws = [case.raw("Kalev Tamm", "PERSON"), case.raw("Tartu Works", "ORGANIZATION")]
    assert case.aliases(raws) == []


def test_parenthesised_former_name_becomes_one_mention(nlp: Language, lexicons: Lexicons) -> None:
    case = Case(nlp, lexicons, "On Monday Kalev Tamm (formerly Kalev Tammsaar) spoke in Tartu.")
    raws = case.added([case.raw("Tamm", "PERSON"), case.raw("Tammsaar", "PERSON")])
    assert spans(raws) == [("Kalev Tamm", "PERSON"), ("Kalev Tammsaar", "PERSON")]


# --- merge ---------------------------------------------------------------------------------------


def test_merge_joins_both_sides_and_every_same_name(nlp: Language, lexicons: Lexicons) -> None:
    text = "The Kivu Liberation Front (KLF) held Bunia. KLF fighters left. The KLF said so."
    case = Case(nlp, lexicons, text)
    raws = case.added([case.raw("Kivu Liberation Front", "ORGANIZATION")])
    definitions = find_aliases(case.document, case.doc, case.sentences, raws, lexicons.aliases)
    entities, mention_entity = merge_mentions(
        case.document, raws, case.sentences, definitions, lex=lexicons.general
    )
    assert len(entities) == 1
    entity = entities[0]
    assert entity.id == ids.entity_id("ORGANIZATION", "Kivu Liberation Front")
    assert (entity.label, entity.type, entity.aliases) == (
        "Kivu Liberation Front",
        "ORGANIZATION",
        ("KLF",),
    )
    assert len(entity.mentions) == 4 and mention_entity == [0, 0, 0, 0]
    (evidence,) = entity.alias_evidence
    m = evidence.mention
    assert (evidence.alias, evidence.reason) == ("KLF", "acronym")
    assert text[m.start : m.end] == m.text == "Kivu Liberation Front (KLF)"
    assert m.sentence_start <= m.start < m.end <= m.sentence_end
    assert text[m.sentence_start : m.sentence_end] == m.sentence


def test_merge_acronym_takes_the_long_form_type(nlp: Language, lexicons: Lexicons) -> None:
    case = Case(nlp, lexicons, "The Jaish al-Nasr (JAN) left. JAN was blamed.")
    raws = [
        case.raw("Jaish al-Nasr", "ORGANIZATION"),
        case.raw("JAN", "PLACE"),
        case.raw("JAN", "PLACE", nth=1),
    ]
    definitions = find_aliases(case.document, case.doc, case.sentences, raws, lexicons.aliases)
    entities, _ = merge_mentions(
        case.document, raws, case.sentences, definitions, lex=lexicons.general
    )
    assert [(e.label, e.type, e.aliases) for e in entities] == [
        ("Jaish al-Nasr", "ORGANIZATION", ("JAN",))
    ]


def test_merge_never_joins_two_types_by_cue(nlp: Language, lexicons: Lexicons) -> None:
    case = Case(nlp, lexicons, "Kalev Tamm (formerly Tartu Works) spoke.")
    raws = [case.raw("Kalev Tamm", "PERSON"), case.raw("Tartu Works", "ORGANIZATION")]
    forced = AliasDefinition(short=1, long=0, reason="formerly", start=0, end=33)
    entities, mention_entity = merge_mentions(
        case.document, raws, case.sentences, [forced], lex=lexicons.general
    )
    assert len(entities) == 2 and mention_entity == [0, 1]


def test_merge_former_name_labels_with_current_name(nlp: Language, lexicons: Lexicons) -> None:
    text = "Kalev Tammsaar ran in 2019. Kalev Tamm (formerly Kalev Tammsaar) won in Tartu."
    case = Case(nlp, lexicons, text)
    raws = [
        case.raw("Kalev Tammsaar", "PERSON"),
        case.raw("Kalev Tamm", "PERSON", nth=1),
        case.raw("Kalev Tammsaar", "PERSON", nth=1),
    ]
    definitions = find_aliases(case.document, case.doc, case.sentences, raws, lexicons.aliases)
    entities, _ = merge_mentions(
        case.document, raws, case.sentences, definitions, lex=lexicons.general
    )
    assert [(e.label, e.aliases, len(e.mentions)) for e in entities] == [
        ("Kalev Tamm", ("Kalev Tammsaar",), 3)
    ]
    assert entities[0].alias_evidence[0].mention.text == "Kalev Tamm (formerly Kalev Tammsaar)"


# --- whole chain with the model ------------------------------------------------------------------


def test_chain_with_the_model(nlp: Language, lexicons: Lexicons) -> None:
    text = (
        "Fighters of the Frente Popular de Liberación (FPL) took the valley on Tuesday. "
        "The FPL said it would stay. Ahmed Farouk (formerly Abu Bakr al-Masri) denied it."
    )
    case = Case(nlp, lexicons, text)
    raws = collect_mentions(text, case.doc, case.sentences, case.token_sentence, lexicons.general)
    raws = case.added(raws)
    definitions = find_aliases(case.document, case.doc, case.sentences, raws, lexicons.aliases)
    entities, _ = merge_mentions(
        case.document, raws, case.sentences, definitions, lex=lexicons.general
    )
    found = {e.label: (e.aliases, [a.reason for a in e.alias_evidence]) for e in entities}
    assert found["Frente Popular de Liberación"] == (("FPL",), ["acronym"])
    assert found["Ahmed Farouk"] == (("Abu Bakr al-Masri",), ["formerly"])


# the patterns the fast ones replace: the look-behind first
_BEFORE = r"(?<![\w@#&./'’-])"
_AFTER = r"(?![\w@&]|\.\w)"
_OLD_CAPS = re.compile(rf"{_BEFORE}[A-Z][A-Z&]{{1,5}}{_AFTER}")


@given(st.text(alphabet=st.sampled_from(list("ABCDK&a-./@#'’ \n(")), max_size=40))
@settings(max_examples=300, deadline=None)
def test_word_patterns_match_the_lookbehind_first_patterns(text: str) -> None:
    assert [m.span() for m in _CAPS_WORD.finditer(text)] == [
        m.span() for m in _OLD_CAPS.finditer(text)
    ]
    for acronyms in (["AB"], ["ABC", "AB", "K&D"], ["DK"]):
        alternatives = "|".join(re.escape(a) for a in sorted(acronyms, key=len, reverse=True))
        old = re.compile(rf"{_BEFORE}(?:{alternatives}){_AFTER}|{_OLD_CAPS.pattern}")
        new = _acronym_words(acronyms)
        assert [m.span() for m in new.finditer(text)] == [m.span() for m in old.finditer(text)]


@given(
    st.lists(st.tuples(st.integers(0, 30), st.integers(0, 8)), max_size=8),
    st.integers(0, 40),
    st.integers(1, 6),
)
def test_taken_overlaps_is_any_overlap(spans: list[tuple[int, int]], start: int, n: int) -> None:
    raws = sorted(
        (RawMention(s, s + w, "x" * w, "PLACE", 0) for s, w in spans), key=lambda r: r.start
    )
    expected = any(r.start < start + n and start < r.end for r in raws)
    assert _Taken(raws).overlaps(start, start + n) == expected
