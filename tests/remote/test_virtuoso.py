"""Opt-in: reportgraph's reads against a Virtuoso server (docs/deployment.md, "Virtuoso").

Not run in CI: it needs a Virtuoso 7 whose SPARQL endpoints sit at ``/query``, ``/update`` and
``/store`` under ``REPORTGRAPH_TEST_VIRTUOSO_URL`` (a reverse proxy maps them to Virtuoso's
``/sparql`` and ``/sparql-graph-crud``), with SPARQL_UPDATE granted to the user the proxy
speaks as; credentials, if any, in the usual ``REPORTGRAPH_STORE_*`` variables. Skipped when
the variable is unset.

Virtuoso cannot take a build (its Graph Store endpoint stores nothing from an N-Quads POST to
the dataset), so the test builds a few invented texts into an embedded store, puts each of its
graphs on the server with a standard Graph Store PUT, and then requires every read command to
answer exactly as it does on the embedded store. Every graph in reportgraph's namespace on
the server is dropped before and after: give it a server of its own.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from reportgraph.api import ReportGraph
from reportgraph.cli import app
from reportgraph.rdf.remote.client import TRIPLES, SparqlClient
from reportgraph.rdf.remote.credentials import from_environment
from reportgraph.rdf.remote.location import StoreURL
from reportgraph.rdf.store import GraphStore

URL_ENV = "REPORTGRAPH_TEST_VIRTUOSO_URL"
NS = "https://w3id.org/reportgraph/"
TEXTS = {
    "flood.txt": "Floods in Norland displaced 4,000 people on Tuesday, the Red Cross said.\n"
    "The interior minister, Anna Berg, said that 12 villages were cut off.\n",
    "rebels.txt": "Rebels in the north of Estavia seized two towns, a spokesman said on Monday.\n"
    "According to the United Nations, 300 families fled the fighting near Korvo.\n",
}
runner = CliRunner()
pytestmark = pytest.mark.skipif(
    not os.environ.get(URL_ENV), reason=f"{URL_ENV} is unset (an opt-in test, not run in CI)"
)


def cli(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def stores(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, str]]:
    """(the Virtuoso URL holding the graphs of an embedded build, that embedded store)."""
    monkeypatch.setenv("REPORTGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in TEXTS.items():
        (corpus / name).write_text(text, encoding="utf-8")
    embedded = tmp_path / "store"
    ReportGraph(embedded).build([corpus])
    by_graph: dict[str, list[ox.Triple]] = {}
    for q in GraphStore(embedded, read_only=True).quads():
        assert isinstance(q.graph_name, ox.NamedNode)
        by_graph.setdefault(q.graph_name.value, []).append(
            ox.Triple(q.subject, q.predicate, q.object)
        )
    url = StoreURL.parse(os.environ[URL_ENV])
    client = SparqlClient(url, from_environment())
    drop_reportgraph_graphs(client)
    for graph, triples in by_graph.items():
        body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
        client.exchange(
            "PUT",
            url.graph_store,
            "a write",
            params=[("graph", graph)],
            content=body,
            headers={"Content-Type": TRIPLES},
        )
    try:
        yield str(url), str(embedded)
    finally:
        drop_reportgraph_graphs(client)
        client.close()


def drop_reportgraph_graphs(client: SparqlClient) -> None:
    """Drop every graph of reportgraph's namespace on the server (left by an earlier run)."""
    answer = client.query(
        f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), '{NS}')) }}"
    )
    rows = ox.parse_query_results(answer.body, format=ox.QueryResultsFormat.JSON)
    assert isinstance(rows, ox.QuerySolutions)
    graphs = [str(row["g"]) for row in rows]
    if graphs:
        client.update(" ;\n".join(f"DROP SILENT GRAPH {g}" for g in graphs))


READS = [
    ("claims", "-f", "jsonl"),
    ("entities", "-f", "jsonl"),
    ("figures", "-f", "jsonl"),
    ("provenance", "Anna Berg", "-f", "jsonl"),
    ("query", "documents", "-f", "jsonl"),
    ("query", "--sparql", "SELECT ?d ?p WHERE { ?d rg:path ?p } ORDER BY ?p", "-f", "jsonl"),
    ("query", "--sparql", "CONSTRUCT { ?c rg:predicate ?p } WHERE { ?c rg:predicate ?p }"),
]


@pytest.mark.parametrize("args", READS, ids=lambda a: " ".join(a[:2]))
def test_reads_answer_as_on_the_embedded_store(
    stores: tuple[str, str], args: tuple[str, ...]
) -> None:
    url, embedded = stores
    expected = cli(*args, "--store", embedded)
    assert expected.strip()  # the inputs give every read something to show
    assert sorted(cli(*args, "--store", url).splitlines()) == sorted(expected.splitlines())


def test_the_union_export_holds_every_triple(stores: tuple[str, str], tmp_path: Path) -> None:
    url, embedded = stores
    cli("export", "-f", "turtle", "-o", str(tmp_path / "remote.ttl"), "--store", url)
    cli("export", "-f", "turtle", "-o", str(tmp_path / "local.ttl"), "--store", embedded)
    remote = set(ox.parse(path=tmp_path / "remote.ttl"))
    local = set(ox.parse(path=tmp_path / "local.ttl"))
    assert local and local <= remote  # Virtuoso's own system graphs are in its union too


def test_a_build_is_refused_not_lost(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REPORTGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / "snow.txt").write_text("Snow closed 40 schools in Westmark, the mayor said.\n")
    url = os.environ[URL_ENV]
    result = runner.invoke(app, ["build", str(tmp_path), "--store", url, "--no-export", "--no-viz"])
    held = cli(
        "query", "--sparql", "SELECT ?p WHERE { ?d rg:path ?p }", "-f", "jsonl", "--store", url
    )
    assert "snow.txt" in held or "RG345" in result.output, result.output
