"""Every export format round-trips to an isomorphic graph (compared as graphs, never as text)."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from factories import SAMPLE, sample_extraction
from rdfutil import named_graphs, store_dataset, union_graph
from reportgraph.api import ReportGraph


@pytest.fixture
def graph() -> ReportGraph:
    rg = ReportGraph(None)
    rg.store.write(sample_extraction())
    rg.store.write(sample_extraction(SAMPLE + " Aid convoys reached Lindau.", path="b.txt"))
    return rg


def _assert_same_dataset(a: Dataset, b: Dataset) -> None:
    ga, gb = named_graphs(a), named_graphs(b)
    assert set(ga) == set(gb)
    for name in ga:
        assert isomorphic(ga[name], gb[name]), name


@pytest.mark.parametrize(
    ("fmt", "parser"), [("trig", "trig"), ("nquads", "nquads"), ("jsonld", "json-ld")]
)
def test_dataset_formats_round_trip(
    graph: ReportGraph, tmp_path: Path, fmt: str, parser: str
) -> None:
    path = graph.export(tmp_path / f"out.{fmt}", fmt)  # type: ignore[arg-type]
    back = Dataset()
    back.parse(path, format=parser)
    original = store_dataset(graph.store)
    assert len(named_graphs(original)) > 3
    _assert_same_dataset(original, back)


def test_turtle_is_the_union_graph(graph: ReportGraph, tmp_path: Path) -> None:
    path = graph.export(tmp_path / "out.ttl", "turtle")
    back = Graph().parse(path, format="turtle")
    assert isomorphic(back, union_graph(graph.store))


def test_graphml_round_trips_the_network(graph: ReportGraph, tmp_path: Path) -> None:
    from reportgraph.views.graphml import read_graphml

    path = graph.export(tmp_path / "out.graphml", "graphml")
    net = graph.network()
    assert net.number_of_edges() >= 2
    back = read_graphml(path)
    assert nx.utils.graphs_equal(net, back)


def test_export_changes_with_the_graph(graph: ReportGraph, tmp_path: Path) -> None:
    """A round trip that would pass for any two graphs is no test: a changed store differs."""
    before = store_dataset(graph.store)
    graph.store.write(sample_extraction(SAMPLE + " Shelling resumed.", path="c.txt"))
    path = graph.export(tmp_path / "out.trig", "trig")
    back = Dataset()
    back.parse(path, format="trig")
    with pytest.raises(AssertionError):
        _assert_same_dataset(before, back)


def test_formats_are_declared_once() -> None:
    """The type's names are the table's, in order; a suffix picks its format, others TriG."""
    from typing import get_args

    from reportgraph.export import FORMATS, ExportFormat, format_for

    assert list(FORMATS) == list(get_args(ExportFormat))
    for name, spec in FORMATS.items():
        assert format_for(Path("out" + spec.suffix.upper())) == name
    assert format_for(Path("out.txt")) == "trig"


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_claim_tables_hold_every_claim_once(graph: ReportGraph, tmp_path: Path, fmt: str) -> None:
    """One row per claim, reader comments included, read back through the table's own reader."""
    import csv

    path = graph.export(tmp_path / f"claims.{fmt}", fmt)  # type: ignore[arg-type]
    if fmt == "csv":
        with path.open(encoding="utf-8", newline="") as handle:
            ids = [row["claim"] for row in csv.DictReader(handle)]
    else:
        duckdb = pytest.importorskip("duckdb")
        with duckdb.connect() as con:
            ids = [
                r[0] for r in con.execute(f"SELECT claim FROM read_parquet('{path}')").fetchall()
            ]
    expected = [c.id for c in graph.claims(include_comments=True)]
    assert len(expected) > 3
    assert sorted(ids) == sorted(expected)
