"""The claim graph in networkx: building, filtering and the GraphML round trip.

All names are invented for these tests.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from reportgraph.errors import ExportError, NotFoundError, QueryError
from reportgraph.rows import (
    ClaimRow,
    ContentRow,
    DocRef,
    EntityRow,
    EvidenceRow,
    LinksRow,
    MentionRow,
    ParticipantRow,
    QuantityRow,
    Ref,
    TimeRow,
)
from reportgraph.views.network import neighbourhood, read_graphml, to_networkx, write_graphml

RANGERS = Ref(id="organization/aldmark-rangers", label="Aldmark Rangers")
HALE = Ref(id="person/corvin-hale", label="Corvin Hale")
VEYRA = Ref(id="place/port-veyra", label="Port Veyra")
FARMERS = Ref(id="group/lowland-farmers", label="lowland farmers")
MONITOR = Ref(id="organization/eastern-monitor", label="Eastern Monitor for Rights")
NEWS = Ref(id="publication/valdor-news", label="Valdor News")


def entity(
    ref: Ref, type_: str, mentions: list[tuple[str, int]], subtype: str | None = None
) -> EntityRow:
    return EntityRow(
        id=ref.id,
        label=ref.label,
        type=type_,
        subtype=subtype,
        aliases=[ref.label],
        mentions=[
            MentionRow(document=doc, start=s, end=s + len(ref.label), text=ref.label)
            for doc, s in mentions
        ],
        links=LinksRow(geonames=None, wikidata=None),
        coordinates=None,
    )


def claim(
    cid: str,
    subject: Ref | None,
    predicate: str,
    obj: Ref | None,
    *,
    source: Ref = NEWS,
    via: list[Ref] | None = None,
    places: list[Ref] | None = None,
    sentence: str = "The Aldmark Rangers attacked the lowland farmers.",
    doc: str = "d1",
    start: int = 0,
    certainty: str = "asserted",
    cue: str | None = None,
) -> ClaimRow:
    return ClaimRow(
        id=cid,
        kind="relation",
        predicate=predicate,
        subject=subject,
        object=obj,
        quantity=None,
        places=places or [],
        time=None,
        source=source,
        via=via or [],
        cue=cue,
        certainty=certainty,
        segment="body",
        document=DocRef(id=doc, path=f"articles/{doc}.txt"),
        evidence=EvidenceRow(sentence=sentence, start=start, end=start + len(sentence)),
    )


ENTITIES = [
    entity(RANGERS, "ORGANIZATION", [("d1", 4), ("d1", 90), ("d2", 10)], subtype="armed group"),
    entity(HALE, "PERSON", [("d2", 0)]),
    entity(VEYRA, "PLACE", [("d1", 60)]),
    entity(FARMERS, "GROUP", [("d1", 30), ("d2", 40)]),
]
CLAIMS = [
    claim(
        "c1", RANGERS, "attacked", FARMERS, places=[VEYRA], source=MONITOR, via=[NEWS], cue="said"
    ),
    claim("c2", RANGERS, "attacked", FARMERS, doc="d2", start=120, certainty="alleged"),
    claim("c3", HALE, "leads", RANGERS, source=MONITOR, sentence="Corvin Hale leads the Rangers."),
    claim("c4", RANGERS, "killed", None, places=[VEYRA]),  # no object: no edge
]


def test_nodes_carry_type_and_counts() -> None:
    g = to_networkx(ENTITIES, CLAIMS)
    assert set(g.nodes) == {RANGERS.id, HALE.id, VEYRA.id, FARMERS.id}
    rangers = g.nodes[RANGERS.id]
    assert rangers["label"] == "Aldmark Rangers"
    assert rangers["type"] == "ORGANIZATION"
    assert rangers["subtype"] == "armed group"
    assert rangers["mentions"] == 3
    assert rangers["documents"] == 2
    assert "subtype" not in g.nodes[HALE.id]  # None is left out, not stored


def test_one_edge_per_claim_with_subject_and_object() -> None:
    g = to_networkx(ENTITIES, CLAIMS)
    assert sorted(k for _, _, k in g.edges(keys=True)) == ["c1", "c2", "c3"]
    assert g.graph["claims"] == 4 and g.graph["claims_drawn"] == 3
    c1 = g.edges[RANGERS.id, FARMERS.id, "c1"]
    assert c1["predicate"] == "attacked"
    assert c1["claim"] == "c1"
    assert c1["source"] == "Eastern Monitor for Rights"
    assert c1["source_id"] == MONITOR.id
    assert c1["via"] == ["Valdor News"] and c1["via_ids"] == [NEWS.id]
    assert c1["cue"] == "said"
    assert (c1["document"], c1["path"], c1["start"]) == ("d1", "articles/d1.txt", 0)
    assert c1["end"] == len(c1["sentence"])
    assert c1["places"] == ["Port Veyra"] and c1["place_ids"] == [VEYRA.id]
    c2 = g.edges[RANGERS.id, FARMERS.id, "c2"]
    # The two claims on the same pair keep their own sources and evidence.
    assert (c2["source"], c2["certainty"], c2["document"]) == ("Valdor News", "alleged", "d2")
    assert "cue" not in c2
    # Places are an attribute only: no claim names Port Veyra as subject or object.
    assert g.degree(VEYRA.id) == 0


def test_claim_only_entities_become_nodes() -> None:
    stranger = Ref(id="person/ilsa-dorn", label="Ilsa Dorn")
    odd = Ref(id="whatever-7", label="Unit 7")
    g = to_networkx([], [claim("c9", stranger, "met", odd)])
    assert g.nodes[stranger.id]["label"] == "Ilsa Dorn"
    assert g.nodes[stranger.id]["type"] == "PERSON"
    assert g.nodes[odd.id]["type"] == "UNKNOWN"
    assert g.nodes[odd.id]["mentions"] == 0


def test_quantity_and_time_texts_on_edge() -> None:
    row = claim("c5", RANGERS, "attacked", FARMERS).model_copy(
        update={
            "quantity": QuantityRow(
                value=12, qualifier="at least", upper=None, unit="killed", text="at least 12"
            ),
            "time": TimeRow(text="on Monday", value="2024-05-06"),
        }
    )
    d = to_networkx([], [row]).edges[RANGERS.id, FARMERS.id, "c5"]
    assert d["quantity"] == "at least 12" and d["time"] == "on Monday"


def assert_same_graph(a: nx.MultiDiGraph, b: nx.MultiDiGraph) -> None:
    assert dict(a.nodes(data=True)) == dict(b.nodes(data=True))
    assert sorted(a.edges(keys=True, data=True), key=lambda e: e[2]) == sorted(
        b.edges(keys=True, data=True), key=lambda e: e[2]
    )
    assert a.graph == b.graph


def test_graphml_round_trip(tmp_path: Path) -> None:
    tricky = [
        claim(
            "t1", HALE, "said", FARMERS, sentence='[1, 2] "quoted" <b>&amp; tags</b>\r\nline two\r'
        ),
        claim("t2", HALE, "met", FARMERS, sentence="Ταχυδρόμος said: 会谈 ended.", via=[]),
        claim("t3", HALE, "met", FARMERS, sentence="{}", via=[MONITOR, NEWS], places=[VEYRA]),
    ]
    g = to_networkx(ENTITIES, CLAIMS + tricky)
    out = write_graphml(g, tmp_path / "sub" / "g.graphml")
    assert out.exists()
    back = read_graphml(out)
    assert isinstance(back, nx.MultiDiGraph)
    assert_same_graph(g, back)
    assert back.edges[HALE.id, FARMERS.id, "t1"]["sentence"].startswith("[1, 2]")
    assert back.edges[HALE.id, FARMERS.id, "t3"]["via"] == [
        "Eastern Monitor for Rights",
        "Valdor News",
    ]


def test_graphml_replaces_characters_xml_cannot_hold(tmp_path: Path) -> None:
    g = to_networkx([], [claim("x1", HALE, "met", FARMERS, sentence="bell\x07here")])
    back = read_graphml(write_graphml(g, tmp_path / "g.graphml"))
    sentence = back.edges[HALE.id, FARMERS.id, "x1"]["sentence"]
    assert sentence == "bell\ufffdhere"  # same length: offsets still line up


def test_graphml_errors(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(ExportError):
        write_graphml(to_networkx(ENTITIES, CLAIMS), blocker / "g.graphml")
    with pytest.raises(ExportError):
        read_graphml(tmp_path / "missing.graphml")


# --- neighbourhood ----------------------------------------------------------------------------


def chain_graph() -> nx.MultiDiGraph:
    """a -> b -> c -> d, plus e -> b, and an isolated z."""
    refs = {n: Ref(id=f"person/{n}", label=n.upper()) for n in "abcdez"}
    claims = [
        claim("ab", refs["a"], "met", refs["b"], source=MONITOR),
        claim("bc", refs["b"], "met", refs["c"], places=[VEYRA]),
        claim("cd", refs["c"], "met", refs["d"], source=MONITOR),
        claim("eb", refs["e"], "met", refs["b"]),
    ]
    return to_networkx([entity(refs["z"], "PERSON", [("d1", 0)])], claims)


def ids(g: nx.MultiDiGraph) -> set[str]:
    return {n.split("/")[1] for n in g.nodes}


def test_neighbourhood_hops_ignore_direction() -> None:
    g = chain_graph()
    assert ids(neighbourhood(g, entity="person/b", hops=1)) == {"a", "b", "c", "e"}
    assert ids(neighbourhood(g, entity="person/b", hops=2)) == {"a", "b", "c", "d", "e"}
    assert ids(neighbourhood(g, entity="person/d", hops=0)) == {"d"}
    assert ids(neighbourhood(g)) == {"a", "b", "c", "d", "e", "z"}


def test_neighbourhood_entity_by_unique_label() -> None:
    assert ids(neighbourhood(chain_graph(), entity="e", hops=1)) == {"e", "b"}


def test_neighbourhood_source_filter_by_id_or_label() -> None:
    g = chain_graph()
    by_label = neighbourhood(g, source="eastern MONITOR for rights")
    by_id = neighbourhood(g, source=MONITOR.id)
    assert sorted(k for *_, k in by_label.edges(keys=True)) == ["ab", "cd"]
    assert ids(by_label) == ids(by_id) == {"a", "b", "c", "d"}
    # Combined with an entity: hops follow only the kept edges.
    assert ids(neighbourhood(g, entity="person/b", hops=3, source=MONITOR.id)) == {"a", "b"}


def test_neighbourhood_place_filter() -> None:
    g = chain_graph()
    sub = neighbourhood(g, place="port veyra")
    assert [k for *_, k in sub.edges(keys=True)] == ["bc"]
    assert ids(sub) == {"b", "c"}
    # A claim naming the place as its object also counts.
    g2 = to_networkx(ENTITIES, [*CLAIMS, claim("c7", HALE, "visited", VEYRA)])
    assert sorted(k for *_, k in neighbourhood(g2, place=VEYRA.id).edges(keys=True)) == ["c1", "c7"]


def test_neighbourhood_keeps_best_connected_deterministically() -> None:
    hub = Ref(id="organization/hub", label="Hub")
    spokes = [Ref(id=f"person/s{i:02d}", label=f"S{i}") for i in range(10)]
    claims = [claim(f"h{i}", hub, "paid", s) for i, s in enumerate(spokes)]
    claims.append(claim("x", spokes[7], "met", spokes[3]))  # s03 and s07 have degree 2
    g = to_networkx([], claims)
    sub = neighbourhood(g, max_nodes=4)
    assert set(sub.nodes) == {hub.id, "person/s03", "person/s07", "person/s00"}
    assert sub.graph["nodes_matched"] == 11
    # Around an entity, nearer nodes come first even when better connected ones are further.
    near = neighbourhood(g, entity="person/s05", hops=2, max_nodes=2)
    assert set(near.nodes) == {"person/s05", hub.id}
    again = neighbourhood(to_networkx([], list(reversed(claims))), max_nodes=4)
    assert set(again.nodes) == set(sub.nodes)


def test_neighbourhood_refuses_unknown_or_bad_arguments() -> None:
    g = chain_graph()
    with pytest.raises(NotFoundError):
        neighbourhood(g, entity="person/nobody")
    with pytest.raises(NotFoundError):
        neighbourhood(g, source="Nobody Weekly")
    with pytest.raises(NotFoundError):
        neighbourhood(g, place="Atlantis")
    with pytest.raises(QueryError):
        neighbourhood(g, hops=-1)
    with pytest.raises(QueryError):
        neighbourhood(g, max_nodes=0)


def test_statements_and_event_participants_draw_edges(tmp_path: Path) -> None:
    """A statement connects its speaker to what it names; an event its agents to its victims."""
    said = claim(
        "s1", None, "say", None, source=Ref(id="organization/eastern-monitor", label="EMR")
    ).model_copy(
        update={
            "kind": "statement",
            "source_entity": MONITOR,
            "about": [RANGERS, MONITOR],  # naming itself draws no loop
            "content": ContentRow(start=20, end=45, text="the Rangers shelled a school"),
        }
    )
    event = claim("e1", RANGERS, "killing", FARMERS, places=[VEYRA]).model_copy(
        update={
            "kind": "event",
            "participants": [
                ParticipantRow(id=RANGERS.id, label=RANGERS.label, role="agent"),
                ParticipantRow(id=HALE.id, label=HALE.label, role="agent"),
                ParticipantRow(id=FARMERS.id, label=FARMERS.label, role="victim"),
            ],
        }
    )
    unnamed = said.model_copy(update={"id": "s2", "source_entity": None})
    g = to_networkx(ENTITIES, [said, event, unnamed])
    edges = {(u, v, d["role"]) for u, v, d in g.edges(data=True)}
    assert edges == {
        (MONITOR.id, RANGERS.id, "about"),
        (RANGERS.id, FARMERS.id, "subject"),
        (HALE.id, FARMERS.id, "agent"),
        (RANGERS.id, VEYRA.id, "place"),
        (HALE.id, VEYRA.id, "place"),
        (FARMERS.id, VEYRA.id, "place"),
    }
    assert g.graph["claims_drawn"] == 2  # the unnamed speaker's statement draws nothing
    assert g.nodes[MONITOR.id]["source"] and not g.nodes[RANGERS.id]["source"]
    about = g.edges[MONITOR.id, RANGERS.id, f"s1/about/{RANGERS.id}"]
    assert about["claim"] == "s1" and about["content"] == "the Rangers shelled a school"
    back = read_graphml(write_graphml(g, tmp_path / "g.graphml"))
    assert {(u, v, d["role"]) for u, v, d in back.edges(data=True)} == edges
    assert back.nodes[MONITOR.id]["source"] is True


def test_located_places_carry_their_coordinates(tmp_path: Path) -> None:
    port = entity(VEYRA, "PLACE", [("d1", 60)]).model_copy(update={"coordinates": (43.5, 16.4)})
    g = to_networkx([port, *ENTITIES[:2]], CLAIMS)
    assert (g.nodes[VEYRA.id]["lat"], g.nodes[VEYRA.id]["lon"]) == (43.5, 16.4)
    assert "lat" not in g.nodes[HALE.id]
    back = read_graphml(write_graphml(g, tmp_path / "g.graphml"))
    assert (back.nodes[VEYRA.id]["lat"], back.nodes[VEYRA.id]["lon"]) == (43.5, 16.4)
