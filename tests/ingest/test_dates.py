"""Publication dates: metadata first, else a date written at the top of the text."""

from __future__ import annotations

import datetime as dt

import pytest

from reportgraph.ingest import read_text
from reportgraph.ingest.dates import find_top_date, parse_date

BODY = "\n\nAid trucks crossed the border on Tuesday, officials said.\n"


@pytest.mark.parametrize(
    ("top", "written"),
    [
        (" date 2024-06-02 The rest of a first line that keeps going", "2024-06-02"),
        ("Published: 2 June 2024", "2 June 2024"),
        ("June 2, 2024 | 10:42", "June 2, 2024"),
        ("Posted on Sunday, 2nd of June 2024", "Sunday, 2nd of June 2024"),
        ("Headline of the piece\nBy Kim Ode, June 2, 2024", "June 2, 2024"),
        ("By Kim Ode | Published 2024/06/02", "2024/06/02"),
        ("NAIROBI, June 2, 2024 (Wire) - Aid trucks crossed", "June 2, 2024"),
        ("Updated: 2 Jun. 2024", "2 Jun. 2024"),
    ],
)
def test_top_of_article_dates(top: str, written: str) -> None:
    text = top + BODY
    doc = read_text(text, path="a.txt")
    assert doc.published == dt.date(2024, 6, 2)
    assert doc.published_text == written
    found = find_top_date(text)
    assert found is not None
    assert text[found.start : found.end] == written


def test_publication_label_beats_update_label() -> None:
    text = "Updated 9 June 2024\nPublished 2 June 2024" + BODY
    assert read_text(text, path="a.txt").published == dt.date(2024, 6, 2)


@pytest.mark.parametrize(
    "text",
    [
        "Aid trucks crossed the border on Tuesday, officials said.\n",
        "Yesterday the convoy left.\n\nIt was June 2 when the rain began.\n",
        "Published: yesterday\n\nThe convoy left.\n",
        "08/06/2024\n\nAmbiguous numeric dates are ignored.\n",
    ],
)
def test_undated_articles(text: str) -> None:
    doc = read_text(text, path="a.txt")
    assert doc.published is None
    assert doc.published_text is None


def test_date_deep_in_the_body_is_not_the_publication_date() -> None:
    long_para = "A long opening paragraph about the situation on the ground. " * 5
    text = long_para + "\n\nPublished: 2 June 2024\n"
    assert read_text(text, path="a.txt").published is None


def test_metadata_date_wins_over_text() -> None:
    text = "Published: 2 June 2024" + BODY
    doc = read_text(text, path="a.txt", date="2024-05-30T23:30:00+05:00")
    assert doc.published == dt.date(2024, 5, 30)  # calendar date as written
    assert doc.published_text == "2024-05-30T23:30:00+05:00"


def test_unparseable_metadata_date_falls_back_to_text_then_keeps_raw() -> None:
    dated = read_text("Published: 2 June 2024" + BODY, path="a.txt", date="soon")
    assert dated.published == dt.date(2024, 6, 2)
    undated = read_text(BODY, path="a.txt", date="soon")
    assert undated.published is None
    assert undated.published_text == "soon"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Sun, 02 Jun 2024 10:42:00 GMT", dt.date(2024, 6, 2)),
        ("2 June 2024", dt.date(2024, 6, 2)),
        ("2024-13-45", None),
        ("tomorrow", None),
        ("June 2", None),
    ],
)
def test_parse_date(value: str, expected: dt.date | None) -> None:
    assert parse_date(value) == expected
