"""A reader while a build runs sees whole documents and never an error; a second build fails
fast; snapshots stay while a reader holds them.

No timing is asserted; every wait is bounded and every subprocess is killed on the way out.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from factories import sample_extraction
from processes import (
    WAIT,
    big_extraction,
    build_cmd,
    env,
    make_articles,
    per_document,
    stop,
)
from reportgraph.errors import StoreError
from reportgraph.rdf.snapshot import Snapshots
from reportgraph.rdf.store import GraphStore


def cli(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "reportgraph.cli", *args],
        env=env(),
        capture_output=True,
        timeout=WAIT,
    )


@pytest.mark.corpus
def test_readers_during_a_build_see_whole_documents(corpus_dir: Path, tmp_path: Path) -> None:
    articles = make_articles(corpus_dir, tmp_path / "articles")
    store = tmp_path / "store"
    build = subprocess.Popen(
        build_cmd(articles, store),
        env=env(REPORTGRAPH_SNAPSHOT_EVERY="2"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    states: list[dict[str, frozenset[str]]] = []
    claim_counts: list[Counter[str]] = []
    documents_seen: list[int] = []
    try:
        deadline = time.monotonic() + WAIT
        while build.poll() is None and time.monotonic() < deadline:
            if not Snapshots(store).numbered():
                time.sleep(0.05)
                continue
            claims = cli("claims", "--store", str(store), "--format", "jsonl", "--include-comments")
            assert claims.returncode == 0, claims.stderr.decode()
            rows = [json.loads(line) for line in claims.stdout.splitlines() if line.strip()]
            claim_counts.append(Counter(r["document"]["id"] for r in rows))
            stats = cli("stats", "--store", str(store), "--format", "jsonl")
            assert stats.returncode == 0, stats.stderr.decode()
            documents_seen.append(json.loads(stats.stdout)["documents"])
            reader = GraphStore(store, read_only=True)
            try:
                assert reader.check() == []
                states.append(per_document(reader))
            finally:
                reader.close()
        _, err = build.communicate(timeout=WAIT)
        assert build.returncode == 0, err.decode()
    finally:
        stop(build)
    final = GraphStore(store, read_only=True)
    assert final.check() == [] and len(final.document_ids()) == 30
    whole = per_document(final)
    for state in states:
        for doc_id, quads in state.items():
            assert quads == whole[doc_id], f"a reader saw half of document {doc_id}"
    claims_per_doc = Counter(
        str(r["d"]).rsplit("/", 1)[-1]
        for r in final.select(
            "SELECT ?c ?d WHERE { GRAPH ?g { ?c a rg:Claim ; rg:inDocument ?d } }"
        ).rows
    )
    for counts in claim_counts:
        for doc_id, n in counts.items():
            assert n == claims_per_doc[doc_id], f"a reader saw part of document {doc_id}'s claims"
    assert documents_seen == sorted(documents_seen)  # snapshots only move forward


def test_second_build_fails_fast_and_changes_nothing(tmp_path: Path) -> None:
    articles = tmp_path / "in"
    articles.mkdir()
    (articles / "one.txt").write_text("The Green Guard shelled Ostrava.", encoding="utf-8")
    store = tmp_path / "store"
    holder = GraphStore(store)  # this process is "the build" now
    holder.write(sample_extraction())
    holder.flush()
    before = {str(q) for q in holder.quads()}
    with pytest.raises(StoreError) as info:
        GraphStore(store)
    assert info.value.code == "RG308"
    second = subprocess.run(
        build_cmd(articles, store), env=env(), capture_output=True, timeout=WAIT
    )
    assert second.returncode == 1
    assert "RG308" in second.stderr.decode() and "Another build" in second.stderr.decode()
    assert {str(q) for q in holder.quads()} == before
    holder.write(big_extraction(1, 0, claims=3))
    holder.close()
    reader = GraphStore(store, read_only=True)
    assert reader.check() == [] and len(reader.document_ids()) == 2


def test_a_held_snapshot_stays_until_its_reader_closes(tmp_path: Path) -> None:
    path = tmp_path / "store"
    writer = GraphStore(path, snapshot_every=1000)
    writer.write(sample_extraction())
    writer.flush()
    n1 = len(writer)
    old = GraphStore(path, read_only=True)
    writer.write(big_extraction(1, 0, claims=3))
    writer.flush()
    assert len(old) == n1  # the old reader keeps its view
    new = GraphStore(path, read_only=True)
    assert len(new) == len(writer) > n1
    assert old.snapshot is not None and old.snapshot.exists()  # held, so not pruned
    old.close()
    writer.publish()
    kept = Snapshots(path).numbered()
    assert old.snapshot not in kept and new.snapshot in kept and len(kept) == 2
    new.close()
    writer.close()


def test_a_store_without_snapshots_gets_one_on_first_read(tmp_path: Path) -> None:
    path = tmp_path / "store"
    writer = GraphStore(path)
    writer.write(sample_extraction())
    writer.close()
    n = len(GraphStore(path, read_only=True))
    shutil.rmtree(Snapshots(path).dir)  # as a store made before snapshots existed
    reader = GraphStore(path, read_only=True)
    assert reader.snapshot is not None and len(reader) == n and reader.check() == []


def test_not_a_store_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "plain").mkdir()
    with pytest.raises(StoreError) as info:
        GraphStore(tmp_path / "plain", read_only=True)
    assert info.value.code == "RG302"
    assert not (tmp_path / "plain.snapshots").exists()
