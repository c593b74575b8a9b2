"""The sample corpus built into an Oxigraph server: the same graph as the embedded store, and
every read command answers the same (through the CLI runner)."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from reportgraph.api import ReportGraph
from reportgraph.cli import app
from reportgraph.rdf.remote import RemoteStore
from reportgraph.rdf.remote.location import StoreURL, index_file

pytestmark = pytest.mark.corpus
runner = CliRunner()


def cli(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def sorted_nquads(path: Path) -> list[str]:
    return sorted(line for line in path.read_text(encoding="utf-8").splitlines() if line)


@pytest.fixture
def built(remote_url: str, corpus_dir: Path, sample_store: Path) -> tuple[str, str]:
    """(the server's URL, the embedded store built from the same corpus)."""
    out = cli("build", str(corpus_dir), "--store", remote_url, "--no-export", "--no-viz")
    assert "added" in out
    return remote_url, str(sample_store)


def test_same_nquads_as_the_embedded_store(built: tuple[str, str], tmp_path: Path) -> None:
    remote, local = built
    cli("export", "-f", "nquads", "--store", remote, "-o", str(tmp_path / "remote.nq"))
    cli("export", "-f", "nquads", "--store", local, "-o", str(tmp_path / "local.nq"))
    lines = sorted_nquads(tmp_path / "remote.nq")
    assert lines and lines == sorted_nquads(tmp_path / "local.nq")
    with ReportGraph.open(remote) as graph:
        assert graph.check() == [] and graph.check_index() == []
        assert len(graph.store) == len(lines)


@pytest.mark.parametrize("fmt", ["trig", "turtle", "jsonld"])
def test_exports_are_the_same_graph(built: tuple[str, str], tmp_path: Path, fmt: str) -> None:
    remote, local = built
    for name, store in (("remote", remote), ("local", local)):
        cli("export", "-f", fmt, "--store", store, "-o", str(tmp_path / f"{name}.{fmt}"))
    rdf = {"trig": ox.RdfFormat.TRIG, "turtle": ox.RdfFormat.TURTLE}
    if fmt in rdf:
        parsed = [
            sorted(str(q) for q in ox.parse(path=tmp_path / f"{n}.{fmt}", format=rdf[fmt]))
            for n in ("remote", "local")
        ]
        assert parsed[0] and parsed[0] == parsed[1]
    else:
        remote_doc = json.loads((tmp_path / f"remote.{fmt}").read_text(encoding="utf-8"))
        local_doc = json.loads((tmp_path / f"local.{fmt}").read_text(encoding="utf-8"))
        assert remote_doc and remote_doc == local_doc


def test_read_commands_answer_the_same(built: tuple[str, str]) -> None:
    remote, local = built
    entities = json.loads(cli("entities", "--store", local, "-f", "jsonl").splitlines()[0])
    claims = [json.loads(x) for x in cli("claims", "--store", local, "-f", "jsonl").splitlines()]
    label, claim_id = entities["label"], claims[0]["id"]
    commands = [
        ["claims", "-f", "jsonl"],
        ["claims", "-f", "jsonl", "--kind", claims[0]["kind"]],
        ["entities", "-f", "jsonl"],
        ["entities"],
        ["figures", "-f", "jsonl"],
        ["relations", label, "-f", "jsonl"],
        ["provenance", claim_id, "-f", "jsonl"],
        ["provenance", label, "-f", "jsonl"],
        ["query", "claims_by_source", "-f", "jsonl"],
        ["query", "relations", "-p", f"entity={label}", "-f", "jsonl"],
        ["query", "--sparql", "SELECT ?d WHERE { GRAPH ?g { ?d a rg:Document } } ORDER BY ?d"],
        ["query", "--sparql", "CONSTRUCT { ?d a rg:Document } WHERE { ?d a rg:Document }"],
        ["query", "--sparql", "ASK { ?d a rg:Document }", "-f", "jsonl"],
        ["stats", "-f", "jsonl"],
        ["check"],
    ]
    for command in commands:
        here = cli(*command, "--store", local)
        there = cli(*command, "--store", remote)
        if command[0] == "query" and "CONSTRUCT" in command[-1]:
            here, there = (" ".join(sorted(x.splitlines())) for x in (here, there))
        assert there == here, command
        assert here.strip(), command


def test_viz_page_is_the_same(built: tuple[str, str], tmp_path: Path) -> None:
    remote, local = built
    cli("viz", "--store", remote, "-o", str(tmp_path / "remote.html"))
    cli("viz", "--store", local, "-o", str(tmp_path / "local.html"))
    page = (tmp_path / "remote.html").read_bytes()
    assert len(page) > 1000 and page == (tmp_path / "local.html").read_bytes()


def test_rebuild_skips_every_document_and_the_index_is_this_machines(
    built: tuple[str, str], corpus_dir: Path
) -> None:
    remote, _ = built
    with ReportGraph(remote) as graph:
        assert isinstance(graph.store, RemoteStore)
        report = graph.build([corpus_dir])
        n = len(list(corpus_dir.glob("*.txt")))
        assert (report.added, report.unchanged) == (0, n)
        assert len(graph.store.document_ids()) == n
        assert graph.check() == []
    path = index_file(StoreURL.parse(remote))
    assert path is not None and path.is_file()


def test_the_index_is_reconciled_against_the_store(built: tuple[str, str]) -> None:
    remote, _ = built
    with ReportGraph.open(remote) as graph:
        before = len(graph.claims())  # the index on this machine holds every document
    store = RemoteStore(remote)  # another machine removes a document
    doc = store.document_ids()[0]
    assert store.remove_document(doc) > 0
    store.close()
    with ReportGraph.open(remote) as graph:
        assert any(doc in d for d in graph.check_index())
        after = len(graph.claims())  # reconciled on first use
        assert 0 < after < before and graph.check_index() == []
        assert doc not in graph.store.document_ids()
