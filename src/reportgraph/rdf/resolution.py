"""The resolution graph: which entity records denote one thing, why, and on what evidence.

The resolution stage (``reportgraph.resolve``) is pure; this module reads its input from the
store (one record per entity IRI, as the documents describe it) and writes its output to one
named graph, ``id:graph/resolution``, updated after every build or removal (only the part
that new or removed documents touch: ``builder/resolving.py``, ``rdf/resolution_state.py``).
It is derived data: document graphs are never touched, so removing a document and resolving
again undoes exactly what that document caused. :func:`entity_records` reads the records from
the entity descriptions themselves (stores without cached records, and the tests' reference).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pyoxigraph as ox

from reportgraph import ids
from reportgraph.rdf.entity_index import RESOLUTION_GRAPH, EntityIndex
from reportgraph.rdf.mapping import entity_iri
from reportgraph.rdf.row_reads import entity_rows
from reportgraph.rdf.sparql_values import as_int, one_column, select_for
from reportgraph.rdf.store import GraphStore
from reportgraph.rdf.vocab import RDF, RG, SKOS, XSD, data_iri, local_id

if TYPE_CHECKING:
    from reportgraph.resolve import EntityRecord, Merge, Resolution

_ALIAS_EVIDENCE = """
SELECT ?e ?alias ?reason ?m ?g WHERE { GRAPH ?g {
  ?e rg:aliasEvidence ?ev . ?ev rg:alias ?alias ; rg:reason ?reason ; rg:evidenceMention ?m } }
"""
_MENTIONS_BY_GRAPH = """
SELECT ?e ?g (COUNT(?m) AS ?n) WHERE { GRAPH ?g { ?e rg:hasMention ?m } } GROUP BY ?e ?g
"""
# An entity description lists only mentions of its own document, in that document's graph
# (``mapping._entity``): the graph gives the document, with no join per mention. Only entity
# descriptions have rg:hasMention (its domain is rg:Entity), so no type test either.
_FIRST_MENTION = """
SELECT ?e (MIN(STR(?m)) AS ?first) WHERE { GRAPH ?g { #VALUES# ?e rg:hasMention ?m } }
GROUP BY ?e
"""


def entity_records(store: GraphStore) -> list[EntityRecord]:
    """One record per entity IRI, merged over the documents that describe it: the documents'
    own descriptions only (the resolution graph, the last run's output, is never read)."""
    from reportgraph.resolve import EntityRecord

    index = EntityIndex.load(store, resolved=False)
    evidence: dict[str, set[tuple[str, str, str]]] = defaultdict(set)
    for r in store.select(_ALIAS_EVIDENCE).rows:
        evidence[str(r["e"])].add((str(r["alias"]), str(r["reason"]), local_id(str(r["m"]))))
    counts: dict[str, int] = defaultdict(int)
    documents: dict[str, set[str]] = defaultdict(set)
    for r in store.select(_MENTIONS_BY_GRAPH).rows:  # counted by Oxigraph: no row per mention
        e = str(r["e"])
        counts[e] += as_int(r["n"])
        documents[e].add(local_id(str(r["g"])).removeprefix("graph/doc/"))
    records = []
    rows = entity_rows(
        store, index, include_comments=True, with_mentions=False, resolved_links=False
    )
    for row in rows:
        iri = entity_iri(row.id).value
        links = {
            k: v
            for k, v in (("geonames", row.links.geonames), ("wikidata", row.links.wikidata))
            if v
        }
        records.append(
            EntityRecord(
                id=row.id,
                label=row.label,
                type=row.type,
                subtype=row.subtype,
                aliases=tuple(row.aliases),
                mentions=counts[iri],
                documents=tuple(sorted(documents[iri])),
                alias_evidence=tuple(sorted(evidence.get(iri, ()))),
                links=links,
            )
        )
    return records


def first_mentions(store: GraphStore, ids: Iterable[str]) -> dict[str, str]:
    """Each of these entity ids' first mention IRI (by IRI order), for the merges that carry
    no evidence of their own (read for those only: it means reading every mention)."""
    iris = one_column(entity_iri(i).value for i in sorted(set(ids)))
    rows = select_for(store, _FIRST_MENTION, ["e"], iris) if iris else []
    return {local_id(str(r["e"])).removeprefix("entity/"): str(r["first"]) for r in rows}


def _cited_mentions(merge: Merge) -> list[str]:
    """The mention ids among a merge's evidence (the rest are labels, links or override lines)."""
    return [e for e in merge.evidence if "/m/" in e]


def unevidenced(resolution: Resolution) -> set[str]:
    """Members of merges whose evidence names no mention (they cite their first mention)."""
    return {m.member for m in resolution.merges if not _cited_mentions(m)}


def _literal_decimal(value: float) -> ox.Literal:
    return ox.Literal(f"{value:.4f}".rstrip("0").rstrip("."), datatype=XSD.decimal)


STAMP_MODULUS = 1 << 128


def quad_weight(quad: ox.Quad) -> int:
    """One quad's share of the stamp: the first 16 bytes of SHA-256 of its N-Quads text."""
    return int.from_bytes(hashlib.sha256(str(quad).encode("utf-8")).digest()[:16], "big")


def stamp_text(total: int) -> str:
    return f"{total % STAMP_MODULUS:032x}"


def stamp_quad(quads: Iterable[ox.Quad] = (), *, text: str | None = None) -> ox.Quad:
    """``<resolution graph> rg:resolutionStamp "digest"``: the sum modulo 2^128 of the
    :func:`quad_weight` of the graph's other quads (or ``text``, a stamp already summed), the
    same for the same resolution however it was reached: an incremental resolution subtracts
    what it removes and adds what it inserts."""
    if text is None:
        text = stamp_text(sum(quad_weight(q) for q in quads))
    return ox.Quad(RESOLUTION_GRAPH, RG.resolutionStamp, ox.Literal(text), RESOLUTION_GRAPH)


def resolution_stamp(store: GraphStore) -> str | None:
    """The stamp of the store's resolution graph, or None before the first resolution."""
    rows = store.select(_STAMP, {"g": RESOLUTION_GRAPH}).rows
    return str(rows[0]["stamp"]) if rows else None


_STAMP = "SELECT ?g ?stamp WHERE { GRAPH ?g { ?g rg:resolutionStamp ?stamp } } LIMIT 1"


def resolution_quads(
    records: list[EntityRecord],
    resolution: Resolution,
    first: dict[str, str],
) -> list[ox.Quad]:
    """The resolution graph: canonical links of merged records, preferred labels, merges with
    reason, score and evidence, resolved external ids, and pairs kept apart. ``first`` (from
    :func:`first_mentions`) gives the first mention IRI of at least the :func:`unevidenced`
    merge members."""
    g = RESOLUTION_GRAPH
    quads: list[ox.Quad] = []

    def add(s: ox.NamedNode, p: ox.NamedNode, o: ox.NamedNode | ox.Literal) -> None:
        quads.append(ox.Quad(s, p, o, g))

    clusters: dict[str, list[str]] = defaultdict(list)
    for member, canonical in resolution.canonical.items():
        clusters[canonical].append(member)
    for canonical, members in sorted(clusters.items()):
        if len(members) > 1:
            for member in sorted(members):
                add(entity_iri(member), RG.canonical, entity_iri(canonical))
    own_label = {r.id: r.label for r in records}
    for canonical, label in sorted(resolution.labels.items()):
        if len(clusters.get(canonical, ())) > 1 or label != own_label.get(canonical):
            add(entity_iri(canonical), SKOS.prefLabel, ox.Literal(label))
    for merge in resolution.merges:
        node = data_iri(f"merge/{ids.digest(merge.canonical, merge.member, merge.reason)}")
        add(node, RDF.type, RG.Merge)
        add(node, RG.canonicalEntity, entity_iri(merge.canonical))
        add(node, RG.memberEntity, entity_iri(merge.member))
        add(node, RG.reason, ox.Literal(merge.reason))
        add(node, RG.score, _literal_decimal(merge.score))
        mentions = _cited_mentions(merge)
        for text in (e for e in merge.evidence if "/m/" not in e):
            add(node, RG.evidenceText, ox.Literal(text))
        if not mentions and merge.member in first:
            mentions = [local_id(first[merge.member])]
        for m in mentions:
            add(node, RG.evidenceMention, data_iri(m))
    for canonical, links in sorted(resolution.links.items()):
        for key, prop in (("geonames", RG.geonamesId), ("wikidata", RG.wikidataId)):
            if links.get(key):
                add(entity_iri(canonical), prop, ox.Literal(links[key]))
    for a, b in resolution.splits:
        add(entity_iri(a), RG.keptApart, entity_iri(b))
    return quads


@dataclass(frozen=True)
class EntityChange:
    """What a partial resolution changed: the resolution stamp before and after it, and the
    entity records (IRIs) of the components it resolved; no other record's canonical entity or
    label changed. The claims index takes in only these (``ClaimsIndex.update_entities``)."""

    before: str
    after: str
    records: frozenset[str]
