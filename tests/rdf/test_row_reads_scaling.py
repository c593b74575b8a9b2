"""The scalable read paths give the rows the plain (slow) forms give.

``claim_rows`` for one entity or one claim, ``EntityIndex.load(iris=...)``, ``entity_rows`` for
one entity and the rewritten saved queries are each compared with an independent answer on a
small store built by hand (invented names): the whole-store rows filtered in Python by the store's
own quads, the whole entity index, or the saved query as it was before the rewrite.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterator

import pyoxigraph as ox
import pytest

from factories import (
    acronym_entity,
    document,
    entity,
    publication,
    relation,
    sample_extraction,
)
from reportgraph.api import ReportGraph
from reportgraph.data_files import project_dir
from reportgraph.errors import NotFoundError
from reportgraph.models import (
    Claim,
    Document,
    DocumentExtraction,
    Entity,
    Evidence,
    Segment,
)
from reportgraph.rdf.claim_reads import claim_rows, claims_naming
from reportgraph.rdf.entity_index import EntityFinder, EntityIndex
from reportgraph.rdf.mapping import claim_iri
from reportgraph.rdf.row_reads import entity_rows
from reportgraph.rdf.sparql_values import values_block
from reportgraph.rdf.store import GraphStore, Value
from reportgraph.rdf.vocab import RDF, RG, SEM, local_id

ORGS = ("Northern Brigade", "Harbour Watch", "River Front")
PEOPLE = ("Ana Kovic", "Tomas Brenner")
PLACES = ("Port Vella", "Lindau", "Tarvos")
VERBS = ("attacked", "accused", "met", "shelled")


def _relations_doc(i: int) -> DocumentExtraction:
    """Three relation sentences among invented actors, one with a place."""
    rng = random.Random(i)
    names = [*ORGS, *PEOPLE]
    triples = []
    for _ in range(3):
        s, o = rng.sample(names, 2)
        triples.append((s, rng.choice(VERBS), o, rng.choice(PLACES)))
    if i == 5:  # an upper-case variant of a label: the same entity id, a second label
        triples[0] = ("NORTHERN BRIGADE", "attacked", "Harbour Watch", "Lindau")
    if i == 6:  # a claim whose subject is its object
        triples[1] = ("River Front", "accused", "River Front", "Tarvos")
    text = " ".join(f"{s} {v} {o} near {p}." for s, v, o, p in triples)
    doc = document(text, f"mem/rel-{i}.txt", publisher=f"Outlet {i % 3}")
    ents: dict[str, Entity] = {}

    def ent(label: str) -> Entity:
        if label not in ents:
            kind = "PLACE" if label in PLACES else "PERSON" if label in PEOPLE else "ORGANIZATION"
            ents[label] = entity(doc, kind, label)
        return ents[label]

    claims = [
        relation(doc, ent(s), v, ent(o), places=(ent(p),), certainty="reported")
        for s, v, o, p in triples
    ]
    return DocumentExtraction(document=doc, entities=tuple(ents.values()), claims=tuple(claims))


def _comment_doc() -> DocumentExtraction:
    """A body sentence and a reader comment, each with a claim."""
    body = "Harbour Watch accused Tomas Brenner near Lindau."
    comment = " Reader: River Front met Ana Kovic near Tarvos."
    text = body + comment
    doc = Document(
        id=document(text).id,
        path="mem/comments.txt",
        text=text,
        source_format="txt",
        publisher="Outlet 9",
        segments=(
            Segment(kind="body", start=0, end=len(body)),
            Segment(kind="reader_comment", start=len(body), end=len(text)),
        ),
    )
    e = {
        label: entity(doc, kind, label)
        for label, kind in (
            ("Harbour Watch", "ORGANIZATION"),
            ("Tomas Brenner", "PERSON"),
            ("Lindau", "PLACE"),
            ("River Front", "ORGANIZATION"),
            ("Ana Kovic", "PERSON"),
            ("Tarvos", "PLACE"),
        )
    }
    claims = (
        relation(doc, e["Harbour Watch"], "accuse", e["Tomas Brenner"], places=(e["Lindau"],)),
        relation(doc, e["River Front"], "meet", e["Ana Kovic"], places=(e["Tarvos"],)),
    )
    return DocumentExtraction(document=doc, entities=tuple(e.values()), claims=claims)


def _acronym_docs() -> list[DocumentExtraction]:
    """A long name defined with its acronym in one document, the bare acronym in another: the
    resolution stage merges the two records."""
    a = document("The Coastal Defence Force (CDF) held Port Vella. The CDF denied it.", "mem/a.txt")
    long_form = acronym_entity(a, "ORGANIZATION", "Coastal Defence Force", "CDF")
    port_a = entity(a, "PLACE", "Port Vella")
    b = document("CDF fighters shelled Lindau. Residents of Lindau fled.", "mem/b.txt")
    cdf = entity(b, "ORGANIZATION", "CDF")
    lindau = entity(b, "PLACE", "Lindau", 0, 1)
    return [
        DocumentExtraction(
            document=a,
            entities=(long_form, port_a),
            claims=(relation(a, long_form, "hold", port_a),),
        ),
        DocumentExtraction(
            document=b, entities=(cdf, lindau), claims=(relation(b, cdf, "shell", lindau),)
        ),
    ]


def _event_doc() -> DocumentExtraction:
    """An event claim with a subject and a place but no object."""
    doc = document("Tomas Brenner spoke in Tarvos on Monday.", "mem/event.txt")
    brenner, tarvos = entity(doc, "PERSON", "Tomas Brenner"), entity(doc, "PLACE", "Tarvos")
    m = brenner.mentions[0]
    claim = Claim(
        id="c" + "e" * 20,
        kind="event",
        predicate="statement",
        doc_id=doc.id,
        subject=brenner.id,
        places=(tarvos.id,),
        source=publication(doc),
        certainty="asserted",
        segment="body",
        evidence=Evidence(sentence=m.sentence, start=m.sentence_start, end=m.sentence_end),
        mentions=(m, tarvos.mentions[0]),
    )
    return DocumentExtraction(document=doc, entities=(brenner, tarvos), claims=(claim,))


@pytest.fixture(scope="module")
def graph() -> Iterator[ReportGraph]:
    g = ReportGraph(None)
    extractions = [_relations_doc(i) for i in range(8)]
    extractions += [sample_extraction(), _comment_doc(), _event_doc(), *_acronym_docs()]
    for ex in extractions:
        g.store.write(ex)
    g.resolve()
    yield g
    g.close()


def _quads(store: GraphStore) -> list[ox.Quad]:
    return list(store.quads())


def _naming(store: GraphStore) -> dict[str, set[str]]:
    """entity IRI -> IRIs of the claims naming it (as subject, object, place, ``about`` or event
    participant), straight from the quads."""
    quads = _quads(store)
    claims = {(q.subject.value, q.graph_name) for q in quads if q.object == RG.Claim}
    roles = {RG.subject, RG.object, RG.place, RG.about}
    out: dict[str, set[str]] = {}
    for q in quads:
        if q.predicate in roles and (q.subject.value, q.graph_name) in claims:
            out.setdefault(q.object.value, set()).add(q.subject.value)
        elif q.predicate == SEM.hasActor and isinstance(q.graph_name, ox.NamedNode):
            out.setdefault(q.object.value, set()).add(q.graph_name.value)
    return out


def _entity_iris(store: GraphStore) -> list[str]:
    return sorted(
        {
            q.subject.value
            for q in _quads(store)
            if q.predicate == RDF.type and q.object == RG.Entity
        }
    )


def _key(row: object) -> tuple[str, int, str]:
    return (row.document.path, row.evidence.start, row.id)  # type: ignore[attr-defined]


def test_the_store_has_what_the_checks_need(graph: ReportGraph) -> None:
    full = EntityIndex.load(graph.store)
    assert any(len(m) > 1 for m in full.members.values())  # a merge
    assert any(len(labels) > 1 for labels in full.all_labels.values())  # two surface forms
    rows = claim_rows(graph.store, index=full)
    assert any(r.segment == "reader_comment" for r in rows)
    assert any(r.quantity and r.time and r.via and r.cue for r in rows)
    assert any(r.subject and r.subject == r.object for r in rows)


def test_partial_entity_index_answers_as_the_whole_one(graph: ReportGraph) -> None:
    full = EntityIndex.load(graph.store)
    iris = {q.subject.value for q in _quads(graph.store)}
    probes = [*sorted(iris), "https://w3id.org/reportgraph/id/entity/person/nobody", "not an iri"]
    for iri in probes:
        part = EntityIndex.load(graph.store, iris=[iri])
        assert (iri in part.labels) == (iri in full.labels), iri
        if iri in full.labels:
            target = full.canon(iri)
            assert part.canon(iri) == target
            assert part.ref(iri) == full.ref(iri)
            assert part.members.get(target) == full.members.get(target)
            assert part.all_labels.get(target) == full.all_labels.get(target)
        refs = EntityIndex.load(graph.store, iris=[iri], refs_only=True)
        assert refs.ref(iri) == full.ref(iri), iri
    unresolved = EntityIndex.load(graph.store, resolved=False)
    for iri in _entity_iris(graph.store):
        part = EntityIndex.load(graph.store, resolved=False, iris=[iri])
        assert part.ref(iri) == unresolved.ref(iri)


def test_claims_of_one_entity_are_the_whole_store_rows_naming_it(graph: ReportGraph) -> None:
    full = EntityIndex.load(graph.store)
    whole = {r.id: r for r in claim_rows(graph.store, index=full)}
    naming = _naming(graph.store)
    for iri in _entity_iris(graph.store):
        expected = sorted(
            (whole[local_id(c).removeprefix("claim/")] for c in naming.get(iri, ())), key=_key
        )
        assert expected, iri
        assert sorted(naming[iri]) == claims_naming(graph.store, [iri])
        assert claim_rows(graph.store, entity=ox.NamedNode(iri)) == expected
        assert claim_rows(graph.store, index=full, entity=ox.NamedNode(iri)) == expected
        figures = claim_rows(
            graph.store, {"kind": ox.Literal("relation")}, entity=ox.NamedNode(iri)
        )
        assert figures == [r for r in expected if r.kind == "relation"]


def test_one_claim_is_its_whole_store_row(graph: ReportGraph) -> None:
    full = EntityIndex.load(graph.store)
    whole = claim_rows(graph.store, index=full)
    assert len(whole) > 25
    for row in whole:
        assert claim_rows(graph.store, {"c": claim_iri(row.id)}) == [row]
        assert graph.claim(row.id) == row
    assert claim_rows(graph.store, {"c": claim_iri("c" + "0" * 20)}) == []


def test_relations_through_the_api_follow_merges(graph: ReportGraph) -> None:
    full = EntityIndex.load(graph.store)
    whole = claim_rows(graph.store, index=full)
    naming = _naming(graph.store)
    for target, members in full.members.items():
        named = set().union(*(naming.get(m, set()) for m in members))
        expected = [
            r for r in whole if claim_iri(r.id).value in named and r.segment != "reader_comment"
        ]
        entity_id = local_id(target).removeprefix("entity/")
        graph._index = None  # the cheap path: nothing loaded
        assert graph.relations(entity_id) == expected
        assert graph._index is None
        assert graph.index is not None  # the whole index loaded: same answer
        assert graph.relations(entity_id) == expected
        assert graph.relations(target) == expected
    graph._index = None


def test_entity_rows_for_one_entity_are_its_whole_store_row(graph: ReportGraph) -> None:
    full = EntityIndex.load(graph.store)
    for comments in (True, False):
        whole = {r.id: r for r in entity_rows(graph.store, full, include_comments=comments)}
        for target in full.members:
            entity_id = local_id(target).removeprefix("entity/")
            expected = [whole[entity_id]] if entity_id in whole else []
            got = entity_rows(graph.store, include_comments=comments, entities=[target])
            assert got == expected
            got = entity_rows(graph.store, full, include_comments=comments, entities=[target])
            assert got == expected


def test_entity_provenance_is_the_same_with_or_without_the_loaded_index(
    graph: ReportGraph,
) -> None:
    graph._index = None
    cheap = graph.provenance("organization/coastal-defence-force")
    assert graph.index is not None
    assert graph.provenance("organization/coastal-defence-force") == cheap
    assert len(cheap.items) == 4  # three mentions in one document, the acronym in the other
    graph._index = None


def test_ids_that_are_not_iris_are_not_found_and_never_reach_the_query(
    graph: ReportGraph,
) -> None:
    graph._index = None
    for bad in ("https://not an iri", "https://x/> } ; DROP ALL ; #", "organization/nobody"):
        with pytest.raises(NotFoundError):
            graph.resolve_entity(bad)
    with pytest.raises(ValueError):
        values_block(["c"], [("http://x/> } . ?s ?p ?o",)])
    assert values_block(["c", "x"], [("http://a/1", "http://a/2")]) == (
        "VALUES (?c ?x) { (<http://a/1> <http://a/2>) }"
    )


# ---------------- saved queries: each rewrite against the query it replaced ----------------

REFERENCE: dict[str, str] = {
    "relations": """
SELECT ?entity ?claim ?subject ?predicate ?object ?source ?certainty ?document ?sentence
WHERE {
  GRAPH ?g {
    ?claim rg:subject|rg:object ?entity .
    ?claim a rg:Claim ; rg:predicate ?predicate ; prov:wasAttributedTo ?src ;
           rg:certainty ?certainty ; rg:sentence ?sentence ; rg:inDocument ?d .
    ?src rdfs:label ?source .
    ?d rg:path ?document .
    OPTIONAL { ?claim rg:subject ?s . ?s rdfs:label ?subject }
    OPTIONAL { ?claim rg:object ?o . ?o rdfs:label ?object }
  }
}
ORDER BY ?document ?claim""",
    "source_place": """
SELECT ?place ?source ?claim ?predicate ?certainty ?document ?sentence
WHERE {
  GRAPH ?g {
    { ?claim rg:place ?place } UNION { ?claim rg:subject ?place } UNION { ?claim rg:object ?place }
    ?claim a rg:Claim ; prov:wasAttributedTo ?src ; rg:predicate ?predicate ;
           rg:certainty ?certainty ; rg:sentence ?sentence ; rg:inDocument ?d ;
           rg:segmentKind ?segment .
    ?src rdfs:label ?source .
    ?d rg:path ?document .
    FILTER (?segment != "reader_comment")
  }
}
ORDER BY ?source ?document ?claim""",
    "merges": """
SELECT ?merge (MIN(?cl) AS ?canonical) (MIN(?ml) AS ?member) ?reason ?score
       (GROUP_CONCAT(DISTINCT ?evidenceText; separator=" | ") AS ?names)
       (MIN(?anchor) AS ?evidence) (MIN(?path) AS ?document) (MIN(?s) AS ?sentence)
WHERE {
  GRAPH ?r {
    ?merge a rg:Merge ; rg:canonicalEntity ?c ; rg:memberEntity ?m ; rg:reason ?reason ;
           rg:score ?score .
    OPTIONAL { ?merge rg:evidenceText ?evidenceText }
    OPTIONAL { ?merge rg:evidenceMention ?em }
  }
  OPTIONAL { GRAPH ?gc { ?c rdfs:label ?cl } }
  OPTIONAL { GRAPH ?gm { ?m rdfs:label ?ml } }
  OPTIONAL { GRAPH ?g { ?em nif:anchorOf ?anchor ; rg:sentence ?s ; rg:inDocument ?d .
                        ?d rg:path ?path } }
}
GROUP BY ?merge ?reason ?score
ORDER BY ?canonical ?member ?reason""",
    "documents": """
SELECT ?document ?path ?title ?publisher ?published ?decode_note (COUNT(DISTINCT ?claim) AS ?claims)
WHERE {
  GRAPH ?g {
    ?document a rg:Document ; rg:path ?path .
    OPTIONAL { ?document schema:headline ?title }
    OPTIONAL { ?document rg:publisherName ?publisher }
    OPTIONAL { ?document schema:datePublished ?published }
    OPTIONAL { ?document rg:decodeNote ?decode_note }
    OPTIONAL { ?claim rg:inDocument ?document ; a rg:Claim }
  }
}
GROUP BY ?document ?path ?title ?publisher ?published ?decode_note
ORDER BY ?path""",
    "claims_by_source": """
SELECT ?source ?label ?kind (COUNT(DISTINCT ?claim) AS ?claims) (COUNT(DISTINCT ?d) AS ?documents)
WHERE {
  GRAPH ?g {
    ?claim a rg:Claim ; prov:wasAttributedTo ?source ; rg:claimKind ?kind ; rg:inDocument ?d ;
           rg:segmentKind ?segment .
    ?source rdfs:label ?label .
    FILTER (?segment != "reader_comment")
  }
}
GROUP BY ?source ?label ?kind
ORDER BY DESC(?claims) ?label ?kind""",
}


def _saved(name: str) -> str:
    return (project_dir("queries") / f"{name}.rq").read_text(encoding="utf-8")


def _multiset(rows: list[dict[str, Value]]) -> Counter[tuple[tuple[str, str], ...]]:
    return Counter(tuple(sorted((k, repr(v)) for k, v in r.items())) for r in rows)


def _bindings(graph: ReportGraph, name: str) -> list[dict[str, ox.NamedNode]]:
    if name == "relations":
        return [{"entity": ox.NamedNode(e)} for e in _entity_iris(graph.store)]
    if name == "source_place":
        return [{"place": ox.NamedNode(e)} for e in _entity_iris(graph.store) if "/place/" in e]
    return [{}]


@pytest.mark.parametrize("name", sorted(REFERENCE))
def test_rewritten_saved_query_gives_the_rows_of_the_original(
    graph: ReportGraph, name: str
) -> None:
    runs = 0
    for bindings in _bindings(graph, name):
        old = graph.store.select(REFERENCE[name], bindings)
        new = graph.store.select(_saved(name), bindings)
        assert new.columns == old.columns
        assert _multiset(new.rows) == _multiset(old.rows), bindings
        runs += bool(old.rows)
    assert runs >= {"relations": 8, "source_place": 3}.get(name, 1)


@pytest.mark.parametrize(
    ("name", "order"),
    [("relations", ("document", "claim")), ("source_place", ("source", "document", "claim"))],
)
def test_rewritten_saved_query_keeps_its_order(
    graph: ReportGraph, name: str, order: tuple[str, ...]
) -> None:
    for bindings in _bindings(graph, name):
        rows = graph.store.select(_saved(name), bindings).rows
        keys = [tuple(str(r[k]) for k in order) for r in rows]
        assert keys == sorted(keys)


def test_claim_provenance_query_lists_every_evidence_span(graph: ReportGraph) -> None:
    whole = claim_rows(graph.store, index=EntityIndex.load(graph.store))
    for row in whole:
        rows = graph.query("claim_provenance", {"claim": row.id}).rows
        spans = {(r["begin"], r["end"]) for r in rows}
        prov = graph.provenance(row.id)
        assert spans == {(i.start, i.end) for i in prov.items}
        assert {r["certainty"] for r in rows} == {row.certainty}


def _outcome(graph: ReportGraph, name: str) -> str:
    try:
        return graph.resolve_entity(name)
    except NotFoundError as exc:
        return f"{exc.code}: {exc.cause}"


def test_names_resolve_as_with_the_whole_index(graph: ReportGraph) -> None:
    full = EntityIndex.load(graph.store)
    labels = sorted({lab for names in full.all_labels.values() for lab in names})
    names = labels + [lab.upper() for lab in labels] + [lab[2:7] for lab in labels]
    names += ["CDF", "cdf", "Port", "a", "", " ", "nobody at all", "Harbour Watch"]
    outcomes = set()
    for name in names:
        graph._index = None
        cheap = _outcome(graph, name)
        graph._index = full
        assert _outcome(graph, name) == cheap, name
        outcomes.add(cheap.split(":")[0])
    graph._index = None
    assert {"RG501", "RG502", "https"} <= outcomes  # found, ambiguous and unknown names


def test_finder_falls_back_to_the_whole_index_for_common_names(graph: ReportGraph) -> None:
    full = EntityIndex.load(graph.store)
    for needle in ("r", "port", "xyz"):
        cheap = EntityFinder(graph.store, limit=1).named(lambda lab, n=needle: n in lab.casefold())
        whole = EntityFinder(graph.store, full).named(lambda lab, n=needle: n in lab.casefold())
        assert cheap[0] == whole[0]
