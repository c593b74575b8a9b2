"""Positions computed in Python for the network page."""

from __future__ import annotations

import itertools
import math

import networkx as nx

from reportgraph.views.layout import layout


def mixed_graph() -> nx.MultiDiGraph:
    parts = [nx.path_graph(5), nx.star_graph(12), nx.empty_graph(30), nx.cycle_graph(40)]
    g = nx.disjoint_union_all(parts)
    return nx.MultiDiGraph(nx.relabel_nodes(g, {n: f"n{n:03d}" for n in g.nodes}))


def test_every_node_placed_apart() -> None:
    g = mixed_graph()
    pos = layout(g)
    assert set(pos) == set(g.nodes)
    closest = min(math.dist(pos[a], pos[b]) for a, b in itertools.combinations(pos, 2))
    assert closest > 20.0


def test_connected_nodes_sit_closer_than_others() -> None:
    g = mixed_graph()
    pos = layout(g)
    edge = sum(math.dist(pos[u], pos[v]) for u, v in g.edges()) / g.number_of_edges()
    pairs = list(itertools.combinations(sorted(pos), 2))
    mean = sum(math.dist(pos[a], pos[b]) for a, b in pairs) / len(pairs)
    assert edge < mean / 3


def test_same_positions_whatever_the_insertion_order() -> None:
    g = mixed_graph()
    h = nx.MultiDiGraph()
    h.add_nodes_from(reversed(list(g.nodes)))
    h.add_edges_from((v, u) for u, v in reversed(list(g.edges())))
    assert layout(g) == layout(h)
    assert layout(nx.MultiDiGraph()) == {}
