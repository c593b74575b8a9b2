"""The resolution state graph ``id:graph/resolution-state``: what the last resolution was made
from, so that the next one reads only what new or removed documents touch.

It holds (ontology/reportgraph.ttl, "Resolution caches"):

* on the graph's own IRI (an ``rg:ResolutionState``): the state format, a digest of the overrides
  applied, the number of clusters, and the stamp of the resolution graph it belongs to;
* per document taken in: ``rg:resolvedEntities``, the ids of the entities it describes;
* per entity record: ``rg:recordState``, its records from every document that describes it, and
  one ``rg:resolutionKey`` per key of :func:`reportgraph.resolve.components.interaction_keys`.

Reads start from ``VALUES`` blocks of IRIs or keys. Writes are quads, which
:func:`reportgraph.builder.resolving.resolve_store` applies as one
:class:`reportgraph.rdf.delta.Delta` (one transaction).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pyoxigraph as ox

from reportgraph.rdf.mapping import document_graph, document_iri, entity_iri
from reportgraph.rdf.sparql_values import CHUNK, one_column, select_for
from reportgraph.rdf.store import GraphStore
from reportgraph.rdf.vocab import RDF, RG, XSD, data_iri
from reportgraph.resolve.records import Row, load_rows

STATE_GRAPH = data_iri("graph/resolution-state")
STATE_FORMAT = "1"

_ENTITY = data_iri("entity/").value
_DOC = document_iri("").value
_KEY = str(RG.resolutionKey)


def entity_id_of(iri: str) -> str:
    return iri.removeprefix(_ENTITY)


@dataclass(frozen=True)
class Header:
    format: str
    overrides: str
    clusters: int
    stamp: str


def read_header(store: GraphStore) -> Header | None:
    rows = store.select("SELECT ?p ?o ?g WHERE { GRAPH ?g { ?g ?p ?o } }", {"g": STATE_GRAPH})
    found = {str(r["p"]): r["o"] for r in rows.rows}
    try:
        return Header(
            format=str(found[RG.stateFormat.value]),
            overrides=str(found[RG.overridesDigest.value]),
            clusters=int(str(found[RG.clusterCount.value])),
            stamp=str(found[RG.resolutionStamp.value]),
        )
    except (KeyError, ValueError):
        return None


def header_quads(header: Header) -> list[ox.Quad]:
    g = STATE_GRAPH
    return [
        ox.Quad(g, RDF.type, RG.ResolutionState, g),
        ox.Quad(g, RG.stateFormat, ox.Literal(header.format), g),
        ox.Quad(g, RG.overridesDigest, ox.Literal(header.overrides), g),
        ox.Quad(g, RG.clusterCount, ox.Literal(str(header.clusters), datatype=XSD.integer), g),
        ox.Quad(g, RG.resolutionStamp, ox.Literal(header.stamp), g),
    ]


def store_documents(store: GraphStore) -> set[str]:
    return set(store.document_ids())


def resolved_documents(store: GraphStore) -> set[str]:
    """The documents the state took in."""
    q = "SELECT ?d ?g WHERE { GRAPH ?g { ?d rg:resolvedEntities ?e } }"
    return {str(r["d"]).removeprefix(_DOC) for r in store.select(q, {"g": STATE_GRAPH}).rows}


def document_entities(store: GraphStore, doc_ids: Iterable[str]) -> dict[str, list[str]]:
    """The entity ids each of these documents described when the state took it in."""
    q = "SELECT ?d ?e ?g WHERE { GRAPH ?g { #VALUES# ?d rg:resolvedEntities ?e } }"
    iris = one_column(document_iri(d).value for d in doc_ids)
    rows = select_for(store, q, ["d"], iris, {"g": STATE_GRAPH})
    return {str(r["d"]).removeprefix(_DOC): list(json.loads(str(r["e"]))) for r in rows}


def cached_records(store: GraphStore, doc_ids: Iterable[str]) -> dict[str, list[Row]]:
    """The ``rg:entityRecords`` of these documents (a document without one is left out);
    ``InputError`` RG115 for a cache of another format."""
    wanted = sorted(set(doc_ids))
    q = "SELECT ?d ?r ?g WHERE { GRAPH ?g { ?d rg:entityRecords ?r } }"
    out: dict[str, list[Row]] = {}
    for doc_id in wanted:  # one indexed lookup per document graph
        for r in store.select(q, {"g": document_graph(doc_id)}).rows:
            out[doc_id] = load_rows(str(r["r"]))
    return out


def record_states(store: GraphStore, entity_ids: Iterable[str]) -> dict[str, dict[str, Row]]:
    """Each record's per-document records, as the state holds them (absent: a new record)."""
    q = "SELECT ?e ?s ?g WHERE { GRAPH ?g { #VALUES# ?e rg:recordState ?s } }"
    iris = one_column(entity_iri(e).value for e in entity_ids)
    out: dict[str, dict[str, Row]] = {}
    for r in select_for(store, q, ["e"], iris, {"g": STATE_GRAPH}):
        out[entity_id_of(str(r["e"]))] = json.loads(str(r["s"]))["documents"]
    return out


def keys_of(store: GraphStore, entity_ids: Iterable[str]) -> dict[str, set[str]]:
    q = "SELECT ?e ?k ?g WHERE { GRAPH ?g { #VALUES# ?e rg:resolutionKey ?k } }"
    iris = one_column(entity_iri(e).value for e in entity_ids)
    out: dict[str, set[str]] = {}
    for r in select_for(store, q, ["e"], iris, {"g": STATE_GRAPH}):
        out.setdefault(entity_id_of(str(r["e"])), set()).add(str(r["k"]))
    return out


def holders_of(store: GraphStore, keys: Iterable[str]) -> set[str]:
    """The records the state lists under any of these keys."""
    ordered = sorted(set(keys))
    out: set[str] = set()
    for i in range(0, len(ordered), CHUNK):
        block = " ".join(str(ox.Literal(k)) for k in ordered[i : i + CHUNK])
        q = f"SELECT ?e ?g WHERE {{ GRAPH ?g {{ VALUES ?k {{ {block} }} ?e {_KEY} ?k }} }}"
        out.update(entity_id_of(str(r["e"])) for r in store.select(q, {"g": STATE_GRAPH}).rows)
    return out


def record_quads(
    entity_id: str, by_document: Mapping[str, Row], keys: Iterable[str]
) -> list[ox.Quad]:
    g, node = STATE_GRAPH, entity_iri(entity_id)
    data = {"format": 1, "documents": {d: by_document[d] for d in sorted(by_document)}}
    text = json.dumps(data, separators=(",", ":"))
    quads = [ox.Quad(node, RG.recordState, ox.Literal(text), g)]
    quads += [ox.Quad(node, RG.resolutionKey, ox.Literal(k), g) for k in sorted(keys)]
    return quads


def document_quad(doc_id: str, entity_ids: Iterable[str]) -> ox.Quad:
    text = json.dumps(sorted(set(entity_ids)), separators=(",", ":"))
    return ox.Quad(document_iri(doc_id), RG.resolvedEntities, ox.Literal(text), STATE_GRAPH)


def graph_quads_about(
    store: GraphStore, graph: ox.NamedNode, entity_ids: Iterable[str]
) -> list[ox.Quad]:
    """The quads of the resolution ``graph`` about these records: those whose subject is one of
    them, and those of the merges whose canonical entity is one of them."""
    iris = [i for (i,) in one_column(entity_iri(e).value for e in entity_ids)]
    subject = "SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { VALUES ?s { #B# } ?s ?p ?o } }"
    merges = (
        "SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { VALUES ?e { #B# } "
        f"?s {RG.canonicalEntity} ?e . ?s ?p ?o }} }}"
    )
    out: list[ox.Quad] = []
    for i in range(0, len(iris), CHUNK):
        block = " ".join(str(ox.NamedNode(s)) for s in iris[i : i + CHUNK])
        for q in (subject, merges):
            result = store.evaluate(q.replace("#B#", block), {"g": graph})
            assert isinstance(result, ox.QuerySolutions)
            for sol in result:
                s, p, o = sol["s"], sol["p"], sol["o"]
                assert isinstance(s, ox.NamedNode) and isinstance(p, ox.NamedNode)
                assert isinstance(o, ox.NamedNode | ox.Literal)
                out.append(ox.Quad(s, p, o, graph))
    return out
