"""The entity network in networkx: one edge per (from, to, label), its attributes, and the cuts.

All names are invented for these tests.
"""

from __future__ import annotations

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

from reportgraph.errors import NotFoundError, QueryError
from reportgraph.rows import Ref
from reportgraph.views.network import neighbourhood, select_claims, to_networkx

SCOUT = Ref(id="group/descriptor/d1/scouts", label="scouts")
WITNESS = Ref(id="anonymous/d2-a-ferryman", label="a ferryman")


def test_nodes_carry_type_counts_and_flags() -> None:
    said = statement(claim("s", None, "say", None, source=WITNESS, doc="d2"), None, HALE)
    told = statement(claim("t", None, "say", None, source=MONITOR), MONITOR, RANGERS)
    g = to_networkx(ENTITIES, [*CLAIMS, said, told])
    rangers = g.nodes[RANGERS.id]
    assert (rangers["label"], rangers["type"], rangers["subtype"]) == (
        "Aldmark Rangers",
        "ORGANIZATION",
        "armed group",
    )
    assert (rangers["mentions"], rangers["documents"]) == (3, 2)
    assert "subtype" not in g.nodes[HALE.id]  # None is left out, not stored
    # Reporting sources that draw an edge are nodes: entities flagged, the others of type SOURCE.
    assert g.nodes[MONITOR.id]["source"] and not g.nodes[RANGERS.id]["source"]
    assert NEWS.id not in g  # it reports relations only: it draws no edge of its own
    assert (g.nodes[WITNESS.id]["type"], g.nodes[WITNESS.id]["subtype"]) == ("SOURCE", "anonymous")


def test_one_edge_gathers_the_claims_sharing_ends_and_label() -> None:
    g = to_networkx(ENTITIES, CLAIMS)
    assert g.number_of_edges(RANGERS.id, FARMERS.id) == 1
    edge = g.edges[RANGERS.id, FARMERS.id, "attacked"]
    assert edge["claims"] == ["c1", "c2"]  # both kept, in document order
    assert edge["sources"] == ["Eastern Monitor for Rights", "Valdor News"]
    assert edge["source_ids"] == [MONITOR.id, NEWS.id]
    assert edge["independent_sources"] == edge["weight"] == 2
    assert edge["certainties"] == {"alleged": 1, "asserted": 1}
    assert edge["weak"] is False and edge["documents"] == 2
    assert edge["kinds"] == ["relation"] and edge["role"] == "relation"
    assert g.graph["claims"] == 4 and g.graph["claims_drawn"] == 3


def test_same_source_twice_counts_once_and_weak_only_edges_are_marked() -> None:
    claims = [
        claim("a1", HALE, "bribed", RANGERS, certainty="alleged"),
        claim("a2", HALE, "bribed", RANGERS, certainty="denied", doc="d2"),
    ]
    edge = to_networkx([], claims).edges[HALE.id, RANGERS.id, "bribed"]
    assert edge["independent_sources"] == 1 and edge["claims"] == ["a1", "a2"]
    assert edge["weak"] is True


def test_edge_times_from_reported_time_else_publication_date() -> None:
    claims = [
        timed(claim("t1", HALE, "met", RANGERS), "2022-01-03/2022-01-05"),
        claim("t2", HALE, "met", RANGERS, doc="d2"),
        claim("t3", HALE, "met", RANGERS, doc="d3"),  # no time, no date: not counted
    ]
    edge = to_networkx([], claims, published={"d2": "2022-02-01"}).edges[HALE.id, RANGERS.id, "met"]
    assert (edge["first_time"], edge["last_time"]) == ("2022-01-03", "2022-02-01")
    assert "first_time" not in to_networkx([], claims[2:]).edges[HALE.id, RANGERS.id, "met"]


def test_descriptors_are_flagged_and_anchored() -> None:
    link = claim("l1", SCOUT, "member_of", RANGERS)
    ev = event(claim("e1", None, "ambush", None), (SCOUT, "agent"), (FARMERS, "victim"))
    g = to_networkx(ENTITIES, [link, ev])
    assert g.nodes[SCOUT.id]["descriptor"] is True and g.nodes[SCOUT.id]["anchor"] == RANGERS.id
    assert g.nodes[RANGERS.id]["descriptor"] is False and "anchor" not in g.nodes[RANGERS.id]
    assert g.has_edge(SCOUT.id, FARMERS.id, "ambush")


def test_claim_only_entities_become_nodes() -> None:
    stranger = Ref(id="person/ilsa-dorn", label="Ilsa Dorn")
    odd = Ref(id="whatever-7", label="Unit 7")
    g = to_networkx([], [claim("c9", stranger, "met", odd)])
    assert g.nodes[stranger.id]["type"] == "PERSON"
    assert g.nodes[odd.id]["type"] == "UNKNOWN" and g.nodes[odd.id]["mentions"] == 0


def test_located_places_carry_their_coordinates() -> None:
    port = entity(VEYRA, "PLACE", [("d1", 60)]).model_copy(update={"coordinates": (43.5, 16.4)})
    g = to_networkx([port, *ENTITIES[:2]], CLAIMS)
    assert (g.nodes[VEYRA.id]["lat"], g.nodes[VEYRA.id]["lon"]) == (43.5, 16.4)
    assert "lat" not in g.nodes[HALE.id]


# --- cutting it down ---------------------------------------------------------------------------


def chain_claims() -> list:  # type: ignore[type-arg]
    refs = {n: Ref(id=f"person/{n}", label=n.upper()) for n in "abcde"}
    return [
        claim("ab", refs["a"], "met", refs["b"], source=MONITOR),
        claim("bc", refs["b"], "met", refs["c"], places=[VEYRA]),
        claim("cd", refs["c"], "met", refs["d"], source=MONITOR),
        claim("eb", refs["e"], "met", refs["b"]),
    ]


def chain_graph() -> nx.MultiDiGraph:
    """a -> b -> c -> d, plus e -> b, and an isolated z."""
    z = entity(Ref(id="person/z", label="Z"), "PERSON", [("d1", 0)])
    return to_networkx([z], chain_claims())


def ids(g: nx.MultiDiGraph) -> set[str]:
    return {n.split("/")[1] for n in g.nodes if str(n).startswith("person/")}


def test_neighbourhood_hops_ignore_direction() -> None:
    g = chain_graph()
    assert ids(neighbourhood(g, entity="person/b", hops=1)) == {"a", "b", "c", "e"}
    assert ids(neighbourhood(g, entity="person/b", hops=2)) == {"a", "b", "c", "d", "e"}
    assert ids(neighbourhood(g, entity="person/d", hops=0)) == {"d"}
    assert ids(neighbourhood(g)) == {"a", "b", "c", "d", "e", "z"}
    assert ids(neighbourhood(g, entity="e", hops=1)) == {"e", "b"}  # by its unique label


def test_select_claims_by_source_and_place() -> None:
    claims = chain_claims()
    by_label = select_claims(claims, source="eastern MONITOR for rights")
    assert [c.id for c in by_label] == ["ab", "cd"]
    assert select_claims(claims, source=MONITOR.id) == by_label
    assert [c.id for c in select_claims(claims, place="port veyra")] == ["bc"]
    visited = claim("c7", HALE, "visited", VEYRA)  # the place as object counts too
    assert [c.id for c in select_claims([*claims, visited], place=VEYRA.id)] == ["bc", "c7"]
    with pytest.raises(NotFoundError):
        select_claims(claims, source="Nobody Weekly")
    with pytest.raises(NotFoundError):
        select_claims(claims, place="Atlantis")


def test_neighbourhood_keeps_best_connected_deterministically() -> None:
    hub = Ref(id="organization/hub", label="Hub")
    spokes = [Ref(id=f"person/s{i:02d}", label=f"S{i}") for i in range(10)]
    claims = [claim(f"h{i}", hub, "paid", s) for i, s in enumerate(spokes)]
    claims.append(claim("x", spokes[7], "met", spokes[3]))  # s03 and s07 have degree 2
    g = to_networkx([], claims)
    sub = neighbourhood(g, max_nodes=4)
    assert set(sub.nodes) == {hub.id, "person/s03", "person/s07", "person/s00"}
    assert sub.graph["nodes_matched"] == 11
    near = neighbourhood(g, entity="person/s05", hops=2, max_nodes=2)
    assert set(near.nodes) == {"person/s05", hub.id}
    again = neighbourhood(to_networkx([], list(reversed(claims))), max_nodes=4)
    assert set(again.nodes) == set(sub.nodes)


def test_neighbourhood_refuses_unknown_or_bad_arguments() -> None:
    g = chain_graph()
    with pytest.raises(NotFoundError):
        neighbourhood(g, entity="person/nobody")
    with pytest.raises(QueryError):
        neighbourhood(g, hops=-1)
    with pytest.raises(QueryError):
        neighbourhood(g, max_nodes=0)
