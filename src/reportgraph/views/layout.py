"""Node positions computed in Python so the page can switch physics off.

Each connected component is laid out on its own with a Fruchterman-Reingold force layout whose
repulsion only acts between nodes closer than a cut-off (the grid variant of the original paper,
using a k-d tree), so a 1,000-node graph takes well under a second instead of the several seconds
networkx's all-pairs version needs. Components are then packed in rows, largest first, and the
entities without any drawn edge go into a grid after them. Same graph, same positions: nodes are
sorted by id and the random start is seeded.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import networkx as nx
import numpy as np
from numpy.typing import NDArray
from scipy.spatial import cKDTree

SPACING = 90.0  # pixels between neighbouring nodes
SEED = 7
ITERATIONS = 80

Array = NDArray[np.float64]


def _force_layout(nodes: Sequence[str], edges: Sequence[tuple[int, int, float]]) -> Array:
    """Positions in the unit square for one connected component (node indexes as in ``nodes``)."""
    n = len(nodes)
    rng = np.random.default_rng(SEED)
    pos: Array = rng.random((n, 2))
    k = 1.0 / math.sqrt(n)
    src = np.array([e[0] for e in edges], dtype=np.intp)
    dst = np.array([e[1] for e in edges], dtype=np.intp)
    weight = np.array([e[2] for e in edges], dtype=np.float64)
    temperature = 0.1
    cooling = temperature / (ITERATIONS + 1)
    for _ in range(ITERATIONS):
        disp = np.zeros_like(pos)
        pairs = cKDTree(pos).query_pairs(r=3.0 * k, output_type="ndarray")
        if len(pairs):
            i, j = pairs[:, 0], pairs[:, 1]
            delta = pos[i] - pos[j]
            dist = np.maximum(np.linalg.norm(delta, axis=1), 1e-6)
            push = (delta / dist[:, None]) * (k * k / dist)[:, None]
            np.add.at(disp, i, push)
            np.add.at(disp, j, -push)
        if len(src):
            delta = pos[src] - pos[dst]
            dist = np.maximum(np.linalg.norm(delta, axis=1), 1e-6)
            pull = delta * (dist * weight / k)[:, None]
            np.add.at(disp, src, -pull)
            np.add.at(disp, dst, pull)
        length = np.maximum(np.linalg.norm(disp, axis=1), 1e-9)
        pos += disp * (np.minimum(length, temperature) / length)[:, None]
        temperature -= cooling
    return pos


def _component_positions(graph: nx.Graph, nodes: list[str]) -> Array:
    """Positions in pixels with the top-left corner at (0, 0)."""
    if len(nodes) == 1:
        return np.zeros((1, 2))
    if len(nodes) == 2:
        return np.array([[0.0, 0.0], [SPACING * 1.5, 0.0]])
    index = {node: i for i, node in enumerate(nodes)}
    edges = [
        (index[u], index[v], float(d.get("weight", 1.0)))
        for u, v, d in sorted(graph.subgraph(nodes).edges(data=True))
    ]
    pos = _force_layout(nodes, edges)
    pos -= pos.min(axis=0)
    span = float(pos.max()) or 1.0
    scaled: Array = pos / span * SPACING * math.sqrt(len(nodes)) * 1.2
    return scaled


def _grid(count: int) -> Array:
    columns = max(1, math.ceil(math.sqrt(count * 2)))
    return np.array(
        [[(i % columns) * SPACING, (i // columns) * SPACING * 0.7] for i in range(count)],
        dtype=np.float64,
    )


def layout(graph: nx.Graph | nx.MultiDiGraph) -> dict[str, tuple[float, float]]:
    """Pixel positions for every node, independent of the order the graph was built in."""
    simple = nx.Graph()
    simple.add_nodes_from(sorted(str(n) for n in graph.nodes))
    for u, v in graph.edges():
        a, b = sorted((str(u), str(v)))
        if a != b:
            weight = simple.get_edge_data(a, b, {"weight": 0})["weight"]
            simple.add_edge(a, b, weight=weight + 1)
    components = sorted(
        (sorted(c) for c in nx.connected_components(simple) if len(c) > 1),
        key=lambda c: (-len(c), c[0]),
    )
    loners = sorted(str(n) for n in simple.nodes if simple.degree(n) == 0)
    blocks: list[tuple[list[str], Array]] = [
        (c, _component_positions(simple, c)) for c in components
    ]
    if loners:
        blocks.append((loners, _grid(len(loners))))
    row_width = max(
        [float(p[:, 0].max()) for _, p in blocks]
        + [SPACING * math.sqrt(simple.number_of_nodes()) * 1.5]
    )
    positions: dict[str, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for nodes, pos in blocks:
        width, height = float(pos[:, 0].max()), float(pos[:, 1].max())
        if x > 0 and x + width > row_width:
            x, y, row_height = 0.0, y + row_height + SPACING, 0.0
        for node, (px, py) in zip(nodes, pos, strict=True):
            positions[node] = (round(x + float(px), 1), round(y + float(py), 1))
        x += width + SPACING
        row_height = max(row_height, height)
    return positions
