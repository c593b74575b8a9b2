"""The data of the investigation page (docs/network-page.md): nodes with their precomputed
positions, edges with the indexes of their claims, and every claim with the provenance the
panel shows. Pure: rows and a networkx graph in, a JSON-ready dict out; nothing here is markup.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

import networkx as nx

from reportgraph.rows import ClaimRow, DocumentRow, Ref
from reportgraph.views.layout import layout
from reportgraph.views.links import claim_links, claim_when, named_ids

DEFAULT_TOP_N = 300
SUMMARY_CHARS = 140
PUBLICATION_PREFIX = "publication/"  # the id of a publication source
Spans = Mapping[str, Sequence[tuple[int, int]]]


def doc_label(doc: DocumentRow, publication: str | None = None) -> str:
    """Title, else the label its publication source got when the document named no publisher
    (its headline's first words and file name), else the file name; with the file name."""
    name = doc.path.rsplit("/", 1)[-1] or doc.id
    if doc.title:
        return f"{doc.title} ({name})"
    if publication and publication.endswith(f"({name})"):
        return publication
    return name


def _publication_labels(claims: Sequence[ClaimRow]) -> dict[str, str]:
    """Document id -> the label of its publication source, from the claims' chains."""
    out: dict[str, str] = {}
    for c in claims:
        for ref in (*c.via, c.source):
            if ref.id.startswith(PUBLICATION_PREFIX):
                out.setdefault(c.document.id, ref.label)
    return out


def claim_text(claim: ClaimRow) -> str:
    """A one-line summary: who did what to whom, or who said what (the content, cut at
    :data:`SUMMARY_CHARS`)."""
    if claim.kind == "statement":
        speaker = claim.source_entity.label if claim.source_entity else claim.source.label
        said = claim.content.text if claim.content else "about " + _labels(claim.about)
        if len(said) > SUMMARY_CHARS:
            said = said[: SUMMARY_CHARS - 1].rstrip() + "…"
        return f"{speaker} ({claim.cue or claim.predicate}): {said}"
    parts: list[str] = []
    if claim.kind == "figure":
        parts.append(claim.source_entity.label if claim.source_entity else claim.source.label)
    if claim.subject is not None:
        parts.append(claim.subject.label)
    parts.append(claim.predicate)
    if claim.quantity is not None:
        parts.append(claim.quantity.text)
    if claim.object is not None:
        parts.append(claim.object.label)
    if claim.kind == "event" and claim.participants:
        parts.append("(" + ", ".join(f"{p.label}: {p.role}" for p in claim.participants) + ")")
    if claim.places:
        parts.append("at " + claim.places[0].label)
    return " ".join(parts)


def _labels(refs: Sequence[Ref]) -> str:
    return ", ".join(r.label for r in refs) or "nothing named"


def _claim_nodes(claim: ClaimRow, graph: nx.MultiDiGraph) -> list[str]:
    """Every node of ``graph`` the claim names or links (its source end included)."""
    ids = named_ids(claim) + [
        x for link in claim_links(claim) for x in (link.start.id, link.end.id)
    ]
    return [n for n in dict.fromkeys(ids) if n in graph]


def _claim(
    claim: ClaimRow,
    graph: nx.MultiDiGraph,
    docs: Mapping[str, DocumentRow],
    published: Mapping[str, str | None],
    spans: Spans,
    publications: Mapping[str, str],
) -> dict[str, Any]:
    doc = docs.get(claim.document.id)
    when = claim_when(claim, published)
    return {
        "id": claim.id,
        "kind": claim.kind,
        "predicate": claim.predicate,
        "text": claim_text(claim),
        "source": claim.source.label,
        "source_id": claim.source.id,
        "via": [r.label for r in claim.via],
        "cue": claim.cue,
        "certainty": claim.certainty,
        "segment": claim.segment,
        "document": claim.document.id,
        "path": claim.document.path,
        "doc_label": doc_label(doc, publications.get(doc.id)) if doc else claim.document.path,
        "published": published.get(claim.document.id),
        "time_text": claim.time.text if claim.time else None,
        "when": [when[0], when[1]] if when else None,
        "when_basis": when[2] if when else None,
        "sentence": claim.evidence.sentence,
        "sentence_start": claim.evidence.start,
        "spans": [[b, e] for b, e in spans.get(claim.id, ())],
        "quantity": claim.quantity.text if claim.quantity else None,
        "places": [r.label for r in claim.places],
        "place_ids": [r.id for r in claim.places],
        "nodes": _claim_nodes(claim, graph),
    }


def _node(node: str, d: Mapping[str, Any], pos: tuple[float, float], degree: int) -> dict[str, Any]:
    return {
        "id": node,
        "label": str(d.get("label", node)),
        "type": str(d.get("type", "UNKNOWN")),
        "subtype": d.get("subtype"),
        "source": bool(d.get("source", False)),
        "descriptor": bool(d.get("descriptor", False)),
        "anchor": d.get("anchor"),
        "aliases": [str(a) for a in d.get("aliases", []) if a != d.get("label")],
        "mentions": int(d.get("mentions", 0)),
        "documents": int(d.get("documents", 0)),
        "x": pos[0],
        "y": pos[1],
        "degree": degree,
    }


def page_payload(
    graph: nx.MultiDiGraph,
    claims: Sequence[ClaimRow],
    *,
    documents: Sequence[DocumentRow] = (),
    spans: Spans | None = None,
    title: str = "reportgraph network",
    top_n: int = DEFAULT_TOP_N,
    comments: bool = False,
) -> dict[str, Any]:
    """The page's JSON: ``graph`` (from :func:`views.network.to_networkx`, possibly cut down)
    and ``claims`` (every claim the page may show: those behind its edges and the dated events
    and figures of the timeline). Edges refer to claims by index; a claim id an edge names but
    ``claims`` lacks is left out of that edge."""
    docs = {d.id: d for d in documents}
    published = {d.id: d.published for d in documents}
    index = {c.id: i for i, c in enumerate(claims)}
    publications = _publication_labels(claims)
    pos = layout(graph)
    nodes = [_node(str(n), d, pos[str(n)], int(graph.degree(n))) for n, d in graph.nodes(data=True)]
    edges = []
    for i, (u, v, label, d) in enumerate(graph.edges(keys=True, data=True)):
        refs = [index[c] for c in d.get("claims", []) if c in index]
        if refs:
            edges.append(
                {
                    "id": f"e{i}",
                    "from": str(u),
                    "to": str(v),
                    "label": str(d.get("label", label)),
                    "role": str(d.get("role", "")),
                    "claims": refs,
                }
            )
    counts = Counter((c.source.id, c.source.label) for c in claims)
    return {
        "title": title,
        "filter": str(graph.graph.get("filter", "all")),
        "top_n": top_n,
        "comments": comments,
        "nodes": sorted(nodes, key=lambda n: str(n["id"])),
        "edges": edges,
        "claims": [_claim(c, graph, docs, published, spans or {}, publications) for c in claims],
        "sources": [
            {"id": sid, "label": label, "claims": n}
            for (sid, label), n in sorted(
                counts.items(), key=lambda x: (x[0][1].casefold(), x[0][0])
            )
        ],
    }
