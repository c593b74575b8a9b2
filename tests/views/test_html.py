"""The investigation page as a file: offline, escaped, deterministic, scripts that parse.

Its behaviour in a browser is in test_page_browser.py. All names and sentences are invented
(tests/sample_page.py).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from reportgraph.errors import ExportError
from reportgraph.views import assets
from reportgraph.views.html import TYPE_COLOURS, render_network_page, script_json
from reportgraph.views.html import write_network_page as write_page
from sample_page import EVIL_LABEL, EVIL_SENTENCE, payload


class Page(HTMLParser):
    """Every element, attribute, script body and text node html.parser sees."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.styles: list[str] = []
        self.text: list[str] = []
        self._open: str | None = None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))
        self._open = tag if tag in ("script", "style") else None
        if tag == "script":
            self.scripts.append((dict(attrs), ""))
        if tag == "style":
            self.styles.append("")

    def handle_endtag(self, tag: str) -> None:
        self._open = None

    def handle_data(self, data: str) -> None:
        if self._open == "script":
            attrs, body = self.scripts[-1]
            self.scripts[-1] = (attrs, body + data)
        elif self._open == "style":
            self.styles[-1] += data
        else:
            self.text.append(data)

    def json(self, id_: str) -> Any:
        """The JSON in the one ``<script type="application/json" id=...>``."""
        found = [(attrs, body) for attrs, body in self.scripts if attrs.get("id") == id_]
        assert len(found) == 1 and found[0][0].get("type") == "application/json"
        return json.loads(found[0][1])

    def code(self) -> list[str]:
        """The bodies of the executable scripts, in page order."""
        return [body for attrs, body in self.scripts if "type" not in attrs]


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Page]:
    path = tmp_path_factory.mktemp("page") / "out" / "graph.html"
    data = payload()
    data["nodes"][0]["aliases"].append("line\u2028break & <b>")
    assert write_page(data, path) == path
    text = path.read_text(encoding="utf-8")
    return text, Page(text)


def test_page_is_self_contained(page: tuple[str, Page]) -> None:
    text, parsed = page
    attrs = {name for _, attrs in parsed.tags for name, _ in attrs}
    assert not attrs & {"src", "href", "action", "srcset", "poster", "data", "formaction"}
    assert {t for t, _ in parsed.tags}.isdisjoint(
        {"link", "img", "iframe", "object", "embed", "base", "form"}
    )
    styles = "".join(parsed.styles) + "".join(
        v or "" for _, a in parsed.tags for n, v in a if n == "style"
    )
    assert "@import" not in styles
    for chunk in styles.split("url(")[1:]:
        assert chunk.lstrip("'\" ").startswith("data:"), chunk[:40]
    assert "vis-network" in parsed.styles[0] and "#panel" in parsed.styles[1]
    for needle in ("node_modules", "sourceMappingURL", "cdn.", "bootstrap"):
        assert needle not in text
    ours = text.replace(assets.vis_js(), "").replace(assets.vis_css(), "")  # licences name URLs
    assert "http://" not in ours and "https://" not in ours and "file:" not in ours


def test_page_escapes_article_text(page: tuple[str, Page]) -> None:
    text, parsed = page
    expected = {
        *("html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "p"),
        *("span", "i", "b", "nav", "button", "div", "label", "select", "option", "fieldset"),
        *("legend", "input", "output", "main", "section", "aside", "script"),
    }
    assert {t for t, _ in parsed.tags} <= expected
    assert not any(name.startswith("on") for _, attrs in parsed.tags for name, _ in attrs)
    for raw in ("<img src=x", "<script>window", "<b>inquiry", "\u2028", "& <b>"):
        assert raw not in text
    assert "Harbour <b>inquiry</b> & co" in parsed.text  # the title shows as text
    data = parsed.json("rg-data")
    assert EVIL_LABEL in {n["label"] for n in data["nodes"]}  # intact for display as text
    assert EVIL_SENTENCE in {c["sentence"] for c in data["claims"]}
    assert "line\u2028break & <b>" in data["nodes"][0]["aliases"]


def test_payload_embedded_unchanged(page: tuple[str, Page]) -> None:
    data = page[1].json("rg-data")
    expected = payload()
    expected["nodes"][0]["aliases"].append("line\u2028break & <b>")
    assert data == expected
    style = page[1].json("rg-style")
    assert style["colours"] == TYPE_COLOURS and "SOURCE" in TYPE_COLOURS
    assert set(style["weak"]) == {"alleged", "unverified", "denied"}


def test_controls_and_legend(page: tuple[str, Page]) -> None:
    parsed = page[1]
    ids = {v for _, a in parsed.tags for n, v in a if n == "id"}
    for hook in (
        *("tab-network", "tab-timeline", "view-network", "view-timeline", "timeline"),
        *("network", "filter-source", "filter-certainty", "filter-from", "filter-to"),
        *("filter-comments", "search", "search-go", "search-status", "top-n", "shown"),
        *("panel", "panel-title", "reset"),
    ):
        assert hook in ids
    kinds = [dict(a).get("value") for t, a in parsed.tags if ("name", "kind") in a]
    assert kinds == ["event", "figure", "relation", "statement"]
    legend = " ".join(parsed.text)
    for name in ("Person", "Organization", "Group", "Place", "Source", "diamond", "dashed"):
        assert name in legend


def test_script_json_escapes_markup_breakers() -> None:
    out = script_json({"a": "</script>&\u2028\u2029<!--"})
    assert not set(out) & {"<", ">", "&", "\u2028", "\u2029"}
    assert json.loads(out) == {"a": "</script>&\u2028\u2029<!--"}


def test_scripts_in_order(page: tuple[str, Page], monkeypatch: pytest.MonkeyPatch) -> None:
    code = page[1].code()
    assert "vis" in code[0][:2000] and "window.RG = {" in code[1] and "RG.drawnEdgeCount" in code[2]
    real = assets._static
    monkeypatch.setattr(
        assets, "_static", lambda name: "/* tl */" if name == "timeline.js" else real(name)
    )
    assets.page_scripts.cache_clear()
    try:
        again = Page(render_network_page(payload())).code()
    finally:
        assets.page_scripts.cache_clear()
    assert again[1:4] == code[1:4] and again[4] == "/* tl */"
    assert "window.RGTime" in code[3]  # the timeline's calendar comes before the timeline


@pytest.mark.parametrize("bad", ["a = '</script>';", "// <!-- x", "x = '<SCRIPT>'"])
def test_unsafe_static_script_refused(monkeypatch: pytest.MonkeyPatch, bad: str) -> None:
    monkeypatch.setattr(assets, "_static", lambda name: bad)
    assets.page_scripts.cache_clear()
    try:
        with pytest.raises(ExportError, match="cannot be inlined"):
            assets.page_scripts()
    finally:
        assets.page_scripts.cache_clear()


def test_unsafe_static_style_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(assets, "_static", lambda name: "a { background: url(http://x/y.png) }")
    assets.page_styles.cache_clear()
    try:
        with pytest.raises(ExportError, match="outside the page"):
            assets.page_styles()
    finally:
        assets.page_styles.cache_clear()


def test_missing_required_static_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    assert assets._static("no-such-file.js") is None  # optional: left out
    monkeypatch.setattr(assets, "REQUIRED_STATIC", frozenset({"no-such-file.js"}))
    with pytest.raises(ExportError, match=r"no-such-file\.js"):
        assets._static("no-such-file.js")


def test_static_js_never_writes_markup() -> None:
    folder = resources.files("reportgraph.views") / "static"
    scripts = [f for f in folder.iterdir() if f.name.endswith(".js")]
    assert {"common.js", "network.js"} <= {f.name for f in scripts}
    sink = re.compile(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|Function\(")
    for f in scripts:
        assert not sink.search(f.read_text(encoding="utf-8")), f.name


def test_same_payload_gives_same_page(tmp_path: Path) -> None:
    a = write_page(payload(), tmp_path / "a.html").read_bytes()
    b = write_page(json.loads(json.dumps(payload())), tmp_path / "b.html").read_bytes()
    assert a == b
    assert write_page(payload(top_n=3), tmp_path / "c.html").read_bytes() != a


def test_empty_and_bad_payloads(tmp_path: Path) -> None:
    empty = Page(write_page({}, tmp_path / "e.html").read_text(encoding="utf-8"))
    data = empty.json("rg-data")
    assert data["nodes"] == data["claims"] == [] and data["top_n"] == 300
    with pytest.raises(ExportError, match="'nodes' is not a list"):
        render_network_page({"nodes": {"a": 1}})


def test_unwritable_path_is_an_export_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file.txt"
    blocker.write_text("x")
    with pytest.raises(ExportError, match="Could not write the page"):
        write_page(payload(), blocker / "page.html")


NODE = shutil.which("node")


@pytest.mark.skipif(NODE is None, reason="node.js not available")
def test_inline_scripts_parse(page: tuple[str, Page], tmp_path: Path) -> None:
    code = page[1].code()
    assert len(code) >= 3  # vis-network, common.js, network.js (+ timeline.js)
    assert NODE is not None
    for i, body in enumerate(code):
        (tmp_path / f"s{i}.js").write_text(body, encoding="utf-8")
        check = subprocess.run([NODE, "--check", str(tmp_path / f"s{i}.js")], check=False)
        assert check.returncode == 0, f"script {i} does not parse"
