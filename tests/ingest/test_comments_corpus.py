"""Reader comments on the sample corpus: general properties only (no text of the articles here).

Run with ``-s`` to see how many comment segments each file gets.
"""

from __future__ import annotations

import re
from pathlib import Path

from reportgraph.ingest import read_file
from reportgraph.models import Document

_WITH_COMMENTS = "001_*.txt"  # a scraped page with reader comments pasted below the article
_MAX_COMMENT_WORDS = 120


def _read(path: Path) -> Document:
    (doc,), failures = read_file(path)
    assert failures == []
    return doc


def _paragraph_starts(text: str) -> list[int]:
    return [m.start() for m in re.finditer(r"[^\n]*\S[^\n]*", text)]


def test_comment_counts_per_corpus_file(corpus_dir: Path) -> None:
    for path in sorted(corpus_dir.glob("*.txt")):
        doc = _read(path)
        comments = [s for s in doc.segments if s.kind == "reader_comment"]
        print(f"{path.name}: {len(comments)} reader_comment segments")
        if not path.match(_WITH_COMMENTS):  # article prose: nothing in the first half
            half = len(doc.text) / 2
            assert [s for s in comments if s.start < half] == [], path.name


def test_scraped_page_comments_lie_after_the_article(corpus_dir: Path) -> None:
    paths = sorted(corpus_dir.glob(_WITH_COMMENTS))
    assert paths, f"no {_WITH_COMMENTS} in {corpus_dir}"
    doc = _read(paths[0])
    comments = [s for s in doc.segments if s.kind == "reader_comment"]
    assert comments, "the pasted reader comments were not found"
    assert all(s.start >= 0.3 * len(doc.text) for s in comments)
    assert all(len(doc.text[s.start : s.end].split()) <= _MAX_COMMENT_WORDS for s in comments)
    first_paragraphs = _paragraph_starts(doc.text)[:10]
    assert not any(s.start <= p < s.end for s in comments for p in first_paragraphs)
