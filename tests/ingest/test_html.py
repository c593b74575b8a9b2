"""HTML: visible text only, metadata, and the main-text choice."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from reportgraph.errors import InputError
from reportgraph.ingest import read_file
from reportgraph.ingest.html import MAX_DEPTH, extract_html

PAGE = """<!doctype html>
<html><head>
<title>Storm report | The Sample Herald</title>
<meta property="og:title" content="Storm reaches the coast">
<meta property="og:site_name" content="The Sample Herald">
<meta property="article:published_time" content="2024-11-02T09:00:00Z">
<link rel="canonical" href="https://herald.example/storm">
<style>p { color: red } .secret { display: none }</style>
<script>var tracking = "SCRIPT-IN-HEAD";</script>
</head>
<body>
<h1>Storm reaches   the coast</h1>
<p>Rescuers said &amp; confirmed that <b>12</b>&nbsp;people died &mdash; officials agreed.
<script>alert(1)</script></p>
<iframe src="https://ads.example">IFRAME-TEXT</iframe>
<noscript>NOSCRIPT-TEXT</noscript><!-- COMMENT-TEXT -->
<template><p>TEMPLATE-TEXT</p></template>
<svg><text>SVG-TEXT</text></svg>
<p>Line one<br>Line two</p>
<ul><li>First item</li><li>Second item</li></ul>
<blockquote class="twitter-tweet"><p>Water everywhere https://t.co/Ab12</p>&mdash; River Desk
(@river_desk) <a href="#">November 2, 2024</a></blockquote>
</body></html>
"""


def test_visible_text_only() -> None:
    page = extract_html(PAGE, main_text=False)
    for hidden in ("SCRIPT", "alert", "IFRAME", "NOSCRIPT", "COMMENT", "TEMPLATE", "SVG", "color"):
        assert hidden not in page.text
    assert "<" not in page.text and ">" not in page.text
    assert "Rescuers said & confirmed that 12 people died — officials agreed." in page.text
    assert "Storm reaches the coast\n\nRescuers said" in page.text  # block -> blank line
    assert "Line one\nLine two" in page.text
    assert "First item\n\nSecond item" in page.text


def test_metadata() -> None:
    page = extract_html(PAGE, main_text=False)
    assert page.title == "Storm reaches the coast"  # og:title over <title>
    assert page.publisher == "The Sample Herald"
    assert page.url == "https://herald.example/storm"
    assert page.date == "2024-11-02T09:00:00Z"


def test_title_and_time_element_fallbacks() -> None:
    page = extract_html(
        "<html><head><title>Plain title</title></head><body><p>Text.</p>"
        '<time datetime="2023-01-05">5 Jan</time></body></html>',
        main_text=False,
    )
    assert page.title == "Plain title"
    assert page.date == "2023-01-05"
    assert page.publisher is None


def test_read_html_file(tmp_path: Path) -> None:
    path = tmp_path / "storm.html"
    path.write_text(PAGE, encoding="utf-8")
    [doc], failures = read_file(path)
    assert failures == []
    assert doc.source_format == "html"
    assert doc.published == dt.date(2024, 11, 2)
    assert doc.publisher == "The Sample Herald"
    assert "alert(1)" not in doc.text
    kinds = [s.kind for s in doc.segments]
    assert "embedded_post" in kinds
    post = next(s for s in doc.segments if s.kind == "embedded_post")
    assert doc.text[post.start :].startswith("Water everywhere")
    assert post.author_handle == "river_desk"
    if doc.text.startswith("Storm reaches the coast"):
        assert kinds[0] == "title"


def test_main_text_used_only_when_substantial() -> None:
    long_main = "Main article paragraph with plenty of words in it. " * 10
    page = extract_html(PAGE, main_text=lambda _markup: long_main)
    assert page.extractor == "main-text"
    assert page.text.startswith("Main article paragraph")
    short = extract_html(PAGE, main_text=lambda _markup: "tiny")
    assert short.extractor == "lxml"
    assert "Rescuers said" in short.text

    def broken(_markup: str) -> str:
        raise RuntimeError("extractor crashed")

    assert extract_html(PAGE, main_text=broken).extractor == "lxml"


def test_html_without_visible_text_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "blank.html"
    path.write_text("<html><head><script>alert(1)</script></head><body> </body></html>")
    with pytest.raises(InputError) as info:
        read_file(path)
    assert info.value.code == "RG105"


def _nested(depth: int, text: str) -> str:
    return f"<html><body>{'<div>' * depth}<p>{text}</p>{'</div>' * depth}</body></html>"


@pytest.mark.parametrize("depth", [300, 1200, MAX_DEPTH - 5])
def test_deeply_nested_text_is_kept(tmp_path: Path, depth: int) -> None:
    """libxml2 stops at 256 levels unless told otherwise; the text below is still the article."""
    text = "Flooding closed the port of Chittagong on Monday, officials said."
    path = tmp_path / "deep.html"
    path.write_text(_nested(depth, text), encoding="utf-8")
    docs, failures = read_file(path)
    assert failures == [] and docs[0].text == text


def test_a_page_deeper_than_the_parser_reads_is_refused_with_its_own_code(
    tmp_path: Path,
) -> None:
    path = tmp_path / "deeper.html"
    path.write_text(_nested(MAX_DEPTH + 100, "Text the parser would drop."), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_file(path)
    assert caught.value.code == "RG114"
    assert "deep" in caught.value.cause and "no text" not in caught.value.cause
