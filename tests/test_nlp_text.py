"""Span cleaning, paragraph breaks and entity merging: pure functions, no spaCy pipeline."""

from __future__ import annotations

import pytest

from reportgraph import ids
from reportgraph.models import Document, Segment
from reportgraph.nlp.entities import merge_mentions
from reportgraph.nlp.mentions import RawMention, clean_span
from reportgraph.nlp.sentences import Sentence, paragraph_breaks


def cleaned(text: str) -> str | None:
    bounds = clean_span(text, 0, len(text))
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
def test_clean_span_keeps_the_name(raw: str, name: str) -> None:
    assert cleaned(raw) == name


@pytest.mark.parametrize(
    "raw", ["2024", "1,200", "the", "The", "rebels", "  ", "—", "pic.twitter.com/Ab12", "@someone"]
)
def test_clean_span_drops_non_names(raw: str) -> None:
    assert cleaned(raw) is None


def test_clean_span_offsets_index_the_text() -> None:
    text = "Reports said “the Wagner Group’s” men left."
    start = text.index("“")
    bounds = clean_span(text, start, text.index(" men"))
    assert bounds is not None
    assert text[bounds[0] : bounds[1]] == "Wagner Group"


def test_blank_lines_always_break() -> None:
    text = "Shelling hit Kherson\n\nresidents fled west"
    assert paragraph_breaks(text) == [text.index("residents")]


def test_single_line_breaks_split_paragraph_text() -> None:
    text = "Heading without a stop\nThe army withdrew.\nAid arrived later."
    assert paragraph_breaks(text) == [text.index("The army"), text.index("Aid")]


def test_hard_wrapped_text_keeps_single_line_breaks() -> None:
    text = "The convoy was stopped near\nthe border and its drivers\nwere held\n\nLater on"
    assert paragraph_breaks(text) == [text.index("Later")]


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


def test_merge_by_normalised_name_with_majority_type() -> None:
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
    entities, mention_entity = merge_mentions(document, raws, [sentence])
    assert [e.type for e in entities] == ["ORGANIZATION", "PLACE"]
    group = entities[0]
    assert group.label == "al-Shabaab"  # most frequent form
    assert group.aliases == ("AL-SHABAAB", "Al-Shabaab")
    assert group.id == ids.entity_id("ORGANIZATION", "al-Shabaab")
    assert mention_entity == [0, 0, 0, 0, 1]
    assert all(text[m.start : m.end] == m.text for m in group.mentions)


def test_type_ties_follow_the_configured_order() -> None:
    text = "Darfur and Darfur"
    raws = _raws(text, [("Darfur", "PERSON"), ("Darfur", "PLACE")])
    entities, _ = merge_mentions(_doc(text), raws, [Sentence(0, len(text), text, 0, 0)])
    assert [e.type for e in entities] == ["PLACE"]


def test_plural_of_a_group_name_is_a_group() -> None:
    text = "Yazidi elders said Yazidis left."
    raws = _raws(text, [("Yazidi", "GROUP"), ("Yazidis", "PLACE")])
    entities, _ = merge_mentions(_doc(text), raws, [Sentence(0, len(text), text, 0, 0)])
    assert [(e.label, e.type) for e in entities] == [("Yazidi", "GROUP"), ("Yazidis", "GROUP")]
