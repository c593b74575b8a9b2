"""The claim graph as a networkx MultiDiGraph: build it, filter it, write and read GraphML.

Nodes are entity ids with ``label``, ``type``, ``subtype`` (only when known), ``aliases`` (list),
``mentions`` and ``documents`` (counts), ``source`` (the entity is the source of some claim) and
``lat``/``lon`` (a located place). Edges come from claims (:func:`claim_edges`): a claim
with both a subject and an object is the edge ``subject -> object`` keyed by the claim id; a
statement draws its speaker -> each entity its content names (``role`` ``about``); an event draws
each agent -> each victim or target (``role`` ``agent``) and each participant -> its most
specific place (``role`` ``place``). Their attributes keep that claim's own
provenance:
``predicate``, ``claim``, ``kind``, ``source``/``source_id``, ``via``/``via_ids`` (lists, from the
original source's channel up to the publication), ``certainty``, ``cue``, ``document``, ``path``,
``sentence``, ``start``, ``end``, ``segment``, ``places``/``place_ids`` (lists), and ``quantity`` /
``time`` (text as written) when the claim has them.

Places otherwise stay an attribute of the claim edge: no edge to a place is drawn unless a claim
names the place as its subject or object or as where its participants were, so the graph holds
no relation that no claim states. Claims that
draw no edge (most figures, statements by unnamed sources) are counted: the graph attributes
``claims`` and ``claims_drawn`` count both. Attributes whose value would be None are left out.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import networkx as nx

from reportgraph.errors import ExportError, NotFoundError, QueryError
from reportgraph.models import ENTITY_TYPES
from reportgraph.rows import ClaimRow, EntityRow, Ref

_JSON_KEYS = "rg_json_keys"  # graph attribute naming the attributes stored as JSON strings
# Characters XML 1.0 cannot carry; replaced one for one so lengths and offsets are unchanged.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _type_from_id(entity_id: str) -> str:
    prefix = entity_id.split("/", 1)[0].upper()
    return prefix if prefix in ENTITY_TYPES else "UNKNOWN"


def _add_ref_node(graph: nx.MultiDiGraph, ref: Ref) -> None:
    if ref.id not in graph:
        graph.add_node(
            ref.id, label=ref.label, type=_type_from_id(ref.id), aliases=[], mentions=0, documents=0
        )


def _edge_attrs(claim: ClaimRow) -> dict[str, Any]:
    attrs: dict[str, Any] = {
        "predicate": claim.predicate,
        "claim": claim.id,
        "kind": claim.kind,
        "source": claim.source.label,
        "source_id": claim.source.id,
        "via": [ref.label for ref in claim.via],
        "via_ids": [ref.id for ref in claim.via],
        "certainty": claim.certainty,
        "cue": claim.cue,
        "document": claim.document.id,
        "path": claim.document.path,
        "sentence": claim.evidence.sentence,
        "start": claim.evidence.start,
        "end": claim.evidence.end,
        "segment": claim.segment,
        "places": [ref.label for ref in claim.places],
        "place_ids": [ref.id for ref in claim.places],
        "quantity": claim.quantity.text if claim.quantity else None,
        "time": claim.time.text if claim.time else None,
        "content": claim.content.text if claim.content else None,
    }
    return {k: v for k, v in attrs.items() if v is not None}


def claim_edges(claim: ClaimRow) -> list[tuple[Ref, Ref, str, str]]:
    """The edges one claim draws, as (from, to, key, role):

    * subject -> object (role ``subject``), keyed by the claim id;
    * a statement's speaker -> each entity its content names (role ``about``), when the speaker
      is an entity;
    * an event's every agent -> every victim or target (role ``agent``) besides the pair above;
    * an event's every participant -> its most specific place (role ``place``: the claim says
      the event that involved them happened there).
    """
    out: list[tuple[Ref, Ref, str, str]] = []
    if claim.subject is not None and claim.object is not None:
        out.append((claim.subject, claim.object, claim.id, "subject"))
    speaker = claim.source_entity
    if claim.kind == "statement" and speaker is not None:
        out += [
            (speaker, ref, f"{claim.id}/about/{ref.id}", "about")
            for ref in claim.about
            if ref.id != speaker.id
        ]
    agents = [p for p in claim.participants if p.role == "agent"]
    patients = [p for p in claim.participants if p.role in ("victim", "target")]
    drawn = {(u.id, v.id) for u, v, _, _ in out}
    for a in agents:
        for b in patients:
            if a.id != b.id and (a.id, b.id) not in drawn:
                drawn.add((a.id, b.id))
                u, v = Ref(id=a.id, label=a.label), Ref(id=b.id, label=b.label)
                out.append((u, v, f"{claim.id}/{a.id}/{b.id}", "agent"))
    if claim.kind != "event" or not claim.places:
        return out
    place = claim.places[0]
    for p in claim.participants:
        if p.id != place.id and (p.id, place.id) not in drawn:
            drawn.add((p.id, place.id))
            ref = Ref(id=p.id, label=p.label)
            out.append((ref, place, f"{claim.id}/{p.id}/at/{place.id}", "place"))
    return out


def to_networkx(entities: Sequence[EntityRow], claims: Sequence[ClaimRow]) -> nx.MultiDiGraph:
    """One node per entity, the edges of :func:`claim_edges` for each claim. A node says
    whether the entity is the source of some claim (``source``: the speakers of statements, the
    monitors of figures) and, for a located place, its ``lat`` and ``lon``."""
    graph = nx.MultiDiGraph()
    speakers = {c.source_entity.id for c in claims if c.source_entity is not None}
    for row in entities:
        attrs: dict[str, Any] = {
            "label": row.label,
            "type": row.type,
            "aliases": list(row.aliases),
            "mentions": len(row.mentions),
            "documents": len({m.document for m in row.mentions}),
        }
        if row.subtype is not None:
            attrs["subtype"] = row.subtype
        if row.coordinates is not None:
            attrs["lat"], attrs["lon"] = row.coordinates
        graph.add_node(row.id, **attrs)
    drawn = 0
    for claim in claims:
        edges = claim_edges(claim)
        for u, v, key, role in edges:
            _add_ref_node(graph, u)
            _add_ref_node(graph, v)
            graph.add_edge(u.id, v.id, key=key, role=role, **_edge_attrs(claim))
        drawn += bool(edges)
    for node, data in graph.nodes(data=True):
        data["source"] = node in speakers
    graph.graph["claims"] = len(claims)
    graph.graph["claims_drawn"] = drawn
    return graph


# --- filtering ---------------------------------------------------------------------------------


def _matches(value: str, wanted: str) -> bool:
    return value.casefold() == wanted.casefold()


def _edge_from_source(data: dict[str, Any], source: str) -> bool:
    return _matches(str(data.get("source_id", "")), source) or _matches(
        str(data.get("source", "")), source
    )


def _place_ids(graph: nx.MultiDiGraph, place: str) -> set[str]:
    """Ids of the place named by id or label (case-insensitive), from nodes and claim places."""
    found = {
        str(n)
        for n, d in graph.nodes(data=True)
        if d.get("type") == "PLACE"
        and (_matches(str(n), place) or _matches(d.get("label", ""), place))
    }
    for _, _, data in graph.edges(data=True):
        for pid, label in zip(data.get("place_ids", []), data.get("places", []), strict=False):
            if _matches(pid, place) or _matches(label, place):
                found.add(pid)
    return found


def _edge_at_place(u: str, v: str, data: dict[str, Any], ids: set[str]) -> bool:
    return u in ids or v in ids or bool(ids.intersection(data.get("place_ids", [])))


def _resolve_entity(graph: nx.MultiDiGraph, entity: str) -> str:
    if entity in graph:
        return entity
    by_label = sorted(
        str(n) for n, d in graph.nodes(data=True) if _matches(d.get("label", ""), entity)
    )
    if len(by_label) == 1:
        return by_label[0]
    if by_label:
        raise NotFoundError(
            f"{entity!r} is the label of {len(by_label)} entities: {', '.join(by_label[:5])}.",
            "Give the entity id instead of its label.",
        )
    raise NotFoundError(f"No entity {entity!r} in the graph.", "List entity ids with `entities`.")


def _distances(graph: nx.MultiDiGraph, start: str, hops: int) -> dict[str, int]:
    undirected = graph.to_undirected(as_view=True)
    return dict(nx.single_source_shortest_path_length(undirected, start, cutoff=hops))


def neighbourhood(
    graph: nx.MultiDiGraph,
    *,
    entity: str | None = None,
    hops: int = 1,
    source: str | None = None,
    place: str | None = None,
    max_nodes: int = 300,
) -> nx.MultiDiGraph:
    """A subgraph small enough to draw.

    Edge filters come first: ``source`` keeps the claims of one source (id or label, any case; the
    chain in ``via`` does not count), ``place`` keeps the claims located at a place or having it as
    subject or object. With any edge filter only nodes touching a kept edge stay. Then ``entity``
    (id, or a label naming exactly one entity) keeps the nodes within ``hops`` of it, ignoring edge
    direction. Finally at most ``max_nodes`` nodes are kept: nearest to the entity first, then most
    claim edges, most mentions, and id order. Unknown entity, source or place raise NotFoundError.
    """
    if hops < 0:
        raise QueryError(f"hops must be 0 or more, got {hops}.", "Pass --hops 0, 1, 2 ...")
    if max_nodes < 1:
        raise QueryError(
            f"max_nodes must be at least 1, got {max_nodes}.", "Pass a positive limit."
        )
    edges = [(str(u), str(v), str(k), d) for u, v, k, d in graph.edges(keys=True, data=True)]
    nodes: set[str] = {str(n) for n in graph.nodes}
    filters: list[str] = []
    if source is not None:
        edges = [e for e in edges if _edge_from_source(e[3], source)]
        if not any(_edge_from_source(d, source) for _, _, d in graph.edges(data=True)):
            raise NotFoundError(f"No claim edge from source {source!r}.", "Check `sources`.")
        filters.append(f"source={source}")
    if place is not None:
        ids = _place_ids(graph, place)
        if not ids:
            raise NotFoundError(f"No place {place!r} in the graph.", "Give a place id or label.")
        edges = [e for e in edges if _edge_at_place(e[0], e[1], e[3], ids)]
        filters.append(f"place={place}")
    if filters:
        nodes = {n for e in edges for n in e[:2]}
    distance: dict[str, int] = {}
    if entity is not None:
        focus = _resolve_entity(graph, entity)
        distance = _distances(_build(graph, nodes | {focus}, edges), focus, hops)
        nodes = set(distance)
        filters.insert(0, f"entity={focus} hops={hops}")
    matched = _build(graph, nodes, edges)
    result = _build(graph, _best_connected(matched, distance, max_nodes), edges)
    result.graph["filter"] = "; ".join(filters) if filters else "all"
    result.graph["nodes_matched"] = matched.number_of_nodes()
    return result


def _build(
    graph: nx.MultiDiGraph, nodes: set[str], edges: Sequence[tuple[str, str, str, dict[str, Any]]]
) -> nx.MultiDiGraph:
    """A new graph with ``nodes`` (in ``graph``'s order) and the ``edges`` between them."""
    out = nx.MultiDiGraph()
    out.graph.update(graph.graph)
    out.add_nodes_from((n, dict(d)) for n, d in graph.nodes(data=True) if str(n) in nodes)
    for u, v, k, d in edges:
        if u in nodes and v in nodes:
            out.add_edge(u, v, key=k, **d)
    return out


def _best_connected(sub: nx.MultiDiGraph, distance: dict[str, int], limit: int) -> set[str]:
    if sub.number_of_nodes() <= limit:
        return {str(n) for n in sub.nodes}
    far = max(distance.values(), default=0) + 1

    def rank(node: str) -> tuple[int, int, int, str]:
        return (
            distance.get(node, far),
            -int(sub.degree(node)),
            -int(sub.nodes[node].get("mentions", 0)),
            node,
        )

    return set(sorted((str(n) for n in sub.nodes), key=rank)[:limit])


# --- GraphML -----------------------------------------------------------------------------------


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
    characters XML cannot hold become U+FFFD. Edge keys are written as GraphML edge ids."""
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
    for u, v, k, d in graph.edges(keys=True, data=True):
        out.add_edge(_clean(str(u)), _clean(str(v)), key=_clean(str(k)), **_encode(d, edge_keys))
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
    except (OSError, ValueError, nx.NetworkXError) as err:
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
        graph.add_edge(u, v, key=str(k), **_decode(d, edge_keys))
    return graph
