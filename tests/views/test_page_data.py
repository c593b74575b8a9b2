"""The page's data (views.page_data): what the panel, filters and timeline read. Invented names."""

from __future__ import annotations

import json

from tests.views.rowdata import (
    CLAIMS,
    ENTITIES,
    FARMERS,
    HALE,
    MONITOR,
    RANGERS,
    VEYRA,
    claim,
    event,
    statement,
    timed,
)

from reportgraph.rows import ContentRow, DocumentRow, Ref
from reportgraph.views.network import to_networkx
from reportgraph.views.page_data import claim_text, doc_label, page_payload

WITNESS = Ref(id="anonymous/d2-a-ferryman", label="a ferryman")
DOCS = [
    DocumentRow(
        id="d1",
        path="in/d1.txt",
        title="Harbour talks stall",
        publisher=None,
        published=None,
        claims=3,
    ),
    DocumentRow(
        id="d2",
        path="in/d2.txt",
        title=None,
        publisher="Valdor News",
        published="2020-09-14",
        claims=2,
    ),
]


def payload() -> dict:  # type: ignore[type-arg]
    claims = [
        *CLAIMS,
        statement(claim("s1", None, "say", None, source=WITNESS, doc="d2"), None, HALE, VEYRA),
        timed(
            event(claim("e1", None, "raid", None), (RANGERS, "agent"), (FARMERS, "victim")),
            "2020-09-10/2020-09-12",
        ),
        claim("x1", HALE, "greeted", RANGERS, sentence="<img src=x onerror=alert(1)>"),
    ]
    graph = to_networkx(ENTITIES, claims)
    spans = {"c1": [(4, 19), (24, 38)]}
    return page_payload(graph, claims, documents=DOCS, spans=spans, top_n=50, comments=True)


def test_edges_point_at_their_claims_by_index() -> None:
    data = payload()
    ids = [c["id"] for c in data["claims"]]
    attacked = next(e for e in data["edges"] if e["label"] == "attacked")
    assert [ids[i] for i in attacked["claims"]] == ["c1", "c2"]
    assert (attacked["from"], attacked["to"], attacked["role"]) == (
        RANGERS.id,
        FARMERS.id,
        "relation",
    )
    node_ids = {n["id"] for n in data["nodes"]}
    assert all(e["from"] in node_ids and e["to"] in node_ids for e in data["edges"])
    assert (data["top_n"], data["comments"]) == (50, True)


def test_claims_carry_their_provenance() -> None:
    by_id = {c["id"]: c for c in payload()["claims"]}
    c1 = by_id["c1"]
    assert (c1["source"], c1["via"], c1["cue"]) == (
        "Eastern Monitor for Rights",
        ["Valdor News"],
        "said",
    )
    assert c1["spans"] == [[4, 19], [24, 38]] and c1["sentence_start"] == 0
    assert (c1["path"], c1["doc_label"]) == ("articles/d1.txt", "Harbour talks stall (d1.txt)")
    assert c1["when"] is None and c1["when_basis"] is None
    c2 = by_id["c2"]  # no time of its own: the publication date, marked as such
    assert (c2["when"], c2["when_basis"], c2["published"]) == (
        ["2020-09-14", "2020-09-14"],
        "published",
        "2020-09-14",
    )
    e1 = by_id["e1"]
    assert (e1["when"], e1["when_basis"]) == (["2020-09-10", "2020-09-12"], "reported")
    assert set(e1["nodes"]) == {RANGERS.id, FARMERS.id}  # its publication draws no edge here
    s1 = by_id["s1"]
    assert s1["nodes"][0] == WITNESS.id and s1["kind"] == "statement"
    assert by_id["x1"]["sentence"] == "<img src=x onerror=alert(1)>"  # data, kept as written


def test_nodes_have_positions_flags_and_degree() -> None:
    nodes = {n["id"]: n for n in payload()["nodes"]}
    assert nodes[WITNESS.id]["type"] == "SOURCE" and nodes[WITNESS.id]["source"] is True
    assert nodes[WITNESS.id]["subtype"] == "anonymous"
    assert nodes[RANGERS.id]["degree"] >= 2
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in nodes.values())
    assert nodes[RANGERS.id]["aliases"] == []  # the label itself is no alias


def test_sources_listed_once_with_counts_and_json_ready() -> None:
    data = payload()
    assert [s["label"] for s in data["sources"]] == sorted(
        (s["label"] for s in data["sources"]), key=str.casefold
    )
    monitor = next(s for s in data["sources"] if s["id"] == MONITOR.id)
    assert monitor["claims"] == 2
    assert json.loads(json.dumps(data)) == data


def test_labels_and_summaries() -> None:
    assert doc_label(DOCS[1]) == "d2.txt"
    # a document with no title: the label its publication source got from its headline
    assert doc_label(DOCS[1], "Ferry sinks off … (d2.txt)") == "Ferry sinks off … (d2.txt)"
    assert doc_label(DOCS[1], "Valdor News") == "d2.txt"  # a publisher's name names no document
    assert claim_text(claim("c", HALE, "leads", RANGERS, places=[VEYRA])) == (
        "Corvin Hale leads Aldmark Rangers at Port Veyra"
    )
    said = statement(claim("s", None, "say", None, source=WITNESS, cue="told"), None, RANGERS)
    assert claim_text(said) == "a ferryman (told): words"  # the content, as written
    bare = said.model_copy(update={"content": None, "cue": None})
    assert claim_text(bare) == "a ferryman (say): about Aldmark Rangers"
    wordy = said.model_copy(
        update={"content": ContentRow(start=0, end=300, text="the dam will hold " * 20)}
    )
    assert len(claim_text(wordy)) < 170 and claim_text(wordy).endswith("…")
