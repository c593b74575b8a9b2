"""Bound variables written as a VALUES row answer as the embedded store's substitutions do:
the library's reads run on the sample store both ways, and the rewriting itself."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import pyoxigraph as ox
import pytest

from reportgraph.api import ReportGraph
from reportgraph.rdf.remote.bindings import bind
from reportgraph.rdf.store import GraphStore, RawResult, Term

pytestmark = pytest.mark.corpus
G = {"g": ox.NamedNode("http://example.org/g"), "label": ox.Literal('a "b" {c}')}


def test_the_row_goes_at_the_start_of_the_where_group() -> None:
    row = ' VALUES (?g ?label) { (<http://example.org/g> "a \\"b\\" {c}") } '
    assert bind("SELECT ?s WHERE { ?s ?p ?g }", G) == "SELECT ?s WHERE {" + row + " ?s ?p ?g }"
    query = 'PREFIX ask: <http://x/> SELECT (EXISTS { ?a ?b ?c } AS ?e) { ?s ?p "{" } # {'
    at = query.index("e) {") + 4
    assert bind(query, G) == query[:at] + row + query[at:]
    construct = "CONSTRUCT { ?s ?p ?g } WHERE { ?s ?p ?g }"
    assert bind(construct, G) == "CONSTRUCT { ?s ?p ?g } WHERE {" + row + " ?s ?p ?g }"
    short = "CONSTRUCT WHERE { ?s ?p ?g }"
    assert bind(short, G) == short + "\n" + row  # a trailing VALUES clause
    assert bind(short, None) == short
    with pytest.raises(Exception, match="RG409"):
        bind("SELECT * { ?s ?p ?o }", {"s": ox.BlankNode()})


class ValuesBound(GraphStore):
    """The embedded store, its bindings written into the query as a remote store writes them."""

    def evaluate(
        self,
        sparql: str,
        bindings: Mapping[str, Term] | None = None,
        *,
        default_graph: Sequence[ox.NamedNode] | None = None,
        named_graphs: Sequence[ox.NamedNode] | None = None,
    ) -> RawResult:
        return super().evaluate(
            bind(sparql, bindings), default_graph=default_graph, named_graphs=named_graphs
        )


def test_reads_answer_the_same_with_values_rows(sample_store: Path) -> None:
    plain = ReportGraph.open(sample_store)
    bound = ReportGraph.open(sample_store)
    bound.store.close()
    bound.store = ValuesBound(sample_store, read_only=True)
    try:
        entity = plain.entities()[0]
        claims = plain.claims()
        kinds = sorted({c.kind for c in claims})
        for kind in kinds:  # claim_reads with a bound ?kind (the store's own read)
            assert bound._claims(kind, None, None, False) == plain._claims(kind, None, None, False)
        assert bound.provenance(claims[0].id) == plain.provenance(claims[0].id)
        assert bound.provenance(entity.label) == plain.provenance(entity.label)
        assert bound.relations(entity.label) == plain.relations(entity.label)
        params = {"entity": entity.label}
        assert bound.query("relations", params).rows == plain.query("relations", params).rows
        assert bound.store.check() == plain.store.check() == []
    finally:
        plain.close()
        bound.close()
