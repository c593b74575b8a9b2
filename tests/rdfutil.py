"""Helpers for RDF tests: store contents as rdflib graphs, SHACL validation."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Graph

from reportgraph.data_files import project_dir
from reportgraph.rdf.store import GraphStore


def store_dataset(store: GraphStore) -> Dataset:
    ds = Dataset()
    data = ox.serialize(store.quads(), format=ox.RdfFormat.N_QUADS)
    ds.parse(data=data.decode("utf-8"), format="nquads")
    return ds


def named_graphs(ds: Dataset) -> dict[str, Graph]:
    """Each non-empty graph of ``ds`` as its own Graph, by graph name."""
    out: dict[str, Graph] = {}
    for ctx in ds.graphs():
        g = Graph()
        for t in ctx:
            g.add(t)
        if len(g):
            out[str(ctx.identifier)] = g
    return out


def union_graph(store: GraphStore) -> Graph:
    g = Graph()
    for q in store_dataset(store).quads((None, None, None, None)):
        g.add((q[0], q[1], q[2]))
    return g


def shacl_report(data: Graph) -> tuple[bool, str]:
    from pyshacl import validate

    shapes = Graph().parse(Path(project_dir("ontology")) / "shapes.ttl", format="turtle")
    ontology = Graph().parse(Path(project_dir("ontology")) / "reportgraph.ttl", format="turtle")
    conforms, _, text = validate(
        data,
        shacl_graph=shapes,
        ont_graph=ontology,
        inference="none",
        advanced=True,
        allow_warnings=False,
    )
    return bool(conforms), str(text)
