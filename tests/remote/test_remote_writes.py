"""Writes to a remote store: whole documents, replacements in one atomic request (or staged
when too large for one), the same graph as the embedded store, and Oxigraph server's update
transactions checked directly."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pyoxigraph as ox
import pytest

from factories import SAMPLE, sample_extraction
from processes import big_extraction
from reportgraph.errors import StoreError
from reportgraph.rdf.delta import Delta
from reportgraph.rdf.mapping import claim_iri, prepare_document
from reportgraph.rdf.remote import RemoteStore
from reportgraph.rdf.remote.writes import STAGING
from reportgraph.rdf.store import GraphStore
from sparql_servers import OxServer

EX = "http://example.org/test/"


def quad(subject: str, value: ox.Literal, graph: ox.NamedNode) -> ox.Quad:
    return ox.Quad(ox.NamedNode(EX + subject), ox.NamedNode(EX + "p"), value, graph)


def quads_of(store: GraphStore) -> list[str]:
    return sorted(str(q) for q in store.quads())


@pytest.fixture
def remote(remote_url: str) -> RemoteStore:
    store = RemoteStore(remote_url)
    yield store
    store.close()


def test_the_interface_is_the_embedded_stores() -> None:
    """Every public method of GraphStore that touches the database is RemoteStore's own; the
    others are built on those."""
    built_on_others = {"write", "document_ids", "check", "close", "flush", "publish"}
    for name, member in vars(GraphStore).items():
        if name.startswith("_") and name not in ("__len__", "__init__", "_claim_graphs"):
            continue
        if not callable(member) or name in built_on_others:
            continue
        assert name in vars(RemoteStore), f"RemoteStore must define {name}"


@pytest.mark.parametrize("max_update", [None, "300"])
def test_replacement_matches_the_embedded_store(
    remote: RemoteStore, monkeypatch: pytest.MonkeyPatch, max_update: str | None
) -> None:
    if max_update:  # every replacement too large for one update: staged, then MOVEd
        monkeypatch.setenv("REPORTGRAPH_STORE_MAX_UPDATE", max_update)
    local = GraphStore(None)
    old = sample_extraction()
    new = sample_extraction(SAMPLE.replace("Tuesday", "Wednesday"))
    for store in (local, remote):
        assert store.write(old) == "added"
        assert store.write(old) == "unchanged"
        assert store.write(new) == "replaced"
    assert remote.document_ids() == [new.document.id]
    assert not remote.has_document(old.document.id)
    assert remote.check() == []
    assert not any(g.startswith(STAGING) for g in remote.graph_names())
    assert quads_of(remote) == quads_of(local)
    assert len(remote) == len(local)
    assert remote.remove_document(new.document.id) == local.remove_document(new.document.id)
    assert len(remote) == 0 and remote.graph_names() == set()


def test_a_batch_is_written_as_the_embedded_store_writes_it(remote: RemoteStore) -> None:
    local = GraphStore(None)
    batch = [big_extraction(i, 1, claims=5) for i in range(4)]
    batch += [big_extraction(1, 2, claims=5), big_extraction(0, 1, claims=5)]
    assert remote.write_batch(batch) == local.write_batch(batch)
    assert remote.check() == [] and quads_of(remote) == quads_of(local)
    graph = claim_iri(batch[0].claims[0].id)
    assert [str(q) for q in remote.quads(graph)] == [str(q) for q in local.quads(graph)]
    assert list(remote.quads(ox.NamedNode(EX + "nothing"))) == []


@pytest.mark.parametrize("max_update", [None, "200"])
def test_replace_graph(
    remote: RemoteStore, monkeypatch: pytest.MonkeyPatch, max_update: str | None
) -> None:
    if max_update:
        monkeypatch.setenv("REPORTGRAPH_STORE_MAX_UPDATE", max_update)
    graph = ox.NamedNode(EX + "derived")
    first = [
        ox.Quad(ox.NamedNode(EX + f"s{i}"), ox.NamedNode(EX + "p"), ox.Literal(i), graph)
        for i in range(20)
    ]
    second = [ox.Quad(ox.NamedNode(EX + "t"), ox.NamedNode(EX + "p"), ox.Literal("only"), graph)]
    remote.replace_graph(graph, first)
    assert len(list(remote.quads(graph))) == 20
    remote.replace_graph(graph, second)
    assert [str(q) for q in remote.quads(graph)] == [str(q) for q in second]
    assert remote.graph_names() == {graph.value}


@pytest.mark.parametrize("max_update", [None, "200"])
def test_a_delta_is_applied_as_the_embedded_store_applies_it(
    remote: RemoteStore, monkeypatch: pytest.MonkeyPatch, max_update: str | None
) -> None:
    """A change to derived graphs (the resolution and its state): subjects cleared in one
    graph, quads deleted and inserted; staged when too large for one update, to the same end."""
    if max_update:
        monkeypatch.setenv("REPORTGRAPH_STORE_MAX_UPDATE", max_update)
    first, second = ox.NamedNode(EX + "first"), ox.NamedNode(EX + "second")
    before = [quad(f"s{i}", ox.Literal(i), g) for i in range(8) for g in (first, second)]
    delta = Delta(
        removed=[quad("s1", ox.Literal(1), first), quad("s2", ox.Literal(2), second)],
        added=[quad("s1", ox.Literal("one"), first), quad("new", ox.Literal("x"), second)],
        clear_graph=second,
        clear_subjects=[EX + "s3", EX + "s4", EX + "absent"],
    )
    local = GraphStore(None)
    for store in (local, remote):
        store.replace_graph(first, [q for q in before if q.graph_name == first])
        store.replace_graph(second, [q for q in before if q.graph_name == second])
        store.apply(delta)
    assert quads_of(remote) == quads_of(local)
    assert quad("s3", ox.Literal(3), first) in set(local.quads())  # cleared in "second" only
    assert quad("s3", ox.Literal(3), second) not in set(local.quads())
    assert remote.graph_names() == {first.value, second.value}  # no staging graph is left


def test_an_update_is_one_transaction_on_the_server(remote: RemoteStore) -> None:
    """What the replacements rely on: an operation that fails undoes the earlier ones of its
    request."""
    remote.replace_graph(
        ox.NamedNode(EX + "exists"),
        [
            ox.Quad(
                ox.NamedNode(EX + "s"),
                ox.NamedNode(EX + "p"),
                ox.Literal("o"),
                ox.NamedNode(EX + "exists"),
            )
        ],
    )
    with pytest.raises(StoreError) as caught:
        remote._client.update(
            f"INSERT DATA {{ GRAPH <{EX}new> {{ <{EX}s> <{EX}p> 1 }} }} ; CREATE GRAPH <{EX}exists>"
        )
    assert caught.value.code == "RG346"
    assert EX + "new" not in remote.graph_names()


def test_a_read_only_handle_refuses_writes(remote_url: str) -> None:
    store = RemoteStore(remote_url, read_only=True)
    with pytest.raises(StoreError) as caught:
        store.write(sample_extraction())
    assert caught.value.code == "RG306"
    store.close()


def test_server_killed_during_a_large_write_leaves_all_or_nothing(
    oxigraph_server: Callable[..., OxServer],
) -> None:
    server = oxigraph_server()
    store = RemoteStore(server.url)
    docs = [prepare_document(big_extraction(i, 1, claims=200)) for i in range(30)]
    errors: list[BaseException] = []

    def write() -> None:
        try:
            store.write_batch(docs)
        except StoreError as exc:
            errors.append(exc)

    writer = threading.Thread(target=write)
    writer.start()
    time.sleep(1.5)  # one request of 250,000 quads: the server takes seconds to load it
    server.kill()
    writer.join(timeout=120)
    store.close()
    again = oxigraph_server(location=server.location)
    after = RemoteStore(again.url)
    assert after.check() == []
    held = after.document_ids()
    assert len(held) in (0, len(docs)), (len(held), errors)  # one request: all or none
    assert errors and errors[0].code in ("RG340", "RG346")
    local = GraphStore(None)
    local.write_batch(docs)
    rerun = after.write_batch(docs)  # the rerun completes
    assert rerun == ["unchanged" if held else "added"] * len(docs)
    assert quads_of(after) == quads_of(local)
    after.close()
