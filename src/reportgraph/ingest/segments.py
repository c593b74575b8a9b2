"""Cut a document's text into segments with one voice each: title, body, embedded post, link.

General heuristics, in this order; later finders never overlap earlier ones:

* ``embedded_post`` - a scraped social-media embed, recognised by its signature
  ``— Display Name (@handle) March 10, 2025`` (em dash, en dash or spaced hyphen; handle as on
  X/Twitter, Telegram, Bluesky ``@name.bsky.social`` or Mastodon ``@user@instance``; the date may be
  missing only when the signature ends its line). ``author_handle`` is stored WITHOUT the leading
  ``@`` (``user@instance`` for Mastodon); ``date_text`` is the date as written; ``url`` is the
  first http(s) link inside the post, if any. The post starts at the start of the paragraph
  holding the signature (or of the line, in texts whose paragraphs are single lines); a signature
  standing alone takes the paragraph before it; and the post extends backwards over up to three
  paragraphs joined to it by gaps of two or more blank lines - the way scrapers lay out an
  embed's parts - unless such gaps are the text's ordinary paragraph separator.
* ``link`` - a line that is only a URL (``http(s)://...`` or ``www....``); the segment is the URL.
* ``title`` - when a title is known and the first non-empty line is that title (for Markdown,
  after its ``#`` marks).
* ``reader_comment`` - comments scraped below the article, by markers ("23 Comments", "Name
  says:" headers) or by commenter style (:mod:`reportgraph.ingest.comments`); for HTML pages,
  also the page's comment section, which ingest.html appends after the main text.
* ``body`` - each run of text between those segments, trimmed of surrounding whitespace.

Segments are sorted and do not overlap; together they cover every non-whitespace character.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence

from reportgraph.ingest.comments import comments_after, find_comments, html_comments_start
from reportgraph.ingest.dates import DATE_PATTERN
from reportgraph.models import Segment, SourceFormat

_HANDLE = r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}(?:@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)?"
_SIGNATURE = re.compile(
    r"(?<!\S)(?:[—–―]|--?(?=[ \t]))[ \t]*(?P<name>[^\n()—–―]{0,80}?)[ \t]*"
    rf"\(@(?P<handle>{_HANDLE})\)"
    rf"(?:[ \t]+(?:on[ \t]+)?(?P<date>{DATE_PATTERN})|(?=[ \t]*(?:\n|$)))",
    re.IGNORECASE,
)
_LINK_LINE = re.compile(r"^[ \t]*(?P<url>(?:https?://|www\.)\S+)[ \t]*$", re.MULTILINE | re.I)
_URL = re.compile(r"https?://\S+")
_GAP = re.compile(r"\n[ \t]*(?:\n[ \t]*)+")  # a gap of one or more blank lines
_MAX_EXTEND = 3


class _Gaps:
    """The blank-line gaps of a text, indexed for lookups by position."""

    def __init__(self, text: str) -> None:
        self.all = list(_GAP.finditer(text))
        self.ends = [g.end() for g in self.all]
        self.by_end = {g.end(): g for g in self.all}
        newlines = sum(g.group().count("\n") for g in self.all)
        singles = text.count("\n") - newlines
        # paragraphs are single lines: few blank lines, many single line breaks
        self.by_line = singles >= 3 and singles > 2 * len(self.all)
        # wide gaps join an embed's parts only when they are not the ordinary separator
        wide = sum(_multi_blank(g) for g in self.all)
        self.wide_is_special = not self.by_line and wide * 2 < len(self.all)

    def block_start(self, text: str, pos: int) -> int:
        """Start of the paragraph (or line, in single-line-paragraph texts) holding ``pos``."""
        if self.by_line:
            return text.rfind("\n", 0, pos) + 1
        i = bisect_right(self.ends, pos)
        return self.ends[i - 1] if i else 0

    def before(self, start: int) -> re.Match[str] | None:
        return self.by_end.get(start)


def _multi_blank(gap: re.Match[str]) -> bool:
    return gap.group().count("\n") >= 3


def _post_start(text: str, sig_start: int, floor: int, gaps: _Gaps) -> int:
    start = max(gaps.block_start(text, sig_start), floor)
    if not text[start:sig_start].strip():  # signature alone: the post text is the block before
        gap = gaps.before(start)
        if gaps.by_line and start - 1 > floor:
            start = max(text.rfind("\n", 0, start - 1) + 1, floor)
        elif gap is not None and gap.start() > floor:
            start = max(gaps.block_start(text, gap.start()), floor)
    for _ in range(_MAX_EXTEND if gaps.wide_is_special else 0):
        gap = gaps.before(start)
        if gap is None or not _multi_blank(gap) or gap.start() <= floor:
            break
        start = max(gaps.block_start(text, gap.start()), floor)
    while start < sig_start and text[start].isspace():
        start += 1
    return start


def find_embedded_posts(text: str) -> list[Segment]:
    """Scraped social-media embeds, each from its first paragraph to the end of its signature."""
    gaps = _Gaps(text)
    posts: list[Segment] = []
    floor = 0
    for sig in _SIGNATURE.finditer(text):
        start = _post_start(text, sig.start(), floor, gaps)
        name = re.split(r"[ \t]+-[ \t]+", sig["name"])[-1].strip()
        link = _URL.search(text, start, sig.start())
        posts.append(
            Segment(
                kind="embedded_post",
                start=start,
                end=sig.end(),
                author_name=name or None,
                author_handle=sig["handle"],
                date_text=sig["date"],
                url=link.group().rstrip(".,;:)]}'\"") if link else None,
            )
        )
        floor = sig.end()
    return posts


def _free(start: int, end: int, taken: Sequence[Segment]) -> bool:
    return all(end <= seg.start or start >= seg.end for seg in taken)


def find_link_lines(text: str, taken: Sequence[Segment] = ()) -> list[Segment]:
    """Lines that hold nothing but a URL (outside ``taken`` segments)."""
    links = []
    for match in _LINK_LINE.finditer(text):
        start, end = match.span("url")
        if _free(start, end, taken):
            links.append(Segment(kind="link", start=start, end=end, url=match["url"]))
    return links


def find_title(
    text: str, title: str | None, source_format: SourceFormat, taken: Sequence[Segment] = ()
) -> Segment | None:
    """The first non-empty line when it is the known title (after Markdown ``#`` marks)."""
    if not title:
        return None
    start = len(text) - len(text.lstrip())
    end = text.find("\n", start)
    end = len(text) if end < 0 else end
    line = text[start:end]
    if source_format == "md":
        line = line.lstrip("#").lstrip()
    if " ".join(line.split()) != " ".join(title.split()):
        return None
    end = start + len(text[start:end].rstrip())
    if end <= start or not _free(start, end, taken):
        return None
    return Segment(kind="title", start=start, end=end)


def find_reader_comments(
    text: str, taken: Sequence[Segment] = (), *, source_format: SourceFormat = "txt"
) -> list[Segment]:
    """``reader_comment`` segments (see :mod:`reportgraph.ingest.comments`), none in ``taken``.

    For HTML-derived text, everything after the comment-section separator that ingest.html
    writes is comments; the text before it is searched like any text.
    """
    start = html_comments_start(text) if source_format == "html" else None
    if start is None:
        return find_comments(text, taken)
    return [*find_comments(text[:start], taken), *comments_after(text, start, taken)]


def _bodies(text: str, special: Sequence[Segment]) -> list[Segment]:
    bodies = []
    pos = 0
    for seg in [*special, Segment(kind="body", start=len(text), end=len(text))]:
        chunk = text[pos : seg.start]
        if chunk.strip():
            start = pos + len(chunk) - len(chunk.lstrip())
            end = pos + len(chunk.rstrip())
            bodies.append(Segment(kind="body", start=start, end=end))
        pos = max(pos, seg.end)
    return bodies


def segment_text(
    text: str, *, title: str | None = None, source_format: SourceFormat = "txt"
) -> tuple[Segment, ...]:
    """All segments of ``text``, sorted by offset (see the module docstring)."""
    special: list[Segment] = find_embedded_posts(text)
    special += find_link_lines(text, special)
    heading = find_title(text, title, source_format, special)
    if heading is not None:
        special.append(heading)
    special += find_reader_comments(text, special, source_format=source_format)
    special.sort(key=lambda s: (s.start, s.end))
    return tuple(sorted([*special, *_bodies(text, special)], key=lambda s: (s.start, s.end)))
