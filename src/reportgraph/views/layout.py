"""Node positions computed in Python so the page can switch physics off.

Each connected component is laid out on its own with a Fruchterman-Reingold force layout, with a
fixed seed and the nodes sorted by id, so the same graph always gets the same positions.

- Up to ``GRID_FROM`` nodes, repulsion acts only between nodes closer than a cut-off (the grid
  variant of the original paper, with a k-d tree). This keeps small pictures as they were.
- Larger components pull themselves into a dense ball under that cut-off, where the pairs to
  repel grow into the millions (a 5,000-node graph took 10-15 s). They get every pair's
  repulsion instead, through a mesh: the nodes are spread onto a square grid (cloud-in-cell),
  the field is the grid convolved with the repulsion kernel by FFT, and read back at each node.
  Pairs closer than a few grid cells get the difference between the exact force and the mesh's
  smoothed one, so near neighbours still push apart. A weak spring to the centre keeps far
  leaves from stretching the picture, and the result is scaled so that nodes sit about
  ``NEAREST * SPACING`` from their nearest neighbour. A 5,000-node, 20,000-edge graph takes 1-2
  s here (it took 10-15 s under the cut-off).

Components are then packed in rows, largest first, and the entities without any drawn edge go
into a grid after them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache

import networkx as nx
import numpy as np
from numpy.typing import NDArray
from scipy import fft
from scipy.spatial import cKDTree

SPACING = 90.0  # pixels between neighbouring nodes
SEED = 7
ITERATIONS = 80  # cut-off layout (small components)
GRID_FROM = 500  # components with more nodes use the mesh layout
GRID_ITERATIONS = 100
GRAVITY = 0.25  # the spring to the centre, against the bulk's radius
NEAR_CELLS = 3.0  # pairs closer than this many grid cells get the exact short-range force
NEAREST = 0.6  # large components: median distance to the nearest node, in SPACING

Array = NDArray[np.float64]
Index = NDArray[np.intp]


def _scatter(n: int, index: Index, values: Array) -> Array:
    """Row sums of ``values`` by ``index`` (``np.add.at``, but several times faster)."""
    return np.stack(
        [np.bincount(index, weights=values[:, axis], minlength=n) for axis in (0, 1)], axis=1
    )


def _attraction(pos: Array, src: Index, dst: Index, weight: Array, k: float) -> Array:
    """Fruchterman-Reingold spring forces (d² / k, times the edge weight) on every node."""
    if not len(src):
        return np.zeros_like(pos)
    delta = pos[src] - pos[dst]
    dist = np.sqrt((delta * delta).sum(axis=1))
    pull = delta * (dist * weight / k)[:, None]
    n = len(pos)
    return _scatter(n, dst, pull) - _scatter(n, src, pull)


def _move(pos: Array, disp: Array, temperature: float) -> None:
    length = np.maximum(np.sqrt((disp * disp).sum(axis=1)), 1e-12)
    pos += disp * (np.minimum(length, temperature) / length)[:, None]


def _cutoff_layout(n: int, src: Index, dst: Index, weight: Array) -> Array:
    """Positions in the unit square for one small connected component."""
    rng = np.random.default_rng(SEED)
    pos: Array = rng.random((n, 2))
    k = 1.0 / math.sqrt(n)
    temperature = 0.1
    cooling = temperature / (ITERATIONS + 1)
    for _ in range(ITERATIONS):
        disp = _attraction(pos, src, dst, weight, k)
        pairs = cKDTree(pos).query_pairs(r=3.0 * k, output_type="ndarray")
        if len(pairs):
            i, j = pairs[:, 0], pairs[:, 1]
            delta = pos[i] - pos[j]
            dist2 = np.maximum((delta * delta).sum(axis=1), 1e-12)
            push = delta * (k * k / dist2)[:, None]
            disp += _scatter(n, i, push) - _scatter(n, j, push)
        _move(pos, disp, temperature)
        temperature -= cooling
    return pos


@lru_cache(maxsize=4)
def _kernel(size: int) -> tuple[NDArray[np.complex128], NDArray[np.complex128]]:
    """FFT of the repulsion kernel r / (|r|² + 1) in grid units, on a ``2 size`` square with
    wrapped offsets (so that the circular convolution of a ``size`` grid is a plain one)."""
    offsets = np.arange(2 * size, dtype=np.float64)
    offsets[offsets >= size] -= 2 * size
    ox, oy = np.meshgrid(offsets, offsets, indexing="ij")
    r2 = ox * ox + oy * oy + 1.0
    kx, ky = ox / r2, oy / r2
    kx[size, :] = ky[:, size] = 0.0  # the offset -size is never used: keep the kernel odd
    return fft.rfft2(kx), fft.rfft2(ky)


def _mesh_repulsion(pos: Array, k: float, size: int) -> tuple[Array, float]:
    """Every pair's repulsion k² / d, smoothed below one grid cell; and the cell's width."""
    n = len(pos)
    low = pos.min(axis=0)
    cell = max(float((pos.max(axis=0) - low).max()), 1e-9) / (size - 1) * (1.0 + 1e-9)
    grid = (pos - low) / cell
    corner = np.minimum(np.floor(grid).astype(np.intp), size - 2)
    frac = grid - corner
    cells = []
    weights = []
    for a in (0, 1):
        for b in (0, 1):
            cells.append((corner[:, 0] + a) * (2 * size) + corner[:, 1] + b)
            weights.append(
                (frac[:, 0] if a else 1.0 - frac[:, 0]) * (frac[:, 1] if b else 1.0 - frac[:, 1])
            )
    at = np.concatenate(cells)
    w = np.concatenate(weights)
    density = np.bincount(at, weights=w, minlength=4 * size * size).reshape(2 * size, 2 * size)
    spectrum = fft.rfft2(density)
    kx, ky = _kernel(size)
    owner = np.tile(np.arange(n), 4)
    field = np.empty((n, 2))
    for axis, kernel in enumerate((kx, ky)):
        values = fft.irfft2(spectrum * kernel, s=density.shape).ravel()[at]
        field[:, axis] = np.bincount(owner, weights=w * values, minlength=n)
    return field * (k * k / cell), cell


def _repulsion(pos: Array, k: float, size: int) -> Array:
    """Every pair's repulsion k² / d on every node: the mesh's, plus the exact short range."""
    n = len(pos)
    disp, cell = _mesh_repulsion(pos, k, size)
    pairs = cKDTree(pos).query_pairs(r=NEAR_CELLS * cell, output_type="ndarray")
    if len(pairs):
        i, j = pairs[:, 0], pairs[:, 1]
        delta = pos[i] - pos[j]
        d2 = np.maximum((delta * delta).sum(axis=1), 1e-12)
        # the exact k² / d minus the mesh's k² d / (d² + cell²)
        push = delta * (k * k * cell * cell / (d2 * (d2 + cell * cell)))[:, None]
        disp += _scatter(n, i, push) - _scatter(n, j, push)
    return disp


def _mesh_layout(n: int, src: Index, dst: Index, weight: Array) -> Array:
    """Positions for one large connected component (any scale; the caller rescales)."""
    rng = np.random.default_rng(SEED)
    pos: Array = rng.random((n, 2))
    k = 1.0 / math.sqrt(n)
    size = 64 if n <= 2000 else 128
    for step in range(GRID_ITERATIONS):
        disp = _repulsion(pos, k, size) + _attraction(pos, src, dst, weight, k)
        # a spring to the centre, scaled by the bulk's radius (so scale-free): far leaves stay
        # within about twice that radius instead of stretching the picture
        offset = pos - pos.mean(axis=0)
        radius2 = 2.0 * float(np.median((offset * offset).sum(axis=1)))
        disp -= offset * (GRAVITY / max(radius2, 1e-12))
        extent = float((pos.max(axis=0) - pos.min(axis=0)).max())
        _move(pos, disp, 0.1 * extent * (1.0 - step / GRID_ITERATIONS) + 1e-9)
    return pos


def _force_layout(nodes: Sequence[str], edges: Sequence[tuple[int, int, float]]) -> Array:
    """Positions for one connected component (node indexes as in ``nodes``)."""
    src = np.array([e[0] for e in edges], dtype=np.intp)
    dst = np.array([e[1] for e in edges], dtype=np.intp)
    weight = np.array([e[2] for e in edges], dtype=np.float64)
    if len(nodes) > GRID_FROM:
        return _mesh_layout(len(nodes), src, dst, weight)
    return _cutoff_layout(len(nodes), src, dst, weight)


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
    scale = SPACING * math.sqrt(len(nodes)) * 1.2 / (float(pos.max()) or 1.0)
    if len(nodes) > GRID_FROM:  # a few far nodes must not crowd the rest together
        nearest = float(np.median(cKDTree(pos).query(pos, k=2)[0][:, 1]))
        scale = max(scale, NEAREST * SPACING / max(nearest, 1e-12))
    scaled: Array = pos * scale
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
