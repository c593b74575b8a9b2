"""The network page: offline, escaped, laid out in Python with physics off, deterministic.

All names and sentences are invented for these tests.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from reportgraph.rows import ClaimRow, DocRef, EntityRow, EvidenceRow, LinksRow, MentionRow, Ref
from reportgraph.views.html import TYPE_COLOURS, script_json, write_network_page
from reportgraph.views.network import neighbourhood, to_networkx

XSS_LABEL = "<script>alert(1)</script>"
XSS_SENTENCE = "They wrote </script><img src=x onerror=alert(1)> on the wall."


class Page(HTMLParser):
    """Every element, attribute, script body and text node html.parser sees."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self.text: list[str] = []
        self._open: str | None = None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))
        self._open = tag if tag in ("script", "style") else None
        if tag == "script":
            self.scripts.append("")
        if tag == "style":
            self.styles.append("")

    def handle_endtag(self, tag: str) -> None:
        self._open = None

    def handle_data(self, data: str) -> None:
        if self._open == "script":
            self.scripts[-1] += data
        elif self._open == "style":
            self.styles[-1] += data
        else:
            self.text.append(data)

    def data(self) -> dict[str, Any]:
        """The JSON in the one ``<script type="application/json" id="rg-data">``."""
        scripts = [attrs for tag, attrs in self.tags if tag == "script"]
        index = [i for i, attrs in enumerate(scripts) if ("id", "rg-data") in attrs]
        assert len(index) == 1
        loaded: dict[str, Any] = json.loads(self.scripts[index[0]])
        return loaded


def ref(kind: str, name: str) -> Ref:
    return Ref(id=f"{kind}/{name.lower().replace(' ', '-')}", label=name)


def entity(r: Ref, type_: str, mentions: int) -> EntityRow:
    return EntityRow(
        id=r.id,
        label=r.label,
        type=type_,
        subtype=None,
        aliases=[],
        mentions=[MentionRow(document="d1", start=i, end=i + 1, text="x") for i in range(mentions)],
        links=LinksRow(geonames=None, wikidata=None),
        coordinates=None,
    )


def claim(
    cid: str, s: Ref, p: str, o: Ref, source: str, sentence: str, doc: str, start: int
) -> ClaimRow:
    return ClaimRow(
        id=cid,
        kind="relation",
        predicate=p,
        subject=s,
        object=o,
        quantity=None,
        places=[],
        time=None,
        source=Ref(id=f"organization/{source.lower()}", label=source),
        via=[],
        cue="said",
        certainty="reported",
        segment="body",
        document=DocRef(id=doc, path=f"news/{doc}.txt"),
        evidence=EvidenceRow(sentence=sentence, start=start, end=start + len(sentence)),
    )


BRIGADE = ref("organization", "Marsh Brigade")
ELDER = ref("person", "Tomas Rell")
TOWN = ref("place", "Kestrel Bay")
CLAN = ref("group", "hill clans")
EVIL = Ref(id="person/evil", label=XSS_LABEL)


def sample_graph() -> nx.MultiDiGraph:
    entities = [
        entity(BRIGADE, "ORGANIZATION", 6),
        entity(ELDER, "PERSON", 1),
        entity(TOWN, "PLACE", 2),
        entity(CLAN, "GROUP", 3),
        entity(EVIL, "PERSON", 1),
    ]
    claims = [
        claim(
            "k1",
            BRIGADE,
            "attacked",
            CLAN,
            "Watchdog",
            "The Marsh Brigade attacked the hill clans.",
            "a",
            10,
        ),
        claim(
            "k2",
            BRIGADE,
            "attacked",
            CLAN,
            "Herald",
            "Brigade fighters raided clan homes.",
            "b",
            300,
        ),
        claim("k3", ELDER, "visited", TOWN, "Herald", "Tomas Rell visited Kestrel Bay.", "b", 500),
        claim("k4", EVIL, "threatened", ELDER, "Watchdog & Co\u2028", XSS_SENTENCE, "c", 0),
    ]
    return to_networkx(entities, claims)


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Page]:
    path = tmp_path_factory.mktemp("page") / "out" / "graph.html"
    assert write_network_page(sample_graph(), path, title="<b>Ops</b> & co") == path
    text = path.read_text(encoding="utf-8")
    return text, Page(text)


def test_page_is_self_contained(page: tuple[str, Page]) -> None:
    text, parsed = page
    attrs = {name for _, attrs in parsed.tags for name, _ in attrs}
    assert not attrs & {"src", "href", "action", "srcset", "poster", "data", "formaction"}
    assert {t for t, _ in parsed.tags}.isdisjoint(
        {"link", "img", "iframe", "object", "embed", "base"}
    )
    styles = "".join(parsed.styles) + "".join(
        v or "" for _, a in parsed.tags for n, v in a if n == "style"
    )
    assert "@import" not in styles
    for chunk in styles.split("url(")[1:]:
        assert chunk.lstrip("'\" ").startswith("data:"), chunk[:40]
    assert len(parsed.styles) == 2 and "vis-network" in parsed.styles[0]
    for needle in ("node_modules", "sourceMappingURL", "cdn.", "bootstrap"):
        assert needle not in text


def test_page_escapes_article_text(page: tuple[str, Page]) -> None:
    text, parsed = page
    assert [t for t, _ in parsed.tags].count("script") == 3  # vis-network, data, start-up
    assert len(parsed.scripts) == 3
    expected = {
        "html",
        "head",
        "meta",
        "title",
        "style",
        "body",
        "header",
        "h1",
        "p",
        "span",
        "i",
        "div",
        "script",
    }
    assert {t for t, _ in parsed.tags} <= expected
    assert not any(name.startswith("on") for _, attrs in parsed.tags for name, _ in attrs)
    for raw in ("<script>alert", "</script><img", "<b>Ops", "\u2028"):
        assert raw not in text
    assert "<b>Ops</b> & co" in parsed.text  # the title shows as text
    data = parsed.data()
    labels = {n["label"] for n in data["nodes"]}
    assert XSS_LABEL in labels  # escaping keeps the text intact for display
    evil_edge = next(e for e in data["edges"] if e["from"] == EVIL.id)
    assert XSS_SENTENCE in evil_edge["title"] and "Watchdog & Co\u2028" in evil_edge["title"]


def test_script_json_escapes_markup_breakers() -> None:
    out = script_json({"a": "</script>&\u2028\u2029<!--"})
    assert not set(out) & {"<", ">", "&", "\u2028", "\u2029"}
    assert json.loads(out) == {"a": "</script>&\u2028\u2029<!--"}


def test_layout_in_python_and_physics_off(page: tuple[str, Page]) -> None:
    data = page[1].data()
    assert data["options"]["physics"]["enabled"] is False
    assert data["options"]["layout"]["improvedLayout"] is False
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in data["nodes"])
    assert len({(n["x"], n["y"]) for n in data["nodes"]}) == len(data["nodes"])


def test_nodes_coloured_by_type_sized_by_mentions(page: tuple[str, Page]) -> None:
    parsed = page[1]
    nodes = {n["id"]: n for n in parsed.data()["nodes"]}
    assert nodes[BRIGADE.id]["color"] == TYPE_COLOURS["ORGANIZATION"]
    assert nodes[ELDER.id]["color"] == TYPE_COLOURS["PERSON"]
    assert nodes[TOWN.id]["color"] == TYPE_COLOURS["PLACE"]
    assert nodes[CLAN.id]["color"] == TYPE_COLOURS["GROUP"]
    assert nodes[BRIGADE.id]["size"] > nodes[CLAN.id]["size"] > nodes[ELDER.id]["size"]
    assert "6 mentions in 1 documents" in nodes[BRIGADE.id]["title"]
    for name in ("Person", "Organization", "Group", "Place"):
        assert name in parsed.text


def test_merged_edge_keeps_each_source_with_its_sentence(page: tuple[str, Page]) -> None:
    edges = page[1].data()["edges"]
    attacked = [e for e in edges if e["from"] == BRIGADE.id and e["to"] == CLAN.id]
    assert len(attacked) == 1  # two claims, one drawn edge
    edge = attacked[0]
    assert edge["label"] == "attacked (×2)"
    lines = edge["title"].split("\n")
    first = lines.index(next(x for x in lines if x.startswith("1. Watchdog")))
    second = lines.index(next(x for x in lines if x.startswith("2. Herald")))
    assert "The Marsh Brigade attacked the hill clans." in lines[first + 1]
    assert "news/a.txt [10–52]" in lines[first + 2]
    assert "Brigade fighters raided clan homes." in lines[second + 1]
    assert "news/b.txt [300–335]" in lines[second + 2]
    assert "2 claims" in lines[0]


def test_same_graph_gives_same_page(tmp_path: Path) -> None:
    g1 = sample_graph()
    g2 = nx.MultiDiGraph()
    g2.graph.update(g1.graph)
    g2.add_nodes_from(reversed(list(g1.nodes(data=True))))
    g2.add_edges_from(reversed(list(g1.edges(keys=True, data=True))))
    a = write_network_page(g1, tmp_path / "a.html").read_bytes()
    b = write_network_page(g2, tmp_path / "b.html").read_bytes()
    assert a == b


def test_empty_and_filtered_graphs_write(tmp_path: Path) -> None:
    empty = Page(write_network_page(nx.MultiDiGraph(), tmp_path / "e.html").read_text())
    assert empty.data()["nodes"] == []
    sub = neighbourhood(sample_graph(), source="herald")
    parsed = Page(write_network_page(sub, tmp_path / "s.html").read_text())
    assert {n["id"] for n in parsed.data()["nodes"]} == {BRIGADE.id, CLAN.id, ELDER.id, TOWN.id}
    assert any("filter: source=herald" in t for t in parsed.text)


def synthetic(n: int) -> nx.MultiDiGraph:
    refs = [Ref(id=f"person/p{i:04d}", label=f"Person {i}") for i in range(n)]
    entities = [entity(r, "PERSON", 1 + i % 7) for i, r in enumerate(refs)]
    claims = [
        claim(
            f"s{i}",
            refs[i],
            "met",
            refs[(i * 7 + 1) % n],
            "Wire",
            f"Person {i} met someone.",
            "w",
            i,
        )
        for i in range(n)
    ]
    return to_networkx(entities, claims)


def test_thousand_node_page(tmp_path: Path) -> None:
    g = synthetic(1000)
    began = time.perf_counter()
    path = write_network_page(g, tmp_path / "big.html")
    elapsed = time.perf_counter() - began
    data = Page(path.read_text()).data()
    assert len(data["nodes"]) == 1000 and len(data["edges"]) == 1000
    assert data["options"]["physics"]["enabled"] is False
    print(f"1,000-node page written in {elapsed:.2f} s, {path.stat().st_size / 1e6:.1f} MB")


CHROMIUM = next(
    (p for p in ("/usr/bin/chromium", shutil.which("chromium")) if p and Path(p).exists()), None
)


@pytest.mark.skipif(
    CHROMIUM is None, reason="no chromium on this machine (not installed on purpose)"
)
def test_page_renders_in_headless_chromium(tmp_path: Path) -> None:
    assert CHROMIUM is not None
    path = write_network_page(sample_graph(), tmp_path / "p.html")
    run = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--enable-logging=stderr",
            "--virtual-time-budget=5000",
            "--dump-dom",
            path.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert 'data-rendered="true"' in run.stdout
    assert "CONSOLE(" not in run.stderr  # the page logs nothing: any console line is an error


NODE = shutil.which("node")


@pytest.mark.skipif(NODE is None, reason="node.js not available")
def test_inline_scripts_run_in_node(tmp_path: Path) -> None:
    """Each inline script parses; the start-up script feeds vis the embedded data unchanged."""
    assert NODE is not None
    parsed = Page(write_network_page(sample_graph(), tmp_path / "p.html").read_text())
    for i, body in enumerate(parsed.scripts):
        if i != 1:  # script 1 is JSON, checked below
            (tmp_path / f"s{i}.js").write_text(body)
            check = subprocess.run([NODE, "--check", str(tmp_path / f"s{i}.js")], check=False)
            assert check.returncode == 0
    harness = f"""
    const raw = {json.dumps(parsed.scripts[1])};
    let seen = null, fitted = false;
    globalThis.document = {{
      getElementById: (id) => (id === "rg-data" ? {{ textContent: raw }} : {{ id }}),
      body: {{ setAttribute: () => {{}} }},
    }};
    globalThis.vis = {{
      DataSet: function (items) {{ this.items = items; }},
      Network: function (el, data, options) {{
        seen = {{ el: el.id, nodes: data.nodes.items, edges: data.edges.items, options }};
        this.fit = () => {{ fitted = true; }};
        this.once = () => {{}};
      }},
    }};
    {parsed.scripts[2]}
    console.log(JSON.stringify({{ ...seen, fitted }}));
    """
    (tmp_path / "harness.js").write_text(harness)
    run = subprocess.run(
        [NODE, str(tmp_path / "harness.js")], capture_output=True, text=True, check=True
    )
    seen = json.loads(run.stdout)
    assert seen["el"] == "network" and seen["fitted"] is True
    assert seen["options"]["physics"]["enabled"] is False
    assert {n["label"] for n in seen["nodes"]} >= {XSS_LABEL, "Marsh Brigade"}
    assert any(XSS_SENTENCE in e["title"] for e in seen["edges"])
