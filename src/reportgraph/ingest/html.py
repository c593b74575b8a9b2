"""HTML -> the visible text of the page, plus title, publisher, URL and date from its metadata.

Text. trafilatura's main-text extraction is preferred when it is importable and returns a
substantial text (at least 200 characters and a quarter of the page's visible text): on news pages
it drops navigation, cookie banners, related-article lists and footers that would otherwise be
read as reporting. Otherwise (short pages, fragments, trafilatura unavailable - trafilatura 2.3
needs the separate ``lxml_html_clean`` package with lxml >= 5.2) the text is the page's visible
text from lxml: ``script``, ``style``, ``iframe``, ``noscript``, ``template``, ``svg``, ``head``
(and similar non-rendered elements) and comments are dropped, entities are unescaped, whitespace
inside a block is collapsed, ``<br>`` is a line break and block elements (p, div, h1-h6, li,
blockquote, tr ...) are separated by a blank line. Script or markup never reaches the text.

Metadata. title: ``og:title``, else ``<title>``; publisher: ``og:site_name``, else
``<meta name="publisher|application-name">``; url: ``<link rel="canonical">``, else ``og:url``;
date: ``article:published_time`` and similar meta, else ``itemprop="datePublished"``, else the
first ``<time datetime>``. Values are returned as written; parsing is the caller's business.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

import lxml.html
from lxml import etree

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


def _parse(markup: str) -> Any:
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
    try:
        return lxml.html.document_fromstring(markup.encode("utf-8"), parser=parser)
    except (etree.ParserError, ValueError):
        return None


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


def _walk(element: Any, out: _Blocks) -> None:
    tag = element.tag.lower() if isinstance(element.tag, str) else ""
    if tag in _DROP or not tag:  # dropped elements, comments, processing instructions
        out.add(element.tail)
        return
    block = tag in _BLOCK
    if block:
        out.close()
    if tag == "br":
        out.line_break()
    out.add(element.text)
    for child in element:
        _walk(child, out)
    if block:
        out.close()
    out.add(element.tail)


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
def _trafilatura() -> Callable[[str], str | None] | None:
    try:
        import trafilatura
    except ImportError:
        return None

    def extract(markup: str) -> str | None:
        text = trafilatura.extract(
            markup, include_comments=False, include_tables=True, deduplicate=False
        )
        return text if isinstance(text, str) else None

    return extract


def _main_text(markup: str, visible: str, main: Callable[[str], str | None] | None) -> str | None:
    if main is None:
        return None
    try:
        text = main(markup)
    except Exception:  # a third-party extractor failing must not lose the page
        return None
    if not text or len(text.strip()) < max(_MIN_MAIN, _MIN_MAIN_SHARE * len(visible)):
        return None
    # trafilatura separates paragraphs with one newline; make them blank-line separated
    return "\n\n".join(ln.strip() for ln in text.split("\n") if ln.strip())


def extract_html(
    markup: str, *, main_text: Callable[[str], str | None] | bool | None = True
) -> HtmlContent:
    """Visible text and metadata of an HTML page (see the module docstring).

    ``main_text``: True uses trafilatura when importable, False never; a callable is used as the
    main-text extractor instead (for tests and for other extractors).
    """
    root = _parse(markup)
    if root is None:
        return HtmlContent(text="")
    meta = _metadata(root)
    visible = visible_text(root)
    if main_text is True:
        extractor = _trafilatura()
    elif main_text is False:
        extractor = None
    else:
        extractor = main_text
    main = _main_text(markup, visible, extractor)
    return HtmlContent(
        text=main if main is not None else visible,
        extractor="main-text" if main is not None else "lxml",
        **meta,
    )
