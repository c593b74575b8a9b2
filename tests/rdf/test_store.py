"""The store: atomic per-document writes, replacement, removal, SHACL, read-only queries."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Literal, URIRef

from factories import SAMPLE, sample_extraction
from rdfutil import shacl_report, union_graph
from reportgraph.errors import QueryError, StoreError
from reportgraph.rdf.claim_reads import claim_rows
from reportgraph.rdf.mapping import claim_iri, document_graph
from reportgraph.rdf.row_reads import entity_rows
from reportgraph.rdf.store import GraphStore
from reportgraph.rdf.vocab import NIF, RG


@pytest.fixture
def store() -> GraphStore:
    return GraphStore(None)


def test_write_is_idempotent(store: GraphStore) -> None:
    ex = sample_extraction()
    assert store.write(ex) == "added"
    n = len(store)
    assert n > 0
    assert store.write(ex) == "unchanged"
    assert len(store) == n


def test_every_claim_has_its_own_graph_and_metadata_in_document_graph(store: GraphStore) -> None:
    ex = sample_extraction()
    store.write(ex)
    graphs = {g.value for g in store._store.named_graphs()}
    assert document_graph(ex.document.id).value in graphs
    for c in ex.claims:
        assert claim_iri(c.id).value in graphs
    # the direct relation triple sits in the claim graph, never in the document graph
    rel = store.select("SELECT ?g WHERE { GRAPH ?g { ?s rel:attack ?o } }").rows
    assert [r["g"] for r in rel] == [claim_iri(ex.claims[0].id).value]


def test_changed_file_replaces_old_version(store: GraphStore) -> None:
    old = sample_extraction()
    store.write(old)
    new = sample_extraction(SAMPLE.replace("Tuesday", "Wednesday"))
    assert store.write(new) == "replaced"
    assert store.document_ids() == [new.document.id]
    assert not store.has_document(old.document.id)
    # no claim graph of the old version is left
    for c in old.claims:
        if c.id not in {x.id for x in new.claims}:
            assert not store._store.contains_named_graph(claim_iri(c.id))
    assert len(store) == len(_fresh(new))


def _fresh(ex):  # type: ignore[no-untyped-def]
    s = GraphStore(None)
    s.write(ex)
    return s


def test_remove_document_leaves_other_documents(store: GraphStore) -> None:
    a = sample_extraction(path="a.txt")
    b = sample_extraction(SAMPLE + " Talks failed.", path="b.txt")
    store.write(a)
    n_a = len(store)
    store.write(b)
    removed = store.remove_document(b.document.id)
    assert removed > 0
    assert len(store) == n_a
    assert store.document_ids() == [a.document.id]
    assert store.remove_document("nope") == 0


def test_built_graph_passes_shacl(store: GraphStore) -> None:
    store.write(sample_extraction())
    ok, report = shacl_report(union_graph(store))
    assert ok, report


def test_shacl_catches_a_claim_without_source_and_bad_offsets(store: GraphStore) -> None:
    ex = sample_extraction()
    store.write(ex)
    g = union_graph(store)
    claim = URIRef(claim_iri(ex.claims[0].id).value)
    g.remove((claim, URIRef("http://www.w3.org/ns/prov#wasAttributedTo"), None))
    ok, report = shacl_report(g)
    assert not ok and "exactly one source" in report
    g = union_graph(store)
    m = next(iter(g.subjects(URIRef(NIF.anchorOf.value), Literal("Lindau"))))
    g.set((m, URIRef(NIF.anchorOf.value), Literal("Lindaux")))
    ok, report = shacl_report(g)
    assert not ok and "do not select the mention text" in report


def test_shacl_catches_a_statement_without_content(store: GraphStore) -> None:
    ex = sample_extraction()
    store.write(ex)
    statement = next(c for c in ex.claims if c.kind == "statement")
    claim = URIRef(claim_iri(statement.id).value)
    content = URIRef(RG.content.value)
    g = union_graph(store)
    node = g.value(claim, content)
    assert node is not None
    g.set((node, URIRef(NIF.anchorOf.value), Literal("41 civilians were killed in Port Vella")))
    ok, report = shacl_report(g)
    assert not ok and "do not select the content text" in report
    g = union_graph(store)
    g.remove((claim, content, None))
    ok, report = shacl_report(g)
    assert not ok and "content of what was said" in report


def test_rows_follow_the_contract(store: GraphStore) -> None:
    ex = sample_extraction()
    store.write(ex)
    claims = {c.predicate: c for c in claim_rows(store)}
    assert set(claims) == {"attack", "flee_to", "killed", "say"}
    said = claims["say"]
    assert said.kind == "statement" and said.source.label == "Harbour Watch"
    assert said.content is not None
    assert ex.document.text[said.content.start : said.content.end] == said.content.text
    assert [a.label for a in said.about] == ["Port Vella"]
    assert said.source_entity is not None and said.source_entity.label == "Harbour Watch"
    fig = claims["killed"]
    assert fig.quantity is not None and fig.quantity.value == 40
    assert fig.source.label == "Harbour Watch"
    assert [v.label for v in fig.via] == ["The Daily Test"]
    assert fig.certainty == "reported" and fig.cue == "said"
    assert [p.label for p in fig.places] == ["Port Vella"]
    att = claims["attack"]
    assert att.subject is not None and att.subject.label == "Northern Brigade"
    assert att.source.label == "The Daily Test"
    text = ex.document.text
    assert text[att.evidence.start : att.evidence.end] == att.evidence.sentence
    ents = {e.label: e for e in entity_rows(store)}
    assert ents["Port Vella"].type == "PLACE"
    assert len(ents["Port Vella"].mentions) == 2
    for e in ents.values():
        for m in e.mentions:
            assert text[m.start : m.end] == m.text


def test_bound_filters(store: GraphStore) -> None:
    store.write(sample_extraction())
    rows = claim_rows(store, {"kind": ox.Literal("figure")})
    assert [r.kind for r in rows] == ["figure"]


@pytest.mark.parametrize(
    "update",
    [
        "INSERT DATA { <http://a> <http://b> <http://c> }",
        "PREFIX x: <http://x/>\nDELETE WHERE { ?s ?p ?o }",
        "# sneaky\nDROP ALL",
        "CLEAR DEFAULT",
    ],
)
def test_updates_are_refused(store: GraphStore, update: str) -> None:
    store.write(sample_extraction())
    n = len(store)
    with pytest.raises(QueryError) as info:
        store.select(update)
    assert info.value.code == "RG401"
    assert len(store) == n


def test_bad_query_is_a_clear_error(store: GraphStore) -> None:
    with pytest.raises(QueryError) as info:
        store.select("SELECT WHERE {")
    assert info.value.code == "RG402"


def test_read_only_store_missing_path(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(StoreError) as info:
        GraphStore(tmp_path / "missing", read_only=True)
    assert info.value.code == "RG301"


def test_on_disk_store_persists_and_reopens_read_only(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "store"
    s = GraphStore(path)
    s.write(sample_extraction())
    n = len(s)
    s.flush()
    del s
    ro = GraphStore(path, read_only=True)
    assert len(ro) == n
    with pytest.raises(StoreError):
        ro.write(sample_extraction())


def test_vocabulary_is_closed() -> None:
    assert RG.Claim.value.endswith("#Claim")
    assert RG.Claim == RG["Claim"] == RG.Claim  # the memo of a read term changes nothing
    for _ in range(2):  # still closed after terms were read and memoised
        with pytest.raises(AttributeError):
            _ = RG.Cliam
        with pytest.raises(AttributeError):
            _ = RG["_terms_"]


def test_figure_without_time_has_no_time(store: GraphStore) -> None:
    """An unbound optional must not pick up another node's text (the quantity's)."""
    ex = sample_extraction()
    fig = next(c for c in ex.claims if c.kind == "figure")
    timeless = fig.model_copy(update={"time": None, "id": fig.id + "x"})
    ex = ex.model_copy(update={"claims": (*ex.claims, timeless)})
    store.write(ex)
    rows = {r.id: r for r in claim_rows(store)}
    assert rows[timeless.id].time is None
    assert rows[timeless.id].quantity is not None
    assert rows[fig.id].time is not None and rows[fig.id].time.text == "on Tuesday"
    assert rows[ex.claims[0].id].quantity is None


def test_replacing_a_graph_new_or_held_leaves_exactly_its_quads(tmp_path: Path) -> None:
    """A graph the store lacks is inserted in one step, a held one dropped and refilled; either
    way the graph holds the new quads alone, and the other graphs are untouched."""
    store = GraphStore(tmp_path / "s")
    g, other = ox.NamedNode("http://example.org/g"), ox.NamedNode("http://example.org/other")
    node = ox.NamedNode("http://example.org/n")

    def quads(graph: ox.NamedNode, *values: str) -> list[ox.Quad]:
        return [
            ox.Quad(node, ox.NamedNode("http://example.org/p"), ox.Literal(v), graph)
            for v in values
        ]

    store.replace_graph(other, quads(other, "kept"))
    store.replace_graph(g, quads(g, "a", "b"))
    assert set(store.quads(g)) == set(quads(g, "a", "b"))
    store.replace_graph(g, quads(g, "c"))
    assert set(store.quads(g)) == set(quads(g, "c"))
    assert set(store.quads(other)) == set(quads(other, "kept"))
    store.close()
