"""Reader comments below articles: markers, commenter style, HTML comment sections.

All texts are invented for these tests (other conflicts, places and names).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reportgraph.ingest import read_file, read_text
from reportgraph.ingest.comments import (
    HTML_COMMENTS_SEPARATOR,
    find_comments,
    score_paragraph,
    unquoted,
)
from reportgraph.ingest.html import MainText, extract_html
from reportgraph.ingest.segments import find_reader_comments, segment_text
from reportgraph.models import Document, Segment

ARTICLE_PARAGRAPHS = [
    "Armed men attacked a convoy of traders near the town of Menaka on Tuesday, killing at "
    "least 14 people, local officials said.",
    "The regional governor told reporters that the attackers arrived on motorbikes before dawn "
    "and set fire to six trucks loaded with grain.",
    "A spokesman for the army said troops were sent to the area and that two suspects were "
    "arrested on Wednesday morning.",
    "According to the United Nations refugee agency, more than 3,500 people have fled the "
    "district since January, most of them women and children.",
    "Aid groups warned that the road is the only supply route for the northern camps and that "
    "food prices had doubled in two weeks.",
    "The government has announced an inquiry, and the defence ministry stated that patrols "
    "would be reinforced along the border.",
]
UNMARKED_COMMENTS = [
    "I have lived there for ten years and nobody ever asked us what we think. Typical.",
    "Where do you get your numbers from? Cite a source or stop spreading this.",
    "lol, as if an inquiry ever changed anything. IMO the whole thing is theatre!",
    "Thank you for this article, finally someone cares about the north.",
]


def _check_tiling(text: str, segments: tuple[Segment, ...]) -> None:
    """Sorted, non-overlapping, inside the text, covering every non-space character."""
    pos = 0
    covered = [False] * len(text)
    for seg in segments:
        assert 0 <= seg.start <= seg.end <= len(text)
        assert seg.start >= pos, "segments overlap or are unsorted"
        pos = seg.end
        for i in range(seg.start, seg.end):
            covered[i] = True
        assert text[seg.start : seg.end] == text[seg.start : seg.end].strip()
    assert all(covered[i] for i, ch in enumerate(text) if not ch.isspace())


def _comment_texts(doc: Document) -> list[str]:
    return [doc.text[s.start : s.end] for s in doc.segments if s.kind == "reader_comment"]


def _body_texts(doc: Document) -> str:
    return "\n".join(doc.text[s.start : s.end] for s in doc.segments if s.kind == "body")


def _doc(text: str) -> Document:
    doc = read_text(text, path="t.txt")
    _check_tiling(doc.text, doc.segments)
    return doc


# --- style without markers -------------------------------------------------------------------


def test_unmarked_comments_after_article_blank_line_paragraphs() -> None:
    doc = _doc("\n\n".join(ARTICLE_PARAGRAPHS + UNMARKED_COMMENTS) + "\n")
    assert _comment_texts(doc) == UNMARKED_COMMENTS  # one segment per comment
    body = _body_texts(doc)
    for paragraph in ARTICLE_PARAGRAPHS:
        assert paragraph in body


SUDAN_LINES = [
    "Shelling hit a crowded market in El Obeid on Sunday, killing at least 22 civilians, "
    "medics said.",
    "Witnesses told the agency that several shells landed near the bus station shortly after "
    "noon, when the market was at its busiest.",
    "The paramilitary force denied responsibility in a statement on Monday and blamed the "
    "army for the attack.",
    "An aid worker said the main hospital had run out of blood and that 65 wounded people "
    "were waiting for surgery.",
    "The United Nations said on Monday that more than 11 million people have been displaced "
    "across the country since April 2023.",
]
SUDAN_COMMENTS = [
    "Nobody in the West cares about this war. Shame on all of us.",
    "Why are you not naming who sold them the shells? Follow the money!",
    "I pray for the families. We forget them every single week…",
    "Your headline says 22 but my cousin there says it is far more?!",
]
SECOND_ARTICLE = [
    "Drone strikes rise as peace talks stall",
    "Drone attacks on power stations in the east have increased since talks collapsed in "
    "Geneva last month, the energy ministry said on Thursday.",
    "Engineers reported that four substations were damaged in two weeks, cutting electricity "
    "to about 300,000 homes, according to the national grid operator.",
    "Mediators from three countries told reporters that a new round of talks could begin "
    "in July if both sides agreed to a ceasefire.",
]
MORE_COMMENTS = [
    "Great article, keep it up! We need more of this.",
    "Do you honestly believe the talks will happen? I don't.",
    "Same story every year lol. Nothing changes.",
]


def test_single_line_paragraphs_comments_then_second_article_then_more_comments() -> None:
    lines = [
        *SUDAN_LINES,
        *SUDAN_COMMENTS,
        *SECOND_ARTICLE,
        "Read more here: https://news.example.org/energy/drone-strikes",
        *MORE_COMMENTS,
    ]
    doc = _doc("\n".join(lines) + "\n")
    comments = _comment_texts(doc)
    assert comments == SUDAN_COMMENTS + MORE_COMMENTS
    body = _body_texts(doc)
    for line in SUDAN_LINES + SECOND_ARTICLE:
        assert line in body  # the pasted second article is read as article prose again


def test_comment_style_paragraphs_in_first_30_percent_are_never_comments() -> None:
    chatty = [
        "Why does nobody talk about this? I asked myself that for months!",
        "You may think the war is over. We were told so too, honestly.",
        "Ask anyone here and they will tell you the same, lol.",
    ]
    text = "\n\n".join([ARTICLE_PARAGRAPHS[0], *chatty, *ARTICLE_PARAGRAPHS[1:], *SUDAN_LINES])
    assert text.index(chatty[-1]) < 0.3 * len(text)
    assert find_comments(text) == []
    # the same paragraphs later in the text are a comment zone
    late = "\n\n".join([*ARTICLE_PARAGRAPHS, *SUDAN_LINES, *chatty])
    assert [late[c.start : c.end] for c in find_comments(late)] == chatty


def test_article_ending_with_short_plain_sentences_is_not_a_comment_zone() -> None:
    ending = [
        "The bridge remains closed.",
        "Schools in the area will reopen next month.",
        "Electricity was restored in parts of the city.",
    ]
    doc = _doc("\n\n".join(ARTICLE_PARAGRAPHS + ending))
    assert _comment_texts(doc) == []


WITNESS_ARTICLE = [
    "Militiamen stormed the village of Kigoma-Ya in eastern Congo overnight, burning dozens "
    "of homes, residents and a local official said on Saturday.",
    "“I saw them drag my brother out of the house. I could not do anything,” said Amani, "
    "a 34-year-old farmer who fled to the nearby town.",
    "“Where are we supposed to go now? Tell me, where?” asked Neema, a mother of five, "
    "standing outside a church where families were sheltering.",
    "“We heard shooting all night. My children were crying,” another resident told "
    "reporters by phone.",
    "“You cannot imagine it. They took everything we had!” said a teacher who asked not "
    "to be named.",
    "The provincial governor said at least 40 people were missing and that the army had "
    "been deployed, according to a statement released on Sunday.",
    "“I am asking the government: why did nobody come?” said the village chief, Joseph, "
    "who estimated that 200 families had left.",
]


def test_first_person_quotes_of_witnesses_are_not_comments() -> None:
    doc = _doc("\n\n".join(WITNESS_ARTICLE))
    assert _comment_texts(doc) == []


def test_witness_article_with_single_line_paragraphs_is_not_split() -> None:
    doc = _doc("\n".join(WITNESS_ARTICLE))
    assert _comment_texts(doc) == []


OPINION_COLUMN = [
    "I first went to Mosul in 2016, and I have returned every year since.",
    "What I saw this spring shocked me more than anything I saw during the war itself.",
    "My friends there ask me why the world stopped paying attention. I have no good answer.",
    "We journalists moved on to the next story. I include myself in that criticism.",
    "Ask yourself: when did you last read about the reconstruction? I suspect you cannot remember.",
    "I believe we owe these families more than a headline once a year!",
    "So here is my plea to my editors and to you, the readers: do not look away.",
    "I will keep going back, and I will keep writing, whether or not anyone reads it.",
]


def test_first_person_opinion_column_is_not_split_into_comments() -> None:
    for separator in ("\n\n", "\n"):
        doc = _doc(separator.join(OPINION_COLUMN))
        assert _comment_texts(doc) == []


def test_opinion_column_comments_are_found_only_with_a_marker() -> None:
    """Documented limitation: below a first-person column, commenter style proves nothing."""
    comments = ["Brilliant piece, thank you!", "You are naive if you think anyone cares."]
    unmarked = "\n\n".join(OPINION_COLUMN + comments)
    assert _comment_texts(_doc(unmarked)) == []
    marked = "\n\n".join([*OPINION_COLUMN, "2 Comments", *comments])
    assert _comment_texts(_doc(marked)) == comments


# --- markers ---------------------------------------------------------------------------------

WORDPRESS = (
    "\n\n".join(ARTICLE_PARAGRAPHS[:3])
    + "\n\n3 Comments\n\n"
    + "Tomas K. says:\nMarch 3, 2025 at 10:14 am\n"
    + "The governor said the same thing last year. Nothing happened.\nReply\n\n"
    + "farida_b says:\nMarch 3, 2025 at 11:02 am\n"
    + "Praying for everyone in Menaka.\n"
    + "Stay safe.\nReply\n\n"
    + "Old Soldier on March 4, 2025 at 7:45 pm\n"
    + "According to my sources the army never left the base.\n"
    + "Report comment\n\n"
    + "Leave a Reply\n"
)


def test_wordpress_thread_headers_split_comments_and_keep_names() -> None:
    doc = _doc(WORDPRESS)
    comments = [s for s in doc.segments if s.kind == "reader_comment"]
    assert [c.author_name for c in comments] == ["Tomas K.", "farida_b", "Old Soldier"]
    assert [c.date_text for c in comments] == [
        "March 3, 2025 at 10:14 am",
        "March 3, 2025 at 11:02 am",
        "March 4, 2025 at 7:45 pm",
    ]
    texts = _comment_texts(doc)
    assert texts[0].endswith("Nothing happened.")
    assert texts[1].endswith("Praying for everyone in Menaka.\nStay safe.")
    # a comment that sounds like reporting is still a comment inside a marked thread
    assert texts[2].endswith("the army never left the base.")
    body = _body_texts(doc)
    for chrome in ("3 Comments", "Reply", "Report comment", "Leave a Reply"):
        assert chrome in body  # page chrome is not a commenter's words
    for paragraph in ARTICLE_PARAGRAPHS[:3]:
        assert paragraph in body


def test_section_marker_without_headers_makes_each_paragraph_a_comment() -> None:
    comments = [
        "The army has been saying this for years.",
        "Good reporting.",
        "The figures in the third paragraph do not add up.",
    ]
    for marker in ("Join the discussion", "12 Comments", "Comments (3)"):
        doc = _doc("\n\n".join([*ARTICLE_PARAGRAPHS[:2], marker, *comments]))
        assert _comment_texts(doc) == comments, marker


@pytest.mark.parametrize(
    ("line", "marker"),
    [
        ("23 Comments", True),
        ("1,204 comments", True),
        ("Leave a Reply Cancel reply", True),
        ("Comments are closed.", True),
        ("12 thoughts on “Shelling in Kharkiv”", True),
        ("View all 40 comments", True),
        ("Thoughts on the ceasefire", False),
        ("Comments from the ministry were not available.", False),
        ("The discussion in parliament lasted four hours.", False),
    ],
)
def test_section_marker_lines(line: str, marker: bool) -> None:
    comments = ["Nobody believes the junta anymore.", "Stay safe, Yangon."]
    text = "\n\n".join([*ARTICLE_PARAGRAPHS[:2], line, *comments])
    found = _comment_texts(_doc(text))
    assert (found == comments) is marker


def test_timestamped_header_alone_opens_a_thread() -> None:
    text = "\n".join(
        [
            *SUDAN_LINES[:3],
            "Hamid · 2 hours ago",
            "The market is next to my old school. Terrible.",
            "riverside42 · 5 hours ago",
            "Both sides shell markets, report that too.",
        ]
    )
    doc = _doc(text)
    comments = [s for s in doc.segments if s.kind == "reader_comment"]
    assert [c.author_name for c in comments] == ["Hamid", "riverside42"]
    assert all(c.date_text and c.date_text.endswith("ago") for c in comments)


def test_markers_never_open_a_zone_before_any_text() -> None:
    text = "Comments\n\n" + "\n\n".join(ARTICLE_PARAGRAPHS)
    assert _comment_texts(_doc(text)) == []


def test_speech_lines_are_not_headers() -> None:
    text = "\n\n".join(
        [
            *ARTICLE_PARAGRAPHS[:3],
            "The minister says: the roads will reopen within a week.",
            *ARTICLE_PARAGRAPHS[3:],
        ]
    )
    assert _comment_texts(_doc(text)) == []


def test_comments_do_not_overlap_taken_segments_and_links_stay_links() -> None:
    text = "\n".join(
        [*SUDAN_LINES, *SUDAN_COMMENTS[:2], "https://example.org/proof", *SUDAN_COMMENTS[2:]]
    )
    doc = _doc(text)
    kinds = [s.kind for s in doc.segments]
    assert "link" in kinds
    assert _comment_texts(doc) == SUDAN_COMMENTS


def test_old_extension_point_call_still_works() -> None:
    assert find_reader_comments("Comment by reader: great article!\n") == []


# --- style scores ----------------------------------------------------------------------------


def test_quoted_words_do_not_count_as_the_writer_s_voice() -> None:
    assert unquoted("“I was there,” she said.") == "  she said."
    quoted = score_paragraph("“I saw it and you must believe me!” said the witness, Maria.")
    assert quoted.style != "comment"
    assert "first person" not in quoted.cues
    own = score_paragraph("I saw it and you must believe me!")
    assert own.style == "comment"
    assert {"first person", "second person", "exclamation"} <= set(own.cues)


def test_reporting_prose_scores_as_article() -> None:
    score = score_paragraph(
        "The health ministry said on Friday that 48 people were killed, according to a "
        "statement carried by the state news agency."
    )
    assert score.style == "article"
    assert not score.headline_like


def test_abbreviations_are_not_pronouns() -> None:
    score = score_paragraph("U.S.-backed forces said they had retaken the dam on Monday.")
    assert "second person" not in score.cues


# --- HTML ------------------------------------------------------------------------------------


def _page(comment_items: str) -> str:
    paras = "".join(f"<p>{p}</p>" for p in ARTICLE_PARAGRAPHS)
    return (
        "<html><head><title>Convoy attacked near Menaka</title></head><body>"
        "<nav>Home | World | Africa</nav>"
        f"<article><h1>Convoy attacked near Menaka</h1>{paras}</article>"
        '<section id="comments" class="comments-area"><h2>3 Comments</h2>'
        f'<ol class="comment-list">{comment_items}</ol></section>'
        "<footer>Copyright Example Wire.</footer></body></html>"
    )


HTML_COMMENTS = [
    "You forgot to mention the attack last month.",
    "Thank you for covering this, nobody else does.",
    "The governor always says that. Nothing will change!",
]


def test_html_comment_section_becomes_reader_comments(tmp_path: Path) -> None:
    items = "".join(
        f'<li class="comment"><div class="comment-author">User {i}</div><p>{c}</p></li>'
        for i, c in enumerate(HTML_COMMENTS)
    )
    path = tmp_path / "page.html"
    path.write_text(_page(items), encoding="utf-8")
    page = extract_html(_page(items))
    if page.extractor != "main-text" or page.comments_start is None:
        pytest.skip("trafilatura did not return a comment section for this page")
    (doc,), failures = read_file(path)
    assert failures == []
    _check_tiling(doc.text, doc.segments)
    comments = [s for s in doc.segments if s.kind == "reader_comment"]
    assert [doc.text[s.start : s.end] for s in comments] == HTML_COMMENTS
    assert all(s.start >= page.comments_start for s in comments)
    assert doc.text[: page.comments_start].endswith(HTML_COMMENTS_SEPARATOR)
    assert ARTICLE_PARAGRAPHS[-1] in _body_texts(doc)


def test_main_text_extractor_comments_are_appended_after_the_body() -> None:
    body = "\n".join(ARTICLE_PARAGRAPHS)
    page = extract_html(
        "<html><body><p>short</p></body></html>",
        main_text=lambda _markup: MainText(body, "First comment here.\nSecond one?"),
    )
    assert page.comments_start is not None
    assert page.text[page.comments_start :] == "First comment here.\n\nSecond one?"
    segments = segment_text(page.text, source_format="html")
    _check_tiling(page.text, segments)
    comments = [page.text[s.start : s.end] for s in segments if s.kind == "reader_comment"]
    assert comments == ["First comment here.", "Second one?"]
    # the same text read as plain text has no known comment section
    plain = segment_text(page.text, source_format="txt")
    assert [s for s in plain if s.kind == "reader_comment"] == []


def test_main_text_extractor_returning_a_string_still_works() -> None:
    body = "\n".join(ARTICLE_PARAGRAPHS)
    page = extract_html("<html><body><p>x</p></body></html>", main_text=lambda _m: body)
    assert page.extractor == "main-text"
    assert page.comments_start is None
    assert HTML_COMMENTS_SEPARATOR not in page.text


@given(
    st.lists(st.text("ab c'.", min_size=1, max_size=4), max_size=5).map(tuple),
    st.text("ab c'.xA", max_size=8),
)
def test_one_opening_pattern_matches_as_each_phrase_would(
    phrases: tuple[str, ...], text: str
) -> None:
    """The combined pattern of ``_starts_with`` agrees with testing each phrase on its own."""
    import re

    from reportgraph.ingest.comments import _starts_with

    alone = any(re.match(rf"{re.escape(p)}(?![A-Za-z])", text) for p in phrases)
    assert _starts_with(text, phrases) == alone
