"""SIGKILL at any point leaves the store readable and every document in or out, never half.

Real subprocesses are killed: a CLI build over ~30 documents, and a fast writer loop of
synthetic documents (large transactions, replacements, removals, frequent snapshots) that makes
a kill in the middle of a write or a snapshot likely. No timing is asserted; every wait is
bounded and every subprocess is killed on the way out.
"""

from __future__ import annotations

import random
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from processes import (
    WAIT,
    all_quads,
    assert_consistent,
    big_extraction,
    build_cmd,
    documents_now,
    env,
    make_articles,
    per_document,
    read_store,
    stop,
)
from reportgraph.rdf.mapping import document_graph, extraction_quads
from reportgraph.rdf.store import GraphStore

# ---------------- the checker itself ----------------


def test_checker_finds_half_documents() -> None:
    store = GraphStore(None)
    ex = big_extraction(1, 0, claims=3)
    store.write(ex)
    assert store.check() == []
    claim = next(c for c in ex.claims)
    store._store.update(f"DROP GRAPH <https://w3id.org/reportgraph/id/claim/{claim.id}>")
    assert any("has no claim graph" in p for p in store.check())
    store._store.update(f"DROP GRAPH {document_graph(ex.document.id)}")
    problems = store.check()
    assert problems and all("belongs to no document" in p for p in problems)


# ---------------- a CLI build killed at several points ----------------


@pytest.mark.corpus
def test_killed_cli_build_leaves_whole_documents_and_resumes(
    corpus_dir: Path, tmp_path: Path
) -> None:
    articles = make_articles(corpus_dir, tmp_path / "articles")
    store, clean = tmp_path / "store", tmp_path / "clean"
    reference = subprocess.Popen(
        build_cmd(articles, clean),
        env=env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    seen: list[dict[str, frozenset[str]]] = []
    try:
        # kill points: after 1 s, after 3 s, as soon as the first document lands, and as soon
        # as a few more land
        for when in ("1s", "3s", "first", "more"):
            before = documents_now(store)
            proc = subprocess.Popen(
                build_cmd(articles, store),
                env=env(REPORTGRAPH_SNAPSHOT_EVERY="1"),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
            try:
                deadline = time.monotonic() + WAIT
                if when.endswith("s"):
                    time.sleep(float(when[:-1]))
                else:
                    target = before + (1 if when == "first" else 4)
                    while proc.poll() is None and time.monotonic() < deadline:
                        if documents_now(store) >= target:
                            break
                        time.sleep(0.1)
            finally:
                stop(proc)
            if store.exists():
                seen.append(assert_consistent(store))
                assert_index_follows(store)
        final = subprocess.run(
            build_cmd(articles, store),
            env=env(),
            capture_output=True,
            timeout=WAIT,
        )
        assert final.returncode == 0, final.stderr.decode()
        _, err = reference.communicate(timeout=WAIT)
        assert reference.returncode == 0, err.decode()
    finally:
        stop(reference)
    assert_index_follows(store)
    resumed, fresh = read_store(store), read_store(clean)
    assert resumed.check() == [] and fresh.check() == []
    assert len(fresh.document_ids()) == 30
    assert all_quads(resumed) == all_quads(fresh)  # resolution graph included
    expected = per_document(fresh)
    for state in seen:
        for doc_id, quads in state.items():
            assert quads == expected[doc_id], f"document {doc_id} is half in the store"


def assert_index_follows(store: Path) -> None:
    """Whatever state a killed build left, the claims index reconciles to the store's answers."""
    from tests.claims_index.test_index import from_store

    from reportgraph.api import ReportGraph

    graph = ReportGraph(store, read_only=True)
    try:
        assert graph.claims(include_comments=True) == from_store(graph, include_comments=True)
        assert graph.check_index() == []
    finally:
        graph.close()


# ---------------- a fast writer loop killed mid-transaction ----------------


VERSIONS, ARTICLES = 4, 12
WRITER = """
import sys
from itertools import cycle
from reportgraph.models import DocumentExtraction
from reportgraph.rdf.store import GraphStore
from paths import SRC
with open(sys.argv[2], encoding="utf-8") as fh:
    exs = [DocumentExtraction.model_validate_json(line) for line in fh]
versions, articles = int(sys.argv[3]), int(sys.argv[4])
store = GraphStore(sys.argv[1], snapshot_every=3)
print("ready", flush=True)
told = False
def tell():  # once, after the first write has landed
    global told
    if not told:
        print("wrote", flush=True)
        told = True
if sys.argv[5] == "bulk":  # each version is one bulk load, after the last one is removed
    import reportgraph.rdf.store as module
    module.BULK_MIN_QUADS = 1
    for version in cycle(range(versions)):
        for ex in exs[(version - 1) % versions * articles:][:articles]:
            store.remove_document(ex.document.id)
        store.write_batch(exs[version * articles:][:articles])
        tell()
for version in cycle(range(versions)):
    for i in range(articles):
        if i % 5 == 0 and version % 2:
            store.remove_document(exs[(version - 1) * articles + i].document.id)
        else:
            store.write(exs[version * articles + i])
        tell()
"""


def _writer_runs(
    store: Path, extractions: Path, kills: int, seed: int, mode: str
) -> Iterator[dict[str, frozenset[str]]]:
    rng = random.Random(seed)
    for run in range(kills):
        proc = subprocess.Popen(
            [
                sys.executable,
                "-c",
                WRITER,
                str(store),
                str(extractions),
                str(VERSIONS),
                str(ARTICLES),
                mode,
            ],
            env=env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            assert proc.stdout is not None
            assert proc.stdout.readline().strip() == b"ready"
            if run % 2 == 0:  # every other run is killed only after a write has landed,
                # however slow the machine: the loop must be seen writing, not just starting
                assert proc.stdout.readline().strip() == b"wrote"
            time.sleep(rng.uniform(0.05, 1.5))
        finally:
            stop(proc)
        yield assert_consistent(store)


@pytest.mark.parametrize("mode", ["transactions", "bulk"])
def test_killed_writer_loop_never_leaves_half_a_document(tmp_path: Path, mode: str) -> None:
    store, file = tmp_path / "store", tmp_path / "extractions.jsonl"
    expected: dict[str, tuple[int, frozenset[str]]] = {}
    with file.open("w", encoding="utf-8") as fh:
        for version in range(VERSIONS):
            for i in range(ARTICLES):
                ex = big_extraction(i, version)
                fh.write(ex.model_dump_json() + "\n")
                expected[ex.document.id] = (i, frozenset(str(q) for q in extraction_quads(ex)))
    landed = 0
    for state in _writer_runs(store, file, kills=5, seed=5, mode=mode):
        articles: set[int] = set()
        for doc_id, quads in state.items():
            assert doc_id in expected, f"unknown document {doc_id}"
            article, whole = expected[doc_id]
            assert quads == whole, f"document {doc_id} is half in the store"
            assert article not in articles, "two versions of one article at once"
            articles.add(article)
        landed = max(landed, len(state))
    assert landed > 0  # the loop did write (runs 0, 2, 4 wait for it): the test proves something
    assert not list(store.glob("bulk-*.sst")) or mode == "bulk"
    GraphStore(store).close()  # the next build clears what a killed bulk load left behind
    assert not list(store.glob("bulk-*.sst"))
