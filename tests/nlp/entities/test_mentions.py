"""Span cleaning of entity mentions: a pure function, no spaCy pipeline."""

from __future__ import annotations

import pytest

from reportgraph.nlp.entities.mentions import clean_span
from reportgraph.nlp.lexicons import GeneralLexicon, Lexicons


def cleaned(text: str, lex: GeneralLexicon) -> str | None:
    bounds = clean_span(text, 0, len(text), lex)
    return None if bounds is None else text[bounds[0] : bounds[1]]


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        ("the Kachin Independence Army", "Kachin Independence Army"),
        ("The Taliban", "Taliban"),
        ("Israel’s", "Israel"),
        ("Hezbollah's", "Hezbollah"),
        ("Houthis'", "Houthis"),
        ("  “Kyiv” ", "Kyiv"),
        ("🇺🇦 Kyiv", "Kyiv"),
        ("Odesa 🔥", "Odesa"),
        ("Goma\n\n", "Goma"),
        ("Goma\n\nThe", "Goma"),
        ("(UNHCR)", "UNHCR"),
        ("Office (UNHCR)", "Office (UNHCR)"),
        ("Mosul,", "Mosul"),
        ("Sudan.", "Sudan"),
        ("U.S.", "U.S."),
        ("—Kharkiv", "Kharkiv"),
        ("n’t al-Bashir", "al-Bashir"),
        ("al-Shabaab", "al-Shabaab"),
    ],
)
def test_clean_span_keeps_the_name(lexicons: Lexicons, raw: str, name: str) -> None:
    assert cleaned(raw, lexicons.general) == name


@pytest.mark.parametrize(
    "raw", ["2024", "1,200", "the", "The", "rebels", "  ", "—", "pic.twitter.com/Ab12", "@someone"]
)
def test_clean_span_drops_non_names(lexicons: Lexicons, raw: str) -> None:
    assert cleaned(raw, lexicons.general) is None


def test_clean_span_offsets_index_the_text(lexicons: Lexicons) -> None:
    text = "Reports said “the Wagner Group’s” men left."
    start = text.index("“")
    bounds = clean_span(text, start, text.index(" men"), lexicons.general)
    assert bounds is not None
    assert text[bounds[0] : bounds[1]] == "Wagner Group"
