"""Reported figures on short invented sentences: qualifier, bounds, counted noun, outcome kind."""

from __future__ import annotations

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from reportgraph.ingest import read_text
from reportgraph.nlp.figures.quantities import find_quantities, parse_number
from reportgraph.nlp.frames import QuantityFrame
from reportgraph.nlp.lexicons import Lexicons
from reportgraph.nlp.sentences import split_sentences

Row = tuple[float | None, str, float | None, str, str | None]


def figures(nlp: Language, lexicons: Lexicons, text: str) -> tuple[Doc, list[QuantityFrame]]:
    document = read_text(text, path="t.txt")
    doc = nlp(document.text)
    sentences, _ = split_sentences(document, doc)
    return doc, [f for s in sentences for f in find_quantities(document.text, doc, s, lexicons)]


def rows(frames: list[QuantityFrame]) -> list[Row]:
    return [(f.value, f.qualifier, f.upper, f.counted, f.kind) for f in frames]


CASES: list[tuple[str, list[Row]]] = [
    # qualifiers: at least
    (
        "At least 17 Rohingya villagers were killed in Maungdaw.",
        [(17, "at least", None, "rohingya villagers", "killed")],
    ),
    (
        "No fewer than 40 miners died in the collapse near Kolwezi.",
        [(40, "at least", None, "miners", "killed")],
    ),
    (
        "A minimum of 25 protesters were detained in Minsk.",
        [(25, "at least", None, "protesters", "detained")],
    ),
    # over
    (
        "Over 4,000 civilians were wounded in Mariupol.",
        [(4000, "over", None, "civilians", "wounded")],
    ),
    (
        "More than 600 people have been killed in Khartoum over the past week.",
        [(600, "over", None, "people", "killed")],
    ),
    (
        "Upwards of 500 families were uprooted by the fighting in Tigray.",
        [(500, "over", None, "families", "displaced")],
    ),
    (
        "In excess of 2,000 people were evacuated from Kherson.",
        [(2000, "over", None, "people", "displaced")],
    ),
    # about (nearly/almost are "about" too)
    (
        "Approximately 745 villagers were killed in Darfur.",
        [(745, "about", None, "villagers", "killed")],
    ),
    (
        "Around 200,000 people were displaced in Ituri.",
        [(200000, "about", None, "people", "displaced")],
    ),
    ("Roughly 70 students disappeared in Guerrero.", [(70, "about", None, "students", "missing")]),
    (
        "Some 300 fighters had been captured near Mosul.",
        [(300, "about", None, "fighters", "detained")],
    ),
    (
        "An estimated 4,500 people sought shelter in schools in Rafah.",
        [(4500, "about", None, "people", "sheltering")],
    ),
    ("Nearly 20 villages were burned in Kachin State.", [(20, "about", None, "villages", None)]),
    (
        "Almost 60 hostages were kidnapped in Zamfara.",
        [(60, "about", None, "hostages", "abducted")],
    ),
    (
        "Close to 90 civilians were reported missing after the raid on Beni.",
        [(90, "about", None, "civilians", "missing")],
    ),
    # up to
    (
        "Up to 8,000 Sudanese take shelter at the camp in Adre.",
        [(8000, "up to", None, "sudanese", "sheltering")],
    ),
    ("As many as 400 miners were trapped underground.", [(400, "up to", None, "miners", None)]),
    (
        "At least five more civilians, possibly as many as 21, were executed near Bunia.",
        [(5, "at least", None, "civilians", "killed"), (21, "up to", None, "civilians", "killed")],
    ),
    # under
    (
        "Fewer than 50 soldiers were wounded in the counter-offensive.",
        [(50, "under", None, "soldiers", "wounded")],
    ),
    (
        "Less than 20 journalists were arrested in Istanbul.",
        [(20, "under", None, "journalists", "detained")],
    ),
    (
        "Under 300 refugees crossed into Chad last night.",
        [(300, "under", None, "refugees", "displaced")],
    ),
    # ranges
    (
        "Between 2 and 3 million people fled Ukraine in the first month.",
        [(2_000_000, "range", 3_000_000, "people", "displaced")],
    ),
    (
        "Officials said 10-15 houses were destroyed in the storm.",
        [(10, "range", 15, "houses", None)],
    ),
    ("Some 20 to 30 gunmen were arrested in Kaduna.", [(20, "range", 30, "gunmen", "detained")]),
    (
        "Two or three aid workers were abducted near Gao.",
        [(2, "range", 3, "aid workers", "abducted")],
    ),
    # vague number words
    (
        "Hundreds of people fled across the border into Chad.",
        [(None, "vague", None, "people", "displaced")],
    ),
    (
        "Thousands more were wounded in the shelling of Kharkiv.",
        [(None, "vague", None, "people", "wounded")],
    ),
    (
        "Dozens of students were abducted from the school in Kuriga.",
        [(None, "vague", None, "students", "abducted")],
    ),
    (
        "Scores of fishermen went missing after the storm.",
        [(None, "vague", None, "fishermen", "missing")],
    ),
    (
        "Tens of thousands of refugees reached Lampedusa.",
        [(None, "vague", None, "refugees", "displaced")],
    ),
    (
        "Several thousand soldiers were deployed to the north.",
        [(None, "vague", None, "soldiers", None)],
    ),
    # number words
    (
        "Twenty-one soldiers died in the ambush near Menaka.",
        [(21, "exact", None, "soldiers", "killed")],
    ),
    (
        "A dozen journalists were detained in Tehran.",
        [(12, "exact", None, "journalists", "detained")],
    ),
    (
        "Five children were injured when the school in Kramatorsk was hit.",
        [(5, "exact", None, "children", "wounded")],
    ),
    # outcome forms: tolls, nominal deaths, lost lives, adjectival dead, partitive members
    ("The ministry put the toll at 1,383 killed.", [(1383, "exact", None, "people", "killed")]),
    ("The death toll rose to 410 by evening.", [(410, "exact", None, "people", "killed")]),
    (
        "The deaths of 745 people were confirmed by the coroner in Juba.",
        [(745, "exact", None, "people", "killed")],
    ),
    (
        "Officials confirmed over 1,400 civilian deaths in Kashmir.",
        [(1400, "over", None, "civilians", "killed")],
    ),
    (
        "An ambush claimed the lives of 13 police officers in Cabo Delgado.",
        [(13, "exact", None, "police officers", "killed")],
    ),
    (
        "Over 1,000 individuals have lost their lives in Port-au-Prince.",
        [(1000, "over", None, "individuals", "killed")],
    ),
    (
        "125 members of the border guard were killed in the raid.",
        [(125, "exact", None, "border guard members", "killed")],
    ),
    (
        "Over 10,000 Venezuelans have entered Colombia this week.",
        [(10000, "over", None, "venezuelans", "displaced")],
    ),
    (
        "At least 17 dead and 20 injured in the blast in Kabul.",
        [(17, "at least", None, "people", "killed"), (20, "exact", None, "people", "wounded")],
    ),
    (
        "Nearly 200 bodies were buried in a mass grave near Izium.",
        [(200, "about", None, "bodies", "buried")],
    ),
    (
        "The army killed 40 people, including 9 children, in the raid on Marawi.",
        [(40, "exact", None, "people", "killed"), (9, "exact", None, "children", "killed")],
    ),
    (
        "Thousands of Christian and Yazidi families sought refuge in Dohuk.",
        [(None, "vague", None, "christian and yazidi families", "sheltering")],
    ),
    (
        "The UN said 2,000-3,000 migrants drowned, and hundreds of thousands remain stranded.",
        [(2000, "range", 3000, "migrants", "killed"), (None, "vague", None, "", None)],
    ),
    (
        "Aid groups say 1.2m people have fled Gaza City.",
        [(1_200_000, "exact", None, "people", "displaced")],
    ),
    (
        "The number of dead climbed from 50 to 75 overnight.",
        [(50, "exact", None, "people", "killed"), (75, "exact", None, "people", "killed")],
    ),
    (
        "Of the 230 passengers, 45 were rescued and 185 are still missing.",
        [
            (230, "exact", None, "passengers", None),
            (45, "exact", None, "passengers", None),
            (185, "exact", None, "people", "missing"),
        ],
    ),
    (
        "The figure of 745 was given by a monitor who said the victims were killed in Wau.",
        [(745, "exact", None, "", None)],
    ),
    # non-figures next to figures: years, dates, ages, clock times, pronoun "one"
    (
        "40 activists were arrested in 1999 in Yangon.",
        [(40, "exact", None, "activists", "detained")],
    ),
    (
        "The attack on March 6 killed 12 people in Kandahar.",
        [(12, "exact", None, "people", "killed")],
    ),
    ("On 8 April another 9 villagers were injured.", [(9, "exact", None, "villagers", "wounded")]),
    (
        "A 57-year-old farmer and a boy aged 14 were among 7 people killed.",
        [(7, "exact", None, "people", "killed")],
    ),
    (
        "The curfew began at 10:30, and at 5 pm 40 protesters were arrested.",
        [(40, "exact", None, "protesters", "detained")],
    ),
    ("One of the guards said two were hurt.", [(2, "exact", None, "people", "wounded")]),
]

NOT_FIGURES = [
    "Inflation reached 10% as the army spent $2 million and 45 percent of voters stayed home.",
    "He was the 4th victim; call 555-1234 or +1 212 555 0199 for help.",
    "See https://example.org/2023/05/12/report-55 and @monitor_24 for details.",
    "The siege lasted two days, ending a 14-year war after 9 months.",
    "The convoy travelled 40 km with 20 tonnes of aid under Resolution 2254.",
    "In 2013 the rebels took the town.",
    "The ceasefire was signed on 12/03/2022 in Doha and again on January 5, 2023.",
    "Fighting resumed at 6 am and the talks lasted 3 hours.",
    "The colonel, now 25 years old, had served since 2011.",
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_figures(nlp: Language, lexicons: Lexicons, text: str, expected: list[Row]) -> None:
    _, frames = figures(nlp, lexicons, text)
    assert rows(frames) == expected


@pytest.mark.parametrize("text", NOT_FIGURES)
def test_not_figures(nlp: Language, lexicons: Lexicons, text: str) -> None:
    _, frames = figures(nlp, lexicons, text)
    assert rows(frames) == []


def test_list_numbering_is_no_figure(nlp: Language, lexicons: Lexicons) -> None:
    _, frames = figures(
        nlp, lexicons, "Findings:\n\n1. Twelve villages were burned.\n2. Roads were cut."
    )
    assert rows(frames) == [(12, "exact", None, "villages", None)]


@pytest.mark.parametrize(("text", "expected"), CASES + [(t, []) for t in NOT_FIGURES])
def test_offsets_are_exact(
    nlp: Language, lexicons: Lexicons, text: str, expected: list[Row]
) -> None:
    doc, frames = figures(nlp, lexicons, text)
    assert len(frames) == len(expected)
    for f in frames:
        assert doc.text[f.start : f.end] == f.text
        assert f.start <= f.number_start < f.number_end <= f.end
        assert 0 <= f.anchor < len(doc)
    assert [f.start for f in frames] == sorted(f.start for f in frames)


def test_spans_cover_number_and_noun(nlp: Language, lexicons: Lexicons) -> None:
    text = "Officials said possibly as many as 21 guards and 125 members of the border guard died."
    doc, frames = figures(nlp, lexicons, text)
    assert [f.text for f in frames] == [
        "possibly as many as 21 guards",
        "125 members of the border guard",
    ]
    assert [doc.text[f.number_start : f.number_end] for f in frames] == [
        "possibly as many as 21",
        "125",
    ]


def test_anchor_is_the_governing_verb(nlp: Language, lexicons: Lexicons) -> None:
    doc, frames = figures(nlp, lexicons, "The agency said that 745 civilians were killed in Bor.")
    assert [doc[f.anchor].text for f in frames] == ["killed"]
    doc, frames = figures(nlp, lexicons, "The monitor put the toll at 1,383.")
    assert [doc[f.anchor].text for f in frames] == ["put"]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("4,000", 4000),
        ("1,383", 1383),
        ("745", 745),
        ("2.5", 2.5),
        ("1.2 million", 1_200_000),
        ("3 million", 3_000_000),
        ("5k", 5000),
        ("2bn", 2_000_000_000),
        ("five", 5),
        ("twenty-one", 21),
        ("twenty one", 21),
        ("a dozen", 12),
        ("two dozen", 24),
        ("half a dozen", 6),
        ("a hundred", 100),
        ("one hundred and twenty", 120),
        ("two thousand", 2000),
    ],
)
def test_parse_number(lexicons: Lexicons, text: str, value: float) -> None:
    assert parse_number(text, lexicons.figures) == value


@pytest.mark.parametrize("text", ["thousands", "hundreds", "", "soldiers", "4th", "1,38,3x"])
def test_parse_number_without_value(lexicons: Lexicons, text: str) -> None:
    assert parse_number(text, lexicons.figures) is None
