"""Paragraph breaks that sentences never cross: a pure function, no spaCy pipeline."""

from __future__ import annotations

from reportgraph.nlp.sentences import paragraph_breaks


def test_blank_lines_always_break() -> None:
    text = "Shelling hit Kherson\n\nresidents fled west"
    assert paragraph_breaks(text) == [text.index("residents")]


def test_single_line_breaks_split_paragraph_text() -> None:
    text = "Heading without a stop\nThe army withdrew.\nAid arrived later."
    assert paragraph_breaks(text) == [text.index("The army"), text.index("Aid")]


def test_hard_wrapped_text_keeps_single_line_breaks() -> None:
    text = "The convoy was stopped near\nthe border and its drivers\nwere held\n\nLater on"
    assert paragraph_breaks(text) == [text.index("Later")]
