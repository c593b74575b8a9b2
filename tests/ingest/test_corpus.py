"""General properties of ingest on the sample corpus (no sample text is copied here)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from paths import CORPUS
from reportgraph.ingest import discover, read_all, read_file
from reportgraph.ingest.dates import DATE_RE
from reportgraph.models import Document

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"sample corpus not found at {CORPUS}")


@pytest.fixture(scope="module")
def docs() -> list[Document]:
    found, failures = read_all([CORPUS])
    assert failures == []
    return found


def test_every_file_reads(docs: list[Document]) -> None:
    files = discover([CORPUS])
    assert files
    assert len(docs) == len(files)


def test_ids_stable_across_reads(docs: list[Document]) -> None:
    again, _ = read_all([CORPUS])
    assert [d.id for d in again] == [d.id for d in docs]
    assert again == docs


def test_text_is_the_file_text(docs: list[Document]) -> None:
    for doc in docs:
        raw = Path(doc.path).read_text(encoding="utf-8")
        assert doc.text == raw.replace("\r\n", "\n").replace("\r", "\n")


def test_segments_tile_the_text(docs: list[Document]) -> None:
    for doc in docs:
        pos = 0
        for seg in doc.segments:
            assert seg.start >= pos and seg.end <= len(doc.text)
            assert doc.text[pos : seg.start].strip() == ""  # only whitespace between segments
            assert doc.text[seg.start : seg.end].strip() == doc.text[seg.start : seg.end]
            pos = seg.end
        assert doc.text[pos:].strip() == ""


def test_embedded_posts_found_where_signatures_are_written(docs: list[Document]) -> None:
    signature = re.compile(r"[—–]\s*[^\n()]{1,60}\(@(\w+)\)")
    total = 0
    for doc in docs:
        handles = signature.findall(doc.text)
        posts = [s for s in doc.segments if s.kind == "embedded_post"]
        assert [p.author_handle for p in posts] == handles
        for post in posts:
            assert post.author_name and post.date_text
            assert post.date_text in doc.text[post.start : post.end]
            assert doc.text[post.start : post.end].rstrip().endswith(post.date_text)
        total += len(posts)
    assert total > 0


def test_link_lines(docs: list[Document]) -> None:
    for doc in docs:
        expected = re.findall(r"^[ \t]*((?:https?://|www\.)\S+)[ \t]*$", doc.text, re.M)
        links = [doc.text[s.start : s.end] for s in doc.segments if s.kind == "link"]
        assert links == expected


def test_top_of_article_dates(docs: list[Document]) -> None:
    """Where the first line carries a labelled date, it is the publication date."""
    dated = 0
    for doc in docs:
        first_line = doc.text.strip().split("\n", 1)[0]
        match = DATE_RE.search(first_line)
        labelled = match is not None and re.match(r"\s*\w+\W*$", first_line[: match.start()])
        if labelled and match is not None:
            dated += 1
            assert doc.published is not None
            assert doc.published_text == match.group()
    assert dated > 0, "expected at least one sample article with a date at its top"


def test_files_read_one_by_one_match_batch(docs: list[Document]) -> None:
    for doc in docs:
        [single], failures = read_file(Path(doc.path))
        assert failures == [] and single == doc
