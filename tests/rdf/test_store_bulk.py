"""New documents written together go through Oxigraph's bulk loader (``GraphStore.write_batch``):
the same quads as one transaction each, all or nothing, and every document still alone when
something goes wrong."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from factories import SAMPLE, sample_extraction
from reportgraph.errors import StoreError
from reportgraph.rdf import store as store_module
from reportgraph.rdf.mapping import PreparedDocument, prepare_document
from reportgraph.rdf.store import GraphStore


def docs(n: int, path: str = "mem/{k}.txt") -> list[PreparedDocument]:
    return [
        prepare_document(sample_extraction(SAMPLE + f" Copy {k:03d}.", path=path.format(k=k)))
        for k in range(n)
    ]


def quads(store: GraphStore) -> set[str]:
    return {str(q) for q in store.quads()}


class Recording:
    """An Oxigraph store that records the size of each bulk load (pyoxigraph's ``Store`` cannot
    be subclassed)."""

    def __init__(self, real: ox.Store, sizes: list[int]) -> None:
        self._real, self._sizes = real, sizes

    def bulk_load(self, input: bytes, format: ox.RdfFormat) -> None:
        self._sizes.append(len(input))
        self._real.bulk_load(input, format=format)

    def __getattr__(self, name: str) -> object:
        return getattr(self._real, name)


@pytest.fixture
def bulk_loads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Bulk-load any group of two or more documents, and record each load's size in bytes."""
    monkeypatch.setattr(store_module, "BULK_MIN_QUADS", 1)
    sizes: list[int] = []
    real_open = GraphStore._open_writer

    def open_writer(self: GraphStore, path: Path) -> ox.Store:
        return Recording(real_open(self, path), sizes)  # type: ignore[return-value]

    monkeypatch.setattr(GraphStore, "_open_writer", open_writer)
    return sizes


def test_a_bulk_load_writes_the_same_quads_as_one_transaction_each(
    tmp_path: Path, bulk_loads: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    items = docs(4)
    bulk = GraphStore(tmp_path / "bulk")
    transactions: list[str] = []
    real = bulk._attempt
    monkeypatch.setattr(bulk, "_attempt", lambda d, s: transactions.append(d.doc_id) or real(d, s))
    assert bulk.write_batch(items) == ["added"] * 4
    assert len(bulk_loads) == 1 and transactions == []
    one_by_one = GraphStore(None)
    for item in items:
        one_by_one.write(item)
    assert quads(bulk) == quads(one_by_one)
    assert bulk.check() == []
    bulk.close()


def test_small_groups_and_memory_stores_use_transactions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []
    monkeypatch.setattr(ox.Store, "bulk_load", lambda self, *a, **k: calls.append(1))
    items = docs(3)
    assert GraphStore(None).write_batch(items) == ["added"] * 3  # in memory
    small = GraphStore(tmp_path / "small")  # 3 documents: far below BULK_MIN_QUADS
    assert sum(i.quads for i in items) < store_module.BULK_MIN_QUADS
    assert small.write_batch(items) == ["added"] * 3
    assert calls == [] and len(small.document_ids()) == 3
    small.close()


def test_a_failed_bulk_load_lands_nothing() -> None:
    """What ``write_batch`` relies on (pinned pyoxigraph): a bulk load under one loader batch
    that fails lands nothing, even when only its last document is broken."""
    good = b"".join(d.nquads for d in docs(3))
    store = ox.Store()
    with pytest.raises(SyntaxError):
        store.bulk_load(good + b"<broken", format=ox.RdfFormat.N_QUADS)
    assert len(store) == 0


def test_a_failed_bulk_load_lands_nothing_on_disk(tmp_path: Path) -> None:
    good = b"".join(d.nquads for d in docs(3))
    store = ox.Store(str(tmp_path / "raw"))
    with pytest.raises(SyntaxError):
        store.bulk_load(good + b"<broken", format=ox.RdfFormat.N_QUADS)
    assert len(store) == 0


def test_a_broken_document_in_a_bulk_group_fails_alone(
    tmp_path: Path, bulk_loads: list[int]
) -> None:
    items = docs(3)
    broken = PreparedDocument("d" * 16, "mem/broken.txt", b"<not n-quads", 1)
    store = GraphStore(tmp_path / "store")
    out = store.write_batch([items[0], broken, items[1], items[2]])
    assert out[0] == out[2] == out[3] == "added"
    assert isinstance(out[1], StoreError) and out[1].code == "RG305"
    assert "mem/broken.txt" in out[1].cause
    assert len(bulk_loads) == 1  # tried once for the group, then one transaction each
    assert sorted(store.document_ids()) == sorted(i.doc_id for i in items)
    assert store.check() == []
    store.close()


def test_a_document_twice_in_one_batch_is_written_once(
    tmp_path: Path, bulk_loads: list[int]
) -> None:
    a, b = docs(2)
    store = GraphStore(tmp_path / "store")
    assert store.write_batch([a, b, a]) == ["added", "added", "unchanged"]
    assert store.write_batch([b, a]) == ["unchanged", "unchanged"]
    store.close()


def test_a_second_version_of_a_path_in_the_same_batch_replaces_the_first(
    tmp_path: Path, bulk_loads: list[int]
) -> None:
    first, second = docs(2, path="mem/same.txt")
    other = docs(3)[2]
    store = GraphStore(tmp_path / "store")
    assert store.write_batch([first, other, second]) == ["added", "added", "replaced"]
    assert sorted(store.document_ids()) == sorted([other.doc_id, second.doc_id])
    assert store.documents_at_path(first.path) == [second.doc_id]
    assert store.check() == []
    store.close()


def test_groups_stay_under_the_loaders_batch(
    tmp_path: Path, bulk_loads: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bulk load larger than one loader batch would be ingested in several steps; groups are
    cut before that (here, at two documents)."""
    items = docs(5)
    monkeypatch.setattr(store_module, "BULK_MAX_QUADS", 2 * max(i.quads for i in items))
    store = GraphStore(tmp_path / "store")
    assert store.write_batch(items) == ["added"] * 5
    assert len(bulk_loads) == 2  # 2 + 2 documents bulk-loaded; the last one alone
    assert len(store.document_ids()) == 5
    store.close()


def test_files_a_killed_bulk_load_left_behind_are_removed(tmp_path: Path) -> None:
    path = tmp_path / "store"
    first = GraphStore(path)
    first.write_batch(docs(2))
    first.close()
    leftover = path / "bulk-123456789012345678901234567890.sst"
    leftover.write_bytes(b"half a file")
    store = GraphStore(path)
    assert not leftover.exists()
    assert len(store.document_ids()) == 2 and store.check() == []  # RocksDB's files stay
    store.close()


def test_snapshots_are_published_after_a_bulk_group(tmp_path: Path, bulk_loads: list[int]) -> None:
    """Readers see documents of a bulk group once it is in (every 2 documents here)."""
    store = GraphStore(tmp_path / "store", snapshot_every=2)
    store.write_batch(docs(3))
    reader = GraphStore(tmp_path / "store", read_only=True)
    assert len(reader.document_ids()) == 3
    reader.close()
    store.close()
