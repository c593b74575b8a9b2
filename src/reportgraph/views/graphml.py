"""GraphML for the entity network (:mod:`views.network`), readable by Gephi and back by networkx.

Lists and dicts (``aliases``, ``claims``, ``sources``, ``certainties`` ...) become JSON strings,
recorded in a graph attribute so that :func:`read_graphml` gives back the graph that was
written; None is dropped; characters XML 1.0 cannot hold become U+FFFD one for one, so lengths
and offsets stay true. GraphML edge ids must be unique in the file, so edges are written with
ids ``e0``, ``e1`` ...; an edge key that is not the edge's ``label`` is kept in ``rg_key``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import networkx as nx

from reportgraph.errors import ExportError

_JSON_KEYS = "rg_json_keys"  # graph attribute naming the attributes stored as JSON strings
_KEY = "rg_key"  # an edge key other than its label
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _clean(value: Any) -> Any:
    return _XML_ILLEGAL.sub("\ufffd", value) if isinstance(value, str) else value


def _encode(items: dict[str, Any], json_keys: set[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in items.items():
        if value is None:
            continue
        if name in json_keys:
            out[name] = _clean(json.dumps(value, ensure_ascii=False))
        else:
            out[name] = _clean(value)
    return out


def _json_names(rows: Iterable[dict[str, Any]]) -> set[str]:
    return {k for row in rows for k, v in row.items() if isinstance(v, list | tuple | dict)}


def write_graphml(graph: nx.MultiDiGraph, path: Path) -> Path:
    """Write GraphML. Lists/dicts become JSON strings (recorded for read_graphml), None is dropped,
    characters XML cannot hold become U+FFFD. Edges get unique GraphML ids (see above)."""
    node_keys = _json_names(d for _, d in graph.nodes(data=True))
    edge_keys = _json_names(d for _, _, d in graph.edges(data=True))
    graph_keys = _json_names([graph.graph])
    out = nx.MultiDiGraph()
    out.graph.update(_encode(graph.graph, graph_keys))
    out.graph[_JSON_KEYS] = json.dumps(
        {"graph": sorted(graph_keys), "node": sorted(node_keys), "edge": sorted(edge_keys)}
    )
    for n, d in graph.nodes(data=True):
        out.add_node(_clean(str(n)), **_encode(d, node_keys))
    for i, (u, v, k, d) in enumerate(graph.edges(keys=True, data=True)):
        attrs = _encode(d, edge_keys)
        if str(k) != d.get("label"):
            attrs[_KEY] = _clean(str(k))
        out.add_edge(_clean(str(u)), _clean(str(v)), key=f"e{i}", **attrs)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        nx.write_graphml(out, path)
    except (OSError, ValueError) as err:
        raise ExportError(f"Could not write GraphML to {path}: {err}", "Check the path.") from err
    return path


def _decode(items: dict[str, Any], json_keys: set[str]) -> dict[str, Any]:
    return {k: json.loads(v) if k in json_keys else v for k, v in items.items()}


def read_graphml(path: Path) -> nx.MultiDiGraph:
    """Read a file written by write_graphml back into the graph that was written."""
    try:
        raw = nx.read_graphml(path, node_type=str, force_multigraph=True)
    except (OSError, ValueError, nx.NetworkXError, ElementTree.ParseError) as err:
        raise ExportError(f"Could not read GraphML {path}: {err}", "Give a GraphML file.") from err
    keys: dict[str, list[str]] = json.loads(raw.graph.pop(_JSON_KEYS, "{}"))
    for default in ("node_default", "edge_default"):
        raw.graph.pop(default, None)
    graph = nx.MultiDiGraph()
    graph.graph.update(_decode(raw.graph, set(keys.get("graph", []))))
    node_keys, edge_keys = set(keys.get("node", [])), set(keys.get("edge", []))
    for n, d in raw.nodes(data=True):
        graph.add_node(n, **_decode(d, node_keys))
    for u, v, k, d in raw.edges(keys=True, data=True):
        attrs = _decode(d, edge_keys)
        key = attrs.pop(_KEY, attrs.get("label", k))
        graph.add_edge(u, v, key=str(key), **attrs)
    return graph
