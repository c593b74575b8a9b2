"""Store writes from a background thread: order, groups, errors, bounded memory, and the
N-Quads path (``builder/writer.py``, ``rdf/mapping.prepare_document``, ``GraphStore.write``)."""

from __future__ import annotations

import threading
from pathlib import Path

import pyoxigraph as ox
import pytest

from factories import SAMPLE, sample_extraction
from reportgraph.builder.writer import BackgroundWriter
from reportgraph.errors import StoreError
from reportgraph.models import DocumentExtraction
from reportgraph.rdf.mapping import (
    PreparedDocument,
    claim_iri,
    document_iri,
    extraction_quads,
    mention_iri,
    prepare_document,
)
from reportgraph.rdf.store import GraphStore
from reportgraph.rdf.vocab import NIF, RG

TEXTS = [SAMPLE + f" Copy {tag}." for tag in ("one", "two", "three")]


def extraction(k: int) -> DocumentExtraction:
    return sample_extraction(TEXTS[k], path=f"mem/{k}.txt")


def store_quads(store: GraphStore) -> set[str]:
    return {str(q) for q in store.quads()}


def test_prepared_document_writes_exactly_the_mapped_quads() -> None:
    ex = sample_extraction()
    prepared = prepare_document(ex)
    assert prepared.doc_id == ex.document.id
    lines = prepared.nquads.decode("utf-8").splitlines()
    assert prepared.quads == len(lines) == len(set(lines)) == len(extraction_quads(ex))
    store = GraphStore(None)
    assert store.write(prepared) == "added"
    assert store_quads(store) == {str(q) for q in extraction_quads(ex)}
    assert len(store_quads(store)) == prepared.quads


def _objects(store: GraphStore, subject: str, predicate: ox.NamedNode) -> list[str]:
    found = store._store.quads_for_pattern(ox.NamedNode(subject), predicate, None, None)
    return [q.object.value for q in found]


def test_awkward_literals_survive_the_n_quads_path() -> None:
    """Quotes, backslashes, tabs, CR/LF, other control characters and non-ASCII text come back
    from the store exactly as the models hold them."""
    awkward = ' He said: "stop" \\ now\ttab\r\nline two \u2014 \u00fcn\u00efcode \U0001f600.'
    ex = sample_extraction(SAMPLE + awkward + " Bell\x07 and del\x7f.")
    store = GraphStore(None)
    store.write(prepare_document(ex))
    doc = document_iri(ex.document.id).value
    assert _objects(store, doc, NIF.isString) == [ex.document.text]
    mentions = [m for e in ex.entities for m in e.mentions]
    assert mentions
    for m in mentions:
        node = mention_iri(m).value
        assert _objects(store, node, NIF.anchorOf) == [m.text]
        assert _objects(store, node, RG.sentence) == [m.sentence]
    said = [c for c in ex.claims if '"stop"' in c.evidence.sentence]
    for c in said:
        assert _objects(store, claim_iri(c.id).value, RG.sentence) == [c.evidence.sentence]


def test_a_changed_file_is_replaced_through_the_n_quads_path() -> None:
    store = GraphStore(None)
    old = sample_extraction(TEXTS[0], path="mem/same.txt")
    new = sample_extraction(TEXTS[1], path="mem/same.txt")
    assert store.write(prepare_document(old)) == "added"
    assert store.write(prepare_document(new)) == "replaced"
    assert store.document_ids() == [new.document.id]
    alone = GraphStore(None)
    alone.write(new)
    assert store_quads(store) == store_quads(alone)


def test_documents_at_path_finds_every_version_and_nothing_else() -> None:
    store = GraphStore(None)
    store.write(sample_extraction(TEXTS[0], path="mem/a.txt"))
    store.write(sample_extraction(TEXTS[1], path="mem/b.txt"))
    assert store.documents_at_path("mem/a.txt") == [sample_extraction(TEXTS[0]).document.id]
    assert store.documents_at_path("mem/missing.txt") == []


def test_writes_come_back_in_order_from_another_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    store = GraphStore(None)
    threads: set[int] = set()
    groups: list[int] = []
    real = store.write_batch

    def write_batch(items):  # type: ignore[no-untyped-def]
        threads.add(threading.get_ident())
        groups.append(len(items))
        return real(items)

    monkeypatch.setattr(store, "write_batch", write_batch)
    done = []
    with BackgroundWriter[str, str](store, group_docs=2) as writer:
        done += writer.submit("a", prepare_document(extraction(0)))
        done += writer.passthrough("skipped", "extraction failed")
        done += writer.submit("b", extraction(1))
        done += writer.submit("a again", prepare_document(extraction(0)))
        done += writer.submit("c", prepare_document(extraction(2)))
        done += writer.drain()
    assert done == [
        ("a", "added"),
        ("skipped", "extraction failed"),
        ("b", "added"),
        ("a again", "unchanged"),
        ("c", "added"),
    ]
    assert groups == [1, 2, 1]  # a passthrough fills a group but is never written
    assert threads and threading.get_ident() not in threads
    assert len(store.document_ids()) == 3


def test_a_group_ends_at_its_quads() -> None:
    store = GraphStore(None)
    items = [prepare_document(extraction(k)) for k in range(3)]
    done = []
    with BackgroundWriter[int, None](store, group_quads=items[0].quads + 1) as writer:
        for k, item in enumerate(items):
            done += writer.submit(k, item)
            if k == 1:  # the first two filled a group: it went to the writer (which may
                # have written it already: submit then returned both)
                assert not writer._group
                assert writer._pending or [d for d, _ in done] == [0, 1]
        done += writer.drain()
    assert [k for k, _ in done] == [0, 1, 2]


def test_a_failed_write_is_returned_and_the_next_ones_land(monkeypatch: pytest.MonkeyPatch) -> None:
    store = GraphStore(None)
    real = store._attempt
    bad = extraction(1).document.id

    def attempt(doc, stale):  # type: ignore[no-untyped-def]
        if doc.doc_id == bad:
            return StoreError("disk full (simulated).", code="RG305")
        return real(doc, stale)

    monkeypatch.setattr(store, "_attempt", attempt)
    with BackgroundWriter[int, None](store) as writer:
        done = [d for k in range(3) for d in writer.submit(k, prepare_document(extraction(k)))]
        done += writer.drain()
    assert [k for k, _ in done] == [0, 1, 2]
    assert done[0][1] == done[2][1] == "added"
    assert isinstance(done[1][1], StoreError) and done[1][1].code == "RG305"
    assert len(store.document_ids()) == 2


def test_a_project_error_for_the_whole_group_is_each_documents_result() -> None:
    store = GraphStore(None)
    store.read_only = True  # every write refuses with RG306
    with BackgroundWriter[int, str](store) as writer:
        done = writer.submit(0, prepare_document(extraction(0)))
        done += writer.passthrough(1, "extraction failed")
        done += writer.drain()
    assert [k for k, _ in done] == [0, 1]
    assert isinstance(done[0][1], StoreError) and done[0][1].code == "RG306"
    assert done[1][1] == "extraction failed"


def test_a_bug_in_the_writer_is_raised_in_the_caller(monkeypatch: pytest.MonkeyPatch) -> None:
    store = GraphStore(None)

    def write_batch(items):  # type: ignore[no-untyped-def]
        raise RuntimeError("bug")

    monkeypatch.setattr(store, "write_batch", write_batch)
    with BackgroundWriter[int, None](store) as writer, pytest.raises(RuntimeError, match="bug"):
        writer.submit(0, prepare_document(extraction(0)))
        writer.drain()


def test_memory_is_bounded_to_two_groups(monkeypatch: pytest.MonkeyPatch) -> None:
    """With the writer stalled, one group is being written and the next one waits: the caller
    waits as soon as a third would start."""
    store = GraphStore(None)
    release = threading.Event()
    real = store.write_batch

    def slow(items):  # type: ignore[no-untyped-def]
        release.wait(10)
        return real(items)

    monkeypatch.setattr(store, "write_batch", slow)
    items = [prepare_document(extraction(k)) for k in range(3)]
    submitted: list[int] = []
    with BackgroundWriter[int, None](store, group_docs=1) as writer:

        def feed() -> None:
            for k, item in enumerate(items):
                writer.submit(k, item)
                submitted.append(k)

        feeder = threading.Thread(target=feed)
        feeder.start()
        feeder.join(0.5)
        assert submitted == [0]  # the second group waits for the stalled first
        release.set()
        feeder.join(10)
        assert submitted == [0, 1, 2]
        writer.drain()
    assert len(store.document_ids()) == 3


def test_closing_keeps_the_store_whole(tmp_path: Path) -> None:
    """Leaving early (an exception in the build) stops after the write in progress; every
    document is in or out, and the store reopens consistent."""
    store = GraphStore(tmp_path / "store")
    with pytest.raises(KeyboardInterrupt), BackgroundWriter[int, None](store) as writer:
        for k in range(3):
            writer.submit(k, prepare_document(extraction(k)))
        raise KeyboardInterrupt
    assert store.check() == []
    store.close()
    reopened = GraphStore(tmp_path / "store")
    assert reopened.check() == []
    assert len(reopened.document_ids()) <= 3
    reopened.close()


def test_bytes_that_are_not_n_quads_are_a_store_error() -> None:
    store = GraphStore(None)
    broken = PreparedDocument("d1", "mem/x.txt", b"<not n-quads", 1)
    with pytest.raises(StoreError) as info:
        store.write(broken)
    assert info.value.code == "RG305"
    assert len(store) == 0
    assert not list(ox.parse(b"", format=ox.RdfFormat.N_QUADS))
