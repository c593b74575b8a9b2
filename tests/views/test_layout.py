"""Positions computed in Python for the network page."""

from __future__ import annotations

import itertools
import math

import networkx as nx
import numpy as np

from reportgraph.views.layout import GRID_FROM, _repulsion, layout


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


def large_graph() -> nx.MultiDiGraph:
    """One 700-node component with hubs (more than GRID_FROM nodes: the mesh layout)."""
    g = nx.barabasi_albert_graph(700, 2, seed=1)
    return nx.MultiDiGraph(nx.relabel_nodes(g, {n: f"n{n:03d}" for n in g.nodes}))


def test_the_mesh_repulsion_is_close_to_every_pair_summed() -> None:
    rng = np.random.default_rng(3)
    n = 600
    bunched = rng.normal(0.5, 0.05, (n // 2, 2))  # a dense knot inside a uniform spread
    pos = np.concatenate([bunched, rng.random((n - n // 2, 2))])
    k = 1.0 / math.sqrt(n)
    delta = pos[:, None, :] - pos[None, :, :]
    d2 = (delta * delta).sum(axis=2)
    np.fill_diagonal(d2, np.inf)
    exact = (delta * (k * k / d2)[..., None]).sum(axis=1)
    error = np.linalg.norm(_repulsion(pos, k, 64) - exact, axis=1) / np.linalg.norm(exact, axis=1)
    assert np.median(error) < 0.05
    assert np.percentile(error, 95) < 0.15


def test_a_large_component_is_spread_out_and_the_same_whatever_the_order() -> None:
    g = large_graph()
    assert g.number_of_nodes() > GRID_FROM
    pos = layout(g)
    assert set(pos) == set(g.nodes)
    closest = min(math.dist(pos[a], pos[b]) for a, b in itertools.combinations(pos, 2))
    assert closest > 10.0
    edge = sum(math.dist(pos[u], pos[v]) for u, v in g.edges()) / g.number_of_edges()
    pairs = list(itertools.combinations(sorted(pos), 2))
    mean = sum(math.dist(pos[a], pos[b]) for a, b in pairs) / len(pairs)
    assert edge < mean / 2
    h = nx.MultiDiGraph()
    h.add_nodes_from(reversed(list(g.nodes)))
    h.add_edges_from((v, u) for u, v in reversed(list(g.edges())))
    assert layout(h) == pos
