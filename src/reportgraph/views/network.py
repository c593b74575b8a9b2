"""The entity network as a networkx MultiDiGraph: one edge per (from, to, label), built from
claims, and the cuts that make it small enough to draw.

Nodes are entity ids with ``label``, ``type``, ``subtype`` (when known), ``aliases`` (list),
``mentions`` and ``documents`` (counts), ``source`` (the node reported some claim),
``descriptor`` (an unnamed participant such as "gunmen", with ``anchor``: the entity a link claim
ties it to, when there is one) and ``lat``/``lon`` (a located place). Reporting sources that are
not entities (anonymous or unnamed sources of one document, publications, accounts) are nodes of
type ``SOURCE`` whose ``subtype`` is the source's kind.

Edges gather the links of :func:`views.links.claim_links` that share their ends and label; the
edge key is the label. Each edge keeps what an analyst weighs a link by: ``label``, ``role``,
``claims`` (ids), ``kinds``, ``sources`` and ``source_ids`` (the reporting sources, in order),
``independent_sources`` (distinct sources; also ``weight``, which Gephi reads),
``certainties`` (certainty -> number of claims), ``weak`` (every claim is alleged, unverified
or denied), ``documents`` (count) and ``first_time``/``last_time`` (ISO dates, from each claim's
normalised time or else its publication date; absent when no claim has either). No claim is
merged into another: the edge lists them all, and the page shows each with its own provenance.
The graph attributes ``claims`` and ``claims_drawn`` count the claims given and those drawn.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

import networkx as nx

from reportgraph.errors import NotFoundError, QueryError
from reportgraph.rows import ClaimRow, EntityRow, Ref
from reportgraph.views.links import (
    WEAK_CERTAINTIES,
    Link,
    claim_links,
    claim_when,
    node_type,
    source_end,
)

_DESCRIPTOR_PREFIX = "descriptor/"  # after the type: group/descriptor/<doc>/<words>
_ANCHOR_PREDICATES = ("member_of", "from", "affiliated_with")


def is_descriptor(node_id: str) -> bool:
    return node_id.split("/", 1)[-1].startswith(_DESCRIPTOR_PREFIX)


def _entity_attrs(row: EntityRow) -> dict[str, Any]:
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
    return attrs


def _add_ref_node(graph: nx.MultiDiGraph, ref: Ref) -> None:
    if ref.id not in graph:
        kind, subtype = node_type(ref.id)
        graph.add_node(ref.id, label=ref.label, type=kind, aliases=[], mentions=0, documents=0)
        if subtype is not None:
            graph.nodes[ref.id]["subtype"] = subtype


def edge_attrs(links: Sequence[Link], published: Mapping[str, str | None]) -> dict[str, Any]:
    """The attributes of the edge gathering ``links`` (same ends and label)."""
    claims = sorted({link.claim.id: link.claim for link in links}.values(), key=_claim_order)
    sources = {c.source.id: c.source.label for c in claims}
    times = [w for c in claims if (w := claim_when(c, published)) is not None]
    attrs: dict[str, Any] = {
        "label": links[0].label,
        "role": links[0].role,
        "claims": [c.id for c in claims],
        "kinds": sorted({c.kind for c in claims}),
        "sources": list(sources.values()),
        "source_ids": list(sources),
        "independent_sources": len(sources),
        "weight": len(sources),
        "certainties": dict(sorted(Counter(c.certainty for c in claims).items())),
        "weak": all(c.certainty in WEAK_CERTAINTIES for c in claims),
        "documents": len({c.document.id for c in claims}),
    }
    if times:
        attrs["first_time"] = min(t[0] for t in times)
        attrs["last_time"] = max(t[1] for t in times)
    return attrs


def _claim_order(claim: ClaimRow) -> tuple[str, int, str]:
    return claim.document.path, claim.evidence.start, claim.id


def _anchors(claims: Sequence[ClaimRow]) -> dict[str, str]:
    """Descriptor id -> the entity a link claim ties it to (the first such claim, in order)."""
    out: dict[str, str] = {}
    for c in sorted(claims, key=_claim_order):
        start, end = c.subject, c.object
        if c.predicate not in _ANCHOR_PREDICATES or start is None or end is None:
            continue
        if is_descriptor(start.id) and not is_descriptor(end.id):
            out.setdefault(start.id, end.id)
    return out


def to_networkx(
    entities: Sequence[EntityRow],
    claims: Sequence[ClaimRow],
    *,
    published: Mapping[str, str | None] | None = None,
) -> nx.MultiDiGraph:
    """One node per entity (and per reporting source that draws an edge), one edge per
    (from, to, label). ``published`` maps document ids to publication dates, for the edges'
    times when a claim has no normalised time of its own."""
    dates = published or {}
    graph = nx.MultiDiGraph()
    for row in entities:
        graph.add_node(row.id, **_entity_attrs(row))
    grouped: dict[tuple[str, str, str], list[Link]] = defaultdict(list)
    drawn = 0
    for claim in claims:
        links = claim_links(claim)
        for link in links:
            grouped[link.start.id, link.end.id, link.label].append(link)
            _add_ref_node(graph, link.start)
            _add_ref_node(graph, link.end)
        drawn += bool(links)
    for (u, v, label), links in sorted(grouped.items()):
        graph.add_edge(u, v, key=label, **edge_attrs(links, dates))
    sources = {source_end(c).id for c in claims}
    anchors = _anchors(claims)
    for node, data in graph.nodes(data=True):
        data["source"] = node in sources
        data["descriptor"] = is_descriptor(str(node))
        if node in anchors and anchors[node] in graph:
            data["anchor"] = anchors[node]
    graph.graph["claims"] = len(claims)
    graph.graph["claims_drawn"] = drawn
    return graph


# --- cutting it down ---------------------------------------------------------------------------


def _matches(value: str, wanted: str) -> bool:
    return value.casefold() == wanted.casefold()


def _from_source(claim: ClaimRow, source: str) -> bool:
    refs = [claim.source, *([claim.source_entity] if claim.source_entity else [])]
    return any(_matches(r.id, source) or _matches(r.label, source) for r in refs)


def _at_place(claim: ClaimRow, place: str) -> bool:
    refs = [*claim.places, *(r for r in (claim.subject, claim.object) if r is not None)]
    return any(_matches(r.id, place) or _matches(r.label, place) for r in refs)


def select_claims(
    claims: Sequence[ClaimRow], *, source: str | None = None, place: str | None = None
) -> list[ClaimRow]:
    """The claims of one ``source`` (id or label of the source or of the entity it is, any
    case; the chain in ``via`` does not count) and at one ``place`` (id or label, among the
    claim's places or as its subject or object). Raises NotFoundError when none is left."""
    kept = list(claims)
    if source is not None:
        kept = [c for c in kept if _from_source(c, source)]
        if not kept:
            raise NotFoundError(f"No claim from source {source!r}.", "Check `sources`.")
    if place is not None:
        kept = [c for c in kept if _at_place(c, place)]
        if not kept:
            raise NotFoundError(
                f"No claim at place {place!r}" + (f" from {source!r}." if source else "."),
                "Give a place id or label (see `entities --type PLACE`).",
            )
    return kept


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


def neighbourhood(
    graph: nx.MultiDiGraph,
    *,
    entity: str | None = None,
    hops: int = 1,
    max_nodes: int = 300,
) -> nx.MultiDiGraph:
    """A subgraph small enough to draw. ``entity`` (id, or a label naming exactly one entity)
    keeps the nodes within ``hops`` of it, ignoring edge direction; then at most ``max_nodes``
    nodes are kept: nearest to the entity first, then most edges, most mentions, id order.
    (Cut the claims by source or place first, with :func:`select_claims`.)"""
    if hops < 0:
        raise QueryError(f"hops must be 0 or more, got {hops}.", "Pass --hops 0, 1, 2 ...")
    if max_nodes < 1:
        raise QueryError(
            f"max_nodes must be at least 1, got {max_nodes}.", "Pass a positive limit."
        )
    nodes: set[str] = {str(n) for n in graph.nodes}
    distance: dict[str, int] = {}
    what = "all"
    if entity is not None:
        focus = _resolve_entity(graph, entity)
        undirected = graph.to_undirected(as_view=True)
        distance = dict(nx.single_source_shortest_path_length(undirected, focus, cutoff=hops))
        nodes = set(distance)
        what = f"entity={focus} hops={hops}"
    matched = graph.subgraph(nodes)
    kept = _best_connected(matched, distance, max_nodes)
    result = nx.MultiDiGraph(graph.subgraph(kept))
    result.graph.update(graph.graph)
    result.graph["filter"] = what
    result.graph["nodes_matched"] = matched.number_of_nodes()
    return result


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
