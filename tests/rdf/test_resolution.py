"""Cross-document resolution through the store: merges, evidence, canonical ids, overrides.

Extractions are built by hand (invented names), so these tests do not depend on the NER model.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from factories import acronym_entity, document, entity, relation
from rdfutil import shacl_report, union_graph
from reportgraph.api import ReportGraph
from reportgraph.models import DocumentExtraction

TEXT_A = "The National Unity Movement (NUM) seized Al-Qusayr. The NUM denied it."
TEXT_B = "NUM fighters shelled Qusayr on Friday. Residents of Qusayr fled to Tarvos."
TEXT_C = "Ana Kovic, a mayor, met aid workers in Tarvos. Kovic said the road was closed."


def _a() -> DocumentExtraction:
    doc = document(TEXT_A, "a.txt")
    num = acronym_entity(doc, "ORGANIZATION", "National Unity Movement", "NUM")
    qusayr = entity(doc, "PLACE", "Al-Qusayr")
    return DocumentExtraction(
        document=doc, entities=(num, qusayr), claims=(relation(doc, num, "seize", qusayr),)
    )


def _b() -> DocumentExtraction:
    doc = document(TEXT_B, "b.txt")
    num = entity(doc, "ORGANIZATION", "NUM")
    qusayr = entity(doc, "PLACE", "Qusayr", 0, 1)
    tarvos = entity(doc, "PLACE", "Tarvos")
    return DocumentExtraction(
        document=doc, entities=(num, qusayr, tarvos), claims=(relation(doc, num, "shell", qusayr),)
    )


def _c() -> DocumentExtraction:
    doc = document(TEXT_C, "c.txt")
    full = entity(doc, "PERSON", "Ana Kovic")
    short = entity(doc, "PERSON", "Kovic", 1)
    tarvos = entity(doc, "PLACE", "Tarvos")
    return DocumentExtraction(
        document=doc,
        entities=(full, short, tarvos),
        claims=(relation(doc, full, "meet_in", tarvos),),
    )


@pytest.fixture
def graph() -> ReportGraph:
    g = ReportGraph(None)
    for ex in (_a(), _b(), _c()):
        g.store.write(ex)
    g.resolve()
    return g


def test_acronym_defined_in_one_document_resolves_bare_uses_in_another(graph: ReportGraph) -> None:
    ents = {e.label: e for e in graph.entities()}
    num = ents["National Unity Movement"]
    assert "NUM" in num.aliases
    assert "NUM" not in ents
    assert {m.document for m in num.mentions} == {_a().document.id, _b().document.id}
    claims = graph.relations("NUM")
    assert {c.predicate for c in claims} == {"seize", "shell"}
    assert all(c.subject is not None and c.subject.id == num.id for c in claims)


def test_transliteration_and_surname_merges(graph: ReportGraph) -> None:
    labels = {e.label for e in graph.entities(type="PLACE")}
    assert len(labels & {"Al-Qusayr", "Qusayr"}) == 1
    people = [e for e in graph.entities(type="PERSON")]
    assert [p.label for p in people] == ["Ana Kovic"]
    assert "Kovic" in people[0].aliases


def test_every_merge_is_recorded_with_reason_and_evidence(graph: ReportGraph) -> None:
    rows = graph.query("merges").rows
    reasons = {str(r["reason"]) for r in rows}
    assert {"acronym", "transliteration", "surname"} <= reasons
    acronym = next(r for r in rows if r["reason"] == "acronym")
    assert acronym["evidence"] == "National Unity Movement (NUM)"
    assert str(acronym["document"]).endswith("a.txt")
    assert all(r["evidence"] for r in rows)
    ok, report = shacl_report(union_graph(graph.store))
    assert ok, report[:2000]


def test_removing_the_defining_document_undoes_its_merge(graph: ReportGraph) -> None:
    graph.remove(_a().document.id)
    labels = {e.label for e in graph.entities()}
    assert "NUM" in labels and "National Unity Movement" not in labels


def test_resolution_does_not_depend_on_build_order() -> None:
    one, two = ReportGraph(None), ReportGraph(None)
    for ex in (_a(), _b(), _c()):
        one.store.write(ex)
    for ex in (_c(), _b(), _a()):
        two.store.write(ex)
    one.resolve()
    two.resolve()
    assert set(map(str, one.store.quads())) == set(map(str, two.store.quads()))


def test_overrides_split_label_and_link(graph: ReportGraph, tmp_path: Path) -> None:
    path = tmp_path / "overrides.toml"
    path.write_text(
        '[[split]]\nids = ["place/al-qusayr", "place/qusayr"]\n\n'
        '[[label]]\nid = "organization/national-unity-movement"\nlabel = "Nat. Unity Movement"\n\n'
        '[[link]]\nid = "organization/national-unity-movement"\nwikidata = "Q999999"\n',
        encoding="utf-8",
    )
    graph.resolve(path)
    places = {e.label for e in graph.entities(type="PLACE")}
    assert {"Al-Qusayr", "Qusayr"} <= places
    org = next(e for e in graph.entities(type="ORGANIZATION") if "NUM" in e.aliases)
    assert org.label == "Nat. Unity Movement"
    assert org.links.wikidata == "Q999999"


def test_a_link_lasts_only_while_its_override_does(graph: ReportGraph, tmp_path: Path) -> None:
    """Resolution reads the documents, never its own last output: a link an override gave
    goes when the override goes (and a shared-link merge it caused with it)."""
    path = tmp_path / "overrides.toml"
    path.write_text(
        '[[link]]\nid = "place/tarvos"\ngeonames = "777"\n\n'
        '[[link]]\nid = "place/qusayr"\ngeonames = "777"\n',
        encoding="utf-8",
    )
    graph.resolve(path)
    linked = [e for e in graph.entities(type="PLACE") if e.links.geonames == "777"]
    assert len(linked) == 1  # one cluster: the shared id merged them
    graph.resolve()
    assert all(e.links.geonames != "777" for e in graph.entities(type="PLACE"))
    assert "shared_link" not in {str(r["reason"]) for r in graph.query("merges").rows}
    graph.resolve()  # and resolving again changes nothing
    assert all(e.links.geonames != "777" for e in graph.entities(type="PLACE"))


def test_forced_merge(graph: ReportGraph, tmp_path: Path) -> None:
    path = tmp_path / "overrides.toml"
    path.write_text('[[merge]]\nids = ["place/tarvos", "place/qusayr"]\n', encoding="utf-8")
    graph.resolve(path)
    places = [e for e in graph.entities(type="PLACE")]
    assert len(places) == 1
    reasons = {str(r["reason"]) for r in graph.query("merges").rows}
    assert "override" in reasons


def test_records_count_mentions_and_documents_as_the_full_rows_do(graph: ReportGraph) -> None:
    """``entity_records`` counts mentions in the store; the full entity rows (every mention
    read) give the same counts and documents."""
    from reportgraph.rdf.entity_index import EntityIndex
    from reportgraph.rdf.resolution import entity_records
    from reportgraph.rdf.row_reads import entity_rows

    store = graph.store
    rows = entity_rows(store, EntityIndex.load(store, resolved=False), include_comments=True)
    expected = {
        r.id: (len(r.mentions), tuple(sorted({m.document for m in r.mentions}))) for r in rows
    }
    records = {r.id: (r.mentions, r.documents) for r in entity_records(store)}
    assert records == expected
    assert any(n > 1 for n, _ in records.values())
    assert any(len(docs) > 1 for _, docs in records.values())
