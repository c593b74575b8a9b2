"""GraphML of the entity network: the round trip through networkx, and what Gephi needs.

Graphs are compared as graphs (nodes, edges, attributes), never as text. Names are invented.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest
from tests.views.rowdata import (
    CLAIMS,
    ENTITIES,
    FARMERS,
    HALE,
    MONITOR,
    NEWS,
    RANGERS,
    VEYRA,
    claim,
    entity,
    event,
    statement,
    timed,
)

from reportgraph.errors import ExportError
from reportgraph.views.graphml import read_graphml, write_graphml
from reportgraph.views.network import to_networkx

GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"


def assert_same_graph(a: nx.MultiDiGraph, b: nx.MultiDiGraph) -> None:
    assert dict(a.nodes(data=True)) == dict(b.nodes(data=True))
    assert sorted(a.edges(keys=True, data=True), key=repr) == sorted(
        b.edges(keys=True, data=True), key=repr
    )
    assert a.graph == b.graph


def rich_graph() -> nx.MultiDiGraph:
    port = entity(VEYRA, "PLACE", [("d1", 60)]).model_copy(update={"coordinates": (43.5, 16.4)})
    claims = [
        *CLAIMS,
        timed(claim("t1", HALE, "met", FARMERS, sentence='"quoted" <b>&amp;</b>\r\n'), "2021-06"),
        claim("t2", HALE, "met", FARMERS, sentence="Ταχυδρόμος: 会谈 ended.", doc="d2"),
        statement(claim("s1", None, "say", None, source=MONITOR), MONITOR, RANGERS, VEYRA),
        event(
            claim("e1", None, "raid", None, places=[VEYRA]), (RANGERS, "agent"), (HALE, "target")
        ),
    ]
    return to_networkx([port, *ENTITIES[1:]], claims, published={"d2": "2021-07-01"})


def test_round_trip_keeps_every_node_and_edge_attribute(tmp_path: Path) -> None:
    g = rich_graph()
    back = read_graphml(write_graphml(g, tmp_path / "sub" / "g.graphml"))
    assert_same_graph(g, back)
    met = back.edges[HALE.id, FARMERS.id, "met"]
    assert met["claims"] == ["t1", "t2"] and met["independent_sources"] == 1
    assert (met["first_time"], met["last_time"]) == ("2021-06", "2021-07-01")
    assert back.edges[MONITOR.id, VEYRA.id, "said about"]["role"] == "statement"
    assert back.nodes[VEYRA.id]["lat"] == 43.5 and back.nodes[MONITOR.id]["source"] is True


def test_edge_ids_are_unique_for_gephi(tmp_path: Path) -> None:
    """Two pairs share the label "met": their GraphML ids must still differ."""
    g = to_networkx([], [claim("a", HALE, "met", FARMERS), claim("b", RANGERS, "met", FARMERS)])
    path = write_graphml(g, tmp_path / "g.graphml")
    edges = ET.parse(path).getroot().iter(f"{GRAPHML}edge")
    edge_ids = [e.get("id") for e in edges]
    assert len(edge_ids) == 2 and len(set(edge_ids)) == 2
    assert {k for *_, k in read_graphml(path).edges(keys=True)} == {"met"}


def test_keys_other_than_the_label_survive(tmp_path: Path) -> None:
    g = nx.MultiDiGraph()
    g.add_edge("a", "b", key="k1", label="met")
    g.add_edge("a", "b", key="k2")
    back = read_graphml(write_graphml(g, tmp_path / "g.graphml"))
    assert sorted(k for *_, k in back.edges(keys=True)) == ["k1", "k2"]


def test_characters_xml_cannot_hold_are_replaced_one_for_one(tmp_path: Path) -> None:
    g = to_networkx([], [claim("x1", HALE, "met\x07", FARMERS)])
    back = read_graphml(write_graphml(g, tmp_path / "g.graphml"))
    assert [d["label"] for *_, d in back.edges(data=True)] == ["met\ufffd"]


def test_errors_are_coded(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(ExportError):
        write_graphml(to_networkx(ENTITIES, CLAIMS), blocker / "g.graphml")
    with pytest.raises(ExportError):
        read_graphml(tmp_path / "missing.graphml")
    (tmp_path / "bad.graphml").write_text("<graphml><graph><node")
    with pytest.raises(ExportError):
        read_graphml(tmp_path / "bad.graphml")


def test_sources_that_are_not_entities_are_source_nodes(tmp_path: Path) -> None:
    row = event(claim("e2", None, "flood", None, places=[VEYRA], source=NEWS))
    back = read_graphml(write_graphml(to_networkx([], [row]), tmp_path / "g.graphml"))
    assert back.nodes[NEWS.id]["type"] == "SOURCE"
    assert back.nodes[NEWS.id]["subtype"] == "publication"
    assert back.has_edge(NEWS.id, VEYRA.id, "reports flood")
