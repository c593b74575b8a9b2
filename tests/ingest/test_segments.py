"""Segmentation: embedded posts, link lines, titles, bodies (invented texts only)."""

from __future__ import annotations

from reportgraph.ingest import read_text
from reportgraph.ingest.segments import find_reader_comments, segment_text
from reportgraph.models import Segment


def _check_tiling(text: str, segments: tuple[Segment, ...]) -> None:
    """Sorted, non-overlapping, inside the text, and covering every non-space character."""
    pos = 0
    covered = [False] * len(text)
    for seg in segments:
        assert 0 <= seg.start <= seg.end <= len(text)
        assert seg.start >= pos, "segments overlap or are unsorted"
        pos = seg.end
        for i in range(seg.start, seg.end):
            covered[i] = True
    assert all(covered[i] for i, ch in enumerate(text) if not ch.isspace())


def _kinds(segments: tuple[Segment, ...]) -> list[str]:
    return [s.kind for s in segments]


SCRAPED = (
    "Floodwaters rose across the northern valley on Sunday.\n\n"
    "Local officials said two bridges had collapsed.\n\n"
    "Convoy seen leaving the depot at dawn.\n\n\n\n"
    "Trucks heading for the river crossing, at least twelve of them. pic.twitter.com/Ab12Cd"
    " — Field Desk (@field_desk) June 2, 2024\n\n"
    "Relief agencies have asked for access to the area.\n"
)


def test_embedded_post_with_multi_blank_gap_extends_backwards() -> None:
    segs = segment_text(SCRAPED)
    _check_tiling(SCRAPED, segs)
    posts = [s for s in segs if s.kind == "embedded_post"]
    assert len(posts) == 1
    post = posts[0]
    assert SCRAPED[post.start :].startswith("Convoy seen leaving")
    assert SCRAPED[: post.end].endswith("June 2, 2024")
    assert post.author_name == "Field Desk"
    assert post.author_handle == "field_desk"
    assert post.date_text == "June 2, 2024"
    # the ordinary paragraph before it (one blank line) stays body
    body_before = [s for s in segs if s.kind == "body" and s.end <= post.start]
    assert SCRAPED[body_before[-1].start : body_before[-1].end].endswith("had collapsed.")
    assert _kinds(segs) == ["body", "embedded_post", "body"]


def test_embedded_post_without_gap_starts_at_its_paragraph() -> None:
    text = (
        "The ministry denied the report.\n\n"
        "Smoke over the port this morning - Harbour Watch (@harbourwatch) 3 May 2023\n\n"
        "No casualties were confirmed."
    )
    posts = [s for s in segment_text(text) if s.kind == "embedded_post"]
    assert len(posts) == 1
    assert text[posts[0].start :].startswith("Smoke over the port")
    assert posts[0].date_text == "3 May 2023"
    assert posts[0].author_name == "Harbour Watch"


def test_signature_alone_takes_the_paragraph_before() -> None:
    text = (
        "Intro paragraph of the story.\n\n"
        "Water everywhere in the lower town https://t.co/xYz123\n\n"
        "— River Reporter (@river_rep) November 2, 2024\n\n"
        "More reporting follows."
    )
    segs = segment_text(text)
    _check_tiling(text, segs)
    post = next(s for s in segs if s.kind == "embedded_post")
    assert text[post.start :].startswith("Water everywhere")
    assert post.url == "https://t.co/xYz123"
    assert _kinds(segs) == ["body", "embedded_post", "body"]


def test_fediverse_handles_and_en_dash() -> None:
    text = (
        "Power is out in the eastern district.\n\n"
        "Generators running at the clinic – Ana Ruiz (@ana@social.example.org) April 4, 2024\n\n"
        "Queue at the bakery since 5am — Night Desk (@nightdesk.bsky.social) April 5, 2024"
    )
    posts = [s for s in segment_text(text) if s.kind == "embedded_post"]
    assert [(p.author_name, p.author_handle) for p in posts] == [
        ("Ana Ruiz", "ana@social.example.org"),
        ("Night Desk", "nightdesk.bsky.social"),
    ]


def test_handle_in_running_prose_is_not_a_post() -> None:
    text = "The reporter - Sam Lee (@samlee) - said on Monday that the road was closed.\n"
    assert _kinds(segment_text(text)) == ["body"]


def test_multi_blank_gaps_as_ordinary_separator_do_not_swallow_the_article() -> None:
    paragraphs = [f"Paragraph number {i} of an article that uses wide gaps." for i in range(5)]
    text = "\n\n\n\n".join(paragraphs) + (
        "\n\n\n\nA short post text — Some Account (@some_acc) January 9, 2022"
    )
    post = next(s for s in segment_text(text) if s.kind == "embedded_post")
    assert text[post.start :].startswith("A short post text")


def test_single_newline_paragraphs_post_starts_at_its_line() -> None:
    text = (
        "First paragraph of a story with single line breaks.\n"
        "Second paragraph continues the story.\n"
        "Third paragraph adds detail.\n"
        "Shelling reported near the depot — Watcher (@watcher_01) 12 August 2022\n"
        "Fourth paragraph ends it.\n"
    )
    post = next(s for s in segment_text(text) if s.kind == "embedded_post")
    assert text[post.start :].startswith("Shelling reported")


def test_link_lines() -> None:
    text = (
        "See the full statement below.\n\n"
        "   https://example.org/statement?id=7&lang=en  \n\n"
        "www.example.net/report\n\n"
        "Read more at https://example.org/inline which is not a link line.\n"
    )
    segs = segment_text(text)
    _check_tiling(text, segs)
    links = [s for s in segs if s.kind == "link"]
    assert [text[s.start : s.end] for s in links] == [
        "https://example.org/statement?id=7&lang=en",
        "www.example.net/report",
    ]
    assert links[0].url == "https://example.org/statement?id=7&lang=en"
    assert _kinds(segs) == ["body", "link", "link", "body"]


def test_title_segment_for_markdown() -> None:
    text = "# Storm reaches the coast\n\nWinds of 120 km/h were recorded.\n"
    doc = read_text(text, path="storm.md", source_format="md")
    assert doc.title == "Storm reaches the coast"
    assert doc.text == text  # markdown text kept as is
    assert doc.segments[0].kind == "title"
    assert text[doc.segments[0].start : doc.segments[0].end] == "# Storm reaches the coast"
    assert [s.kind for s in doc.segments] == ["title", "body"]


def test_no_title_segment_when_text_does_not_start_with_title() -> None:
    text = "Winds of 120 km/h were recorded.\n"
    doc = read_text(text, path="x.jsonl#L1", source_format="jsonl", title="Storm")
    assert [s.kind for s in doc.segments] == ["body"]


def test_reader_comments_extension_point_finds_nothing_yet() -> None:
    assert find_reader_comments("Comment by reader: great article!\n") == []


def test_single_newline_paragraphs_signature_alone_takes_previous_line() -> None:
    text = (
        "First paragraph of a story with single line breaks.\n"
        "Second paragraph continues the story.\n"
        "Checkpoint closed again this afternoon\n"
        "— Border Monitor (@border_mon) 4 October 2021\n"
        "Last paragraph.\n"
    )
    segs = segment_text(text)
    _check_tiling(text, segs)
    post = next(s for s in segs if s.kind == "embedded_post")
    assert text[post.start : post.end] == (
        "Checkpoint closed again this afternoon\n— Border Monitor (@border_mon) 4 October 2021"
    )
