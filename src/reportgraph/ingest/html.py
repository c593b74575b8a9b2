"""HTML -> the visible text of the page, plus title, publisher, URL and date from its metadata.

Text. trafilatura's main-text extraction is preferred when it is importable and returns a
substantial text (at least 200 characters and a quarter of the page's visible text): on news pages
it drops navigation, cookie banners, related-article lists and footers that would otherwise be
read as reporting. When the page has a reader-comment section that trafilatura recognises, its
comments follow the main text after :data:`~reportgraph.ingest.comments.HTML_COMMENTS_SEPARATOR`
(three blank lines, which extracted text never holds otherwise), one paragraph per line of
comment text, and ``comments_start`` is where they begin; segmentation reads them as
``reader_comment`` segments.

Otherwise (short pages, fragments, trafilatura unavailable - trafilatura 2.3 needs the separate
``lxml_html_clean`` package with lxml >= 5.2) the text is the page's visible text from lxml:
``script``, ``style``, ``iframe``, ``noscript``, ``template``, ``svg``, ``head`` (and similar
non-rendered elements) and comments are dropped, entities are unescaped, whitespace inside a
block is collapsed, ``<br>`` is a line break and block elements (p, div, h1-h6, li, blockquote,
tr ...) are separated by a blank line. Script or markup never reaches the text.

Metadata. title: ``og:title``, else ``<title>``; publisher: ``og:site_name``, else
``<meta name="publisher|application-name">``; url: ``<link rel="canonical">``, else ``og:url``;
date: ``article:published_time`` and similar meta, else ``itemprop="datePublished"``, else the
first ``<time datetime>``. Values are returned as written; parsing is the caller's business.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

import lxml.html
from lxml import etree

from reportgraph.ingest.comments import HTML_COMMENTS_SEPARATOR

_DROP_TAGS = (  # never rendered as text
    "script style iframe noscript template svg head object embed canvas math audio video "
    "select button input textarea map area param source track"
)
_BLOCK_TAGS = (  # rendered as blocks: a paragraph break before and after
    "address article aside blockquote body caption center dd details dialog dir div dl dt "
    "fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html legend li "
    "main menu nav ol p pre section summary table tbody td tfoot th thead tr ul"
)
_DROP = frozenset(_DROP_TAGS.split())
_BLOCK = frozenset(_BLOCK_TAGS.split())
_SPACE = re.compile(r"[ \t\n\r\f\v\u00a0\u200b]+")
_MIN_MAIN = 200
_MIN_MAIN_SHARE = 0.25

_DATE_META = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "date",
    "pubdate",
    "publishdate",
    "publish-date",
    "dc.date",
    "dc.date.issued",
    "dcterms.created",
    "dcterms.issued",
)


@dataclass(frozen=True)
class HtmlContent:
    """What a page says in words, and what its metadata says about it."""

    text: str
    title: str | None = None
    publisher: str | None = None
    url: str | None = None
    date: str | None = None
    extractor: str = "lxml"  # "main-text" when the main-text extraction (trafilatura) was used
    comments_start: int | None = None  # offset in ``text`` of the reader comments, if any


@dataclass(frozen=True)
class MainText:
    """What a main-text extractor found: the article text and the page's reader comments."""

    text: str
    comments: str = ""


MainTextExtractor = Callable[[str], "str | MainText | None"]


# Elements nested deeper than this are refused. libxml2 (lxml's parser), even with huge_tree,
# stops at 2,048 levels and drops the rest of the page: past this depth the text is not whole.
MAX_DEPTH = 2000


class TooDeepError(ValueError):
    """The page nests its elements deeper than :data:`MAX_DEPTH`."""

    def __init__(self, depth: int) -> None:
        super().__init__(f"elements nested {depth} deep")
        self.depth = depth


def _parse(markup: str) -> Any:
    # huge_tree: libxml2 otherwise stops at 256 nested elements and drops the rest
    parser = lxml.html.HTMLParser(
        encoding="utf-8", remove_comments=True, remove_pis=True, huge_tree=True
    )
    try:
        return lxml.html.document_fromstring(markup.encode("utf-8"), parser=parser)
    except (etree.ParserError, ValueError):
        return None


def _depth(root: Any) -> int:
    """How deep the page's elements nest (iteratively: no recursion limit)."""
    deepest = 0
    stack = [(root, 1)]
    while stack:
        element, depth = stack.pop()
        deepest = max(deepest, depth)
        if deepest > MAX_DEPTH:
            break
        stack.extend((child, depth + 1) for child in element)
    return deepest


class _Blocks:
    """Accumulates inline text into paragraphs; a block boundary closes the current one."""

    def __init__(self) -> None:
        self.paragraphs: list[str] = []
        self._lines: list[str] = [""]

    def add(self, text: str | None) -> None:
        if text:
            self._lines[-1] += text

    def line_break(self) -> None:
        self._lines.append("")

    def close(self) -> None:
        lines = [_SPACE.sub(" ", ln).strip() for ln in self._lines]
        paragraph = "\n".join(ln for ln in lines if ln)
        if paragraph:
            self.paragraphs.append(paragraph)
        self._lines = [""]


def _walk(root: Any, out: _Blocks) -> None:
    """The text of ``root`` and its descendants in document order, with block breaks; a stack
    instead of recursion, so that deep pages do not reach Python's recursion limit."""
    stack: list[tuple[Any, bool]] = [(root, False)]  # (element, its children are done)
    while stack:
        element, done = stack.pop()
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        if done:
            if tag in _BLOCK:
                out.close()
            out.add(element.tail)
            continue
        if tag in _DROP or not tag:  # dropped elements, comments, processing instructions
            out.add(element.tail)
            continue
        if tag in _BLOCK:
            out.close()
        if tag == "br":
            out.line_break()
        out.add(element.text)
        stack.append((element, True))
        stack.extend((child, False) for child in reversed(element))


def visible_text(root: Any) -> str:
    """The rendered text of a parsed page: blocks separated by a blank line."""
    out = _Blocks()
    _walk(root, out)
    out.close()
    return "\n\n".join(out.paragraphs)


def _meta(root: Any, *names: str) -> str | None:
    wanted = {n.lower() for n in names}
    for meta in root.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        content = (meta.get("content") or "").strip()
        if key in wanted and content:
            return _SPACE.sub(" ", content)
    return None


def _first(root: Any, xpath: str) -> str | None:
    for value in root.xpath(xpath):
        text = _SPACE.sub(" ", str(value)).strip()
        if text:
            return text
    return None


def _metadata(root: Any) -> dict[str, str | None]:
    return {
        "title": _meta(root, "og:title") or _first(root, "//title/text()"),
        "publisher": _meta(root, "og:site_name", "publisher", "application-name"),
        "url": _first(root, "//link[@rel='canonical']/@href") or _meta(root, "og:url"),
        "date": _meta(root, *_DATE_META)
        or _first(root, "//*[@itemprop='datePublished']/@datetime")
        or _first(root, "//time/@datetime"),
    }


@cache
def _trafilatura() -> MainTextExtractor | None:
    try:
        import trafilatura
    except ImportError:
        return None

    def extract(markup: str) -> MainText | None:
        found = trafilatura.bare_extraction(
            markup, include_comments=True, include_tables=True, deduplicate=False
        )
        text = getattr(found, "text", None)
        if not isinstance(text, str):
            return None
        comments = getattr(found, "comments", None)
        return MainText(text, comments if isinstance(comments, str) else "")

    return extract


def _paragraphs(text: str) -> str:
    # trafilatura separates paragraphs with one newline; make them blank-line separated
    return "\n\n".join(ln.strip() for ln in text.split("\n") if ln.strip())


def _main_text(
    markup: str, visible: str, main: MainTextExtractor | None
) -> tuple[str, int | None] | None:
    """The main text (with the comment section appended) and where the comments start."""
    if main is None:
        return None
    try:
        found = main(markup)
    except Exception:  # a third-party extractor failing must not lose the page
        return None
    if isinstance(found, str):
        found = MainText(found)
    if found is None or len(found.text.strip()) < max(_MIN_MAIN, _MIN_MAIN_SHARE * len(visible)):
        return None
    text, comments = _paragraphs(found.text), _paragraphs(found.comments)
    if not comments:
        return text, None
    return text + HTML_COMMENTS_SEPARATOR + comments, len(text) + len(HTML_COMMENTS_SEPARATOR)


def extract_html(markup: str, *, main_text: MainTextExtractor | bool | None = True) -> HtmlContent:
    """Visible text and metadata of an HTML page (see the module docstring).

    ``main_text``: True uses trafilatura when importable, False never; a callable is used as the
    main-text extractor instead (for tests and for other extractors); it returns the main text,
    or a :class:`MainText` with the page's comments too, or None. Raises :class:`TooDeepError`
    for elements nested deeper than :data:`MAX_DEPTH` (any depth up to it is read).
    """
    root = _parse(markup)
    if root is None:
        return HtmlContent(text="")
    depth = _depth(root)
    if depth > MAX_DEPTH:
        raise TooDeepError(depth)
    meta = _metadata(root)
    visible = visible_text(root)
    if main_text is True:
        extractor = _trafilatura()
    elif main_text is False:
        extractor = None
    else:
        extractor = main_text
    main = _main_text(markup, visible, extractor)
    page = HtmlContent(
        text=visible,
        title=meta["title"],
        publisher=meta["publisher"],
        url=meta["url"],
        date=meta["date"],
    )
    if main is None:
        return page
    return replace(page, text=main[0], extractor="main-text", comments_start=main[1])
