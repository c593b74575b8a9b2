"""Time expressions: finding them in sentences and normalising them against a publication date."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st
from spacy.language import Language

from reportgraph.ingest import read_text
from reportgraph.nlp.frames import TimeFrame
from reportgraph.nlp.sentences import split_sentences
from reportgraph.nlp.time.expressions import find_times, normalise_time

THURSDAY = dt.date(2024, 10, 17)  # publication date of the table: a Thursday

NORMALISED = [
    ("on Thursday", THURSDAY, "2024-10-17"),  # the publication day itself is a Thursday
    ("Thursday", THURSDAY, "2024-10-17"),
    ("last Thursday", THURSDAY, "2024-10-10"),  # "last": strictly before publication
    ("on Tuesday", THURSDAY, "2024-10-15"),
    ("on Friday", THURSDAY, "2024-10-11"),
    ("on Saturday afternoon", THURSDAY, "2024-10-12"),
    ("since Monday", THURSDAY, "2024-10-14/2024-10-17"),
    ("last week", THURSDAY, "2024-10-07/2024-10-13"),
    ("earlier this week", THURSDAY, "2024-10-14/2024-10-17"),
    ("last month", THURSDAY, "2024-09-01/2024-09-30"),
    ("October 6", THURSDAY, "2024-10-06"),
    ("6 October", THURSDAY, "2024-10-06"),
    ("October 20", THURSDAY, "2023-10-20"),  # after publication: the year before
    ("October 6, 2024", THURSDAY, "2024-10-06"),
    ("in December", THURSDAY, "2023-12-01/2023-12-31"),
    ("in May", THURSDAY, "2024-05-01/2024-05-31"),
    ("mid-September", THURSDAY, "2024-09-11/2024-09-20"),
    ("two days ago", THURSDAY, "2024-10-15"),
    ("yesterday", THURSDAY, "2024-10-16"),
    ("over the past three days", THURSDAY, "2024-10-14/2024-10-17"),
    ("in the past 24 hours", THURSDAY, "2024-10-16/2024-10-17"),
    ("since Thursday", dt.date(2024, 10, 19), "2024-10-17/2024-10-19"),
    ("Tuesday and Wednesday", THURSDAY, "2024-10-15/2024-10-16"),
    ("over the weekend", THURSDAY, "2024-10-12/2024-10-13"),
    ("since 2011", THURSDAY, "2011-01-01/2024-10-17"),
    ("in 2011", THURSDAY, "2011-01-01/2011-12-31"),
    ("October 2023", THURSDAY, "2023-10-01/2023-10-31"),
    ("Monday, October 14", THURSDAY, "2024-10-14"),
    ("2024-02-29", THURSDAY, "2024-02-29"),
    # the future and open-ended or vague expressions stay unknown
    ("later this week", THURSDAY, None),
    ("next month", THURSDAY, None),
    ("until Friday", THURSDAY, None),
    ("a few days ago", THURSDAY, None),
    ("for two days", THURSDAY, None),
    ("the 14-year war", THURSDAY, None),
    # without a publication date, only expressions with a year normalise
    ("on Thursday", None, None),
    ("since Monday", None, None),
    ("last week", None, None),
    ("October 6", None, None),
    ("two days ago", None, None),
    ("in December", None, None),
    ("October 6, 2024", None, "2024-10-06"),
    ("6 October 2024", None, "2024-10-06"),
    ("in 2011", None, "2011-01-01/2011-12-31"),
    ("since 2011", None, None),
]


@pytest.mark.parametrize(("text", "published", "expected"), NORMALISED)
def test_normalise_time(text: str, published: dt.date | None, expected: str | None) -> None:
    assert normalise_time(text, published) == expected


def test_weekdays_never_fall_after_publication() -> None:
    published = dt.date(2023, 1, 1)  # a Sunday
    for day in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"):
        value = normalise_time(f"on {day}", published)
        assert value is not None
        date = dt.date.fromisoformat(value)
        assert date <= published and (published - date).days < 7
        assert date.strftime("%A") == day


@given(
    st.dates(dt.date(1950, 1, 1), dt.date(2099, 12, 31)),
    st.integers(1, 12),
    st.integers(1, 31),
)
def test_a_date_without_year_is_the_latest_one_on_or_before_publication(
    published: dt.date, month: int, day: int
) -> None:
    """``_latest_on_or_before`` (arithmetic) gives what dateparser gives, 29 February and
    impossible days included."""
    import calendar

    from reportgraph.nlp.time.expressions import _latest_on_or_before, _parse

    text = f"{calendar.month_name[month]} {day}"
    assert _latest_on_or_before(month, day, published) == _parse(text, published, ["day", "month"])


@given(
    st.dates(dt.date(1950, 1, 1), dt.date(2099, 12, 31)),
    st.integers(1, 400),
    st.sampled_from(["hour", "hours", "day", "days", "week", "weeks", "month", "months", "years"]),
)
def test_ago_is_counted_back_as_dateparser_counts(
    published: dt.date, count: int, unit: str
) -> None:
    from reportgraph.nlp.time.expressions import _parse

    expected = _parse(f"{count} {unit} ago", published, [])
    assert expected is not None
    assert normalise_time(f"{count} {unit} ago", published) == expected.isoformat()


def test_nights_ago_are_days_ago() -> None:
    assert normalise_time("three nights ago", dt.date(2024, 3, 1)) == "2024-02-27"


def test_29_february_goes_back_to_the_last_leap_year() -> None:
    assert normalise_time("29 February", dt.date(2023, 3, 1)) == "2020-02-29"
    assert normalise_time("on March 6", dt.date(2025, 3, 6)) == "2025-03-06"
    assert normalise_time("on March 7", dt.date(2025, 3, 6)) == "2024-03-07"


def test_last_week_is_the_iso_week_before_at_year_end() -> None:
    assert normalise_time("last week", dt.date(2021, 1, 1)) == "2020-12-21/2020-12-27"
    assert normalise_time("last month", dt.date(2021, 1, 15)) == "2020-12-01/2020-12-31"


def times(nlp: Language, text: str, published: dt.date | None = THURSDAY) -> list[TimeFrame]:
    document = read_text(text, path="t.txt")
    doc = nlp(document.text)
    sentences, _ = split_sentences(document, doc)
    ents = doc.ents
    found = [f for s in sentences for f in find_times(doc, s, published, ents)]
    for f in found:
        assert document.text[f.start : f.end] == f.text
        assert f.start <= doc[f.anchor].idx < f.end
    return found


def test_finds_expressions_with_their_preposition(nlp: Language) -> None:
    found = times(
        nlp,
        "Militants shelled the port on Saturday afternoon and the airport since Monday. "
        "Talks resumed in December, then again on October 6, 2024.",
    )
    assert [(f.text, f.value) for f in found] == [
        ("on Saturday afternoon", "2024-10-12"),
        ("since Monday", "2024-10-14/2024-10-17"),
        ("in December", "2023-12-01/2023-12-31"),
        ("on October 6, 2024", "2024-10-06"),
    ]


def test_relative_expressions(nlp: Language) -> None:
    found = times(
        nlp,
        "Earlier this week, 300 families fled over the past three days and aid came two days ago.",
    )
    assert [f.text for f in found] == [
        "Earlier this week",
        "over the past three days",
        "two days ago",
    ]
    assert all(f.value for f in found)


def test_durations_are_not_time_frames(nlp: Language) -> None:
    found = times(
        nlp, "The siege lasted for two days during a 14-year war and several months of talks."
    )
    assert found == []


def test_finding_does_not_depend_on_the_publication_date(nlp: Language) -> None:
    text = "Police detained him on Friday, two days ago, and freed him last week in Lima."
    known = times(nlp, text)
    unknown = times(nlp, text, None)
    assert (
        [f.text for f in known]
        == [f.text for f in unknown]
        == [
            "on Friday",
            "two days ago",
            "last week",
        ]
    )
    assert all(f.value for f in known)
    assert all(f.value is None for f in unknown)


def test_spacy_dates_are_hints_for_bare_months_and_years(nlp: Language) -> None:
    found = times(nlp, "March was the deadliest month since the uprising of 2011.", THURSDAY)
    values = {f.text: f.value for f in found}
    assert values.get("March") == "2024-03-01/2024-03-31"


_FRAGMENTS = [
    *(text for text, _, _ in NORMALISED),
    "2024-10-06",
    "Monday and Tuesday nights",
    "the weekend",
    "a fortnight ago",
    "last night",
    "this evening",
    "overnight",
    "the day before yesterday",
    "in 1998",
    "late 2011",
    "early Sept. 2020",
    "the 3rd of June",
    "in the previous six months",
]


@given(
    st.lists(
        st.sampled_from([*_FRAGMENTS, "shelling", "in", "the", "of", "12", "-", ",", "said"]),
        max_size=8,
    )
)
def test_a_finder_never_matches_where_its_key_does_not(words: list[str]) -> None:
    """The keys only skip work: a sentence without a finder's key has no match of it."""
    from reportgraph.nlp.time import patterns as p

    sentence = " ".join(words)
    for finder, key in p.FINDERS:
        if finder.search(sentence) is not None:
            assert key.found_in(sentence, sentence.lower()), (finder.pattern, sentence)


def test_every_finder_has_a_fragment_it_matches() -> None:
    from reportgraph.nlp.time import patterns as p

    for finder, _ in p.FINDERS:
        assert any(finder.search(f"reported {f} here") for f in _FRAGMENTS), finder.pattern
